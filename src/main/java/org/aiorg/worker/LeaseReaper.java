package org.aiorg.worker;

import java.util.List;
import org.aiorg.task.TaskExecutions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes back tasks whose lease expired (their worker was killed or froze): they go back to todo
 * and run again, or fail once they used {@code max-attempts}. Runs in every serve and worker
 * process, so a dead worker's tasks come back as long as any process is up; concurrent reapers
 * are harmless (each expired task is taken back by exactly one UPDATE).
 */
@Component
@ConditionalOnBooleanProperty(name = "aiorg.worker.maintenance", matchIfMissing = true)
class LeaseReaper {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final TaskExecutions executions;
    private final WorkerProperties props;

    LeaseReaper(TaskExecutions executions, WorkerProperties props) {
        this.executions = executions;
        this.props = props;
    }

    @Scheduled(fixedDelayString = "${aiorg.worker.reaper-interval:10s}", initialDelayString = "${aiorg.worker.reaper-interval:10s}")
    void reap() {
        try {
            List<TaskExecutions.Reclaimed> reclaimed = executions.reapExpired(props.leaseTtl(), props.maxAttempts());
            long gaveUp = reclaimed.stream().filter(TaskExecutions.Reclaimed::gaveUp).count();
            if (!reclaimed.isEmpty()) {
                log.warn("Reaper: {} task(s) with an expired lease taken back ({} to run again, {} failed after {} attempts)",
                        reclaimed.size(), reclaimed.size() - gaveUp, gaveUp, props.maxAttempts());
            }
        } catch (RuntimeException e) {
            log.warn("Reaper failed: {}", e.getMessage());
        }
    }
}
