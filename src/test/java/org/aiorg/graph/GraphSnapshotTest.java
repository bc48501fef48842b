package org.aiorg.graph;

import org.junit.jupiter.api.Test;

import static org.aiorg.graph.GraphSnapshot.DOING;
import static org.aiorg.graph.GraphSnapshot.DONE;
import static org.aiorg.graph.GraphSnapshot.FAILED;
import static org.aiorg.graph.GraphSnapshot.TODO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphSnapshotTest {

    @Test
    void keepsInsertionOrderAndBuildsCsr() {
        GraphSnapshot s = GraphSnapshot.builder()
                .add("z", TODO, false, 3.5)
                .add("a", DONE, false, 0)
                .add("m", FAILED, true, 7)
                .add("b", DOING, false, 1)
                .depend("z", "m")
                .depend("b", "a")
                .depend("z", "a")
                .depend("m", "a")
                .build();
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.id(0)).isEqualTo("z");
        assertThat(s.id(3)).isEqualTo("b");
        assertThat(s.status(1)).isEqualTo(DONE);
        assertThat(s.held(2)).isTrue();
        assertThat(s.held(0)).isFalse();
        assertThat(s.tokensPlan(0)).isEqualTo(3.5);
        assertThat(s.edgeCount()).isEqualTo(4);
        // z depends on m then a, in declaration order
        assertThat(s.dependencies(0)).containsExactly(2, 1);
        assertThat(s.dependencies(1)).isEmpty();
        assertThat(s.dependencies(2)).containsExactly(1);
        assertThat(s.dependencies(3)).containsExactly(1);
        assertThat(s.depStart(0)).isZero();
        assertThat(s.depStart(4)).isEqualTo(4);
        assertThat(s.dependencyCount(0)).isEqualTo(2);
        for (int i = 0; i < s.size(); i++) {
            for (int k = s.depStart(i); k < s.depStart(i + 1); k++) {
                assertThat(s.dep(k)).isBetween(0, 3);
            }
        }
    }

    @Test
    void removesDuplicateEdges() {
        GraphSnapshot s = GraphSnapshot.builder(2, 1)
                .add("a", TODO, false, 1)
                .add("b", TODO, false, 1)
                .add("c", TODO, false, 1)
                .depend("a", "b").depend("a", "c").depend("a", "b").depend("c", "b").depend("a", "c")
                .build();
        assertThat(s.edgeCount()).isEqualTo(3);
        assertThat(s.dependencies(0)).containsExactly(1, 2);
        assertThat(s.dependencies(2)).containsExactly(1);
    }

    @Test
    void emptyGraph() {
        GraphSnapshot s = GraphSnapshot.builder().build();
        assertThat(s.size()).isZero();
        assertThat(s.edgeCount()).isZero();
        assertThat(s.depStart(0)).isZero();
    }

    @Test
    void growsPastInitialCapacity() {
        GraphSnapshot.Builder b = GraphSnapshot.builder(1, 1);
        for (int i = 0; i < 1000; i++) {
            b.add("t" + i, TODO, false, i);
            if (i > 0) {
                b.depend("t" + i, "t" + (i - 1));
            }
        }
        GraphSnapshot s = b.build();
        assertThat(s.size()).isEqualTo(1000);
        assertThat(s.edgeCount()).isEqualTo(999);
        assertThat(s.dependencies(999)).containsExactly(998);
        assertThat(s.tokensPlan(999)).isEqualTo(999);
    }

    @Test
    void rejectsUnknownIdsInEdges() {
        GraphSnapshot.Builder b = GraphSnapshot.builder().add("a", TODO, false, 1);
        assertThatThrownBy(() -> b.depend("a", "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> b.depend("nope", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void rejectsBadRows() {
        GraphSnapshot.Builder b = GraphSnapshot.builder().add("a", TODO, false, 1);
        assertThatThrownBy(() -> b.add("a", TODO, false, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> b.add("x", (byte) 4, false, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add("x", (byte) -1, false, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add("x", TODO, false, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add("x", TODO, false, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add("x", TODO, false, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add(null, TODO, false, 1)).isInstanceOf(NullPointerException.class);
        assertThat(b.size()).isEqualTo(1);
    }

    @Test
    void builderIsSingleUse() {
        GraphSnapshot.Builder b = GraphSnapshot.builder().add("a", TODO, false, 1);
        b.build();
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.add("b", TODO, false, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptsSelfDependencyForTheAnalyserToReport() {
        GraphSnapshot s = GraphSnapshot.builder().add("a", TODO, false, 1).depend("a", "a").build();
        assertThat(s.dependencies(0)).containsExactly(0);
    }

    @Test
    void statusNames() {
        assertThat(GraphSnapshot.statusName(TODO)).isEqualTo("todo");
        assertThat(GraphSnapshot.statusName(DOING)).isEqualTo("doing");
        assertThat(GraphSnapshot.statusName(DONE)).isEqualTo("done");
        assertThat(GraphSnapshot.statusName(FAILED)).isEqualTo("failed");
        assertThatThrownBy(() -> GraphSnapshot.statusName((byte) 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsWithCollidingHashCodesStillWork() {
        // "Aa" and "BB" have the same hashCode, so all 2^12 concatenations of 12 of them collide
        int k = 12;
        GraphSnapshot.Builder b = GraphSnapshot.builder();
        String[] ids = new String[1 << k];
        for (int x = 0; x < ids.length; x++) {
            StringBuilder sb = new StringBuilder();
            for (int bit = 0; bit < k; bit++) {
                sb.append((x >> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids[x] = sb.toString();
            assertThat(ids[x].hashCode()).isEqualTo(ids[0].hashCode());
            b.add(ids[x], TODO, false, 1);
        }
        assertThat(b.usesFallbackIndex()).isTrue();
        for (int x = 1; x < ids.length; x++) {
            b.depend(ids[x], ids[x - 1]);
        }
        assertThatThrownBy(() -> b.add(ids[7], TODO, false, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.depend(ids[7], "AaAa")).isInstanceOf(IllegalArgumentException.class);
        GraphSnapshot s = b.build();
        assertThat(s.size()).isEqualTo(ids.length);
        assertThat(s.dependencies(ids.length - 1)).containsExactly(ids.length - 2);
        assertThat(s.id(123)).isEqualTo(ids[123]);
    }

    @Test
    void ordinaryIdsKeepTheIntTable() {
        GraphSnapshot.Builder b = GraphSnapshot.builder(10, 10);
        for (int i = 0; i < 1_000_000; i++) {
            b.add("task-" + i, TODO, false, 1);
        }
        for (int i = 1; i < 1_000_000; i++) {
            b.depend("task-" + i, "task-" + (i / 2));
        }
        assertThat(b.usesFallbackIndex()).isFalse();
        assertThat(b.build().dependencies(999_999)).containsExactly(499_999);
    }
}
