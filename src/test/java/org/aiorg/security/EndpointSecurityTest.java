package org.aiorg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.aiorg.support.TestDatabases;
import org.aiorg.support.Tokens;
import org.aiorg.tenant.TenantId;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the service, read from the handler mappings so that a new controller is
 * covered without touching this test: no token, a bad token, or too few roles never gets through.
 */
class EndpointSecurityTest extends SqliteApiTest {

    /** An endpoint as mapped, with its path variables filled in. */
    record Endpoint(String method, String pattern, String path) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    String tenant;

    @BeforeEach
    void tenant() {
        tenant = TestDatabases.newTenant();
        tenants.create(TenantId.of(tenant), "Tenant " + tenant, "Security tests", null);
    }

    /** Our controllers' endpoints; the API docs (springdoc) are public by design and the error page is the container's. */
    List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("org.aiorg")
                    || handler.getBeanType().getSimpleName().equals("SpaController")) {
                // not ours, or the dashboard's page routes (public by design, see AccessRules; tested below)
                return;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]+}", "AbCd1234");
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    out.add(new Endpoint(m.name(), pattern, path));
                }
            }
        });
        out.sort(Comparator.comparing(Endpoint::toString));
        return out;
    }

    Http.Response call(Http client, Endpoint e) {
        var b = client.builder(e.path()).header("Accept", "application/json");
        return client.send(switch (e.method()) {
            case "GET" -> b.GET();
            case "DELETE" -> b.DELETE();
            default -> b.header("Content-Type", "application/json")
                    .method(e.method(), java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
        });
    }

    /** Admin-only: budget changes and tenant settings (AccessRules). */
    static boolean adminOnly(Endpoint e) {
        boolean budget = e.pattern().equals("/budget") || e.pattern().startsWith("/budget/");
        boolean tenantSettings = e.pattern().startsWith("/api/tenant");
        return (budget && !(e.method().equals("GET") && e.pattern().equals("/budget"))) || (tenantSettings && !e.method().equals("GET"));
    }

    /** What an agent token may call. */
    static boolean agentMay(Endpoint e) {
        return switch (e.method()) {
            case "GET" -> Set.of("/", "/task/{id}", "/backlog", "/api/graph", "/api/me").contains(e.pattern())
                    || e.pattern().startsWith("/api/tasks");
            case "PATCH" -> e.pattern().equals("/task/{id}");
            default -> false;
        };
    }

    @Test
    void theMappingsAreFoundIncludingAnAdminOnlyOne() {
        assertThat(endpoints()).extracting(Endpoint::toString)
                .contains("POST /task", "GET /task/{id}", "GET /api/graph", "GET /api/me", "PATCH /api/tenant", "GET /");
        assertThat(endpoints()).anyMatch(EndpointSecurityTest::adminOnly);
    }

    @Test
    void withoutATokenEveryEndpointIs401WithABearerChallengeAndAProblem() {
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint e : endpoints()) {
            Http.Response r = call(http(), e);
            soft.assertThat(r.status()).as(e + " " + r.body()).isEqualTo(401);
            soft.assertThat(r.header("WWW-Authenticate")).as(e.toString()).startsWith("Bearer");
            soft.assertThat(r.contentType()).as(e.toString()).startsWith("application/problem+json");
        }
        soft.assertAll();
    }

    @Test
    void expiredForgedUnsignedOrForeignTokensAre401() {
        List<Function<String, String>> bad = List.of(Tokens::expired, Tokens::wrongSignature, Tokens::algNone, Tokens::wrongIssuer,
                t -> Tokens.hs256(Tokens.claims(t, "admin").expirationTime(null).build(), Tokens.SECRET),
                t -> Tokens.hs256(Tokens.claims("Not A Tenant", "admin").build(), Tokens.SECRET),
                t -> "not.a.jwt");
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint e : endpoints()) {
            for (int i = 0; i < bad.size(); i++) {
                Http.Response r = call(http().bearer(bad.get(i).apply(tenant)), e);
                soft.assertThat(r.status()).as("bad token #%d on %s: %s", i, e, r.body()).isEqualTo(401);
                soft.assertThat(r.header("WWW-Authenticate")).as(e.toString()).contains("invalid_token");
                soft.assertThat(r.contentType()).as(e.toString()).startsWith("application/problem+json");
            }
        }
        soft.assertAll();
    }

    @Test
    void membersAre403OnAdminEndpointsOnly() {
        Http member = as(tenant, "member");
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint e : endpoints()) {
            Http.Response r = call(member, e);
            if (adminOnly(e)) {
                soft.assertThat(r.status()).as(e + " " + r.body()).isEqualTo(403);
                soft.assertThat(r.contentType()).as(e.toString()).startsWith("application/problem+json");
                soft.assertThat(r.json().get("type").stringValue()).as(e.toString()).endsWith("/forbidden");
            } else {
                soft.assertThat(r.status()).as(e + " " + r.body()).isNotIn(401, 403, 429, 500);
            }
        }
        soft.assertAll();
    }

    @Test
    void agentsMayReadTasksAndPatchThemButNothingElse() {
        Http agent = as(tenant, "agent");
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint e : endpoints()) {
            Http.Response r = call(agent, e);
            if (agentMay(e)) {
                soft.assertThat(r.status()).as(e + " " + r.body()).isNotIn(401, 403, 429, 500);
            } else {
                soft.assertThat(r.status()).as(e + " " + r.body()).isEqualTo(403);
            }
        }
        soft.assertAll();
    }

    @Test
    void adminsGetThroughEverywhere() {
        Http admin = as(tenant, "admin");
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint e : endpoints()) {
            Http.Response r = call(admin, e);
            soft.assertThat(r.status()).as(e + " " + r.body()).isNotIn(401, 403, 429, 500);
        }
        soft.assertAll();
    }

    @Test
    void aTokenWithoutAKnownRoleMayOnlyAskWhoItIs() {
        Http nobody = as(tenant, "owner");
        assertThat(nobody.get("/api/me").status()).isEqualTo(200);
        assertThat(nobody.get("/backlog").status()).isEqualTo(403);
    }

    @Test
    void theApiDocsAndTheDashboardRouteArePublic() {
        assertThat(http().get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(http().get("/swagger-ui/index.html").status()).isEqualTo(200);
        // public whether or not the dashboard is built in (then 200, else 404), never 401
        for (String path : List.of("/index.html", "/assets/app.js", "/favicon.ico", "/graph")) {
            assertThat(http().get(path, "text/html").status()).as(path).isNotIn(401, 403);
        }
        // GET / for a browser is the dashboard page, public; its JSON is not
        boolean dashboard = new org.springframework.core.io.ClassPathResource("static/index.html").exists();
        Http.Response page = http().get("/", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(page.status()).as(page.toString()).isEqualTo(dashboard ? 200 : 401);
        assertThat(http().get("/", "application/json").status()).isEqualTo(401);
        // RFC 9728 metadata of the resource server
        Http.Response meta = http().get("/.well-known/oauth-protected-resource");
        assertThat(meta.status()).isEqualTo(200);
        assertThat(meta.json().get("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        assertThat(meta.json().get("tls_client_certificate_bound_access_tokens").booleanValue()).isFalse();
    }
}
