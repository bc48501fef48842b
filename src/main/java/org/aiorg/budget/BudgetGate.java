package org.aiorg.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aiorg.tenant.TenantId;

/**
 * The token-budget gate, in two phases: reserve an upper bound before an LLM call, settle with
 * the reported usage after it (or release it when the call was never sent). The invariant
 * {@code spent + reserved <= limit} holds at every instant, across threads and processes.
 * Settle and release are idempotent on the reservation id.
 */
public interface BudgetGate {

    /**
     * What a caller wants to reserve for one LLM call.
     *
     * @param promptTokens    input tokens, counted before the call
     * @param maxOutputTokens the most output tokens the call may produce (sent as max_tokens)
     * @param ttl             after this the reservation expires and is released (or, if marked sent, settled in full)
     */
    record ReservationRequest(TenantId tenant, String taskId, String model, long promptTokens, long maxOutputTokens, Duration ttl) {}

    /** The answer to a reservation: {@link Reserved} or {@link Refused}. */
    sealed interface ReserveResult permits Reserved, Refused {}

    record Reserved(String reservationId, long amountMicros, Instant expiresAt) implements ReserveResult {}

    /**
     * @param shortfallMicros how much more budget the call would have needed (0 when the store failed)
     * @param reason          {@code budget_exhausted} or {@code store_unavailable}
     */
    record Refused(long shortfallMicros, String reason, String detail) implements ReserveResult {}

    /** What a settlement charged. */
    record Settlement(String reservationId, long chargedMicros, long releasedMicros, boolean alreadySettled) {}

    ReserveResult reserve(ReservationRequest request);

    /**
     * Reserves for several calls, answering each as {@link #reserve} would, in the same order.
     * A store may do them in one round trip (one transaction, one pipeline): workers reserve for
     * a whole claimed batch at once. The default asks one by one; a request whose store call
     * fails is refused with {@code store_unavailable}.
     */
    default List<ReserveResult> reserveAll(List<ReservationRequest> requests) {
        List<ReserveResult> out = new ArrayList<>(requests.size());
        for (ReservationRequest r : requests) {
            try {
                out.add(reserve(r));
            } catch (RuntimeException e) {
                out.add(new Refused(0, "store_unavailable", String.valueOf(e.getMessage())));
            }
        }
        return out;
    }

    /** Marks that the HTTP call is about to be sent: an expiry then charges the reservation in full. */
    void markSent(TenantId tenant, String reservationId);

    /** A reservation of a tenant (for the batch operations). */
    record ReservationRef(TenantId tenant, String reservationId) {}

    /**
     * Marks several reservations sent, as {@link #markSent} would one after the other. A store may
     * do them in one round trip (one transaction, one pipeline): workers mark a claimed batch sent
     * right before they start its calls. A reservation that has ended (or is already sent) is left
     * as it is. The default marks them one by one.
     */
    default void markSentAll(List<ReservationRef> reservations) {
        for (ReservationRef r : reservations) {
            markSent(r.tenant(), r.reservationId());
        }
    }

    /**
     * Charges {@code min(actual, reserved)}, the actual cost priced from the reported tokens at the
     * reservation's model; with unknown usage (either count null) charges the reserved amount.
     * A second settle (or a settle after release or expiry) changes nothing and answers
     * {@code alreadySettled} with what the first end charged.
     */
    default Settlement settle(TenantId tenant, String reservationId, Long inputTokens, Long outputTokens) {
        return settle(tenant, reservationId, inputTokens, outputTokens, null);
    }

    /**
     * As {@link #settle(TenantId, String, Long, Long)}, naming the agent role that made the call
     * (for {@code ai_tokens_total{role}}; null: unknown).
     */
    Settlement settle(TenantId tenant, String reservationId, Long inputTokens, Long outputTokens, String role);

    /** One settlement of a batch: as the arguments of {@link #settle(TenantId, String, Long, Long, String)}. */
    record SettleRequest(TenantId tenant, String reservationId, Long inputTokens, Long outputTokens, String role) {}

    /**
     * Settles several reservations, each as {@link #settle(TenantId, String, Long, Long, String)}
     * would one after the other, answering in the same order. A store may do them together (the
     * SQL store: per tenant one account UPDATE, JDBC batches for the rest, joining the caller's
     * transaction). The default settles one by one. Throws as settle does (an unknown reservation).
     */
    default List<Settlement> settleAll(List<SettleRequest> requests) {
        List<Settlement> out = new ArrayList<>(requests.size());
        for (SettleRequest r : requests) {
            out.add(settle(r.tenant(), r.reservationId(), r.inputTokens(), r.outputTokens(), r.role()));
        }
        return out;
    }

    /** Gives the whole reservation back (the call was never sent); a no-op once it has ended. */
    void release(TenantId tenant, String reservationId);
}
