package org.aiorg.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.aiorg.common.FieldProblem;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds RFC 9457 problem details in the one shape every endpoint answers errors with. */
final class Problems {

    static final String TYPE_BASE = "https://ai-org.dev/problems/";

    private Problems() {}

    static ProblemDetail of(int status, String type, String title, String detail, List<FieldProblem> fields, Map<String, Object> extra) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        p.setType(URI.create(TYPE_BASE + type));
        p.setTitle(title);
        if (!fields.isEmpty()) {
            p.setProperty("errors", fields);
        }
        extra.forEach(p::setProperty);
        String correlation = MDC.get(CorrelationIdFilter.MDC_KEY);
        if (correlation != null) {
            p.setProperty("correlation_id", correlation);
        }
        return p;
    }

    static ProblemDetail field(int status, String type, String title, String field, String message) {
        return of(status, type, title, field + ": " + message, List.of(new FieldProblem(field, message)), Map.of());
    }

    static ResponseEntity<Object> entity(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
