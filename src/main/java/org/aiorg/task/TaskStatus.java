package org.aiorg.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a task is in its life. Moves: todo -> doing -> done | failed, failed -> todo (retry).
 * A worker that gives a task back moves doing -> todo as well.
 */
public enum TaskStatus {
    TODO, DOING, DONE, FAILED;

    private static final java.util.Map<TaskStatus, Set<TaskStatus>> MOVES = java.util.Map.of(
            TODO, EnumSet.of(DOING),
            DOING, EnumSet.of(DONE, FAILED, TODO),
            DONE, EnumSet.noneOf(TaskStatus.class),
            FAILED, EnumSet.of(TODO));

    public boolean canMoveTo(TaskStatus next) {
        return MOVES.get(this).contains(next);
    }

    public Set<TaskStatus> moves() {
        return MOVES.get(this);
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    /** A comma-separated list from a query parameter ({@code todo,doing}); blank: none. Unknown names: a 400 on field {@code status}. */
    public static Set<TaskStatus> parseList(String csv) {
        Set<TaskStatus> out = EnumSet.noneOf(TaskStatus.class);
        if (csv != null && !csv.isBlank()) {
            for (String s : csv.split(",")) {
                out.add(parse(s.strip()).orElseThrow(() -> org.aiorg.common.ClientError.invalid("status",
                        "must be a comma-separated list of: todo, doing, done, failed")));
            }
        }
        return out;
    }

    public static Optional<TaskStatus> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
    }
}
