package org.aiorg.support;

import java.nio.file.Path;
import java.util.UUID;

/** JDBC URLs of fresh test databases. */
public final class TestDatabases {

    private TestDatabases() {}

    /** A new SQLite file under target/. */
    public static String newSqliteUrl() {
        Path dir = Path.of("target", "test-db");
        return "jdbc:sqlite:" + dir.resolve("t-" + UUID.randomUUID() + ".db");
    }

    public static String newPostgresUrl() {
        return EmbeddedPostgres.newDatabaseUrl();
    }

    /** A fresh tenant id, so that tests sharing a database never see each other's tasks. */
    public static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
