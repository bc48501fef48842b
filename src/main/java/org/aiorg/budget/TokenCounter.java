package org.aiorg.budget;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiorg.tenant.TenantId;

/**
 * Counts prompt tokens before a call (jtokkit): the model's own encoding when jtokkit knows the
 * model, else {@code o200k_base}, the encoding of current OpenAI models. For other vendors'
 * models the count is an estimate; the settlement uses what the provider reports.
 */
public final class TokenCounter {

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final Encoding fallback = registry.getEncoding(EncodingType.O200K_BASE);
    private final Map<String, Encoding> byModel = new ConcurrentHashMap<>();

    public long count(String model, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return encodingFor(model).countTokens(text);
    }

    public String encodingName(String model) {
        return encodingFor(model).getName();
    }

    /** A reservation request for a prompt: its tokens counted here plus the output the call may produce. */
    public BudgetGate.ReservationRequest request(TenantId tenant, String taskId, String model, String prompt,
            long maxOutputTokens, Duration ttl) {
        return new BudgetGate.ReservationRequest(tenant, taskId, model, count(model, prompt), maxOutputTokens, ttl);
    }

    private Encoding encodingFor(String model) {
        if (model == null || model.isBlank()) {
            return fallback;
        }
        return byModel.computeIfAbsent(model, m -> registry.getEncodingForModel(m).orElse(fallback));
    }
}
