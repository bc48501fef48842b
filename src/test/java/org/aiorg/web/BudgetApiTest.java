package org.aiorg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aiorg.budget.BudgetGate;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;

/** Every budget endpoint over real HTTP, with the bad-input cases. */
class BudgetApiTest extends SqliteApiTest {

    @Autowired
    BudgetGate gate;

    @LocalManagementPort
    int managementPort;

    private static String tenantOf(Http api) {
        return api.get("/budget").json().get("tenant").stringValue();
    }

    @Test
    void showsTheBudgetInUsdAndInBlocks() {
        Http api = newTenant();
        Http.Response r = api.get("/budget");
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("store").stringValue()).isEqualTo("sql");
        assertThat(b.get("limit_usd").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(b.get("spent_usd").decimalValue()).isEqualByComparingTo("0");
        assertThat(b.get("remaining_usd").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(b.get("block_price_usd").decimalValue()).isEqualByComparingTo("0.0005");
        assertThat(b.get("remaining_blocks").decimalValue()).isEqualByComparingTo("10000");
        assertThat(api.get("/").json().get("budget_left").decimalValue()).isEqualByComparingTo("5.00");
    }

    @Test
    void anUnknownTenantHasNoBudget() {
        // A valid token of a tenant that does not exist (X-Tenant counts only in dev mode).
        Http.Response r = as("no-such-tenant", "admin").get("/budget");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void topUpsAreIdempotentByKey() {
        Http api = newTenant();
        Http.Response first = api.post("/budget/topup", "{\"amount_usd\": 1.25, \"idempotency_key\": \"inv-1\"}");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("replayed").booleanValue()).isFalse();
        assertThat(first.json().get("limit_usd").decimalValue()).isEqualByComparingTo("6.25");
        Http.Response again = api.post("/budget/topup", "{\"amount_usd\": \"1.250000\", \"idempotency_key\": \"inv-1\"}");
        assertThat(again.json().get("replayed").booleanValue()).isTrue();
        assertThat(again.json().get("budget").get("limit_usd").decimalValue()).isEqualByComparingTo("6.25");
        Http.Response other = api.post("/budget/topup", "{\"amount_usd\": 2, \"idempotency_key\": \"inv-1\"}");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("errors").get(0).get("field").stringValue()).isEqualTo("idempotency_key");
        assertThat(api.get("/budget").json().get("limit_usd").decimalValue()).isEqualByComparingTo("6.25");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing amount          | {"idempotency_key": "k"}                                  | amount_usd
            zero                    | {"amount_usd": 0, "idempotency_key": "k"}                 | amount_usd
            negative                | {"amount_usd": -5, "idempotency_key": "k"}                | amount_usd
            seven decimals          | {"amount_usd": 0.0000001, "idempotency_key": "k"}         | amount_usd
            infinite (1e999)        | {"amount_usd": 1e999, "idempotency_key": "k"}             | amount_usd
            text                    | {"amount_usd": "lots", "idempotency_key": "k"}            | amount_usd
            a list                  | {"amount_usd": [1], "idempotency_key": "k"}               | amount_usd
            too much at once        | {"amount_usd": 5000000, "idempotency_key": "k"}           | amount_usd
            missing key             | {"amount_usd": 1}                                         | idempotency_key
            blank key               | {"amount_usd": 1, "idempotency_key": " "}                 | idempotency_key
            unknown field           | {"amount_usd": 1, "idempotency_key": "k", "amount": 1}    | amount
            not an object           | [1]                                                       | body
            """)
    void refusesBadTopUps(String name, String body, String field) {
        Http api = newTenant();
        Http.Response r = api.post("/budget/topup", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("field").stringValue()).isEqualTo(field);
        assertThat(api.get("/budget").json().get("limit_usd").decimalValue()).isEqualByComparingTo("5.00");
    }

    @Test
    void setsTheLimitButNotBelowSpentPlusReserved() {
        Http api = newTenant();
        TenantId tenant = TenantId.of(tenantOf(api));
        gate.reserve(new BudgetGate.ReservationRequest(tenant, "t1", "test-model", 100_000, 100_000, null)); // 0.1 USD
        Http.Response low = api.put("/budget", "{\"limit_usd\": 0.05}");
        assertThat(low.status()).as(low.toString()).isEqualTo(409);
        assertThat(low.json().get("errors").get(0).get("field").stringValue()).isEqualTo("limit_usd");
        assertThat(low.json().get("reserved_usd").decimalValue()).isEqualByComparingTo("0.1");
        Http.Response ok = api.put("/budget", "{\"limit_usd\": 0.1}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("remaining_usd").decimalValue()).isEqualByComparingTo("0");
        for (String bad : List.of("{\"limit_usd\": -1}", "{\"limit_usd\": \"x\"}", "{}", "{\"limit\": 3}", "{\"limit_usd\": 1e999}")) {
            Http.Response r = api.put("/budget", bad);
            assertThat(r.status()).as(bad + " -> " + r).isEqualTo(400);
        }
    }

    @Test
    void pagesTheLedgerAsJsonAndCsv() {
        Http api = newTenant();
        TenantId tenant = TenantId.of(tenantOf(api));
        var r = (BudgetGate.Reserved) gate.reserve(new BudgetGate.ReservationRequest(tenant, "t1", "test-model", 1_000, 1_000, null));
        gate.settle(tenant, r.reservationId(), 500L, 500L, "dev");
        api.post("/budget/topup", "{\"amount_usd\": 1, \"idempotency_key\": \"a,b\"}");
        api.put("/budget", "{\"limit_usd\": 10}");

        List<String> kinds = new ArrayList<>();
        String next = "/budget/ledger?limit=2";
        int pages = 0;
        while (next != null) {
            Http.Response page = api.get(next);
            assertThat(page.status()).isEqualTo(200);
            page.json().forEach(row -> kinds.add(row.get("kind").stringValue()));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            pages++;
        }
        assertThat(kinds).containsExactly("limit", "reserve", "settle", "topup", "limit");
        assertThat(pages).isEqualTo(3);

        Http.Response csv = api.get("/budget/ledger?format=csv&limit=3");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).startsWith("id,at,kind,reservation_id");
        assertThat(lines).hasSize(4);
        assertThat(lines[3]).contains(",settle,").contains(",0.000500,").contains(",500,500,");
        assertThat(csv.header("Link")).contains("format=csv");
        Http.Response all = api.get("/budget/ledger?format=csv");
        assertThat(all.body()).contains("\"a,b\"");

        assertThat(api.get("/budget/ledger?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/budget/ledger?limit=x").status()).isEqualTo(400);
        assertThat(api.get("/budget/ledger?cursor=garbage").json().get("errors").get(0).get("field").stringValue()).isEqualTo("cursor");
        assertThat(api.get("/budget/ledger?format=xml").json().get("errors").get(0).get("field").stringValue()).isEqualTo("format");
    }

    @Test
    void exportsTheBudgetMetrics() {
        Http api = newTenant();
        String tenant = tenantOf(api);
        TenantId t = TenantId.of(tenant);
        var r = (BudgetGate.Reserved) gate.reserve(new BudgetGate.ReservationRequest(t, "t1", "test-model", 1_000, 1_000, null));
        gate.settle(t, r.reservationId(), 700L, 300L, "qa");
        gate.reserve(new BudgetGate.ReservationRequest(t, "t2", "test-model", 100_000_000, 0, null));
        api.post("/budget/topup", "{\"amount_usd\": 1, \"idempotency_key\": \"m\"}");
        String metrics = new Http("http://127.0.0.1:" + managementPort).get("/metrics").body();
        String tag = "tenant=\"" + tenant + "\"";
        assertThat(metrics).containsPattern("ai_tenant_budget\\{[^}]*kind=\"limit\"[^}]*" + tag + "[^}]*\\} 6\\.0");
        assertThat(metrics).containsPattern("ai_tenant_budget\\{[^}]*kind=\"spent\"[^}]*" + tag + "[^}]*\\} 5\\.0E-4");
        assertThat(metrics).containsPattern("ai_tokens_total\\{[^}]*direction=\"in\"[^}]*model=\"test-model\"[^}]*role=\"qa\"[^}]*"
                + tag + "[^}]*\\} 700\\.0");
        assertThat(metrics).containsPattern("ai_spend_usd_total\\{[^}]*" + tag + "[^}]*\\} 5\\.0E-4");
        assertThat(metrics).containsPattern("ai_budget_refusals_total\\{" + tag + "\\} 1\\.0");
    }
}
