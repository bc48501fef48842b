package org.aiorg.outbox;

import org.aiorg.support.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"aiorg.metrics.refresh=1h", "aiorg.outbox.prune-interval=1h"})
@Import(OutboxContract.Clock.class)
class SqliteOutboxTest extends OutboxContract {

    private static final String DB = TestDatabases.newSqliteUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
    }
}
