package org.aiorg.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.aiorg.support.EmbeddedPostgres;
import org.aiorg.support.TestDatabases;
import org.aiorg.tenant.TenantId;

/**
 * Not a test: reservations + settlements per second through the real gate from one JVM.
 *
 * <pre>BudgetBench STORE THREADS SECONDS [REDIS_URL]</pre>
 * STORE is {@code redis} (ledger in PostgreSQL), {@code redis-sqlite} (ledger in SQLite),
 * {@code postgres} or {@code sqlite}. PostgreSQL is {@code AIORG_TEST_POSTGRES_URL} or an
 * embedded PostgreSQL 17. Each thread loops reserve (1,000 + 1,000 tokens) then settle with
 * usage, on one tenant whose limit never runs out. Run it with {@code bench/budget.sh}.
 */
final class BudgetBench {

    private BudgetBench() {}

    public static void main(String[] args) throws Exception {
        String store = args[0];
        int threads = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String redis = store.startsWith("redis") ? args[3] : null;
        String db = store.equals("sqlite") || store.equals("redis-sqlite") ? TestDatabases.newSqliteUrl() : EmbeddedPostgres.newDatabaseUrl();
        TenantId tenant = TenantId.of(TestDatabases.newTenant());
        try (BudgetHarness h = new BudgetHarness(db, redis, Math.min(threads, 32))) {
            h.createTenant(tenant, Limits.MAX_LIMIT_MICROS);
            run(h.gate, tenant, threads, Duration.ofSeconds(Math.max(2, seconds / 4)), false);
            Measure m = run(h.gate, tenant, threads, Duration.ofSeconds(seconds), true);
            BudgetAccount a = h.store.account(tenant).orElseThrow();
            System.out.printf("%-13s threads=%d seconds=%d reserve+settle pairs/s=%,.0f operations/s=%,.0f (reserve %,d, settle %,d)"
                            + " spent=%d reserved=%d%n", store, threads, seconds, m.pairs / m.seconds, 2 * m.pairs / m.seconds, m.pairs,
                    m.pairs, a.spentMicros(), a.reservedMicros());
        }
    }

    private record Measure(long pairs, double seconds) {}

    private static Measure run(StoreBackedGate gate, TenantId tenant, int threads, Duration duration, boolean measured) throws Exception {
        LongAdder pairs = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String task = "bench-" + t;
                futures.add(pool.submit(() -> {
                    while (!stop.get()) {
                        var r = gate.reserve(new BudgetGate.ReservationRequest(tenant, task, "bench-model", 1_000, 1_000, null));
                        if (!(r instanceof BudgetGate.Reserved reserved)) {
                            throw new IllegalStateException("refused: " + r);
                        }
                        gate.settle(tenant, reserved.reservationId(), 900L, 800L, "dev");
                        pairs.increment();
                    }
                    return null;
                }));
            }
            long deadline = start + duration.toNanos();
            while (System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            stop.set(true);
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return new Measure(pairs.sum(), (System.nanoTime() - start) / 1e9);
    }
}
