package dev.skiff.codec;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.util.List;

/**
 * The body formats Skiff speaks, by media type. To add one (e.g. {@code text/libsvm} for XGBoost), add a constant
 * with its media types, its decoder and its encoder ({@code null} for an input-only format): {@link Formats}
 * picks it up for both Content-Type and Accept.
 */
enum Format {
    CSV("text/csv", List.of(), new CsvEncoder()) {
        @Override
        RecordDecoder decoder(RowCollector rows, InputSchema schema, int maxRowBytes) {
            return new CsvDecoder(rows, schema.numeric(), maxRowBytes);
        }
    },
    JSON("application/json", List.of(), new JsonEncoder()) {
        @Override
        RecordDecoder decoder(RowCollector rows, InputSchema schema, int maxRowBytes) {
            return new JsonDecoder(rows, maxRowBytes);
        }
    },
    JSON_LINES("application/jsonlines", List.of("application/x-jsonlines", "application/jsonl"),
            new JsonLinesEncoder("application/jsonlines")) {
        @Override
        RecordDecoder decoder(RowCollector rows, InputSchema schema, int maxRowBytes) {
            return new JsonLinesDecoder(rows, maxRowBytes);
        }
    },
    /** SageMaker's built-in algorithms' format: RecordIO frames of {@code aialgs.data.Record} protobuf messages. */
    RECORDIO(RecordIoEncoder.MEDIA_TYPE, List.of(), new RecordIoEncoder()) {
        @Override
        RecordDecoder decoder(RowCollector rows, InputSchema schema, int maxRowBytes) {
            return new RecordIoDecoder(rows, schema.featureCount(), maxRowBytes, false);
        }
    },
    /** Input only: SageMaker's XGBoost container reads it, no container answers in it. */
    LIBSVM("text/libsvm", List.of("text/x-libsvm"), null) {
        @Override
        RecordDecoder decoder(RowCollector rows, InputSchema schema, int maxRowBytes) {
            if (schema.featureCount() == InputSchema.ANY) {
                throw SkiffException.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE, "text/libsvm needs a model with a "
                        + "fixed feature count (a libsvm row does not say how wide it is); this model takes rows of "
                        + "any width: send text/csv or JSON");
            }
            return new LibsvmDecoder(rows, schema.featureCount(), maxRowBytes);
        }
    };

    private final String mediaType;
    private final List<String> aliases;
    private final ResponseEncoder encoder;

    Format(String mediaType, List<String> aliases, ResponseEncoder encoder) {
        this.mediaType = mediaType;
        this.aliases = aliases;
        this.encoder = encoder;
    }

    abstract RecordDecoder decoder(RowCollector rows, InputSchema schema, int maxRowBytes);

    /** The canonical media type, e.g. {@code text/csv}. */
    String mediaType() {
        return mediaType;
    }

    /** The encoder, or {@code null} when the format is accepted as input only. */
    ResponseEncoder encoder() {
        return encoder;
    }

    /** The format of a media type (parameters and case ignored), or {@code null}. */
    static Format of(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        String bare = Formats.bare(mediaType);
        for (Format f : values()) {
            if (f.mediaType.equals(bare) || f.aliases.contains(bare)) {
                return f;
            }
        }
        return null;
    }
}
