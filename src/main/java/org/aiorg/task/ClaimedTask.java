package org.aiorg.task;

import java.util.List;
import org.aiorg.tenant.TenantId;

/**
 * A task a worker has claimed (now {@code doing} under its lease), with what the tasks it
 * depends on produced: everything the worker needs to build the prompt.
 */
public record ClaimedTask(TenantId tenant, Task task, List<DependencyOutput> dependencies) {

    /** A finished dependency and its output (null when it produced none). */
    public record DependencyOutput(String id, String description, Role role, String output) {}
}
