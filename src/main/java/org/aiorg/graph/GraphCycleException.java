package org.aiorg.graph;

import java.util.List;

/**
 * The task graph has a dependency cycle. {@link #cycle()} names one: each task depends on the next,
 * and the last entry repeats the first (a self-dependency is {@code [a, a]}).
 */
public final class GraphCycleException extends RuntimeException {

    private final List<String> cycle;

    public GraphCycleException(List<String> cycle) {
        super("dependency cycle: " + String.join(" -> ", cycle));
        this.cycle = List.copyOf(cycle);
    }

    /** Ids along the cycle, first == last; each depends on the next. */
    public List<String> cycle() {
        return cycle;
    }
}
