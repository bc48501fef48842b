package org.aiorg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.aiorg.support.Http;
import org.aiorg.support.SqliteApiTest;
import org.junit.jupiter.api.Test;

/** The live stream over real HTTP: a tenant sees its own task events and nobody else's. */
class LiveEventsTest extends SqliteApiTest {

    @Test
    void streamsTheTenantsOwnTaskEventsOnly() throws Exception {
        Http mine = newTenant();
        Http other = newTenant();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                mine.builder("/api/events").header("Accept", "text/event-stream").timeout(Duration.ofMinutes(1)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // stream closed at the end of the test
            }
        });
        assertThat(next(lines, "event:")).isEqualTo("event:hello");

        String theirs = other.post("/task", "{\"description\":\"theirs\",\"value\":1}").json().get("id").stringValue();
        String id = mine.post("/task", "{\"description\":\"mine\",\"value\":1}").json().get("id").stringValue();
        assertThat(next(lines, "event:")).isEqualTo("event:task");
        String data = next(lines, "data:");
        assertThat(data).contains(id).contains("created").doesNotContain(theirs);

        mine.patch("/task/" + id, "{\"status\":\"doing\"}");
        assertThat(next(lines, "data:")).contains(id).contains("updated").contains("doing");
        stream.body().close();
        reader.interrupt();
    }

    private static String next(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line starting with " + prefix).isNotNull();
            if (line.startsWith(prefix)) {
                return line.replace(prefix + " ", prefix);
            }
        }
    }
}
