package org.aiorg.task;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.aiorg.common.ClientError;
import org.aiorg.common.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * Reads task requests from JSON with one message per field at fault, so that a client (and the
 * dashboard's form) can show each error next to its field.
 */
final class TaskInput {

    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_OWNER = 200;
    static final int MAX_DEPENDENCIES = 1_000;
    static final double MAX_VALUE = 1e12;
    static final double MAX_TOKENS = 1e9;
    static final long MAX_LATENCY_MS = 86_400_000L * 365;

    private static final Set<String> CREATE_FIELDS = Set.of(
            "description", "value", "est_value", "depends_on", "tokens_plan", "purpose_relevance", "owner", "role");
    private static final Set<String> PATCH_FIELDS = Set.of(
            "status", "description", "owner", "value", "est_value", "tokens_plan", "tokens_actual",
            "purpose_relevance", "role", "depends_on", "output", "error", "model", "latency_ms");
    static final int MAX_OUTPUT = 200_000;
    static final int MAX_ERROR = 4_000;
    static final int MAX_MODEL = 200;

    private final JsonNode body;
    private final List<FieldProblem> problems = new ArrayList<>();

    private TaskInput(JsonNode body) {
        this.body = body;
    }

    static NewTask parseNew(JsonNode body) {
        TaskInput in = new TaskInput(requireObject(body));
        in.rejectUnknown(CREATE_FIELDS);
        String description = in.description(true);
        Double value = in.number(in.valueField(), MAX_VALUE);
        List<String> deps = in.dependencies();
        Double plan = in.number("tokens_plan", MAX_TOKENS);
        Double relevance = in.relevance();
        String owner = in.owner();
        Role role = in.role();
        in.throwIfAny();
        return new NewTask(description, value == null ? NewTask.DEFAULT_VALUE : value,
                deps == null ? List.of() : deps, plan, relevance, owner, role);
    }

    static TaskPatch parsePatch(JsonNode body) {
        TaskInput in = new TaskInput(requireObject(body));
        in.rejectUnknown(PATCH_FIELDS);
        if (body.has("value") && body.has("est_value")) {
            in.problems.add(new FieldProblem("value", "give value or est_value, not both"));
        }
        Set<String> present = new HashSet<>();
        for (String name : body.propertyNames()) {
            present.add(name.equals("value") ? "est_value" : name);
        }
        if (present.isEmpty()) {
            in.problems.add(new FieldProblem("body", "names no field to change"));
        }
        TaskStatus status = in.status();
        String description = body.has("description") ? in.description(true) : null;
        String owner = in.owner();
        Double value = in.number(in.valueField(), MAX_VALUE);
        Double plan = in.number("tokens_plan", MAX_TOKENS);
        Double actual = in.number("tokens_actual", MAX_TOKENS);
        Double relevance = in.relevance();
        Role role = in.role();
        List<String> deps = in.dependencies();
        TaskPatch.RunReport run = new TaskPatch.RunReport(in.text("output", MAX_OUTPUT), in.text("error", MAX_ERROR),
                in.text("model", MAX_MODEL), in.integer("latency_ms", MAX_LATENCY_MS));
        for (String notNullable : List.of("status", "description", "est_value", "tokens_plan", "tokens_actual", "purpose_relevance")) {
            String wire = notNullable.equals("est_value") && body.has("value") ? "value" : notNullable;
            if (body.has(wire) && body.get(wire).isNull()) {
                in.problems.add(new FieldProblem(wire, "must not be null"));
            }
        }
        in.throwIfAny();
        return new TaskPatch(Set.copyOf(present), status, description, owner, value, plan, actual, relevance, role, deps, run);
    }

    private static JsonNode requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ClientError.invalid("body", "must be a JSON object");
        }
        return body;
    }

    private void rejectUnknown(Set<String> allowed) {
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                problems.add(new FieldProblem(name, "is not a known field (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")"));
            }
        }
    }

    private String valueField() {
        return body.has("est_value") ? "est_value" : "value";
    }

    private String description(boolean required) {
        JsonNode n = body.get("description");
        if (n == null || n.isNull()) {
            if (required) {
                problems.add(new FieldProblem("description", "is required"));
            }
            return null;
        }
        if (!n.isString()) {
            problems.add(new FieldProblem("description", "must be a string"));
            return null;
        }
        String s = n.stringValue().strip();
        if (s.isEmpty()) {
            problems.add(new FieldProblem("description", "must not be blank"));
        } else if (s.length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters (got " + s.length() + ")"));
        }
        return s;
    }

    private Double number(String field, double max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            problems.add(new FieldProblem(field, "must be a number"));
            return null;
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            problems.add(new FieldProblem(field, "must be a finite number"));
        } else if (d < 0) {
            problems.add(new FieldProblem(field, "must be >= 0"));
        } else if (d > max) {
            problems.add(new FieldProblem(field, "must be <= " + (long) max));
        } else {
            return d;
        }
        return null;
    }

    /** An optional string of at most {@code max} characters; null clears it. */
    private String text(String field, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            problems.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        String s = n.stringValue();
        if (s.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters (got " + s.length() + ")"));
            return null;
        }
        return s;
    }

    /** An optional whole number in 0..max. */
    private Long integer(String field, long max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || n.longValue() < 0 || n.longValue() > max) {
            problems.add(new FieldProblem(field, "must be a whole number from 0 to " + max));
            return null;
        }
        return n.longValue();
    }

    private Double relevance() {
        Double r = number("purpose_relevance", Double.MAX_VALUE);
        if (r != null && r > 1.0) {
            problems.add(new FieldProblem("purpose_relevance", "must be between 0 and 1"));
            return null;
        }
        return r;
    }

    private String owner() {
        JsonNode n = body.get("owner");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            problems.add(new FieldProblem("owner", "must be a string"));
            return null;
        }
        String s = n.stringValue().strip();
        if (s.length() > MAX_OWNER) {
            problems.add(new FieldProblem("owner", "must be at most " + MAX_OWNER + " characters"));
        }
        return s.isEmpty() ? null : s;
    }

    private Role role() {
        JsonNode n = body.get("role");
        if (n == null || n.isNull() || (n.isString() && n.stringValue().isBlank())) {
            return null;
        }
        if (!n.isString()) {
            problems.add(new FieldProblem("role", "must be one of: " + Role.allWire()));
            return null;
        }
        return Role.parse(n.stringValue().strip().toLowerCase()).orElseGet(() -> {
            problems.add(new FieldProblem("role", "must be one of: " + Role.allWire()));
            return null;
        });
    }

    private TaskStatus status() {
        JsonNode n = body.get("status");
        if (n == null || n.isNull()) {
            return null;
        }
        TaskStatus s = n.isString() ? TaskStatus.parse(n.stringValue()).orElse(null) : null;
        if (s == null) {
            problems.add(new FieldProblem("status", "must be one of: todo, doing, done, failed"));
        }
        return s;
    }

    /** The seed's single {@code depends_on} id, or a list of ids. */
    private List<String> dependencies() {
        JsonNode n = body.get("depends_on");
        if (n == null || n.isNull()) {
            return body.has("depends_on") ? List.of() : null;
        }
        List<JsonNode> items = new ArrayList<>();
        if (n.isString()) {
            items.add(n);
        } else if (n.isArray()) {
            n.forEach(items::add);
        } else {
            problems.add(new FieldProblem("depends_on", "must be a task id or a list of task ids"));
            return null;
        }
        if (items.size() > MAX_DEPENDENCIES) {
            problems.add(new FieldProblem("depends_on", "may name at most " + MAX_DEPENDENCIES + " tasks"));
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode item : items) {
            if (!item.isString() || item.stringValue().isBlank()) {
                problems.add(new FieldProblem("depends_on", "must contain task ids (strings)"));
                return null;
            }
            ids.add(item.stringValue().strip());
        }
        return List.copyOf(ids);
    }

    private void throwIfAny() {
        if (!problems.isEmpty()) {
            throw ClientError.invalid(problems);
        }
    }
}
