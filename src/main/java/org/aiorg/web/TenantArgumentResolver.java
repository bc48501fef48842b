package org.aiorg.web;

import java.util.List;
import java.util.Map;
import org.aiorg.common.ClientError;
import org.aiorg.security.Caller;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controllers the tenant of the request as a {@link TenantId} parameter: the verified
 * token's {@code tenant} claim (in dev mode, without a token, the {@code X-Tenant} header). An
 * unknown tenant is a 404, the same answer as for any id the caller may not see.
 */
class TenantArgumentResolver implements HandlerMethodArgumentResolver {

    private final Tenants tenants;

    TenantArgumentResolver(Tenants tenants) {
        this.tenants = tenants;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == TenantId.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        return current(tenants);
    }

    /** The tenant of the current request: 401 without a caller, 400 for a malformed id, 404 for an unknown one. */
    static TenantId current(Tenants tenants) {
        // why: the access rules let no request without a caller reach a controller that takes a tenant;
        // this is the second lock on that door
        Caller caller = Caller.current().orElseThrow(() -> new ClientError(401, "unauthenticated", "Unauthenticated",
                "This needs a bearer token.", List.of(), Map.of()));
        return tenants.get(TenantId.of(caller.tenant())).id();
    }
}
