package org.aiorg.orchestrator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.aiorg.graph.AnalysedGraph;
import org.aiorg.graph.BlockReason;
import org.aiorg.graph.GraphAnalysis;
import org.aiorg.graph.GraphSnapshot;
import org.aiorg.graph.TaskState;

/** The orchestrator's readable report: what a person scanning a terminal wants to see. */
final class ReportFormat {

    private static final int MAX_BLOCKED_LINES = 20;

    private ReportFormat() {}

    static String render(Orchestrator.Report r) {
        GraphAnalysis a = r.graph().analysis();
        GraphSnapshot s = r.graph().snapshot();
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        for (int i = 0; i < s.size(); i++) {
            counts.merge(a.state(i), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        out.append("== tenant ").append(r.tenant()).append(": ").append(s.size()).append(" tasks ==\n");
        out.append(String.format("todo %d (ready %d, waiting %d, blocked %d), doing %d, done %d, failed %d%n",
                counts.getOrDefault(TaskState.READY, 0) + counts.getOrDefault(TaskState.WAITING, 0) + counts.getOrDefault(TaskState.BLOCKED, 0),
                counts.getOrDefault(TaskState.READY, 0), counts.getOrDefault(TaskState.WAITING, 0), counts.getOrDefault(TaskState.BLOCKED, 0),
                counts.getOrDefault(TaskState.DOING, 0), counts.getOrDefault(TaskState.DONE, 0), counts.getOrDefault(TaskState.FAILED, 0)));
        int[] blocked = a.blockedTasks();
        if (blocked.length > 0) {
            out.append("blocked:\n");
            for (int k = 0; k < Math.min(blocked.length, MAX_BLOCKED_LINES); k++) {
                int i = blocked[k];
                out.append("  ").append(s.id(i)).append("  ").append(shortLabel(r.graph(), i)).append("  <- ").append(reason(r.graph(), i)).append('\n');
            }
            if (blocked.length > MAX_BLOCKED_LINES) {
                out.append("  ... and ").append(blocked.length - MAX_BLOCKED_LINES).append(" more\n");
            }
        }
        if (a.criticalPath().isEmpty()) {
            out.append("critical path: none (no unfinished task)\n");
        } else {
            out.append(String.format("critical path: %d tasks, %.1f k tokens: %s%n", a.criticalPath().length(),
                    a.criticalPath().tokens(), String.join(" -> ", a.criticalPathIds())));
        }
        for (Alert alert : r.raised()) {
            out.append("ALERT ").append(alert.kind()).append(": ").append(alert.message()).append('\n');
        }
        return out.toString();
    }

    /** Why task {@code i} is blocked: its hold, or the failed tasks that block it. */
    static String reason(AnalysedGraph g, int i) {
        GraphAnalysis a = g.analysis();
        if (a.blockReason(i) == BlockReason.HELD) {
            String hold = g.rows().get(i).holdReason();
            return "held: " + (hold == null ? "on hold" : hold);
        }
        List<String> by = new ArrayList<>();
        for (int b : a.blockedBy(i)) {
            by.add(g.snapshot().id(b));
        }
        return "failed: " + String.join(", ", by) + (a.blockedByTruncated(i) ? ", ..." : "");
    }

    private static String shortLabel(AnalysedGraph g, int i) {
        String d = g.rows().get(i).description();
        return d.length() > 50 ? d.substring(0, 47) + "..." : d;
    }
}
