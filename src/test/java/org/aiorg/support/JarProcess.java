package org.aiorg.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged jar run as a real process, as a user runs it. */
public final class JarProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    public final int port;
    public final int metricsPort;

    private JarProcess(Process process, Path log, int port, int metricsPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("aiorg.test.jar", "target/ai-org.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("No packaged jar at " + jar + ": run the tests with 'mvn verify'");
        }
        return jar;
    }

    /** Runs a one-shot subcommand of the jar and returns its exit code and output. */
    public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(null, env, args);
    }

    /** The same in a working folder (where ./data is), as a user runs it from there. */
    public static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = command(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), out);
    }

    public record Result(int exitCode, String output) {}

    /** Starts {@code serve} with the given extra arguments on free ports and waits until it answers. */
    public static JarProcess serve(Path workDir, Map<String, String> env, String... extra) throws Exception {
        int port = freePort();
        int metrics = freePort();
        List<String> args = new ArrayList<>(List.of("serve", "--port", String.valueOf(port), "--metrics-port", String.valueOf(metrics)));
        args.addAll(List.of(extra));
        Files.createDirectories(workDir);
        Path log = workDir.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(command(args.toArray(String[]::new))).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        JarProcess jp = new JarProcess(pb.start(), log, port, metrics);
        jp.awaitReady(Duration.ofSeconds(90));
        return jp;
    }

    public Http http() {
        return new Http("http://127.0.0.1:" + port);
    }

    public Http metrics() {
        return new Http("http://127.0.0.1:" + metricsPort);
    }

    /**
     * Waits until the tenant exists (dev mode: asked with its X-Tenant header): {@code --demo}
     * creates its tenant just after the ports open.
     */
    public Http awaitTenant(String tenant) {
        Http client = http().tenant(tenant);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.get("/").status() == 200);
        return client;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("serve exited with " + process.exitValue() + ":\n" + log());
            }
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                if (metricsUp()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.onSpinWait();
            process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("serve did not answer within " + timeout + ":\n" + log());
    }

    private boolean metricsUp() {
        try (var socket = new java.net.Socket("127.0.0.1", metricsPort)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, and wait for a graceful exit. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public Process process() {
        return process;
    }

    private static List<String> command(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar", jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
