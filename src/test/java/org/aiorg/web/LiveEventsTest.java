package org.aiorg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.aiorg.support.EventStream;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.aiorg.support.TestDatabases;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The live stream over real HTTP: a tenant sees its own task events and nobody else's. */
class LiveEventsTest extends SqliteApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    JdbcClient jdbc;

    @Test
    void streamsTheTenantsOwnTaskEventsOnly() throws Exception {
        Http mine = newTenant();
        Http other = newTenant();
        try (EventStream events = EventStream.open(mine, "/api/events")) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.next("event:", WAIT)).isEqualTo("event:hello");

            String theirs = other.post("/task", "{\"description\":\"theirs\",\"value\":1}").json().get("id").stringValue();
            String id = mine.post("/task", "{\"description\":\"mine\",\"value\":1}").json().get("id").stringValue();
            assertThat(events.next("event:", WAIT)).isEqualTo("event:task");
            assertThat(events.next("data:", WAIT)).contains(id).contains("created").doesNotContain(theirs);

            mine.patch("/task/" + id, "{\"status\":\"doing\"}");
            assertThat(events.next("data:", WAIT)).contains(id).contains("updated").contains("doing");
        }
    }

    /**
     * What another process changes (a worker process, another API process, the orchestrator run
     * alone) reaches this process's subscribers too: it writes the same outbox and alert rows,
     * marked with its own origin, and nothing in this process publishes an event for them.
     */
    @Test
    void streamsWhatOtherProcessesChange() throws Exception {
        String tenant = TestDatabases.newTenant();
        tenants.create(TenantId.of(tenant), "T", "Purpose", null);
        Http mine = as(tenant, "member");
        String id = mine.post("/task", "{\"description\":\"done elsewhere\",\"value\":1}").json().get("id").stringValue();
        try (EventStream events = EventStream.open(mine, "/api/events")) {
            assertThat(events.next("event:", WAIT)).isEqualTo("event:hello");

            long now = System.currentTimeMillis();
            jdbc.sql("UPDATE task SET status = 'done', updated_at = :now WHERE tenant_id = :t AND id = :id")
                    .param("now", now).param("t", tenant).param("id", id).update();
            jdbc.sql("""
                    INSERT INTO outbox (tenant_id, kind, task_id, payload, created_at, origin)
                    VALUES (:t, 'task_changed', :id, '{}', :now, 'worker-host:4242:abcdef12')""")
                    .param("t", tenant).param("id", id).param("now", now).update();
            assertThat(events.next("event:", WAIT)).isEqualTo("event:task");
            assertThat(events.next("data:", WAIT)).contains(id).contains("elsewhere");
            assertThat(events.next("event:", WAIT)).as("their runs spent budget").isEqualTo("event:budget");

            jdbc.sql("""
                    INSERT INTO alert (id, tenant_id, at, kind, task_id, message, origin)
                    VALUES ('alert-from-elsewhere', :t, :now, 'task_failed', :id, 'failed in a worker process', 'orchestrator-host:7:12345678')""")
                    .param("t", tenant).param("id", id).param("now", System.currentTimeMillis()).update();
            assertThat(events.next("event:", WAIT)).isEqualTo("event:alert");
            assertThat(events.next("data:", WAIT)).contains("failed in a worker process");
        }
    }
}
