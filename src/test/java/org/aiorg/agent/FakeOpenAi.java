package org.aiorg.agent;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A local OpenAI-compatible endpoint that answers from a script, one entry per request, and records the requests. */
final class FakeOpenAi implements AutoCloseable {

    /** One scripted answer; {@code hang} answers only when the fake is closed. */
    record Answer(int status, Map<String, String> headers, String body, boolean hang) {
        static Answer ok(String body) {
            return new Answer(200, Map.of(), body, false);
        }

        static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body, false);
        }

        static Answer hanging() {
            return new Answer(200, Map.of(), "{}", true);
        }
    }

    record Received(String path, Map<String, List<String>> headers, String body) {}

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            received.add(new Received(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer a = script.poll();
            if (a == null) {
                a = Answer.status(599, "{\"error\":{\"message\":\"no scripted answer\"}}");
            }
            if (a.hang()) {
                try {
                    closing.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            try {
                ex.sendResponseHeaders(a.status(), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException clientGone) {
                // the client timed out
            }
        });
        server.start();
    }

    FakeOpenAi then(Answer a) {
        script.add(a);
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Received> received() {
        return received;
    }

    static String completion(String content, Integer promptTokens, Integer completionTokens) {
        String usage = promptTokens == null ? "" : ",\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}";
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-test-2025\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(content) + "},\"finish_reason\":\"stop\"}]" + usage + "}";
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
