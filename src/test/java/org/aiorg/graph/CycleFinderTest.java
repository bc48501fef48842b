package org.aiorg.graph;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CycleFinderTest {

    /** Existing dependencies: id -> ids it depends on. */
    private static Map<String, List<String>> deps(String... edges) {
        Map<String, List<String>> m = new HashMap<>();
        for (String e : edges) {
            String[] p = e.split("->");
            m.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]);
        }
        return m;
    }

    @Test
    void selfDependencyIsACycle() {
        assertThat(CycleFinder.findCycle("a", List.of("a"), id -> List.of()))
                .contains(List.of("a", "a"));
    }

    @Test
    void noCycleWhenTheTaskIsNotReachable() {
        Map<String, List<String>> g = deps("b->c", "c->d", "x->a");
        assertThat(CycleFinder.findCycle("a", List.of("b"), g::get)).isEmpty();
        assertThat(CycleFinder.findCycle("a", List.of(), g::get)).isEmpty();
    }

    @Test
    void directBackEdge() {
        Map<String, List<String>> g = deps("b->a");
        assertThat(CycleFinder.findCycle("a", List.of("b"), g::get)).contains(List.of("a", "b", "a"));
    }

    @Test
    void reportsTheShortestCycleAsAPath() {
        // a will depend on b and e; b -> c -> d -> a, e -> a
        Map<String, List<String>> g = deps("b->c", "c->d", "d->a", "e->a");
        assertThat(CycleFinder.findCycle("a", List.of("b", "e"), g::get)).contains(List.of("a", "e", "a"));
        assertThat(CycleFinder.findCycle("a", List.of("b"), g::get)).contains(List.of("a", "b", "c", "d", "a"));
    }

    @Test
    void existingDependenciesOfTheTaskItselfAreNotFollowed() {
        // a already depends on b; giving a a new dependency on c (a leaf) closes nothing
        Map<String, List<String>> g = deps("a->b", "b->x");
        List<String> asked = new ArrayList<>();
        Optional<List<String>> r = CycleFinder.findCycle("a", List.of("c"), id -> {
            asked.add(id);
            return g.get(id);
        });
        assertThat(r).isEmpty();
        assertThat(asked).containsExactly("c");
    }

    @Test
    void diamondsAreVisitedOnce() {
        Map<String, List<String>> g = deps("b->d", "c->d", "d->e");
        List<String> asked = new ArrayList<>();
        assertThat(CycleFinder.findCycle("a", List.of("b", "c", "b"), id -> {
            asked.add(id);
            return g.get(id);
        })).isEmpty();
        assertThat(asked).containsExactly("b", "c", "d", "e");
    }

    @Test
    void batchedVariantAsksOncePerLevel() {
        Map<String, List<String>> g = deps("b->d", "c->d", "c->e", "d->f", "e->f", "f->a");
        List<List<String>> calls = new ArrayList<>();
        Optional<List<String>> r = CycleFinder.findCycleBatched("a", List.of("b", "c"), level -> {
            calls.add(List.copyOf(level));
            Map<String, Collection<String>> out = new HashMap<>();
            for (String id : level) {
                if (g.containsKey(id)) {
                    out.put(id, g.get(id));
                }
            }
            return out;
        });
        assertThat(r).contains(List.of("a", "b", "d", "f", "a"));
        assertThat(calls).containsExactly(List.of("b", "c"), List.of("d", "e"), List.of("f"));
    }

    @Test
    void batchedVariantToleratesMissingIdsAndNullResults() {
        assertThat(CycleFinder.findCycleBatched("a", List.of("b"), level -> null)).isEmpty();
        assertThat(CycleFinder.findCycleBatched("a", List.of("b"), level -> Map.of())).isEmpty();
        assertThat(CycleFinder.findCycle("a", List.of("b"), id -> null)).isEmpty();
    }

    @Test
    void longChainIsSearchedIteratively() {
        int n = 300_000;
        // t(i) depends on t(i + 1); the last one depends on "a"
        Optional<List<String>> r = CycleFinder.findCycle("a", List.of("t0"), id -> {
            int i = Integer.parseInt(id.substring(1));
            return List.of(i + 1 < n ? "t" + (i + 1) : "a");
        });
        assertThat(r).isPresent();
        List<String> path = r.get();
        assertThat(path).hasSize(n + 2);
        assertThat(path.get(0)).isEqualTo("a");
        assertThat(path.get(1)).isEqualTo("t0");
        assertThat(path.get(n)).isEqualTo("t" + (n - 1));
        assertThat(path.get(n + 1)).isEqualTo("a");
    }

    @Test
    void longChainWithoutCycle() {
        int n = 300_000;
        assertThat(CycleFinder.findCycle("a", List.of("t0"), id -> {
            int i = Integer.parseInt(id.substring(1));
            return i + 1 < n ? List.of("t" + (i + 1)) : List.of();
        })).isEmpty();
    }

    @Test
    void cyclesAlreadyInTheStoreDoNotLoop() {
        // b <-> c form a cycle that does not involve a
        Map<String, List<String>> g = deps("b->c", "c->b");
        assertThat(CycleFinder.findCycle("a", List.of("b"), g::get)).isEmpty();
    }
}
