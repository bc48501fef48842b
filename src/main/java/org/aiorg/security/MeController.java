package org.aiorg.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.aiorg.common.ClientError;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Identity", description = "Who the token belongs to")
class MeController {

    private final Tenants tenants;

    MeController(Tenants tenants) {
        this.tenants = tenants;
    }

    record TenantRef(String id, String name) {}

    /** {@code tenants}: the caller's own tenant; in dev mode every tenant (the dashboard's switcher). */
    record Me(String subject, String tenant, List<String> roles, boolean devMode, List<TenantRef> tenants) {}

    @GetMapping("/api/me")
    @Operation(summary = "The caller: subject, tenant, roles, dev mode and the tenants it may see")
    Me me() {
        Caller caller = Caller.current().orElseThrow(
                () -> new ClientError(401, "unauthenticated", "Unauthenticated", "This needs a bearer token.", List.of(), Map.of()));
        List<String> roles = caller.roles().stream().sorted().map(CallerRole::wire).toList();
        List<TenantRef> visible;
        if (caller.devMode()) {
            visible = tenants.all().stream().map(MeController::ref).toList();
        } else {
            // an unknown tenant in a valid token is a 404, as on every other endpoint
            visible = List.of(ref(tenants.get(TenantId.of(caller.tenant()))));
        }
        return new Me(caller.subject(), caller.tenant(), roles, caller.devMode(), visible);
    }

    private static TenantRef ref(Tenant t) {
        return new TenantRef(t.id().value(), t.name());
    }
}
