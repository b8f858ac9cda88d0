package dev.skiff.samples.tribuo.wine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WineHooksTest {
    private static final List<String> FEATURES = List.of("alcohol", "density", "pH", "colour");

    private final WineHooks hooks = new WineHooks();

    WineHooksTest() {
        hooks.inputSchema(InputSchema.named(FEATURES, false));
    }

    @Test
    void theSchemaPassesThroughButMustNameDensity() {
        InputSchema schema = InputSchema.named(FEATURES, false);
        assertThat(new WineHooks().inputSchema(schema)).isSameAs(schema);
        assertThatThrownBy(() -> new WineHooks().inputSchema(InputSchema.numeric(3)))
                .hasMessageContaining("named 'density' feature").hasMessageContaining("no feature names");
    }

    @Test
    void aDensityOutsideZeroToOneIsA400NamingRowAndField() {
        Batch batch = rows(new Object[] {12.0, 0.99, 3.2, 5.0}, new Object[] {12.0, 1.0, 3.2, 5.0});
        assertThatThrownBy(() -> hooks.validate(batch)).isInstanceOfSatisfying(SkiffException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.code().status()).isEqualTo(400);
            assertThat(e.row()).isEqualTo(2);
            assertThat(e.column()).isEqualTo("density");
            assertThat(e.getMessage()).isEqualTo("row 2, column density: density 1.0 is outside (0, 1)");
        });
        assertThatThrownBy(() -> hooks.validate(rows(new Object[] {12.0, 0.0, 3.2, 5.0})))
                .hasMessageContaining("density 0.0 is outside (0, 1)");
    }

    @Test
    void otherRangesAreCheckedAndUnknownFeaturesAreNot() {
        assertThatThrownBy(() -> hooks.validate(rows(new Object[] {12.0, 0.99, 15.0, -5.0})))
                .hasMessage("row 1, column pH: pH 15.0 is outside [0, 14]");
        assertThatThrownBy(() -> hooks.validate(rows(new Object[] {-1.0, 0.99, 3.0, 1.0})))
                .hasMessage("row 1, column alcohol: alcohol -1.0 is outside [0, 100]");
        Batch dense = Batch.dense(7, new float[] {12f, 0.99f, 3.2f, -5f, 12f, 1.5f, 3.2f, 1f}, 4);
        assertThatThrownBy(() -> hooks.validate(dense)).isInstanceOfSatisfying(SkiffException.class,
                e -> assertThat(e.row()).isEqualTo(8));
    }

    @Test
    void goodRowsGapsAndTextAreLeftToTheModel() {
        assertThatCode(() -> hooks.validate(rows(new Object[] {12.0, 0.99, 3.2, 5.0},
                new Object[] {null, null, "acid", null}))).doesNotThrowAnyException();
    }

    @Test
    void aRegressedQualityBecomesGoodOrBad() {
        Predictions out = hooks.postprocess(null, Predictions.of(List.of(6.0, 5.99, 7.4)));
        assertThat(out.get(0)).isEqualTo(Map.of("label", "good", "quality", 6.0));
        assertThat(out.get(1)).isEqualTo(Map.of("label", "bad", "quality", 5.99));
        assertThat(((Map<?, ?>) out.get(2)).get("label")).isEqualTo("good");
        assertThat(hooks.postprocess(null, Predictions.scores(new float[] {6.5f}, 1)).get(0))
                .isEqualTo(Map.of("label", "good", "quality", 6.5));
    }

    @Test
    void gradeScoresAreSummedIntoGoodAndBad() {
        Map<String, Double> grades = new LinkedHashMap<>();
        grades.put("4", 0.1);
        grades.put("5", 0.35);
        grades.put("6", 0.4);
        grades.put("7", 0.15);
        Predictions out = hooks.postprocess(null, Predictions.of(List.of(Map.of("label", "6", "scores", grades))));
        Map<?, ?> answer = (Map<?, ?>) out.get(0);
        assertThat(answer.get("label")).isEqualTo("good");
        Map<?, ?> scores = (Map<?, ?>) answer.get("scores");
        assertThat(new ArrayList<Object>(scores.keySet())).containsExactly("good", "bad");
        assertThat((Double) scores.get("good")).isCloseTo(0.55, within(1e-12));
        assertThat((Double) scores.get("bad")).isCloseTo(0.45, within(1e-12));
    }

    @Test
    void classesThatAreNotGradesKeepTheModelsAnswer() {
        Map<String, Object> answer = Map.of("label", "red", "scores", Map.of("red", 0.7, "white", 0.3));
        assertThat(hooks.postprocess(null, Predictions.of(List.of(answer))).get(0)).isSameAs(answer);
        assertThatThrownBy(() -> hooks.postprocess(null, Predictions.of(List.of("text"))))
                .hasMessageContaining("cannot read a prediction of type java.lang.String");
    }

    private static Batch rows(Object[]... rows) {
        return Batch.rows(1, new ArrayList<>(List.of(rows)), rows[0].length);
    }
}
