package org.aiorg.agent;

import java.time.Duration;
import java.util.Locale;
import org.aiorg.task.Role;

/**
 * A deterministic stand-in for an LLM ({@code --synthetic}, and the default without a base URL):
 * writes a plausible result per role from the task's prompt, reports usage counted with jtokkit,
 * and takes the configured latency so that load behaves as with a real provider.
 */
final class SyntheticLlmClient implements LlmClient {

    private final Duration latency;
    private final LlmMetrics metrics;

    SyntheticLlmClient(Duration latency, LlmMetrics metrics) {
        this.latency = latency;
        this.metrics = metrics;
    }

    @Override
    public String model() {
        return LlmProperties.SYNTHETIC_MODEL;
    }

    @Override
    public LlmResponse complete(LlmRequest request) throws InterruptedException {
        long start = System.nanoTime();
        if (latency.isPositive()) {
            Thread.sleep(latency);
        }
        String text = answer(request);
        int out = Tokens.count(text);
        if (out > request.maxTokens()) {
            text = Tokens.truncate(text, request.maxTokens());
            out = Tokens.count(text);
        }
        long in = request.promptTokens() > 0 ? request.promptTokens() : Tokens.prompt(request.prompt());
        long took = System.nanoTime() - start;
        metrics.success(took);
        return new LlmResponse(text, in, (long) out, model(), took / 1_000_000, 1);
    }

    private static String answer(LlmRequest request) {
        String subject = subject(request.prompt());
        if (request.role() == null) {
            return "ok";
        }
        int n = 2 + Math.floorMod(subject.hashCode(), 3);
        return switch (request.role()) {
            case ARCHITECT -> """
                    ## Design: %s
                    - Components: an API module, a storage module and a worker module with clear interfaces.
                    - Data: one table per aggregate, indexed for the main queries; events for cross-module changes.
                    - Decision record: keep it simple first; %d open questions listed for review.""".formatted(subject, n);
            case PLANNER -> """
                    ## Plan: %s
                    1. Clarify scope and acceptance criteria with the owner.
                    2. Split the work into %d milestones with estimates.
                    3. Track risks and dependencies; review progress weekly.""".formatted(subject, n);
            case DEV -> """
                    ## Implementation: %s
                    - Code: the change is implemented behind a small interface, with input validation.
                    - Tests: %d unit tests and one integration test cover the main paths.
                    - Notes: no breaking API changes; migration not needed.""".formatted(subject, n);
            case QA -> """
                    ## Test report: %s
                    - Cases: %d scenarios covering the happy path, edge cases and failures.
                    - Result: all passed; one flaky case stabilised.
                    - Regression: added to the suite.""".formatted(subject, n + 4);
            case UX_UI -> """
                    ## UX/UI: %s
                    - Layout: a clear primary action, %d sections, consistent spacing and type scale.
                    - Accessibility: contrast checked, keyboard navigation, labelled controls.
                    - Next: usability check with two users.""".formatted(subject, n);
            case TELEMETRY -> """
                    ## Telemetry: %s
                    - Metrics: rate, errors and duration (histogram) with bounded labels.
                    - Alerts: %d rules with runbooks; dashboards updated.
                    - Logs: structured, with trace ids.""".formatted(subject, n);
            case RESEARCH -> """
                    ## Research: %s
                    - Sources: %d comparable products and public studies reviewed.
                    - Findings: the main needs are clarity, low effort and trustworthy numbers.
                    - Recommendation: start with the smallest useful scope and measure.""".formatted(subject, n + 2);
        };
    }

    /** The task's description as the role prompts put it ("Task: ..."), else the prompt's first line. */
    private static String subject(String prompt) {
        for (String line : prompt.split("\n")) {
            String l = line.strip();
            if (l.toLowerCase(Locale.ROOT).startsWith("task:")) {
                return shorten(l.substring(5).strip());
            }
        }
        return shorten(prompt.strip().lines().findFirst().orElse("the task"));
    }

    private static String shorten(String s) {
        return s.length() <= 160 ? s : s.substring(0, 157) + "...";
    }

}
