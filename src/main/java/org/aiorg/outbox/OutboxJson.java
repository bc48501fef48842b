package org.aiorg.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payload's JSON. Its own mapper with explicit snake_case keys: the payload is a stored
 * format read by other processes, so it must not change with the web layer's settings.
 */
final class OutboxJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OutboxJson() {}

    static String write(OutboxTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("status", t.status());
        if (t.label() != null) {
            m.put("label", t.label());
            m.put("business_value", t.businessValue());
            m.put("tokens_plan", t.tokensPlan());
            m.put("tokens_actual", t.tokensActual());
            m.put("purpose_relevance", t.purposeRelevance());
            m.put("role", t.role());
            m.put("hold_reason", t.holdReason());
            m.put("created_at", t.createdAt());
            m.put("depends_on", t.dependsOn());
        }
        if (t.previousStatus() != null) {
            m.put("previous_status", t.previousStatus());
        }
        return JSON.writeValueAsString(m);
    }

    static OutboxTask read(String payload) {
        JsonNode n = JSON.readTree(payload);
        List<String> deps = new ArrayList<>();
        for (JsonNode d : n.path("depends_on")) {
            deps.add(d.asString());
        }
        return new OutboxTask(text(n, "id"), text(n, "label"), text(n, "status"), n.path("business_value").asDouble(),
                n.path("tokens_plan").asDouble(), n.path("tokens_actual").asDouble(), n.path("purpose_relevance").asDouble(),
                text(n, "role"), text(n, "hold_reason"), n.path("created_at").asLong(), List.copyOf(deps),
                text(n, "previous_status"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
