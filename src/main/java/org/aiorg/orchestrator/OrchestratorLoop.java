package org.aiorg.orchestrator;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.aiorg.db.ClusterLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the orchestrator every {@code aiorg.orchestrator.interval} in {@code serve}, in the one
 * process that holds the "orchestrator" lease.
 */
@Component
@ConditionalOnBooleanProperty(name = "aiorg.orchestrator.enabled", matchIfMissing = true)
class OrchestratorLoop {

    static final String LEASE = "orchestrator";
    private static final Logger log = LoggerFactory.getLogger(OrchestratorLoop.class);

    private final Orchestrator orchestrator;
    private final ClusterLeases leases;
    private final Duration interval;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private boolean holding;

    OrchestratorLoop(Orchestrator orchestrator, ClusterLeases leases, @Value("${aiorg.orchestrator.interval:5s}") Duration interval) {
        this.orchestrator = orchestrator;
        this.leases = leases;
        this.interval = interval;
    }

    @Scheduled(fixedDelayString = "${aiorg.orchestrator.interval:5s}", initialDelayString = "${aiorg.orchestrator.interval:5s}")
    void tick() {
        try {
            boolean held = leases.acquire(LEASE, owner, interval.multipliedBy(3));
            if (held != holding) {
                log.info(held ? "Orchestrator: this process runs the cycles now" : "Orchestrator: another process runs the cycles");
                holding = held;
            }
            if (!held) {
                return;
            }
            List<Orchestrator.Report> reports = orchestrator.cycleAll();
            if (log.isDebugEnabled()) {
                reports.forEach(r -> log.debug("\n{}", r.render()));
            }
        } catch (RuntimeException e) {
            log.warn("Orchestrator cycle failed: {}", e.getMessage(), e);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (holding) {
            try {
                leases.release(LEASE, owner);
            } catch (RuntimeException e) {
                log.debug("Could not release the orchestrator lease: {}", e.getMessage());
            }
        }
    }
}
