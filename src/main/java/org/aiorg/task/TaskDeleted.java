package org.aiorg.task;

import org.aiorg.tenant.TenantId;

/** A task was deleted. */
public record TaskDeleted(TenantId tenant, String taskId, TaskStatus status) {}
