package org.aiorg.graph;

import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;

/**
 * Where the graph analysis reads a tenant's tasks and edges from: SQL (the system of record) by
 * default, Neo4j (the projection) when configured.
 */
public interface GraphSource {

    Tasks.Graph load(TenantId tenant);

    /** A short name for logs and the API ({@code sql}, {@code neo4j}). */
    String name();
}
