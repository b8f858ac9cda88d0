package dev.skiff.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time ("SIMD within a register"): a {@code long} read from a byte array, little-endian, so the
 * byte at the lowest index is the lowest byte of the word. The line framer and the CSV decoder use it to skip bytes
 * that cannot end a record, and the decimal parser to read a fraction's digits; the last few bytes before the limit
 * are looked at one at a time.
 */
final class Swar {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LF = '\n' * ONES;
    private static final long QUOTE = '"' * ONES;
    private static final long HIGH_NIBBLES = 0xf0 * ONES;
    private static final long DIGIT_HIGH = '0' * ONES;
    private static final long SIXES = 6 * ONES;

    private Swar() {
    }

    /** The eight bytes {@code b[i, i + 8)}; the caller checks {@code i + 8 <= b.length}. */
    private static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Whether any byte of {@code x} is zero (exact as a yes/no answer). */
    private static boolean anyZero(long x) {
        return ((x - ONES) & ~x & HIGHS) != 0;
    }

    /** The first index in {@code [i, to)} whose byte is LF or a double quote, or an index whose word may hold one. */
    static int skipToLfOrQuote(byte[] b, int i, int to) {
        while (i + 8 <= to) {
            long x = word(b, i);
            if (anyZero(x ^ LF) || anyZero(x ^ QUOTE)) {
                return i;
            }
            i += 8;
        }
        return i;
    }

    /** The first index in {@code [i, to)} whose byte is LF, or {@code -1}. */
    static int indexOfLf(byte[] b, int i, int to) {
        while (i + 8 <= to && !anyZero(word(b, i) ^ LF)) {
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** How many of the eight bytes {@code b[i, i + 8)} are ASCII digits before the first one that is not (0 to 8). */
    static int leadingDigits(byte[] b, int i) {
        long x = word(b, i);
        // a digit's high nibble is 3, and stays 3 when 6 is added (no carry out of a low nibble of 0 to 9); a carry
        // out of a byte of 0xfa or more only changes bytes after that byte, which is not a digit itself
        long notDigit = ((x & HIGH_NIBBLES) ^ DIGIT_HIGH) | (((x + SIXES) & HIGH_NIBBLES) ^ DIGIT_HIGH);
        return Long.numberOfTrailingZeros(notDigit) >>> 3;
    }

    /**
     * The value of the {@code n} (0 to 8) ASCII digits {@code b[i, i + n)}, first digit most significant; the caller
     * checks {@code i + 8 <= b.length}. The digits are shifted to the top of the word (zeros before them), then
     * pairs, quads and octets of digits are combined with one multiplication each.
     */
    static long digitsValue(byte[] b, int i, int n) {
        if (n == 0) {
            return 0;
        }
        long v = (word(b, i) - DIGIT_HIGH) << (8 * (8 - n)); // a borrow only reaches bytes after the digits
        v = (v * 10 + (v >>> 8)) & 0x00ff00ff00ff00ffL;
        v = (v * 100 + (v >>> 16)) & 0x0000ffff0000ffffL;
        return (v * 10000 + (v >>> 32)) & 0xffffffffL;
    }
}
