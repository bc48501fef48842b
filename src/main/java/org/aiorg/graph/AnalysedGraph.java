package org.aiorg.graph;

import java.util.List;
import org.aiorg.task.GraphRow;
import org.aiorg.task.Tasks;

/** A tenant's graph as read, its compact snapshot (same task order) and the analysis of it. */
public record AnalysedGraph(Tasks.Graph graph, GraphSnapshot snapshot, GraphAnalysis analysis) {

    public List<GraphRow> rows() {
        return graph.tasks();
    }

    static AnalysedGraph of(Tasks.Graph graph) {
        GraphSnapshot.Builder b = GraphSnapshot.builder(graph.tasks().size(), graph.edges().size());
        for (GraphRow r : graph.tasks()) {
            b.add(r.id(), switch (r.status()) {
                case TODO -> GraphSnapshot.TODO;
                case DOING -> GraphSnapshot.DOING;
                case DONE -> GraphSnapshot.DONE;
                case FAILED -> GraphSnapshot.FAILED;
            }, r.holdReason() != null, r.tokensPlan());
        }
        for (String[] e : graph.edges()) {
            b.depend(e[0], e[1]);
        }
        GraphSnapshot snapshot = b.build();
        return new AnalysedGraph(graph, snapshot, GraphAnalyzer.analyze(snapshot));
    }
}
