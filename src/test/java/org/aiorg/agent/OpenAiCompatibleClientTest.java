package org.aiorg.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aiorg.task.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI-compatible client against a real local HTTP server that answers from a script. */
class OpenAiCompatibleClientTest {

    private final FakeOpenAi server = new FakeOpenAi();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The waits the client asked for, instead of sleeping them. */
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    OpenAiCompatibleClientTest() throws Exception {}

    @AfterEach
    void close() {
        server.close();
    }

    private OpenAiCompatibleClient client(Duration timeout, int maxRetries) {
        LlmProperties props = new LlmProperties(server.baseUrl(), "gpt-test", "sk-test", false, null, timeout,
                Duration.ofSeconds(2), maxRetries, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30), null);
        return new OpenAiCompatibleClient(props, new LlmMetrics(meters, "gpt-test"), waits::add);
    }

    private static LlmRequest request() {
        return LlmRequest.task("Task0001", Role.DEV, "Implement the importer", 12, 256);
    }

    private double requests(String outcome) {
        return meters.get("ai.llm.requests").tag("outcome", outcome).counter().count();
    }

    @Test
    void sendsTheChatRequestAndReadsTheAnswerAndUsage() throws Exception {
        server.then(FakeOpenAi.Answer.ok(FakeOpenAi.completion("Done: the importer.", 15, 5)));

        LlmResponse r = client(Duration.ofSeconds(5), 3).complete(request());

        assertThat(r.text()).isEqualTo("Done: the importer.");
        assertThat(r.inputTokens()).isEqualTo(15L);
        assertThat(r.outputTokens()).isEqualTo(5L);
        assertThat(r.model()).isEqualTo("gpt-test-2025");
        assertThat(r.attempts()).isEqualTo(1);
        FakeOpenAi.Received sent = server.received().getFirst();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.headers().get("Authorization")).containsExactly("Bearer sk-test");
        JsonNode body = JsonMapper.builder().build().readTree(sent.body());
        assertThat(body.get("model").stringValue()).isEqualTo("gpt-test");
        assertThat(body.get("max_tokens").intValue()).isEqualTo(256);
        assertThat(body.get("messages").get(0).get("role").stringValue()).isEqualTo("user");
        assertThat(body.get("messages").get(0).get("content").stringValue()).isEqualTo("Implement the importer");
        assertThat(requests("success")).isEqualTo(1);
        assertThat(meters.get("ai.llm.latency").timer().count()).isEqualTo(1);
    }

    @Test
    void waitsAsLongAsRetryAfterSaysOn429() throws Exception {
        server.then(new FakeOpenAi.Answer(429, Map.of("Retry-After", "7"), "{\"error\":{\"message\":\"Rate limit reached\"}}", false))
                .then(FakeOpenAi.Answer.ok(FakeOpenAi.completion("ok", 3, 1)));

        LlmResponse r = client(Duration.ofSeconds(5), 3).complete(request());

        assertThat(r.text()).isEqualTo("ok");
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        assertThat(requests("retry")).isEqualTo(1);
        assertThat(requests("success")).isEqualTo(1);
    }

    @Test
    void aRetryAfterBeyondTheAllowedWaitEndsTheRetries() {
        server.then(new FakeOpenAi.Answer(429, Map.of("Retry-After", "3600"), "{\"error\":{\"message\":\"quota\"}}", false));

        assertThatThrownBy(() -> client(Duration.ofSeconds(5), 3).complete(request()))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("HTTP 429: quota").hasMessageContaining("retry after 3600 s");
        assertThat(waits).isEmpty();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void retries5xxWithJitteredBackoffABoundedNumberOfTimesThenFailsClearly() {
        for (int i = 0; i < 3; i++) {
            server.then(FakeOpenAi.Answer.status(500, "{\"error\":{\"message\":\"upstream overloaded\"}}"));
        }
        server.then(FakeOpenAi.Answer.ok(FakeOpenAi.completion("too late", 1, 1)));

        assertThatThrownBy(() -> client(Duration.ofSeconds(5), 2).complete(request()))
                .isInstanceOf(LlmException.class)
                .hasMessage("LLM answered HTTP 500: upstream overloaded (after 3 attempts)")
                .satisfies(e -> {
                    assertThat(((LlmException) e).mayHaveBilled()).isFalse();
                    assertThat(((LlmException) e).attempts()).isEqualTo(3);
                });
        assertThat(server.received()).hasSize(3);
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(requests("retry")).isEqualTo(2);
        assertThat(requests("error")).isEqualTo(1);
    }

    @Test
    void aTimeoutIsRetriedThenReportedAsPossiblyBilled() {
        server.then(FakeOpenAi.Answer.hanging()).then(FakeOpenAi.Answer.hanging());

        assertThatThrownBy(() -> client(Duration.ofMillis(300), 1).complete(request()))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("no answer from " + server.baseUrl() + "/chat/completions within 300 ms")
                .hasMessageContaining("after 2 attempts")
                .satisfies(e -> assertThat(((LlmException) e).mayHaveBilled()).isTrue());
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void malformedJsonFailsAtOnceWithoutARetry() {
        server.then(FakeOpenAi.Answer.ok("{\"choices\": [ {\"message\": "));

        assertThatThrownBy(() -> client(Duration.ofSeconds(5), 3).complete(request()))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("is not a chat completion")
                .satisfies(e -> assertThat(((LlmException) e).mayHaveBilled()).isTrue());
        assertThat(server.received()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void anAnswerWithoutChoicesIsMalformedToo() {
        server.then(FakeOpenAi.Answer.ok("{\"object\":\"chat.completion\",\"choices\":[]}"));

        assertThatThrownBy(() -> client(Duration.ofSeconds(5), 3).complete(request()))
                .isInstanceOf(LlmException.class).hasMessageContaining("no choices[0].message.content");
    }

    @Test
    void missingUsageIsReportedAsUnknownNotAsZero() throws Exception {
        server.then(FakeOpenAi.Answer.ok(FakeOpenAi.completion("no usage here", null, null)));

        LlmResponse r = client(Duration.ofSeconds(5), 3).complete(request());

        assertThat(r.text()).isEqualTo("no usage here");
        assertThat(r.hasUsage()).isFalse();
        assertThat(r.inputTokens()).isNull();
        assertThat(r.outputTokens()).isNull();
    }

    @Test
    void aClientErrorIsNotRetriedAndCarriesTheProvidersMessage() {
        server.then(FakeOpenAi.Answer.status(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));

        assertThatThrownBy(() -> client(Duration.ofSeconds(5), 3).complete(request()))
                .isInstanceOf(LlmException.class)
                .hasMessage("LLM answered HTTP 401: Incorrect API key provided")
                .satisfies(e -> assertThat(((LlmException) e).mayHaveBilled()).isFalse());
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsRetriedAndNotBilled() {
        LlmProperties props = new LlmProperties("http://127.0.0.1:1/v1", "gpt-test", null, false, null, Duration.ofSeconds(2),
                Duration.ofSeconds(2), 1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30), null);
        OpenAiCompatibleClient c = new OpenAiCompatibleClient(props, LlmMetrics.none("gpt-test"), waits::add);

        assertThatThrownBy(() -> c.complete(request()))
                .isInstanceOf(LlmException.class).hasMessageContaining("cannot connect to http://127.0.0.1:1/v1/chat/completions")
                .satisfies(e -> assertThat(((LlmException) e).mayHaveBilled()).isFalse());
        assertThat(waits).hasSize(1);
    }
}
