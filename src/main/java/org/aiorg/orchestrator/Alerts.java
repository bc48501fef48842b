package org.aiorg.orchestrator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.aiorg.common.ProcessIdentity;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Raises alerts: logged, kept in SQL (the last {@code aiorg.orchestrator.alerts-kept} per tenant), counted and published. */
@Service
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final JdbcClient jdbc;
    private final Tx tx;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final ApplicationEventPublisher events;
    private final int kept;

    Alerts(JdbcClient jdbc, Tx tx, InstantSource clock, MeterRegistry registry, ApplicationEventPublisher events,
            @Value("${aiorg.orchestrator.alerts-kept:200}") int kept) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.registry = registry;
        this.events = events;
        this.kept = kept;
    }

    public Alert raise(TenantId tenant, String kind, String taskId, String message) {
        Alert alert = new Alert(UUID.randomUUID().toString(), Instant.ofEpochMilli(clock.millis()), kind, taskId, message);
        tx.run(() -> {
            jdbc.sql("""
                    INSERT INTO alert (id, tenant_id, at, kind, task_id, message, origin)
                    VALUES (:id, :tenant, :at, :kind, :task, :message, :origin)""")
                    .param("id", alert.id()).param("tenant", tenant.value()).param("at", alert.at().toEpochMilli())
                    .param("kind", kind).param("task", taskId).param("message", message).param("origin", ProcessIdentity.ID).update();
            jdbc.sql("""
                    DELETE FROM alert WHERE tenant_id = :tenant AND id NOT IN (
                      SELECT id FROM alert WHERE tenant_id = :tenant ORDER BY at DESC, id LIMIT :kept)""")
                    .param("tenant", tenant.value()).param("kept", kept).update();
        });
        Counter.builder("ai.alerts").description("Alerts raised").tag("tenant", tenant.value()).tag("kind", kind)
                .register(registry).increment();
        log.warn("ALERT [{}] {}: {}", tenant, kind, message);
        events.publishEvent(new AlertRaised(tenant, alert));
        return alert;
    }

    /** An alert with its tenant. */
    public record TenantAlert(TenantId tenant, Alert alert) {}

    /**
     * Alerts of every tenant that other processes raised at or after {@code fromMillis}, oldest
     * first: the live feed of each API process (its own alerts reach its subscribers directly).
     */
    public List<TenantAlert> raisedElsewhereSince(long fromMillis, int limit) {
        return tx.read(() -> jdbc.sql("""
                        SELECT tenant_id, id, at, kind, task_id, message FROM alert
                        WHERE at >= :from AND (origin IS NULL OR origin <> :me) ORDER BY at, id LIMIT :limit""")
                .param("from", fromMillis).param("me", ProcessIdentity.ID).param("limit", limit)
                .query((rs, n) -> new TenantAlert(TenantId.of(rs.getString(1)),
                        new Alert(rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getString(5), rs.getString(6))))
                .list());
    }

    public List<Alert> recent(TenantId tenant, int limit) {
        return tx.read(() -> jdbc.sql("SELECT id, at, kind, task_id, message FROM alert WHERE tenant_id = :tenant ORDER BY at DESC, id LIMIT :limit")
                .param("tenant", tenant.value()).param("limit", limit)
                .query((rs, n) -> new Alert(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list());
    }
}
