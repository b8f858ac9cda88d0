package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time helpers against plain byte loops, on random bytes of every value from every offset. */
class SwarTest {
    @Test
    void lineFeedsAndQuotesAreFoundWhereverTheyAre() {
        Random random = new Random(12);
        for (int trial = 0; trial < 1000; trial++) {
            byte[] b = new byte[1 + random.nextInt(60)];
            for (int i = 0; i < b.length; i++) {
                int k = random.nextInt(40);
                b[i] = k == 0 ? (byte) '\n' : k == 1 ? (byte) '"' : (byte) random.nextInt(256);
            }
            for (int from = 0; from <= b.length; from++) {
                int lf = -1;
                int special = b.length;
                for (int i = from; i < b.length; i++) {
                    if (b[i] == '\n' && lf < 0) {
                        lf = i;
                    }
                    if ((b[i] == '\n' || b[i] == '"') && special == b.length) {
                        special = i;
                    }
                }
                assertThat(Swar.indexOfLf(b, from, b.length)).as(Fuzz.show(b)).isEqualTo(lf);
                int skipped = Swar.skipToLfOrQuote(b, from, b.length);
                assertThat(skipped).as(Fuzz.show(b)).isBetween(from, special);
            }
        }
    }

    @Test
    void leadingDigitsAndTheirValueMatchAByteLoop() {
        Random random = new Random(13);
        for (int trial = 0; trial < 200_000; trial++) {
            byte[] b = new byte[8];
            for (int i = 0; i < b.length; i++) { // mostly digits, sometimes any byte (0x2f, 0x3a and 0xff included)
                b[i] = random.nextInt(4) > 0 ? (byte) ('0' + random.nextInt(10)) : (byte) random.nextInt(256);
            }
            int n = 0;
            long value = 0;
            while (n < 8 && b[n] >= '0' && b[n] <= '9') {
                value = value * 10 + b[n++] - '0';
            }
            assertThat(Swar.leadingDigits(b, 0)).as(Fuzz.show(b)).isEqualTo(n);
            assertThat(Swar.digitsValue(b, 0, n)).as(Fuzz.show(b)).isEqualTo(value);
        }
    }
}
