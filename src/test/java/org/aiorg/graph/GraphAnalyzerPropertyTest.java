package org.aiorg.graph;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.aiorg.graph.GraphSnapshot.DOING;
import static org.aiorg.graph.GraphSnapshot.DONE;
import static org.aiorg.graph.GraphSnapshot.FAILED;
import static org.aiorg.graph.GraphSnapshot.TODO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Compares {@link GraphAnalyzer} with brute-force references written independently here, on seeded random
 * DAGs. Every failure names its seed; rerun one with {@code check(seed)}.
 */
class GraphAnalyzerPropertyTest {

    /** A random DAG, with the reference's own view of it (plain lists, no CSR). */
    static final class RandomDag {
        final long seed;
        final int n;
        final String[] ids;
        final byte[] status;
        final boolean[] held;
        final double[] plan;
        /** deps.get(i): indices task i depends on (may repeat, as declared). */
        final List<List<Integer>> deps = new ArrayList<>();
        /** A topological order known from the generation (dependencies first), independent of the analyser. */
        final int[] creationOrder;
        GraphSnapshot snapshot;

        RandomDag(long seed, int n) {
            this.seed = seed;
            this.n = n;
            ids = new String[n];
            status = new byte[n];
            held = new boolean[n];
            plan = new double[n];
            creationOrder = new int[n];
            for (int i = 0; i < n; i++) {
                deps.add(new ArrayList<>());
            }
        }

        boolean unfinished(int i) {
            return status[i] == TODO || status[i] == DOING;
        }

        GraphSnapshot snapshot() {
            if (snapshot == null) {
                GraphSnapshot.Builder b = GraphSnapshot.builder();
                for (int i = 0; i < n; i++) {
                    b.add(ids[i], status[i], held[i], plan[i]);
                }
                for (int i = 0; i < n; i++) {
                    for (int d : deps.get(i)) {
                        b.depend(ids[i], ids[d]);
                    }
                }
                snapshot = b.build();
            }
            return snapshot;
        }
    }

    /**
     * Tasks are created in order c = 0..n-1, each depending only on earlier-created ones (so it is a DAG),
     * then given shuffled snapshot indices. Ids come from a tiny alphabet so that prefixes and ties abound.
     */
    static RandomDag generate(long seed, int n, int window) {
        Random rnd = new Random(seed);
        RandomDag g = new RandomDag(seed, n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        Set<String> used = new HashSet<>();
        int idLen = n <= 20 ? 1 : n <= 200 ? 2 : 4;
        for (int i = 0; i < n; i++) {
            String id;
            do {
                StringBuilder sb = new StringBuilder();
                int len = 1 + rnd.nextInt(idLen + 2);
                for (int k = 0; k < len; k++) {
                    sb.append((char) ('a' + rnd.nextInt(n <= 20 ? 3 : 6)));
                }
                id = sb.toString();
            } while (!used.add(id));
            g.ids[i] = id;
        }
        // status mix per graph
        double pDone = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 0.6;
        double pDoing = rnd.nextDouble() * 0.2;
        double pFailed = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 0.25;
        double pHeld = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 0.3;
        int planMode = rnd.nextInt(4);
        int maxDeps = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble();
            g.status[i] = x < pDone ? DONE : x < pDone + pDoing ? DOING : x < pDone + pDoing + pFailed ? FAILED : TODO;
            g.held[i] = rnd.nextDouble() < pHeld; // also set on non-todo tasks sometimes: must be ignored there
            g.plan[i] = switch (planMode) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(3);
                case 2 -> rnd.nextInt(1000);
                default -> rnd.nextInt(17) * 0.25;
            };
        }
        for (int c = 0; c < n; c++) {
            int task = perm[c];
            g.creationOrder[c] = task;
            if (c == 0) {
                continue;
            }
            int k = rnd.nextInt(maxDeps + 1);
            for (int e = 0; e < k; e++) {
                int lo = window > 0 ? Math.max(0, c - window) : 0;
                int dc = lo + rnd.nextInt(c - lo);
                g.deps.get(task).add(perm[dc]);
            }
        }
        return g;
    }

    // ------------------------------------------------------------------------------------------ references

    /** Failed tasks reachable from t through todo tasks only (recursive DFS). */
    static TreeSet<Integer> failedReach(RandomDag g, int t) {
        TreeSet<Integer> out = new TreeSet<>();
        collect(g, t, new boolean[g.n], out);
        return out;
    }

    private static void collect(RandomDag g, int t, boolean[] seen, TreeSet<Integer> out) {
        for (int d : g.deps.get(t)) {
            if (seen[d]) {
                continue;
            }
            seen[d] = true;
            if (g.status[d] == FAILED) {
                out.add(d);
            } else if (g.status[d] == TODO) {
                collect(g, d, seen, out);
            }
        }
    }

    static TaskState expectedState(RandomDag g, int t, TreeSet<Integer> failed) {
        switch (g.status[t]) {
            case DOING:
                return TaskState.DOING;
            case DONE:
                return TaskState.DONE;
            case FAILED:
                return TaskState.FAILED;
            default:
                break;
        }
        if (!failed.isEmpty() || g.held[t]) {
            return TaskState.BLOCKED;
        }
        for (int d : g.deps.get(t)) {
            if (g.status[d] != DONE) {
                return TaskState.WAITING;
            }
        }
        return TaskState.READY;
    }

    /** A chain candidate: sum computed root first, compared by sum, then length, then ids from the root. */
    record Chain(List<Integer> tasks, double sum) {
    }

    static int compare(RandomDag g, Chain a, Chain b) {
        if (a.sum != b.sum) {
            return Double.compare(a.sum, b.sum);
        }
        if (a.tasks.size() != b.tasks.size()) {
            return Integer.compare(a.tasks.size(), b.tasks.size());
        }
        for (int k = 0; k < a.tasks.size(); k++) {
            int c = g.ids[a.tasks.get(k)].compareTo(g.ids[b.tasks.get(k)]);
            if (c != 0) {
                return -c; // smaller id sequence is better
            }
        }
        return 0;
    }

    static double sumRootFirst(RandomDag g, List<Integer> tasks) {
        double s = 0;
        for (int t : tasks) {
            s += g.plan[t];
        }
        return s;
    }

    /** Exhaustive: every chain of unfinished tasks, every start, every extension. Small graphs only. */
    static Chain bruteForceCriticalPath(RandomDag g) {
        List<List<Integer>> dependants = new ArrayList<>();
        for (int i = 0; i < g.n; i++) {
            dependants.add(new ArrayList<>());
        }
        for (int i = 0; i < g.n; i++) {
            for (int d : new TreeSet<>(g.deps.get(i))) {
                dependants.get(d).add(i);
            }
        }
        Chain[] best = {new Chain(List.of(), 0)};
        long[] count = {0};
        for (int s = 0; s < g.n; s++) {
            if (g.unfinished(s)) {
                List<Integer> path = new ArrayList<>();
                path.add(s);
                extend(g, dependants, path, best, count);
            }
        }
        return best[0];
    }

    private static void extend(RandomDag g, List<List<Integer>> dependants, List<Integer> path, Chain[] best, long[] count) {
        if (++count[0] > 5_000_000) {
            fail("seed " + g.seed + ": too many chains for the brute force; generator too dense");
        }
        Chain c = new Chain(List.copyOf(path), sumRootFirst(g, path));
        if (best[0].tasks.isEmpty() || compare(g, c, best[0]) > 0) {
            best[0] = c;
        }
        for (int w : dependants.get(path.getLast())) {
            if (g.unfinished(w)) {
                path.add(w);
                extend(g, dependants, path, best, count);
                path.removeLast();
            }
        }
    }

    /** Forward DP keeping the whole best chain ending at each task (full-sequence comparison). */
    static Chain dpCriticalPath(RandomDag g) {
        Chain[] endingAt = new Chain[g.n];
        Chain best = new Chain(List.of(), 0);
        for (int t : g.creationOrder) {
            if (!g.unfinished(t)) {
                continue;
            }
            Chain mine = new Chain(List.of(t), g.plan[t]);
            for (int d : g.deps.get(t)) {
                if (!g.unfinished(d)) {
                    continue;
                }
                List<Integer> tasks = new ArrayList<>(endingAt[d].tasks);
                tasks.add(t);
                Chain c = new Chain(tasks, sumRootFirst(g, tasks));
                if (compare(g, c, mine) > 0) {
                    mine = c;
                }
            }
            endingAt[t] = mine;
            if (best.tasks.isEmpty() || compare(g, mine, best) > 0) {
                best = mine;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------------------------------ checks

    static void check(RandomDag g, boolean exhaustive) {
        GraphAnalysis r = GraphAnalyzer.analyze(g.snapshot());
        int ready = 0;
        int waiting = 0;
        int blocked = 0;
        for (int t = 0; t < g.n; t++) {
            TreeSet<Integer> failed = g.status[t] == TODO ? failedReach(g, t) : new TreeSet<>();
            TaskState want = expectedState(g, t, failed);
            assertThat(r.state(t)).as("state of %s", g.ids[t]).isEqualTo(want);
            assertThat(r.isReady(t)).isEqualTo(want == TaskState.READY);
            assertThat(r.isWaiting(t)).isEqualTo(want == TaskState.WAITING);
            assertThat(r.isBlocked(t)).isEqualTo(want == TaskState.BLOCKED);
            switch (want) {
                case READY -> ready++;
                case WAITING -> waiting++;
                case BLOCKED -> blocked++;
                default -> { }
            }
            BlockReason reason = want != TaskState.BLOCKED ? null
                    : failed.isEmpty() ? BlockReason.HELD : BlockReason.DEPENDENCY_FAILED;
            assertThat(r.blockReason(t)).as("reason of %s", g.ids[t]).isEqualTo(reason);
            int[] wantBlockers = failed.stream().limit(GraphAnalysis.MAX_BLOCKERS).mapToInt(Integer::intValue).toArray();
            assertThat(r.blockedBy(t)).as("blockers of %s", g.ids[t]).containsExactly(wantBlockers);
            assertThat(r.blockedByTruncated(t)).as("truncated of %s", g.ids[t])
                    .isEqualTo(failed.size() > GraphAnalysis.MAX_BLOCKERS);
        }
        assertThat(r.readyCount()).isEqualTo(ready);
        assertThat(r.waitingCount()).isEqualTo(waiting);
        assertThat(r.blockedCount()).isEqualTo(blocked);
        assertThat(r.readyTasks()).hasSize(ready);
        assertThat(r.waitingTasks()).hasSize(waiting);
        assertThat(r.blockedTasks()).hasSize(blocked);

        Chain want = dpCriticalPath(g);
        if (exhaustive) {
            Chain brute = bruteForceCriticalPath(g);
            assertThat(brute.tasks).as("the two references agree").isEqualTo(want.tasks);
        }
        CriticalPath cp = r.criticalPath();
        List<Integer> got = new ArrayList<>();
        for (int k = 0; k < cp.length(); k++) {
            got.add(cp.task(k));
        }
        assertThat(ids(g, got)).as("critical path").isEqualTo(ids(g, want.tasks));
        assertThat(cp.tokens()).isEqualTo(want.sum);
        assertThat(cp.length()).isEqualTo(want.tasks.size());
        Set<Integer> onPath = new HashSet<>(want.tasks);
        for (int t = 0; t < g.n; t++) {
            assertThat(r.isCritical(t)).as("critical %s", g.ids[t]).isEqualTo(onPath.contains(t));
        }
    }

    private static List<String> ids(RandomDag g, List<Integer> tasks) {
        return tasks.stream().map(t -> g.ids[t]).toList();
    }

    private static void withSeed(long seed, Runnable r) {
        try {
            r.run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("failed for seed " + seed + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void smallRandomDagsMatchTheBruteForce() {
        for (long seed = 1; seed <= 400; seed++) {
            long s = seed;
            withSeed(s, () -> {
                int n = 1 + new Random(s * 31).nextInt(60);
                check(generate(s, n, 0), true);
            });
        }
    }

    @Test
    void smallRandomDagsWithLocalDependenciesMatchTheBruteForce() {
        // dependencies only on the few tasks created just before: long, chain-like graphs
        for (long seed = 1001; seed <= 1200; seed++) {
            long s = seed;
            withSeed(s, () -> {
                int n = 1 + new Random(s * 31).nextInt(60);
                check(generate(s, n, 3), true);
            });
        }
    }

    @Test
    void largerRandomDagsMatchTheDpReference() {
        long[] seeds = {7, 11, 13, 17, 19, 23};
        int[] sizes = {500, 1000, 2000, 3000, 4000, 5000};
        int[] windows = {0, 5, 0, 10, 2, 50};
        for (int k = 0; k < seeds.length; k++) {
            long s = seeds[k];
            int n = sizes[k];
            int w = windows[k];
            withSeed(s, () -> check(generate(s, n, w), false));
        }
    }

    @Test
    void anEdgeClosingACycleIsAlwaysCaughtAndTheReportedCycleIsReal() {
        for (long seed = 2001; seed <= 2200; seed++) {
            long s = seed;
            withSeed(s, () -> {
                Random rnd = new Random(s);
                RandomDag g = generate(s, 2 + rnd.nextInt(59), rnd.nextBoolean() ? 0 : 3);
                // pick u, then v among the tasks that (transitively) depend on u, or u itself; add u -> v
                int u = rnd.nextInt(g.n);
                List<Integer> upstream = new ArrayList<>();
                for (int t = 0; t < g.n; t++) {
                    if (t == u || reaches(g, t, u)) {
                        upstream.add(t);
                    }
                }
                int v = upstream.get(rnd.nextInt(upstream.size()));
                g.deps.get(u).add(v);
                try {
                    GraphAnalyzer.analyze(g.snapshot());
                    fail("no cycle reported");
                } catch (GraphCycleException e) {
                    assertValidCycle(g, e.cycle());
                }
            });
        }
    }

    @Test
    void cycleFinderAgreesWithReachability() {
        for (long seed = 3001; seed <= 3300; seed++) {
            long s = seed;
            withSeed(s, () -> {
                Random rnd = new Random(s);
                RandomDag g = generate(s, 1 + rnd.nextInt(60), rnd.nextBoolean() ? 0 : 4);
                Map<String, List<String>> store = new HashMap<>();
                for (int t = 0; t < g.n; t++) {
                    List<String> ds = new ArrayList<>();
                    for (int d : g.deps.get(t)) {
                        ds.add(g.ids[d]);
                    }
                    store.put(g.ids[t], ds);
                }
                int t = rnd.nextInt(g.n);
                List<String> newDeps = new ArrayList<>();
                boolean expectCycle = false;
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    int d = rnd.nextInt(g.n);
                    newDeps.add(g.ids[d]);
                    expectCycle |= d == t || reaches(g, d, t);
                }
                Optional<List<String>> got = CycleFinder.findCycle(g.ids[t], newDeps, store::get);
                Optional<List<String>> gotBatched = CycleFinder.findCycleBatched(g.ids[t], newDeps, level -> {
                    Map<String, List<String>> m = new HashMap<>();
                    level.forEach(id -> m.put(id, store.get(id)));
                    return m;
                });
                assertThat(got).isEqualTo(gotBatched);
                assertThat(got.isPresent()).as("cycle expected").isEqualTo(expectCycle);
                if (got.isPresent()) {
                    List<String> c = got.get();
                    assertThat(c.getFirst()).isEqualTo(g.ids[t]);
                    assertThat(c.getLast()).isEqualTo(g.ids[t]);
                    assertThat(newDeps).contains(c.get(1));
                    for (int k = 1; k + 1 < c.size(); k++) {
                        assertThat(store.get(c.get(k))).as("edge %s -> %s", c.get(k), c.get(k + 1)).contains(c.get(k + 1));
                    }
                    // and the analyser sees the same cycle once the edges are written
                    for (String d : newDeps) {
                        g.deps.get(t).add(indexOf(g, d));
                    }
                    try {
                        GraphAnalyzer.analyze(g.snapshot());
                        fail("analyser missed the cycle");
                    } catch (GraphCycleException e) {
                        assertValidCycle(g, e.cycle());
                    }
                }
            });
        }
    }

    private static int indexOf(RandomDag g, String id) {
        for (int i = 0; i < g.n; i++) {
            if (g.ids[i].equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException(id);
    }

    /** Whether {@code from} depends on {@code to}, directly or transitively (recursive DFS). */
    static boolean reaches(RandomDag g, int from, int to) {
        return reaches(g, from, to, new boolean[g.n]);
    }

    private static boolean reaches(RandomDag g, int from, int to, boolean[] seen) {
        for (int d : g.deps.get(from)) {
            if (d == to) {
                return true;
            }
            if (!seen[d]) {
                seen[d] = true;
                if (reaches(g, d, to, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertValidCycle(RandomDag g, List<String> cycle) {
        assertThat(cycle.size()).isGreaterThanOrEqualTo(2);
        assertThat(cycle.getFirst()).isEqualTo(cycle.getLast());
        assertThat(new HashSet<>(cycle.subList(0, cycle.size() - 1))).hasSize(cycle.size() - 1);
        for (int k = 0; k + 1 < cycle.size(); k++) {
            int a = indexOf(g, cycle.get(k));
            int b = indexOf(g, cycle.get(k + 1));
            assertThat(g.deps.get(a)).as("edge %s -> %s", cycle.get(k), cycle.get(k + 1)).contains(b);
        }
    }
}
