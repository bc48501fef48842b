package org.aiorg.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutboxGapsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final OutboxGaps gaps = new OutboxGaps(Duration.ofSeconds(5), nanos::get);

    private static List<OutboxEntry> rows(long... ids) {
        return java.util.Arrays.stream(ids)
                .mapToObj(id -> new OutboxEntry(id, "t", OutboxKind.TASK_CREATED, "task" + id, "{}", 0, null)).toList();
    }

    @Test
    void takesRowsWithoutHoles() {
        assertThat(gaps.applicable(10, rows(11, 12, 13))).extracting(OutboxEntry::id).containsExactly(11L, 12L, 13L);
        assertThat(gaps.applicable(10, rows())).isEmpty();
    }

    @Test
    void stopsBeforeAHoleUntilItHasStayedForTheGrace() {
        assertThat(gaps.applicable(10, rows(11, 13, 14))).extracting(OutboxEntry::id).containsExactly(11L);
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(gaps.applicable(11, rows(13, 14))).as("12 may still commit").isEmpty();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(gaps.applicable(11, rows(13, 14))).as("12 was rolled back").extracting(OutboxEntry::id)
                .containsExactly(13L, 14L);
    }

    @Test
    void aHoleThatFillsIsAppliedInOrder() {
        assertThat(gaps.applicable(10, rows(12))).isEmpty();
        assertThat(gaps.applicable(10, rows(11, 12))).extracting(OutboxEntry::id).containsExactly(11L, 12L);
        // A later hole gets its own full grace.
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(gaps.applicable(12, rows(14))).isEmpty();
    }
}
