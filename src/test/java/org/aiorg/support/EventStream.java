package org.aiorg.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A server-sent-event stream read line by line on a virtual thread, for tests that wait for events. */
public final class EventStream implements AutoCloseable {

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean ended;

    private EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens the stream with a client's headers (its token or tenant). */
    public static EventStream open(Http client, String path) throws IOException, InterruptedException {
        HttpRequest request = client.builder(path).header("Accept", "text/event-stream").timeout(Duration.ofMinutes(2)).GET().build();
        return new EventStream(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    public int status() {
        return response.statusCode();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // closed by the test
        } finally {
            ended = true;
        }
    }

    /** The next line starting with the prefix ({@code "event:"}, {@code "data:"}), space after the colon removed; null after the timeout. */
    public String next(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (line.startsWith(prefix)) {
                return line.replace(prefix + " ", prefix);
            }
        }
    }

    /** Waits until the server ends the stream; false after the timeout. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout);
        return ended;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        reader.interrupt();
    }
}
