package dev.skiff.samples.xgboost;

import java.nio.charset.StandardCharsets;

/**
 * Finds one string value by its object path (or a top-level value's bytes) in a Universal Binary JSON document,
 * skipping everything else without building it (tree arrays are skipped by their byte size). Covers what XGBoost
 * writes: objects, plain and typed/counted arrays, strings, integers, floats, booleans and null.
 */
final class UbjStrings {
    /** A string value: {@code start} is its {@code S} marker, {@code end} one past its last byte. */
    record Found(int start, int end, String text) {
    }

    private final byte[] doc;
    private int pos;

    private UbjStrings(byte[] doc) {
        this.doc = doc;
    }

    /** The bytes {@code [start, end)} of the value under top-level key {@code key}, or {@code null} when absent. */
    static int[] valueRange(byte[] doc, String key) {
        try {
            UbjStrings u = new UbjStrings(doc);
            if (doc[u.pos++] != '{') {
                return null;
            }
            while (doc[u.pos] != '}') {
                String k = u.readString(doc[u.pos++]);
                int start = u.pos;
                u.skipValue(doc[u.pos++]);
                if (k.equals(key)) {
                    return new int[] {start, u.pos};
                }
            }
            return null;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated UBJSON document", e);
        }
    }

    /** The string at {@code path} (object keys from the root), or {@code null} when absent or not a string. */
    static Found find(byte[] doc, String... path) {
        try {
            return new UbjStrings(doc).findIn(path);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated UBJSON model", e);
        }
    }

    private Found findIn(String[] path) {
        int depth = 0;
        if (doc[pos++] != '{') {
            return null;
        }
        while (true) {
            if (doc[pos] == '}') {
                return null;
            }
            String key = readString(doc[pos++]);
            if (key.equals(path[depth])) {
                if (depth == path.length - 1) {
                    int start = pos;
                    if (doc[pos] != 'S') {
                        return null;
                    }
                    pos++;
                    String text = readString(doc[pos++]);
                    return new Found(start, pos, text);
                }
                if (doc[pos++] != '{') {
                    return null;
                }
                depth++;
            } else {
                skipValue(doc[pos++]);
            }
        }
    }

    private String readString(byte lengthMarker) {
        int length = (int) readInt(lengthMarker);
        String text = new String(doc, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return text;
    }

    private long readInt(byte marker) {
        long value = switch (marker) {
            case 'i' -> doc[pos];
            case 'U' -> doc[pos] & 0xff;
            case 'I' -> (short) ((doc[pos] & 0xff) << 8 | doc[pos + 1] & 0xff);
            case 'l' -> bigEndian(4);
            case 'L' -> bigEndian(8);
            default -> throw new IllegalArgumentException("UBJSON: expected an integer, found '" + (char) marker + "'");
        };
        pos += fixedSize(marker);
        return value;
    }

    private long bigEndian(int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = v << 8 | doc[pos + i] & 0xff;
        }
        return bytes == 4 ? (int) v : v;
    }

    private static int fixedSize(byte marker) {
        return switch (marker) {
            case 'Z', 'N', 'T', 'F' -> 0;
            case 'i', 'U', 'C' -> 1;
            case 'I' -> 2;
            case 'l', 'd' -> 4;
            case 'L', 'D' -> 8;
            default -> -1;
        };
    }

    private void skipValue(byte marker) {
        int size = fixedSize(marker);
        if (size >= 0) {
            pos += size;
            return;
        }
        switch (marker) {
            case 'S', 'H' -> skipBytes(readInt(doc[pos++]));
            case '[' -> skipContainer(']', false);
            case '{' -> skipContainer('}', true);
            default -> throw new IllegalArgumentException("UBJSON: unknown marker '" + (char) marker + "'");
        }
    }

    // Not "pos += readInt(...)": Java reads pos before readInt moves it.
    private void skipBytes(long length) {
        pos = Math.toIntExact(pos + length);
    }

    private void skipContainer(char close, boolean keyed) {
        byte type = 0;
        if (doc[pos] == '$') {
            type = doc[pos + 1];
            pos += 2;
        }
        if (doc[pos] == '#') {
            pos++;
            long count = readInt(doc[pos++]);
            int size = type == 0 ? -1 : fixedSize(type);
            if (size >= 0 && !keyed) {
                pos = Math.toIntExact(pos + count * size);
                return;
            }
            for (long i = 0; i < count; i++) {
                if (keyed) {
                    skipBytes(readInt(doc[pos++]));
                }
                skipValue(type == 0 ? doc[pos++] : type);
            }
            return;
        }
        while (doc[pos] != close) {
            if (keyed) {
                skipBytes(readInt(doc[pos++]));
            }
            skipValue(doc[pos++]);
        }
        pos++;
    }
}
