package org.aiorg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.aiorg.support.JarProcess;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium (Debian's, driven by playwright-core) against the
 * packaged jar started with {@code serve --demo}: see frontend/e2e/e2e.mjs for the steps.
 * Screenshots land in target/e2e.
 */
class DashboardE2EIT {

    @Test
    void dashboardAndGraphWorkInARealBrowser() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
        assertThat(new File(chromium)).as("Chromium at %s (apt-get install chromium; .ci/run installs it)", chromium).exists();
        Path work = Path.of("target", "it", UUID.randomUUID().toString()).toAbsolutePath();
        Path out = Path.of("target", "e2e").toAbsolutePath();
        Files.createDirectories(out);
        try (JarProcess app = JarProcess.serve(work, Map.of(), "--demo", "--synthetic")) {
            JarProcess.Result token = JarProcess.run(work, Map.of(), "token", "--tenant", "demo", "--role", "admin", "--ttl", "1h");
            assertThat(token.exitCode()).as(token.output()).isZero();
            ProcessBuilder pb = new ProcessBuilder("node", "e2e/e2e.mjs").directory(new File("frontend"))
                    .redirectErrorStream(true).redirectOutput(out.resolve("e2e.log").toFile());
            pb.environment().put("AIORG_E2E_URL", "http://127.0.0.1:" + app.port);
            pb.environment().put("AIORG_E2E_OUT", out.toString());
            pb.environment().put("AIORG_E2E_TOKEN", token.output().strip().lines().reduce((a, b) -> b).orElseThrow());
            pb.environment().put("CHROMIUM_PATH", chromium);
            Process p = pb.start();
            boolean finished = p.waitFor(5, TimeUnit.MINUTES);
            String log = Files.readString(out.resolve("e2e.log"));
            assertThat(finished).as("e2e finished in time:\n" + log).isTrue();
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(log).containsPattern("(?m)^\\d+ passed, 0 failed$");
            assertThat(out.resolve("dashboard.png")).exists();
            assertThat(out.resolve("graph.png")).exists();
        }
    }
}
