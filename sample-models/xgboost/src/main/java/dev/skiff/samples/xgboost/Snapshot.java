package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The model inside a pickled Booster's {@code handle}, which is whatever that xgboost version's serialisation wrote:
 * <ul>
 *   <li>xgboost 1.0 to 1.2: {@code CONFIG-offset:}, an int64 length, the model in XGBoost's binary format, then a
 *       JSON configuration;</li>
 *   <li>later 1.x: a JSON or UBJSON document {@code {"Config": ..., "Model": ...}} whose {@code Model} is a model
 *       document of its own;</li>
 *   <li>xgboost 0.90: the binary model itself.</li>
 * </ul>
 * The configuration is dropped: it holds training parameters, and the model holds what prediction needs.
 */
final class Snapshot {
    private static final byte[] CONFIG_OFFSET = "CONFIG-offset:".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private Snapshot() {
    }

    static byte[] model(byte[] handle, String file) throws ModelRefusedException {
        if (startsWith(handle, CONFIG_OFFSET)) {
            return binaryPart(handle, file);
        }
        ModelFormat format = ModelFormat.detect(handle, handle.length);
        try {
            int[] range = switch (format) {
                case UBJ -> UbjStrings.valueRange(handle, "Model");
                case JSON -> jsonRange(handle);
                default -> null;
            };
            return range == null ? handle : Arrays.copyOfRange(handle, range[0], range[1]);
        } catch (IOException | RuntimeException e) {
            throw new ModelRefusedException(file + " holds a Booster whose model Skiff cannot read: " + e.getMessage(),
                    e);
        }
    }

    private static byte[] binaryPart(byte[] handle, String file) throws ModelRefusedException {
        int start = CONFIG_OFFSET.length + 8;
        if (handle.length < start) {
            throw new ModelRefusedException(file + " holds a truncated xgboost 1.x model snapshot");
        }
        long length = ByteBuffer.wrap(handle, CONFIG_OFFSET.length, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length <= 0 || length > handle.length - start) {
            throw new ModelRefusedException(file + " holds an xgboost 1.x model snapshot that declares " + length
                    + " model bytes but has " + (handle.length - start));
        }
        return Arrays.copyOfRange(handle, start, start + (int) length);
    }

    /** The bytes of the top-level {@code "Model"} value of a JSON snapshot, or null when there is none. */
    private static int[] jsonRange(byte[] doc) throws IOException {
        try (JsonParser p = JSON.createParser(doc)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean model = p.currentName().equals("Model");
                p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                if (model) {
                    return new int[] {start, (int) p.currentLocation().getByteOffset()};
                }
            }
            return null;
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
