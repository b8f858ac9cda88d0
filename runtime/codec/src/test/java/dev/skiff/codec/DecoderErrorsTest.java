package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.InputSchema;
import java.util.List;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

/** One test per error the decoders raise: code, status and a message naming the row (and column or line). */
class DecoderErrorsTest {
    private static final String CSV = "text/csv";
    private static final String JSON = "application/json";
    private static final String JSONL = "application/jsonlines";
    private static final InputSchema THREE = InputSchema.numeric(3);
    private static final InputSchema NAMED = InputSchema.named(List.of("a", "b", "c"), true);

    private static AbstractStringAssert<?> error(String type, InputSchema schema, String body) {
        return error(type, schema, Decoding.MAX_ROW_BYTES, body);
    }

    private static AbstractStringAssert<?> error(String type, InputSchema schema, int maxRowBytes, String body) {
        Decoding.Result r = Splits.decodeEveryWay(type, schema, maxRowBytes, Decoding.utf8(body));
        return assertThat(r.error()).as(r.toString()).isNotNull();
    }

    @Test
    void wrongFeatureCount() {
        error(CSV, THREE, "1,2,3\n4,5\n").isEqualTo("WRONG_FEATURE_COUNT 400 row 2: 2 features, expected 3");
        error(CSV, THREE, "1,2,3,\n").isEqualTo("WRONG_FEATURE_COUNT 400 row 1: 4 features, expected 3");
        error(JSON, THREE, "[[1,2,3],[4,5,6],[7]]").startsWith("WRONG_FEATURE_COUNT 400 row 3: 1 features");
        error(JSONL, THREE, "[1,2,3,4]").startsWith("WRONG_FEATURE_COUNT 400 row 1: 4 features, expected 3");
    }

    @Test
    void anyWidthIsFixedByTheFirstRow() {
        InputSchema any = InputSchema.numeric(InputSchema.ANY);
        error(CSV, any, "1,2\n3,4\n5,6,7\n")
                .isEqualTo("WRONG_FEATURE_COUNT 400 row 3: 3 features, expected 2 (the width of row 1)");
        error(JSON, any, "[[]]").isEqualTo("WRONG_FEATURE_COUNT 400 row 1: the row has no features");
    }

    @Test
    void notANumberNamesRowAndColumn() {
        error(CSV, THREE, "1,2,3\n4,abc,6\n").isEqualTo("NOT_A_NUMBER 400 row 2, column 2: 'abc' is not a number");
        error(CSV, THREE, "1,2,\"x,y\"\n").isEqualTo("NOT_A_NUMBER 400 row 1, column 3: 'x,y' is not a number");
        error(CSV, THREE, "1,2,0x10\n").startsWith("NOT_A_NUMBER 400 row 1, column 3:");
        error(CSV, THREE, "1,2,1.5f\n").startsWith("NOT_A_NUMBER 400 row 1, column 3:");
        error(CSV, NAMED, "1,2,3\n4,5,NA\n").isEqualTo("NOT_A_NUMBER 400 row 2, column c: 'NA' is not a number");
        error(JSON, THREE, "[[1,2,3],[4,true,6]]").startsWith("NOT_A_NUMBER 400 row 2, column 2: 'true'");
        error(JSON, NAMED, "[{\"b\": true}]").startsWith("NOT_A_NUMBER 400 row 1, column b: 'true'");
    }

    @Test
    void unknownFeatureIsNamed() {
        error(JSON, NAMED, "[{\"a\": 1}, {\"a\": 1, \"zz\": 2}]")
                .startsWith("UNKNOWN_FEATURE 400 row 2, column zz: unknown feature").contains("[a, b, c]");
        error(JSONL, NAMED, "{\"colour\": 1}").startsWith("UNKNOWN_FEATURE 400 row 1, column colour:");
    }

    @Test
    void namedRowsNeedSchemaNamesAndOneValueEach() {
        error(JSON, THREE, "{\"instances\": [{\"a\": 1}]}")
                .startsWith("INVALID_INPUT 400 row 1: named feature 'a' given, but the model's input schema has no");
        error(JSON, NAMED, "{\"a\": 1, \"a\": 2}").startsWith("INVALID_INPUT 400 row 1, column a: key given twice");
    }

    @Test
    void rowsMustHoldValues() {
        error(JSON, THREE, "[[1,[2],3]]").startsWith("INVALID_INPUT 400 row 1, column 2: a value must be a number");
        error(JSON, THREE, "[[1,2,3], 4]").startsWith("INVALID_INPUT 400 row 2: expected a row");
        error(JSON, THREE, "42").startsWith("INVALID_INPUT 400 row 1: expected a row");
        error(JSON, NAMED, "[{\"a\": {\"x\": 1}}]")
                .startsWith("INVALID_INPUT 400 row 1, column a: feature 'a' must be");
        error(JSON, NAMED, "{\"a\": [1]}").startsWith("INVALID_INPUT 400 row 1: 'a' holds an array or object");
        error(JSON, THREE, "{\"instances\": 5}").startsWith("INVALID_INPUT 400 row 1: 'instances' must be an array");
        error(JSONL, THREE, "[1,2,3]\n[[1,2,3]]\n").startsWith("INVALID_INPUT 400 row 2, column 1: a value must be");
    }

    @Test
    void malformedCsvNamesRowAndLine() {
        error(CSV, THREE, "1,2,3\n\"4,5,6\n").isEqualTo("MALFORMED_CSV 400 row 2, column 1: unterminated quoted field");
        error(CSV, THREE, "1,2,3\n4,5\"x,6\n")
                .isEqualTo("MALFORMED_CSV 400 row 2, column 2: a quote inside an unquoted field");
        error(CSV, THREE, "\n\n1,\"2\"x,3\n").isEqualTo("MALFORMED_CSV 400 row 1, column 2: a closing quote not"
                + " followed by a comma or the end of the record (line 3)");
        error(CSV, THREE, "1,\"a,\"\"b\"\"\"x\n").isEqualTo("MALFORMED_CSV 400 row 1, column 2: a closing quote not"
                + " followed by a comma or the end of the record");
        error(CSV, new InputSchema(3, List.of(), false), "1,\"a\nb\",3\n4,5,6\"\n")
                .isEqualTo("MALFORMED_CSV 400 row 2, column 3: a quote inside an unquoted field (line 3)");
    }

    @Test
    void invalidJsonNamesRowLineAndColumn() {
        error(JSON, THREE, "[[1,2,3],\n [4,5,]]")
                .startsWith("INVALID_JSON 400 row 2: invalid JSON at line 2, column 7:");
        error(JSON, THREE, "[[1,2,3],[4,5").startsWith("INVALID_JSON 400 row 2: invalid JSON at line 1, column 14:")
                .contains("end-of-input");
        error(JSON, THREE, "[1,2,3] [4,5,6]").isEqualTo(
                "INVALID_JSON 400 row 2: unexpected content after the end of the JSON document at line 1, column 9");
        error(JSON, THREE, "{\"instances\": [[1,2,3]]} x").startsWith("INVALID_JSON 400 row 2:");
    }

    @Test
    void invalidJsonLineNamesRowAndLine() {
        error(JSONL, THREE, "[1,2,3]\n\n[4,5 6]\n")
                .startsWith("INVALID_JSON 400 row 2: invalid JSON on line 3, column");
        error(JSONL, THREE, "[1,2,3] [4,5,6]\n")
                .isEqualTo("INVALID_JSON 400 row 2: more than one JSON value on line 1");
        error(JSONL, THREE, "[1,2,3]\n{\"features\": [1,2,3]\n")
                .startsWith("INVALID_JSON 400 row 2: invalid JSON on line 2");
    }

    @Test
    void rowTooLargeWithoutBufferingTheBody() {
        String big = "1,2,3\n" + "1".repeat(64) + ",2,3\n";
        error(CSV, THREE, 32, big).isEqualTo("ROW_TOO_LARGE 400 row 2: longer than 32 bytes");
        error(CSV, THREE, 32, "\n\n" + "9".repeat(100))
                .isEqualTo("ROW_TOO_LARGE 400 row 1: longer than 32 bytes (line 3)");
        error(CSV, THREE, 32, "\"" + "a".repeat(100)).startsWith("ROW_TOO_LARGE 400 row 1");
        // what lies past the limit is never scanned, so the error does not depend on how the bytes arrive
        error(CSV, THREE, 8, "123456789\"\n").isEqualTo("ROW_TOO_LARGE 400 row 1: longer than 8 bytes");
        error(JSON, THREE, 32, "[[1,2,3],[" + "1,".repeat(40) + "1]]")
                .isEqualTo("ROW_TOO_LARGE 400 row 2: longer than 32 bytes");
        error(JSON, THREE, 32, "[[\"" + "x".repeat(100) + "\"]]").startsWith("ROW_TOO_LARGE 400 row 1");
        error(JSONL, THREE, 32, "[1,2,3]\n[" + "1,".repeat(40))
                .isEqualTo("ROW_TOO_LARGE 400 row 2: line 2 is longer than 32 bytes");
    }

    @Test
    void rowsBeforeAnErrorAreStillBatched() {
        Decoding.Result r = Splits.decodeEveryWay(CSV, THREE, "1,2,3\n4,5,6\n7,8,9\nx,1,2\n");
        assertThat(r.batches()).containsExactly("1+2");
        assertThat(r.error()).startsWith("NOT_A_NUMBER 400 row 4, column 1");
    }
}
