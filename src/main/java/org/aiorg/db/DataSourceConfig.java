package org.aiorg.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/** Builds the one DataSource of the process from {@link DbProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DbProperties.class)
class DataSourceConfig {

    private static final Logger log = LoggerFactory.getLogger(DataSourceConfig.class);

    @Bean(destroyMethod = "close")
    DataSource dataSource(DbProperties props) {
        return create(props);
    }

    @Bean
    Dialect dialect(DataSource dataSource) {
        return Dialect.fromJdbcUrl(((HikariDataSource) dataSource).getJdbcUrl());
    }

    @Bean
    JdbcClient jdbcClient(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    /** Also used by CLI commands that need the database without a Spring context. */
    public static HikariDataSource create(DbProperties props) {
        JdbcUrls.Resolved resolved = JdbcUrls.resolve(props.url(), props.username(), props.password());
        Dialect dialect = Dialect.fromJdbcUrl(resolved.jdbcUrl());
        HikariConfig config = new HikariConfig();
        config.setPoolName("aiorg");
        config.setMaximumPoolSize(props.poolSize());
        // Fail a request after 10 s without a connection rather than Hikari's 30 s; shutdown paths
        // that touch a database that is already gone then end sooner too.
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        if (dialect == Dialect.SQLITE) {
            JdbcUrls.ensureSqliteFolder(resolved.jdbcUrl());
            config.setJdbcUrl(resolved.jdbcUrl());
            // WAL lets readers run beside the single writer; NORMAL syncs at checkpoints, which
            // keeps every commit durable against a process crash (not against power loss).
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("cache_size", "-32000");
        } else {
            config.setJdbcUrl(resolved.jdbcUrl());
            if (resolved.username() != null) {
                config.setUsername(resolved.username());
            }
            if (resolved.password() != null) {
                config.setPassword(resolved.password());
            }
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        log.info("Database: {} ({})", JdbcUrls.redact(resolved.jdbcUrl()), dialect);
        return new HikariDataSource(config);
    }
}
