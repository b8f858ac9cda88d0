package dev.skiff.codec;

import static dev.skiff.codec.Decoding.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.InputSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonDecoderTest {
    private static final String JSON = "application/json";
    private static final InputSchema THREE = InputSchema.numeric(3);
    private static final InputSchema NAMED = InputSchema.named(List.of("a", "b", "c"), true);
    private static final float NAN = Float.NaN;

    private static Decoding.Result decode(InputSchema schema, String body) {
        Decoding.Result r = Splits.decodeEveryWay(JSON, schema, body);
        assertThat(r.error()).isNull();
        return r;
    }

    @Test
    void instancesOfArrays() {
        Decoding.Result r = decode(THREE, "{\"instances\": [[1, 2, 3], [4.5, -0, 1e-3], [7, 8, 9]]}");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4.5f, -0f, 0.001f), floats(7, 8, 9));
        assertThat(r.batches()).containsExactly("1+2", "3+1");
    }

    @Test
    void otherTopLevelKeysAreSkippedWhateverTheyHold() {
        Decoding.Result r = decode(THREE, "{\"configuration\": {\"k\": [1, {\"a\": [2]}]}, \"v\": 1,"
                + " \"instances\": [[1, 2, 3]], \"features\": [9], \"after\": {\"x\": null}}");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3));
    }

    @Test
    void bareArrayOfRows() {
        Decoding.Result r = decode(THREE, "[[1,2,3],\n [4,5,6]]");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, 5, 6));
    }

    @Test
    void singleRowArray() {
        assertThat(decode(THREE, "[1, 2, 3]").rows()).containsExactly(floats(1, 2, 3));
    }

    @Test
    void featuresObjects() {
        assertThat(decode(THREE, "{\"features\": [1, 2, 3]}").rows()).containsExactly(floats(1, 2, 3));
        Decoding.Result r = decode(THREE, "{\"instances\": [{\"features\": [1, 2, 3]}, {\"id\": 7, \"features\":"
                + " [4, 5, 6]}]}");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, 5, 6));
    }

    @Test
    void namedFeaturesInSchemaOrderWithMissingOnesAsNaN() {
        Decoding.Result r = decode(NAMED, "[{\"b\": 2, \"a\": 1, \"c\": 3}, {\"c\": 6, \"a\": 4}]");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, NAN, 6));
        assertThat(decode(NAMED, "{\"c\": 3, \"a\": null}").rows()).containsExactly(floats(NAN, NAN, 3));
        assertThat(decode(NAMED, "{\"instances\": [{\"a\": 1, \"b\": 2, \"c\": 3}]}").rows())
                .containsExactly(floats(1, 2, 3));
    }

    @Test
    void nullsInNumericRowsAreMissing() {
        assertThat(decode(THREE, "[[1.5, null, null]]").rows()).containsExactly(floats(1.5f, NAN, NAN));
    }

    @Test
    void generalRows() {
        InputSchema general = new InputSchema(InputSchema.ANY, List.of(), false);
        Decoding.Result r = decode(general, "{\"instances\": [[1, \"x\", null, true], [2.5, \"\", \"y\", false]]}");
        assertThat(r.rows()).containsExactly(
                Arrays.asList(1.0, "x", null, "true"), Arrays.asList(2.5, "", "y", "false"));
    }

    @Test
    void scalarInstancesAreOneValueRows() {
        Decoding.Result r = decode(InputSchema.numeric(1), "{\"instances\": [1, 2.5, null]}");
        assertThat(r.rows()).containsExactly(floats(1), floats(2.5f), floats(NAN));
    }

    @Test
    void emptyDocumentsHaveNoRows() {
        assertThat(decode(THREE, "").rows()).isEmpty();
        assertThat(decode(THREE, " [] ").rows()).isEmpty();
        assertThat(decode(THREE, "{\"instances\": []}").rows()).isEmpty();
    }

    @Test
    void byteOrderMarkAndUnicode() {
        InputSchema general = new InputSchema(2, List.of(), false);
        Decoding.Result r = decode(general, "\uFEFF[[\"héllo ✓ 😀\", 1]]");
        assertThat(r.rows()).containsExactly(Arrays.asList("héllo ✓ 😀", 1.0));
    }

    @Test
    void manyRowsAcrossChunks() {
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < 3000; i++) {
            body.append(i == 0 ? "" : ",").append('[').append(i).append(",0.5,").append(-i).append(']');
        }
        body.append("]}");
        Decoding.Result r = Decoding.whole(JSON, THREE, Decoding.utf8(body.toString()));
        assertThat(r.rows()).hasSize(3000);
        assertThat(r.rows().get(2999)).isEqualTo(floats(2999, 0.5f, -2999));
    }

    /** Jackson's fast double parser must round as the JDK does (then narrowed to float, as CSV does). */
    @Test
    void numbersAgreeWithTheJdkAndWithCsv() {
        Random random = new Random(5);
        StringBuilder json = new StringBuilder("[");
        StringBuilder csv = new StringBuilder();
        List<List<Object>> expected = new java.util.ArrayList<>();
        for (int r = 0; r < 400; r++) {
            List<Object> row = new java.util.ArrayList<>();
            json.append(r == 0 ? "[" : ",[");
            for (int i = 0; i < 10; i++) {
                double d = switch (i % 4) {
                    case 0 -> Double.longBitsToDouble(random.nextLong());
                    case 1 -> random.nextGaussian();
                    case 2 -> (float) random.nextGaussian() * 1e-3;
                    default -> random.nextInt() / 1e6;
                };
                String s = !Double.isFinite(d) || Math.abs(d) > 1e38 ? "0.1"
                        : i % 3 == 0 ? String.format("%.6f", d) : Double.toString(d);
                json.append(i == 0 ? "" : ",").append(s);
                csv.append(i == 0 ? "" : ",").append(s);
                row.add((float) Double.parseDouble(s));
            }
            json.append(']');
            csv.append('\n');
            expected.add(row);
        }
        InputSchema ten = InputSchema.numeric(10);
        Decoding.Result fromJson = Decoding.whole(JSON, ten, Decoding.utf8(json.append("]").toString()));
        assertThat(fromJson.error()).isNull();
        assertThat(fromJson.rows()).isEqualTo(expected);
        assertThat(Decoding.whole("text/csv", ten, Decoding.utf8(csv.toString())).rows()).isEqualTo(expected);
    }
}
