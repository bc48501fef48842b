package org.aiorg.worker;

import java.time.Duration;
import java.util.List;
import org.aiorg.task.TaskQueue;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Workers: how many tasks run at once, how they are claimed and leased, how a process stops.
 *
 * @param enabled          run workers in this process ({@code serve --no-workers} turns them off)
 * @param queues           {@code tenant:role} pairs, comma-separated, {@code *} for any half ({@code -Q}); empty = all
 * @param concurrency      tasks in flight at most ({@code --concurrency}); each waits on its LLM call in a virtual thread
 * @param claimBatch       most tasks claimed per database round trip
 * @param leaseTtl         a claimed task's lease; a worker that misses heartbeats for this long loses its tasks
 * @param heartbeat        how often leases are extended (default a third of the lease)
 * @param pollInterval     how long an idle worker waits before looking for ready tasks again
 * @param maintenance      run the lease reaper and the hold checks in this process (every serve and worker does)
 * @param reaperInterval   how often expired leases are looked for
 * @param holdRecheck      how often held tasks are checked against their tenant's budget
 * @param holdRetry        a tenant with budget left has its held tasks retried at least this often
 * @param shutdownGrace    on SIGTERM, how long in-flight tasks may finish before they are given back
 * @param maxOutputTokens  output tokens reserved per task and sent as max_tokens
 * @param maxAttempts      a task whose lease expired this many times fails instead of running again
 * @param reservationTtl   how long a budget reservation lives (default: the longest call with retries, plus the lease)
 * @param completionBatch  most outcomes written per transaction
 * @param progressInterval how often a working process logs its counts
 */
@ConfigurationProperties("aiorg.worker")
public record WorkerProperties(
        Boolean enabled,
        String queues,
        Integer concurrency,
        Integer claimBatch,
        Duration leaseTtl,
        Duration heartbeat,
        Duration pollInterval,
        Boolean maintenance,
        Duration reaperInterval,
        Duration holdRecheck,
        Duration holdRetry,
        Duration shutdownGrace,
        Integer maxOutputTokens,
        Integer maxAttempts,
        Duration reservationTtl,
        Integer completionBatch,
        Duration progressInterval) {

    public WorkerProperties {
        enabled = enabled == null || enabled;
        queues = queues == null ? "" : queues.strip();
        concurrency = positive(concurrency, 256, "concurrency");
        claimBatch = positive(claimBatch, 64, "claim-batch");
        leaseTtl = leaseTtl == null ? Duration.ofSeconds(60) : leaseTtl;
        heartbeat = heartbeat == null ? leaseTtl.dividedBy(3) : heartbeat;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        maintenance = maintenance == null || maintenance;
        reaperInterval = reaperInterval == null ? Duration.ofSeconds(10) : reaperInterval;
        holdRecheck = holdRecheck == null ? Duration.ofSeconds(10) : holdRecheck;
        holdRetry = holdRetry == null ? Duration.ofMinutes(2) : holdRetry;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(30) : shutdownGrace;
        maxOutputTokens = positive(maxOutputTokens, 1024, "max-output-tokens");
        maxAttempts = positive(maxAttempts, 5, "max-attempts");
        completionBatch = positive(completionBatch, 512, "completion-batch");
        progressInterval = progressInterval == null ? Duration.ofSeconds(10) : progressInterval;
        if (!leaseTtl.isPositive() || !heartbeat.isPositive() || heartbeat.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("aiorg.worker: lease-ttl must be > 0 and heartbeat shorter than the lease");
        }
        queueList(queues);
    }

    /** The parsed queues; empty = every role of every tenant. */
    public List<TaskQueue> queueList() {
        return queueList(queues);
    }

    private static List<TaskQueue> queueList(String queues) {
        return TaskQueue.parseList(queues);
    }

    private static int positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("aiorg.worker." + name + " must be >= 1 (got " + value + ")");
        }
        return value;
    }
}
