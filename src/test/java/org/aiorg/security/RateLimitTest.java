package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.aiorg.support.TestDatabases;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tiny limits and a refill so slow (one request per 1,000 s) that time cannot pass for the test:
 * a token may send 5 requests, a tenant 8, then 429 with Retry-After.
 */
class RateLimitTest extends SqliteApiTest {

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        registry.add("aiorg.security.rate-limit.per-token-per-second", () -> "0.001");
        registry.add("aiorg.security.rate-limit.per-tenant-per-second", () -> "0.001");
        registry.add("aiorg.security.rate-limit.burst", () -> "5");
        registry.add("aiorg.security.rate-limit.tenant-burst", () -> "8");
    }

    private String tenant() {
        String id = TestDatabases.newTenant();
        tenants.create(TenantId.of(id), "Tenant " + id, "Rate limits", null);
        return id;
    }

    @Test
    void aBurstBeyondTheTokensLimitIs429WithRetryAfterAndOtherTenantsGoOn() {
        Http busy = as(tenant(), "member");
        for (int i = 0; i < 5; i++) {
            assertThat(busy.get("/backlog").status()).as("request %d", i).isEqualTo(200);
        }
        Http.Response refused = busy.get("/backlog");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").stringValue()).endsWith("/rate-limited");
        assertThat(refused.json().get("detail").stringValue()).contains("token");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 1000L);

        Http other = as(tenant(), "member");
        assertThat(other.get("/backlog").status()).isEqualTo(200);
    }

    @Test
    void aTenantsTokensShareTheTenantsLimit() {
        String tenant = tenant();
        Http first = as(tenant, "member");
        Http second = as(tenant, "member");
        for (int i = 0; i < 5; i++) {
            assertThat(first.get("/backlog").status()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(second.get("/backlog").status()).isEqualTo(200);
        }
        Http.Response refused = second.get("/backlog");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("detail").stringValue()).contains("tenant");
        assertThat(as(tenant, "agent").get("/backlog").status()).isEqualTo(429);
        assertThat(as(tenant(), "member").get("/backlog").status()).isEqualTo(200);
    }

    @Test
    void requestsWithoutAValidTokenAreNotCounted() {
        String tenant = tenant();
        for (int i = 0; i < 20; i++) {
            assertThat(http().get("/backlog").status()).isEqualTo(401);
        }
        assertThat(as(tenant, "member").get("/backlog").status()).isEqualTo(200);
    }
}
