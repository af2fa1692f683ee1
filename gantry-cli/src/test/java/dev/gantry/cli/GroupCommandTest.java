package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gantry group against a RecordingAgent. */
class GroupCommandTest {
    private static final String TEAM = "{\"name\":\"team\",\"gid\":1600,\"members\":[\"anna\",\"bob\"],\"system\":false}";

    @Test
    void listShowsNamesGidsAndMembers() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/accounts/groups", 200,
                    "[{\"name\":\"adm\",\"gid\":4,\"members\":[],\"system\":true}," + TEAM + "]");

            Cli.Run run = agent.gantry("group", "list");
            Cli.Run some = agent.gantry("group", "list", "--no-system");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("""
                    NAME   GID    MEMBERS
                    adm    4      -
                    team   1600   anna,bob
                    """);
            assertThat(some.out()).doesNotContain("adm");
        }
    }

    @Test
    void showPrintsTheGroup() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/accounts/groups/team", 200, TEAM);

            Cli.Run run = agent.gantry("group", "show", "team");

            assertThat(run.out()).isEqualTo("""
                    Name:     team
                    GID:      1600
                    Members:  anna,bob
                    System:   no
                    """);
        }
    }

    @Test
    void addSendsGidAndMembers() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/accounts/groups", 201, TEAM);

            Cli.Run run = agent.gantry("group", "add", "team", "--gid", "1600", "--members", "anna,bob");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/accounts/groups",
                    "{\"name\":\"team\",\"gid\":1600,\"members\":[\"anna\",\"bob\"]}"));
            assertThat(run.out()).startsWith("Name:     team\n");
        }
    }

    @Test
    void modifyRenamesAndClearsMembers() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PATCH", "/api/v1/accounts/groups/team", 200, TEAM);

            Cli.Run run = agent.gantry("group", "modify", "team", "--name", "crew", "--no-members");
            Cli.Run both = agent.gantry("group", "modify", "team", "--members", "a", "--no-members");

            assertThat(run.exit()).isZero();
            assertThat(both.exit()).isEqualTo(Gantry.EXIT_USAGE);
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PATCH", "/api/v1/accounts/groups/team",
                    "{\"name\":\"crew\",\"members\":[]}"));
        }
    }

    @Test
    void removeSendsForceOnlyWhenAsked() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("DELETE", "/api/v1/accounts/groups/team", 204, "");

            Cli.Run plain = agent.gantry("group", "remove", "team");
            Cli.Run forced = agent.gantry("group", "remove", "team", "--force");

            assertThat(plain.out()).isEqualTo("removed group team\n");
            assertThat(forced.exit()).isZero();
            assertThat(agent.requests()).extracting(RecordingAgent.Request::target).containsExactly(
                    "/api/v1/accounts/groups/team", "/api/v1/accounts/groups/team?force=true");
        }
    }

    @Test
    void modifyWithForceSendsItAsQuery() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PATCH", "/api/v1/accounts/groups/adm", 200, TEAM);

            Cli.Run run = agent.gantry("group", "modify", "adm", "--gid", "40", "--force");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PATCH",
                    "/api/v1/accounts/groups/adm?force=true", "{\"gid\":40}"));
        }
    }
}
