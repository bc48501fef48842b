package org.aiorg.orchestrator;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiorg.budget.BudgetExhausted;
import org.aiorg.budget.BudgetIncreased;
import org.aiorg.budget.Micros;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Raises a {@code budget_exhausted} alert when a tenant's LLM calls start being refused for want
 * of budget: once per episode, not once per refused task (a claimed batch can refuse 64). The
 * episode ends when the budget grows in this process (a top-up or a higher limit), or after
 * {@link #REARM} (a top-up made through another process), so that an exhaustion that lasts or
 * comes back is reported again.
 */
@Component
class BudgetAlerts {

    static final Duration REARM = Duration.ofMinutes(15);

    private final Alerts alerts;
    private final InstantSource clock;
    /** Tenant -> when its current episode was reported (epoch ms). */
    private final Map<String, Long> reported = new ConcurrentHashMap<>();

    BudgetAlerts(Alerts alerts, InstantSource clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @EventListener
    void on(BudgetExhausted e) {
        long now = clock.millis();
        Long previous = reported.get(e.tenant().value());
        if (previous != null && now - previous < REARM.toMillis()) {
            return;
        }
        if (previous == null ? reported.putIfAbsent(e.tenant().value(), now) != null
                : !reported.replace(e.tenant().value(), previous, now)) {
            return; // another thread reports this episode
        }
        alerts.raise(e.tenant(), "budget_exhausted", e.taskId(), "The budget is used up: task " + e.taskId() + " needs "
                + Micros.toUsd(e.shortfallMicros()).toPlainString() + " USD more than remains. Tasks wait on hold (budget_exhausted)"
                + " and start by themselves after a top-up.");
    }

    @EventListener
    void on(BudgetIncreased e) {
        reported.remove(e.tenant().value());
    }
}
