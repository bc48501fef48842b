package org.aiorg.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks, before a write, whether giving a task new dependencies would close a dependency cycle.
 *
 * <p>Adding the edges {@code task -> d} (task depends on d) closes a cycle exactly when {@code task} is
 * {@code d} itself or is reachable from some {@code d} along the existing dependencies. The search is an
 * iterative breadth-first search from the new dependencies with parent pointers, so the cycle reported is a
 * shortest one; the batched variant asks for the dependencies of a whole BFS level at once (one SQL round
 * trip per level). The existing dependencies of {@code task} itself are never asked for, so it does not matter
 * whether the write adds to or replaces them.
 */
public final class CycleFinder {

    private CycleFinder() {
    }

    /**
     * @param taskId          the task that gets new dependencies
     * @param newDependencies ids it will depend on
     * @param dependenciesOf  existing dependencies of one task (null or empty when none / unknown)
     * @return the cycle {@code [taskId, d, ..., taskId]}, each id depending on the next, if the write would
     * close one
     */
    public static Optional<List<String>> findCycle(String taskId, Collection<String> newDependencies,
                                                   Function<String, ? extends Collection<String>> dependenciesOf) {
        Objects.requireNonNull(dependenciesOf, "dependenciesOf");
        return findCycleBatched(taskId, newDependencies, level -> {
            Map<String, Collection<String>> m = HashMap.newHashMap(level.size());
            for (String id : level) {
                Collection<String> ds = dependenciesOf.apply(id);
                if (ds != null) {
                    m.put(id, ds);
                }
            }
            return m;
        });
    }

    /**
     * Like {@link #findCycle}, but asks for the dependencies of each BFS level in one call.
     *
     * @param dependenciesOf given the ids of one level (never empty, no repeats), returns their existing
     *                       dependencies; ids missing from the map have none
     */
    public static Optional<List<String>> findCycleBatched(
            String taskId, Collection<String> newDependencies,
            Function<? super Collection<String>, ? extends Map<String, ? extends Collection<String>>> dependenciesOf) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(newDependencies, "newDependencies");
        Objects.requireNonNull(dependenciesOf, "dependenciesOf");

        // parent[x] = the task that depends on x through which x was first reached; the roots point to taskId
        Map<String, String> parent = new HashMap<>();
        List<String> frontier = new ArrayList<>();
        for (String d : newDependencies) {
            Objects.requireNonNull(d, "dependency id");
            if (d.equals(taskId)) {
                return Optional.of(List.of(taskId, taskId));
            }
            if (parent.putIfAbsent(d, taskId) == null) {
                frontier.add(d);
            }
        }
        while (!frontier.isEmpty()) {
            Map<String, ? extends Collection<String>> level =
                    dependenciesOf.apply(Collections.unmodifiableList(frontier));
            List<String> nextFrontier = new ArrayList<>();
            for (String x : frontier) {
                Collection<String> ds = level == null ? null : level.get(x);
                if (ds == null) {
                    continue;
                }
                for (String y : ds) {
                    if (y == null) {
                        continue;
                    }
                    if (y.equals(taskId)) {
                        return Optional.of(path(taskId, x, parent));
                    }
                    if (parent.putIfAbsent(y, x) == null) {
                        nextFrontier.add(y);
                    }
                }
            }
            frontier = nextFrontier;
        }
        return Optional.empty();
    }

    /** [taskId, root dep, ..., x, taskId] from the parent pointers (x depends on taskId). */
    private static List<String> path(String taskId, String x, Map<String, String> parent) {
        ArrayList<String> back = new ArrayList<>();
        back.add(taskId);
        for (String cur = x; !cur.equals(taskId); cur = parent.get(cur)) {
            back.add(cur);
        }
        back.add(taskId);
        Collections.reverse(back);
        return List.copyOf(back);
    }
}
