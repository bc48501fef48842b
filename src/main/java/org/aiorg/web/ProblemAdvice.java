package org.aiorg.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.aiorg.common.ClientError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error leaves as {@code application/problem+json}: client errors name the field at fault;
 * server errors are logged with a correlation id that the body carries too.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ClientError.class)
    ResponseEntity<Object> clientError(ClientError e) {
        return Problems.entity(Problems.of(e.status(), e.type(), e.title(), e.getMessage(), e.fields(), e.extra()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName().toLowerCase();
        return Problems.entity(Problems.field(400, "validation", "Invalid request", e.getName(),
                "must be " + (expected.equals("int") || expected.equals("integer") ? "an integer" : "a " + expected)));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e) {
        return Problems.entity(Problems.field(413, "payload-too-large", "Payload too large", "body", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return Problems.entity(Problems.of(500, "internal", "Internal error",
                "The service failed to answer; the log has the details under this correlation id.", List.of(), Map.of()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        String message = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "is missing: send a JSON object"
                : "is not valid JSON: " + jsonReason(e);
        return Problems.entity(Problems.field(400, "malformed-json", "Malformed request body", "body", message));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String got = e.getContentType() == null ? "none" : e.getContentType().toString();
        return Problems.entity(Problems.field(415, "unsupported-media-type", "Unsupported media type", "Content-Type",
                "must be application/json (got " + got + ")"));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return Problems.entity(Problems.field(400, "validation", "Invalid request", e.getParameterName(), "is required"));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return Problems.entity(Problems.of(404, "not-found", "Not found", "No endpoint or file at /" + e.getResourcePath(),
                List.of(), Map.of()));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail p && p.getType() != null && "about:blank".equals(p.getType().toString())) {
            p.setType(java.net.URI.create(Problems.TYPE_BASE + "http-" + status.value()));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** Jackson's own first line says what is wrong and where (line, column). */
    private static String jsonReason(HttpMessageNotReadableException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? "unreadable" : root.getMessage();
        int newline = m.indexOf('\n');
        return newline > 0 ? m.substring(0, newline) : m;
    }
}
