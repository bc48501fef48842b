package org.aiorg.task;

import java.util.ArrayList;
import java.util.List;
import org.aiorg.tenant.TenantId;

/**
 * A queue of ready tasks: {@code {tenant}:{role}}. Either half may be {@code *} (any tenant, any
 * role); a worker with no queues takes every role of every tenant.
 *
 * @param tenant the tenant, or null for any
 * @param role   the role, or null for any
 */
public record TaskQueue(TenantId tenant, Role role) {

    public static final TaskQueue ALL = new TaskQueue(null, null);

    /** Parses {@code demo:dev,demo:qa,*:research}; an invalid entry is an IllegalArgumentException naming it. */
    public static List<TaskQueue> parseList(String csv) {
        List<TaskQueue> out = new ArrayList<>();
        if (csv == null || csv.isBlank()) {
            return out;
        }
        for (String raw : csv.split(",")) {
            String s = raw.strip();
            if (!s.isEmpty()) {
                out.add(parse(s));
            }
        }
        return out;
    }

    public static TaskQueue parse(String s) {
        int colon = s.indexOf(':');
        if (colon < 0 || colon != s.lastIndexOf(':')) {
            throw new IllegalArgumentException("queue '" + s + "' must be TENANT:ROLE (e.g. demo:dev, demo:*, *:qa)");
        }
        String t = s.substring(0, colon).strip();
        String r = s.substring(colon + 1).strip();
        TenantId tenant;
        try {
            tenant = t.equals("*") ? null : TenantId.of(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("queue '" + s + "': '" + t + "' is not a tenant id (a-z, 0-9, '-', '_')");
        }
        Role role = r.equals("*") ? null : Role.parse(r.toLowerCase()).orElseThrow(
                () -> new IllegalArgumentException("queue '" + s + "': role must be * or one of: " + Role.allWire()));
        return new TaskQueue(tenant, role);
    }

    public boolean isAll() {
        return tenant == null && role == null;
    }

    @Override
    public String toString() {
        return (tenant == null ? "*" : tenant.value()) + ":" + (role == null ? "*" : role.wire());
    }
}
