package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.aiorg.support.TestDatabases;
import org.aiorg.support.Tokens;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tenant A's token on tenant B's task ids gets exactly the answer an id that never existed gets
 * (404 for an id in the path; 400 naming {@code depends_on} for an id in a body), and B's data
 * stays as it was. Plus what a token may see of itself ({@code /api/me}) and the two token
 * transports.
 */
class TenantIsolationTest extends SqliteApiTest {

    static final String NEVER = "Zz9Zz9Zz";

    String tenantA;
    String tenantB;
    Http a;
    Http b;
    String bTask;
    String bDependant;
    String aTask;

    @BeforeEach
    void twoTenants() {
        tenantA = TestDatabases.newTenant();
        tenantB = TestDatabases.newTenant();
        tenants.create(TenantId.of(tenantA), "A", "Isolation", null);
        tenants.create(TenantId.of(tenantB), "B", "Isolation", null);
        a = as(tenantA, "admin");
        b = as(tenantB, "admin");
        bTask = id(b.post("/task", "{\"description\":\"B's secret plan\",\"value\":5}"));
        bDependant = id(b.post("/task", "{\"description\":\"B's next step\",\"value\":1,\"depends_on\":\"" + bTask + "\"}"));
        aTask = id(a.post("/task", "{\"description\":\"A's own task\",\"value\":1}"));
    }

    private static String id(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").stringValue();
    }

    /** The answer without what differs between any two calls (the correlation id) and with the id made neutral. */
    private static String normalised(Http.Response r, String id) {
        JsonNode json = r.body().isEmpty() ? null : r.json();
        if (json instanceof ObjectNode o) {
            o.remove("correlation_id");
        }
        return r.status() + " " + (json == null ? "" : json.toString().replace(id, "<id>"));
    }

    private void sameAsNeverExisted(java.util.function.Function<String, Http.Response> call, int expectedStatus) {
        Http.Response theirs = call.apply(bTask);
        Http.Response none = call.apply(NEVER);
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(expectedStatus);
        assertThat(normalised(theirs, bTask)).isEqualTo(normalised(none, NEVER));
    }

    @Test
    void anotherTenantsTaskIdsAnswerAsIfTheyNeverExistedAndNothingChanges() {
        String before = b.get("/task/" + bTask).body();
        String graphBefore = b.get("/api/graph").body();

        sameAsNeverExisted(id -> a.get("/task/" + id), 404);
        sameAsNeverExisted(id -> a.patch("/task/" + id, "{\"owner\":\"eve\"}"), 404);
        sameAsNeverExisted(id -> a.patch("/task/" + id, "{\"status\":\"doing\"}"), 404);
        sameAsNeverExisted(id -> a.delete("/task/" + id), 404);
        sameAsNeverExisted(id -> a.post("/task", "{\"description\":\"steal\",\"value\":1,\"depends_on\":\"" + id + "\"}"), 400);
        sameAsNeverExisted(id -> a.patch("/task/" + aTask, "{\"depends_on\":[\"" + id + "\"]}"), 400);
        // an agent of A fares no better
        Http agentA = as(tenantA, "agent");
        sameAsNeverExisted(id -> agentA.get("/task/" + id), 404);
        sameAsNeverExisted(id -> agentA.patch("/task/" + id, "{\"status\":\"doing\"}"), 404);
        sameAsNeverExisted(id -> agentA.patch("/task/" + id, "{\"output\":\"overwritten\",\"error\":\"x\"}"), 404);
        sameAsNeverExisted(id -> a.get("/api/graph?around=" + id + "&depth=2"), 404);

        for (String path : List.of("/api/graph", "/api/tasks?limit=1000", "/backlog?limit=1000", "/", "/api/me", "/api/tenant",
                "/api/insights", "/budget", "/budget/ledger?limit=1000", "/budget/ledger?format=csv&limit=1000", "/api/metrics")) {
            String body = a.get(path).body();
            assertThat(body).as(path).doesNotContain(bTask).doesNotContain(bDependant).doesNotContain(tenantB);
        }
        assertThat(b.get("/task/" + bTask).body()).isEqualTo(before);
        assertThat(b.get("/api/graph").body()).isEqualTo(graphBefore);
        assertThat(a.get("/task/" + aTask).json().get("depends_on").size()).isZero();
    }

    @Test
    void meTellsTheTokensSubjectTenantAndRolesAndOnlyItsOwnTenant() {
        JsonNode me = as(tenantA, "admin").get("/api/me").json();
        assertThat(me.get("subject").stringValue()).isEqualTo("test-admin");
        assertThat(me.get("tenant").stringValue()).isEqualTo(tenantA);
        assertThat(me.get("roles").toString()).isEqualTo("[\"admin\",\"member\"]");
        assertThat(me.get("dev_mode").booleanValue()).isFalse();
        assertThat(me.get("tenants").size()).isEqualTo(1);
        assertThat(me.get("tenants").get(0).get("id").stringValue()).isEqualTo(tenantA);
        assertThat(as(tenantA, "agent").get("/api/me").json().get("roles").toString()).isEqualTo("[\"agent\"]");
        assertThat(as("no-such-tenant", "admin").get("/api/me").status()).isEqualTo(404);
    }

    @Test
    void theQueryParameterTokenIsTakenOnlyForTheEventStream() {
        String token = Tokens.of(tenantA, "admin");
        // accepted there: the stream opens
        assertThat(http().statusOnly("/api/events?access_token=" + token)).isEqualTo(200);
        assertThat(http().statusOnly("/api/events")).isEqualTo(401);
        assertThat(http().statusOnly("/api/events?access_token=" + Tokens.expired(tenantA))).isEqualTo(401);
        // ignored everywhere else
        assertThat(http().get("/api/tasks?access_token=" + token).status()).isEqualTo(401);
        assertThat(http().get("/backlog?access_token=" + token).status()).isEqualTo(401);
    }

    @Test
    void anAgentMayMoveATaskAlongButNotRewriteIt() {
        Http agent = as(tenantA, "agent");
        Http.Response moved = agent.patch("/task/" + aTask, "{\"status\":\"doing\",\"owner\":\"agent:dev\",\"tokens_actual\":0.4}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("owner").stringValue()).isEqualTo("agent:dev");

        Http.Response rewrite = agent.patch("/task/" + aTask, "{\"description\":\"something else\",\"status\":\"done\"}");
        assertThat(rewrite.status()).isEqualTo(403);
        assertThat(rewrite.contentType()).startsWith("application/problem+json");
        assertThat(rewrite.json().get("errors").get(0).get("field").stringValue()).isEqualTo("description");
        assertThat(a.get("/task/" + aTask).json().get("status").stringValue()).isEqualTo("doing");

        // and reports its run: shown by GET /task/{id}, as a worker's run is
        Http.Response reported = agent.patch("/task/" + aTask, "{\"status\":\"done\",\"tokens_actual\":1.25,"
                + "\"output\":\"## Result\\nAll green.\",\"model\":\"gpt-4o-mini\",\"latency_ms\":840}");
        assertThat(reported.status()).as(reported.toString()).isEqualTo(200);
        JsonNode shown = a.get("/task/" + aTask).json();
        assertThat(shown.get("status").stringValue()).isEqualTo("done");
        assertThat(shown.get("output").stringValue()).isEqualTo("## Result\nAll green.");
        assertThat(shown.get("model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(shown.get("latency_ms").longValue()).isEqualTo(840);
        assertThat(shown.get("tokens_actual").doubleValue()).isEqualTo(1.25);
        Http.Response bad = agent.patch("/task/" + aTask, "{\"latency_ms\":-1,\"model\":7}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").toString()).contains("latency_ms").contains("model");

        assertThat(agent.post("/task", "{\"description\":\"x\",\"value\":1}").status()).isEqualTo(403);
        assertThat(agent.delete("/task/" + aTask).status()).isEqualTo(403);
        // a member may change anything on a task
        assertThat(as(tenantA, "member").patch("/task/" + aTask, "{\"description\":\"renamed\"}").status()).isEqualTo(200);
    }

    /** The API port's metrics carry the caller's tenant only; the management port is the operator's. */
    @Test
    void metricsOnTheApiPortCarryOnlyTheCallersTenant() {
        Http.Response mine = as(tenantA, "member").get("/api/metrics");
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.contentType()).startsWith("text/plain");
        assertThat(mine.body()).contains("ai_task_creations_total{").contains("tenant=\"" + tenantA + "\"")
                .doesNotContain(tenantB).doesNotContain("jvm_").doesNotContain("http_server_requests");
        assertThat(as(tenantA, "agent").get("/api/metrics").status()).isEqualTo(403);
    }

    @Test
    void tenantSettingsAreReadByMembersAndChangedByAdmins() {
        assertThat(as(tenantA, "member").get("/api/tenant").json().get("name").stringValue()).isEqualTo("A");
        assertThat(as(tenantA, "member").patch("/api/tenant", "{\"name\":\"A2\"}").status()).isEqualTo(403);
        Http.Response changed = a.patch("/api/tenant", "{\"purpose\":\"Isolation, tested\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("purpose").stringValue()).isEqualTo("Isolation, tested");
        assertThat(a.patch("/api/tenant", "{\"id\":\"" + tenantB + "\"}").status()).isEqualTo(400);
        assertThat(b.get("/api/tenant").json().get("purpose").stringValue()).isEqualTo("Isolation");
    }
}
