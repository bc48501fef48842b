package org.aiorg.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Prunes the outbox now and then in every process; two processes pruning at once do no harm. */
@Component
class OutboxPruner {

    private static final Logger log = LoggerFactory.getLogger(OutboxPruner.class);

    private final Outbox outbox;

    OutboxPruner(Outbox outbox) {
        this.outbox = outbox;
    }

    @Scheduled(fixedDelayString = "${aiorg.outbox.prune-interval:1m}", initialDelayString = "${aiorg.outbox.prune-interval:1m}")
    void prune() {
        try {
            outbox.prune();
        } catch (RuntimeException e) {
            log.warn("Could not prune the outbox: {}", e.getMessage());
        }
    }
}
