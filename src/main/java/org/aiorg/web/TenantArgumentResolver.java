package org.aiorg.web;

import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controllers the tenant of the request as a {@link TenantId} parameter. For now the tenant
 * comes from the {@code X-Tenant} header (default {@code demo}); an unknown tenant is a 404.
 */
class TenantArgumentResolver implements HandlerMethodArgumentResolver {

    static final String HEADER = "X-Tenant";
    static final String DEFAULT_TENANT = "demo";

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
        String header = request.getHeader(HEADER);
        TenantId id = TenantId.of(header == null || header.isBlank() ? DEFAULT_TENANT : header.strip());
        return tenants.get(id).id();
    }
}
