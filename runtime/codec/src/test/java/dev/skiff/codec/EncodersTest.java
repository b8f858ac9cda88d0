package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.Predictions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodersTest {
    private static final ResponseEncoder CSV = new CsvEncoder();
    private static final ResponseEncoder JSON = new JsonEncoder();
    private static final ResponseEncoder JSONL = new JsonLinesEncoder("application/jsonlines");

    /** A whole response of two batches. */
    private static String respond(ResponseEncoder encoder, Predictions first, Predictions second) {
        return text(encoder.begin()) + text(encoder.encode(first, true)) + text(encoder.encode(second, false))
                + text(encoder.end());
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static final Predictions SCORES = Predictions.scores(new float[] {0.5f, 1f, Float.NaN}, 1);
    private static final Predictions MORE = Predictions.scores(new float[] {1e-7f, -2.25f}, 1);
    private static final Predictions VECTORS = Predictions.scores(new float[] {0.1f, 0.9f, 0.25f, 0.75f}, 2);
    private static final Predictions GENERAL = Predictions.of(Arrays.asList(
            1, 2.5, 0.1f, 12345678901L, "a,b", "say \"hi\"\n", List.of(1, "x"), new float[] {1f, 2f},
            mapOf("label", "good", "p", 0.75), true, Double.NaN));

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void csvDense() {
        assertThat(respond(CSV, SCORES, MORE)).isEqualTo("0.5\n1.0\n\n1.0E-7\n-2.25\n");
        assertThat(respond(CSV, VECTORS, MORE)).isEqualTo("0.1,0.9\n0.25,0.75\n1.0E-7\n-2.25\n");
        assertThat(CSV.contentType()).isEqualTo("text/csv");
    }

    @Test
    void csvGeneral() {
        assertThat(text(CSV.encode(GENERAL, true))).isEqualTo(
                "1\n2.5\n0.1\n12345678901\n\"a,b\"\n\"say \"\"hi\"\"\n\"\n1,x\n1.0,2.0\ngood,0.75\ntrue\n\n");
    }

    @Test
    void csvListInsideAMapIsOneQuotedCellAsTheXGBoostContainerWritesIt() {
        Map<String, Object> selected = new LinkedHashMap<>();
        selected.put("predicted_label", 1);
        selected.put("probabilities", List.of(1.0 - 0.9709456f, (double) 0.9709456f));
        selected.put("labels", List.of(0, 1));
        selected.put("raw_scores", List.of(0.1f, 0.2f, 0.7f));
        selected.put("probability", 0.9709456f);
        assertThat(text(CSV.encode(Predictions.of(List.of(selected)), true))).isEqualTo(
                "1,\"[0.02905440330505371, 0.9709455966949463]\",\"[0, 1]\","
                        + "\"[0.10000000149011612, 0.20000000298023224, 0.699999988079071]\",0.9709456\n");
        // A vector of scores in a map (XGBoost's {"score": [...]} for multi:softprob) stays one cell per score.
        assertThat(text(CSV.encode(Predictions.of(List.of(Map.of("score", new float[] {0.25f, 0.75f}))), true)))
                .isEqualTo("0.25,0.75\n");
    }

    @Test
    void jsonDense() {
        assertThat(respond(JSON, SCORES, MORE)).isEqualTo("{\"predictions\":[0.5,1.0,null,1.0E-7,-2.25]}");
        assertThat(respond(JSON, VECTORS, MORE)).isEqualTo("{\"predictions\":[[0.1,0.9],[0.25,0.75],1.0E-7,-2.25]}");
        assertThat(JSON.contentType()).isEqualTo("application/json");
    }

    @Test
    void jsonGeneral() {
        assertThat(text(JSON.encode(GENERAL, true))).isEqualTo("1,2.5,0.1,12345678901,\"a,b\",\"say \\\"hi\\\"\\n\","
                + "[1,\"x\"],[1.0,2.0],{\"label\":\"good\",\"p\":0.75},true,null");
        assertThat(text(JSON.encode(Predictions.of(List.of("tab\there \u0001 é")), false)))
                .isEqualTo(",\"tab\\there \\u0001 é\"");
    }

    @Test
    void jsonLines() {
        assertThat(respond(JSONL, VECTORS, SCORES)).isEqualTo("[0.1,0.9]\n[0.25,0.75]\n0.5\n1.0\nnull\n");
        assertThat(text(JSONL.encode(Predictions.of(List.of(mapOf("a", 1, "b", "x"))), true)))
                .isEqualTo("{\"a\":1,\"b\":\"x\"}\n");
        assertThat(JSONL.contentType()).isEqualTo("application/jsonlines");
    }

    @Test
    void emptyResponses() {
        assertThat(respond(JSON, Predictions.of(List.of()), Predictions.of(List.of())))
                .isEqualTo("{\"predictions\":[]}");
        assertThat(respond(CSV, Predictions.of(List.of()), Predictions.of(List.of()))).isEmpty();
    }

    @Test
    void floatsRoundTripInNoMoreDigitsThanFloatToString() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(f)) {
                continue;
            }
            String csv = text(CSV.encode(Predictions.scores(new float[] {f}, 1), true)).trim();
            assertThat(Float.parseFloat(csv)).isEqualTo(f);
            assertThat(digits(csv)).as("%s vs %s", csv, Float.toString(f))
                    .isLessThanOrEqualTo(digits(Float.toString(f)));
        }
    }

    private static int digits(String s) {
        String mantissa = s.split("E")[0].replace("-", "").replace(".", "").replaceAll("^0+", "").replaceAll("0+$", "");
        return mantissa.length();
    }

    @Test
    void unsupportedValuesAreAnInternalError() {
        Predictions odd = Predictions.of(List.of(new Object()));
        assertThatThrownBy(() -> JSON.encode(odd, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CSV.encode(odd, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namedScoresAreObjectsInJsonAndBareNumbersInCsv() {
        Predictions named = Predictions.named(new float[] {0.25f, 0.75f, Float.NaN, 1f}, List.of("score", "p\"1"));
        assertThat(text(JSON.begin()) + text(JSON.encode(named, true)) + text(JSON.end()))
                .isEqualTo("{\"predictions\":[{\"score\":0.25,\"p\\\"1\":0.75},{\"score\":null,\"p\\\"1\":1.0}]}");
        assertThat(text(JSONL.encode(named, true)))
                .isEqualTo("{\"score\":0.25,\"p\\\"1\":0.75}\n{\"score\":null,\"p\\\"1\":1.0}\n");
        assertThat(text(CSV.encode(named, true))).isEqualTo("0.25,0.75\n,1.0\n");
    }
}
