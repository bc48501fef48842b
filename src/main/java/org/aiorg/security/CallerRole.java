package org.aiorg.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a token allows. {@code admin} implies {@code member}; {@code agent} is separate: it reads
 * tasks and moves its tenant's tasks along (status, owner, tokens_actual, results).
 */
public enum CallerRole {
    ADMIN, MEMBER, AGENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority ({@code ROLE_ADMIN}, ...). */
    String authority() {
        return "ROLE_" + name();
    }

    public static Optional<CallerRole> parse(String s) {
        for (CallerRole r : values()) {
            if (r.wire().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The roles given plus those they imply. */
    static Set<CallerRole> effective(Set<CallerRole> granted) {
        Set<CallerRole> out = granted.isEmpty() ? EnumSet.noneOf(CallerRole.class) : EnumSet.copyOf(granted);
        if (out.contains(ADMIN)) {
            out.add(MEMBER);
        }
        return out;
    }
}
