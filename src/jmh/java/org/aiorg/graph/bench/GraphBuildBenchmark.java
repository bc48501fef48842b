package org.aiorg.graph.bench;

import org.aiorg.graph.GraphAnalysis;
import org.aiorg.graph.GraphAnalyzer;
import org.aiorg.graph.GraphSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Building the snapshot from rows (ids, statuses, edges by id) with {@link GraphSnapshot.Builder}, and
 * build followed by analysis. The rows stay in the heap throughout, as a result set would; the fork's heap
 * is capped at 600 MB.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx600m")
@State(Scope.Benchmark)
public class GraphBuildBenchmark {

    @Param({"100000", "1000000"})
    public int tasks;

    private DagRows rows;

    @Setup(Level.Trial)
    public void setUp() {
        rows = DagRows.generate(tasks, 42);
    }

    @Benchmark
    public GraphSnapshot build() {
        return rows.build();
    }

    @Benchmark
    public GraphAnalysis buildAndAnalyze() {
        return GraphAnalyzer.analyze(rows.build());
    }
}
