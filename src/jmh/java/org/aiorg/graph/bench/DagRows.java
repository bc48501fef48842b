package org.aiorg.graph.bench;

import org.aiorg.graph.GraphSnapshot;

import java.util.SplittableRandom;

/**
 * Generated rows of a synthetic backlog, as the service would read them from the database: id strings,
 * statuses, holds, planned tokens, and dependency edges between ids.
 *
 * <p>About 2 dependencies per task (0..4, uniform), only on earlier-generated tasks so the graph is a DAG:
 * half of them among the 64 tasks just before (long chains), half anywhere before. Statuses are drawn
 * independently: 40% done, 10% doing, 5% failed, 45% todo; about 1% of all tasks are held todo tasks.
 * Planned tokens are integers in [1000, 50000).
 */
public final class DagRows {

    public final int tasks;
    public final String[] ids;
    public final byte[] status;
    public final boolean[] held;
    public final double[] tokensPlan;
    public final int edges;
    public final int[] edgeFrom;
    public final int[] edgeTo;

    private DagRows(int tasks, String[] ids, byte[] status, boolean[] held, double[] tokensPlan,
                    int edges, int[] edgeFrom, int[] edgeTo) {
        this.tasks = tasks;
        this.ids = ids;
        this.status = status;
        this.held = held;
        this.tokensPlan = tokensPlan;
        this.edges = edges;
        this.edgeFrom = edgeFrom;
        this.edgeTo = edgeTo;
    }

    public static DagRows generate(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] ids = new String[n];
        byte[] status = new byte[n];
        boolean[] held = new boolean[n];
        double[] plan = new double[n];
        int[] from = new int[2 * n + 16];
        int[] to = new int[2 * n + 16];
        int m = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = "task-" + i;
            double x = rnd.nextDouble();
            byte s = x < 0.40 ? GraphSnapshot.DONE : x < 0.50 ? GraphSnapshot.DOING
                    : x < 0.55 ? GraphSnapshot.FAILED : GraphSnapshot.TODO;
            status[i] = s;
            held[i] = s == GraphSnapshot.TODO && rnd.nextDouble() < 0.01 / 0.45;
            plan[i] = 1000 + rnd.nextInt(49_000);
            if (i == 0) {
                continue;
            }
            int k = rnd.nextInt(5);
            for (int e = 0; e < k; e++) {
                int d = rnd.nextBoolean() ? Math.max(0, i - 1 - rnd.nextInt(64)) : rnd.nextInt(i);
                if (m == from.length) {
                    from = java.util.Arrays.copyOf(from, m + (m >> 1));
                    to = java.util.Arrays.copyOf(to, m + (m >> 1));
                }
                from[m] = i;
                to[m] = d;
                m++;
            }
        }
        return new DagRows(n, ids, status, held, plan, m, from, to);
    }

    /** Builds the snapshot the way the service does: rows, then edges by id. */
    public GraphSnapshot build() {
        GraphSnapshot.Builder b = GraphSnapshot.builder(tasks, edges);
        for (int i = 0; i < tasks; i++) {
            b.add(ids[i], status[i], held[i], tokensPlan[i]);
        }
        for (int k = 0; k < edges; k++) {
            b.depend(ids[edgeFrom[k]], ids[edgeTo[k]]);
        }
        return b.build();
    }
}
