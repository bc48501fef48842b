package org.aiorg.graph.bench;

import org.aiorg.graph.GraphAnalysis;
import org.aiorg.graph.GraphAnalyzer;
import org.aiorg.graph.GraphSnapshot;

/**
 * Prints the retained heap of the generated rows, of a snapshot and of its analysis, measured after full GCs.
 * Run it under a heap cap (e.g. -Xmx600m) to show that generation + build + analysis fit.
 * Args: [tasks (default 1000000)].
 */
public final class HeapFootprint {

    private HeapFootprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Runtime rt = Runtime.getRuntime();
        long base = used();
        DagRows rows = DagRows.generate(n, 42);
        long withRows = used();
        long t0 = System.nanoTime();
        GraphSnapshot snapshot = rows.build();
        long t1 = System.nanoTime();
        int edges = rows.edges;
        rows = null; // the snapshot keeps the id strings
        long withSnapshot = used();
        long t2 = System.nanoTime();
        GraphAnalysis analysis = GraphAnalyzer.analyze(snapshot);
        long t3 = System.nanoTime();
        long withAnalysis = used();
        System.out.printf("tasks=%d generated edges=%d snapshot edges=%d maxHeap=%d MB%n",
                n, edges, snapshot.edgeCount(), rt.maxMemory() >> 20);
        System.out.printf("rows (generator arrays + id strings): %d MB%n", mb(withRows - base));
        System.out.printf("snapshot retained (incl. id strings):  %d MB%n", mb(withSnapshot - base));
        System.out.printf("analysis retained:                    %d MB%n", mb(withAnalysis - withSnapshot));
        System.out.printf("single cold run: build %d ms, analyze %d ms%n", (t1 - t0) / 1_000_000, (t3 - t2) / 1_000_000);
        System.out.printf("ready=%d waiting=%d blocked=%d critical path: %d tasks, %.0f tokens%n",
                analysis.readyCount(), analysis.waitingCount(), analysis.blockedCount(),
                analysis.criticalPath().length(), analysis.criticalPath().tokens());
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long mb(long bytes) {
        return Math.round(bytes / 1048576.0);
    }
}
