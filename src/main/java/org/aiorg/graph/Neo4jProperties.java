package org.aiorg.graph;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Neo4j projection of the task graph; off unless {@code uri} is set.
 *
 * @param uri        Bolt URI, e.g. {@code bolt://localhost:7687} or {@code neo4j://host}; env {@code AIORG_NEO4J_URI}
 * @param user       user name (none: no authentication); env {@code AIORG_NEO4J_USER}
 * @param password   password, from the environment only; env {@code AIORG_NEO4J_PASSWORD}
 * @param database   database name (default: the server's default database); env {@code AIORG_NEO4J_DATABASE}
 * @param relay      whether this process runs the outbox relay (off in short-lived commands); env {@code AIORG_NEO4J_RELAY}
 * @param batchSize  outbox rows applied per Neo4j transaction
 * @param poll       how often the relay looks for new rows when idle (changes in this process wake it at once)
 * @param maxBackoff longest wait between retries while Neo4j is unreachable (doubling from {@code poll})
 * @param lease      how long the relay's lease lasts; renewed at a third of it
 * @param gapGrace   how long a hole in outbox ids is waited for before it counts as a rollback
 */
@ConfigurationProperties("aiorg.neo4j")
record Neo4jProperties(String uri, String user, String password, String database, Boolean relay, Integer batchSize,
        Duration poll, Duration maxBackoff, Duration lease, Duration gapGrace) {

    Neo4jProperties {
        relay = relay == null || relay;
        batchSize = batchSize == null || batchSize < 1 ? 500 : batchSize;
        poll = positive(poll, Duration.ofMillis(500));
        maxBackoff = positive(maxBackoff, Duration.ofSeconds(30));
        lease = positive(lease, Duration.ofSeconds(30));
        gapGrace = positive(gapGrace, Duration.ofSeconds(5));
    }

    private static Duration positive(Duration d, Duration otherwise) {
        return d == null || d.isNegative() || d.isZero() ? otherwise : d;
    }

    /** The URI without any user info, for logs. */
    String safeUri() {
        return uri == null ? null : uri.replaceAll("(?<=://)[^@/]*@", "");
    }
}
