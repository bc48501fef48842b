package org.aiorg.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import org.aiorg.tenant.TenantId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own metrics on the API port: the series of the management port's scrape that
 * carry the caller's tenant, nothing else (no other tenant, no process-wide series). The
 * management port itself is the operator's (every tenant, loopback only).
 */
@RestController
class TenantMetricsController {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    TenantMetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(value = "/api/metrics", produces = PROMETHEUS_TEXT)
    @Operation(summary = "This tenant's metrics in Prometheus text format (only series labelled with its tenant)")
    String metrics(TenantId tenant) {
        return TenantSeries.of(registry.scrape(), tenant.value());
    }
}
