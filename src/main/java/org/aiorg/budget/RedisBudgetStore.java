package org.aiorg.budget;

import static org.aiorg.budget.RedisScripts.code;
import static org.aiorg.budget.RedisScripts.num;
import static org.aiorg.budget.RedisScripts.str;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aiorg.common.ClientError;
import org.aiorg.db.Tx;
import org.aiorg.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis store: per tenant a hash {@code budget:{t}} (limit, spent, reserved, version in
 * micro-USD), a hash per reservation {@code budget:{t}:res:<id>} and a sorted set of expiries
 * {@code budget:{t}:exp}, all in the tenant's hash slot. They change only in Lua scripts run with
 * EVALSHA, so each check-and-change is one atomic step for every process sharing the Redis.
 *
 * <p>Every change is also a row of the SQL ledger, written after Redis agreed (group commit); a
 * reservation whose row cannot be written is released again. Redis is rebuilt from the ledger:
 * for a tenant it does not know (a new tenant, a restarted Redis) on first use and at start,
 * and wholly on {@code ai-org budget reconcile}. A Redis error refuses reservations.
 */
class RedisBudgetStore implements BudgetStore {

    private static final Logger log = LoggerFactory.getLogger(RedisBudgetStore.class);

    private final RedisScripts scripts;
    private final LedgerRepository ledger;
    private final LedgerWriter writer;
    private final BudgetAccountRepository accounts;
    private final Limits limits;
    private final Tx tx;
    private final long historyMillis;
    private final RedisScripts.Script reserve;
    private final RedisScripts.Script markSent;
    private final RedisScripts.Script end;
    private final RedisScripts.Script setLimit;
    private final RedisScripts.Script load;

    RedisBudgetStore(String url, Duration timeout, Duration history, BudgetAccountRepository accounts, LedgerRepository ledger, Tx tx) {
        this.scripts = new RedisScripts(url, timeout);
        this.accounts = accounts;
        this.ledger = ledger;
        this.tx = tx;
        this.writer = new LedgerWriter(ledger, tx);
        this.limits = new Limits(accounts, ledger, tx);
        this.historyMillis = history.toMillis();
        this.reserve = scripts.script("reserve");
        this.markSent = scripts.script("mark_sent");
        this.end = scripts.script("end");
        this.setLimit = scripts.script("set_limit");
        this.load = scripts.script("load");
    }

    @Override
    public String name() {
        return "redis";
    }

    static String accountKey(String tenant) {
        return "budget:{" + tenant + "}";
    }

    static String reservationPrefix(String tenant) {
        return "budget:{" + tenant + "}:res:";
    }

    static String expiryKey(String tenant) {
        return "budget:{" + tenant + "}:exp";
    }

    private static String[] keys(String tenant, String id) {
        return new String[] {accountKey(tenant), reservationPrefix(tenant) + id, expiryKey(tenant)};
    }

    @Override
    public Reserve reserve(TenantId tenant, NewReservation r) {
        String t = tenant.value();
        String[] keys = keys(t, r.id());
        String[] args = {r.id(), Long.toString(r.amountMicros()), Long.toString(r.expiresAt()), nz(r.taskId()), r.model()};
        LedgerEntry row = r.ledgerRow(t);
        RedisScripts.HandedOff<Reserve> fast = scripts.handOff(reserve, keys, args, writer, out -> switch ((int) code(out)) {
            case 0 -> new RedisScripts.Reply<>(new Reserve(false, num(out, 1), num(out, 2)), List.of());
            case 1 -> new RedisScripts.Reply<>(new Reserve(true, 0, num(out, 1)), List.of(row));
            default -> null; // -1: Redis does not know the tenant yet
        });
        if (fast != null) {
            if (fast.ledgerFailure() != null) {
                throw giveBack(t, r, fast.ledgerFailure());
            }
            return fast.answer();
        }
        List<Object> out = scripts.run(reserve, keys, args);
        if (code(out) == -1) {
            loadIfAbsent(tenant);
            out = scripts.run(reserve, keys, args);
        }
        long code = code(out);
        if (code == 0) {
            return new Reserve(false, num(out, 1), num(out, 2));
        }
        if (code != 1) {
            throw new IllegalStateException("Redis refused reservation " + r.id() + " of tenant " + t + " (code " + code + ")");
        }
        try {
            writer.write(List.of(row));
        } catch (RuntimeException e) {
            throw giveBack(t, r, e);
        }
        return new Reserve(true, 0, num(out, 1));
    }

    /** Without its ledger row a reservation could not be rebuilt: it is given back, and the call refused. */
    private Unavailable giveBack(String t, NewReservation r, RuntimeException ledgerFailure) {
        try {
            scripts.run(end, keys(t, r.id()), r.id(), "released", "0", Long.toString(r.now()), "1");
        } catch (RuntimeException again) {
            log.error("Reservation {} of tenant {} is in Redis but not in the ledger; it expires at {}", r.id(), t,
                    Instant.ofEpochMilli(r.expiresAt()), again);
        }
        return new Unavailable("the budget ledger could not be written: " + ledgerFailure.getMessage(), ledgerFailure);
    }

    /**
     * The batch's reserve scripts in one pipeline (sent together on the shared connection, then
     * awaited; Redis runs them in order), and their ledger rows in one group commit. A request the
     * pipeline could not answer (a tenant Redis does not know yet, a script Redis forgot, an
     * error) is then reserved on its own. If the ledger rows cannot be written, the batch's
     * reservations are released again and refused as unavailable.
     */
    @Override
    public List<ReserveOutcome> reserveAll(List<ReserveRequest> requests) {
        if (requests.size() < 2) {
            return BudgetStore.super.reserveAll(requests);
        }
        io.lettuce.core.api.async.RedisAsyncCommands<String, String> async = scripts.async();
        List<io.lettuce.core.RedisFuture<List<Object>>> futures = new ArrayList<>(requests.size());
        for (ReserveRequest q : requests) {
            NewReservation r = q.reservation();
            futures.add(async.evalsha(reserve.sha(), ScriptOutputType.MULTI, keys(q.tenant().value(), r.id()), r.id(),
                    Long.toString(r.amountMicros()), Long.toString(r.expiresAt()), nz(r.taskId()), r.model()));
        }
        ReserveOutcome[] out = new ReserveOutcome[requests.size()];
        List<Integer> again = new ArrayList<>();
        List<Integer> reserved = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            List<Object> res;
            try {
                res = futures.get(i).get(scripts.timeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                again.add(i);
                continue;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                again.add(i); // NOSCRIPT after a restart, or an error: on its own, which loads the script or refuses
                continue;
            }
            long code = code(res);
            if (code == 1) {
                reserved.add(i);
                out[i] = new ReserveOutcome(new Reserve(true, 0, num(res, 1)), null);
            } else if (code == 0) {
                out[i] = new ReserveOutcome(new Reserve(false, num(res, 1), num(res, 2)), null);
            } else if (code == -1) {
                again.add(i); // a tenant Redis does not know yet: loaded from the ledger by reserve()
            } else {
                out[i] = new ReserveOutcome(null, new IllegalStateException("Redis refused reservation "
                        + requests.get(i).reservation().id() + " (code " + code + ")"));
            }
        }
        List<LedgerEntry> rows = new ArrayList<>(reserved.size());
        for (int i : reserved) {
            String t = requests.get(i).tenant().value();
            NewReservation r = requests.get(i).reservation();
            rows.add(r.ledgerRow(t));
        }
        try {
            writer.write(rows);
        } catch (RuntimeException e) {
            for (int i : reserved) {
                out[i] = new ReserveOutcome(null, giveBack(requests.get(i).tenant().value(), requests.get(i).reservation(), e));
            }
        }
        for (int i : again) {
            try {
                out[i] = new ReserveOutcome(reserve(requests.get(i).tenant(), requests.get(i).reservation()), null);
            } catch (RuntimeException e) {
                out[i] = new ReserveOutcome(null, e);
            }
        }
        return List.of(out);
    }

    @Override
    public boolean markSent(TenantId tenant, String reservationId, long now) {
        String t = tenant.value();
        List<Object> out = scripts.run(markSent, new String[] {reservationPrefix(t) + reservationId});
        if (code(out) != 1) {
            return false;
        }
        writer.write(List.of(new LedgerEntry(LedgerRepository.nextId(now), t, LedgerEntry.SENT, reservationId, blankToNull(str(out, 1)),
                str(out, 2), num(out, 3), 0, 0, null, null, null, null, null, Instant.ofEpochMilli(now))));
        return true;
    }

    /**
     * The batch's mark-sent scripts in one pipeline, then their ledger rows in one group commit.
     * A reservation the pipeline could not answer (a script Redis forgot, an error) is then marked
     * on its own.
     */
    @Override
    public int markSentAll(List<BudgetGate.ReservationRef> refs, long now) {
        if (refs.size() < 2) {
            return BudgetStore.super.markSentAll(refs, now);
        }
        io.lettuce.core.api.async.RedisAsyncCommands<String, String> async = scripts.async();
        List<io.lettuce.core.RedisFuture<List<Object>>> futures = new ArrayList<>(refs.size());
        for (BudgetGate.ReservationRef r : refs) {
            futures.add(async.evalsha(markSent.sha(), ScriptOutputType.MULTI,
                    new String[] {reservationPrefix(r.tenant().value()) + r.reservationId()}));
        }
        List<LedgerEntry> rows = new ArrayList<>();
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            List<Object> out;
            try {
                out = futures.get(i).get(scripts.timeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                again.add(i);
                continue;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                again.add(i);
                continue;
            }
            if (code(out) == 1) {
                BudgetGate.ReservationRef r = refs.get(i);
                rows.add(new LedgerEntry(LedgerRepository.nextId(now), r.tenant().value(), LedgerEntry.SENT, r.reservationId(),
                        blankToNull(str(out, 1)), str(out, 2), num(out, 3), 0, 0, null, null, null, null, null,
                        Instant.ofEpochMilli(now)));
            }
        }
        writer.write(rows);
        int n = rows.size();
        for (int i : again) {
            if (markSent(refs.get(i).tenant(), refs.get(i).reservationId(), now)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public End end(TenantId tenant, String reservationId, boolean settle, Long actualMicros, Long tokensIn, Long tokensOut, long now) {
        String t = tenant.value();
        String state = settle ? "settled" : "released";
        String[] keys = keys(t, reservationId);
        String[] args = {reservationId, state, actualMicros == null ? "-1" : Long.toString(actualMicros), Long.toString(now),
                Long.toString(historyMillis)};
        java.util.function.Function<End, List<LedgerEntry>> rows = e -> !e.won() ? List.of()
                : List.of(new LedgerEntry(LedgerRepository.nextId(now), t, settle ? LedgerEntry.SETTLE : LedgerEntry.RELEASE,
                        reservationId, e.taskId(), e.model(), e.amountMicros(), e.chargedMicros(), e.releasedMicros(), tokensIn,
                        tokensOut, null, null, null, Instant.ofEpochMilli(now)));
        // Codes below 0 (not in Redis: ended long ago, or the tenant not loaded) take the synchronous path.
        RedisScripts.HandedOff<End> fast = scripts.handOff(end, keys, args, writer, out -> {
            if (code(out) < 0) {
                return null;
            }
            End e = toEnd(t, reservationId, out);
            return new RedisScripts.Reply<>(e, rows.apply(e));
        });
        if (fast != null) {
            if (fast.ledgerFailure() != null) {
                throw fast.ledgerFailure();
            }
            return fast.answer();
        }
        List<Object> out = scripts.run(end, keys, args);
        if (code(out) == -2) {
            loadIfAbsent(tenant);
            out = scripts.run(end, keys, args);
        }
        long code = code(out);
        if (code == -1) {
            return endedBefore(tenant, reservationId);
        }
        End e = toEnd(t, reservationId, out);
        writer.write(rows.apply(e));
        return e;
    }

    /** Redis no longer holds the reservation (its history expired): the ledger knows how it ended. */
    private End endedBefore(TenantId tenant, String reservationId) {
        List<LedgerEntry> rows = tx.read(() -> ledger.ofReservation(tenant, reservationId));
        if (rows.isEmpty()) {
            throw ClientError.notFound("Reservation", reservationId);
        }
        LedgerEntry first = rows.getFirst();
        LedgerEntry last = rows.stream().filter(LedgerRepository::isEnd).findFirst().orElseThrow(() -> new IllegalStateException(
                "Reservation " + reservationId + " is open in the ledger but unknown to Redis: run 'ai-org budget reconcile'"));
        String state = switch (last.kind()) {
            case LedgerEntry.SETTLE -> "settled";
            case LedgerEntry.RELEASE -> "released";
            default -> "expired";
        };
        boolean sent = rows.stream().anyMatch(r -> r.kind().equals(LedgerEntry.SENT));
        return new End(tenant.value(), reservationId, first.taskId(), first.model(), state, sent, last.amountMicros(),
                last.chargedMicros(), last.releasedMicros(), false);
    }

    private static End toEnd(String tenant, String id, List<Object> out) {
        long amount = num(out, 2);
        long charged = num(out, 3);
        return new End(tenant, id, blankToNull(str(out, 4)), str(out, 5), str(out, 1), "1".equals(str(out, 6)), amount, charged,
                amount - charged, code(out) == 1);
    }

    @Override
    public List<End> expireDue(List<TenantId> tenants, long now, int max) {
        List<End> ended = new ArrayList<>();
        List<LedgerEntry> rows = new ArrayList<>();
        for (TenantId tenant : tenants) {
            String t = tenant.value();
            List<String> due = scripts.call(redis -> redis.zrangebyscore(expiryKey(t),
                    io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) now), io.lettuce.core.Limit.create(0, max)));
            for (String id : due) {
                List<Object> out = scripts.run(end, keys(t, id), id, "expired", "-1", Long.toString(now), Long.toString(historyMillis));
                if (code(out) != 1) {
                    continue;
                }
                End e = toEnd(t, id, out);
                ended.add(e);
                rows.add(new LedgerEntry(LedgerRepository.nextId(now), t, LedgerEntry.EXPIRE, id, e.taskId(), e.model(),
                        e.amountMicros(), e.chargedMicros(), e.releasedMicros(), null, null, null, null, null, Instant.ofEpochMilli(now)));
            }
        }
        writer.write(rows);
        return ended;
    }

    @Override
    public Optional<String> modelOf(TenantId tenant, String reservationId) {
        String model = scripts.call(redis -> redis.hget(reservationPrefix(tenant.value()) + reservationId, "model"));
        if (model != null) {
            return Optional.of(model);
        }
        return tx.read(() -> ledger.ofReservation(tenant, reservationId)).stream().findFirst().map(LedgerEntry::model);
    }

    @Override
    public Optional<BudgetAccount> account(TenantId tenant) {
        Optional<BudgetAccount> a = read(tenant.value());
        if (a.isEmpty() && tx.read(() -> accounts.find(tenant.value())).isPresent()) {
            loadIfAbsent(tenant);
            a = read(tenant.value());
        }
        return a;
    }

    private Optional<BudgetAccount> read(String tenant) {
        List<io.lettuce.core.KeyValue<String, String>> v = scripts.call(redis -> redis.hmget(accountKey(tenant), "limit", "spent", "reserved"));
        if (v.isEmpty() || !v.get(0).hasValue()) {
            return Optional.empty();
        }
        return Optional.of(new BudgetAccount(tenant, Long.parseLong(v.get(0).getValue()), Long.parseLong(v.get(1).getValue()),
                Long.parseLong(v.get(2).getValue())));
    }

    @Override
    public List<BudgetAccount> all() {
        List<BudgetAccount> out = new ArrayList<>();
        for (BudgetAccount sql : tx.read(accounts::all)) {
            account(TenantId.of(sql.tenant())).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public TopUp topUp(TenantId tenant, long amountMicros, String idempotencyKey, long now) {
        return limits.topUp(tenant, amountMicros, idempotencyKey, now, this::applyLimit);
    }

    @Override
    public LimitChange setLimit(TenantId tenant, long limitMicros, long now) {
        return limits.setLimit(tenant, limitMicros, now, this::applyLimit);
    }

    /** Runs inside the SQL transaction that holds the account's lock: versions reach Redis in order. */
    private Limits.Applied applyLimit(TenantId tenant, long limit, long version, boolean mustFit, BudgetAccount sql) {
        String[] key = {accountKey(tenant.value())};
        String[] args = {Long.toString(limit), Long.toString(version), mustFit ? "1" : "0"};
        List<Object> out = scripts.run(setLimit, key, args);
        if (code(out) == -1) {
            loadIfAbsent(tenant);
            out = scripts.run(setLimit, key, args);
        }
        long code = code(out);
        if (code < 0) {
            throw new IllegalStateException("Redis has no budget account for tenant " + tenant);
        }
        return new Limits.Applied(code != 0, num(out, 1), num(out, 2), true);
    }

    @Override
    public ReconcileReport reconcile(TenantId tenant, boolean rebuild) {
        String t = tenant.value();
        Optional<BudgetAccount> before = read(t);
        writer.flush();
        BudgetAccountRepository.Row row = tx.read(() -> accounts.findRow(t))
                .orElseThrow(() -> ClientError.notFound("Budget account of tenant", t));
        List<LedgerRepository.Open> open = tx.read(() -> ledger.open(tenant));
        long spent = tx.read(() -> ledger.spent(tenant));
        BudgetAccount derived = new BudgetAccount(t, row.account().limitMicros(), spent,
                open.stream().mapToLong(LedgerRepository.Open::amountMicros).sum());
        boolean loaded = load(tenant, row.account().limitMicros(), spent, row.limitVersion(), open, rebuild || before.isEmpty());
        if (loaded && derived.spentMicros() + derived.reservedMicros() <= derived.limitMicros()) {
            tx.run(() -> accounts.setLimitAndSnapshot(t, derived.limitMicros(), row.limitVersion(), derived.spentMicros(),
                    derived.reservedMicros(), System.currentTimeMillis()));
        }
        return new ReconcileReport(t, name(), before.orElse(null), derived, open.size(), loaded);
    }

    /** Loads the tenant from the ledger unless Redis has it already (another process may have won). */
    void loadIfAbsent(TenantId tenant) {
        String t = tenant.value();
        BudgetAccountRepository.Row row = tx.read(() -> accounts.findRow(t))
                .orElseThrow(() -> ClientError.notFound("Budget account of tenant", t));
        writer.flush();
        List<LedgerRepository.Open> open = tx.read(() -> ledger.open(tenant));
        long spent = tx.read(() -> ledger.spent(tenant));
        if (load(tenant, row.account().limitMicros(), spent, row.limitVersion(), open, false)) {
            log.info("Loaded the budget of tenant {} into Redis from the SQL ledger ({} open reservation(s))", t, open.size());
        }
    }

    private boolean load(TenantId tenant, long limit, long spent, long version, List<LedgerRepository.Open> open, boolean force) {
        String t = tenant.value();
        List<String> args = new ArrayList<>(List.of(force ? "force" : "if_absent", Long.toString(limit), Long.toString(spent),
                Long.toString(version), reservationPrefix(t)));
        for (LedgerRepository.Open o : open) {
            args.addAll(List.of(o.id(), Long.toString(o.amountMicros()), Long.toString(o.expiresAt()), nz(o.taskId()), o.model(),
                    o.sent() ? "1" : "0"));
        }
        return code(scripts.run(load, new String[] {accountKey(t), expiryKey(t)}, args.toArray(String[]::new))) == 1;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public void close() {
        writer.close();
        scripts.close();
    }
}
