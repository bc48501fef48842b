package org.aiorg.task;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiorg.common.ClientError;
import org.aiorg.tenant.TenantId;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Tasks", description = "A tenant's backlog: tasks with business value, token plan and dependencies")
class TaskController {

    private final Tasks tasks;
    private final TaskReadCache cache;
    private final JsonMapper json;

    TaskController(Tasks tasks, TaskReadCache cache, JsonMapper json) {
        this.tasks = tasks;
        this.cache = cache;
        this.json = json;
    }

    /** A task with its agent's output, flat as the other task answers. */
    record TaskView(@JsonUnwrapped Task task, String output) {}

    /** One page of the task table. */
    record TaskList(List<Task> items, long total, int limit, int offset) {}

    @PostMapping(path = "/task", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a task", description = """
            Body: {"description": "...", "value": 3.5} and optionally depends_on (an id or a list of ids),
            tokens_plan (1k-token blocks, default 1), purpose_relevance (0..1, scored against the tenant's
            purpose when absent), owner, role (classified when absent).""")
    ResponseEntity<Task> create(TenantId tenant, @RequestBody JsonNode body) {
        Task task = tasks.create(tenant, TaskInput.parseNew(body));
        return ResponseEntity.created(URI.create("/task/" + task.id())).body(task);
    }

    @GetMapping("/task/{id}")
    @Operation(summary = "A task with its output, tokens, model, latency, attempts and error")
    TaskView get(TenantId tenant, @PathVariable String id) {
        TaskDetail detail = tasks.detail(tenant, id);
        return new TaskView(detail.task(), detail.output());
    }

    @PatchMapping(path = "/task/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change a task", description = """
            Fields: status (todo->doing->done|failed, failed->todo; another move is 409), description, owner,
            value/est_value, tokens_plan, tokens_actual, purpose_relevance, role, depends_on (a cycle is 409).""")
    Task patch(TenantId tenant, @PathVariable String id, @RequestBody JsonNode body) {
        return tasks.patch(tenant, id, TaskInput.parsePatch(body));
    }

    @DeleteMapping("/task/{id}")
    @Operation(summary = "Delete a task (409 while other tasks depend on it)")
    ResponseEntity<Void> delete(TenantId tenant, @PathVariable String id) {
        tasks.delete(tenant, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/backlog")
    @Operation(summary = "The tenant's todo tasks, highest value density first", description = """
            value density = est_value x purpose_relevance / tokens_plan, then oldest first. Paginated: the
            next page's URL is in the Link header (rel="next").""")
    ResponseEntity<byte[]> backlog(TenantId tenant,
            @Parameter(description = "page size, 1..1000") @RequestParam(defaultValue = "100") int limit,
            @Parameter(description = "from the previous page's Link header") @RequestParam(required = false) String cursor,
            HttpServletRequest request, WebRequest webRequest) {
        requireLimit(limit);
        TaskReadCache.Entry page = cache.get(tenant, "backlog|" + limit + "|" + cursor, () -> {
            Page p = tasks.backlog(tenant, cursor, limit);
            String next = p.nextCursor() == null ? null : UriComponentsBuilder.fromPath(request.getRequestURI())
                    .queryParam("limit", limit).queryParam("cursor", p.nextCursor()).build().toUriString();
            return new TaskReadCache.Rendered(json.writeValueAsBytes(p.items()), next);
        });
        if (webRequest.checkNotModified(page.etag())) {
            return null;
        }
        HttpHeaders headers = new HttpHeaders();
        if (page.nextLink() != null) {
            headers.add(HttpHeaders.LINK, "<" + page.nextLink() + ">; rel=\"next\"");
        }
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON).body(page.body());
    }

    @GetMapping("/api/tasks")
    @Operation(summary = "A filtered, sorted page of the tenant's tasks (the dashboard's table)")
    TaskList list(TenantId tenant,
            @Parameter(description = "comma-separated statuses") @RequestParam(required = false) String status,
            @Parameter(description = "comma-separated roles") @RequestParam(required = false) String role,
            @Parameter(description = "created_at, updated_at, est_value, tokens_plan, purpose_relevance, value_density, status, role")
            @RequestParam(defaultValue = "created_at") String sort,
            @RequestParam(defaultValue = "desc") String order,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        requireLimit(limit);
        if (offset < 0) {
            throw ClientError.invalid("offset", "must be >= 0");
        }
        TaskQuery.Sort by = java.util.Arrays.stream(TaskQuery.Sort.values()).filter(s -> s.wire().equals(sort)).findFirst()
                .orElseThrow(() -> ClientError.invalid("sort", "must be one of: " + java.util.Arrays.stream(TaskQuery.Sort.values())
                        .map(TaskQuery.Sort::wire).toList()));
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ClientError.invalid("order", "must be asc or desc");
        }
        TaskQuery q = new TaskQuery(TaskStatus.parseList(status), roles(role), by, order.equals("desc"), limit, offset);
        return new TaskList(tasks.list(tenant, q), tasks.count(tenant, q), limit, offset);
    }

    @GetMapping("/api/tasks/counts")
    @Operation(summary = "The tenant's tasks counted by status")
    Map<String, Long> counts(TenantId tenant) {
        Map<String, Long> out = new LinkedHashMap<>();
        long total = 0;
        for (var e : tasks.countsByStatus(tenant).entrySet()) {
            out.put(e.getKey().wire(), e.getValue());
            total += e.getValue();
        }
        out.put("total", total);
        return out;
    }

    private static Set<Role> roles(String csv) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        if (csv != null && !csv.isBlank()) {
            for (String s : csv.split(",")) {
                out.add(Role.parse(s.strip()).orElseThrow(
                        () -> ClientError.invalid("role", "must be a comma-separated list of: " + Role.allWire())));
            }
        }
        return out;
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > Tasks.MAX_PAGE) {
            throw ClientError.invalid("limit", "must be between 1 and " + Tasks.MAX_PAGE);
        }
    }
}
