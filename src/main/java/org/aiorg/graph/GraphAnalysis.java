package org.aiorg.graph;

import java.util.Arrays;
import java.util.List;

/**
 * Result of {@link GraphAnalyzer#analyze}: a state per task, the block reasons, and the critical path.
 * Immutable; every per-task query is O(1) (blockedBy is O(MAX_BLOCKERS)).
 */
public final class GraphAnalysis {

    /** At most this many failed tasks are recorded as blocking one task. */
    public static final int MAX_BLOCKERS = 5;

    static final byte KIND_MASK = 0x07;
    static final byte CRITICAL_BIT = 0x08;
    static final byte BLOCKER_COUNT_MASK = 0x07;
    static final byte BLOCKERS_TRUNCATED_BIT = 0x08;

    private static final TaskState[] STATES = TaskState.values();
    private static final int[] NONE = new int[0];

    private final GraphSnapshot snapshot;
    /** TaskState ordinal | CRITICAL_BIT. */
    private final byte[] state;
    /** For tasks blocked by failed tasks: count of recorded blockers | BLOCKERS_TRUNCATED_BIT; else 0. */
    private final byte[] blockerInfo;
    /** Offset into blockerData of a task's recorded blockers (only meaningful when blockerInfo != 0). */
    private final int[] blockerPos;
    private final int[] blockerData;
    private final int readyCount;
    private final int waitingCount;
    private final int blockedCount;
    private final CriticalPath criticalPath;

    GraphAnalysis(GraphSnapshot snapshot, byte[] state, byte[] blockerInfo, int[] blockerPos, int[] blockerData,
                  int readyCount, int waitingCount, int blockedCount, CriticalPath criticalPath) {
        this.snapshot = snapshot;
        this.state = state;
        this.blockerInfo = blockerInfo;
        this.blockerPos = blockerPos;
        this.blockerData = blockerData;
        this.readyCount = readyCount;
        this.waitingCount = waitingCount;
        this.blockedCount = blockedCount;
        this.criticalPath = criticalPath;
    }

    public GraphSnapshot snapshot() {
        return snapshot;
    }

    public int size() {
        return state.length;
    }

    public TaskState state(int i) {
        return STATES[state[i] & KIND_MASK];
    }

    public boolean isReady(int i) {
        return (state[i] & KIND_MASK) == TaskState.READY.ordinal();
    }

    public boolean isWaiting(int i) {
        return (state[i] & KIND_MASK) == TaskState.WAITING.ordinal();
    }

    public boolean isBlocked(int i) {
        return (state[i] & KIND_MASK) == TaskState.BLOCKED.ordinal();
    }

    /** Whether the task lies on {@link #criticalPath()}. */
    public boolean isCritical(int i) {
        return (state[i] & CRITICAL_BIT) != 0;
    }

    /** Why the task is blocked, or {@code null} if it is not blocked. */
    public BlockReason blockReason(int i) {
        if (!isBlocked(i)) {
            return null;
        }
        return blockerInfo[i] != 0 ? BlockReason.DEPENDENCY_FAILED : BlockReason.HELD;
    }

    /**
     * The failed tasks that block task {@code i}: the (at most {@link #MAX_BLOCKERS}) smallest indices among all
     * failed tasks reachable from {@code i} through todo tasks, ascending. Empty if the task is not blocked by a
     * failed task.
     */
    public int[] blockedBy(int i) {
        int info = blockerInfo[i];
        if (info == 0) {
            return NONE;
        }
        int p = blockerPos[i];
        return Arrays.copyOfRange(blockerData, p, p + (info & BLOCKER_COUNT_MASK));
    }

    /** Whether more failed tasks block task {@code i} than {@link #blockedBy(int)} lists. */
    public boolean blockedByTruncated(int i) {
        return (blockerInfo[i] & BLOCKERS_TRUNCATED_BIT) != 0;
    }

    public int readyCount() {
        return readyCount;
    }

    public int waitingCount() {
        return waitingCount;
    }

    public int blockedCount() {
        return blockedCount;
    }

    /** Indices of the ready tasks, ascending. */
    public int[] readyTasks() {
        return collect(TaskState.READY, readyCount);
    }

    /** Indices of the waiting tasks, ascending. */
    public int[] waitingTasks() {
        return collect(TaskState.WAITING, waitingCount);
    }

    /** Indices of the blocked tasks, ascending. */
    public int[] blockedTasks() {
        return collect(TaskState.BLOCKED, blockedCount);
    }

    public CriticalPath criticalPath() {
        return criticalPath;
    }

    /** The critical path's task ids, root first. */
    public List<String> criticalPathIds() {
        return criticalPath.ids(snapshot);
    }

    private int[] collect(TaskState s, int count) {
        int[] out = new int[count];
        int k = 0;
        int want = s.ordinal();
        for (int i = 0; i < state.length && k < count; i++) {
            if ((state[i] & KIND_MASK) == want) {
                out[k++] = i;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "GraphAnalysis[tasks=" + size() + ", ready=" + readyCount + ", waiting=" + waitingCount
                + ", blocked=" + blockedCount + ", critical=" + criticalPath + "]";
    }
}
