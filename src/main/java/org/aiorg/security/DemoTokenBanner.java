package org.aiorg.security;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code serve --demo}: once the service is ready, prints the dashboard URL with a short-lived
 * admin token of the demo tenant (as Jupyter prints its token URL), on stdout, not in the log.
 */
@Component
@ConditionalOnBooleanProperty("aiorg.demo")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DemoTokenBanner {

    static final String DEMO_TENANT = "demo";

    private final AuthProperties props;
    private final InstantSource clock;
    private final String bind;

    DemoTokenBanner(AuthProperties props, InstantSource clock, @Value("${server.address:}") String bind) {
        this.props = props;
        this.clock = clock;
        this.bind = bind;
    }

    @EventListener
    void on(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String base = "http://" + host(bind) + ":" + web.getWebServer().getPort() + "/";
        if (props.jwt().identityProvider()) {
            System.out.printf("%nAI-Org is ready: %s (sign in with a token from your identity provider)%n%n", base);
            return;
        }
        Duration ttl = props.demoTokenTtl();
        String token = TokenIssuer.selfHosted(props, clock, s -> {}).issue("demo-admin", DEMO_TENANT, List.of(CallerRole.ADMIN), ttl);
        System.out.printf("%nAI-Org is ready. Open the dashboard as an admin of tenant '%s' (the token expires in %s):%n%n    %s?token=%s%n%n"
                + "The same token works for the API: curl -H 'Authorization: Bearer %s' %s%n%n",
                DEMO_TENANT, human(ttl), base, token, token, base);
        System.out.flush();
    }

    /** The address to print: the bound one, or loopback when bound to every interface. */
    static String host(String bind) {
        if (bind == null || bind.isBlank() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return "127.0.0.1";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    private static String human(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
}
