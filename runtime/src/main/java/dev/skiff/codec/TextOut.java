package dev.skiff.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array for encoders: ASCII and UTF-8 text and numbers, without a String per float. */
final class TextOut {
    private byte[] bytes;
    private int size;

    TextOut(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    TextOut ascii(char c) {
        room(1);
        bytes[size++] = (byte) c;
        return this;
    }

    TextOut ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    TextOut utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        room(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /** A float in its shortest round-trip form ({@link Float#toString}), NaN and infinities as {@code nonFinite}. */
    TextOut number(float f, String nan, String infinity) {
        if (Float.isNaN(f)) {
            return ascii(nan);
        }
        if (Float.isInfinite(f)) {
            return ascii(f > 0 ? infinity : "-" + infinity);
        }
        return ascii(Float.toString(f));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void room(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
        }
    }
}
