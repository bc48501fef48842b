package org.aiorg.db;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Gives Spring's Flyway the dialect's placeholders, so one migration file serves SQLite and
 * PostgreSQL where their DDL differs (an auto-increment id: {@code ${id_pk}}). The CLI's
 * {@code migrate} sets the same ones in {@link Migrations}.
 */
@Component
class FlywayPlaceholders implements FlywayConfigurationCustomizer {

    private final Dialect dialect;

    FlywayPlaceholders(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public void customize(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        // Keep placeholders set elsewhere (spring.flyway.placeholders.*): placeholders(map) replaces them.
        Map<String, String> all = new HashMap<>(configuration.getPlaceholders());
        all.putAll(dialect.migrationPlaceholders());
        configuration.placeholders(all);
    }
}
