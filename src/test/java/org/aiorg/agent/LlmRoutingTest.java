package org.aiorg.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.aiorg.budget.SqliteBudget;
import org.aiorg.task.RelevanceScorer;
import org.aiorg.task.Role;
import org.aiorg.task.RoleClassifier;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Role classification and relevance by the LLM: strict parsing, budget, and the fallbacks. The
 * calls are paid through the application's budget gate on a fresh SQLite database.
 */
class LlmRoutingTest {

    private static final Tenant TENANT = new Tenant(TenantId.of("acme"), "Acme", "Analytics dashboards for online shops",
            Instant.EPOCH);

    private final SqliteBudget budget = SqliteBudget.open(TENANT.id(), 1_000_000);
    private final org.aiorg.budget.BudgetGate gate = budget.gate();
    private final Prompts prompts = new Prompts(new PromptTemplates(null), 1000);
    private final List<LlmRequest> asked = new ArrayList<>();

    /** An LLM that answers with the function's result (or throws what it returns as an exception). */
    private LlmClient llm(Function<LlmRequest, Object> answer) {
        return new LlmClient() {
            @Override
            public String model() {
                return "gpt-test";
            }

            @Override
            public LlmResponse complete(LlmRequest request) throws LlmException {
                asked.add(request);
                Object a = answer.apply(request);
                if (a instanceof LlmException e) {
                    throw e;
                }
                return new LlmResponse((String) a, 120L, 2L, "gpt-test", 5, 1);
            }
        };
    }

    @AfterEach
    void closeBudget() {
        budget.close();
    }

    private long spent() {
        return budget.account(TENANT.id()).spentMicros();
    }

    private long reserved() {
        return budget.account(TENANT.id()).reservedMicros();
    }

    private RoleClassifier classifier(LlmClient llm) {
        return new LlmRoleClassifier(new GatedCall(llm, gate, Duration.ofSeconds(5)), prompts);
    }

    @Test
    void parsesExactlyOneRoleName() {
        assertThat(LlmRoleClassifier.parse("qa")).contains(Role.QA);
        assertThat(LlmRoleClassifier.parse("  UX_UI.\n")).contains(Role.UX_UI);
        assertThat(LlmRoleClassifier.parse("`telemetry`")).contains(Role.TELEMETRY);
        assertThat(LlmRoleClassifier.parse("\"research\"")).contains(Role.RESEARCH);
        assertThat(LlmRoleClassifier.parse("dev or qa")).isEmpty();
        assertThat(LlmRoleClassifier.parse("The role is dev")).isEmpty();
        assertThat(LlmRoleClassifier.parse("developer")).isEmpty();
        assertThat(LlmRoleClassifier.parse("ux/ui")).isEmpty();
        assertThat(LlmRoleClassifier.parse("")).isEmpty();
        assertThat(LlmRoleClassifier.parse(null)).isEmpty();
    }

    @Test
    void aValidAnswerIsUsedAndPaidFromTheBudget() {
        RoleClassifier.Classification c = classifier(llm(r -> "telemetry")).classify(TENANT, "Implement the export feature");

        assertThat(c).isEqualTo(new RoleClassifier.Classification(Role.TELEMETRY, "llm"));
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().prompt()).contains("Task: Implement the export feature");
        assertThat(asked.getFirst().maxTokens()).isEqualTo(8);
        assertThat(spent()).isEqualTo(SqliteBudget.cost("gpt-test", 120, 2)).isPositive();
        assertThat(reserved()).isZero();
    }

    @Test
    void anInvalidAnswerFallsBackToTheKeywordTable() {
        RoleClassifier.Classification c = classifier(llm(r -> "I think this is a QA task")).classify(TENANT,
                "Write regression tests for the importer");

        assertThat(c).isEqualTo(new RoleClassifier.Classification(Role.QA, "keywords"));
        assertThat(reserved()).isZero();
    }

    @Test
    void aFailedCallFallsBackToKeywordsAndReleasesTheReservation() {
        RoleClassifier.Classification c = classifier(llm(r -> new LlmException("LLM answered HTTP 503: down", false, 1, null)))
                .classify(TENANT, "Add Prometheus metrics for the importer");

        assertThat(c).isEqualTo(new RoleClassifier.Classification(Role.TELEMETRY, "keywords"));
        assertThat(spent()).isZero();
        assertThat(reserved()).isZero();
    }

    @Test
    void aRefusedBudgetFallsBackWithoutCallingTheLlm() {
        try (SqliteBudget empty = SqliteBudget.open(TENANT.id(), 10)) {
            RoleClassifier c = new LlmRoleClassifier(new GatedCall(llm(r -> "dev"), empty.gate(), Duration.ofSeconds(5)), prompts);

            assertThat(c.classify(TENANT, "Design the event schema"))
                    .isEqualTo(new RoleClassifier.Classification(Role.ARCHITECT, "keywords"));
            assertThat(asked).isEmpty();
            assertThat(empty.account(TENANT.id()).reservedMicros()).isZero();
        }
    }

    @Test
    void relevanceAcceptsOnlyANumberFromZeroToOne() {
        assertThat(LlmRelevanceScorer.parse("0.75")).contains(0.75);
        assertThat(LlmRelevanceScorer.parse(" 1 ")).contains(1.0);
        assertThat(LlmRelevanceScorer.parse("0")).contains(0.0);
        assertThat(LlmRelevanceScorer.parse(".5")).contains(0.5);
        assertThat(LlmRelevanceScorer.parse("1.5")).isEmpty();
        assertThat(LlmRelevanceScorer.parse("75%")).isEmpty();
        assertThat(LlmRelevanceScorer.parse("0.8 because dashboards")).isEmpty();
        assertThat(LlmRelevanceScorer.parse("-0.2")).isEmpty();

        RelevanceScorer llmScorer = new LlmRelevanceScorer(new GatedCall(llm(r -> "0.9"), gate, Duration.ofSeconds(5)), prompts);
        assertThat(llmScorer.score(TENANT, "Build the dashboard")).isEqualTo(new RelevanceScorer.Score(0.9, "llm"));
        RelevanceScorer bad = new LlmRelevanceScorer(new GatedCall(llm(r -> "very relevant"), gate, Duration.ofSeconds(5)), prompts);
        RelevanceScorer.Score fallback = bad.score(TENANT, "Build the dashboard");
        assertThat(fallback.source()).isEqualTo("lexical");
        assertThat(fallback.relevance()).isEqualTo(LexicalRelevanceScorer.relevance(TENANT.purpose(), "Build the dashboard"));
    }
}
