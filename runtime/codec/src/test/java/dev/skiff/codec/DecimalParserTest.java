package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalParserTest {
    private final DecimalParser parser = new DecimalParser();

    private double parse(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parser.parse(b, 2, b.length - 2)).as(s).isTrue();
        double fromBytes = parser.value();
        assertThat(parser.parse(s)).as(s).isTrue();
        assertThat(Double.doubleToRawLongBits(parser.value())).as(s).isEqualTo(Double.doubleToRawLongBits(fromBytes));
        return fromBytes;
    }

    @Test
    void agreesBitForBitWithTheJdkOnRandomDecimals() {
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            String s = randomDecimal(random);
            assertThat(Double.doubleToRawLongBits(parse(s))).as(s)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        }
    }

    @Test
    void agreesWithTheJdkOnPrintedDoublesAndFloats() {
        Random random = new Random(7);
        for (int i = 0; i < 30_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            float f = Float.intBitsToFloat(random.nextInt());
            String[] texts = {Double.toString(d), Float.toString(f), Double.toString(random.nextDouble())};
            for (String s : texts) {
                if (!s.contains("N") && !s.contains("I")) {
                    assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
                }
            }
        }
    }

    @Test
    void aNumberStopsAtItsEndWhateverBytesFollowIt() {
        Random random = new Random(9);
        for (int i = 0; i < 20_000; i++) {
            String s = randomDecimal(random);
            double expected = Double.parseDouble(s);
            // digits right after the end must not be read; at the very end of the array the byte path reads it
            for (String after : new String[] {"", "12345678901234567890", ",", "0"}) {
                byte[] b = (s + after).getBytes(StandardCharsets.ISO_8859_1);
                assertThat(parser.parse(b, 0, s.length())).as(s + after).isTrue();
                assertThat(Double.doubleToRawLongBits(parser.value())).as(s + after)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
            }
            byte[] cell = (s + ",1").getBytes(StandardCharsets.ISO_8859_1);
            assertThat(parser.number(cell, 0, cell.length)).as(s).isEqualTo(s.length());
            assertThat(parser.value()).as(s).isEqualTo(expected);
        }
    }

    @Test
    void longAndZeroPaddedNumbersAreStillCorrectlyRounded() {
        for (String s : new String[] {"9007199254740993", "9007199254740992.5", "123456789012345678",
            "1234567890123456789", "0.000000000000000000000123", "00000000000000000001.5", "1.00000000000000000000",
            "4.9e-324", "2.4703282292062327e-324", "1.7976931348623157e308",
            "17976931348623158079372897140530341507920",
            "0.1000000000000000055511151231257827", "9.999999999999999e22", "1e23", "8.98846567431158e307"}) {
            assertThat(Double.doubleToRawLongBits(parse(s))).as(s).isEqualTo(Double.doubleToRawLongBits(
                    Double.parseDouble(s)));
        }
    }

    @Test
    void missingAndSpecialValues() {
        assertThat(parse("")).isNaN();
        assertThat(parse("  \t")).isNaN();
        assertThat(parse("nan")).isNaN();
        assertThat(parse("NaN")).isNaN();
        assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("+Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Double.doubleToRawLongBits(parse("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(parse("-0.000e5"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(parse(" 1.5 ")).isEqualTo(1.5);
        assertThat(parse("1e99999")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("1e-99999")).isEqualTo(0.0);
        assertThat(parse("0." + "0".repeat(400) + "1e400")).isEqualTo(0.1);
    }

    @Test
    void rejectsWhatIsNotInTheGrammar() {
        for (String s : new String[] {".", "+", "-", "e5", "1e", "1e+", "1.2.3", "--1", "1 2", "0x10", "1.5f", "1d",
            "NA", "null", "1,5", "1_000", "infinit", "nanx", "٣", "1é"}) {
            assertThat(parser.parse(s)).as(s).isFalse();
        }
    }

    private static String randomDecimal(Random random) {
        StringBuilder s = new StringBuilder();
        if (random.nextInt(4) == 0) {
            s.append(random.nextBoolean() ? '-' : '+');
        }
        int intDigits = random.nextInt(12);
        for (int i = 0; i < intDigits; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        int fracDigits = random.nextInt(intDigits == 0 ? 12 : 14) + (intDigits == 0 ? 1 : 0);
        if (fracDigits > 0 || random.nextBoolean()) {
            s.append('.');
        }
        for (int i = 0; i < fracDigits; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        if (intDigits == 0 && fracDigits == 0) {
            s.append('0');
        }
        if (random.nextInt(3) == 0) {
            s.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(3) == 0 ? "-" : "")
                    .append(random.nextInt(random.nextBoolean() ? 30 : 330));
        }
        return s.toString();
    }
}
