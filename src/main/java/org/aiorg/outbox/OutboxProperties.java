package org.aiorg.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long outbox rows are kept.
 *
 * @param retention     rows older than this are pruned even if a consumer has not applied them
 *                      (it then rebuilds from the tables); consumers silent for longer no longer
 *                      hold rows back; env {@code AIORG_OUTBOX_RETENTION}
 * @param pruneInterval how often each process prunes (concurrent prunes are harmless)
 */
@ConfigurationProperties("aiorg.outbox")
public record OutboxProperties(Duration retention, Duration pruneInterval) {

    public OutboxProperties {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            retention = Duration.ofHours(24);
        }
        if (pruneInterval == null || pruneInterval.isNegative() || pruneInterval.isZero()) {
            pruneInterval = Duration.ofMinutes(1);
        }
    }
}
