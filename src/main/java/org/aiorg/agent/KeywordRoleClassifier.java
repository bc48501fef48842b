package org.aiorg.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aiorg.task.Role;
import org.aiorg.task.RoleClassifier;
import org.aiorg.tenant.Tenant;

/**
 * The documented keyword table (README, "Role routing"): the role whose keywords occur most
 * often in the description wins; ties go to the earlier role in the table; no match is {@code dev}.
 */
public final class KeywordRoleClassifier implements RoleClassifier {

    static final Map<Role, List<String>> KEYWORDS = table();

    private static Map<Role, List<String>> table() {
        Map<Role, List<String>> t = new LinkedHashMap<>();
        t.put(Role.ARCHITECT, List.of("architect", "architecture", "design", "schema", "interface", "module", "adr", "scalab"));
        t.put(Role.PLANNER, List.of("plan", "roadmap", "milestone", "estimate", "prioriti", "backlog", "scope", "schedule"));
        t.put(Role.QA, List.of("test", "qa", "bug", "regression", "verify", "validate", "coverage", "e2e"));
        t.put(Role.UX_UI, List.of("ui", "ux", "design system", "layout", "css", "page", "screen", "dashboard", "usability", "wireframe"));
        t.put(Role.TELEMETRY, List.of("metric", "telemetry", "monitor", "prometheus", "grafana", "alert", "log", "trace", "observab"));
        t.put(Role.RESEARCH, List.of("research", "investigate", "compare", "survey", "evaluate", "study", "analy", "benchmark"));
        t.put(Role.DEV, List.of("implement", "code", "build", "fix", "refactor", "api", "endpoint", "feature", "integrat", "repo"));
        return t;
    }

    @Override
    public Classification classify(Tenant tenant, String description) {
        return new Classification(roleFor(description), "keywords");
    }

    public static Role roleFor(String description) {
        String text = " " + description.toLowerCase(Locale.ROOT) + " ";
        Role best = Role.DEV;
        int bestHits = 0;
        for (var entry : KEYWORDS.entrySet()) {
            int hits = 0;
            for (String keyword : entry.getValue()) {
                hits += occurrences(text, keyword);
            }
            if (hits > bestHits) {
                best = entry.getKey();
                bestHits = hits;
            }
        }
        return best;
    }

    /** Counts occurrences that start a word, so "ui" does not match "build". */
    private static int occurrences(String text, String keyword) {
        int count = 0;
        for (int i = text.indexOf(keyword); i >= 0; i = text.indexOf(keyword, i + 1)) {
            if (!Character.isLetterOrDigit(text.charAt(i - 1))) {
                count++;
            }
        }
        return count;
    }
}
