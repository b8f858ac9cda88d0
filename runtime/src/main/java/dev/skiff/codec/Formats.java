package dev.skiff.codec;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The codecs by media type: which request bodies Skiff reads and which answers it writes. */
public final class Formats {
    /** Makes a decoder that puts rows into a collector. */
    private interface DecoderFactory {
        RecordDecoder create(RowCollector rows, InputSchema schema, int maxRowBytes);
    }

    private static final Map<String, DecoderFactory> DECODERS = Map.of(
            "text/csv", (rows, schema, max) -> new CsvDecoder(rows, max),
            "application/json", (rows, schema, max) -> new JsonDecoder(rows, false),
            "application/jsonlines", (rows, schema, max) -> new JsonDecoder(rows, true),
            "application/x-jsonlines", (rows, schema, max) -> new JsonDecoder(rows, true),
            "application/jsonl", (rows, schema, max) -> new JsonDecoder(rows, true),
            "text/libsvm", Formats::libsvm,
            "text/x-libsvm", Formats::libsvm);

    private static final Map<String, ResponseEncoder> ENCODERS = Map.of(
            CsvEncoder.TYPE, new CsvEncoder(),
            JsonEncoder.JSON, new JsonEncoder(false),
            JsonEncoder.JSON_LINES, new JsonEncoder(true),
            "application/x-jsonlines", new JsonEncoder(true),
            "application/jsonl", new JsonEncoder(true));

    private Formats() {
    }

    /**
     * A decoder for a request body of {@code contentType} (parameters such as {@code charset} are ignored; bodies
     * are UTF-8). Rows go to {@code sink} in batches of {@code batchRows}.
     *
     * @throws SkiffException {@link ErrorCode#UNSUPPORTED_CONTENT_TYPE} for a type Skiff does not read
     */
    public static RecordDecoder decoder(String contentType, InputSchema schema, int batchRows, int maxRowBytes,
            Consumer<Batch> sink) {
        DecoderFactory factory = contentType == null ? null : DECODERS.get(mediaType(contentType));
        if (factory == null) {
            throw SkiffException.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE, (contentType == null
                    ? "the request has no Content-Type"
                    : "Content-Type '" + contentType + "' is not supported")
                    + "; send text/csv, application/json, application/jsonlines or text/libsvm");
        }
        return factory.create(new RowCollector(schema, batchRows, sink), schema, maxRowBytes);
    }

    /** libsvm rows carry no width: the model's feature count places them. */
    private static RecordDecoder libsvm(RowCollector rows, InputSchema schema, int maxRowBytes) {
        if (schema.featureCount() == InputSchema.ANY) {
            throw SkiffException.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE, "text/libsvm needs a model with a fixed "
                    + "feature count, and this model takes rows of any width; send text/csv or JSON");
        }
        return new LibsvmDecoder(rows, schema.featureCount(), maxRowBytes);
    }

    /**
     * The encoder for the answer. {@code accept} may list several types with q-values; when it is absent, empty or
     * {@code *}{@code /*}, the answer is {@code defaultAccept} if not empty, else the request's own type when Skiff
     * writes it, else CSV.
     *
     * @throws SkiffException {@link ErrorCode#UNSUPPORTED_ACCEPT} when nothing acceptable can be written
     */
    public static ResponseEncoder encoder(String accept, String requestContentType, String defaultAccept) {
        if (accept == null || accept.isBlank()) {
            return fallback(requestContentType, defaultAccept);
        }
        for (String type : byPreference(accept)) {
            if (type.equals("*/*")) {
                return fallback(requestContentType, defaultAccept);
            }
            if (type.equals("text/*")) {
                return ENCODERS.get(CsvEncoder.TYPE);
            }
            if (type.equals("application/*")) {
                return ENCODERS.get(JsonEncoder.JSON);
            }
            ResponseEncoder encoder = ENCODERS.get(type);
            if (encoder != null) {
                return encoder;
            }
        }
        throw SkiffException.of(ErrorCode.UNSUPPORTED_ACCEPT, "cannot answer in '" + accept
                + "'; Skiff answers text/csv, application/json or application/jsonlines");
    }

    private static ResponseEncoder fallback(String requestContentType, String defaultAccept) {
        if (defaultAccept != null && !defaultAccept.isBlank()) {
            ResponseEncoder configured = ENCODERS.get(mediaType(defaultAccept));
            if (configured == null) {
                throw SkiffException.of(ErrorCode.UNSUPPORTED_ACCEPT, "the default answer type '" + defaultAccept
                        + "' (SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT) is not one Skiff writes");
            }
            return configured;
        }
        ResponseEncoder same = requestContentType == null ? null : ENCODERS.get(mediaType(requestContentType));
        return same != null ? same : ENCODERS.get(CsvEncoder.TYPE);
    }

    /** The media types of an Accept header, most preferred first, without those of q=0. */
    private static List<String> byPreference(String accept) {
        record Choice(String type, double q, int order) { }
        List<Choice> choices = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            double q = 1;
            for (String param : parts[i].split(";")) {
                String p = param.trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                choices.add(new Choice(mediaType(parts[i]), q, i));
            }
        }
        choices.sort(Comparator.comparingDouble(Choice::q).reversed().thenComparingInt(Choice::order));
        return choices.stream().map(Choice::type).toList();
    }

    /** {@code "Text/CSV; charset=utf-8"} is {@code "text/csv"}. */
    static String mediaType(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
