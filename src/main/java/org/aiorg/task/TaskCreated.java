package org.aiorg.task;

import org.aiorg.tenant.TenantId;

/** A task was created (published inside the creating transaction). */
public record TaskCreated(TenantId tenant, Task task) {}
