package org.aiorg.outbox;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Reading the outbox, for its consumers: rows after a position, each consumer's position, and
 * a lease so that one process at a time applies a consumer's rows (a conditional update: the
 * first process whose update matches owns it until the lease runs out). Pruning keeps the table
 * small: rows every live consumer has applied go at once, any row goes after the retention.
 */
@Service
public class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final int PRUNE_CHUNK = 5_000;

    /** Rows not yet applied by a consumer and the creation time of the oldest (null when none). */
    public record Pending(long count, Long oldestCreatedAt) {}

    /** What a prune removed: rows applied by every live consumer, and rows past the retention. */
    public record Pruned(long applied, long expired) {}

    private final OutboxRepository repository;
    private final Tx tx;
    private final InstantSource clock;
    private final OutboxProperties props;

    Outbox(OutboxRepository repository, Tx tx, InstantSource clock, OutboxProperties props) {
        this.repository = repository;
        this.tx = tx;
        this.clock = clock;
        this.props = props;
    }

    /** Up to {@code limit} rows with an id above {@code position}, in id order. */
    public List<OutboxEntry> after(long position, int limit) {
        return tx.read(() -> repository.after(position, limit));
    }

    /** Every row of a tenant still in the table, in id order (tests and diagnostics). */
    public List<OutboxEntry> ofTenant(TenantId tenant) {
        return tx.read(() -> repository.ofTenant(tenant.value()));
    }

    /** The highest id written so far (0 when none). */
    public long lastId() {
        return tx.read(repository::lastId);
    }

    public Pending pending(long position) {
        return tx.read(() -> repository.pending(position));
    }

    public Optional<OutboxConsumer> consumer(String name) {
        return tx.read(() -> repository.consumer(name));
    }

    /**
     * Adds a consumer unless it exists. A new one starts at the current end of the outbox with
     * {@code resync} set: it builds its view from the tables first, then follows the rows.
     * Returns whether it was added.
     */
    public boolean register(String name) {
        return tx.write(() -> repository.register(name, repository.lastId(), true, clock.millis()));
    }

    /** Takes or renews the consumer's lease for {@code owner}; false when another owner holds it. */
    public boolean lease(String name, String owner, Duration lease) {
        long now = clock.millis();
        return tx.write(() -> repository.lease(name, owner, now, now + lease.toMillis()));
    }

    /** Records that the owner applied every row up to {@code position}; false when it no longer owns the lease. */
    public boolean advance(String name, String owner, long position) {
        return tx.write(() -> repository.advance(name, owner, position, clock.millis()));
    }

    /** After a rebuild from the tables that began when the outbox ended at {@code position}. */
    public boolean finishResync(String name, String owner, long position) {
        return tx.write(() -> repository.finishResync(name, owner, position, clock.millis()));
    }

    public void release(String name, String owner) {
        tx.run(() -> repository.release(name, owner));
    }

    /**
     * Deletes rows applied by every consumer heard from within the retention, then rows older than
     * the retention; consumers that had not applied those are marked for a resync first.
     */
    public Pruned prune() {
        long now = clock.millis();
        long cutoff = now - props.retention().toMillis();
        long applied = 0;
        Long upTo = tx.read(() -> repository.appliedByAll(cutoff));
        if (upTo != null) {
            int n;
            do {
                n = tx.write(() -> repository.deleteUpTo(upTo, PRUNE_CHUNK));
                applied += n;
            } while (n == PRUNE_CHUNK);
        }
        long expired = 0;
        while (true) {
            long deleted = tx.write(() -> {
                Long last = repository.lastExpired(cutoff, PRUNE_CHUNK);
                if (last == null) {
                    return 0L;
                }
                int marked = repository.markResync(last);
                if (marked > 0) {
                    log.warn("Outbox rows up to id {} are past the retention of {} but {} consumer(s) had not applied them:"
                            + " they will rebuild from the tables", last, props.retention(), marked);
                }
                return (long) repository.deleteUpTo(last, Integer.MAX_VALUE);
            });
            expired += deleted;
            if (deleted < PRUNE_CHUNK) {
                break;
            }
        }
        if (applied + expired > 0) {
            log.info("Pruned the outbox: {} applied row(s), {} row(s) past the retention", applied, expired);
        }
        return new Pruned(applied, expired);
    }
}
