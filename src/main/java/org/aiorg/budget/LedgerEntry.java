package org.aiorg.budget;

import java.time.Instant;

/**
 * One row of a tenant's append-only budget ledger: the audit trail and what Redis is rebuilt from.
 *
 * @param kind          reserve, sent, settle, release, expire, topup or limit
 * @param amountMicros  reserve/settle/release/expire: the reserved amount; topup: the amount added;
 *                      limit: the change of the limit (may be negative)
 * @param chargedMicros what this row added to spent
 * @param releasedMicros what this row gave back from reserved
 * @param tokensIn      reserve: prompt tokens; settle: reported input tokens (null if none)
 * @param tokensOut     reserve: the most output tokens allowed; settle: reported output tokens
 * @param limitMicros   topup and limit: the limit after the change
 * @param expiresAt     reserve: when the reservation expires
 * @param ref           topup: the idempotency key
 */
public record LedgerEntry(String id, String tenant, String kind, String reservationId, String taskId, String model,
        long amountMicros, long chargedMicros, long releasedMicros, Long tokensIn, Long tokensOut, Long limitMicros,
        Instant expiresAt, String ref, Instant at) {

    static final String RESERVE = "reserve";
    static final String SENT = "sent";
    static final String SETTLE = "settle";
    static final String RELEASE = "release";
    static final String EXPIRE = "expire";
    static final String TOPUP = "topup";
    static final String LIMIT = "limit";
}
