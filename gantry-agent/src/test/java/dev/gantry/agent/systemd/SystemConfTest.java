package dev.gantry.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemConfTest {
    private static final String DEBIAN = """
            #  This file is part of systemd.
            [Manager]
            #LogLevel=info
            #DefaultTimeoutStopSec=90s
            DefaultTasksMax=15%

            [Other]
            LogLevel=ignored
            """;

    private static Map<String, String> changes(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void readsOnlyUncommentedKeysOfTheManagerSection() {
        assertThat(SystemConf.read(DEBIAN)).isEqualTo(Map.of("DefaultTasksMax", "15%"));
    }

    @Test
    void aKeyWithACommentedDefaultGoesBelowIt() {
        assertThat(SystemConf.edit(DEBIAN, changes("DefaultTimeoutStopSec", "42s"))).isEqualTo("""
                #  This file is part of systemd.
                [Manager]
                #LogLevel=info
                #DefaultTimeoutStopSec=90s
                DefaultTimeoutStopSec=42s
                DefaultTasksMax=15%

                [Other]
                LogLevel=ignored
                """);
    }

    @Test
    void aSetKeyIsReplacedAndANewOneEndsTheSection() {
        String edited = SystemConf.edit(DEBIAN, changes("DefaultTasksMax", "20%", "DumpCore", "no"));
        assertThat(edited).isEqualTo("""
                #  This file is part of systemd.
                [Manager]
                #LogLevel=info
                #DefaultTimeoutStopSec=90s
                DefaultTasksMax=20%
                DumpCore=no

                [Other]
                LogLevel=ignored
                """);
        assertThat(SystemConf.read(edited)).isEqualTo(Map.of("DefaultTasksMax", "20%", "DumpCore", "no"));
    }

    @Test
    void nullRemovesTheKeyAndSettingThenRemovingRestoresTheFile() {
        String set = SystemConf.edit(DEBIAN, changes("DefaultTimeoutStopSec", "42s", "DumpCore", "no"));
        assertThat(SystemConf.edit(set, changes("DefaultTimeoutStopSec", null, "DumpCore", null))).isEqualTo(DEBIAN);
    }

    @Test
    void duplicatesCollapseToOneLine() {
        String text = "[Manager]\nLogLevel=info\nLogLevel=debug\n";
        assertThat(SystemConf.edit(text, changes("LogLevel", "notice"))).isEqualTo("[Manager]\nLogLevel=notice\n");
    }

    @Test
    void aFileWithoutTheSectionGetsOne() {
        assertThat(SystemConf.edit("", changes("LogLevel", "debug"))).isEqualTo("[Manager]\nLogLevel=debug\n");
    }
}
