package org.aiorg.db;

import java.time.Duration;
import java.time.InstantSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Named leases in SQL, so that a singleton loop (the orchestrator) runs in one process of the
 * cluster at a time and moves to another when its holder dies. A lease is taken or renewed
 * with one conditional UPDATE: 0 rows means another live process holds it.
 */
@Component
public class ClusterLeases {

    private final JdbcClient jdbc;
    private final Tx tx;
    private final InstantSource clock;

    ClusterLeases(JdbcClient jdbc, Tx tx, InstantSource clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** Takes or renews the lease for {@code ttl}; true when this owner holds it now. */
    public boolean acquire(String name, String owner, Duration ttl) {
        long now = clock.millis();
        return tx.write(() -> {
            jdbc.sql("INSERT INTO cluster_lease (name, owner, expires_at) VALUES (:name, :owner, 0) ON CONFLICT (name) DO NOTHING")
                    .param("name", name).param("owner", owner).update();
            return jdbc.sql("""
                    UPDATE cluster_lease SET owner = :owner, expires_at = :expires
                    WHERE name = :name AND (owner = :owner OR expires_at < :now)""")
                    .param("name", name).param("owner", owner).param("expires", now + ttl.toMillis()).param("now", now)
                    .update() == 1;
        });
    }

    /** Gives the lease up at once (on shutdown), so another process takes over without waiting. */
    public void release(String name, String owner) {
        tx.run(() -> jdbc.sql("UPDATE cluster_lease SET expires_at = 0 WHERE name = :name AND owner = :owner")
                .param("name", name).param("owner", owner).update());
    }
}
