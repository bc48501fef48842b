package org.aiorg.support;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL for the whole test run: the server named by {@code AIORG_TEST_POSTGRES_URL}
 * (a JDBC URL with user and password) or else an embedded PostgreSQL 17 from Maven Central.
 * Each caller gets a fresh database on it, so test classes never see each other's rows.
 */
public final class EmbeddedPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres() {}

    /** A JDBC URL (with user and password as parameters) of a new, empty database. */
    public static synchronized String newDatabaseUrl() {
        String external = System.getenv("AIORG_TEST_POSTGRES_URL");
        String name = "aiorg_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try {
            if (external != null && !external.isBlank()) {
                try (Connection c = java.sql.DriverManager.getConnection(external); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
                int q = external.indexOf('?');
                String base = q < 0 ? external : external.substring(0, q);
                String params = q < 0 ? "" : external.substring(q);
                return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
            }
            if (server == null) {
                server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
            }
            DataSource admin = server.getPostgresDatabase();
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return server.getJdbcUrl("postgres", name);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start or reach PostgreSQL for tests: " + e.getMessage(), e);
        }
    }
}
