package dev.skiff.codec;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that the encoders write into, with the number formats they share: floats and doubles in
 * their shortest round-trip form (the format of {@link Float#toString} on Java 19+, via Jackson's Schubfach
 * writer, so Java 17's occasional extra digits are avoided), integers as integers.
 */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    ByteSink write(byte b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[size++] = b;
        return this;
    }

    ByteSink write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Writes a string known to be ASCII (numbers, literals). */
    ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteSink utf8(String s) {
        return write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A finite float in shortest round-trip form; the caller decides what NaN and infinities become. */
    ByteSink number(float v) {
        return ascii(NumberOutput.toString(v, true));
    }

    /** Integers as integers, floats and doubles in shortest round-trip form, big decimals as written. */
    ByteSink number(Number n) {
        if (n instanceof Float f) {
            return number(f.floatValue());
        }
        if (n instanceof Double d) {
            return ascii(NumberOutput.toString(d.doubleValue(), true));
        }
        if (n instanceof BigDecimal d) {
            return ascii(d.toString());
        }
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger) {
            return ascii(n.toString());
        }
        return ascii(NumberOutput.toString(n.doubleValue(), true));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
