package org.aiorg.web;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiorg.common.ProcessIdentity;
import org.aiorg.orchestrator.Alerts;
import org.aiorg.outbox.Outbox;
import org.aiorg.outbox.OutboxEntry;
import org.aiorg.outbox.OutboxGaps;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What other processes change, pushed to this process's live-event subscribers: {@code worker}
 * processes working through tasks, other API processes behind the same load balancer, an
 * orchestrator running alone. Every process writes each task change to the outbox and each alert
 * to the alert table, marked with its {@link ProcessIdentity}; this follows both twice a second
 * and sends, per tenant, one {@code task} event for what others changed (the dashboard refetches
 * what it shows), a {@code budget} event (their runs spent it), and each of their alerts. This
 * process's own changes reach subscribers at once, without this; nothing is read while nobody
 * listens.
 */
@Component
@ConditionalOnWebApplication
class RemoteChanges {

    private static final Logger log = LoggerFactory.getLogger(RemoteChanges.class);
    private static final int BATCH = 2_000;
    /** Alerts are read back this far, for commits and clocks of other processes that lag a little. */
    private static final long ALERT_SLACK_MILLIS = 5_000;

    private final Outbox outbox;
    private final Alerts alerts;
    private final LiveEvents live;
    private final InstantSource clock;
    private final OutboxGaps gaps = new OutboxGaps(Duration.ofSeconds(5));
    /** Alerts already sent, by id, with their time: the read-back window sees them again. */
    private final Map<String, Long> alertsSent = new HashMap<>();
    private long position = -1;
    private long alertsFrom;

    RemoteChanges(Outbox outbox, Alerts alerts, LiveEvents live, InstantSource clock) {
        this.outbox = outbox;
        this.alerts = alerts;
        this.live = live;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${aiorg.live.poll-millis:500}")
    void poll() {
        try {
            follow();
        } catch (RuntimeException e) {
            log.warn("Live events: reading what other processes changed failed (tried again shortly): {}", e.getMessage());
        }
    }

    synchronized void follow() {
        long now = clock.millis();
        if (position < 0 || !live.hasSubscribers()) {
            // Nobody listens: start from here once somebody does.
            position = outbox.lastId();
            alertsFrom = now;
            alertsSent.clear();
            return;
        }
        Map<TenantId, Set<String>> changed = new LinkedHashMap<>();
        List<OutboxEntry> rows;
        do {
            rows = gaps.applicable(position, outbox.after(position, BATCH));
            for (OutboxEntry row : rows) {
                position = row.id();
                if (!ProcessIdentity.ID.equals(row.origin())) {
                    changed.computeIfAbsent(TenantId.of(row.tenant()), k -> new LinkedHashSet<>()).add(row.taskId());
                }
            }
        } while (rows.size() == BATCH);
        changed.forEach(live::changedElsewhere);
        for (Alerts.TenantAlert a : alerts.raisedElsewhereSince(alertsFrom - ALERT_SLACK_MILLIS, 500)) {
            if (alertsSent.putIfAbsent(a.alert().id(), a.alert().at().toEpochMilli()) == null) {
                live.publish(a.tenant(), "alert", a.alert());
            }
        }
        alertsFrom = now;
        alertsSent.values().removeIf(at -> at < now - 4 * ALERT_SLACK_MILLIS);
    }
}
