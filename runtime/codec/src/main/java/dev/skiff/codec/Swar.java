package dev.skiff.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time ("SIMD within a register"): a {@code long} read from a byte array, little-endian, so the
 * byte at the lowest index is the lowest byte of the word. The line framer and the CSV decoder use it to skip bytes
 * that cannot end a record; the last few bytes before the limit are looked at one at a time.
 */
final class Swar {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LF = '\n' * ONES;
    private static final long QUOTE = '"' * ONES;

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
}
