package org.aiorg.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.aiorg.graph.GraphSnapshot.DOING;
import static org.aiorg.graph.GraphSnapshot.DONE;
import static org.aiorg.graph.GraphSnapshot.FAILED;
import static org.aiorg.graph.GraphSnapshot.TODO;

/**
 * Classifies the tasks of a {@link GraphSnapshot} and finds its critical path, in O(tasks + edges) time,
 * with a few primitive arrays of length {@code size()} and no recursion.
 *
 * <h2>Rules (for todo tasks; doing, done and failed tasks are in none of the three sets)</h2>
 * <ul>
 *   <li><b>blocked by a failed task</b>: some dependency is FAILED, or some dependency is a TODO task that is
 *       itself blocked by a failed task. Equivalently: there is a dependency path from the task to a FAILED task
 *       whose intermediate tasks are all TODO. A failure does not propagate through a DONE task (its work is
 *       finished; the dependant only needs it done) nor through a DOING task (it may still finish without
 *       anyone's help).</li>
 *   <li><b>blocked</b> = blocked by a failed task, or the task itself is held. A hold does not propagate:
 *       a task depending on a held task is merely waiting.</li>
 *   <li><b>ready</b> = not held, and all dependencies DONE (or none).</li>
 *   <li><b>waiting</b> = neither blocked nor ready: some dependency is not DONE.</li>
 * </ul>
 * These three sets partition the todo tasks.
 *
 * <h2>Critical path</h2>
 * Among unfinished tasks (TODO or DOING, blocked ones included), the chain {@code t1, t2, ..., tk} where each
 * {@code t(j+1)} depends on {@code tj} and all tasks are unfinished, maximising the sum of tokensPlan; ties go to
 * the longer chain, then to the lexicographically smaller id sequence read from {@code t1} (ids compared with
 * {@link String#compareTo}). Since tokensPlan is never negative, the winner starts at a task with no unfinished
 * dependency. Sums are doubles accumulated from the chain's end toward its root.
 *
 * <h2>Cycles</h2>
 * Any dependency cycle in the snapshot (whatever the statuses) raises {@link GraphCycleException}.
 */
public final class GraphAnalyzer {

    private static final byte READY = (byte) TaskState.READY.ordinal();
    private static final byte WAITING = (byte) TaskState.WAITING.ordinal();
    private static final byte BLOCKED = (byte) TaskState.BLOCKED.ordinal();
    private static final byte[] KIND_OF_STATUS = {
            READY, // never read: a todo task's state (ready, waiting or blocked) is worked out below
            (byte) TaskState.DOING.ordinal(),
            (byte) TaskState.DONE.ordinal(),
            (byte) TaskState.FAILED.ordinal()
    };
    private static final int MAX = GraphAnalysis.MAX_BLOCKERS;

    private GraphAnalyzer() {
    }

    /**
     * @throws GraphCycleException if the snapshot's dependencies contain a cycle
     */
    public static GraphAnalysis analyze(GraphSnapshot g) {
        final int n = g.size();
        final byte[] status = g.status;
        final boolean[] held = g.held;
        final int[] depStart = g.depStart;
        final int[] deps = g.deps;

        // two scratch arrays of the depth-first search are reused below (blockerPos, nxt)
        final int[] scratchA = new int[n];
        final int[] scratchB = new int[n];
        final int[] order = topologicalOrder(g, scratchA, scratchB);

        // ---- pass 1, dependencies first: ready / waiting / blocked, with blockers ----
        final byte[] state = new byte[n];
        final byte[] blockerInfo = new byte[n];
        final int[] blockerPos = scratchA; // only read where blockerInfo != 0, i.e. where written below
        int[] blockerData = new int[Math.max(16, n / 64)];
        int blockerLen = 0;
        final int[] tmp = new int[MAX];
        int ready = 0;
        int waiting = 0;
        int blocked = 0;

        for (int oi = 0; oi < n; oi++) {
            final int v = order[oi];
            final byte s = status[v];
            if (s != TODO) {
                state[v] = KIND_OF_STATUS[s];
                continue;
            }
            boolean allDone = true;
            boolean truncated = false;
            int cnt = 0;
            for (int k = depStart[v], end = depStart[v + 1]; k < end; k++) {
                final int d = deps[k];
                final byte sd = status[d];
                if (sd == DONE) {
                    continue;
                }
                allDone = false;
                if (sd == FAILED) {
                    cnt = insert(tmp, cnt, d);
                    if (cnt < 0) {
                        cnt = MAX;
                        truncated = true;
                    }
                } else if (sd == TODO && blockerInfo[d] != 0) {
                    final int info = blockerInfo[d];
                    if ((info & GraphAnalysis.BLOCKERS_TRUNCATED_BIT) != 0) {
                        truncated = true;
                    }
                    for (int p = blockerPos[d], pe = p + (info & GraphAnalysis.BLOCKER_COUNT_MASK); p < pe; p++) {
                        cnt = insert(tmp, cnt, blockerData[p]);
                        if (cnt < 0) {
                            cnt = MAX;
                            truncated = true;
                        }
                    }
                }
            }
            if (cnt > 0) {
                if (blockerLen + cnt > blockerData.length) {
                    blockerData = Arrays.copyOf(blockerData, Math.max(blockerLen + cnt, blockerData.length + (blockerData.length >> 1)));
                }
                System.arraycopy(tmp, 0, blockerData, blockerLen, cnt);
                blockerPos[v] = blockerLen;
                blockerLen += cnt;
                blockerInfo[v] = (byte) (cnt | (truncated ? GraphAnalysis.BLOCKERS_TRUNCATED_BIT : 0));
                state[v] = BLOCKED;
                blocked++;
            } else if (held[v]) {
                state[v] = BLOCKED;
                blocked++;
            } else if (allDone) {
                state[v] = READY;
                ready++;
            } else {
                state[v] = WAITING;
                waiting++;
            }
        }

        // ---- pass 2, dependants first: heaviest chain starting at each unfinished task ----
        final String[] ids = g.ids;
        final double[] tokens = g.tokensPlan;
        final double[] sum = new double[n];
        final int[] len = new int[n];
        final int[] nxt = scratchB;
        Arrays.fill(nxt, -1);
        int best = -1;
        for (int oi = n - 1; oi >= 0; oi--) {
            final int w = order[oi];
            final byte sw = status[w];
            if (sw != TODO && sw != DOING) {
                continue;
            }
            final int nx = nxt[w];
            if (nx >= 0) {
                sum[w] = tokens[w] + sum[nx];
                len[w] = 1 + len[nx];
            } else {
                sum[w] = tokens[w];
                len[w] = 1;
            }
            for (int k = depStart[w], end = depStart[w + 1]; k < end; k++) {
                final int v = deps[k];
                final byte sv = status[v];
                if (sv != TODO && sv != DOING) {
                    continue;
                }
                final int cur = nxt[v];
                if (cur < 0 || better(w, cur, sum, len, ids)) {
                    nxt[v] = w;
                }
            }
            if (best < 0 || better(w, best, sum, len, ids)) {
                best = w;
            }
        }

        CriticalPath cp;
        if (best < 0) {
            cp = CriticalPath.EMPTY;
        } else {
            int[] path = new int[len[best]];
            int t = best;
            for (int k = 0; k < path.length; k++) {
                path[k] = t;
                state[t] |= GraphAnalysis.CRITICAL_BIT;
                t = nxt[t];
            }
            cp = new CriticalPath(path, sum[best]);
        }
        return new GraphAnalysis(g, state, blockerInfo, blockerPos,
                blockerLen == blockerData.length ? blockerData : Arrays.copyOf(blockerData, blockerLen),
                ready, waiting, blocked, cp);
    }

    /** Chain starting at a beats chain starting at b: more tokens, then more tasks, then smaller first id. */
    private static boolean better(int a, int b, double[] sum, int[] len, String[] ids) {
        double sa = sum[a];
        double sb = sum[b];
        if (sa != sb) {
            return sa > sb;
        }
        if (len[a] != len[b]) {
            return len[a] > len[b];
        }
        return ids[a].compareTo(ids[b]) < 0;
    }

    /**
     * Inserts x into the ascending, duplicate-free buf[0..cnt) holding at most MAX smallest values.
     * Returns the new count, or -1 if a value (x or the former last) had to be dropped (buf then holds MAX).
     */
    private static int insert(int[] buf, int cnt, int x) {
        int i = cnt - 1;
        while (i >= 0 && buf[i] > x) {
            i--;
        }
        if (i >= 0 && buf[i] == x) {
            return cnt;
        }
        int pos = i + 1; // x goes here
        if (cnt < MAX) {
            System.arraycopy(buf, pos, buf, pos + 1, cnt - pos);
            buf[pos] = x;
            return cnt + 1;
        }
        if (pos < MAX) {
            System.arraycopy(buf, pos, buf, pos + 1, MAX - 1 - pos);
            buf[pos] = x;
        }
        return -1;
    }

    /**
     * Iterative depth-first post-order over the dependency edges: every task comes after all of its
     * dependencies. Throws GraphCycleException on a back edge. {@code stack} and {@code cursor} are scratch
     * arrays of length {@code size()}, left dirty.
     */
    static int[] topologicalOrder(GraphSnapshot g, int[] stack, int[] cursor) {
        final int n = g.size();
        final int[] depStart = g.depStart;
        final int[] deps = g.deps;
        final int[] order = new int[n];
        final byte[] mark = new byte[n]; // 0 unseen, 1 on stack, 2 finished
        int out = 0;
        for (int root = 0; root < n; root++) {
            if (mark[root] != 0) {
                continue;
            }
            int sp = 0;
            stack[sp++] = root;
            mark[root] = 1;
            cursor[root] = depStart[root];
            while (sp > 0) {
                final int u = stack[sp - 1];
                final int c = cursor[u];
                if (c < depStart[u + 1]) {
                    cursor[u] = c + 1;
                    final int v = deps[c];
                    final byte mv = mark[v];
                    if (mv == 0) {
                        mark[v] = 1;
                        cursor[v] = depStart[v];
                        stack[sp++] = v;
                    } else if (mv == 1) {
                        throw cycle(g, stack, sp, v);
                    }
                } else {
                    sp--;
                    mark[u] = 2;
                    order[out++] = u;
                }
            }
        }
        return order;
    }

    private static GraphCycleException cycle(GraphSnapshot g, int[] stack, int sp, int v) {
        int j = sp - 1;
        while (stack[j] != v) {
            j--;
        }
        List<String> ids = new ArrayList<>(sp - j + 1);
        for (int k = j; k < sp; k++) {
            ids.add(g.ids[stack[k]]);
        }
        ids.add(g.ids[v]);
        return new GraphCycleException(ids);
    }
}
