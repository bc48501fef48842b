/**
 * The task graph: the seed's {@code /api/graph} view of a tenant's tasks and dependencies, and
 * (with the orchestrator) its analysis: ready, waiting and blocked tasks and the critical path.
 */
package org.aiorg.graph;
