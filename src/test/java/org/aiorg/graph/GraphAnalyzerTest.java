package org.aiorg.graph;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.aiorg.graph.GraphSnapshot.DONE;
import static org.aiorg.graph.GraphSnapshot.TODO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GraphAnalyzerTest {

    // ---------------------------------------------------------------- blocked / waiting / ready

    @Test
    void failedDependencyBlocksItsTransitiveDependants() {
        G g = new G().failed("f").todo("a").todo("b").todo("c").todo("free")
                .chain("f", "a", "b", "c");
        GraphAnalysis r = g.analyze();
        for (String id : List.of("a", "b", "c")) {
            int i = g.idx(id);
            assertThat(r.isBlocked(i)).as(id).isTrue();
            assertThat(r.state(i)).isEqualTo(TaskState.BLOCKED);
            assertThat(r.blockReason(i)).isEqualTo(BlockReason.DEPENDENCY_FAILED);
            assertThat(g.ids(r.blockedBy(i))).containsExactly("f");
            assertThat(r.blockedByTruncated(i)).isFalse();
        }
        assertThat(r.isReady(g.idx("free"))).isTrue();
        assertThat(r.blockedCount()).isEqualTo(3);
        assertThat(r.readyCount()).isEqualTo(1);
        assertThat(r.waitingCount()).isZero();
    }

    @Test
    void failureReachedThroughAnyPathBlocks() {
        // d depends on x (ready chain) and on y, y depends on z, z on the failed task
        G g = new G().done("x").failed("f").todo("z").todo("y").todo("d")
                .dep("z", "f").dep("y", "z").dep("d", "x", "y");
        GraphAnalysis r = g.analyze();
        assertThat(r.blockReason(g.idx("d"))).isEqualTo(BlockReason.DEPENDENCY_FAILED);
        assertThat(g.ids(r.blockedBy(g.idx("d")))).containsExactly("f");
    }

    @Test
    void failureDoesNotPropagateThroughDoneOrDoingTasks() {
        G g = new G().failed("f").done("d").doing("w").todo("afterDone").todo("afterDoing")
                .dep("d", "f").dep("w", "f").dep("afterDone", "d").dep("afterDoing", "w");
        GraphAnalysis r = g.analyze();
        assertThat(r.state(g.idx("afterDone"))).isEqualTo(TaskState.READY);
        assertThat(r.state(g.idx("afterDoing"))).isEqualTo(TaskState.WAITING);
        assertThat(r.blockedBy(g.idx("afterDoing"))).isEmpty();
        assertThat(r.blockReason(g.idx("afterDoing"))).isNull();
    }

    @Test
    void heldTaskIsBlockedButItsDependantsOnlyWait() {
        G g = new G().held("h").todo("after").todo("afterAfter").chain("h", "after", "afterAfter");
        GraphAnalysis r = g.analyze();
        int h = g.idx("h");
        assertThat(r.isBlocked(h)).isTrue();
        assertThat(r.blockReason(h)).isEqualTo(BlockReason.HELD);
        assertThat(r.blockedBy(h)).isEmpty();
        assertThat(r.isReady(h)).isFalse();
        assertThat(r.state(g.idx("after"))).isEqualTo(TaskState.WAITING);
        assertThat(r.state(g.idx("afterAfter"))).isEqualTo(TaskState.WAITING);
    }

    @Test
    void heldTaskBehindFailedDependencyReportsTheFailure() {
        G g = new G().failed("f").held("h").todo("after").chain("f", "h", "after");
        GraphAnalysis r = g.analyze();
        assertThat(r.blockReason(g.idx("h"))).isEqualTo(BlockReason.DEPENDENCY_FAILED);
        assertThat(g.ids(r.blockedBy(g.idx("h")))).containsExactly("f");
        // the failure still propagates through the held todo task
        assertThat(r.blockReason(g.idx("after"))).isEqualTo(BlockReason.DEPENDENCY_FAILED);
        assertThat(g.ids(r.blockedBy(g.idx("after")))).containsExactly("f");
    }

    @Test
    void heldFlagOnNonTodoTasksIsIgnored() {
        G g = new G().task("d", DONE, true, 1).task("x", GraphSnapshot.DOING, true, 1).todo("a").dep("a", "d");
        GraphAnalysis r = g.analyze();
        assertThat(r.state(g.idx("d"))).isEqualTo(TaskState.DONE);
        assertThat(r.state(g.idx("x"))).isEqualTo(TaskState.DOING);
        assertThat(r.isReady(g.idx("a"))).isTrue();
    }

    @Test
    void readyVersusWaiting() {
        G g = new G().done("d1").done("d2").todo("noDeps").todo("allDone").todo("oneTodo").doing("w").todo("oneDoing")
                .dep("allDone", "d1", "d2").dep("oneTodo", "d1", "noDeps").dep("oneDoing", "d2", "w");
        GraphAnalysis r = g.analyze();
        assertThat(r.isReady(g.idx("noDeps"))).isTrue();
        assertThat(r.isReady(g.idx("allDone"))).isTrue();
        assertThat(r.isWaiting(g.idx("oneTodo"))).isTrue();
        assertThat(r.isWaiting(g.idx("oneDoing"))).isTrue();
        assertThat(g.ids(r.readyTasks())).containsExactly("noDeps", "allDone");
        assertThat(g.ids(r.waitingTasks())).containsExactly("oneTodo", "oneDoing");
        assertThat(r.blockedTasks()).isEmpty();
    }

    @Test
    void doingDoneAndFailedAreInNoSet() {
        G g = new G().doing("w").done("d").failed("f");
        GraphAnalysis r = g.analyze();
        assertThat(r.state(0)).isEqualTo(TaskState.DOING);
        assertThat(r.state(1)).isEqualTo(TaskState.DONE);
        assertThat(r.state(2)).isEqualTo(TaskState.FAILED);
        for (int i = 0; i < 3; i++) {
            assertThat(r.isReady(i) || r.isWaiting(i) || r.isBlocked(i)).isFalse();
            assertThat(r.blockReason(i)).isNull();
        }
        assertThat(r.readyCount() + r.waitingCount() + r.blockedCount()).isZero();
    }

    @Test
    void blockersAreTheFiveSmallestIndicesAndTruncationIsFlagged() {
        G g = new G();
        for (int i = 0; i < 7; i++) {
            g.failed("f" + i);
        }
        g.todo("mid").todo("top").todo("few");
        // mid depends on f6, f5, f4; top depends on mid and f0, f3, f1: 7 distinct failures reach top
        g.dep("mid", "f6", "f5", "f4").dep("top", "mid", "f0", "f3", "f1").dep("few", "f2", "f2");
        GraphAnalysis r = g.analyze();
        assertThat(g.ids(r.blockedBy(g.idx("mid")))).containsExactly("f4", "f5", "f6");
        assertThat(r.blockedByTruncated(g.idx("mid"))).isFalse();
        assertThat(g.ids(r.blockedBy(g.idx("top")))).containsExactly("f0", "f1", "f3", "f4", "f5");
        assertThat(r.blockedByTruncated(g.idx("top"))).isTrue();
        assertThat(g.ids(r.blockedBy(g.idx("few")))).containsExactly("f2");
    }

    @Test
    void truncationPropagates() {
        G g = new G();
        for (int i = 0; i < 6; i++) {
            g.failed("f" + i);
        }
        g.todo("a").todo("b").dep("a", "f0", "f1", "f2", "f3", "f4", "f5").dep("b", "a");
        GraphAnalysis r = g.analyze();
        assertThat(r.blockedBy(g.idx("b"))).hasSize(5);
        assertThat(r.blockedByTruncated(g.idx("b"))).isTrue();
    }

    @Test
    void diamondCountsEachFailureOnce() {
        G g = new G().failed("f").todo("l").todo("r").todo("top").dep("l", "f").dep("r", "f").dep("top", "l", "r");
        GraphAnalysis r = g.analyze();
        assertThat(g.ids(r.blockedBy(g.idx("top")))).containsExactly("f");
        assertThat(r.blockedByTruncated(g.idx("top"))).isFalse();
    }

    @Test
    void emptyGraph() {
        GraphAnalysis r = GraphAnalyzer.analyze(GraphSnapshot.builder().build());
        assertThat(r.size()).isZero();
        assertThat(r.criticalPath().isEmpty()).isTrue();
        assertThat(r.criticalPath().length()).isZero();
        assertThat(r.criticalPath().tokens()).isZero();
        assertThat(r.criticalPathIds()).isEmpty();
    }

    // ---------------------------------------------------------------- critical path

    @Test
    void criticalPathIsTheHeaviestChainOfUnfinishedTasks() {
        G g = new G().todo("a", 1).todo("b", 10).todo("c", 1).todo("d", 1).todo("e", 1).todo("f", 1)
                .chain("a", "b", "c")      // 12 tokens, 3 tasks
                .chain("d", "e", "f");     // 3 tokens, 3 tasks
        g.dep("f", "a");                   // a, f: 2
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPathIds()).containsExactly("a", "b", "c");
        assertThat(r.criticalPath().tokens()).isEqualTo(12.0);
        assertThat(r.criticalPath().length()).isEqualTo(3);
        assertThat(r.isCritical(g.idx("b"))).isTrue();
        assertThat(r.isCritical(g.idx("e"))).isFalse();
        assertThat(r.criticalPath().tasks()).containsExactly(g.idx("a"), g.idx("b"), g.idx("c"));
        assertThat(r.criticalPath().task(0)).isEqualTo(g.idx("a"));
    }

    @Test
    void criticalPathOnlyPassesThroughUnfinishedTasks() {
        // a(todo) <- m(done, huge) <- z(todo): the chain is cut at m
        G g = new G().todo("a", 5).done("m", 100).todo("z", 4).doing("w", 3).failed("f", 50).todo("after", 1)
                .chain("a", "m", "z").dep("w", "z").dep("after", "f");
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPathIds()).containsExactly("z", "w"); // 7 > 5 (a) > 1 (after: f is failed, not counted)
        assertThat(r.criticalPath().tokens()).isEqualTo(7.0);
        assertThat(r.isCritical(g.idx("m"))).isFalse();
    }

    @Test
    void blockedTasksCountAsUnfinishedWork() {
        G g = new G().failed("f").todo("a", 3).held("h").todo("b", 3).dep("a", "f").chain("a", "h", "b");
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPathIds()).containsExactly("a", "h", "b");
        assertThat(r.criticalPath().tokens()).isEqualTo(7.0);
    }

    @Test
    void tieOnTokensGoesToTheLongerChain() {
        G g = new G().todo("a", 4).todo("b", 2).todo("c", 2).chain("b", "c");
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPathIds()).containsExactly("b", "c");
    }

    @Test
    void zeroTokenTasksStillExtendTheChain() {
        G g = new G().todo("x", 0).todo("a", 3).todo("y", 0).chain("x", "a", "y");
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPathIds()).containsExactly("x", "a", "y");
        assertThat(r.criticalPath().tokens()).isEqualTo(3.0);
    }

    @Test
    void tieOnTokensAndLengthGoesToTheSmallerIdSequence() {
        G g = new G().todo("q", 1).todo("r", 1).todo("b", 1).todo("a", 1).chain("q", "r").chain("b", "a");
        GraphAnalysis r = g.analyze();
        // [b, a] < [q, r]: compared from the root
        assertThat(r.criticalPathIds()).containsExactly("b", "a");
    }

    @Test
    void lexicographicTieBreakLooksPastACommonPrefix() {
        // root r branches to y and x, each followed by one more task; all weigh 1
        G g = new G().todo("r", 1).todo("y", 1).todo("x", 1).todo("a", 1).todo("b", 1)
                .chain("r", "y", "a").chain("r", "x", "b");
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPathIds()).containsExactly("r", "x", "b");
    }

    @Test
    void lexicographicTieBreakComparesFromTheRootNotFromTheEnd() {
        // two chains ending in the same task: [b, z, end] and [c, a, end]; [b, ...] wins although a < z
        G g = new G().todo("b", 1).todo("z", 1).todo("c", 1).todo("a", 1).todo("end", 1)
                .chain("b", "z", "end").chain("c", "a", "end");
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPathIds()).containsExactly("b", "z", "end");
    }

    @Test
    void criticalPathEmptyWhenEverythingIsFinished() {
        G g = new G().done("a").failed("b").dep("b", "a");
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPath().isEmpty()).isTrue();
        assertThat(r.isCritical(0)).isFalse();
    }

    @Test
    void singleUnfinishedTaskIsTheCriticalPath() {
        G g = new G().done("a").doing("b", 2.5).dep("b", "a");
        GraphAnalysis r = g.analyze();
        assertThat(r.criticalPathIds()).containsExactly("b");
        assertThat(r.criticalPath().tokens()).isEqualTo(2.5);
    }

    // ---------------------------------------------------------------- cycles and size

    @Test
    void cycleIsReportedWithItsIds() {
        G g = new G().todo("a").todo("b").todo("c").todo("d").dep("a", "b").dep("b", "c").dep("c", "a").dep("d", "a");
        GraphCycleException e = catchThrowableOfType(GraphCycleException.class, g::analyze);
        assertThat(e).isNotNull();
        assertThat(e.cycle()).containsExactly("a", "b", "c", "a");
        assertThat(e).hasMessage("dependency cycle: a -> b -> c -> a");
    }

    @Test
    void selfDependencyIsACycle() {
        G g = new G().todo("a").todo("s").dep("s", "s");
        assertThatThrownBy(g::analyze).isInstanceOf(GraphCycleException.class)
                .hasMessage("dependency cycle: s -> s");
    }

    @Test
    void cycleAmongFinishedTasksIsStillACycle() {
        G g = new G().done("a").done("b").dep("a", "b").dep("b", "a");
        GraphCycleException e = catchThrowableOfType(GraphCycleException.class, g::analyze);
        assertThat(e.cycle()).containsExactly("a", "b", "a");
    }

    @Test
    void cycleAtTheEndOfALongChainIsFoundWithoutRecursion() {
        int n = 200_000;
        GraphSnapshot.Builder b = GraphSnapshot.builder(n, n);
        for (int i = 0; i < n; i++) {
            b.add("t" + i, TODO, false, 1);
        }
        for (int i = 0; i < n - 1; i++) {
            b.depend("t" + i, "t" + (i + 1));
        }
        b.depend("t" + (n - 1), "t" + (n - 3));
        GraphCycleException e = catchThrowableOfType(GraphCycleException.class, () -> GraphAnalyzer.analyze(b.build()));
        assertThat(e.cycle()).containsExactly("t" + (n - 3), "t" + (n - 2), "t" + (n - 1), "t" + (n - 3));
    }

    @Test
    void chainOfAMillionTasksNeedsNoRecursion() {
        int n = 1_000_000;
        GraphSnapshot.Builder b = GraphSnapshot.builder(n, n);
        for (int i = 0; i < n; i++) {
            b.add(Integer.toString(i), i == n - 1 ? GraphSnapshot.FAILED : TODO, false, 1);
        }
        // task i depends on task i + 1, so the search from task 0 goes a million deep
        for (int i = 0; i < n - 1; i++) {
            b.depend(Integer.toString(i), Integer.toString(i + 1));
        }
        GraphAnalysis r = GraphAnalyzer.analyze(b.build());
        assertThat(r.blockedCount()).isEqualTo(n - 1);
        assertThat(r.blockedBy(0)).containsExactly(n - 1);
        assertThat(r.criticalPath().length()).isEqualTo(n - 1);
        assertThat(r.criticalPath().task(0)).isEqualTo(n - 2);
        assertThat(r.criticalPath().task(n - 2)).isZero();
        assertThat(r.criticalPath().tokens()).isEqualTo(n - 1.0);
    }
}
