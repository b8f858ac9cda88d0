package dev.skiff.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path tmp;

    private ApiKeys keys(String text) throws Exception {
        Path file = tmp.resolve("keys");
        Files.writeString(file, text);
        return ApiKeys.read(file);
    }

    private static HttpHeaders headers(String name, String value) {
        return new DefaultHttpHeaders().set(name, value);
    }

    private static void assertRefused(ApiKeys keys, HttpHeaders headers, String message) {
        assertThatThrownBy(() -> keys.check(headers)).isInstanceOf(SkiffException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((SkiffException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void plainAndHashedKeysAreAcceptedByEitherHeader() throws Exception {
        String hashed = HexFormat.of().formatHex(ApiKeys.sha256("second-key"));
        ApiKeys keys = keys("# team keys\nfirst-key\n\n  sha256:" + hashed.toUpperCase() + "  \n");
        assertThat(keys.count()).isEqualTo(2);
        keys.check(headers("Authorization", "Bearer first-key"));
        keys.check(headers("Authorization", "bearer   second-key"));
        keys.check(headers("X-Api-Key", "second-key"));
        keys.check(new DefaultHttpHeaders().set("Authorization", "Basic abc").set("X-Api-Key", "first-key"));
    }

    @Test
    void missingOrWrongKeysAreRefusedWithoutEchoingThem() throws Exception {
        ApiKeys keys = keys("first-key\n");
        assertRefused(keys, new DefaultHttpHeaders(), "an API key is required");
        assertRefused(keys, headers("Authorization", "Basic Zmlyc3Qta2V5"), "an API key is required");
        assertRefused(keys, headers("Authorization", "Bearer first-kez"), "not valid");
        assertRefused(keys, headers("X-Api-Key", "first-key-and-more"), "not valid");
        assertThatThrownBy(() -> keys.check(headers("X-Api-Key", "guess-123")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("guess-123"));
        // the hash of a key is not the key
        assertRefused(keys, headers("X-Api-Key", HexFormat.of().formatHex(ApiKeys.sha256("first-key"))), "not valid");
    }

    @Test
    void aFileWithoutKeysOrWithABadHashIsRefusedNamingTheLine() throws Exception {
        assertThatThrownBy(() -> keys("# nothing here\n\n")).hasMessageContaining("holds no key");
        assertThatThrownBy(() -> keys("ok-key\nsha256:abc\n")).hasMessageContaining("line 2")
                .hasMessageNotContaining("ok-key");
        assertThatThrownBy(() -> ApiKeys.read(tmp.resolve("absent"))).hasMessageContaining("cannot read");
    }

    @Test
    void noKeysLetsEverythingThrough() {
        ApiKeys.none().check(new DefaultHttpHeaders());
        assertThat(ApiKeys.none().required()).isFalse();
    }
}
