package dev.skiff.train;

import dev.skiff.spi.Hyperparameters;
import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HyperparametersTest {
    private final Hyperparameters hp = new Hyperparameters(Map.of(
            "max_depth", "6", "eta", " 0.3 ", "tiny", "1e-5", "early", "True", "name", "churn",
            "bad_depth", "abc", "huge", "99999999999", "half", "2.5", "maybe", "perhaps", "inf", "1e999"));

    @Test
    void parsesTypedValuesAndDefaults() {
        assertThat(hp.integer("max_depth", 3)).isEqualTo(6);
        assertThat(hp.integer("absent", 3)).isEqualTo(3);
        assertThat(hp.decimal("eta", 1)).isEqualTo(0.3);
        assertThat(hp.decimal("tiny", 1)).isEqualTo(1e-5);
        assertThat(hp.decimal("max_depth", 1)).isEqualTo(6.0);
        assertThat(hp.bool("early", false)).isTrue();
        assertThat(hp.bool("absent", true)).isTrue();
        assertThat(hp.string("name", "x")).isEqualTo("churn");
        assertThat(hp.requiredString("name")).isEqualTo("churn");
        assertThat(hp.asMap()).containsKeys("max_depth", "eta");
    }

    @Test
    void errorsNameKeyValueAndExpectation() {
        assertThatThrownBy(() -> hp.integer("bad_depth", 3)).isInstanceOf(TrainingException.class)
                .hasMessage("hyperparameter bad_depth='abc' is not an integer");
        assertThatThrownBy(() -> hp.requiredInteger("half"))
                .hasMessage("hyperparameter half='2.5' is not an integer");
        assertThatThrownBy(() -> hp.requiredInteger("huge"))
                .hasMessage("hyperparameter huge='99999999999' is not an integer in [-2147483648, 2147483647]");
        assertThatThrownBy(() -> hp.decimal("name", 1)).hasMessage("hyperparameter name='churn' is not a number");
        assertThatThrownBy(() -> hp.decimal("inf", 1)).hasMessage("hyperparameter inf='1e999' is not a finite number");
        assertThatThrownBy(() -> hp.bool("maybe", true))
                .hasMessage("hyperparameter maybe='perhaps' is not true or false");
        assertThatThrownBy(() -> hp.requiredDecimal("absent"))
                .hasMessage("hyperparameter 'absent' is required but not set: add it to the training job's"
                        + " HyperParameters");
    }
}
