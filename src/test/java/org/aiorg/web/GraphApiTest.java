package org.aiorg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /api/graph's analysis flags and filters, and /api/insights, over HTTP. */
class GraphApiTest extends SqliteApiTest {

    private static String create(Http api, String description, double plan, String... deps) {
        String depJson = deps.length == 0 ? "[]" : "[\"" + String.join("\",\"", deps) + "\"]";
        return api.post("/task", "{\"description\":\"" + description + "\",\"value\":1,\"tokens_plan\":" + plan
                + ",\"depends_on\":" + depJson + "}").json().get("id").stringValue();
    }

    private static JsonNode node(JsonNode graph, String id) {
        for (JsonNode n : graph.get("nodes")) {
            if (n.get("id").stringValue().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id);
    }

    @Test
    void nodesCarryStateBlockedAndCriticalAndInsightsAgree() {
        Http api = newTenant();
        String a = create(api, "a", 1);
        String b = create(api, "b", 5, a);
        String c = create(api, "c", 1, a);
        String f = create(api, "f", 1);
        String g = create(api, "g", 1, f);
        api.patch("/task/" + f, "{\"status\":\"doing\"}");
        api.patch("/task/" + f, "{\"status\":\"failed\"}");

        JsonNode graph = api.get("/api/graph").json();
        assertThat(node(graph, a).get("state").stringValue()).isEqualTo("ready");
        assertThat(node(graph, b).get("state").stringValue()).isEqualTo("waiting");
        assertThat(node(graph, g).get("blocked").booleanValue()).isTrue();
        assertThat(node(graph, a).get("critical").booleanValue()).isTrue();
        assertThat(node(graph, b).get("critical").booleanValue()).isTrue();
        assertThat(node(graph, c).get("critical").booleanValue()).isFalse();
        List<String> criticalEdges = new ArrayList<>();
        graph.get("edges").forEach(e -> {
            if (e.get("critical").booleanValue()) {
                criticalEdges.add(e.get("id").stringValue());
            }
        });
        assertThat(criticalEdges).containsExactly(a + "->" + b);

        JsonNode insights = api.get("/api/insights").json();
        assertThat(insights.get("blocked").get(0).get("id").stringValue()).isEqualTo(g);
        assertThat(insights.get("blocked").get(0).get("blocked_by").get(0).stringValue()).isEqualTo(f);
        assertThat(insights.get("blocked").get(0).get("reason").stringValue()).isEqualTo("dependency_failed");
        assertThat(insights.get("ready_count").intValue()).isEqualTo(1);
        assertThat(insights.get("waiting_count").intValue()).isEqualTo(2);
        assertThat(insights.get("critical_path").get("ids").toString()).isEqualTo("[\"" + a + "\",\"" + b + "\"]");
        assertThat(insights.get("critical_path").get("tokens").doubleValue()).isEqualTo(6.0);
        assertThat(insights.get("alerts").isArray()).isTrue();
    }

    @Test
    void filtersByStatusAndNeighbourhood() {
        Http api = newTenant();
        String a = create(api, "a", 1);
        String b = create(api, "b", 1, a);
        String c = create(api, "c", 1, b);
        String d = create(api, "d", 1, c);
        String lone = create(api, "lone", 1);
        api.patch("/task/" + a, "{\"status\":\"doing\"}");

        JsonNode doing = api.get("/api/graph?status=doing").json();
        assertThat(doing.get("nodes").size()).isEqualTo(1);
        assertThat(doing.get("edges").size()).isZero();

        JsonNode around = api.get("/api/graph?around=" + b + "&depth=1").json();
        List<String> ids = new ArrayList<>();
        around.get("nodes").forEach(n -> ids.add(n.get("id").stringValue()));
        assertThat(ids).containsExactlyInAnyOrder(a, b, c).doesNotContain(d, lone);
        assertThat(around.get("edges").size()).isEqualTo(2);

        assertThat(api.get("/api/graph?around=zzzzzzzz").status()).isEqualTo(404);
        assertThat(api.get("/api/graph?around=" + b + "&depth=0").status()).isEqualTo(400);
        assertThat(api.get("/api/graph?status=nope").status()).isEqualTo(400);
    }
}
