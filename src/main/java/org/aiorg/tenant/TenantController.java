package org.aiorg.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.aiorg.common.ClientError;
import org.aiorg.common.FieldProblem;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The caller's tenant settings: members read them, admins change them (see the access rules). */
@RestController
@Tag(name = "Tenant", description = "The settings of the caller's tenant")
class TenantController {

    private final Tenants tenants;

    TenantController(Tenants tenants) {
        this.tenants = tenants;
    }

    record TenantView(String id, String name, String purpose, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id().value(), t.name(), t.purpose(), t.createdAt());
        }
    }

    @GetMapping("/api/tenant")
    @Operation(summary = "The caller's tenant: id, name, purpose")
    TenantView get(TenantId tenant) {
        return TenantView.of(tenants.get(tenant));
    }

    @PatchMapping(path = "/api/tenant", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change the tenant's name or purpose (admin)")
    TenantView patch(TenantId tenant, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ClientError.invalid("body", "must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("name") && !name.equals("purpose")) {
                throw ClientError.invalid(List.of(new FieldProblem(name, "is not a known field (known: name, purpose)")));
            }
        }
        return TenantView.of(tenants.update(tenant, text(body, "name"), text(body, "purpose")));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null) {
            return null;
        }
        if (!n.isString()) {
            throw ClientError.invalid(field, "must be a string");
        }
        return n.stringValue();
    }
}
