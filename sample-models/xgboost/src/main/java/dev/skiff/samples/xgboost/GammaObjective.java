package dev.skiff.samples.xgboost;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * XGBoost 1.x saved {@code reg:gamma}'s objective as {@code {"name":"reg:gamma"}}. XGBoost 3 made it a regression
 * loss that reads {@code reg_loss_param}, so XGBoost4J 3.0.4 fails on every 1.x gamma model ("Invalid cast, from
 * Null to Object"). This adds {@code "reg_loss_param":{"scale_pos_weight":"1"}} (XGBoost's default, which
 * prediction does not use) in the bytes XGBoost 1.x writes: in a JSON or UBJSON model the objective object, in a
 * legacy binary model the {@code objective} attribute. Any other bytes are returned as they are.
 */
final class GammaObjective {
    private static final String OLD = "{\"name\":\"reg:gamma\"}";
    private static final String NEW = "{\"name\":\"reg:gamma\",\"reg_loss_param\":{\"scale_pos_weight\":\"1\"}}";

    private GammaObjective() {
    }

    static byte[] complete(byte[] model, ModelFormat format) {
        return switch (format) {
            case JSON -> replace(model, utf8("\"objective\":" + OLD), utf8("\"objective\":" + NEW));
            case UBJ -> replace(model, ubjKey("objective") + "{" + ubjKey("name") + ubjString("reg:gamma") + "}",
                    ubjKey("objective") + "{" + ubjKey("name") + ubjString("reg:gamma")
                            + ubjKey("reg_loss_param") + "{" + ubjKey("scale_pos_weight") + ubjString("1") + "}}");
            case LEGACY_BINARY -> replace(model, legacy("objective") + legacy(OLD), legacy("objective") + legacy(NEW));
            default -> model;
        };
    }

    private static byte[] replace(byte[] model, String old, String replacement) {
        return replace(model, latin1(old), latin1(replacement));
    }

    private static byte[] replace(byte[] model, byte[] old, byte[] replacement) {
        int at = indexOf(model, old);
        if (at < 0) {
            return model;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + replacement.length - old.length);
        out.write(model, 0, at);
        out.write(replacement, 0, replacement.length);
        out.write(model, at + old.length, model.length - at - old.length);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** UBJSON as XGBoost writes it: a key is an int64 length ('L', big-endian) and its bytes. */
    private static String ubjKey(String key) {
        return "L" + latin1(ByteBuffer.allocate(8).putLong(key.length()).array()) + key;
    }

    private static String ubjString(String value) {
        return "S" + ubjKey(value);
    }

    /** A string in the legacy binary format: a little-endian uint64 length and its bytes. */
    private static String legacy(String s) {
        return latin1(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(s.length()).array()) + s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
