package org.aiorg.worker;

import org.aiorg.support.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    "aiorg.metrics.refresh=1h", "aiorg.worker.enabled=false", "aiorg.worker.maintenance=true",
    "aiorg.worker.lease-ttl=2s", "aiorg.worker.heartbeat=500ms", "aiorg.worker.reaper-interval=300ms",
    "aiorg.worker.hold-recheck=300ms", "aiorg.worker.poll-interval=100ms", "aiorg.worker.shutdown-grace=1s",
    "aiorg.worker.concurrency=64", "aiorg.llm.synthetic=true",
    "aiorg.budget.store=sql", "aiorg.budget.sweep-interval=300ms", WorkerContract.PRICE_IN, WorkerContract.PRICE_OUT})
class SqliteWorkerTest extends WorkerContract {

    private static final String DB = TestDatabases.newSqliteUrl();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("aiorg.db.url", () -> DB);
    }
}
