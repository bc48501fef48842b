package org.aiorg.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aiorg.budget.BudgetAccount;
import org.aiorg.budget.BudgetExhausted;
import org.aiorg.budget.BudgetLimitChanged;
import org.aiorg.budget.BudgetToppedUp;
import org.aiorg.budget.Budgets;
import org.aiorg.budget.Micros;
import org.aiorg.budget.ReservationExpired;
import org.aiorg.budget.ReservationSettled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Budget metrics. {@code ai_tenant_budget{tenant,kind}} (USD) is read from the budget store on a
 * timer and after top-ups and limit changes, so it stays right when other processes spend too.
 * The counters ({@code ai_tokens_total}, {@code ai_spend_usd_total}, {@code ai_budget_refusals_total},
 * {@code ai_budget_reservations_expired_total}) count what this process saw: sum them over processes.
 */
@Component
class BudgetMetrics {

    private static final Logger log = LoggerFactory.getLogger(BudgetMetrics.class);

    private final MeterRegistry registry;
    private final Budgets budgets;
    /** Gauge values in micro-USD, exported as USD. */
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    BudgetMetrics(MeterRegistry registry, Budgets budgets) {
        this.registry = registry;
        this.budgets = budgets;
    }

    @EventListener
    void on(ReservationSettled e) {
        String role = e.role() == null ? "unknown" : e.role();
        String model = e.model() == null ? "unknown" : e.model();
        if (e.tokensIn() != null) {
            tokens(e.tenant().value(), role, model, "in").increment(e.tokensIn());
        }
        if (e.tokensOut() != null) {
            tokens(e.tenant().value(), role, model, "out").increment(e.tokensOut());
        }
        spend(e.tenant().value(), model, e.chargedMicros());
    }

    @EventListener
    void on(ReservationExpired e) {
        Counter.builder("ai.budget.reservations.expired").description("Budget reservations that expired without being settled")
                .tag("tenant", e.tenant().value()).register(registry).increment();
        spend(e.tenant().value(), e.model() == null ? "unknown" : e.model(), e.chargedMicros());
    }

    @EventListener
    void on(BudgetExhausted e) {
        Counter.builder("ai.budget.refusals").description("LLM calls refused because the budget was used up")
                .tag("tenant", e.tenant().value()).register(registry).increment();
        refreshQuietly();
    }

    @EventListener
    void on(BudgetToppedUp e) {
        refreshQuietly();
    }

    @EventListener
    void on(BudgetLimitChanged e) {
        refreshQuietly();
    }

    @Scheduled(fixedDelayString = "${aiorg.metrics.refresh:5s}", initialDelay = 0)
    void refresh() {
        refreshQuietly();
    }

    private void refreshQuietly() {
        try {
            for (BudgetAccount a : budgets.all()) {
                gauge(a.tenant(), "limit").set(a.limitMicros());
                gauge(a.tenant(), "spent").set(a.spentMicros());
                gauge(a.tenant(), "reserved").set(a.reservedMicros());
                gauge(a.tenant(), "remaining").set(a.remainingMicros());
            }
        } catch (RuntimeException e) {
            log.warn("Could not refresh budget gauges: {}", e.getMessage());
        }
    }

    private void spend(String tenant, String model, long micros) {
        if (micros > 0) {
            Counter.builder("ai.spend.usd").description("USD spent on LLM calls").tag("tenant", tenant).tag("model", model)
                    .register(registry).increment(Micros.toUsd(micros).doubleValue());
        }
    }

    private Counter tokens(String tenant, String role, String model, String direction) {
        return Counter.builder("ai.tokens").description("LLM tokens sent (in) and received (out)").tag("tenant", tenant)
                .tag("role", role).tag("model", model).tag("direction", direction).register(registry);
    }

    private AtomicLong gauge(String tenant, String kind) {
        return gauges.computeIfAbsent(tenant + "|" + kind, k -> {
            AtomicLong micros = new AtomicLong();
            Gauge.builder("ai.tenant.budget", micros, m -> m.get() / (double) Micros.PER_USD)
                    .description("Tenant budget in USD by kind (limit, spent, reserved, remaining)")
                    .tag("tenant", tenant).tag("kind", kind).register(registry);
            return micros;
        });
    }
}
