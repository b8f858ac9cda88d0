package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FormatsTest {
    private static final InputSchema SCHEMA = InputSchema.numeric(2);

    private static String accepted(String accept, String requestType, String defaultAccept) {
        return Formats.encoder(accept, requestType, defaultAccept).contentType();
    }

    @Test
    void decoderByContentTypeIgnoringCaseAndParameters() {
        assertThat(Formats.decoder("Text/CSV; charset=utf-8", SCHEMA, 1, 10, b -> { })).isInstanceOf(CsvDecoder.class);
        assertThat(Formats.decoder("text/csv;label_size=0", SCHEMA, 1, 10, b -> { })).isInstanceOf(CsvDecoder.class);
        assertThat(Formats.decoder("APPLICATION/JSON", SCHEMA, 1, 10, b -> { })).isInstanceOf(JsonDecoder.class);
        for (String t : List.of("application/jsonlines", "application/x-jsonlines", "application/jsonl")) {
            assertThat(Formats.decoder(t, SCHEMA, 1, 10, b -> { })).isInstanceOf(JsonLinesDecoder.class);
        }
        for (String t : List.of("text/libsvm", "text/x-libsvm")) {
            assertThat(Formats.decoder(t, SCHEMA, 1, 10, b -> { })).isInstanceOf(LibsvmDecoder.class);
        }
        assertThat(Formats.decoder("application/x-recordio-protobuf", SCHEMA, 1, 10, b -> { }))
                .isInstanceOf(RecordIoDecoder.class);
    }

    @Test
    void unsupportedContentTypeIs415NamingTypeAndSupported() {
        for (String type : new String[] {"text/plain", "application/x-protobuf", null, ""}) {
            assertThatThrownBy(() -> Formats.decoder(type, SCHEMA, 1, 10, b -> { }))
                    .isInstanceOfSatisfying(SkiffException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CONTENT_TYPE);
                        assertThat(e.code().status()).isEqualTo(415);
                        assertThat(e.getMessage()).contains(type == null || type.isEmpty() ? "no Content-Type" : type)
                                .contains("text/csv, application/json, application/jsonlines");
                    });
        }
    }

    @Test
    void absentOrWildcardAcceptFallsBackToDefaultThenRequestTypeThenCsv() {
        assertThat(accepted(null, "text/csv", "application/json")).isEqualTo("application/json");
        assertThat(accepted("*/*", "text/csv", "application/jsonlines")).isEqualTo("application/jsonlines");
        assertThat(accepted("", "application/json", null)).isEqualTo("application/json");
        assertThat(accepted("*/*", "application/x-jsonlines", "")).isEqualTo("application/jsonlines");
        assertThat(accepted(null, "text/libsvm", null)).isEqualTo("text/csv");
        assertThat(accepted(null, "application/x-recordio-protobuf", null)).isEqualTo("text/csv");
        assertThat(accepted("application/x-recordio-protobuf", "text/csv", null))
                .isEqualTo("application/x-recordio-protobuf");
        assertThat(accepted(null, null, null)).isEqualTo("text/csv");
    }

    @Test
    void acceptListsWithParametersAndQuality() {
        assertThat(accepted("application/json;verbose=True", "text/csv", null)).isEqualTo("application/json");
        assertThat(accepted("text/*", "application/json", null)).isEqualTo("text/csv");
        assertThat(accepted("text/html, application/jsonlines;q=0.5", "text/csv", null))
                .isEqualTo("application/jsonlines");
        assertThat(accepted("text/csv;q=0.2, application/json;q=0.9", "text/csv", null)).isEqualTo("application/json");
        assertThat(accepted("application/json;q=0, text/csv", "application/json", null)).isEqualTo("text/csv");
        assertThat(accepted("APPLICATION/X-JSONLINES", "text/csv", null)).isEqualTo("application/jsonlines");
    }

    @Test
    void batchTransformAnswersJsonOneValuePerLine() {
        ResponseEncoder json = Formats.encoder("application/json", "text/csv", null, true);
        assertThat(json.contentType()).isEqualTo("application/json");
        assertThat(new String(json.encode(Predictions.scores(new float[] {0.5f, 1f}, 1), true),
                StandardCharsets.UTF_8)).isEqualTo("0.5\n1.0\n");
        assertThat(json.begin()).isEmpty();
        assertThat(json.end()).isEmpty();
        for (String accept : List.of("text/csv", "application/jsonlines", "application/x-recordio-protobuf")) {
            assertThat(Formats.encoder(accept, "text/csv", null, true))
                    .isSameAs(Formats.encoder(accept, "text/csv", null, false));
        }
        assertThat(Formats.encoder(null, "application/json", null, false).begin()).isNotEmpty();
    }

    @Test
    void nothingAcceptableIs406NamingWhatWasAsked() {
        for (String accept : new String[] {"text/html", "application/json;q=0", "image/png, text/plain;q=0.1"}) {
            assertThatThrownBy(() -> Formats.encoder(accept, "text/csv", null))
                    .isInstanceOfSatisfying(SkiffException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_ACCEPT);
                        assertThat(e.code().status()).isEqualTo(406);
                        assertThat(e.getMessage()).contains(accept)
                                .contains("text/csv, application/json, application/jsonlines");
                    });
        }
        assertThatThrownBy(() -> Formats.encoder(null, "text/csv", "text/html"))
                .isInstanceOfSatisfying(SkiffException.class, e -> assertThat(e.getMessage()).contains("text/html"));
    }

    @Test
    void codecPackageNeverImportsNetty() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/skiff/codec"))) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            for (Path p : sources) {
                assertThat(Files.readString(p)).as(p.toString()).doesNotContain("io.netty");
            }
        }
    }
}
