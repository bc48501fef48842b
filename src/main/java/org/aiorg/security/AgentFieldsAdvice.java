package org.aiorg.security;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.aiorg.common.ClientError;
import org.aiorg.common.FieldProblem;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;

/**
 * An {@code agent} token may PATCH a task only to move it along: status, owner, tokens_actual
 * and the run's results. Checked on the parsed body, before the task is touched; any other field
 * is a 403 naming it.
 */
@ControllerAdvice
class AgentFieldsAdvice extends RequestBodyAdviceAdapter {

    /** What an external agent reports of its run on a task of its own tenant. */
    static final Set<String> AGENT_FIELDS = Set.of("status", "owner", "tokens_actual", "output", "error", "model", "latency_ms");

    private static final Pattern TASK = Pattern.compile("/task/[^/]+");

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return JsonNode.class.isAssignableFrom(parameter.getParameterType());
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (body instanceof JsonNode json && json.isObject() && agentOnly() && isTaskPatch()) {
            List<FieldProblem> refused = new ArrayList<>();
            for (String name : json.propertyNames()) {
                if (!AGENT_FIELDS.contains(name)) {
                    refused.add(new FieldProblem(name, "may not be changed with an agent token"));
                }
            }
            if (!refused.isEmpty()) {
                throw new ClientError(403, "forbidden", "Forbidden", "An agent token may change only "
                        + new TreeSet<>(AGENT_FIELDS) + " of a task.", refused, Map.of());
            }
        }
        return body;
    }

    private static boolean agentOnly() {
        return Caller.current().map(c -> c.has(CallerRole.AGENT) && !c.has(CallerRole.MEMBER)).orElse(false);
    }

    private static boolean isTaskPatch() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs)) {
            return false;
        }
        HttpServletRequest request = attrs.getRequest();
        return "PATCH".equals(request.getMethod()) && TASK.matcher(request.getRequestURI()).matches();
    }
}
