package org.aiorg.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.aiorg.task.ClaimedTask;
import org.aiorg.task.Role;
import org.aiorg.task.Task;
import org.aiorg.task.TaskStatus;
import org.aiorg.tenant.Tenant;
import org.aiorg.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplatesTest {

    private static final Tenant TENANT = new Tenant(TenantId.of("acme"), "Acme Analytics", "Dashboards for small online shops",
            Instant.EPOCH);

    private static Task task(String id, String description, Role role, List<String> deps) {
        return new Task(id, description, TaskStatus.DOING, null, 3, 2, 0, 0.8, "user", 1.2, role, "user", null, 0, 0, null,
                null, 1, null, deps, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void theBuiltInTemplatesAllValidateAndRenderTheTaskTenantAndDependencies() {
        Prompts prompts = new Prompts(new PromptTemplates(null), 2000);
        ClaimedTask claimed = new ClaimedTask(TENANT.id(), task("Task0002", "Implement the query API", Role.DEV, List.of("Task0001")),
                List.of(new ClaimedTask.DependencyOutput("Task0001", "Design the schema", Role.ARCHITECT, "Tables: events, shops.")));

        String prompt = prompts.forTask(TENANT, claimed, 512);

        assertThat(prompt).contains("developer (dev) agent of Acme Analytics")
                .contains("Dashboards for small online shops")
                .contains("Task: Implement the query API")
                .contains("--- Task0001 (architect): Design the schema\nTables: events, shops.")
                .contains("at most 512 tokens")
                .doesNotContain("{{").doesNotContain("{%");
        for (Role role : Role.values()) {
            ClaimedTask c = new ClaimedTask(TENANT.id(), task("Task0003", "Anything", role, List.of()), List.of());
            assertThat(prompts.forTask(TENANT, c, 100)).contains("Task: Anything").doesNotContain("builds on the work");
        }
        assertThat(prompts.classifier(TENANT, "Add Grafana alerts")).contains("Task: Add Grafana alerts")
                .contains("architect, planner, dev, qa, ux_ui, telemetry, research");
        assertThat(prompts.relevance(TENANT, "Add Grafana alerts")).contains("Purpose: Dashboards for small online shops");
    }

    @Test
    void dependencyOutputsAreTrimmedToTheTokenLimitSharedFairly() {
        String longOutput = "The ingestion design in many words. ".repeat(400); // about 2,800 tokens
        String shortOutput = "Short and complete.";
        ClaimedTask claimed = new ClaimedTask(TENANT.id(), task("Task0009", "Build the dashboard", Role.UX_UI, List.of("A", "B")),
                List.of(new ClaimedTask.DependencyOutput("Task0007", "Ingest", Role.DEV, longOutput),
                        new ClaimedTask.DependencyOutput("Task0008", "Wireframes", Role.UX_UI, shortOutput)));

        String prompt = new Prompts(new PromptTemplates(null), 300).forTask(TENANT, claimed, 100);

        assertThat(prompt).contains(shortOutput).contains(PromptContext.TRIMMED_MARK.strip());
        String kept = prompt.substring(prompt.indexOf("The ingestion design"), prompt.indexOf(PromptContext.TRIMMED_MARK.strip()));
        int shortTokens = Tokens.count(shortOutput);
        assertThat(Tokens.count(kept.strip())).isBetween(300 - shortTokens - 5, 300 - shortTokens);
        assertThat(Tokens.count(prompt)).isLessThan(300 + 400);
    }

    @Test
    void aTemplateErrorNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("qa.j2"), "You test for {{ tenant.name }}.\nTask: {{ task.description }}\n{% if task.value > 1 %}\nValuable.\n");

        assertThatThrownBy(() -> new PromptTemplates(dir))
                .isInstanceOf(PromptTemplateException.class)
                .hasMessageContaining(dir.resolve("qa.j2").toAbsolutePath() + " line 3")
                .hasMessageContaining("endif");
    }

    @Test
    void anUnknownVariableIsCaughtAtStartUp(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dev.j2"), "Task: {{ task.description }}\n\nOwner: {{ tsk.owner }}\n");

        assertThatThrownBy(() -> new PromptTemplates(dir))
                .isInstanceOf(PromptTemplateException.class)
                .hasMessageContaining("dev.j2 line 3").hasMessageContaining("tsk.owner");
    }

    @Test
    void aPromptsFolderReplacesTemplatesByNameAndTheRestStayBuiltIn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("research.j2"), "RESEARCH for {{ tenant.name }}: {{ task.description }}");
        Prompts prompts = new Prompts(new PromptTemplates(dir), 1000);

        ClaimedTask research = new ClaimedTask(TENANT.id(), task("Task0004", "Compare vendors", Role.RESEARCH, List.of()), List.of());
        ClaimedTask dev = new ClaimedTask(TENANT.id(), task("Task0005", "Fix the bug", Role.DEV, List.of()), List.of());
        assertThat(prompts.forTask(TENANT, research, 100)).isEqualTo("RESEARCH for Acme Analytics: Compare vendors");
        assertThat(prompts.forTask(TENANT, dev, 100)).contains("developer (dev) agent");
    }

    @Test
    void aMissingPromptsFolderIsAClearError() {
        assertThatThrownBy(() -> new PromptTemplates(Path.of("no", "such", "folder")))
                .isInstanceOf(PromptTemplateException.class).hasMessageContaining("does not exist");
    }
}
