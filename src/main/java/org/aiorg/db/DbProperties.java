package org.aiorg.db;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the system of record lives.
 *
 * @param url      JDBC URL ({@code jdbc:sqlite:...}, {@code jdbc:postgresql://...}) or a
 *                 {@code postgresql://user:password@host:port/db} URL; env {@code AIORG_DB_URL}
 * @param username database user (PostgreSQL); env {@code AIORG_DB_USERNAME}
 * @param password database password (PostgreSQL); env {@code AIORG_DB_PASSWORD}
 * @param poolSize connections in the pool
 */
@ConfigurationProperties("aiorg.db")
public record DbProperties(String url, String username, String password, Integer poolSize) {

    public static final String DEFAULT_URL = "jdbc:sqlite:./data/ai-org.db";

    public DbProperties {
        if (url == null || url.isBlank()) {
            url = DEFAULT_URL;
        }
        if (poolSize == null || poolSize < 1) {
            poolSize = 16;
        }
    }
}
