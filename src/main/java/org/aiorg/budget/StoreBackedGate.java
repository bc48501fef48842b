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
        BudgetStore.NewReservation n = price(request, clock.millis());
        BudgetStore.Reserve r;
        try {
            r = store.reserve(request.tenant(), n);
        } catch (BudgetStore.Unavailable e) {
            return unavailable(request, e);
        }
        return answer(request, n, r);
    }

    /**
     * The whole batch in one call to the store (one transaction for the SQL store, one pipeline
     * for Redis), each request answered as {@link #reserve} would, in order. A request the store
     * failed on is refused with {@code store_unavailable}, as the interface's default does.
     */
    @Override
    public List<ReserveResult> reserveAll(List<ReservationRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        List<BudgetStore.ReserveRequest> batch = new java.util.ArrayList<>(requests.size());
        for (ReservationRequest request : requests) {
            batch.add(new BudgetStore.ReserveRequest(request.tenant(), price(request, now)));
        }
        List<BudgetStore.ReserveOutcome> outcomes;
        try {
            outcomes = store.reserveAll(batch);
        } catch (BudgetStore.Unavailable e) {
            return requests.stream().<ReserveResult>map(r -> unavailable(r, e)).toList();
        }
        List<ReserveResult> out = new java.util.ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            ReservationRequest request = requests.get(i);
            BudgetStore.ReserveOutcome o = outcomes.get(i);
            if (o.error() instanceof BudgetStore.Unavailable u) {
                out.add(unavailable(request, u));
            } else if (o.error() != null) {
                out.add(new Refused(0, "store_unavailable", String.valueOf(o.error().getMessage())));
            } else {
                out.add(answer(request, batch.get(i).reservation(), o.reserve()));
            }
        }
        return out;
    }

    /** Prices the request and gives the reservation its id and expiry. */
    private BudgetStore.NewReservation price(ReservationRequest request, long now) {
        Objects.requireNonNull(request.tenant(), "tenant");
        Objects.requireNonNull(request.model(), "model");
        long amount = pricing.costMicros(request.model(), request.promptTokens(), request.maxOutputTokens());
        Duration ttl = request.ttl() == null || request.ttl().isNegative() || request.ttl().isZero() ? defaultTtl : request.ttl();
        long expiresAt = now + ttl.toMillis();
        return new BudgetStore.NewReservation(newId(), request.taskId(), request.model(), amount, request.promptTokens(),
                request.maxOutputTokens(), expiresAt, now);
    }

    private Refused unavailable(ReservationRequest request, BudgetStore.Unavailable e) {
        log.warn("Budget store unavailable, refusing the reservation of task {} of tenant {}: {}", request.taskId(),
                request.tenant(), e.getMessage());
        return new Refused(0, "store_unavailable", "The budget store (" + store.name() + ") cannot be reached, so no call"
                + " may start: " + e.getMessage());
    }

    /** What the store said, as the gate answers it (and publishes it). */
    private ReserveResult answer(ReservationRequest request, BudgetStore.NewReservation n, BudgetStore.Reserve r) {
        long amount = n.amountMicros();
        if (!r.reserved()) {
            events.publishEvent(new BudgetExhausted(request.tenant(), request.taskId(), r.shortfallMicros()));
            return new Refused(r.shortfallMicros(), "budget_exhausted", "The call needs " + Micros.toUsd(amount).toPlainString()
                    + " USD but only " + Micros.toUsd(Math.max(0, r.remainingMicros())).toPlainString() + " USD remain");
        }
        if (models.size() >= MODEL_CACHE) {
            models.clear(); // reservations settled elsewhere leave entries behind; a miss just asks the store
        }
        models.put(n.id(), request.model());
        return new Reserved(n.id(), amount, Instant.ofEpochMilli(n.expiresAt()));
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

    /** The batch in one call to the store (one transaction for the SQL store, one pipeline for Redis). */
    @Override
    public void markSentAll(List<ReservationRef> reservations) {
        if (reservations.isEmpty()) {
            return;
        }
        store.markSentAll(reservations, clock.millis());
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

    /** The batch in one call to the store (for the SQL store: inside the caller's transaction, if any). */
    @Override
    public List<Settlement> settleAll(List<SettleRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<BudgetStore.SettleEnd> batch = new java.util.ArrayList<>(requests.size());
        for (SettleRequest r : requests) {
            batch.add(new BudgetStore.SettleEnd(r.tenant(), r.reservationId(), actual(r.tenant(), r.reservationId(), r.inputTokens(),
                    r.outputTokens()), r.inputTokens(), r.outputTokens()));
        }
        List<BudgetStore.End> ends = store.settleAll(batch, clock.millis());
        List<Settlement> out = new java.util.ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            SettleRequest r = requests.get(i);
            BudgetStore.End end = ends.get(i);
            models.remove(r.reservationId());
            if (end.won()) {
                events.publishEvent(new ReservationSettled(r.tenant(), end.taskId(), r.reservationId(), end.model(), r.role(),
                        r.inputTokens(), r.outputTokens(), end.chargedMicros(), end.releasedMicros()));
            }
            out.add(new Settlement(r.reservationId(), end.chargedMicros(), end.releasedMicros(), !end.won()));
        }
        return out;
    }

    /** The actual cost of the reported usage at the reservation's model; null when the usage is unknown. */
    private Long actual(TenantId tenant, String reservationId, Long inputTokens, Long outputTokens) {
        if (inputTokens == null || outputTokens == null) {
            return null;
        }
        String model = models.get(reservationId);
        if (model == null) {
            model = store.modelOf(tenant, reservationId)
                    .orElseThrow(() -> org.aiorg.common.ClientError.notFound("Reservation", reservationId));
        }
        return pricing.costMicros(model, inputTokens, outputTokens);
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
