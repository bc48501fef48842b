package org.aiorg.support;

import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of API tests: the whole service on random ports over one SQLite file, called over real
 * HTTP with bearer tokens signed by the test secret ({@link Tokens}). Each test makes its own
 * tenant, so tests never see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"aiorg.metrics-port=0", "aiorg.metrics.refresh=1h", "aiorg.orchestrator.enabled=false", "aiorg.security.jwt.secret=" + Tokens.SECRET,
            // the limits are on (every test goes through them) but far above what a test sends
            "aiorg.security.rate-limit.per-token-per-second=1000000", "aiorg.security.rate-limit.per-tenant-per-second=1000000",
            "aiorg.security.rate-limit.burst=1000000", "aiorg.security.rate-limit.tenant-burst=1000000"})
public abstract class SqliteApiTest {

    private static final String DB = TestDatabases.newSqliteUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected Tenants tenants;

    /** A client with an admin token of a new tenant with the given purpose. */
    protected Http newTenant(String purpose) {
        String id = TestDatabases.newTenant();
        tenants.create(TenantId.of(id), "Tenant " + id, purpose, null);
        return as(id, "admin");
    }

    /** A client whose requests carry a valid token for the tenant with these roles. */
    protected Http as(String tenant, String... roles) {
        return http().bearer(Tokens.of(tenant, roles));
    }

    protected Http newTenant() {
        return newTenant("Build software products with AI agents");
    }

    protected Http http() {
        return new Http("http://127.0.0.1:" + port);
    }
}
