package org.aiorg.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The heaviest chain of unfinished tasks, in dependency order: {@code task(0)} has no unfinished dependency
 * in the chain and every {@code task(k + 1)} depends on {@code task(k)}.
 */
public final class CriticalPath {

    static final CriticalPath EMPTY = new CriticalPath(new int[0], 0.0);

    private final int[] tasks;
    private final double tokens;

    CriticalPath(int[] tasks, double tokens) {
        this.tasks = tasks;
        this.tokens = tokens;
    }

    /** Number of tasks on the path (0 when there is no unfinished task). */
    public int length() {
        return tasks.length;
    }

    public boolean isEmpty() {
        return tasks.length == 0;
    }

    /** The {@code k}-th task index on the path, root first. */
    public int task(int k) {
        return tasks[k];
    }

    /** A fresh copy of the task indices, root first. */
    public int[] tasks() {
        return tasks.clone();
    }

    /** Sum of tokensPlan over the path. */
    public double tokens() {
        return tokens;
    }

    /** The path's task ids, root first. */
    public List<String> ids(GraphSnapshot snapshot) {
        List<String> out = new ArrayList<>(tasks.length);
        for (int t : tasks) {
            out.add(snapshot.id(t));
        }
        return out;
    }

    @Override
    public String toString() {
        return "CriticalPath[length=" + tasks.length + ", tokens=" + tokens + ", tasks="
                + (tasks.length <= 20 ? Arrays.toString(tasks) : "[" + tasks[0] + " .. " + tasks[tasks.length - 1] + "]") + "]";
    }
}
