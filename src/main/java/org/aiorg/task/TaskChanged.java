package org.aiorg.task;

import org.aiorg.tenant.TenantId;

/** A task was changed; {@code previousStatus} equals the new status when only other fields changed. */
public record TaskChanged(TenantId tenant, Task task, TaskStatus previousStatus) {

    public boolean statusChanged() {
        return previousStatus != task.status();
    }
}
