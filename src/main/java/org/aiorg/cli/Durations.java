package org.aiorg.cli;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine;

/** Parses "500ms", "5s", "1m", "24h" (or ISO-8601) with a one-line error naming the option. */
final class Durations {

    private Durations() {}

    static Duration parse(String option, String text) {
        try {
            Duration d = DurationStyle.detectAndParse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Cli()),
                    option + ": '" + text + "' is not a positive duration such as 500ms, 5s, 1m or 24h");
        }
    }
}
