package org.aiorg.agent;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI-compatible Chat Completions over the JDK HTTP client: one user message, {@code max_tokens}
 * as reserved, usage read from the answer. 429, 5xx, timeouts and I/O errors are retried a bounded
 * number of times with exponential backoff and full jitter, honouring Retry-After; other 4xx
 * answers and malformed bodies fail at once with the provider's message.
 */
final class OpenAiCompatibleClient implements LlmClient {

    /** Waits between retries; tests substitute one that records instead of sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ERROR_BODY = 300;

    private final LlmProperties props;
    private final HttpClient http;
    private final URI endpoint;
    private final LlmMetrics metrics;
    private final Sleeper sleeper;

    OpenAiCompatibleClient(LlmProperties props, LlmMetrics metrics, Sleeper sleeper) {
        this.props = props;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.endpoint = URI.create(props.baseUrl() + "/chat/completions");
        this.http = HttpClient.newBuilder().connectTimeout(props.connectTimeout())
                // HTTP/2 multiplexes many calls over one TLS connection; plain http stays on 1.1
                // (no h2c upgrade dance with local servers and proxies).
                .version(endpoint.getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    OpenAiCompatibleClient(LlmProperties props, LlmMetrics metrics) {
        this(props, metrics, d -> Thread.sleep(d));
    }

    @Override
    public String model() {
        return props.model();
    }

    @Override
    public LlmResponse complete(LlmRequest request) throws LlmException, InterruptedException {
        int maxRetries = request.maxRetries() != null ? request.maxRetries() : props.maxRetries();
        Duration timeout = request.timeout() != null ? request.timeout() : props.timeout();
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request)));
        if (props.apiKey() != null) {
            builder.header("Authorization", "Bearer " + props.apiKey());
        }
        HttpRequest httpRequest = builder.build();
        long start = System.nanoTime();
        boolean mayHaveBilled = false;
        for (int attempt = 1; ; attempt++) {
            long sent = System.nanoTime();
            Failure failure;
            try {
                HttpResponse<String> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    try {
                        LlmResponse parsed = parse(response.body(), (System.nanoTime() - start) / 1_000_000, attempt);
                        metrics.success(System.nanoTime() - sent);
                        return parsed;
                    } catch (IllegalArgumentException | JacksonException e) {
                        // A 2xx means the provider ran the model: the call may be billed. Not retried,
                        // since a retry could be billed again for the same broken proxy answer.
                        metrics.error(System.nanoTime() - sent);
                        throw new LlmException("LLM answer for " + request.label() + " is not a chat completion: "
                                + e.getMessage() + " (body: " + snippet(response.body()) + ")", true, attempt, e);
                    }
                }
                boolean retryable = status == 429 || status >= 500;
                failure = new Failure("LLM answered HTTP " + status + ": " + errorMessage(response.body()), retryable,
                        retryAfter(response));
            } catch (HttpConnectTimeoutException | ConnectException e) {
                failure = new Failure("cannot connect to " + endpoint + ": " + describe(e), true, Optional.empty());
            } catch (HttpTimeoutException e) {
                mayHaveBilled = true;
                failure = new Failure("no answer from " + endpoint + " within " + timeout.toMillis() + " ms", true, Optional.empty());
            } catch (IOException e) {
                mayHaveBilled = true;
                failure = new Failure("I/O error talking to " + endpoint + ": " + describe(e), true, Optional.empty());
            }
            long took = System.nanoTime() - sent;
            if (!failure.retryable() || attempt > maxRetries) {
                metrics.error(took);
                String tries = attempt == 1 ? "" : " (after " + attempt + " attempts)";
                throw new LlmException(failure.message() + tries, mayHaveBilled, attempt, null);
            }
            Duration wait = backoff(attempt);
            if (failure.retryAfter().isPresent()) {
                Duration asked = failure.retryAfter().get();
                if (asked.compareTo(props.maxRetryAfter()) > 0) {
                    metrics.error(took);
                    throw new LlmException(failure.message() + "; asked to retry after " + asked.toSeconds()
                            + " s, longer than the " + props.maxRetryAfter().toSeconds() + " s allowed", mayHaveBilled, attempt, null);
                }
                wait = asked;
            }
            metrics.retry(took);
            sleeper.sleep(wait);
        }
    }

    private record Failure(String message, boolean retryable, Optional<Duration> retryAfter) {}

    /** Exponential backoff with full jitter: uniform in [initial, min(cap, initial * 2^(attempt-1))]. */
    Duration backoff(int attempt) {
        long initial = props.initialBackoff().toMillis();
        long ceiling = Math.min(props.maxBackoff().toMillis(), initial << Math.min(attempt - 1, 20));
        return Duration.ofMillis(initial >= ceiling ? ceiling : ThreadLocalRandom.current().nextLong(initial, ceiling + 1));
    }

    private String body(LlmRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", props.model());
        root.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
        root.put("max_tokens", request.maxTokens());
        return JSON.writeValueAsString(root);
    }

    private LlmResponse parse(String body, long latencyMs, int attempts) {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isString()) {
            throw new IllegalArgumentException("no choices[0].message.content");
        }
        JsonNode usage = root.path("usage");
        Long in = usage.path("prompt_tokens").isIntegralNumber() ? usage.path("prompt_tokens").longValue() : null;
        Long out = usage.path("completion_tokens").isIntegralNumber() ? usage.path("completion_tokens").longValue() : null;
        String model = root.path("model").isString() ? root.path("model").stringValue() : props.model();
        return new LlmResponse(content.stringValue(), in, out, model, latencyMs, attempts);
    }

    /** The provider's {@code error.message} when the body has one, else the start of the body. */
    private static String errorMessage(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode message = root == null ? null : root.path("error").path("message");
            if (message != null && message.isString()) {
                return message.stringValue();
            }
        } catch (JacksonException notJson) {
            // fall through to the raw body
        }
        return snippet(body);
    }

    /** Retry-After in seconds or as an HTTP date; {@code retry-after-ms} as some providers send it. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> ms = response.headers().firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().strip()))));
            } catch (NumberFormatException ignored) {
                // try Retry-After
            }
        }
        Optional<String> value = response.headers().firstValue("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().strip();
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(v) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() <= MAX_ERROR_BODY ? s : s.substring(0, MAX_ERROR_BODY) + "…";
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
