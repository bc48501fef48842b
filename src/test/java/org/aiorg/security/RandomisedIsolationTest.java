package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.aiorg.support.TestDatabases;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.Test;

/**
 * Two tenants, thousands of random API calls, each side mostly using the other's task ids:
 * no answer to one tenant ever names the other tenant or any of its tasks (beyond echoing an id
 * the caller itself sent, as "unknown task(s): X" does), and none is a 500. Seeded, so a failure
 * replays.
 */
class RandomisedIsolationTest extends SqliteApiTest {

    static final long SEED = 20261129L;
    static final int CALLS = 2_000;

    /** One side: its client, its tenant id and the ids of the tasks it created. */
    record Side(String tenant, Http api, List<String> ids) {}

    /** What was sent (path and body) and the answer. */
    record Call(String sent, Http.Response response) {}

    @Test
    void noAnswerEverLeaksTheOtherTenant() {
        Side a = side();
        Side b = side();
        Random random = new Random(SEED);
        for (int i = 0; i < 15; i++) {
            a.ids().add(create(a, random, List.of()));
            b.ids().add(create(b, random, List.of()));
        }
        for (int call = 0; call < CALLS; call++) {
            boolean aCalls = random.nextBoolean();
            Side me = aCalls ? a : b;
            Side other = aCalls ? b : a;
            Call c = randomCall(me, other, random);
            Http.Response r = c.response();
            String what = "call " + call + " by " + me.tenant() + " (" + c.sent() + ")";
            assertThat(r.status()).as(what + ": " + r).isLessThan(500);
            assertThat(r.body()).as(what).doesNotContain(other.tenant());
            for (String theirs : other.ids()) {
                if (!c.sent().contains(theirs)) {
                    assertThat(r.body()).as(what + " leaks " + theirs).doesNotContain(theirs);
                }
            }
        }
        assertThat(a.ids().size() + b.ids().size()).isGreaterThan(30);
    }

    private Side side() {
        String tenant = TestDatabases.newTenant();
        tenants.create(TenantId.of(tenant), "Tenant " + tenant, "Randomised isolation", null);
        return new Side(tenant, as(tenant, "admin"), new ArrayList<>());
    }

    /** An id: mostly the other side's, sometimes one's own. */
    private static String pick(Side me, Side other, Random random) {
        List<String> pool = random.nextInt(4) == 0 ? me.ids() : other.ids();
        return pool.isEmpty() ? "Zz9Zz9Zz" : pool.get(random.nextInt(pool.size()));
    }

    private static String create(Side me, Random random, List<String> deps) {
        String body = "{\"description\":\"task " + random.nextInt(1_000_000) + "\",\"value\":" + random.nextInt(10)
                + (deps.isEmpty() ? "" : ",\"depends_on\":[\"" + String.join("\",\"", deps) + "\"]") + "}";
        Http.Response r = me.api().post("/task", body);
        return r.status() == 201 ? r.json().get("id").stringValue() : null;
    }

    private static Call randomCall(Side me, Side other, Random random) {
        String id = pick(me, other, random);
        String path;
        String body = null;
        String method = "GET";
        switch (random.nextInt(12)) {
            case 0 -> path = "/task/" + id;
            case 1 -> {
                method = "PATCH";
                path = "/task/" + id;
                body = "{\"owner\":\"o" + random.nextInt(100) + "\"}";
            }
            case 2 -> {
                method = "PATCH";
                path = "/task/" + id;
                body = "{\"status\":\"" + List.of("todo", "doing", "done", "failed").get(random.nextInt(4)) + "\"}";
            }
            case 3 -> {
                method = "DELETE";
                path = "/task/" + id;
            }
            case 4 -> {
                method = "POST";
                path = "/task";
                body = "{\"description\":\"d\",\"value\":1,\"depends_on\":[\"" + id + "\"]}";
            }
            case 5 -> {
                method = "PATCH";
                path = "/task/" + pick(me, me, random);
                body = "{\"depends_on\":[\"" + id + "\"]}";
            }
            case 6 -> path = "/api/graph";
            case 7 -> path = "/api/tasks?limit=1000&sort=" + List.of("created_at", "est_value", "status").get(random.nextInt(3));
            case 8 -> path = "/backlog?limit=" + (1 + random.nextInt(50));
            case 9 -> path = List.of("/", "/api/me", "/api/tenant", "/api/tasks/counts").get(random.nextInt(4));
            case 10 -> {
                method = "POST";
                path = "/task";
                body = "{\"description\":\"n\",\"value\":" + random.nextInt(5) + "}";
            }
            default -> path = "/task/" + id + "?x=1";
        }
        Http.Response r = switch (method) {
            case "PATCH" -> me.api().patch(path, body);
            case "POST" -> me.api().post(path, body);
            case "DELETE" -> me.api().delete(path);
            default -> me.api().get(path);
        };
        if (method.equals("POST") && r.status() == 201) {
            me.ids().add(r.json().get("id").stringValue());
        }
        return new Call(method + " " + path + " " + (body == null ? "" : body), r);
    }
}
