package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.InputSchema;
import java.util.Random;

/**
 * Decodes a body whole, then cut at every byte offset, byte by byte, in random pieces and from direct buffers,
 * and asserts that every way gives the same rows, batches and error as the whole body.
 */
final class Splits {
    private Splits() {
    }

    static Decoding.Result decodeEveryWay(String type, InputSchema schema, String body) {
        return decodeEveryWay(type, schema, Decoding.MAX_ROW_BYTES, Decoding.utf8(body));
    }

    static Decoding.Result decodeEveryWay(String type, InputSchema schema, int maxRowBytes, byte[] body) {
        return decodeEveryWay(type, schema, maxRowBytes, body, false);
    }

    /** As above, through {@link Formats#trainingDecoder} when {@code training}. */
    static Decoding.Result decodeEveryWay(String type, InputSchema schema, int maxRowBytes, byte[] body,
                                          boolean training) {
        Decoding.Result whole = Decoding.run(type, schema, maxRowBytes, body, new int[0], false, training);
        for (int k = 0; k <= body.length; k++) {
            assertSame(whole, Decoding.run(type, schema, maxRowBytes, body, new int[] {k}, k % 2 == 0, training),
                    "cut at byte " + k);
        }
        int[] everyByte = new int[Math.max(0, body.length - 1)];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertSame(whole, Decoding.run(type, schema, maxRowBytes, body, everyByte, false, training), "byte by byte");
        Random random = new Random(body.length);
        for (int trial = 0; trial < 20 && body.length > 2; trial++) {
            int a = random.nextInt(body.length);
            int b = random.nextInt(body.length);
            int[] cuts = {Math.min(a, b), Math.max(a, b)};
            assertSame(whole, Decoding.run(type, schema, maxRowBytes, body, cuts, trial % 2 == 0, training),
                    "cut at " + cuts[0] + " and " + cuts[1]);
        }
        return whole;
    }

    private static void assertSame(Decoding.Result whole, Decoding.Result split, String how) {
        assertThat(split).as(how).isEqualTo(whole);
    }
}
