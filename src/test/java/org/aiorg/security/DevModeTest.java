package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.aiorg.support.TestDatabases;
import org.aiorg.support.Tokens;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code serve --dev} on loopback: no token needed, X-Tenant picks the tenant; a token still wins. */
class DevModeTest extends SqliteApiTest {

    @DynamicPropertySource
    static void devMode(DynamicPropertyRegistry registry) {
        registry.add("aiorg.dev", () -> "true");
    }

    private String tenant(String name) {
        String id = TestDatabases.newTenant();
        tenants.create(TenantId.of(id), name, "Dev mode", null);
        return id;
    }

    @Test
    void withoutATokenARequestActsAsAnAdminOfTheXTenantTenant() {
        String id = tenant("Dev tenant");
        Http dev = http().tenant(id);
        assertThat(dev.post("/task", "{\"description\":\"x\",\"value\":1}").status()).isEqualTo(201);
        assertThat(dev.patch("/api/tenant", "{\"name\":\"Renamed\"}").status()).isEqualTo(200);
        JsonNode me = dev.get("/api/me").json();
        assertThat(me.get("dev_mode").booleanValue()).isTrue();
        assertThat(me.get("subject").stringValue()).isEqualTo("dev");
        assertThat(me.get("tenant").stringValue()).isEqualTo(id);
        assertThat(me.get("roles").toString()).isEqualTo("[\"admin\",\"member\"]");
        assertThat(me.get("tenants").toString()).contains(id);
        assertThat(me.get("tenants").size()).isGreaterThan(1);
    }

    @Test
    void withoutXTenantItIsTheDemoTenant() {
        tenants.ensure(TenantId.of("demo"), "Demo", "Demo", null);
        assertThat(http().get("/").json().get("tenant").stringValue()).isEqualTo("demo");
    }

    @Test
    void aBadOrUnknownXTenantIsAClientError() {
        assertThat(http().tenant("Bad Tenant!").get("/backlog").status()).isEqualTo(400);
        assertThat(http().tenant("nobody-here").get("/backlog").status()).isEqualTo(404);
    }

    @Test
    void aTokenStillDecidesAndABadTokenIsStill401() {
        String mine = tenant("Mine");
        String other = tenant("Other");
        Http.Response r = http().bearer(Tokens.of(mine, "member")).tenant(other).get("/");
        assertThat(r.json().get("tenant").stringValue()).isEqualTo(mine);
        assertThat(http().bearer(Tokens.of(mine, "member")).tenant(other).patch("/api/tenant", "{\"name\":\"x\"}").status()).isEqualTo(403);
        assertThat(http().bearer(Tokens.expired(mine)).get("/").status()).isEqualTo(401);
    }
}
