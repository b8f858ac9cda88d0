package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.codec.recordio.Tensor;
import dev.skiff.spi.Predictions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Accept: application/x-recordio-protobuf}: one framed Record per row, the answer under {@code label}. */
class RecordIoEncoderTest {
    private static final ResponseEncoder RECORDIO =
            Formats.encoder(RecordIoEncoder.MEDIA_TYPE, "text/csv", null, false);

    /** Each frame's label map as {@code key=[values]} (Bytes values as their text), in key order. */
    private static List<String> labels(byte[] body) {
        List<String> out = new ArrayList<>();
        RecordIoFrames frames = new RecordIoFrames(1 << 20, (index, payload) -> {
            Record r = Tensor.record(index, payload);
            assertThat(r.getFeaturesCount()).isZero();
            List<String> entries = new ArrayList<>();
            r.getLabelMap().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                Value v = e.getValue();
                if (v.hasBytes()) {
                    entries.add(e.getKey() + "=" + v.getBytes().getValue(0).toString(StandardCharsets.UTF_8));
                } else {
                    Tensor t = Tensor.of(index, e.getKey(), v);
                    float[] values = new float[t.count()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) t.value(i);
                    }
                    entries.add(e.getKey() + "=" + Arrays.toString(values));
                }
            });
            out.add(String.join(" ", entries));
        });
        frames.feed(ByteBuffer.wrap(body));
        frames.finish();
        return out;
    }

    @Test
    void denseScoresGoUnderScore() {
        assertThat(RECORDIO.contentType()).isEqualTo("application/x-recordio-protobuf");
        assertThat(labels(RECORDIO.encode(Predictions.scores(new float[] {0.25f, Float.NaN}, 1), true)))
                .containsExactly("score=[0.25]", "score=[NaN]");
        assertThat(labels(RECORDIO.encode(Predictions.scores(new float[] {0.1f, 0.9f, 0.3f, 0.7f}, 2), false)))
                .containsExactly("score=[0.1, 0.9]", "score=[0.3, 0.7]");
        assertThat(labels(RECORDIO.encode(Predictions.named(new float[] {0.5f, 2f, 0.25f, 3f},
                List.of("score", "other")), true)))
                .containsExactly("other=[2.0] score=[0.5]", "other=[3.0] score=[0.25]");
    }

    @Test
    void mapsPutEachKeyUnderLabel() {
        Map<String, Object> selected = new LinkedHashMap<>();
        selected.put("predicted_label", 1);
        selected.put("labels", List.of(0, 1));
        selected.put("probabilities", List.of(0.25, 0.75));
        selected.put("probability", 0.75f);
        selected.put("predicted_score", null);
        selected.put("scores", Map.of("good", 0.5));
        selected.put("label", "good");
        selected.put("flag", true);
        assertThat(labels(RECORDIO.encode(Predictions.of(List.of(selected, Map.of("score", new float[] {1f, 2f}))),
                true))).containsExactly("flag=[1.0] label=good labels=[0.0, 1.0] predicted_label=[1.0] "
                + "predicted_score=[NaN] probabilities=[0.25, 0.75] probability=[0.75] scores=[0.5]",
                "score=[1.0, 2.0]");
        assertThat(labels(RECORDIO.encode(Predictions.of(List.of(3, "text")), true)))
                .containsExactly("score=[3.0]", "score=text");
    }

    @Test
    void framesArePaddedToFourBytes() {
        byte[] body = RECORDIO.encode(Predictions.scores(new float[] {1f, 2f, 3f}, 1), true);
        assertThat(body.length % 4).isZero();
        assertThat(RECORDIO.begin()).isEmpty();
        assertThat(RECORDIO.end()).isEmpty();
    }
}
