package org.aiorg.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aiorg.budget.BudgetAccount;
import org.aiorg.budget.Budgets;
import org.aiorg.budget.Micros;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /}: the seed's health answer with the tenant's budget left. A browser asking for
 * HTML gets the dashboard instead.
 */
@RestController
class HealthController {

    private final Budgets budgets;
    private final Tenants tenants;
    private final String version;

    HealthController(Budgets budgets, Tenants tenants, ObjectProvider<BuildProperties> build) {
        this.budgets = budgets;
        this.tenants = tenants;
        BuildProperties props = build.getIfAvailable();
        this.version = props == null ? "dev" : props.getVersion();
    }

    @GetMapping("/")
    @Operation(summary = "Health and the tenant's budget left (JSON); the dashboard for browsers")
    ResponseEntity<?> root(@RequestHeader(name = "Accept", required = false) String accept) {
        if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE) && new ClassPathResource("static/index.html").exists()) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(new ClassPathResource("static/index.html"));
        }
        // why: not a TenantId parameter, since the dashboard page above is public (it reads its token from the URL)
        TenantId tenant = TenantArgumentResolver.current(tenants);
        BudgetAccount account = budgets.account(tenant);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("tenant", tenant.value());
        body.put("budget_left", account.remainingUsd());
        body.put("budget_limit", Micros.toUsd(account.limitMicros()));
        body.put("budget_spent", Micros.toUsd(account.spentMicros()));
        body.put("budget_reserved", Micros.toUsd(account.reservedMicros()));
        body.put("version", version);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
