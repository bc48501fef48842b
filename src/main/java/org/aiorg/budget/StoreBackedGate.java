package org.aiorg.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The gate on top of a {@link BudgetStore}: prices the call, gives the reservation its id and
 * expiry, turns store failures into refusals (fail closed) and publishes what happened.
 */
class StoreBackedGate implements BudgetGate {

    private static final Logger log = LoggerFactory.getLogger(StoreBackedGate.class);
    private static final int SWEEP_BATCH = 500;
    private static final int MODEL_CACHE = 100_000;

    private final BudgetStore store;
    private final Pricing pricing;
    private final Duration defaultTtl;
    private final InstantSource clock;
    private final ApplicationEventPublisher events;
    /** The model of each reservation this process made, to price its settlement without a lookup. */
    private final Map<String, String> models = new ConcurrentHashMap<>();

    StoreBackedGate(BudgetStore store, Pricing pricing, Duration defaultTtl, InstantSource clock, ApplicationEventPublisher events) {
        this.store = store;
        this.pricing = pricing;
        this.defaultTtl = defaultTtl;
        this.clock = clock;
        this.events = events;
    }

    BudgetStore store() {
        return store;
    }

    @Override
    public ReserveResult reserve(ReservationRequest request) {
        Objects.requireNonNull(request.tenant(), "tenant");
        Objects.requireNonNull(request.model(), "model");
        long amount = pricing.costMicros(request.model(), request.promptTokens(), request.maxOutputTokens());
        Duration ttl = request.ttl() == null || request.ttl().isNegative() || request.ttl().isZero() ? defaultTtl : request.ttl();
        long now = clock.millis();
        long expiresAt = now + ttl.toMillis();
        String id = newId();
        BudgetStore.Reserve r;
        try {
            r = store.reserve(request.tenant(), new BudgetStore.NewReservation(id, request.taskId(), request.model(), amount,
                    request.promptTokens(), request.maxOutputTokens(), expiresAt, now));
        } catch (BudgetStore.Unavailable e) {
            log.warn("Budget store unavailable, refusing the reservation of task {} of tenant {}: {}", request.taskId(),
                    request.tenant(), e.getMessage());
            return new Refused(0, "store_unavailable", "The budget store (" + store.name() + ") cannot be reached, so no call"
                    + " may start: " + e.getMessage());
        }
        if (!r.reserved()) {
            events.publishEvent(new BudgetExhausted(request.tenant(), request.taskId(), r.shortfallMicros()));
            return new Refused(r.shortfallMicros(), "budget_exhausted", "The call needs " + Micros.toUsd(amount).toPlainString()
                    + " USD but only " + Micros.toUsd(Math.max(0, r.remainingMicros())).toPlainString() + " USD remain");
        }
        if (models.size() >= MODEL_CACHE) {
            models.clear(); // reservations settled elsewhere leave entries behind; a miss just asks the store
        }
        models.put(id, request.model());
        return new Reserved(id, amount, Instant.ofEpochMilli(expiresAt));
    }

    /**
     * A random (version 4 layout) UUID from ThreadLocalRandom: reservation ids are handles, not
     * secrets, and UUID.randomUUID's shared SecureRandom is a point of contention at 10k+ calls/s.
     */
    private static String newId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    @Override
    public void markSent(TenantId tenant, String reservationId) {
        store.markSent(tenant, reservationId, clock.millis());
    }

    @Override
    public Settlement settle(TenantId tenant, String reservationId, Long inputTokens, Long outputTokens) {
        return settle(tenant, reservationId, inputTokens, outputTokens, null);
    }

    @Override
    public Settlement settle(TenantId tenant, String reservationId, Long inputTokens, Long outputTokens, String role) {
        Long actual = null;
        if (inputTokens != null && outputTokens != null) {
            String model = models.get(reservationId);
            if (model == null) {
                model = store.modelOf(tenant, reservationId)
                        .orElseThrow(() -> org.aiorg.common.ClientError.notFound("Reservation", reservationId));
            }
            actual = pricing.costMicros(model, inputTokens, outputTokens);
        }
        BudgetStore.End end = store.end(tenant, reservationId, true, actual, inputTokens, outputTokens, clock.millis());
        models.remove(reservationId);
        if (end.won()) {
            events.publishEvent(new ReservationSettled(tenant, end.taskId(), reservationId, end.model(), role, inputTokens, outputTokens,
                    end.chargedMicros(), end.releasedMicros()));
        }
        return new Settlement(reservationId, end.chargedMicros(), end.releasedMicros(), !end.won());
    }

    @Override
    public void release(TenantId tenant, String reservationId) {
        BudgetStore.End end = store.end(tenant, reservationId, false, null, null, null, clock.millis());
        models.remove(reservationId);
        if (end.won()) {
            events.publishEvent(new ReservationReleased(tenant, end.taskId(), reservationId, end.releasedMicros()));
        }
    }

    /** Ends every reservation past its expiry: released, or charged in full when marked sent. */
    int expireDue(List<TenantId> tenants) {
        int total = 0;
        while (true) {
            List<BudgetStore.End> ended = store.expireDue(tenants, clock.millis(), SWEEP_BATCH);
            for (BudgetStore.End e : ended) {
                models.remove(e.reservationId());
                events.publishEvent(new ReservationExpired(TenantId.of(e.tenant()), e.taskId(), e.reservationId(), e.model(), e.sent(),
                        e.chargedMicros(), e.releasedMicros()));
            }
            total += ended.size();
            if (ended.size() < SWEEP_BATCH) {
                return total;
            }
        }
    }
}
