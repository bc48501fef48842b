package org.aiorg.budget;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aiorg.tenant.TenantId;

/**
 * Threads reserving and settling at random against one tenant until the budget refuses them. Every
 * settled call is charged exactly its reservation (full usage, no usage, more usage than
 * reserved, or marked sent first), and some calls are released instead (never sent). So once the
 * budget fits exactly N calls, exactly N are settled in the end, however the threads interleave.
 *
 * <p>Also the main class of the second process in the two-process tests: {@code GateHammer DB_URL
 * REDIS_URL|- TENANT THREADS SEED} prints READY, waits for a line on stdin, hammers and prints the
 * RESULT line.
 */
final class GateHammer {

    static final String MODEL = "test-model";
    /** 1,000 + 1,000 tokens at the default 0.0005 USD per 1k: 1,000 micro-USD a call. */
    static final long IN = 1_000;
    static final long OUT = 1_000;
    static final long COST = 1_000;

    /** What one hammer did. */
    record Result(long reserved, long settled, long released, long refused, long settledMicros) {

        Result plus(Result o) {
            return new Result(reserved + o.reserved, settled + o.settled, released + o.released, refused + o.refused,
                    settledMicros + o.settledMicros);
        }

        String line() {
            return "RESULT " + reserved + " " + settled + " " + released + " " + refused + " " + settledMicros;
        }

        static Result parse(String line) {
            String[] p = line.trim().split(" ");
            return new Result(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]), Long.parseLong(p[5]));
        }
    }

    private GateHammer() {}

    /** Runs the threads to the end: each stops at its first refusal after {@code minTries} tries. */
    static Result hammer(BudgetGate gate, TenantId tenant, int threads, int minTries, long seed) throws Exception {
        AtomicLong reserved = new AtomicLong();
        AtomicLong settled = new AtomicLong();
        AtomicLong released = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong micros = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 1_000 + t);
                int thread = t;
                futures.add(pool.submit(() -> {
                    int tries = 0;
                    while (true) {
                        tries++;
                        var r = gate.reserve(new BudgetGate.ReservationRequest(tenant, "task-" + thread, MODEL, IN, OUT, null));
                        if (r instanceof BudgetGate.Refused) {
                            refused.incrementAndGet();
                            if (tries >= minTries) {
                                return null;
                            }
                            continue;
                        }
                        reserved.incrementAndGet();
                        String id = ((BudgetGate.Reserved) r).reservationId();
                        BudgetGate.Settlement s;
                        switch (random.nextInt(5)) {
                            case 0 -> {
                                gate.release(tenant, id);
                                released.incrementAndGet();
                                continue;
                            }
                            case 1 -> s = gate.settle(tenant, id, IN, OUT, "dev");
                            case 2 -> s = gate.settle(tenant, id, null, null);
                            case 3 -> s = gate.settle(tenant, id, IN * 3, OUT * 2, "qa");
                            default -> {
                                gate.markSent(tenant, id);
                                s = gate.settle(tenant, id, IN, OUT);
                            }
                        }
                        if (s.alreadySettled() || s.chargedMicros() != COST) {
                            throw new IllegalStateException("settlement " + s + " should have charged " + COST);
                        }
                        settled.incrementAndGet();
                        micros.addAndGet(s.chargedMicros());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
        return new Result(reserved.get(), settled.get(), released.get(), refused.get(), micros.get());
    }

    public static void main(String[] args) throws Exception {
        String redis = args[1].equals("-") ? null : args[1];
        try (BudgetHarness harness = new BudgetHarness(args[0], redis, 8)) {
            TenantId tenant = TenantId.of(args[2]);
            harness.gate.store().account(tenant).orElseThrow(); // connects and loads before the start line
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            Result r = hammer(harness.gate, tenant, Integer.parseInt(args[3]), 4, Long.parseLong(args[4]));
            System.out.println(r.line());
            System.out.flush();
        }
    }
}
