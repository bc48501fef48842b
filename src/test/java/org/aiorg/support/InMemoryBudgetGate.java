package org.aiorg.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.aiorg.budget.BudgetGate;
import org.aiorg.tenant.TenantId;

/**
 * A budget gate for unit tests: one lock, exact integer micro-USD, the invariant
 * {@code spent + reserved <= limit} checked on every change, settle and release idempotent.
 */
public class InMemoryBudgetGate implements BudgetGate {

    private record Account(long limit, long spent, long reserved) {}

    private record Hold(TenantId tenant, long amount) {}

    private final Map<TenantId, Account> accounts = new HashMap<>();
    private final Map<String, Hold> open = new HashMap<>();

    public synchronized InMemoryBudgetGate open(TenantId tenant, long limitMicros) {
        accounts.put(tenant, new Account(limitMicros, 0, 0));
        return this;
    }

    public synchronized long spent(TenantId tenant) {
        return accounts.get(tenant).spent();
    }

    public synchronized long reserved(TenantId tenant) {
        return accounts.get(tenant).reserved();
    }

    @Override
    public synchronized ReserveResult reserve(ReservationRequest r) {
        long amount = SqlTestBudgetGate.price(r.promptTokens(), r.maxOutputTokens());
        Account a = accounts.get(r.tenant());
        if (a == null) {
            return new Refused(amount, "budget_exhausted", "no account");
        }
        long remaining = a.limit() - a.spent() - a.reserved();
        if (amount > remaining) {
            return new Refused(amount - remaining, "budget_exhausted", "needs " + amount + ", " + remaining + " left");
        }
        put(r.tenant(), new Account(a.limit(), a.spent(), a.reserved() + amount));
        String id = "m-" + UUID.randomUUID();
        open.put(id, new Hold(r.tenant(), amount));
        return new Reserved(id, amount, Instant.now().plus(r.ttl()));
    }

    @Override
    public void markSent(TenantId tenant, String reservationId) {
        // sent-ness only matters for expiry, which unit tests do not exercise
    }

    @Override
    public synchronized Settlement settle(TenantId tenant, String reservationId, Long in, Long out, String role) {
        Hold h = open.remove(reservationId);
        if (h == null) {
            return new Settlement(reservationId, 0, 0, true);
        }
        long charged = in == null || out == null ? h.amount() : Math.min(h.amount(), SqlTestBudgetGate.price(in, out));
        Account a = accounts.get(h.tenant());
        put(h.tenant(), new Account(a.limit(), a.spent() + charged, a.reserved() - h.amount()));
        return new Settlement(reservationId, charged, h.amount() - charged, false);
    }

    @Override
    public synchronized void release(TenantId tenant, String reservationId) {
        Hold h = open.remove(reservationId);
        if (h != null) {
            Account a = accounts.get(h.tenant());
            put(h.tenant(), new Account(a.limit(), a.spent(), a.reserved() - h.amount()));
        }
    }

    private void put(TenantId tenant, Account a) {
        if (a.spent() < 0 || a.reserved() < 0 || a.spent() + a.reserved() > a.limit()) {
            throw new IllegalStateException("budget invariant broken for " + tenant + ": " + a);
        }
        accounts.put(tenant, a);
    }
}
