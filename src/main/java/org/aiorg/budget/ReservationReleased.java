package org.aiorg.budget;

import org.aiorg.tenant.TenantId;

/** A reservation was given back whole (the call was never sent): remaining grew by {@code releasedMicros}. */
public record ReservationReleased(TenantId tenant, String taskId, String reservationId, long releasedMicros) {}
