package org.aiorg.db;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
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
}
