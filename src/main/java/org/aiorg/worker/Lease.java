package org.aiorg.worker;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.aiorg.task.TaskExecutions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease a worker process holds on the tasks it claimed: its owner id (host, pid and a random
 * suffix, unique per pool) and the heartbeat that extends all of them in one statement. A process
 * that stops beating (killed, frozen) loses its tasks to the reaper after one lease period.
 */
final class Lease {

    private static final Logger log = LoggerFactory.getLogger(Lease.class);

    private final String owner;
    private final Duration ttl;
    private final Duration every;
    private final TaskExecutions executions;
    private final Semaphore stop = new Semaphore(0);
    private Thread thread;

    Lease(Duration ttl, Duration every, TaskExecutions executions) {
        this.owner = newOwner();
        this.ttl = ttl;
        this.every = every;
        this.executions = executions;
    }

    static String newOwner() {
        String host = System.getenv().getOrDefault("HOSTNAME", ManagementFactory.getRuntimeMXBean().getName().replaceAll("^\\d+@", ""));
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
        String id = host + "-" + ProcessHandle.current().pid() + "-" + suffix;
        return id.length() <= 100 ? id : id.substring(id.length() - 100);
    }

    String owner() {
        return owner;
    }

    Duration ttl() {
        return ttl;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        stop.drainPermits();
        thread = Thread.ofPlatform().daemon().name("aiorg-heartbeat").start(() -> {
            try {
                while (!stop.tryAcquire(every.toMillis(), TimeUnit.MILLISECONDS)) {
                    beat();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void beat() {
        try {
            executions.heartbeat(owner, ttl);
        } catch (RuntimeException e) {
            // Keep trying: the leases last a whole period, several beats long.
            log.warn("Heartbeat of {} failed: {}", owner, e.getMessage());
        }
    }

    synchronized void stop() {
        if (thread == null) {
            return;
        }
        stop.release();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }
}
