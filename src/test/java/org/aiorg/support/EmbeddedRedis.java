package org.aiorg.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;

/**
 * One real Redis for the whole test run: the server named by {@code AIORG_TEST_REDIS_URL}, or
 * else a redis-server started on a free loopback port, without persistence. The binary is
 * {@code AIORG_TEST_REDIS_SERVER} when set (e.g. Debian's /usr/bin/redis-server 7), else the
 * redis-server 6.2 bundled in embedded-redis.
 */
public final class EmbeddedRedis {

    private static redis.embedded.RedisServer server;
    private static int port;

    private EmbeddedRedis() {}

    public static synchronized String url() {
        String external = System.getenv("AIORG_TEST_REDIS_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (server == null) {
            try {
                port = JarProcess.freePort();
                server = build(port);
                server.start();
            } catch (IOException e) {
                throw new IllegalStateException("Could not start redis-server for tests: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedRedis::stopQuietly));
        }
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Redis loses everything, as after a restart without persistence: the embedded server is
     * stopped and started again empty on the same port; an external one is flushed.
     */
    public static synchronized void restartEmpty() {
        String url = url();
        if (server == null) {
            RedisClient client = RedisClient.create(url);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().flushall();
                c.sync().scriptFlush();
            } finally {
                client.shutdown();
            }
            return;
        }
        try {
            server.stop();
            server = build(port);
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not restart redis-server: " + e.getMessage(), e);
        }
    }

    private static redis.embedded.RedisServer build(int port) throws IOException {
        var builder = redis.embedded.RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no");
        String binary = System.getenv("AIORG_TEST_REDIS_SERVER");
        if (binary != null && !binary.isBlank()) {
            builder.executableProvider(() -> new File(binary));
        }
        return builder.build();
    }

    private static void stopQuietly() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }
}
