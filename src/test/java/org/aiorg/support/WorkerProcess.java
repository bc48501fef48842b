package org.aiorg.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ai-org worker} as a real second JVM on the test classpath, with the tests' budget gate and
 * execution log ({@link WorkerTestConfig}) added as a Spring source.
 */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param systemProperties {@code -Dkey=value} settings (e.g. aiorg.worker.lease-ttl=2s)
     * @param args             arguments after {@code worker}
     */
    public static WorkerProcess start(Path dir, List<String> systemProperties, String... args) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve("worker-" + System.nanoTime() + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dlogging.level.org.aiorg=INFO",
                // Test configurations are not component-scanned outside a test context: name it.
                "-Dspring.main.sources=" + WorkerTestConfig.class.getName(), "-cp", System.getProperty("java.class.path")));
        systemProperties.forEach(p -> cmd.add("-D" + p));
        cmd.add("org.aiorg.AiOrgApplication");
        cmd.add("worker");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkerProcess(p, log);
    }

    public long pid() {
        return process.pid();
    }

    /** The value this process records in {@code test_execution.worker}. */
    public String recordedAs() {
        return "pid-" + process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** kill -9: no shutdown hooks, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then wait for a graceful exit. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
