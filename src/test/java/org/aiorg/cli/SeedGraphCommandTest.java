package org.aiorg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aiorg.demo.DemoBacklog;
import org.aiorg.support.TestDatabases;
import org.aiorg.support.TestNeo4j;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/** {@code ai-org seed-graph} end to end: its own Spring context, a SQLite file and the test Neo4j. */
class SeedGraphCommandTest {

    private static final TestNeo4j.Server NEO4J = TestNeo4j.server();
    private static Driver neo4j;

    @BeforeAll
    static void connect() {
        neo4j = GraphDatabase.driver(NEO4J.uri(),
                NEO4J.user() == null ? AuthTokens.none() : AuthTokens.basic(NEO4J.user(), NEO4J.password()));
        if (NEO4J.password() != null) {
            // the command takes the password from the environment only; Spring reads system properties too
            System.setProperty("aiorg.neo4j.password", NEO4J.password());
        }
    }

    @AfterAll
    static void close() {
        neo4j.close();
        System.clearProperty("aiorg.neo4j.password");
    }

    private record Run(int exit, String out) {}

    private static Run seed(String... args) {
        List<String> all = new ArrayList<>(List.of("seed-graph"));
        all.addAll(List.of(args));
        if (NEO4J.user() != null) {
            all.addAll(List.of("--neo4j-user", NEO4J.user()));
        }
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Cli.run(all.toArray(String[]::new));
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    /** The tenant's task ids and dependency pairs in SQL. */
    private static Set<String> sql(String url, String tenant, String query) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url); var st = c.prepareStatement(query)) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getMetaData().getColumnCount() == 1 ? rs.getString(1) : rs.getString(1) + "->" + rs.getString(2));
                }
            }
        }
        return out;
    }

    private static Set<String> neo4j(String tenant, String query) {
        try (var s = neo4j.session()) {
            return new TreeSet<>(s.run(query, Map.of("tenant", tenant)).list(r -> r.get(0).asString()));
        }
    }

    private static void assertSameGraph(String url, String tenant) throws Exception {
        Set<String> tasks = sql(url, tenant, "SELECT id FROM task WHERE tenant_id = ?");
        Set<String> edges = sql(url, tenant, "SELECT task_id, depends_on_id FROM task_dependency WHERE tenant_id = ?");
        assertThat(tasks).hasSize(DemoBacklog.size());
        assertThat(edges).isNotEmpty();
        assertThat(neo4j(tenant, "MATCH (t:Task {tenant: $tenant}) RETURN t.id")).isEqualTo(tasks);
        assertThat(neo4j(tenant, "MATCH (t:Task {tenant: $tenant})-[:DEPENDS_ON]->(d) RETURN t.id + '->' + d.id"))
                .isEqualTo(edges);
    }

    @Test
    void seedsSqlAndNeo4jIdempotentlyAndReplacesWithReset() throws Exception {
        String url = TestDatabases.newSqliteUrl();
        String tenant = TestDatabases.newTenant();
        String[] args = {"--tenant", tenant, "--db-url", url, "--neo4j-uri", NEO4J.uri()};

        Run first = seed(args);
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("loaded the demo backlog, " + DemoBacklog.size() + " task(s)")
                .contains("rebuilt tenant '" + tenant + "'");
        assertSameGraph(url, tenant);
        Set<String> firstIds = neo4j(tenant, "MATCH (t:Task {tenant: $tenant}) RETURN t.id");

        Run again = seed(args);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("has " + DemoBacklog.size() + " task(s) already");
        assertSameGraph(url, tenant);
        assertThat(neo4j(tenant, "MATCH (t:Task {tenant: $tenant}) RETURN t.id")).isEqualTo(firstIds);

        List<String> withReset = new ArrayList<>(List.of(args));
        withReset.add("--reset");
        Run reset = seed(withReset.toArray(String[]::new));
        assertThat(reset.exit()).isZero();
        assertThat(reset.out()).contains("deleted " + DemoBacklog.size() + " task(s)").contains("loaded the demo backlog");
        assertSameGraph(url, tenant);
        assertThat(neo4j(tenant, "MATCH (t:Task {tenant: $tenant}) RETURN t.id")).doesNotContainAnyElementsOf(firstIds);
    }

    @Test
    void withoutNeo4jSeedsSqlOnlyAndSaysSo() throws Exception {
        String url = TestDatabases.newSqliteUrl();
        String tenant = TestDatabases.newTenant();
        Run run = seed("--tenant", tenant, "--db-url", url);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Neo4j: not configured");
        assertThat(sql(url, tenant, "SELECT id FROM task WHERE tenant_id = ?")).hasSize(DemoBacklog.size());
        assertThat(neo4j(tenant, "MATCH (t:Task {tenant: $tenant}) RETURN t.id")).isEmpty();
    }

    @Test
    void refusesABadTenantId() {
        assertThat(seed("--tenant", "Not A Slug").exit()).isEqualTo(2);
    }
}
