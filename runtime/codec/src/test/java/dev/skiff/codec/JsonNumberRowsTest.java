package dev.skiff.codec;

import static dev.skiff.codec.Decoding.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.InputSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows of numbers after the first row of an array of rows are read by {@link JsonNumberRows}, not by Jackson, when
 * they are complete in the bytes at hand. Decoding every body whole, cut at every byte and byte by byte (where
 * Jackson reads every row) must give the same rows and the same error, word for word: what JSON refuses is left
 * to Jackson, and the blanked bytes keep Jackson's line and column numbers.
 */
class JsonNumberRowsTest {
    private static final String JSON = "application/json";
    private static final InputSchema TWO = InputSchema.numeric(2);
    private static final InputSchema NAMED = InputSchema.named(List.of("a", "b"), true);

    private static Decoding.Result decode(InputSchema schema, String body) {
        return Splits.decodeEveryWay(JSON, schema, body);
    }

    @Test
    void rowsOfNumbersInEveryJsonSpellingGiveTheSameRowsAsJackson() {
        Decoding.Result r = decode(TWO, "{\"instances\": [[1, 2], [-0, 0.5],[1e2,1E-2] ,\n\t[ -1.5e+3 , "
                + "12345678901234567890 ]\r\n, [0.1, 3.4028234e38]], \"after\": [1, 2]}");
        assertThat(r.error()).isNull();
        assertThat(r.rows()).containsExactly(floats(1, 2), floats(-0f, 0.5f), floats(100, 0.01f),
                floats(-1500, 1.2345679E19f), floats(0.1f, 3.4028234e38f));
        assertThat(decode(TWO, "[[1,2],[3,4],[5,6]]").rows()).containsExactly(floats(1, 2), floats(3, 4),
                floats(5, 6));
    }

    @Test
    void whatJsonRefusesIsRefusedInEverySplitWithJacksonsWords() {
        for (String bad : new String[] {"[[1,2],[3,4],]", "[[1,2],[01,4]]", "[[1,2],[+1,4]]", "[[1,2],[.5,4]]",
            "[[1,2],[5.,4]]", "[[1,2],[1e,4]]", "[[1,2],[-,4]]", "[[1,2],[1,,4]]", "[[1,2],[1 2]]", "[[1,2] [3,4]]",
            "[[1,2],[3,4]", "[[1,2],\n[3,4],\n[5,6]]]", "[[1,2],[NaN,4]]", "[[1,2],[1,2]x]"}) {
            Decoding.Result r = decode(TWO, bad);
            assertThat(r.error()).as(bad).startsWith("INVALID_JSON 400");
        }
    }

    @Test
    void rowsThatAreNotAllNumbersAreLeftToJackson() {
        Decoding.Result r = decode(InputSchema.numeric(InputSchema.ANY), "[[1,2],[3,null],[5,6],[7,8]]");
        assertThat(r.rows()).containsExactly(floats(1, 2), floats(3, Float.NaN), floats(5, 6), floats(7, 8));
        assertThat(decode(TWO, "[[1,2],[3,4],[\"5\",6]]").error())
                .isEqualTo("NOT_A_NUMBER 400 row 3, column 1: the string \"5\" where a number belongs (send numbers"
                        + " unquoted)");
        assertThat(decode(TWO, "[[1,2],[3,[4]]]").error()).startsWith("INVALID_INPUT 400 row 2, column 2");
        assertThat(decode(TWO, "[[1,2],{\"features\": [3, 4]},[5,6]]").rows())
                .containsExactly(floats(1, 2), floats(3, 4), floats(5, 6));
    }

    @Test
    void theRowCollectorSeesTheSameCellsAsFromJackson() {
        assertThat(decode(TWO, "[[1,2],[3,4,5]]").error())
                .isEqualTo("WRONG_FEATURE_COUNT 400 row 2: 3 features, expected 2");
        assertThat(decode(TWO, "[[1,2],[3,1e39]]").error()).startsWith("NOT_A_NUMBER 400 row 2, column 2: 1.0E39");
        assertThat(decode(TWO, "[[1,2],[]]").error()).startsWith("WRONG_FEATURE_COUNT 400 row 2");
    }

    @Test
    void aRowOverTheLimitIsJacksonsErrorAndJacksonsPositionsStayRight() {
        String body = "[[1,2],[3,4],[5," + "1".repeat(30) + "]]";
        Decoding.Result r = Splits.decodeEveryWay(JSON, TWO, 30, body.getBytes(StandardCharsets.US_ASCII));
        assertThat(r.error()).startsWith("ROW_TOO_LARGE 400 row 3");
        // an error after blanked rows names the line and column it has in the body
        assertThat(decode(TWO, "[[1,2],\n[3,4], [5,6],\n [7,8] x]").error()).contains("line 3, column 8");
    }

    @Test
    void dataframeSplitRowsKeepTheirColumnNames() {
        Decoding.Result r = decode(NAMED, "{\"dataframe_split\": {\"columns\": [\"b\", \"a\"], \"data\": "
                + "[[1, 2], [3, 4], [5, 6]]}}");
        assertThat(r.rows()).containsExactly(floats(2, 1), floats(4, 3), floats(6, 5));
    }
}
