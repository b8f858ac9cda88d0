package dev.skiff.codec;

import static dev.skiff.codec.Decoding.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.InputSchema;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvDecoderTest {
    private static final String CSV = "text/csv";
    private static final InputSchema THREE = InputSchema.numeric(3);
    private static final InputSchema ANY = InputSchema.numeric(InputSchema.ANY);
    private static final InputSchema GENERAL = new InputSchema(InputSchema.ANY, List.of(), false);

    private static Decoding.Result decode(InputSchema schema, String body) {
        return Splits.decodeEveryWay(CSV, schema, body);
    }

    @Test
    void plainRowsInBatches() {
        Decoding.Result r = decode(THREE, "1,2,3\n4,5,6\n7,8,9\n");
        assertThat(r.error()).isNull();
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, 5, 6), floats(7, 8, 9));
        assertThat(r.batches()).containsExactly("1+2", "3+1");
    }

    @Test
    void crlfAndNoFinalNewline() {
        Decoding.Result r = decode(THREE, "1,2,3\r\n4,5,6\r\n7,8,9");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, 5, 6), floats(7, 8, 9));
    }

    @Test
    void byteOrderMarkAndBlankLinesAreSkipped() {
        Decoding.Result r = decode(THREE, "\uFEFF\n1,2,3\n\n\r\n4,5,6\n\n");
        assertThat(r.error()).isNull();
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, 5, 6));
        assertThat(r.batches()).containsExactly("1+2");
    }

    @Test
    void numberForms() {
        Decoding.Result r = decode(ANY, "1e-3,1E+2,.5,+1,-0,5.,1.0, 7 ,\t-2.5e1\t,3.4e38\n");
        assertThat(r.error()).isNull();
        assertThat(r.rows()).containsExactly(floats(0.001f, 100f, 0.5f, 1f, -0f, 5f, 1f, 7f, -25f, 3.4e38f));
    }

    @Test
    void hardNumbersAgreeWithTheJdk() {
        String[] cells = {"3.141592653589793238", "12345678901234567890", "1e-400", "4.9e-324", "0.1",
            "16777217", "1.00000005960464477539", "123456789012345.6", "9007199254740993", "1e-30", "2.5e22"};
        float[] expected = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            expected[i] = (float) Double.parseDouble(cells[i]);
        }
        Decoding.Result r = decode(ANY, String.join(",", cells));
        assertThat(r.rows()).containsExactly(floats(expected));
    }

    @Test
    void missingValues() {
        Decoding.Result r = decode(THREE, "1,,3\n,nan,NaN\n , ,\n");
        float nan = Float.NaN;
        assertThat(r.rows()).containsExactly(floats(1, nan, 3), floats(nan, nan, nan), floats(nan, nan, nan));
    }

    @Test
    void quotedNumbersGoThroughTheSlowPathAndAgree() {
        Decoding.Result r = decode(THREE, "\"1\",\"2.5\",3\n\"\",\"-0\",\"1e-3\"\n");
        assertThat(r.rows()).containsExactly(floats(1, 2.5f, 3), floats(Float.NaN, -0f, 0.001f));
    }

    @Test
    void quotedFieldsWithCommasNewlinesAndEscapedQuotes() {
        Decoding.Result r = decode(GENERAL, "\"a,b\",1,\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\n");
        assertThat(r.error()).isNull();
        assertThat(r.rows()).containsExactly(
                Arrays.asList("a,b", 1.0, "say \"hi\""),
                Arrays.asList("multi\nline", null, "x"));
    }

    @Test
    void generalRowsKeepTextAndMakeNumbersDoubles() {
        Decoding.Result r = decode(GENERAL, "red,1.5,,-0\nblue,2,x y,1e3\n");
        assertThat(r.rows()).containsExactly(
                Arrays.asList("red", 1.5, null, -0.0),
                Arrays.asList("blue", 2.0, "x y", 1000.0));
    }

    @Test
    void manyRowsAcrossTheWindow() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            body.append(i).append(",0.").append(i).append(',').append(-i).append('\n');
        }
        Decoding.Result r = Decoding.whole(CSV, THREE, Decoding.utf8(body.toString()));
        assertThat(r.rows()).hasSize(3000);
        assertThat(r.rows().get(2999)).isEqualTo(floats(2999, 0.2999f, -2999));
        assertThat(r.batches()).hasSize(1500).endsWith("2999+2");
    }
}
