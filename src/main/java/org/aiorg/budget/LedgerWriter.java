package org.aiorg.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aiorg.db.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the Redis store's ledger rows: callers hand in their rows and wait; a writer
 * thread writes whatever has queued up meanwhile in one transaction (one statement on
 * PostgreSQL) and wakes them all. A caller returns only once its rows are committed, so
 * durability is that of a transaction per call, at the price of one commit per batch instead of
 * one per call. The next batch fills while one commits; a second writer thread only made the
 * batches smaller (more PostgreSQL CPU per row) without more throughput (docs/benchmarks-budget.md).
 * Rows carry their own time-ordered ids, so the order of batches does not matter.
 */
class LedgerWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);
    private static final int MAX_BATCH = 512;
    static final long WAIT_SECONDS = 30;

    private record Item(long seq, List<LedgerEntry> rows, CompletableFuture<Void> done) {}

    private static final Item STOP = new Item(-1, List.of(), null);

    private final LedgerRepository ledger;
    private final Tx tx;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private static final int WRITERS = 1;

    private final List<Thread> threads = new ArrayList<>();
    /** Items handed in and not yet committed, by sequence number: what flush waits for. */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> pending = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

    LedgerWriter(LedgerRepository ledger, Tx tx) {
        this.ledger = ledger;
        this.tx = tx;
        for (int i = 0; i < WRITERS; i++) {
            threads.add(Thread.ofPlatform().name("budget-ledger-writer-" + i).daemon().start(this::run));
        }
    }

    /** Writes the rows and returns once they are committed. */
    void write(List<LedgerEntry> rows) {
        await(submit(rows));
    }

    /**
     * Hands the rows in without waiting: the future completes once they are committed (or failed).
     * Never blocks, so that it can be called on an I/O thread (the Redis client's).
     */
    CompletableFuture<Void> submit(List<LedgerEntry> rows) {
        if (rows.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!threads.getFirst().isAlive()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the ledger writer is closed"));
        }
        long seq = sequence.incrementAndGet();
        Item item = new Item(seq, rows, new CompletableFuture<>());
        pending.add(seq);
        queue.add(item);
        return item.done();
    }

    static void await(CompletableFuture<Void> done) {
        try {
            done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ledger write did not commit within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the ledger", e);
        }
    }

    /** Returns once everything handed in before is committed (or failed). */
    void flush() {
        long upTo = sequence.get();
        synchronized (pending) {
            while (!pending.isEmpty() && pending.first() <= upTo) {
                try {
                    pending.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void run() {
        List<Item> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            List<LedgerEntry> rows = new ArrayList<>();
            batch.forEach(i -> rows.addAll(i.rows()));
            try {
                if (!rows.isEmpty()) {
                    tx.run(() -> ledger.insertAll(rows));
                }
                batch.forEach(i -> i.done().complete(null));
            } catch (RuntimeException e) {
                log.error("Could not write {} budget ledger row(s)", rows.size(), e);
                batch.forEach(i -> i.done().completeExceptionally(e));
            }
            batch.forEach(i -> pending.remove(i.seq()));
            synchronized (pending) {
                pending.notifyAll();
            }
            if (stop) {
                queue.add(STOP); // for the other writers
                return;
            }
        }
    }

    @Override
    public void close() {
        queue.add(STOP);
        try {
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
