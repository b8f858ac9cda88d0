package dev.skiff.codec;

import static dev.skiff.codec.Decoding.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.spi.InputSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesDecoderTest {
    private static final InputSchema THREE = InputSchema.numeric(3);

    private static Decoding.Result decode(String type, InputSchema schema, String body) {
        Decoding.Result r = Splits.decodeEveryWay(type, schema, body);
        assertThat(r.error()).isNull();
        return r;
    }

    @Test
    void rowFormsOnePerLine() {
        Decoding.Result r = decode("application/jsonlines", THREE,
                "[1, 2, 3]\n{\"features\": [4, 5, 6]}\r\n\n   \n[7, 8, null]");
        assertThat(r.rows()).containsExactly(floats(1, 2, 3), floats(4, 5, 6), floats(7, 8, Float.NaN));
        assertThat(r.batches()).containsExactly("1+2", "3+1");
    }

    @Test
    void namedRowsAndAliases() {
        InputSchema named = InputSchema.named(List.of("x", "y"), true);
        String body = "\uFEFF{\"y\": 2, \"x\": 1}\n{\"x\": -0}\n";
        for (String type : List.of("application/jsonlines", "application/x-jsonlines", "Application/JSONL")) {
            assertThat(decode(type, named, body).rows()).containsExactly(floats(1, 2), floats(-0f, Float.NaN));
        }
    }
}
