package org.aiorg.graph;

import java.util.ArrayList;
import java.util.List;

import static org.aiorg.graph.GraphSnapshot.DOING;
import static org.aiorg.graph.GraphSnapshot.DONE;
import static org.aiorg.graph.GraphSnapshot.FAILED;
import static org.aiorg.graph.GraphSnapshot.TODO;

/** Tiny fluent helper for hand-made graphs in tests. */
final class G {
    private final GraphSnapshot.Builder b = GraphSnapshot.builder();
    private final List<String[]> edges = new ArrayList<>();
    private GraphSnapshot snapshot;

    G todo(String id) { return task(id, TODO, false, 1); }
    G todo(String id, double plan) { return task(id, TODO, false, plan); }
    G held(String id) { return task(id, TODO, true, 1); }
    G doing(String id) { return task(id, DOING, false, 1); }
    G doing(String id, double plan) { return task(id, DOING, false, plan); }
    G done(String id) { return task(id, DONE, false, 1); }
    G done(String id, double plan) { return task(id, DONE, false, plan); }
    G failed(String id) { return task(id, FAILED, false, 1); }
    G failed(String id, double plan) { return task(id, FAILED, false, plan); }

    G task(String id, byte status, boolean held, double plan) {
        b.add(id, status, held, plan);
        return this;
    }

    /** {@code a} depends on each of {@code on}. */
    G dep(String a, String... on) {
        for (String o : on) {
            edges.add(new String[]{a, o});
        }
        return this;
    }

    /** A chain where each id depends on the one before: chain("a","b","c") = b->a, c->b. */
    G chain(String... ids) {
        for (int i = 1; i < ids.length; i++) {
            dep(ids[i], ids[i - 1]);
        }
        return this;
    }

    GraphSnapshot snapshot() {
        if (snapshot == null) {
            for (String[] e : edges) {
                b.depend(e[0], e[1]);
            }
            snapshot = b.build();
        }
        return snapshot;
    }

    GraphAnalysis analyze() {
        return GraphAnalyzer.analyze(snapshot());
    }

    int idx(String id) {
        GraphSnapshot s = snapshot();
        for (int i = 0; i < s.size(); i++) {
            if (s.id(i).equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException(id);
    }

    List<String> ids(int[] idx) {
        List<String> out = new ArrayList<>();
        for (int i : idx) {
            out.add(snapshot().id(i));
        }
        return out;
    }
}
