package dev.skiff.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Random bodies for the fuzz tests: random bytes, runs of bytes that mean something to some decoder, and valid
 * bodies mutated (bytes replaced, inserted, deleted, runs repeated). Seeded: a failure names its seed, and
 * {@code -Dskiff.fuzz.seed=S} replays it; {@code -Dskiff.fuzz.tries=N} sets how many bodies a test tries (README:
 * a bounded number in every build, a long run by hand).
 */
public final class Fuzz {
    /** Bytes that mean something to some decoder, and some that mean nothing. */
    private static final byte[] SPECIAL = "\"',\n\r\t :#[]{}-+.eE0019nNiIfF\\".getBytes(StandardCharsets.US_ASCII);

    private Fuzz() {
    }

    /** {@code skiff.fuzz.seed} when set, else a fresh one; printed, so that a run can be replayed. */
    public static long seed(String test) {
        String given = System.getProperty("skiff.fuzz.seed", "");
        long seed = given.isBlank() ? new Random().nextLong() : Long.parseLong(given.trim());
        System.out.println(test + ": -Dskiff.fuzz.seed=" + seed);
        return seed;
    }

    /** {@code skiff.fuzz.tries} when set, else {@code bounded} (what every build runs). */
    public static int tries(int bounded) {
        String given = System.getProperty("skiff.fuzz.tries", "");
        return given.isBlank() ? bounded : Integer.parseInt(given.trim());
    }

    /** One random body: a mutated seed most of the time, else random bytes or a run of meaningful bytes. */
    public static byte[] body(Random random, List<String> seeds) {
        int kind = random.nextInt(6);
        if (kind == 0) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            return b;
        }
        if (kind == 1) {
            byte[] b = new byte[random.nextInt(120)];
            for (int i = 0; i < b.length; i++) {
                b[i] = SPECIAL[random.nextInt(SPECIAL.length)];
            }
            return b;
        }
        byte[] body = seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8);
        for (int m = random.nextInt(7); m > 0; m--) {
            body = mutate(random, body);
        }
        return body;
    }

    private static byte[] mutate(Random random, byte[] body) {
        int pos = random.nextInt(body.length + 1);
        int len = Math.min(body.length - Math.min(pos, body.length), 1 + random.nextInt(8));
        byte value = random.nextBoolean() ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
        byte[] out;
        switch (random.nextInt(4)) {
            case 0 -> { // replace one byte
                out = body.clone();
                if (pos < out.length) {
                    out[pos] = value;
                }
            }
            case 1 -> { // insert one byte
                out = new byte[body.length + 1];
                System.arraycopy(body, 0, out, 0, pos);
                out[pos] = value;
                System.arraycopy(body, pos, out, pos + 1, body.length - pos);
            }
            case 2 -> { // delete a run
                out = new byte[body.length - len];
                System.arraycopy(body, 0, out, 0, pos);
                System.arraycopy(body, pos + len, out, pos, body.length - pos - len);
            }
            default -> { // repeat a run
                out = new byte[body.length + len];
                System.arraycopy(body, 0, out, 0, pos + len);
                System.arraycopy(body, pos, out, pos + len, body.length - pos);
            }
        }
        return out;
    }

    /** Random cut points in {@code [0, length]}, ascending. */
    public static int[] cuts(Random random, int length) {
        int[] cuts = new int[random.nextInt(5)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = random.nextInt(length + 1);
        }
        java.util.Arrays.sort(cuts);
        return cuts;
    }

    /** A body as Java string literal text, for failure messages. */
    public static String show(byte[] body) {
        StringBuilder s = new StringBuilder("\"");
        for (byte b : body) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                s.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.append('"').toString();
    }
}
