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
 * Group commit for the Redis store's ledger rows: callers hand in their rows and wait; one thread
 * writes whatever has queued up meanwhile in one transaction (one JDBC batch) and wakes them all.
 * A caller returns only once its rows are committed, so durability is that of a transaction per
 * call, at the price of one commit per batch instead of one per call.
 */
class LedgerWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);
    private static final int MAX_BATCH = 512;
    private static final long WAIT_SECONDS = 30;

    private record Item(List<LedgerEntry> rows, CompletableFuture<Void> done) {}

    private static final Item STOP = new Item(List.of(), null);

    private final LedgerRepository ledger;
    private final Tx tx;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    LedgerWriter(LedgerRepository ledger, Tx tx) {
        this.ledger = ledger;
        this.tx = tx;
        this.thread = Thread.ofPlatform().name("budget-ledger-writer").daemon().start(this::run);
    }

    /** Writes the rows and returns once they are committed. */
    void write(List<LedgerEntry> rows) {
        if (!thread.isAlive()) {
            throw new IllegalStateException("the ledger writer is closed");
        }
        Item item = new Item(rows, new CompletableFuture<>());
        queue.add(item);
        try {
            item.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ledger write did not commit within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the ledger", e);
        }
    }

    /** Returns once everything handed in before is committed. */
    void flush() {
        write(List.of());
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
            if (stop) {
                return;
            }
        }
    }

    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
