package org.aiorg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Every endpoint of the task API over real HTTP, including every bad-input case. */
class TaskApiTest extends SqliteApiTest {

    private static String id(Http.Response r) {
        return r.json().get("id").stringValue();
    }

    @Test
    void createsATaskTheSeedWayAndReadsItBack() {
        Http api = newTenant();
        Http.Response created = api.post("/task", "{\"description\": \"Init repo\", \"value\": 3.5}");
        assertThat(created.status()).isEqualTo(201);
        String id = id(created);
        assertThat(created.header("Location")).isEqualTo("/task/" + id);
        JsonNode t = api.get("/task/" + id).json();
        assertThat(t.get("description").stringValue()).isEqualTo("Init repo");
        assertThat(t.get("status").stringValue()).isEqualTo("todo");
        assertThat(t.get("est_value").doubleValue()).isEqualTo(3.5);
        assertThat(t.get("tokens_plan").doubleValue()).isEqualTo(1.0);
        assertThat(t.get("tokens_actual").doubleValue()).isEqualTo(0.0);
        assertThat(t.get("depends_on").isArray()).isTrue();
        assertThat(t.has("output")).isTrue();
        assertThat(t.get("created_at").stringValue()).endsWith("Z");
    }

    @Test
    void acceptsTheSeedsSingleDependsOnAndAList() {
        Http api = newTenant();
        String a = id(api.post("/task", "{\"description\":\"a\",\"value\":1}"));
        String b = id(api.post("/task", "{\"description\":\"b\",\"value\":1,\"depends_on\":\"" + a + "\"}"));
        Http.Response c = api.post("/task", "{\"description\":\"c\",\"value\":1,\"depends_on\":[\"" + a + "\",\"" + b + "\"]}");
        assertThat(c.status()).isEqualTo(201);
        assertThat(c.json().get("depends_on").toString()).contains(a).contains(b);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            blank description             | {"description": "  ", "value": 1}                        | description
            missing description           | {"value": 1}                                             | description
            description not a string      | {"description": 5, "value": 1}                           | description
            negative value                | {"description": "x", "value": -1}                        | value
            infinite value (1e999)        | {"description": "x", "value": 1e999}                     | value
            value as text                 | {"description": "x", "value": "lots"}                    | value
            negative tokens plan          | {"description": "x", "value": 1, "tokens_plan": -2}      | tokens_plan
            relevance above 1             | {"description": "x", "value": 1, "purpose_relevance": 1.5} | purpose_relevance
            relevance below 0             | {"description": "x", "value": 1, "purpose_relevance": -0.1} | purpose_relevance
            unknown role                  | {"description": "x", "value": 1, "role": "ceo"}          | role
            unknown dependency            | {"description": "x", "value": 1, "depends_on": "zzzzzzzz"} | depends_on
            dependency not an id          | {"description": "x", "value": 1, "depends_on": {"a": 1}} | depends_on
            unknown field                 | {"description": "x", "value": 1, "dependson": "a"}       | dependson
            not an object                 | [1, 2, 3]                                                | body
            """)
    void refusesBadInputNamingTheField(String name, String body, String field) {
        Http.Response r = newTenant().post("/task", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("field").stringValue()).isEqualTo(field);
        assertThat(r.json().get("status").intValue()).isEqualTo(400);
    }

    @Test
    void refusesAnOverlongDescription() {
        Http.Response r = newTenant().post("/task", "{\"description\":\"" + "x".repeat(10_001) + "\",\"value\":1}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").stringValue()).isEqualTo("description");
    }

    @Test
    void refusesNaNAndMalformedJson() {
        Http api = newTenant();
        for (String body : List.of("{\"description\":\"x\",\"value\":NaN}", "{\"description\":", "not json", "")) {
            Http.Response r = api.post("/task", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("errors").get(0).get("field").stringValue()).isEqualTo("body");
        }
    }

    @Test
    void refusesAWrongContentType() {
        Http.Response r = newTenant().post("/task", "text/plain", "description=x");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesBodiesOverOneMebibyteWithAndWithoutContentLength() {
        Http api = newTenant();
        String big = "{\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertThat(api.post("/task", big).status()).isEqualTo(413);
        // A chunked body has no Content-Length: it is cut off while reading.
        HttpRequest.Builder chunked = api.builder("/task").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())));
        Http.Response r = api.send(chunked);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("errors").get(0).get("field").stringValue()).isEqualTo("body");
    }

    @Test
    void anotherTenantsDependencyIsUnknown() {
        Http a = newTenant();
        Http b = newTenant();
        String mine = id(a.post("/task", "{\"description\":\"a\",\"value\":1}"));
        Http.Response r = b.post("/task", "{\"description\":\"b\",\"value\":1,\"depends_on\":\"" + mine + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").stringValue()).contains("unknown task(s): " + mine);
        assertThat(b.get("/task/" + mine).status()).isEqualTo(404);
        assertThat(b.patch("/task/" + mine, "{\"owner\":\"eve\"}").status()).isEqualTo(404);
        assertThat(b.delete("/task/" + mine).status()).isEqualTo(404);
        assertThat(a.get("/task/" + mine).json().get("owner").isNull()).isTrue();
    }

    @Test
    void patchMovesStatusAlongTheLifeCycleOnly() {
        Http api = newTenant();
        String id = id(api.post("/task", "{\"description\":\"x\",\"value\":1}"));
        Http.Response wrong = api.patch("/task/" + id, "{\"status\":\"done\"}");
        assertThat(wrong.status()).isEqualTo(409);
        assertThat(wrong.json().get("errors").get(0).get("field").stringValue()).isEqualTo("status");
        assertThat(api.patch("/task/" + id, "{\"status\":\"doing\",\"owner\":\"agent:dev\"}").status()).isEqualTo(200);
        JsonNode done = api.patch("/task/" + id, "{\"status\":\"done\",\"tokens_actual\":0.8}").json();
        assertThat(done.get("status").stringValue()).isEqualTo("done");
        assertThat(done.get("tokens_actual").doubleValue()).isEqualTo(0.8);
        assertThat(done.get("owner").stringValue()).isEqualTo("agent:dev");
        assertThat(api.patch("/task/" + id, "{\"status\":\"sleeping\"}").status()).isEqualTo(400);
        assertThat(api.patch("/task/" + id, "{}").status()).isEqualTo(400);
        assertThat(api.patch("/task/" + id, "{\"est_value\":null}").status()).isEqualTo(400);
    }

    @Test
    void patchOfDependenciesRefusesACycleWith409NamingIt() {
        Http api = newTenant();
        String a = id(api.post("/task", "{\"description\":\"a\",\"value\":1}"));
        String b = id(api.post("/task", "{\"description\":\"b\",\"value\":1,\"depends_on\":\"" + a + "\"}"));
        Http.Response r = api.patch("/task/" + a, "{\"depends_on\":[\"" + b + "\"]}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("detail").stringValue()).contains(a + " -> " + b + " -> " + a);
        assertThat(r.json().get("cycle").size()).isEqualTo(3);
    }

    @Test
    void deleteAnswers409WhileOthersDependAndThen204() {
        Http api = newTenant();
        String a = id(api.post("/task", "{\"description\":\"a\",\"value\":1}"));
        String b = id(api.post("/task", "{\"description\":\"b\",\"value\":1,\"depends_on\":\"" + a + "\"}"));
        Http.Response refused = api.delete("/task/" + a);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("dependants").get(0).stringValue()).isEqualTo(b);
        assertThat(api.delete("/task/" + b).status()).isEqualTo(204);
        assertThat(api.delete("/task/" + a).status()).isEqualTo(204);
        assertThat(api.get("/task/" + a).status()).isEqualTo(404);
    }

    @Test
    void backlogPagesWithALinkHeaderInValueDensityOrder() {
        Http api = newTenant();
        for (int i = 0; i < 25; i++) {
            api.post("/task", "{\"description\":\"t" + i + "\",\"value\":" + (i % 5) + ",\"purpose_relevance\":1,\"tokens_plan\":1}");
        }
        List<Double> densities = new ArrayList<>();
        String next = "/backlog?limit=10";
        int pages = 0;
        while (next != null) {
            Http.Response r = api.get(next);
            assertThat(r.status()).isEqualTo(200);
            r.json().forEach(t -> densities.add(t.get("value_density").doubleValue()));
            String link = r.header("Link");
            next = link == null ? null : link.substring(1, link.indexOf('>'));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(densities).hasSize(25).isSortedAccordingTo((x, y) -> Double.compare(y, x));
    }

    @ParameterizedTest
    @CsvSource({"/backlog?limit=-5, limit", "/backlog?limit=0, limit", "/backlog?limit=1001, limit", "/backlog?limit=abc, limit",
            "/backlog?cursor=garbage, cursor", "/api/tasks?sort=nope, sort", "/api/tasks?status=zzz, status", "/api/tasks?offset=-1, offset"})
    void refusesBadQueryParameters(String path, String field) {
        Http.Response r = newTenant().get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").stringValue()).isEqualTo(field);
    }

    @Test
    void healthReportsTheTenantAndItsBudgetLeft() {
        Http api = newTenant();
        JsonNode h = api.get("/").json();
        assertThat(h.get("status").stringValue()).isEqualTo("ok");
        assertThat(h.get("budget_left").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(h.get("tenant").stringValue()).startsWith("t-");
    }

    @Test
    void anUnknownTenantInAValidTokenIs404() {
        Http.Response r = as("nobody-here", "admin").get("/backlog");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").stringValue()).contains("nobody-here");
        // X-Tenant is a dev-mode header: outside dev mode it changes nothing
        Http api = newTenant();
        assertThat(api.tenant("nobody-here").get("/backlog").status()).isEqualTo(200);
    }

    @Test
    void refusesJsonNestedDeeperThan64Levels() {
        Http api = newTenant();
        String deep = "{\"description\":\"x\",\"value\":1,\"owner\":" + "[".repeat(70) + "]".repeat(70) + "}";
        Http.Response r = api.post("/task", deep);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("field").stringValue()).isEqualTo("body");
        assertThat(r.json().get("detail").stringValue()).contains("nesting depth");
        // 64 levels are still read (and then refused for what they say, not for their depth)
        String ok = "{\"description\":\"x\",\"value\":1,\"owner\":" + "[".repeat(62) + "]".repeat(62) + "}";
        Http.Response shallow = api.post("/task", ok);
        assertThat(shallow.status()).isEqualTo(400);
        assertThat(shallow.json().get("errors").get(0).get("field").stringValue()).isEqualTo("owner");
    }

    @Test
    void graphHasTheSeedsShape() {
        Http api = newTenant();
        String a = id(api.post("/task", "{\"description\":\"Init repo\",\"value\":1,\"tokens_plan\":0.2}"));
        String b = id(api.post("/task", "{\"description\":\"Next\",\"value\":2,\"depends_on\":\"" + a + "\"}"));
        JsonNode g = api.get("/api/graph").json();
        JsonNode first = g.get("nodes").get(0);
        for (String f : List.of("id", "label", "status", "business_value", "tokens_plan", "tokens_actual", "purpose_relevance", "depends_on")) {
            assertThat(first.has(f)).as(f).isTrue();
        }
        assertThat(first.get("label").stringValue()).isEqualTo("Init repo");
        assertThat(first.get("depends_on").size()).isZero();
        assertThat(g.get("nodes").get(1).get("depends_on").get(0).stringValue()).isEqualTo(a);
        JsonNode edge = g.get("edges").get(0);
        assertThat(edge.get("id").stringValue()).isEqualTo(a + "->" + b);
        assertThat(edge.get("source").stringValue()).isEqualTo(a);
        assertThat(edge.get("target").stringValue()).isEqualTo(b);
    }

    @Test
    void openApiDocumentIsServed() {
        Http.Response r = http().get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("paths").has("/task")).isTrue();
        assertThat(http().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void anUnknownPathIsAProblem404WithATokenAnd401Without() {
        Http.Response r = newTenant().get("/api/nope");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(http().get("/api/nope").status()).isEqualTo(401);
    }

    @Test
    void cachedReadsShowTheClientsOwnWritesAndAnswer304WhenUnchanged() {
        Http api = newTenant();
        String a = id(api.post("/task", "{\"description\":\"a\",\"value\":1}"));
        Http.Response graph = api.get("/api/graph");
        Http.Response backlog = api.get("/backlog");
        assertThat(graph.body()).contains(a);
        String etag = graph.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(api.header("If-None-Match", etag).get("/api/graph").status()).isEqualTo(304);
        assertThat(api.header("If-None-Match", backlog.header("ETag")).get("/backlog").status()).isEqualTo(304);

        String b = id(api.post("/task", "{\"description\":\"b\",\"value\":1,\"depends_on\":\"" + a + "\"}"));
        Http.Response after = api.header("If-None-Match", etag).get("/api/graph");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).contains(b);
        assertThat(api.get("/backlog").body()).contains(b);
        api.patch("/task/" + b, "{\"status\":\"doing\"}");
        assertThat(api.get("/backlog").body()).doesNotContain(b);
        assertThat(api.get("/api/graph").json().get("nodes").get(1).get("status").stringValue()).isEqualTo("doing");
    }
}
