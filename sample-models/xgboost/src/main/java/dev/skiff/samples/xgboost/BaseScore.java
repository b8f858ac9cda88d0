package dev.skiff.samples.xgboost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The model's own {@code base_score}, read from the file rather than trusted to XGBoost4J.
 *
 * <p>XGBoost 3.1 and newer write {@code base_score} as a list ({@code "[1.0026694E1]"}, one value per target);
 * XGBoost4J 3.0.4 does not understand the list and silently uses 0.5 instead, shifting every prediction. So a list
 * with one distinct value is rewritten to that scalar before the bytes reach XGBoost (the rest of the file is left
 * as it is), and a list of different values is refused: 3.0.4 has one intercept for all targets.
 */
final class BaseScore {
    static final String PATH = "learner_model_param.base_score";

    /** Model bytes ready for XGBoost4J and the scalar base_score the file declares (NaN when it has none). */
    record Normalised(byte[] bytes, float declared) {
    }

    private BaseScore() {
    }

    static Normalised normalise(byte[] model, ModelFormat format, String fileName) throws ModelRefusedException {
        try {
            return switch (format) {
                case JSON -> normaliseJson(model, fileName);
                case UBJ -> normaliseUbj(model, fileName);
                default -> new Normalised(model, Float.NaN);
            };
        } catch (IOException | RuntimeException e) {
            throw new ModelRefusedException(fileName + " is not a readable XGBoost " + format + " model: "
                    + e.getMessage(), e);
        }
    }

    private static Normalised normaliseJson(byte[] model, String fileName) throws IOException, ModelRefusedException {
        Map<String, JsonModelReader.Located> fields = JsonModelReader.read(model);
        JsonModelReader.Located found = fields.get(PATH);
        if (found == null) {
            return new Normalised(model, Float.NaN);
        }
        String scalar = scalarText(found.text(), fileName);
        if (scalar.equals(found.text())) {
            return new Normalised(model, Float.parseFloat(scalar));
        }
        int start = Math.toIntExact(found.byteOffset());
        int end = indexOf(model, (byte) '"', start + 1) + 1;
        byte[] replacement = ('"' + scalar + '"').getBytes(StandardCharsets.UTF_8);
        return new Normalised(splice(model, start, end, replacement), Float.parseFloat(scalar));
    }

    private static Normalised normaliseUbj(byte[] model, String fileName) throws ModelRefusedException {
        UbjStrings.Found found = UbjStrings.find(model, "learner", "learner_model_param", "base_score");
        if (found == null) {
            return new Normalised(model, Float.NaN);
        }
        String scalar = scalarText(found.text(), fileName);
        if (scalar.equals(found.text())) {
            return new Normalised(model, Float.parseFloat(scalar));
        }
        byte[] text = scalar.getBytes(StandardCharsets.UTF_8);
        ByteBuffer replacement = ByteBuffer.allocate(2 + 8 + text.length); // 'S', 'L', int64 length, bytes
        replacement.put((byte) 'S').put((byte) 'L').putLong(text.length).put(text);
        return new Normalised(splice(model, found.start(), found.end(), replacement.array()), Float.parseFloat(scalar));
    }

    /**
     * The one value a base_score text stands for: {@code "5E-1"} as is, {@code "[1.0026694E1]"} (or a list of equal
     * values) as its element; a list of different values is refused.
     */
    static String scalarText(String text, String fileName) throws ModelRefusedException {
        String t = text.trim();
        if (!t.startsWith("[")) {
            parse(t, text, fileName);
            return t;
        }
        if (!t.endsWith("]")) {
            throw unreadable(text, fileName);
        }
        String[] parts = t.substring(1, t.length() - 1).split(",");
        String first = parts[0].trim();
        float value = parse(first, text, fileName);
        for (String part : parts) {
            if (Float.compare(parse(part.trim(), text, fileName), value) != 0) {
                throw new ModelRefusedException(fileName + " has base_score " + text + ": one intercept per target or "
                        + "class, which XGBoost 3.1+ writes and XGBoost4J 3.0.4 cannot serve (it would use one "
                        + "value for all and predict wrong). Train with XGBoost 3.0 or older, or set base_score to "
                        + "one value when training.");
            }
        }
        return first;
    }

    private static float parse(String number, String text, String fileName) throws ModelRefusedException {
        try {
            float v = Float.parseFloat(number);
            if (Float.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal below
        }
        throw unreadable(text, fileName);
    }

    private static ModelRefusedException unreadable(String text, String fileName) {
        return new ModelRefusedException(fileName + " has a base_score Skiff cannot read: '" + text + "'");
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private static byte[] splice(byte[] bytes, int start, int end, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length - (end - start) + replacement.length);
        out.write(bytes, 0, start);
        out.write(replacement, 0, replacement.length);
        out.write(bytes, end, bytes.length - end);
        return out.toByteArray();
    }
}
