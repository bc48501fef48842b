package org.aiorg.common;

import java.util.List;
import java.util.Map;

/**
 * A request the service refuses because of what the client sent or asked for. The web layer
 * renders it as {@code application/problem+json} with {@link #status()} and {@link #fields()}.
 * It has no stack trace: it is an answer, not a fault, and filling one in walks the whole web and
 * transaction stack for nothing.
 */
public class ClientError extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldProblem> fields;
    private final Map<String, Object> extra;

    public ClientError(int status, String type, String title, String detail, List<FieldProblem> fields, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.fields = List.copyOf(fields);
        this.extra = Map.copyOf(extra);
    }

    public static ClientError invalid(List<FieldProblem> fields) {
        String detail = fields.size() == 1
                ? fields.getFirst().field() + ": " + fields.getFirst().message()
                : fields.size() + " fields are invalid";
        return new ClientError(400, "validation", "Invalid request", detail, fields, Map.of());
    }

    public static ClientError invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    public static ClientError notFound(String what, String id) {
        return new ClientError(404, "not-found", "Not found", what + " '" + id + "' does not exist", List.of(), Map.of());
    }

    public static ClientError conflict(String type, String detail, List<FieldProblem> fields, Map<String, Object> extra) {
        return new ClientError(409, type, "Conflict", detail, fields, extra);
    }

    public int status() {
        return status;
    }

    /** Short slug; the problem's type URI ends with it. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> fields() {
        return fields;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
