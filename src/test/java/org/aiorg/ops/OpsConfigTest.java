package org.aiorg.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus, Grafana and compose files are valid: ops/check.sh runs promtool (config,
 * rules, rule unit tests), parses every compose file and checks mounts, dashboards and names.
 */
class OpsConfigTest {

    @Test
    void opsCheckPasses() throws Exception {
        Process p = new ProcessBuilder("bash", "ops/check.sh").directory(new File(".")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("(?m)^[1-9][0-9]* passed, 0 failed$");
    }
}
