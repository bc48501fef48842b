package org.aiorg.graph;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.aiorg.outbox.Outbox;
import org.aiorg.outbox.OutboxConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * How far the Neo4j projection trails SQL: {@code ai_graph_sync_lag_seconds} (age of the oldest
 * outbox row it has not applied, 0 when caught up) and {@code ai_graph_outbox_pending} (rows not
 * applied). Read from the database, so every process reports the same figures whichever one
 * runs the relay. Counters {@code ai_graph_outbox_applied_total} and
 * {@code ai_graph_relay_failures_total} count this process's relay work (distinct base names:
 * Prometheus must not see a gauge and a counter of one name).
 */
class GraphSyncMetrics {

    private static final Logger log = LoggerFactory.getLogger(GraphSyncMetrics.class);

    private final Outbox outbox;
    private final InstantSource clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Counter applied;
    private final Counter failures;

    GraphSyncMetrics(MeterRegistry registry, Outbox outbox, InstantSource clock) {
        this.outbox = outbox;
        this.clock = clock;
        Gauge.builder("ai.graph.sync.lag", lagMillis, v -> v.get() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest task change not yet applied to Neo4j (0 when caught up)").register(registry);
        Gauge.builder("ai.graph.outbox.pending", pending, AtomicLong::doubleValue)
                .description("Outbox rows not yet applied to Neo4j").register(registry);
        applied = Counter.builder("ai.graph.outbox.applied").description("Outbox rows applied to Neo4j by this process")
                .register(registry);
        failures = Counter.builder("ai.graph.relay.failures")
                .description("Failed attempts of this process's relay to apply outbox rows to Neo4j").register(registry);
    }

    @Scheduled(fixedDelayString = "${aiorg.metrics.refresh:5s}", initialDelay = 0)
    void refresh() {
        try {
            long position = outbox.consumer(GraphOutboxRelay.CONSUMER).map(OutboxConsumer::position).orElse(0L);
            Outbox.Pending p = outbox.pending(position);
            pending.set(p.count());
            lagMillis.set(p.oldestCreatedAt() == null ? 0 : Math.max(0, clock.millis() - p.oldestCreatedAt()));
        } catch (RuntimeException e) {
            log.warn("Could not read the graph outbox's lag: {}", e.getMessage());
        }
    }

    long pending() {
        return pending.get();
    }

    double lagSeconds() {
        return lagMillis.get() / 1000.0;
    }

    void applied(int rows) {
        applied.increment(rows);
    }

    void failed() {
        failures.increment();
    }

    double failures() {
        return failures.count();
    }
}
