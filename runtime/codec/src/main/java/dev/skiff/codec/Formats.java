package dev.skiff.codec;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The codec entry point: picks a {@link RecordDecoder} for a request's {@code Content-Type} and a
 * {@link ResponseEncoder} for its {@code Accept}. Media types are matched without case and without parameters
 * ({@code text/csv; charset=utf-8}, {@code application/json;verbose=True}).
 */
public final class Formats {
    private static final ResponseEncoder JSON_PER_LINE = new JsonLinesEncoder(Format.JSON.mediaType());

    private Formats() {
    }

    /**
     * A decoder for one request body.
     *
     * @param contentType the request's {@code Content-Type}
     * @param schema      the model's input schema: rows are checked against it
     * @param batchRows   rows per batch handed to {@code sink} (the last batch may be shorter)
     * @param maxRowBytes the longest row accepted, in bytes; bounds the decoder's memory
     * @param sink        receives each batch, on the calling thread, as soon as it is complete
     * @throws SkiffException {@link ErrorCode#UNSUPPORTED_CONTENT_TYPE} (415) when no format matches
     */
    public static RecordDecoder decoder(String contentType, InputSchema schema, int batchRows, int maxRowBytes,
                                        Consumer<Batch> sink) {
        return decoder(contentType, schema, batchRows, maxRowBytes, sink, false);
    }

    /**
     * A decoder for a source of training data: as {@link #decoder}, except that a RecordIO-protobuf record's row is
     * its label ({@code label["values"]}, one value) followed by its features, as a CSV training row is label first
     * (see {@link dev.skiff.codec.recordio.TrainingRecord}); {@code schema} counts the label as a column.
     */
    public static RecordDecoder trainingDecoder(String contentType, InputSchema schema, int batchRows,
                                                int maxRowBytes, Consumer<Batch> sink) {
        return decoder(contentType, schema, batchRows, maxRowBytes, sink, true);
    }

    private static RecordDecoder decoder(String contentType, InputSchema schema, int batchRows, int maxRowBytes,
                                         Consumer<Batch> sink, boolean training) {
        if (maxRowBytes <= 0) {
            throw new IllegalArgumentException("maxRowBytes must be positive, was " + maxRowBytes);
        }
        Format format = Format.of(contentType);
        if (format == null) {
            String given = contentType == null || contentType.isBlank() ? "no Content-Type" : "'" + contentType + "'";
            throw SkiffException.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE,
                    "cannot decode " + given + "; supported: " + supported(false));
        }
        RowCollector rows = new RowCollector(schema, batchRows, sink);
        if (training && format == Format.RECORDIO) {
            return new RecordIoDecoder(rows, schema.featureCount(), maxRowBytes, true);
        }
        return format.decoder(rows, schema, maxRowBytes);
    }

    /**
     * The encoder for a request's {@code Accept} header: a comma-separated list of media ranges with optional
     * parameters and q-values, tried from the highest q (ties in header order; q=0 means "not this").
     * {@code text/*} means CSV and {@code application/*} JSON. When {@code Accept} is absent, empty or
     * {@code *}{@code /*}: {@code defaultAccept} when it is non-empty, else the request's type when it is CSV, JSON
     * or JSON Lines, else CSV.
     *
     * <p>Under batch transform ({@code batchTransform}, SageMaker's {@code SAGEMAKER_BATCH}) every answer is one
     * record per line with a final newline, whatever the type, so that SageMaker can split and join it by line
     * ({@code AssembleWith=Line}, {@code JoinSource=Input}): CSV, JSON Lines and RecordIO already are; JSON is then
     * one JSON value per line (the elements of the {@code predictions} array) rather than one object.
     *
     * @throws SkiffException {@link ErrorCode#UNSUPPORTED_ACCEPT} (406) when nothing acceptable can be written
     */
    public static ResponseEncoder encoder(String accept, String requestContentType, String defaultAccept,
                                          boolean batchTransform) {
        ResponseEncoder encoder = encoder(accept, requestContentType, defaultAccept);
        return batchTransform && encoder == Format.JSON.encoder() ? JSON_PER_LINE : encoder;
    }

    static ResponseEncoder encoder(String accept, String requestContentType, String defaultAccept) {
        if (accept == null || accept.isBlank()) {
            return byDefault(requestContentType, defaultAccept);
        }
        for (String range : byQuality(accept)) {
            switch (range) {
                case "*/*":
                    return byDefault(requestContentType, defaultAccept);
                case "text/*":
                    return Format.CSV.encoder();
                case "application/*":
                    return Format.JSON.encoder();
                default:
                    Format f = Format.of(range);
                    if (f != null && f.encoder() != null) {
                        return f.encoder();
                    }
            }
        }
        throw SkiffException.of(ErrorCode.UNSUPPORTED_ACCEPT,
                "cannot answer in any type of Accept '" + accept + "'; supported: " + supported(true));
    }

    private static ResponseEncoder byDefault(String requestContentType, String defaultAccept) {
        if (defaultAccept != null && !defaultAccept.isBlank() && !bare(defaultAccept).equals("*/*")) {
            Format f = Format.of(defaultAccept);
            if (f == null || f.encoder() == null) {
                throw SkiffException.of(ErrorCode.UNSUPPORTED_ACCEPT, "the default Accept '" + defaultAccept
                        + "' is not a supported response type; supported: " + supported(true));
            }
            return f.encoder();
        }
        // A RecordIO request without Accept gets CSV, as from SageMaker's XGBoost container: clients that send it
        // (the SDK's RecordSerializer with the default deserializer) read the answer as text.
        Format request = Format.of(requestContentType);
        return request != null && request.encoder() != null && request != Format.RECORDIO
                ? request.encoder() : Format.CSV.encoder();
    }

    /** The bare media ranges of an Accept header with q > 0, best first (a stable sort keeps header order). */
    private static List<String> byQuality(String accept) {
        record Range(String type, double q) {
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : accept.split(",")) {
            String[] params = part.split(";");
            String type = bare(params[0]);
            double q = 1;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                    q = quality(p.substring(2));
                }
            }
            if (q > 0 && !type.isEmpty()) {
                ranges.add(new Range(type, q));
            }
        }
        ranges.sort(Comparator.comparingDouble(Range::q).reversed());
        return ranges.stream().map(Range::type).toList();
    }

    private static double quality(String q) {
        try {
            return Double.parseDouble(q.trim());
        } catch (NumberFormatException e) {
            return 1; // a malformed q-value is ignored, as if absent
        }
    }

    private static String supported(boolean output) {
        return Arrays.stream(Format.values())
                .filter(f -> !output || f.encoder() != null)
                .map(Format::mediaType)
                .collect(Collectors.joining(", "));
    }

    /** A media type without parameters, trimmed, lower case: {@code "Text/CSV; charset=utf-8"} is "text/csv". */
    public static String bare(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        String type = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
