package org.aiorg.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the rows read after a position a consumer may apply now, so that it never moves past
 * a row that is still to commit.
 *
 * <p>Why: on PostgreSQL ids come from a sequence when a row is inserted, not when it commits, so
 * a transaction can commit id 7 while id 6 is still in flight; a consumer that moved to 7 would
 * never read 6. A hole in the ids is therefore applied up to, then waited for; if it stays for
 * {@code grace} it is taken to be a rolled-back transaction (sequences do not roll back) and
 * skipped. On SQLite writers are serialised and a rollback also rolls back the id, so there are no
 * holes. Write transactions here last milliseconds; a grace of seconds covers them.
 */
public final class OutboxGaps {

    private static final Logger log = LoggerFactory.getLogger(OutboxGaps.class);

    private final long graceNanos;
    private final LongSupplier nanoTime;
    private long gapAt = -1;
    private long gapSeenAt;

    public OutboxGaps(Duration grace) {
        this(grace, System::nanoTime);
    }

    OutboxGaps(Duration grace, LongSupplier nanoTime) {
        this.graceNanos = grace.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The leading rows of {@code rows} (read after {@code position}, in id order) that may be applied now. */
    public List<OutboxEntry> applicable(long position, List<OutboxEntry> rows) {
        List<OutboxEntry> out = new ArrayList<>(rows.size());
        long expected = position + 1;
        for (OutboxEntry row : rows) {
            if (row.id() != expected && !gapExpired(expected, row.id())) {
                break;
            }
            out.add(row);
            expected = row.id() + 1;
        }
        return out;
    }

    private boolean gapExpired(long missing, long next) {
        long now = nanoTime.getAsLong();
        if (gapAt != missing) {
            gapAt = missing;
            gapSeenAt = now;
        }
        if (now - gapSeenAt < graceNanos) {
            return false;
        }
        log.warn("Outbox ids {}..{} never committed within {}: skipped (rolled back)", missing, next - 1, Duration.ofNanos(graceNanos));
        gapAt = -1;
        return true;
    }
}
