package org.aiorg.db;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a transaction. On SQLite, writers take one process-wide lock first: SQLite
 * admits one writer at a time, and waiting in Java is much cheaper than SQLite's busy-retry
 * sleeps. Readers never take the lock (WAL lets them run beside the writer).
 */
@Component
public class Tx {

    private final TransactionTemplate write;
    private final TransactionTemplate read;
    private final ReentrantLock sqliteWriter;

    public Tx(PlatformTransactionManager tm, Dialect dialect) {
        this.write = new TransactionTemplate(tm);
        this.read = new TransactionTemplate(tm);
        this.read.setReadOnly(true);
        this.read.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
        this.sqliteWriter = dialect == Dialect.SQLITE ? new ReentrantLock() : null;
    }

    public <T> T write(Supplier<T> work) {
        if (sqliteWriter == null || TransactionSynchronizationManager.isActualTransactionActive()) {
            return write.execute(status -> work.get());
        }
        sqliteWriter.lock();
        try {
            return write.execute(status -> work.get());
        } finally {
            sqliteWriter.unlock();
        }
    }

    public void run(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    public <T> T read(Supplier<T> work) {
        return read.execute(status -> work.get());
    }

    /** Something a transaction collects and writes just before it commits. */
    public interface BeforeCommit {
        /** Writes what was collected, on the transaction's connection; an exception rolls the transaction back. */
        void flush();
    }

    private static final Object FLUSHED = new Object();

    /** The order of buffers that take no row locks: they flush first. */
    public static final int FLUSH_EARLY = 0;
    /** The order of buffers that lock hot rows (budget accounts): they flush last, so the lock lasts only through the commit. */
    public static final int FLUSH_LAST = 1_000;

    /**
     * The current transaction's buffer under {@code key}, created on first use and flushed just
     * before the transaction commits (buffers in {@code order}, lowest first); dropped on
     * rollback. Null outside a transaction, and once the buffer was flushed (a write made while
     * the transaction commits): the caller then writes at once.
     *
     * <p>Why: many small writes of one transaction (outbox rows, account deltas) cost one round
     * trip each; collected, they are one batch. And a hot row written last is locked only for the
     * commit, not for everything the transaction does after touching it.
     */
    @SuppressWarnings("unchecked")
    public static <B extends BeforeCommit> B buffer(Object key, int order, Supplier<B> create) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        Object existing = TransactionSynchronizationManager.getResource(key);
        if (existing == FLUSHED) {
            return null;
        }
        if (existing != null) {
            return (B) existing;
        }
        B created = create.get();
        TransactionSynchronizationManager.bindResource(key, created);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public int getOrder() {
                return order;
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                TransactionSynchronizationManager.unbindResource(key);
                TransactionSynchronizationManager.bindResource(key, FLUSHED);
                created.flush();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
        return created;
    }
}
