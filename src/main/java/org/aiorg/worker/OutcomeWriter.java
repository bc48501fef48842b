package org.aiorg.worker;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.aiorg.budget.BudgetGate;
import org.aiorg.task.TaskExecutions;
import org.aiorg.task.TaskOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes finished executions in batches: one transaction settles the batch's reservations (one
 * {@link BudgetGate#settleAll} call, then its releases) and then marks each task (done, failed,
 * held, given back), so that with a budget store in the same database settle and done commit together, and a thousand tasks cost a handful of commits. If a batch
 * fails, its executions are written one by one, settle first, so that one bad row does not hold
 * back the others.
 */
final class OutcomeWriter {

    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);

    private final String owner;
    private final TaskExecutions executions;
    private final BudgetGate gate;
    private final int batchSize;
    /** Called after each batch with the executions and the ids whose outcome was applied. */
    private final BiConsumer<List<Finished>, Set<String>> afterWrite;
    private final LinkedBlockingQueue<Finished> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    OutcomeWriter(String owner, TaskExecutions executions, BudgetGate gate, int batchSize,
            BiConsumer<List<Finished>, Set<String>> afterWrite) {
        this.owner = owner;
        this.executions = executions;
        this.gate = gate;
        this.batchSize = batchSize;
        this.afterWrite = afterWrite;
    }

    void submit(Finished f) {
        queue.add(f);
    }

    synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("aiorg-outcomes").start(this::loop);
    }

    /** Writes what is queued, then stops. */
    synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void loop() {
        List<Finished> batch = new ArrayList<>(batchSize);
        while (true) {
            Finished first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = queue.poll();
            }
            if (first == null) {
                if (!running) {
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, batchSize - 1);
            Set<String> applied = write(batch);
            try {
                afterWrite.accept(List.copyOf(batch), applied);
            } catch (RuntimeException e) {
                log.warn("After-write hook failed", e);
            }
        }
    }

    Set<String> write(List<Finished> batch) {
        Map<TaskOutcome, Finished> by = new IdentityHashMap<>();
        List<TaskOutcome> outcomes = new ArrayList<>(batch.size());
        for (Finished f : batch) {
            by.put(f.outcome(), f);
            outcomes.add(f.outcome());
        }
        try {
            return executions.recordAfter(owner, outcomes, () -> budgetAll(batch));
        } catch (RuntimeException e) {
            log.warn("Writing {} outcome(s) in one transaction failed ({}); writing them one by one", batch.size(), e.getMessage());
        }
        Set<String> applied = new java.util.HashSet<>();
        for (Finished f : batch) {
            try {
                budget(f);
            } catch (RuntimeException e) {
                // The reservation expires and the budget's sweeper settles it (in full once sent).
                log.warn("Task {}/{}: settling its reservation failed: {}", f.outcome().tenant(), f.outcome().taskId(), e.getMessage());
            }
            try {
                applied.addAll(executions.record(owner, List.of(f.outcome()), o -> {}));
            } catch (RuntimeException e) {
                // The lease expires and the task runs again.
                log.error("Task {}/{}: could not record its outcome: {}", f.outcome().tenant(), f.outcome().taskId(), e.getMessage());
            }
        }
        return applied;
    }

    /** The batch's settlements in one call to the gate (per tenant one account update for a SQL store), then its releases. */
    private void budgetAll(List<Finished> batch) {
        List<BudgetGate.SettleRequest> settles = new ArrayList<>(batch.size());
        for (Finished f : batch) {
            Finished.BudgetAction b = f.budget();
            if (b.kind() == Finished.BudgetAction.Kind.SETTLE) {
                settles.add(new BudgetGate.SettleRequest(f.outcome().tenant(), b.reservationId(), b.inputTokens(), b.outputTokens(),
                        role(f)));
            }
        }
        if (!settles.isEmpty()) {
            gate.settleAll(settles);
        }
        for (Finished f : batch) {
            if (f.budget().kind() == Finished.BudgetAction.Kind.RELEASE) {
                budget(f);
            }
        }
    }

    private static String role(Finished f) {
        return f.claimed().task().role() == null ? null : f.claimed().task().role().wire();
    }

    private void budget(Finished f) {
        Finished.BudgetAction b = f.budget();
        switch (b.kind()) {
            case SETTLE -> gate.settle(f.outcome().tenant(), b.reservationId(), b.inputTokens(), b.outputTokens(), role(f));
            case RELEASE -> gate.release(f.outcome().tenant(), b.reservationId());
            case NONE -> { }
        }
    }
}
