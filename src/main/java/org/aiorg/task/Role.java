package org.aiorg.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The agent role that works on a task; a queue is {@code {tenant}:{role}}. */
public enum Role {
    ARCHITECT, PLANNER, DEV, QA, UX_UI, TELEMETRY, RESEARCH;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<Role> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
    }

    public static String allWire() {
        return String.join(", ", Arrays.stream(values()).map(Role::wire).toList());
    }
}
