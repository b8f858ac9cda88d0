package dev.skiff.codec;

import static dev.skiff.codec.Decoding.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.FeatureType;
import dev.skiff.spi.InputSchema;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MLflow's scoring-server request shapes, and typed schemas (an MLflow signature), fed split at every offset. */
class MlflowShapesTest {
    private static final InputSchema NAMED = InputSchema.named(List.of("a", "b", "c"), true);
    private static final InputSchema TYPED = NAMED.typed(List.of(FeatureType.NUMBER, FeatureType.LONG,
            FeatureType.BOOLEAN), Set.of("a", "b"));

    private static Decoding.Result decode(InputSchema schema, String body) {
        Decoding.Result r = Splits.decodeEveryWay("application/json", schema, body);
        assertThat(r.error()).isNull();
        return r;
    }

    private static String error(InputSchema schema, String type, String body) {
        Decoding.Result r = Splits.decodeEveryWay(type, schema, body);
        assertThat(r.error()).isNotNull();
        return r.error();
    }

    @Test
    void dataframeSplitNamesCellsByItsColumns() {
        Decoding.Result r = decode(NAMED, "{\"dataframe_split\": {\"columns\": [\"c\", \"a\", \"b\"], "
                + "\"index\": [0, 1], \"data\": [[3, 1, 2], [6, 4, null]]}}");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, Float.NaN, 6));
    }

    @Test
    void dataframeSplitWithoutColumnsIsPositional() {
        assertThat(decode(NAMED, "{\"dataframe_split\": {\"data\": [[1, 2, 3]]}}").rows())
                .containsExactly(floats(1, 2, 3));
    }

    @Test
    void dataframeRecordsInstancesAndInputsAreRows() {
        assertThat(decode(NAMED, "{\"dataframe_records\": [{\"b\": 2, \"a\": 1, \"c\": 3}, {\"a\": 4, \"b\": 5, "
                + "\"c\": 6}], \"params\": {\"x\": [1]}}").rows()).containsExactly(floats(1, 2, 3), floats(4, 5, 6));
        assertThat(decode(NAMED, "{\"inputs\": [[1, 2, 3], {\"c\": 6, \"b\": 5, \"a\": 4}]}").rows())
                .containsExactly(floats(1, 2, 3), floats(4, 5, 6));
        assertThat(decode(NAMED, "{\"instances\": [{\"a\": 1, \"b\": 2, \"c\": 3}]}").rows())
                .containsExactly(floats(1, 2, 3));
    }

    @Test
    void inputsAsAnObjectOfColumns() {
        Decoding.Result r = decode(NAMED, "{\"inputs\": {\"b\": [2, 5], \"a\": [1, 4], \"c\": [3, null]}}");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, 5, Float.NaN));
        assertThat(error(NAMED, "application/json", "{\"inputs\": {\"a\": [1, 2], \"b\": [3]}}"))
                .contains("column 'b' has 1 values");
    }

    @Test
    void exactlyOneShapeAndColumnsBeforeData() {
        assertThat(error(NAMED, "application/json", "{\"inputs\": [[1, 2, 3]], \"dataframe_records\": []}"))
                .contains("both 'inputs' and 'dataframe_records'");
        assertThat(error(NAMED, "application/json", "{\"dataframe_split\": {\"data\": [[1, 2, 3]], "
                + "\"columns\": [\"a\", \"b\", \"c\"]}}")).contains("'columns' must come before 'data'");
        assertThat(error(NAMED, "application/json", "{\"dataframe_split\": {\"columns\": [\"a\", \"b\"], "
                + "\"data\": [[1, 2, 3]]}}")).contains("WRONG_FEATURE_COUNT").contains("row 1");
        assertThat(error(NAMED, "application/json", "{\"dataframe_split\": [[1, 2, 3]]}"))
                .contains("'dataframe_split' must be an object");
    }

    @Test
    void typedFeaturesTakeTheirTypeAndRequiredOnesMustBeThere() {
        Decoding.Result r = decode(TYPED, "{\"dataframe_records\": [{\"a\": 0.5, \"b\": 7, \"c\": true}, "
                + "{\"a\": 1, \"b\": -2, \"c\": false}, {\"a\": 1, \"b\": 2}]}");
        assertThat(r.rows()).containsExactly(floats(0.5f, 7, 1), floats(1, -2, 0), floats(1, 2, Float.NaN));
        assertThat(Splits.decodeEveryWay("text/csv", TYPED, "0.5,7,true\n1,2,FALSE\n").rows())
                .containsExactly(floats(0.5f, 7, 1), floats(1, 2, 0));
    }

    @Test
    void aWrongTypeNamesRowAndFeature() {
        assertThat(error(TYPED, "application/json", "{\"inputs\": [[1, 2, true], [1, 2.5, true]]}"))
                .contains("WRONG_TYPE").contains("row 2, column b: 2.5 is not a whole number");
        assertThat(error(TYPED, "application/json", "{\"dataframe_records\": [{\"a\": 1, \"b\": 2, \"c\": 1}]}"))
                .contains("WRONG_TYPE").contains("row 1, column c: 1 is not true or false");
        // JSON is typed: a boolean is true or false, never the string "False" (as MLflow's schema enforcement says)
        String quoted = "{\"dataframe_records\": [{\"a\": 1, \"b\": 2, \"c\": \"False\"}]}";
        assertThat(error(TYPED, "application/json", quoted))
                .contains("WRONG_TYPE").contains("row 1, column c: the string \"False\" is not true or false");
        assertThat(error(TYPED, "text/csv", "1,2,true\n1,2,yes\n")).contains("row 2, column c: 'yes' is not true");
        assertThat(error(TYPED, "application/json", "{\"dataframe_records\": [{\"a\": \"x\", \"b\": 2}]}"))
                .contains("NOT_A_NUMBER").contains("row 1, column a");
        InputSchema int32 = NAMED.typed(List.of(FeatureType.INTEGER, FeatureType.NUMBER, FeatureType.NUMBER), Set.of());
        assertThat(error(int32, "text/csv", "3000000000,1,1\n")).contains("3000000000 is not a whole number within 32");
    }

    @Test
    void aMissingRequiredFeatureNamesIt() {
        assertThat(error(TYPED, "application/json", "{\"dataframe_records\": [{\"a\": 1, \"b\": 2}, {\"a\": 1}]}"))
                .contains("MISSING_FEATURE").contains("row 2, column b: required feature missing");
    }
}
