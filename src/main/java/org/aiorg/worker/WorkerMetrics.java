package org.aiorg.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.aiorg.task.Role;
import org.aiorg.task.TaskOutcome;
import org.springframework.stereotype.Component;

/**
 * The workers' metrics: {@code ai_task_duration_seconds{tenant,role,outcome}} (histogram, from
 * claim to outcome), {@code ai_tasks_in_flight{role}} (tokens are counted where they are paid for: metrics/BudgetMetrics, on settlement);
 * plus the counts the progress log prints.
 */
@Component
class WorkerMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300),
        Duration.ofSeconds(600)};

    final LongAdder claimed = new LongAdder();
    final LongAdder done = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder held = new LongAdder();
    final LongAdder released = new LongAdder();
    final LongAdder lost = new LongAdder();

    private final MeterRegistry registry;
    private final Map<Role, AtomicInteger> inFlight = new EnumMap<>(Role.class);
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Role role : Role.values()) {
            AtomicInteger holder = new AtomicInteger();
            inFlight.put(role, holder);
            Gauge.builder("ai.tasks.in.flight", holder, AtomicInteger::doubleValue)
                    .description("Tasks being worked on by this process now").tag("role", role.wire()).register(registry);
        }
    }

    void started(Role role) {
        claimed.increment();
        inFlight.get(role == null ? Role.DEV : role).incrementAndGet();
    }

    /** Counts the end of an execution; {@code applied} false when its lease was lost before the outcome was written. */
    void finished(Finished f, boolean applied) {
        Role role = f.claimed().task().role() == null ? Role.DEV : f.claimed().task().role();
        inFlight.get(role).decrementAndGet();
        if (!applied) {
            lost.increment();
            return;
        }
        String tenant = f.claimed().tenant().value();
        switch (f.outcome()) {
            case TaskOutcome.Done d -> {
                done.increment();
                duration(tenant, role, "success").record(System.nanoTime() - f.startedNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            case TaskOutcome.Failed x -> {
                failed.increment();
                duration(tenant, role, "failure").record(System.nanoTime() - f.startedNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            case TaskOutcome.Held h -> held.increment();
            case TaskOutcome.Released r -> released.increment();
        }
    }

    int inFlight() {
        return inFlight.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private Timer duration(String tenant, Role role, String outcome) {
        return durations.computeIfAbsent(tenant + "|" + role.wire() + "|" + outcome, k -> Timer.builder("ai.task.duration")
                .description("Time from a worker taking a task to its end").tag("tenant", tenant).tag("role", role.wire())
                .tag("outcome", outcome).serviceLevelObjectives(BUCKETS).register(registry));
    }

}
