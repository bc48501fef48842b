package org.aiorg.cli;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aiorg.common.ClientError;
import org.aiorg.security.AuthProperties;
import org.aiorg.security.CallerRole;
import org.aiorg.security.StartupRefused;
import org.aiorg.security.TokenIssuer;
import org.aiorg.tenant.TenantId;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a signed API token and exit (self-hosted mode: signed with AIORG_JWT_SECRET or the key file"
                + " ./data/jwt-secret, created if missing, which serve reads too).",
                "Example: ai-org token --tenant demo --role admin --ttl 24h"})
class TokenCommand implements Callable<Integer> {

    @Option(names = "--tenant", required = true, description = "Tenant id the token is for")
    String tenant;

    @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
            description = "admin (includes member), member or agent; repeat or comma-separate for several")
    List<String> roles;

    @Option(names = "--ttl", defaultValue = "24h", description = "Lifetime, e.g. 30m, 24h, 7d (default ${DEFAULT-VALUE}; at most 366d)")
    String ttl;

    @Option(names = "--sub", paramLabel = "NAME", description = "Subject: who the token is for (default ROLE@TENANT)")
    String sub;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Only what token signing needs: the settings, not the database or the web server. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AuthProperties.class)
    static class Settings {}

    @Override
    public Integer call() {
        List<CallerRole> parsed = new ArrayList<>();
        for (String r : roles) {
            parsed.add(CallerRole.parse(r.strip().toLowerCase()).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "--role: '" + r + "' is not one of admin, member, agent")));
        }
        Duration lifetime;
        try {
            TenantId.of(tenant);
            lifetime = Durations.parse(ttl);
            if (lifetime.isZero() || lifetime.isNegative() || lifetime.compareTo(TokenIssuer.MAX_TTL) > 0) {
                throw new IllegalArgumentException("must be between 1s and " + TokenIssuer.MAX_TTL.toDays() + "d");
            }
        } catch (ClientError e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tenant: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ttl: " + e.getMessage());
        }
        Map<String, Object> props = Map.of("logging.level.root", "WARN", "spring.main.log-startup-info", false);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).run(SpringArgs.of(props))) {
            AuthProperties settings = context.getBean(AuthProperties.class);
            TokenIssuer issuer = TokenIssuer.selfHosted(settings, InstantSource.system(), notice -> System.err.println("ai-org: " + notice));
            System.out.println(issuer.issue(sub != null ? sub : parsed.getFirst().wire() + "@" + tenant, tenant, parsed, lifetime));
            return 0;
        } catch (StartupRefused e) {
            System.err.println("ai-org: " + e.getMessage());
            return 1;
        }
    }
}
