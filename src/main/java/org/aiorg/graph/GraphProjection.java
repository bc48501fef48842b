package org.aiorg.graph;

import org.aiorg.tenant.TenantId;

/**
 * A copy of the task graph kept outside SQL (Neo4j when configured; there is no bean
 * otherwise). Normally fed change by change from the outbox; {@link #rebuild} replaces one
 * tenant's copy from SQL in one step, for {@code seed-graph} and recovery.
 */
public interface GraphProjection {

    /** What a rebuild wrote. */
    record Rebuilt(int tasks, int edges) {}

    /** Replaces the tenant's projected graph with the one in SQL now. Idempotent. */
    Rebuilt rebuild(TenantId tenant);

    /** Where the projection lives, for messages (no credentials). */
    String location();
}
