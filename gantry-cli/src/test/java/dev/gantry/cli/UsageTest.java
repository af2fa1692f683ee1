package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: version, help, usage errors and completion. None of these reach an agent. */
class UsageTest {
    @Test
    void versionPrintsGantryAndDevWhenNotRunFromAStampedJar() {
        Cli.Run run = Cli.run("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("gantry dev\n");
    }

    @Test
    void helpListsTheCommandsGlobalOptionsAndExitCodes() {
        Cli.Run run = Cli.run("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Usage: gantry ")
                .contains("--socket=PATH", "--url=URL", "--insecure", "--cacert=FILE", "--cert=FILE", "--key=FILE",
                        "-o, --output=FORMAT",
                        "--verbose", "\n  agent ", "\n  jobs ", "\n  events ", "\n  token ", "\n  completion ")
                .contains("""
                        Exit codes:
                          0   done
                          1   the agent answered with an error, or the job did not succeed
                          2   wrong usage
                          3   cannot reach the agent
                          4   internal error in gantry
                        """);
    }

    @Test
    void subcommandsInheritTheGlobalOptionsAndHelp() {
        Cli.Run run = Cli.run("jobs", "wait", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: gantry jobs wait ").contains("--timeout=DURATION", "--socket=PATH",
                "-o, --output=FORMAT");
    }

    @Test
    void noCommandPrintsTheUsageOnStderrAndExitsTwo() {
        Cli.Run run = Cli.run();

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: gantry ");
    }

    @Test
    void aGroupWithoutItsSubcommandIsAUsageError() {
        Cli.Run run = Cli.run("jobs");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("gantry: Missing required subcommand\ngantry: see 'gantry jobs --help'\n");
    }

    @Test
    void aMistypedSubcommandIsAUsageErrorWithASuggestion() {
        Cli.Run run = Cli.run("jobs", "lst");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("""
                gantry: Unmatched argument at index 1: 'lst'
                gantry: did you mean list?
                gantry: see 'gantry jobs --help'
                """);
    }

    @Test
    void anUnknownOutputFormatIsAUsageErrorNamingTheFormats() {
        Cli.Run run = Cli.run("agent", "info", "-o", "xml");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("""
                gantry: Invalid value for option '--output': expected one of table, json, yaml, not 'xml'
                gantry: see 'gantry agent info --help'
                """);
    }

    @Test
    void aTimeoutThatIsNoDurationIsAUsageError() {
        Cli.Run run = Cli.run("jobs", "wait", "some-id", "--timeout", "soon");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).startsWith(
                "gantry: Invalid value for option '--timeout': 'soon' is no duration such as 90s, 5m, 2h, 1d or PT5M\n");
    }

    @Test
    void aMissingJobIdIsAUsageError() {
        Cli.Run run = Cli.run("jobs", "show");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).startsWith("gantry: Missing required parameter: 'ID'\n");
    }

    @Test
    void completionPrintsABashScriptThatBashParses(@TempDir Path dir) throws Exception {
        Cli.Run run = Cli.run("completion");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_gantry", "\"queued\" \"running\" \"succeeded\" \"failed\" \"cancelled\"");
        Path script = Files.writeString(dir.resolve("gantry.bash"), run.out());
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(bash.getInputStream().readAllBytes())).isEmpty();
        assertThat(bash.exitValue()).isZero();
    }
}
