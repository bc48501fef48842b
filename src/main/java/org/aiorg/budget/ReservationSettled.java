package org.aiorg.budget;

import org.aiorg.tenant.TenantId;

/**
 * A reservation was settled with the call's usage (published once, by the settlement that won).
 *
 * @param role       the agent role that made the call, or null when the caller did not say
 * @param tokensIn   reported input tokens, or null when the provider reported none
 * @param tokensOut  reported output tokens, or null
 */
public record ReservationSettled(TenantId tenant, String taskId, String reservationId, String model, String role,
        Long tokensIn, Long tokensOut, long chargedMicros, long releasedMicros) {}
