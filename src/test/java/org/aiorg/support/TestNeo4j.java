package org.aiorg.support;

import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * One Neo4j for the whole test run, like {@link EmbeddedPostgres}: the server named by
 * {@code AIORG_TEST_NEO4J_URI} (with {@code AIORG_TEST_NEO4J_USER} / {@code _PASSWORD}), or else
 * an in-process Neo4j from neo4j-harness, Bolt only, started on first use (about 18 s) and
 * stopped when the JVM exits. Tests keep apart by tenant: every node carries its tenant.
 */
public final class TestNeo4j {

    /** How to reach it; user is null when there is no authentication. */
    public record Server(String uri, String user, String password) {}

    private static Server server;
    private static Neo4j harness;

    private TestNeo4j() {}

    public static synchronized Server server() {
        if (server != null) {
            return server;
        }
        String external = System.getenv("AIORG_TEST_NEO4J_URI");
        if (external != null && !external.isBlank()) {
            server = new Server(external, System.getenv("AIORG_TEST_NEO4J_USER"), System.getenv("AIORG_TEST_NEO4J_PASSWORD"));
            return server;
        }
        // why: withDisabledServer = no HTTP server (its Jetty/Jersey are excluded from the test class path)
        harness = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> harness.close()));
        server = new Server(harness.boltURI().toString(), null, null);
        return server;
    }

    public static String uri() {
        return server().uri();
    }
}
