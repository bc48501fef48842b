package org.aiorg.metrics;

import java.util.ArrayList;
import java.util.List;

/** Picks one tenant's series out of a Prometheus text scrape. */
final class TenantSeries {

    private TenantSeries() {}

    /**
     * The samples whose labels include {@code tenant="<tenant>"}, each family with its
     * {@code # HELP} and {@code # TYPE} lines; families without such a sample are left out.
     */
    static String of(String scrape, String tenant) {
        String label = "tenant=\"" + tenant + "\"";
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        boolean headerWritten = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# HELP ")) {
                header.clear();
                headerWritten = false;
                header.add(line);
            } else if (line.startsWith("#")) {
                header.add(line);
            } else if (hasLabel(line, label)) {
                if (!headerWritten) {
                    header.forEach(h -> out.append(h).append('\n'));
                    headerWritten = true;
                }
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Whether the sample's label set contains exactly this label (not one that merely ends with it). */
    private static boolean hasLabel(String sample, String label) {
        int open = sample.indexOf('{');
        if (open < 0) {
            return false;
        }
        for (int at = sample.indexOf(label, open); at >= 0; at = sample.indexOf(label, at + 1)) {
            char before = sample.charAt(at - 1);
            char after = at + label.length() < sample.length() ? sample.charAt(at + label.length()) : ' ';
            if ((before == '{' || before == ',') && (after == ',' || after == '}')) {
                return true;
            }
        }
        return false;
    }
}
