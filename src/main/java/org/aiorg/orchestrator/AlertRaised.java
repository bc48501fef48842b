package org.aiorg.orchestrator;

import org.aiorg.tenant.TenantId;

/** An alert was raised and stored. */
public record AlertRaised(TenantId tenant, Alert alert) {}
