package dev.skiff.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Predictions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows of several requests made into one batch, and a merged answer cut back into each request's. */
class MergingTest {
    @Test
    void denseRowsAreConcatenatedInOrderAndNumberedFromOne() {
        Batch merged = Merging.merge(List.of(Batch.dense(1, new float[] {1, 2, 3, 4}, 2),
                Batch.dense(7, new float[] {5, 6}, 2)));
        assertThat(merged.firstRow()).isEqualTo(1);
        assertThat(merged.context()).isSameAs(dev.skiff.spi.RequestContext.NONE);
        assertThat(merged.size()).isEqualTo(3);
        assertThat(merged.dense()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void generalRowsAreConcatenatedInOrder() {
        Batch merged = Merging.merge(List.of(Batch.rows(1, List.<Object[]>of(new Object[] {"a", 1.0}), 2),
                Batch.rows(1, List.of(new Object[] {"b", null}, new Object[] {"c", 3.0}), 2)));
        assertThat(merged.size()).isEqualTo(3);
        assertThat(Arrays.asList(merged.row(1))).containsExactly("b", null);
        assertThat(Arrays.asList(merged.row(2))).containsExactly("c", 3.0);
    }

    @Test
    void onlyBatchesOfOneKindAndWidthMerge() {
        Batch dense = Batch.dense(1, new float[] {1, 2}, 2);
        assertThat(Merging.canMerge(List.of(dense, Batch.dense(1, new float[] {3, 4}, 2)))).isTrue();
        assertThat(Merging.canMerge(List.of(dense, Batch.dense(1, new float[] {3, 4}, 1)))).isFalse();
        assertThat(Merging.canMerge(List.of(dense, Batch.rows(1, List.<Object[]>of(new Object[] {1.0, 2.0}), 2))))
                .isFalse();
    }

    @Test
    void slicesKeepWidthNamesAndValues() {
        Predictions vectors = Predictions.scores(new float[] {1, 2, 3, 4, 5, 6}, 2);
        Predictions middle = Merging.slice(vectors, 1, 2);
        assertThat(middle.width()).isEqualTo(2);
        assertThat(middle.scores()).containsExactly(3, 4, 5, 6);

        Predictions named = Merging.slice(Predictions.named(new float[] {0.1f, 0.9f}, List.of("score")), 1, 1);
        assertThat(named.names()).containsExactly("score");
        assertThat(named.scores()).containsExactly(0.9f);

        Predictions labels = Merging.slice(Predictions.of(Arrays.asList("a", null, "c")), 1, 2);
        assertThat(labels.size()).isEqualTo(2);
        assertThat(labels.get(0)).isNull();
        assertThat(labels.get(1)).isEqualTo("c");
    }

    @Test
    void eachSliceKeepsTheMergedAnswersCustomAttributes() {
        Predictions all = Predictions.scores(new float[] {1, 2, 3}, 1).withCustomAttributes("model=v3");
        assertThat(Merging.slice(all, 2, 1).customAttributes()).isEqualTo("model=v3");
        assertThat(Merging.slice(Predictions.scores(new float[] {1, 2}, 1), 0, 1).customAttributes()).isEmpty();
    }
}
