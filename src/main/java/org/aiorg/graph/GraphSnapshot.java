package org.aiorg.graph;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Objects;

/**
 * Immutable, compact picture of a tenant's task graph, the input of {@link GraphAnalyzer}.
 *
 * <p>Tasks are numbered {@code 0 .. size()-1} in the order they were added to the {@link Builder}.
 * Everything per task lives in primitive arrays; the only per-task objects are the id strings.
 * Dependencies are stored in CSR (compressed sparse row) form: the tasks that task {@code i} depends on
 * are {@code dep(k)} for {@code k} in {@code [depStart(i), depStart(i + 1))}, in the order the edges were
 * first declared (duplicates removed).
 *
 * <p>A snapshot may contain a cycle (the builder does not look for one); {@link GraphAnalyzer#analyze}
 * reports it as a {@link GraphCycleException}.
 */
public final class GraphSnapshot {

    public static final byte TODO = 0;
    public static final byte DOING = 1;
    public static final byte DONE = 2;
    public static final byte FAILED = 3;

    // package-private so that GraphAnalyzer can read them without accessor calls; never mutated
    final String[] ids;
    final byte[] status;
    final boolean[] held;
    final double[] tokensPlan;
    final int[] depStart;
    final int[] deps;

    private GraphSnapshot(String[] ids, byte[] status, boolean[] held, double[] tokensPlan, int[] depStart, int[] deps) {
        this.ids = ids;
        this.status = status;
        this.held = held;
        this.tokensPlan = tokensPlan;
        this.depStart = depStart;
        this.deps = deps;
    }

    public static Builder builder() {
        return new Builder(16, 16);
    }

    /** A builder pre-sized for about {@code expectedTasks} tasks and {@code expectedEdges} dependencies. */
    public static Builder builder(int expectedTasks, int expectedEdges) {
        return new Builder(expectedTasks, expectedEdges);
    }

    public int size() {
        return ids.length;
    }

    public String id(int i) {
        return ids[i];
    }

    /** One of {@link #TODO}, {@link #DOING}, {@link #DONE}, {@link #FAILED}. */
    public byte status(int i) {
        return status[i];
    }

    /** Whether the task is held back (e.g. budget_exhausted); only matters while the task is {@link #TODO}. */
    public boolean held(int i) {
        return held[i];
    }

    public double tokensPlan(int i) {
        return tokensPlan[i];
    }

    /** Total number of dependency edges (after removing duplicates). */
    public int edgeCount() {
        return deps.length;
    }

    /** Start of task {@code i}'s dependencies in the edge array; {@code i} may be {@code size()} (end sentinel). */
    public int depStart(int i) {
        return depStart[i];
    }

    /** The task index stored at edge position {@code k}. */
    public int dep(int k) {
        return deps[k];
    }

    public int dependencyCount(int i) {
        return depStart[i + 1] - depStart[i];
    }

    /** A fresh copy of the indices of the tasks {@code i} depends on. */
    public int[] dependencies(int i) {
        return Arrays.copyOfRange(deps, depStart[i], depStart[i + 1]);
    }

    public static String statusName(byte status) {
        return switch (status) {
            case TODO -> "todo";
            case DOING -> "doing";
            case DONE -> "done";
            case FAILED -> "failed";
            default -> throw new IllegalArgumentException("unknown status " + status);
        };
    }

    @Override
    public String toString() {
        return "GraphSnapshot[" + size() + " tasks, " + edgeCount() + " dependencies]";
    }

    /**
     * Collects rows and edges and builds the CSR arrays. The id to index map lives only here: an open-addressing
     * table of task indices (an {@code int[]}, no per-entry objects), probed with the ids' cached hash codes.
     * Should a probe ever run long (ids with colliding hash codes, e.g. crafted ones), the builder switches to a
     * {@link HashMap}, whose tree bins keep lookups logarithmic.
     * Not thread-safe; {@link #build()} may be called once.
     */
    public static final class Builder {
        private static final int MAX_PROBES = 256;
        /** slots[h] = task index + 1, or 0 when free; linear probing; at most half full. Null after fallback. */
        private int[] slots;
        private HashMap<String, Integer> fallback;
        private String[] ids;
        private byte[] status;
        private boolean[] held;
        private double[] tokensPlan;
        private int n;
        // edges as parallel arrays: task edgeFrom[k] depends on task edgeTo[k]
        private int[] edgeFrom;
        private int[] edgeTo;
        private int m;
        private boolean built;

        private Builder(int expectedTasks, int expectedEdges) {
            if (expectedTasks < 0 || expectedEdges < 0) {
                throw new IllegalArgumentException("negative expected size");
            }
            int t = Math.max(expectedTasks, 4);
            int e = Math.max(expectedEdges, 4);
            slots = new int[tableSizeFor(t)];
            ids = new String[t];
            status = new byte[t];
            held = new boolean[t];
            tokensPlan = new double[t];
            edgeFrom = new int[e];
            edgeTo = new int[e];
        }

        /**
         * Adds a task row.
         *
         * @throws IllegalArgumentException on a null or duplicate id, an unknown status, or a tokensPlan that
         *                                  is negative, NaN or infinite
         */
        public Builder add(String id, byte status, boolean held, double tokensPlan) {
            checkOpen();
            Objects.requireNonNull(id, "id");
            if (status < TODO || status > FAILED) {
                throw new IllegalArgumentException("unknown status " + status + " for task " + id);
            }
            if (!(tokensPlan >= 0) || Double.isInfinite(tokensPlan)) {
                throw new IllegalArgumentException("tokensPlan must be finite and >= 0, got " + tokensPlan + " for task " + id);
            }
            if (n == ids.length) {
                int cap = grow(n);
                ids = Arrays.copyOf(ids, cap);
                this.status = Arrays.copyOf(this.status, cap);
                this.held = Arrays.copyOf(this.held, cap);
                this.tokensPlan = Arrays.copyOf(this.tokensPlan, cap);
            }
            if (fallback == null) {
                if (2 * (n + 1) > slots.length) {
                    rehash(slots.length * 2);
                }
                int slot = find(id);
                if (slot < 0) {
                    switchToFallback();
                } else if (slots[slot] != 0) {
                    throw new IllegalArgumentException("duplicate task id " + id);
                } else {
                    slots[slot] = n + 1;
                }
            }
            if (fallback != null && fallback.putIfAbsent(id, n) != null) {
                throw new IllegalArgumentException("duplicate task id " + id);
            }
            ids[n] = id;
            this.status[n] = status;
            this.held[n] = held;
            this.tokensPlan[n] = tokensPlan;
            n++;
            return this;
        }

        /**
         * Declares that {@code taskId} depends on {@code dependsOnId}. Both must have been added already.
         * Declaring the same edge twice is harmless. A self-dependency is accepted here and reported by the
         * analyser as a cycle.
         *
         * @throws IllegalArgumentException if either id is unknown
         */
        public Builder depend(String taskId, String dependsOnId) {
            checkOpen();
            int from = indexOf(taskId);
            int to = indexOf(dependsOnId);
            if (m == edgeFrom.length) {
                int cap = grow(m);
                edgeFrom = Arrays.copyOf(edgeFrom, cap);
                edgeTo = Arrays.copyOf(edgeTo, cap);
            }
            edgeFrom[m] = from;
            edgeTo[m] = to;
            m++;
            return this;
        }

        /** Number of tasks added so far. */
        public int size() {
            return n;
        }

        private int indexOf(String id) {
            Objects.requireNonNull(id, "id");
            int i;
            if (fallback == null) {
                int slot = find(id);
                if (slot < 0) {
                    switchToFallback();
                    return indexOf(id);
                }
                i = slots[slot] - 1;
            } else {
                Integer boxed = fallback.get(id);
                i = boxed == null ? -1 : boxed;
            }
            if (i < 0) {
                throw new IllegalArgumentException("unknown task id " + id);
            }
            return i;
        }

        /** The slot holding id, or the free slot where it would go, or -1 if that takes too many probes. */
        private int find(String id) {
            int mask = slots.length - 1;
            int h = mix(id.hashCode()) & mask;
            for (int probes = 0; probes < MAX_PROBES; probes++) {
                int v = slots[h];
                if (v == 0 || ids[v - 1].equals(id)) {
                    return h;
                }
                h = (h + 1) & mask;
            }
            return -1;
        }

        private void switchToFallback() {
            fallback = HashMap.newHashMap(Math.max(n, ids.length));
            for (int i = 0; i < n; i++) {
                fallback.put(ids[i], i);
            }
            slots = null;
        }

        /** For tests: whether the builder gave up on its int table. */
        boolean usesFallbackIndex() {
            return fallback != null;
        }

        private void rehash(int size) {
            int[] table = new int[size];
            int mask = size - 1;
            for (int i = 0; i < n; i++) {
                int h = mix(ids[i].hashCode()) & mask;
                while (table[h] != 0) {
                    h = (h + 1) & mask;
                }
                table[h] = i + 1;
            }
            slots = table;
        }

        private static int mix(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        private static int tableSizeFor(int expected) {
            int size = Integer.highestOneBit(Math.max(expected, 8) * 2 - 1) << 1;
            if (size <= 0) {
                throw new IllegalArgumentException("too many tasks: " + expected);
            }
            return size;
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("builder already built");
            }
        }

        private static int grow(int cur) {
            long next = Math.max(16L, cur + (cur >> 1) + 1L);
            if (next > Integer.MAX_VALUE - 16) {
                if (cur >= Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("graph too large");
                }
                next = Integer.MAX_VALUE - 16;
            }
            return (int) next;
        }

        /** Builds the snapshot in O(tasks + edges). The builder cannot be used afterwards. */
        public GraphSnapshot build() {
            checkOpen();
            built = true;
            slots = null; // let the id table go before allocating the CSR arrays
            fallback = null;

            // counting sort of the edges by source task (stable: keeps declaration order per task)
            int[] start = new int[n + 1];
            for (int k = 0; k < m; k++) {
                start[edgeFrom[k] + 1]++;
            }
            for (int i = 0; i < n; i++) {
                start[i + 1] += start[i];
            }
            int[] adj = new int[m];
            int[] fill = Arrays.copyOf(start, n);
            for (int k = 0; k < m; k++) {
                adj[fill[edgeFrom[k]]++] = edgeTo[k];
            }
            edgeFrom = null;
            edgeTo = null;

            // remove duplicate edges in place, using fill[] as a "last seen in task" stamp (stamp = task + 1)
            Arrays.fill(fill, 0);
            int w = 0;
            int segStart = 0;
            for (int i = 0; i < n; i++) {
                int segEnd = start[i + 1];
                start[i] = w;
                for (int k = segStart; k < segEnd; k++) {
                    int d = adj[k];
                    if (fill[d] != i + 1) {
                        fill[d] = i + 1;
                        adj[w++] = d;
                    }
                }
                segStart = segEnd;
            }
            start[n] = w;
            if (w != m) {
                adj = Arrays.copyOf(adj, w);
            }

            GraphSnapshot s = new GraphSnapshot(
                    exact(ids, n), exact(status, n), exact(held, n), exact(tokensPlan, n), start, adj);
            ids = null;
            status = null;
            held = null;
            tokensPlan = null;
            return s;
        }

        private static String[] exact(String[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }

        private static byte[] exact(byte[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }

        private static boolean[] exact(boolean[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }

        private static double[] exact(double[] a, int n) {
            return a.length == n ? a : Arrays.copyOf(a, n);
        }
    }
}
