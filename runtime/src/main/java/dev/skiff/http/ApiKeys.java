package dev.skiff.http;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The API keys a caller must present ({@code SKIFF_API_KEYS_FILE}), as {@code Authorization: Bearer KEY} or
 * {@code X-Api-Key: KEY}. Only SHA-256 digests are held: the file's keys are hashed when read (a line
 * {@code sha256:HEX} is already a digest), and a presented key is hashed and compared with every digest in constant
 * time ({@link MessageDigest#isEqual}), without stopping at a match. Keys never reach a log or an error message.
 */
final class ApiKeys {
    static final String HEADER = "X-Api-Key";
    private static final String HASHED = "sha256:";

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** No keys: every request is let through. */
    static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /**
     * Reads one key per line; blank lines and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException the file cannot be read, holds no key, or a {@code sha256:} line is not 64 hex
     *                                  digits (the message names the line, never a key)
     */
    static ApiKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("SKIFF_API_KEYS_FILE: cannot read " + file + " (" + e + ")");
        }
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.toLowerCase(Locale.ROOT).startsWith(HASHED)) {
                String hex = line.substring(HASHED.length()).strip();
                if (!hex.matches("[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException("SKIFF_API_KEYS_FILE " + file + ", line " + (i + 1)
                            + ": a sha256: line needs the 64 hex digits of the key's SHA-256");
                }
                digests.add(HexFormat.of().parseHex(hex));
            } else {
                digests.add(sha256(line));
            }
        }
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("SKIFF_API_KEYS_FILE " + file + " holds no key: nobody could call");
        }
        return new ApiKeys(List.copyOf(digests));
    }

    boolean required() {
        return !digests.isEmpty();
    }

    int count() {
        return digests.size();
    }

    /** Throws {@link ErrorCode#UNAUTHORIZED} unless the headers carry a known key (or no key is required). */
    void check(HttpHeaders headers) {
        if (!required()) {
            return;
        }
        String bearer = bearer(headers.get(HttpHeaderNames.AUTHORIZATION));
        String header = headers.get(HEADER);
        if (bearer == null && header == null) {
            throw SkiffException.of(ErrorCode.UNAUTHORIZED,
                    "an API key is required: send Authorization: Bearer KEY or " + HEADER + ": KEY");
        }
        boolean known = (bearer != null && known(bearer)) | (header != null && known(header.strip()));
        if (!known) {
            throw SkiffException.of(ErrorCode.UNAUTHORIZED, "the API key is not valid");
        }
    }

    private boolean known(String key) {
        byte[] presented = sha256(key);
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented); // every digest compared: no early exit
        }
        return match;
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        return value.substring(space + 1).strip();
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible); // every JDK has SHA-256
        }
    }
}
