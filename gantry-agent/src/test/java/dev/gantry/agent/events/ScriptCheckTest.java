package dev.gantry.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptCheckTest {
    @Test
    void editorAndPackageLeftoversAreNotScripts() {
        for (String name : new String[] {"50-up~", ".50-up.swp", "50-up.swp", "50-up.dpkg-old", "50-up.dpkg-dist",
                "50-up.rpmnew", "50-up.rpmsave", "50-up.rpmorig", ".hidden", "#50-up#", "50-up.ucf-dist"}) {
            assertThat(ScriptCheck.isLeftover(name)).as(name).isTrue();
        }
        assertThat(ScriptCheck.isLeftover("50-up")).isFalse();
        assertThat(ScriptCheck.isLeftover("10-route.sh")).isFalse();
    }

    @Test
    void onlyARootOwnedExecutableNotWritableByOthersRuns() {
        assertThat(ScriptCheck.refusal(true, 0, 0755, 0)).isEmpty();
        assertThat(ScriptCheck.refusal(true, 0, 0700, 0)).isEmpty();
        assertThat(ScriptCheck.refusal(true, 1000, 0755, 0)).hasValue("owned by uid 1000, not root");
        assertThat(ScriptCheck.refusal(true, 0, 0775, 0)).hasValue("writable by group (mode 0775)");
        assertThat(ScriptCheck.refusal(true, 0, 0757, 0)).hasValue("writable by others (mode 0757)");
        assertThat(ScriptCheck.refusal(true, 0, 0644, 0)).hasValue("not executable by its owner (mode 0644)");
        assertThat(ScriptCheck.refusal(false, 0, 0755, 0)).hasValue("not a regular file");
    }
}
