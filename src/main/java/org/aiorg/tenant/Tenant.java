package org.aiorg.tenant;

import java.time.Instant;

/** A tenant and what its organisation is for (tasks are scored for relevance against it). */
public record Tenant(TenantId id, String name, String purpose, Instant createdAt) {}
