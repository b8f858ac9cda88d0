package dev.skiff.codec;

import com.google.protobuf.ByteString;
import dev.skiff.codec.recordio.AialgsData.Bytes;
import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.spi.Predictions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-recordio-protobuf}: one RecordIO frame per input row, each an {@code aialgs.data.Record}
 * whose {@code label} map holds the row's answer as Float32 tensors, the way SageMaker's built-in algorithms answer:
 * a row that is a map (e.g. {@code SAGEMAKER_INFERENCE_OUTPUT}'s keys) puts each entry under its key; named dense
 * scores put each score under its name ({@code label["score"]}); any other row goes under {@code "score"}.
 *
 * <p>Numbers become one value; {@code float[]}, lists and nested maps their values in order (nested lists flattened);
 * {@code null} is NaN and booleans 1 or 0. A string (a class name) is a {@code Bytes} value holding its UTF-8.
 */
final class RecordIoEncoder implements ResponseEncoder {
    static final String MEDIA_TYPE = "application/x-recordio-protobuf";
    private static final String SCORE = "score";
    private static final byte[] EMPTY = new byte[0];

    @Override
    public String contentType() {
        return MEDIA_TYPE;
    }

    @Override
    public byte[] begin() {
        return EMPTY;
    }

    @Override
    public byte[] encode(Predictions predictions, boolean first) {
        ByteSink out = new ByteSink(predictions.size() * 24);
        Record.Builder record = Record.newBuilder();
        for (int i = 0; i < predictions.size(); i++) {
            record.clear();
            row(record, predictions, i);
            out.write(RecordIoFrames.frame(record.build().toByteArray()));
        }
        return out.toByteArray();
    }

    @Override
    public byte[] end() {
        return EMPTY;
    }

    private static void row(Record.Builder record, Predictions predictions, int i) {
        if (predictions.isDense()) {
            float[] scores = predictions.scores();
            int w = predictions.width();
            List<String> names = predictions.names();
            if (names.isEmpty()) {
                Float32Tensor.Builder t = Float32Tensor.newBuilder();
                for (int c = 0; c < w; c++) {
                    t.addValues(scores[i * w + c]);
                }
                record.putLabel(SCORE, Value.newBuilder().setFloat32Tensor(t).build());
            } else {
                for (int c = 0; c < w; c++) {
                    record.putLabel(names.get(c), floats(Float32Tensor.newBuilder().addValues(scores[i * w + c])));
                }
            }
            return;
        }
        Object v = predictions.get(i);
        if (v instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                record.putLabel(String.valueOf(e.getKey()), value(e.getValue()));
            }
        } else {
            record.putLabel(SCORE, value(v));
        }
    }

    private static Value value(Object v) {
        if (v instanceof String s) {
            return Value.newBuilder().setBytes(Bytes.newBuilder()
                    .addValue(ByteString.copyFrom(s, StandardCharsets.UTF_8)).setContentType("text/plain")).build();
        }
        Float32Tensor.Builder t = Float32Tensor.newBuilder();
        add(t, v);
        return floats(t);
    }

    private static void add(Float32Tensor.Builder t, Object v) {
        if (v == null) {
            t.addValues(Float.NaN);
        } else if (v instanceof Number n) {
            t.addValues(n.floatValue());
        } else if (v instanceof Boolean b) {
            t.addValues(b ? 1f : 0f);
        } else if (v instanceof float[] f) {
            for (float x : f) {
                t.addValues(x);
            }
        } else if (v instanceof List<?> list) {
            for (Object x : list) {
                add(t, x);
            }
        } else if (v instanceof Map<?, ?> map) {
            for (Object x : map.values()) {
                add(t, x);
            }
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as a Float32 tensor");
        }
    }

    private static Value floats(Float32Tensor.Builder t) {
        return Value.newBuilder().setFloat32Tensor(t).build();
    }
}
