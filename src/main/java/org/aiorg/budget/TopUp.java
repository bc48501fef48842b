package org.aiorg.budget;

import java.time.Instant;

/**
 * The result of a top-up. A repeated idempotency key returns the first result with {@code replayed}.
 *
 * @param limitMicros the limit right after this top-up
 */
public record TopUp(String tenant, String idempotencyKey, long amountMicros, long limitMicros, Instant at, boolean replayed) {}
