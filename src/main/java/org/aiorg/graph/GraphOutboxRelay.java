package org.aiorg.graph;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.aiorg.outbox.Outbox;
import org.aiorg.outbox.OutboxConsumer;
import org.aiorg.outbox.OutboxEntry;
import org.aiorg.outbox.OutboxGaps;
import org.aiorg.task.TaskChanged;
import org.aiorg.task.TaskCreated;
import org.aiorg.task.TaskDeleted;
import org.aiorg.task.TaskReadCache;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Applies outbox rows to Neo4j, in id order, in batches, from one thread. Every serve process
 * with Neo4j configured runs one; the lease on the {@code outbox_consumer} row lets one apply at
 * a time cluster-wide, and another takes over within a lease when it stops. A failure (Neo4j
 * down, a timeout) leaves the position where it was: the batch is retried with doubling waits up
 * to {@code max-backoff}, and since applying is idempotent a retried or repeated batch does no
 * harm. Nothing is lost while Neo4j is down: SQL keeps the rows until they are applied.
 */
class GraphOutboxRelay implements SmartLifecycle {

    static final String CONSUMER = "neo4j-graph";

    private static final Logger log = LoggerFactory.getLogger(GraphOutboxRelay.class);
    private static final long PROGRESS_LOG_NANOS = 10_000_000_000L;

    private final Outbox outbox;
    private final Neo4jGraphStore store;
    private final Neo4jGraphProjection projection;
    private final TaskReadCache cache;
    private final GraphSyncMetrics metrics;
    private final Neo4jProperties props;
    private final OutboxGaps gaps;
    private final String owner;
    private final Semaphore wake = new Semaphore(0);
    private volatile CountDownLatch stopped = new CountDownLatch(0);
    private volatile boolean running;
    private Thread thread;

    // relay thread only
    private boolean registered;
    private long leaseRenewAt;
    private boolean leading;
    private int failuresInRow;
    private long sinceLog = System.nanoTime();
    private long appliedSinceLog;
    private int batchesSinceLog;

    GraphOutboxRelay(Outbox outbox, Neo4jGraphStore store, Neo4jGraphProjection projection, TaskReadCache cache,
            GraphSyncMetrics metrics, Neo4jProperties props) {
        this.outbox = outbox;
        this.store = store;
        this.projection = projection;
        this.cache = cache;
        this.metrics = metrics;
        this.props = props;
        this.gaps = new OutboxGaps(props.gapGrace());
        this.owner = org.aiorg.common.ProcessIdentity.ID;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopped = new CountDownLatch(1);
        thread = Thread.ofPlatform().name("graph-relay").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        stopped.countDown();
        wake.release();
        try {
            t.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leading) {
            try {
                outbox.release(CONSUMER, owner);
            } catch (RuntimeException e) {
                log.debug("Could not release the graph relay's lease: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A task changed in this process: look now rather than at the next poll. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskCreated e) {
        nudge();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskChanged e) {
        nudge();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskDeleted e) {
        nudge();
    }

    void nudge() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void loop() {
        log.info("Graph relay started (owner {}, batches of {}, Neo4j {})", owner, props.batchSize(), props.safeUri());
        while (running) {
            long waitNanos;
            boolean backoff = false;
            try {
                if (!holdLease()) {
                    waitNanos = props.lease().toNanos() / 3;
                } else {
                    int applied = step();
                    if (failuresInRow > 0) {
                        log.info("Graph relay: Neo4j reachable again after {} failed attempt(s); catching up", failuresInRow);
                        failuresInRow = 0;
                    }
                    waitNanos = applied >= props.batchSize() ? 0 : props.poll().toNanos();
                }
            } catch (RuntimeException | Error e) {
                // Errors too: a dead relay thread would stop the projection without a word.
                failuresInRow++;
                metrics.failed();
                backoff = true;
                waitNanos = Math.min(props.maxBackoff().toNanos(),
                        props.poll().toNanos() << Math.min(failuresInRow - 1, 20));
                String message = "Graph relay: could not apply outbox rows (attempt {}): {}; retrying in {} ms;"
                        + " the changes stay in the outbox";
                if (failuresInRow == 1 || Integer.bitCount(failuresInRow) == 1) {
                    log.warn(message, failuresInRow, e.toString(), waitNanos / 1_000_000);
                } else {
                    log.debug(message, failuresInRow, e.toString(), waitNanos / 1_000_000);
                }
            }
            pause(waitNanos, backoff);
        }
        log.info("Graph relay stopped");
    }

    /** Waits; a nudge cuts a poll short but not a backoff (Neo4j is down: don't hammer it). */
    private void pause(long nanos, boolean backoff) {
        if (nanos <= 0 || !running) {
            return;
        }
        try {
            if (backoff) {
                stopped.await(nanos, TimeUnit.NANOSECONDS);
            } else {
                wake.tryAcquire(nanos, TimeUnit.NANOSECONDS);
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private boolean holdLease() {
        long now = System.nanoTime();
        if (leading && now - leaseRenewAt < 0) {
            return true;
        }
        if (!registered) {
            if (outbox.register(CONSUMER)) {
                log.info("Graph relay: registered outbox consumer '{}'; the first run rebuilds Neo4j from SQL", CONSUMER);
            }
            registered = true;
        }
        boolean held = outbox.lease(CONSUMER, owner, props.lease());
        if (held != leading) {
            log.info(held ? "Graph relay: this process applies the outbox now ({})"
                    : "Graph relay: another process applies the outbox ({} waits)", owner);
        }
        leading = held;
        leaseRenewAt = now + props.lease().toNanos() / 3;
        return held;
    }

    /** One batch: returns the rows applied (a resync counts as one). */
    int step() {
        OutboxConsumer consumer = outbox.consumer(CONSUMER).orElseThrow();
        if (consumer.resync()) {
            resync();
            return 1;
        }
        List<OutboxEntry> rows = gaps.applicable(consumer.position(), outbox.after(consumer.position(), props.batchSize()));
        if (rows.isEmpty()) {
            metrics.refresh();
            return 0;
        }
        store.apply(rows);
        long position = rows.getLast().id();
        if (!outbox.advance(CONSUMER, owner, position)) {
            // Another process took the lease (this one stalled longer than the lease): it carries on.
            log.warn("Graph relay: lost the lease while applying rows up to {}; another process continues", position);
            leading = false;
            return 0;
        }
        Set<String> tenants = new HashSet<>();
        rows.forEach(r -> tenants.add(r.tenant()));
        // Analyses cached in this process were read before these rows reached Neo4j: read again.
        tenants.forEach(t -> cache.bump(TenantId.of(t)));
        metrics.applied(rows.size());
        metrics.refresh();
        progress(rows.size(), position);
        return rows.size();
    }

    private void resync() {
        long upTo = outbox.lastId();
        long start = System.nanoTime();
        log.info("Graph relay: rebuilding the Neo4j graph of every tenant from SQL (outbox at id {})", upTo);
        Neo4jGraphProjection.RebuiltAll r = projection.rebuildAll();
        outbox.finishResync(CONSUMER, owner, upTo);
        log.info("Graph relay: rebuilt {} tenant(s), {} task(s), {} edge(s) in {} ms; following the outbox from id {}",
                r.tenants(), r.tasks(), r.edges(), (System.nanoTime() - start) / 1_000_000, upTo);
    }

    private void progress(int rows, long position) {
        appliedSinceLog += rows;
        batchesSinceLog++;
        long now = System.nanoTime();
        boolean caughtUp = metrics.pending() == 0 && appliedSinceLog >= props.batchSize();
        if (now - sinceLog >= PROGRESS_LOG_NANOS || caughtUp) {
            log.info("Graph relay: applied {} outbox row(s) in {} batch(es); position {}, {} pending, lag {} s",
                    appliedSinceLog, batchesSinceLog, position, metrics.pending(), metrics.lagSeconds());
            appliedSinceLog = 0;
            batchesSinceLog = 0;
            sinceLog = now;
        } else if (log.isDebugEnabled()) {
            log.debug("Graph relay: applied {} outbox row(s); position {}", rows, position);
        }
    }
}
