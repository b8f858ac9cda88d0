package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.InputSchema;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

/**
 * The input categories that once got a wrong answer, each in every format it can take and every split of the body:
 * non-finite numbers, JSON strings where numbers belong, duplicate JSON keys, and errors that name row and column.
 */
class HostileInputTest {
    private static final String CSV = "text/csv";
    private static final String JSON = "application/json";
    private static final String JSONL = "application/jsonlines";
    private static final String LIBSVM = "text/libsvm";
    private static final InputSchema THREE = InputSchema.numeric(3);
    private static final InputSchema NAMED = InputSchema.named(List.of("a", "b", "c"), true);
    private static final InputSchema GENERAL = new InputSchema(3, List.of(), false);

    private static AbstractStringAssert<?> error(String type, InputSchema schema, String body) {
        Decoding.Result r = Splits.decodeEveryWay(type, schema, body);
        return assertThat(r.error()).as(r.toString()).isNotNull();
    }

    private static Decoding.Result accepted(String type, InputSchema schema, String body) {
        Decoding.Result r = Splits.decodeEveryWay(type, schema, body);
        assertThat(r.error()).as(r.toString()).isNull();
        return r;
    }

    @Test
    void infinitiesAreRefusedNamingRowAndColumn() {
        for (String inf : List.of("inf", "Infinity", "-Infinity", "+INF", "1e400", "-1e400")) {
            error(CSV, THREE, "1,2,3\n1," + inf + ",3\n").startsWith("NOT_A_NUMBER 400 row 2, column 2: ")
                    .contains("is not a finite");
            error(LIBSVM, THREE, "0 1:1\n0 2:" + inf + "\n").startsWith("NOT_A_NUMBER 400 row 2, column 2: ")
                    .contains("is not a finite");
            error(CSV, GENERAL, "1,x," + inf + "\n").startsWith("NOT_A_NUMBER 400 row 1, column 3: ")
                    .contains("is not a finite number");
        }
        error(JSON, THREE, "[[1,2,3],[1,2,1e400]]").startsWith("NOT_A_NUMBER 400 row 2, column 3: Infinity is not");
        error(JSONL, NAMED, "{\"a\": 1}\n{\"c\": -1e999}").startsWith("NOT_A_NUMBER 400 row 2, column c: -Infinity");
        error(JSON, GENERAL, "[[1, \"x\", 1e400]]").startsWith("NOT_A_NUMBER 400 row 1, column 3: Infinity");
    }

    @Test
    void numbersBeyondFloatAreRefusedWhereTheModelTakesFloats() {
        error(CSV, THREE, "1,2,3.5e38\n").isEqualTo("NOT_A_NUMBER 400 row 1, column 3: 3.5E38 is not a finite 32-bit"
                + " number (at most 3.4028235E38 in magnitude)");
        error(CSV, THREE, "\"1e39\",2,3\n").startsWith("NOT_A_NUMBER 400 row 1, column 1: 1.0E39 is not");
        error(JSON, THREE, "{\"instances\": [[1,2,3],[-1e39,2,3]]}").startsWith("NOT_A_NUMBER 400 row 2, column 1:");
        error(LIBSVM, THREE, "0 3:1e39\n").startsWith("NOT_A_NUMBER 400 row 1, column 3: 1e39 is not");
        // a model of doubles takes them
        assertThat(accepted(JSON, GENERAL, "[[1e39, \"x\", 3.4e38]]").rows())
                .containsExactly(Arrays.asList(1e39, "x", 3.4e38));
        assertThat(accepted(CSV, THREE, "3.4028235e38,-3.4e38,1e-50\n").rows())
                .containsExactly(Decoding.floats(Float.MAX_VALUE, -3.4e38f, 0f));
    }

    @Test
    void jsonStringsAreNotNumbers() {
        error(JSON, THREE, "[[1,\"0.5\",3]]").isEqualTo("NOT_A_NUMBER 400 row 1, column 2: the string \"0.5\" where a"
                + " number belongs (send numbers unquoted)");
        error(JSON, THREE, "{\"instances\": [[1,2,3], {\"features\": [1,2,\"\"]}]}")
                .startsWith("NOT_A_NUMBER 400 row 2, column 3: the string \"\"");
        error(JSONL, NAMED, "{\"a\": 1, \"b\": \"NaN\"}").startsWith("NOT_A_NUMBER 400 row 1, column b: the string");
        error(JSON, InputSchema.numeric(1), "{\"instances\": [1, \"2\"]}")
                .startsWith("NOT_A_NUMBER 400 row 2, column 1: the string \"2\"");
        // a model that takes text gets the strings as they are; CSV has no types, so its text is still parsed
        assertThat(accepted(JSON, GENERAL, "[[\"0.5\", \"\", null]]").rows())
                .containsExactly(Arrays.asList("0.5", "", null));
        assertThat(accepted(CSV, THREE, "\"0.5\",1,2\n").rows()).containsExactly(Decoding.floats(0.5f, 1, 2));
    }

    @Test
    void aJsonKeyGivenTwiceIsRefusedInEveryObject() {
        error(JSON, THREE, "{\"instances\": [[1,2,3]], \"instances\": [[4,5,6]]}")
                .isEqualTo("INVALID_INPUT 400 row 2, column instances: key given twice in one JSON object");
        error(JSON, NAMED, "[{\"a\": 1, \"b\": 2, \"a\": 3}]")
                .isEqualTo("INVALID_INPUT 400 row 1, column a: key given twice in one JSON object");
        error(JSONL, THREE, "{\"features\": [1,2,3], \"features\": [4,5,6]}")
                .startsWith("INVALID_INPUT 400 row 1, column features: key given twice");
        error(JSON, THREE, "{\"instances\": [[1,2,3]], \"meta\": {\"x\": 1, \"x\": 2}}")
                .startsWith("INVALID_INPUT 400 row 2, column x: key given twice");
        // the same key in different objects is fine
        assertThat(accepted(JSON, NAMED, "[{\"a\": 1}, {\"a\": 2}]").rows()).hasSize(2);
    }

    @Test
    void aKeyWithoutAValueIsInvalidJsonHoweverTheBodyIsCut() {
        byte[] body = Decoding.utf8("[[1,2,3], {\"a\":}]");
        for (int k = 0; k <= body.length; k++) {
            assertThat(Decoding.run(JSON, NAMED, Decoding.MAX_ROW_BYTES, body, new int[] {k}, false).error())
                    .as("cut at " + k).startsWith("INVALID_JSON 400 row 2");
        }
    }

    @Test
    void valueErrorsNameTheColumn() {
        error(JSON, THREE, "[[1,2,{}]]").startsWith("INVALID_INPUT 400 row 1, column 3: a value must be");
        error(JSON, NAMED, "[[1,[2],3]]").startsWith("INVALID_INPUT 400 row 1, column b: a value must be");
        error(JSON, THREE, "[{\"features\": [1,[2],3]}]").startsWith("INVALID_INPUT 400 row 1, column 2: a value");
        error(CSV, THREE, "1,2,3\n4,5,6x\"\n").startsWith("MALFORMED_CSV 400 row 2, column 3: a quote inside");
        error(CSV, THREE, "1,\"2\n").startsWith("MALFORMED_CSV 400 row 1, column 2: unterminated quoted field");
    }
}
