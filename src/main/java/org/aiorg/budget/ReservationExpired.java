package org.aiorg.budget;

import org.aiorg.tenant.TenantId;

/**
 * The sweeper ended a reservation nobody settled in time: released whole, or, when it was marked
 * sent (the provider may have billed the call), charged in full.
 */
public record ReservationExpired(TenantId tenant, String taskId, String reservationId, String model, boolean sent,
        long chargedMicros, long releasedMicros) {}
