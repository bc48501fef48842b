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

/** {@link GraphAnalyzer#analyze} on a prebuilt snapshot. The fork's heap is capped at 600 MB. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx600m")
@State(Scope.Benchmark)
public class GraphAnalyzeBenchmark {

    @Param({"100000", "1000000"})
    public int tasks;

    private GraphSnapshot snapshot;

    @Setup(Level.Trial)
    public void setUp() {
        snapshot = DagRows.generate(tasks, 42).build(); // the rows themselves are dropped
    }

    @Benchmark
    public GraphAnalysis analyze() {
        return GraphAnalyzer.analyze(snapshot);
    }
}
