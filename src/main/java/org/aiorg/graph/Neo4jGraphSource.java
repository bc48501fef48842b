package org.aiorg.graph;

import org.aiorg.task.Tasks;
import org.aiorg.tenant.TenantId;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the graph from the Neo4j projection. It trails SQL by the relay's lag (milliseconds when
 * healthy). While Neo4j cannot be reached it reads SQL instead, the system of record: the
 * analysis stays available, and the log says so.
 */
class Neo4jGraphSource implements GraphSource {

    private static final Logger log = LoggerFactory.getLogger(Neo4jGraphSource.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final Neo4jGraphStore store;
    private final Tasks sql;
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    Neo4jGraphSource(Neo4jGraphStore store, Tasks sql) {
        this.store = store;
        this.sql = sql;
    }

    @Override
    public Tasks.Graph load(TenantId tenant) {
        try {
            return store.load(tenant);
        } catch (Neo4jException e) {
            long now = System.nanoTime();
            if (now - lastWarning >= WARN_EVERY_NANOS) {
                lastWarning = now;
                log.warn("Neo4j unreachable ({}): reading the task graph from SQL until it is back", e.getMessage());
            }
            return sql.graph(tenant);
        }
    }

    @Override
    public String name() {
        return "neo4j";
    }
}
