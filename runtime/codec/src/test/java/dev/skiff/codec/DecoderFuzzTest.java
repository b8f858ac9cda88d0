package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.InputSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing every decoder: random bytes, and random mutations of valid bodies, cut at random points. Whatever comes
 * in, a decoder gives rows or a {@code SkiffException} with a 4xx code (any other exception fails the test, as
 * {@link Decoding} lets it through), and the same answer however the body is cut: the same rows, batches, error
 * code and row (Jackson words a syntax error differently depending on where a chunk ends, so the words after the
 * row are not compared here; the fixed cases of the other tests compare them). See {@link Fuzz} for the seed and the
 * number of tries.
 */
public class DecoderFuzzTest {
    private static final List<String> TYPES = List.of("text/csv", "application/json", "application/jsonlines",
            "text/libsvm");
    private static final List<InputSchema> SCHEMAS = List.of(InputSchema.numeric(3),
            InputSchema.named(List.of("a", "b", "c"), true), new InputSchema(3, List.of(), false),
            InputSchema.named(List.of("a", "b", "c"), false), InputSchema.numeric(InputSchema.ANY));
    /** Valid bodies of every format, for mutation. */
    public static final List<String> SEEDS = List.of(
            "1,2,3\n4.5,-6e-1,\n\"7\",\"a,\"\"b\"\"\",nan\r\n",
            "\uFEFF1,2,3\r\n\r\n\"x\ny\",2,3",
            "{\"instances\": [[1, 2, 3], {\"features\": [4, null, 6]}, {\"a\": 1, \"c\": -0}], \"x\": {\"y\": [1]}}",
            "[[1.5e3, \"s\", true], [null, 2, 3]]",
            "[1, 2, 3]\n{\"b\": 2, \"a\": 1}\n\n{\"features\": [7, 8, 9]}\r\n",
            "{\"instances\": [[1, -2.5e3, 0],[4,5,6] ,\n [7.25, 8, 9e-1], [-0, 10, 11]]}",
            "1 1:0.5 3:2\n0 2:1e-3 # comment\n\n1 0:4\n",
            "[1,2,3]");
    private static final int[] ROW_LIMITS = {8, 40, 1000};

    /** {@code "INVALID_JSON 400 row 2, column 3: ..."} without the words after the colon. */
    private static String where(String error) {
        return error == null ? null : error.substring(0, Math.max(0, error.indexOf(": ")));
    }

    @Test
    void anyBodyGivesRowsOrA4xxAndTheSameInEverySplit() {
        long seed = Fuzz.seed("DecoderFuzzTest");
        Random random = new Random(seed);
        int tries = Fuzz.tries(3000);
        for (int i = 0; i < tries; i++) {
            String type = TYPES.get(random.nextInt(TYPES.size()));
            InputSchema schema = SCHEMAS.get(random.nextInt(SCHEMAS.size()));
            int maxRowBytes = ROW_LIMITS[random.nextInt(ROW_LIMITS.length)];
            byte[] body = Fuzz.body(random, SEEDS);
            int[] cuts = Fuzz.cuts(random, body.length);
            boolean direct = random.nextBoolean();
            String what = "seed " + seed + ", try " + i + ": " + type + " " + schema + " maxRowBytes=" + maxRowBytes
                    + " cuts=" + Arrays.toString(cuts) + " body=" + Fuzz.show(body);
            Decoding.Result whole;
            try {
                whole = Decoding.run(type, schema, maxRowBytes, body, new int[0], false);
                Decoding.Result split = Decoding.run(type, schema, maxRowBytes, body, cuts, direct);
                assertThat(split.rows()).as(what).isEqualTo(whole.rows());
                assertThat(split.batches()).as(what).isEqualTo(whole.batches());
                assertThat(where(split.error())).as(what + "\n" + split.error()).isEqualTo(where(whole.error()));
            } catch (RuntimeException e) {
                throw new AssertionError(what, e);
            }
            if (whole.error() != null) {
                assertThat(whole.error()).as(what).matches("(?s)[A-Z_]+ 4\\d\\d .+");
            }
        }
    }
}
