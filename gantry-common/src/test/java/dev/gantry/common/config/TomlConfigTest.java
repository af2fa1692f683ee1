package dev.gantry.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TomlConfigTest {

    @Test
    void absentSectionsAndKeysGiveTheDefaults() throws Exception {
        TomlConfig toml = TomlConfig.parse("", "t.toml");
        TomlConfig.Section s = toml.section("System");
        assertThat(s.bool("UseAuthentication", true)).isTrue();
        assertThat(s.string("LogLevel", "info")).isEqualTo("info");
        toml.finish();
    }

    @Test
    void booleansAcceptTomlBooleansAndTheSeedsQuotedStrings() throws Exception {
        TomlConfig toml = TomlConfig.parse("[A]\nx = false\ny = \"false\"\nz = \"TRUE\"\n", "t.toml");
        TomlConfig.Section a = toml.section("A");
        assertThat(a.bool("x", true)).isFalse();
        assertThat(a.bool("y", true)).isFalse();
        assertThat(a.bool("z", false)).isTrue();
        toml.finish();
    }

    @Test
    void anUnknownKeyIsRejectedWithItsLineAndTheKnownKeys() throws Exception {
        TomlConfig toml = TomlConfig.parse("[System]\nLogLevel = \"info\"\nLogLevl = \"debug\"\n", "g.toml");
        toml.section("System").string("LogLevel", "info");
        assertThatThrownBy(toml::finish).isInstanceOf(ConfigException.class)
                .hasMessage("g.toml:3: unknown key LogLevl in [System]; known keys: LogLevel");
    }

    @Test
    void anUnknownSectionIsRejected() throws Exception {
        TomlConfig toml = TomlConfig.parse("[Sytem]\nLogLevel = \"info\"\n", "g.toml");
        toml.section("System");
        assertThatThrownBy(toml::finish).isInstanceOf(ConfigException.class)
                .hasMessage("g.toml:1: unknown section [Sytem]; known sections: System");
    }

    @Test
    void badValuesAreAllReportedWithKeyValueAndExpectation() throws Exception {
        TomlConfig toml = TomlConfig.parse("[Network]\nListen = \"localhost\"\nListenUnixSocket = \"yes\"\n", "g.toml");
        TomlConfig.Section n = toml.section("Network");
        assertThat(n.socketAddress("Listen")).isEmpty();
        assertThat(n.bool("ListenUnixSocket", true)).isTrue();
        assertThatThrownBy(toml::finish).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactlyInAnyOrder(
                        "g.toml:2: [Network] Listen = \"localhost\": expected an IP address and port such as 127.0.0.1:5208 or [::1]:5208",
                        "g.toml:3: [Network] ListenUnixSocket = \"yes\": expected true or false"));
    }

    @Test
    void socketAddressesTakeIpv4AndBracketedIpv6() throws Exception {
        TomlConfig toml = TomlConfig.parse("[N]\na = \"127.0.0.1:5208\"\nb = \"[::1]:80\"\nc = \"::1:80\"\nd = \"1.2.3.4:70000\"\n", "t");
        TomlConfig.Section n = toml.section("N");
        assertThat(n.socketAddress("a")).get().hasToString("/127.0.0.1:5208");
        assertThat(n.socketAddress("b").orElseThrow().getPort()).isEqualTo(80);
        assertThat(n.socketAddress("c")).isEmpty();
        assertThat(n.socketAddress("d")).isEmpty();
        assertThatThrownBy(toml::finish).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void aSyntaxErrorNamesFileAndLine() {
        assertThatThrownBy(() -> TomlConfig.parse("[System]\nLogLevel = \n", "g.toml"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("g.toml:2: ");
    }

    @Test
    void aKeyWrittenInAnotherTomlFormIsStillRejectedJustWithoutItsLine() throws Exception {
        TomlConfig toml = TomlConfig.parse("System.Bogus = 1\n", "g.toml");
        toml.section("System");
        assertThatThrownBy(toml::finish).hasMessage("g.toml: unknown key Bogus in [System]; known keys: ");
    }

    @Test
    void choicesAreCaseInsensitiveAndCanonicalised() throws Exception {
        TomlConfig toml = TomlConfig.parse("[S]\nLevel = \"DEBUG\"\nOther = \"loud\"\n", "t");
        TomlConfig.Section s = toml.section("S");
        assertThat(s.choice("Level", "info", java.util.List.of("debug", "info"))).isEqualTo("debug");
        s.choice("Other", "info", java.util.List.of("debug", "info"));
        assertThatThrownBy(toml::finish).hasMessage("t:3: [S] Other = \"loud\": expected one of debug, info");
    }
}
