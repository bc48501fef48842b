package org.aiorg.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;

import jakarta.servlet.DispatcherType;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call what. Public: the dashboard's files and the API docs. {@code agent}: read tasks
 * and the graph, PATCH a task (only status, owner, tokens_actual and results: see
 * {@link AgentFieldsAdvice}). {@code member}: everything on tasks and reading the budget.
 * {@code admin} (includes member): budget changes ({@code /budget/**} except {@code GET /budget})
 * and tenant settings. Anything not named here needs {@code member}, so a new endpoint is never
 * public by accident.
 */
final class AccessRules {

    static final String[] PUBLIC = {
        "/index.html", "/assets/**", "/favicon*", "/graph", "/graph/**",
        "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error"};

    private static final String ADMIN = CallerRole.ADMIN.name();
    private static final String MEMBER = CallerRole.MEMBER.name();
    private static final String AGENT = CallerRole.AGENT.name();

    private AccessRules() {}

    static void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules
                // the re-dispatch of an async answer (SSE) or of an error was authorised as the request itself
                .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                .requestMatchers(PUBLIC).permitAll()
                .requestMatchers(AccessRules::dashboardPage).permitAll()
                .requestMatchers("/api/me").authenticated()
                .requestMatchers(GET, "/", "/task/*", "/backlog", "/api/tasks", "/api/tasks/**", "/api/graph").hasAnyRole(MEMBER, AGENT)
                .requestMatchers(PATCH, "/task/*").hasAnyRole(MEMBER, AGENT)
                .requestMatchers(GET, "/budget").hasRole(MEMBER)
                .requestMatchers("/budget", "/budget/**").hasRole(ADMIN)
                .requestMatchers(GET, "/api/tenant").hasRole(MEMBER)
                .requestMatchers("/api/tenant", "/api/tenant/**", "/api/tenants", "/api/tenants/**").hasRole(ADMIN)
                .anyRequest().hasRole(MEMBER);
    }

    /**
     * {@code GET /} from a browser, when the dashboard is built into the jar: the page itself is
     * public (it reads the token from its URL); its API calls are not.
     */
    private static boolean dashboardPage(jakarta.servlet.http.HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && "/".equals(request.getRequestURI())
                && accept != null && accept.contains(MediaType.TEXT_HTML_VALUE) && Dashboard.PRESENT;
    }

    /** Whether the jar carries the dashboard (looked up once). */
    private static final class Dashboard {
        static final boolean PRESENT = new ClassPathResource("static/index.html").exists();
    }
}
