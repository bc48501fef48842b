package org.aiorg.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations as people type them: {@code 500ms}, {@code 30s}, {@code 90m}, {@code 24h}, {@code 7d}, or ISO-8601 ({@code PT12H}). */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|[smhd])");

    private Durations() {}

    static Duration parse(String text) {
        String s = text.strip().toLowerCase();
        Matcher m = SHORT.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 30s, 30m, 24h, 7d)");
        }
    }

    /** A positive duration for an option, or picocli's one-line usage error naming the option. */
    static Duration parse(String option, String text) {
        try {
            Duration d = parse(text);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(new CommandLine(new Cli()),
                option + ": '" + text + "' is not a positive duration such as 500ms, 5s, 1m or 24h");
    }
}
