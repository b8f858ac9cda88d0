package dev.skiff.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.Batch;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.RequestContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Hooks around a model keep what belongs to the request: its context and the model's custom attributes. */
class LoadedModelTest {
    private final AtomicReference<RequestContext> seenByModel = new AtomicReference<>();
    private final Model model = new Model() {
        @Override
        public InputSchema inputSchema() {
            return InputSchema.numeric(1);
        }

        @Override
        public Predictions predict(Batch batch) {
            seenByModel.set(batch.context());
            return Predictions.scores(batch.dense().clone(), 1).withCustomAttributes("model=v3");
        }
    };
    private final RequestContext request = RequestContext.builder().inferenceId("r-1").customAttributes("k=v").build();

    @Test
    void aBatchRebuiltByAHookKeepsItsRequestAndTheModelsAttributesSurviveAHooksNewAnswer() throws Exception {
        ModelHooks hooks = new ModelHooks() {
            @Override
            public Batch preprocess(Batch batch) {
                return Batch.dense(batch.firstRow(), new float[] {batch.dense()[0] * 2}, 1);
            }

            @Override
            public Predictions postprocess(Batch batch, Predictions predictions) {
                return Predictions.of(List.of(batch.context().customAttributes() + ":" + predictions.get(0)));
            }
        };
        LoadedModel loaded = new LoadedModel("m", model, hooks, null);
        Predictions answer = loaded.predict(Batch.dense(1, new float[] {3}, 1).withContext(request));
        assertThat(seenByModel.get()).isSameAs(request);
        assertThat(answer.get(0)).isEqualTo("k=v:6.0");
        assertThat(answer.customAttributes()).isEqualTo("model=v3");
    }

    @Test
    void aHooksOwnAttributesWin() throws Exception {
        ModelHooks hooks = new ModelHooks() {
            @Override
            public Predictions postprocess(Batch batch, Predictions predictions) {
                return predictions.withCustomAttributes("hooked");
            }
        };
        LoadedModel loaded = new LoadedModel("m", model, hooks, null);
        assertThat(loaded.predict(Batch.dense(1, new float[] {3}, 1)).customAttributes()).isEqualTo("hooked");
        assertThat(seenByModel.get()).isSameAs(RequestContext.NONE);
    }
}
