package org.aiorg.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aiorg.task.ClaimedTask;
import org.aiorg.task.Role;
import org.aiorg.task.Task;
import org.aiorg.tenant.Tenant;

/**
 * The variables templates see: {@code task}, {@code tenant}, {@code role}, {@code dependencies}
 * (each with {@code id, description, role, output, trimmed}), {@code roles} and
 * {@code max_output_tokens}. Documented in the README ("Prompts").
 */
final class PromptContext {

    static final String TRIMMED_MARK = "\n[... trimmed to fit the prompt]";

    private PromptContext() {}

    static Map<String, Object> forTask(Tenant tenant, ClaimedTask claimed, int dependencyTokens, int maxOutputTokens) {
        Map<String, Object> ctx = base(tenant);
        Task t = claimed.task();
        Role role = t.role() == null ? Role.DEV : t.role();
        Map<String, Object> task = new HashMap<>();
        task.put("id", t.id());
        task.put("description", t.description());
        task.put("role", role.wire());
        task.put("value", t.estValue());
        task.put("tokens_plan", t.tokensPlan());
        task.put("relevance", t.purposeRelevance());
        task.put("owner", t.owner());
        task.put("attempts", t.attempts());
        task.put("last_error", t.error());
        ctx.put("task", task);
        ctx.put("role", role.wire());
        ctx.put("dependencies", trim(claimed.dependencies(), dependencyTokens));
        ctx.put("max_output_tokens", maxOutputTokens);
        return ctx;
    }

    static Map<String, Object> forDescription(Tenant tenant, String description) {
        Map<String, Object> ctx = base(tenant);
        Map<String, Object> task = new HashMap<>();
        task.put("description", description);
        ctx.put("task", task);
        return ctx;
    }

    private static Map<String, Object> base(Tenant tenant) {
        Map<String, Object> ctx = new HashMap<>();
        Map<String, Object> t = new HashMap<>();
        t.put("id", tenant.id().value());
        t.put("name", tenant.name());
        t.put("purpose", tenant.purpose() == null ? "" : tenant.purpose());
        ctx.put("tenant", t);
        ctx.put("roles", List.of(Role.allWire().split(", ")));
        return ctx;
    }

    /**
     * Shares the token budget fairly: outputs that fit in an equal share keep everything and leave
     * the rest to the longer ones, which are cut to what remains (water-filling).
     */
    static List<Map<String, Object>> trim(List<ClaimedTask.DependencyOutput> deps, int budget) {
        int n = deps.size();
        int[] tokens = new int[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = Tokens.count(deps.get(i).output());
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> tokens[i]));
        int[] share = new int[n];
        int left = budget;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            int fair = left / (n - k);
            share[i] = Math.min(tokens[i], fair);
            left -= share[i];
        }
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ClaimedTask.DependencyOutput d = deps.get(i);
            boolean trimmed = share[i] < tokens[i];
            String output = d.output() == null ? "" : trimmed ? Tokens.truncate(d.output(), share[i]) + TRIMMED_MARK : d.output();
            Map<String, Object> m = new HashMap<>();
            m.put("id", d.id());
            m.put("description", d.description());
            m.put("role", d.role() == null ? "" : d.role().wire());
            m.put("output", output);
            m.put("trimmed", trimmed);
            out.add(m);
        }
        return out;
    }

    /** A context with every variable set, to validate templates at start-up. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> sample(String template) {
        Tenant tenant = new Tenant(org.aiorg.tenant.TenantId.of("sample"), "Sample tenant", "Sample purpose", java.time.Instant.EPOCH);
        Task task = new Task("Sample01", "Sample task", org.aiorg.task.TaskStatus.DOING, "owner", 1, 1, 0, 0.5, "user", 0.5,
                Role.DEV, "user", null, 0, 0, null, null, 1, "previous error", List.of("Sample00"), java.time.Instant.EPOCH,
                java.time.Instant.EPOCH);
        ClaimedTask claimed = new ClaimedTask(tenant.id(), task,
                List.of(new ClaimedTask.DependencyOutput("Sample00", "Sample dependency", Role.ARCHITECT, "Sample output")));
        Map<String, Object> ctx = forTask(tenant, claimed, 100, 100);
        Role.parse(template).ifPresent(r -> ((Map<String, Object>) ctx.get("task")).put("role", r.wire()));
        return ctx;
    }
}
