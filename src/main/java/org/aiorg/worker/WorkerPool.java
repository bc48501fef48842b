package org.aiorg.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.aiorg.agent.LlmClient;
import org.aiorg.agent.LlmProperties;
import org.aiorg.agent.Prompts;
import org.aiorg.budget.BudgetGate;
import org.aiorg.budget.Budgets;
import org.aiorg.task.ClaimedTask;
import org.aiorg.task.TaskChanged;
import org.aiorg.task.TaskCreated;
import org.aiorg.task.TaskExecutions;
import org.aiorg.task.TaskOutcome;
import org.aiorg.task.TaskQueue;
import org.aiorg.task.TaskStatus;
import org.aiorg.tenant.TenantId;
import org.aiorg.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The workers of one process. A claim loop takes ready tasks of its queues in batches (as many
 * as there are free slots, up to {@code claim-batch} per round trip), renders their prompts,
 * reserves their budget in one call, and starts each on a virtual thread ({@link TaskRunner});
 * finished executions are written in batches ({@link OutcomeWriter}), which frees their slots. The {@link Lease} heartbeat keeps claimed tasks ours while they run.
 *
 * <p>Stopping (SIGTERM, context close): claim no more, let in-flight tasks finish until the
 * grace period ends, interrupt the rest (they give their task back and settle or release their
 * reservation), then give back whatever this owner still holds.
 */
@Component
public class WorkerPool implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final WorkerProperties props;
    private final TaskExecutions executions;
    private final WorkerMetrics metrics;
    private final TaskRunner runner;
    private final BudgetGate gate;
    private final LlmClient llm;
    private final List<TaskQueue> queues;
    private final Semaphore wakeups = new Semaphore(0);
    private final Set<Thread> active = ConcurrentHashMap.newKeySet();

    private volatile boolean running;
    private Semaphore slots;
    private Lease lease;
    private OutcomeWriter writer;
    private Thread claimer;
    private Thread progress;

    WorkerPool(WorkerProperties props, LlmProperties llmProps, TaskExecutions executions, Tenants tenants, Prompts prompts,
            LlmClient llm, BudgetGate gate, Budgets budgets, BudgetHolds holds, WorkerMetrics metrics) {
        this.props = props;
        this.executions = executions;
        this.metrics = metrics;
        this.gate = gate;
        this.llm = llm;
        this.queues = props.queueList();
        Duration reservationTtl = props.reservationTtl() != null ? props.reservationTtl()
                : llmProps.worstCaseCall().plus(props.leaseTtl());
        this.runner = new TaskRunner(tenants, prompts, llm, gate, budgets, holds, props.maxOutputTokens(), reservationTtl);
    }

    /** Started once the application is ready, after start-up runners (the demo loader) have run, not during refresh. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        if (props.enabled()) {
            start();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        slots = new Semaphore(props.concurrency());
        lease = new Lease(props.leaseTtl(), props.heartbeat(), executions);
        writer = new OutcomeWriter(lease.owner(), executions, gate, props.completionBatch(), this::written);
        running = true;
        writer.start();
        lease.start();
        claimer = Thread.ofPlatform().name("aiorg-claimer").start(this::claimLoop);
        progress = Thread.ofPlatform().daemon().name("aiorg-progress").start(this::progressLoop);
        log.info("Workers started as {}: queues {}, concurrency {}, model {}, lease {}", lease.owner(),
                queues.isEmpty() ? "all" : queues, props.concurrency(), llm.model(), props.leaseTtl());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The lease owner id of this pool (while it runs). */
    public String owner() {
        return lease == null ? null : lease.owner();
    }

    private void claimLoop() {
        Duration leaseTtl = props.leaseTtl();
        while (running) {
            int n;
            try {
                // Polls rather than blocks, so that a stop is noticed without interrupting a claim.
                if (!slots.tryAcquire(props.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                n = 1 + take(props.claimBatch() - 1);
            } catch (InterruptedException e) {
                break;
            }
            if (!running) {
                slots.release(n);
                break;
            }
            List<ClaimedTask> claimed;
            try {
                claimed = executions.claim(lease.owner(), queues, n, leaseTtl);
            } catch (RuntimeException e) {
                slots.release(n);
                log.warn("Claiming tasks failed: {}", e.getMessage());
                awaitWake(props.pollInterval());
                continue;
            }
            slots.release(n - claimed.size());
            if (!claimed.isEmpty()) {
                // Rendering and reserving a batch takes a few round trips: the next claim need not wait.
                Thread.ofVirtual().name("aiorg-batch").start(() -> startAll(claimed));
            }
            if (claimed.size() < n) {
                awaitWake(props.pollInterval());
            }
        }
    }

    /**
     * Renders the batch's prompts, reserves their budget in one call to the gate (one transaction
     * for a SQL store), and starts each reserved task on its own virtual thread. Refused tasks are
     * held; their outcome goes straight to the writer.
     */
    private void startAll(List<ClaimedTask> claimed) {
        try {
            prepareAndStart(claimed);
        } catch (Throwable t) {
            // Never expected; the tasks' leases expire and they run again.
            log.error("Starting {} claimed task(s) failed", claimed.size(), t);
        }
    }

    private void prepareAndStart(List<ClaimedTask> claimed) {
        List<TaskRunner.Prepared> ready = new ArrayList<>(claimed.size());
        for (ClaimedTask c : claimed) {
            metrics.started(c.task().role());
            TaskRunner.Prepared p = runner.prepare(c);
            if (p.failed() != null) {
                writer.submit(p.failed());
            } else {
                ready.add(p);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        List<BudgetGate.ReserveResult> results;
        try {
            results = gate.reserveAll(ready.stream().map(runner::reservation).toList());
            if (results.size() != ready.size()) {
                throw new IllegalStateException("the budget gate answered " + results.size() + " of " + ready.size() + " reservations");
            }
        } catch (RuntimeException e) {
            ready.forEach(p -> writer.submit(runner.unavailable(p, e.getMessage())));
            return;
        }
        // What refused tasks needed is judged against the budget as it was at the refusal: read it
        // now, before this batch's calls start and settle.
        Map<TenantId, Long> remaining = new HashMap<>();
        for (int i = 0; i < ready.size(); i++) {
            if (results.get(i) instanceof BudgetGate.Refused) {
                runner.remainingNow(ready.get(i).claimed().tenant(), remaining);
            }
        }
        List<BudgetGate.ReservationRef> toSend = new ArrayList<>(ready.size());
        for (int i = 0; i < ready.size(); i++) {
            if (results.get(i) instanceof BudgetGate.Reserved r) {
                toSend.add(new BudgetGate.ReservationRef(ready.get(i).claimed().tenant(), r.reservationId()));
            } else {
                writer.submit(runner.refused(ready.get(i), (BudgetGate.Refused) results.get(i), remaining));
            }
        }
        if (toSend.isEmpty()) {
            return;
        }
        if (!running) {
            // Stopping: the calls are not started, the reservations given back unsent.
            for (int i = 0; i < ready.size(); i++) {
                if (results.get(i) instanceof BudgetGate.Reserved r) {
                    writer.submit(runner.notStarted(ready.get(i), r.reservationId()));
                }
            }
            return;
        }
        // The batch's reservations are marked sent in one call (one transaction for a SQL store)
        // right before its calls start: from here on an expiry charges them in full. If that
        // fails, each task marks its own before its call, as it did before batching.
        boolean marked;
        try {
            gate.markSentAll(toSend);
            marked = true;
        } catch (RuntimeException e) {
            log.warn("Marking {} reservation(s) sent in one call failed ({}); each task marks its own", toSend.size(),
                    e.getMessage());
            marked = false;
        }
        boolean sent = marked;
        for (int i = 0; i < ready.size(); i++) {
            TaskRunner.Prepared p = ready.get(i);
            if (results.get(i) instanceof BudgetGate.Reserved r) {
                Thread.ofVirtual().name("aiorg-task-" + p.claimed().task().id()).start(() -> execute(p, r.reservationId(), sent));
            }
        }
    }

    /** Takes up to {@code max} more free slots without waiting. */
    private int take(int max) {
        int got = slots.drainPermits();
        if (got > max) {
            slots.release(got - max);
            got = max;
        }
        return got;
    }

    private void execute(TaskRunner.Prepared p, String reservation, boolean markedSent) {
        ClaimedTask c = p.claimed();
        Thread self = Thread.currentThread();
        active.add(self);
        Finished f;
        try {
            f = runner.call(p, reservation, markedSent);
        } catch (Throwable t) {
            log.error("Task {}/{}: runner failed", c.tenant(), c.task().id(), t);
            f = new Finished(c, new TaskOutcome.Failed(c.tenant(), c.task().id(), "worker error: " + t, 0, 0, null, null),
                    Finished.BudgetAction.settle(reservation, null, null), p.started());
        } finally {
            active.remove(self);
        }
        writer.submit(f);
    }

    /** After a batch of outcomes is written: count them, free their slots, look for more work. */
    private void written(List<Finished> batch, Set<String> applied) {
        for (Finished f : batch) {
            boolean ok = applied.contains(f.outcome().taskId());
            if (!ok) {
                log.info("Task {}/{}: its lease was lost before the outcome was written (taken back by the reaper); outcome dropped",
                        f.outcome().tenant(), f.outcome().taskId());
            }
            metrics.finished(f, ok);
        }
        slots.release(batch.size());
        wake();
    }

    /** New or newly ready work in this process: claim now rather than at the next poll. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskCreated event) {
        wake();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskChanged event) {
        TaskStatus s = event.task().status();
        if (s == TaskStatus.DONE || s == TaskStatus.TODO && event.task().holdReason() == null) {
            wake();
        }
    }

    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void awaitWake(Duration d) {
        try {
            wakeups.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
            wakeups.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        Thread claimerThread;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            claimerThread = claimer;
        }
        log.info("Workers stopping: no more claims; {} task(s) in flight get up to {} to finish", metrics.inFlight(),
                props.shutdownGrace());
        wake();
        join(claimerThread);
        try {
            if (!slots.tryAcquire(props.concurrency(), props.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("Workers stopping: {} task(s) still running after {}; giving them back", active.size(),
                        props.shutdownGrace());
                active.forEach(Thread::interrupt);
                if (!slots.tryAcquire(props.concurrency(), 10, TimeUnit.SECONDS)) {
                    log.warn("Workers stopping: {} task(s) did not end when interrupted", active.size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.stop();
        int left = 0;
        try {
            left = executions.releaseAll(lease.owner());
        } catch (RuntimeException e) {
            log.warn("Could not give back the tasks still held by {} (their leases expire): {}", lease.owner(), e.getMessage());
        }
        lease.stop();
        progress.interrupt();
        logProgress(true);
        log.info("Workers stopped{}", left > 0 ? "; " + left + " unfinished task(s) given back" : "");
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long lastClaimed;
    private long lastDone;
    private long lastFailed;
    private long lastHeld;
    private long lastReleased;
    private long lastAt = System.nanoTime();

    private void progressLoop() {
        try {
            while (running) {
                Thread.sleep(props.progressInterval());
                logProgress(false);
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    private synchronized void logProgress(boolean always) {
        long claimed = metrics.claimed.sum();
        long done = metrics.done.sum();
        long failed = metrics.failed.sum();
        long held = metrics.held.sum();
        long released = metrics.released.sum();
        int inFlight = metrics.inFlight();
        long now = System.nanoTime();
        boolean changed = claimed != lastClaimed || done != lastDone || failed != lastFailed || held != lastHeld;
        if (always || changed || inFlight > 0) {
            double seconds = Math.max(0.001, (now - lastAt) / 1e9);
            log.info("Workers {}: claimed {}, done {}, failed {}, held {}, given back {} in the last {} s ({} done/s); "
                            + "in flight {}; since start: done {}, failed {}, held {}",
                    lease.owner(), claimed - lastClaimed, done - lastDone, failed - lastFailed, held - lastHeld,
                    released - lastReleased, Math.round(seconds), Math.round((done - lastDone) / seconds), inFlight, done,
                    failed, held);
        }
        lastClaimed = claimed;
        lastDone = done;
        lastFailed = failed;
        lastHeld = held;
        lastReleased = released;
        lastAt = now;
    }
}
