package org.aiorg.graph;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.aiorg.outbox.Outbox;
import org.aiorg.task.TaskReadCache;
import org.aiorg.task.Tasks;
import org.aiorg.tenant.Tenants;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The Neo4j projection, on when {@code aiorg.neo4j.uri} is set: the driver, the store, the
 * {@link GraphSource} that replaces SQL's, the rebuild and the outbox relay.
 *
 * <p>Not annotated {@code @Configuration} on purpose: component scanning would then register it
 * in scan order, after {@link GraphConfig}, whose {@code @ConditionalOnMissingBean} SQL source
 * would not see the Neo4j one (a test caught two sources). Only GraphConfig's {@code @Import}
 * brings it in, and imported classes are registered before the importing one.
 */
@ConditionalOnProperty("aiorg.neo4j.uri")
class GraphNeo4jConfig {

    /** Longer than any batch should take, shorter than the relay's lease. */
    private static final Duration TX_TIMEOUT = Duration.ofSeconds(20);

    @Bean(destroyMethod = "close")
    Driver neo4jDriver(Neo4jProperties props) {
        if (props.uri().isBlank()) {
            throw new IllegalStateException(
                    "AIORG_NEO4J_URI (aiorg.neo4j.uri) is set but empty: unset it to run without Neo4j, or give a bolt:// URI");
        }
        AuthToken auth = props.user() == null || props.user().isBlank()
                ? AuthTokens.none()
                : AuthTokens.basic(props.user(), props.password() == null ? "" : props.password());
        Config config = Config.builder()
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .withConnectionAcquisitionTimeout(10, TimeUnit.SECONDS)
                // why: reads fall back to SQL and the relay retries by itself; don't block for the default 30 s
                .withMaxTransactionRetryTime(2, TimeUnit.SECONDS)
                .withMaxConnectionPoolSize(20)
                .build();
        // The driver connects lazily: the service starts while Neo4j is down and catches up later.
        return GraphDatabase.driver(props.uri(), auth, config);
    }

    @Bean
    Neo4jGraphStore neo4jGraphStore(Driver driver, Neo4jProperties props) {
        return new Neo4jGraphStore(driver, props.database(), TX_TIMEOUT);
    }

    @Bean
    GraphSource neo4jGraphSource(Neo4jGraphStore store, Tasks tasks) {
        return new Neo4jGraphSource(store, tasks);
    }

    @Bean
    Neo4jGraphProjection neo4jGraphProjection(Neo4jGraphStore store, Tasks tasks, Tenants tenants, Neo4jProperties props) {
        return new Neo4jGraphProjection(store, tasks, tenants, props.safeUri());
    }

    @Bean
    GraphSyncMetrics graphSyncMetrics(MeterRegistry registry, Outbox outbox, InstantSource clock) {
        return new GraphSyncMetrics(registry, outbox, clock);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "aiorg.neo4j.relay", matchIfMissing = true)
    GraphOutboxRelay graphOutboxRelay(Outbox outbox, Neo4jGraphStore store, Neo4jGraphProjection projection,
            TaskReadCache cache, GraphSyncMetrics metrics, Neo4jProperties props) {
        return new GraphOutboxRelay(outbox, store, projection, cache, metrics, props);
    }
}
