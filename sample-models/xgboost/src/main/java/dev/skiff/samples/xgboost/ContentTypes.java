package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;

import java.util.Locale;
import java.util.Optional;

/**
 * The one place a training channel's {@code ContentType} becomes a data format, as SageMaker's XGBoost container
 * resolves it ({@code data_utils.get_content_type}): no ContentType is libsvm; {@code csv}, {@code text/csv} and
 * {@code text/csv; label_size=1} are CSV (another label_size fails); {@code libsvm}, {@code text/libsvm},
 * {@code text/x-libsvm} are libsvm; {@code recordio-protobuf} and {@code application/x-recordio-protobuf} are
 * RecordIO-protobuf; case and parameters ({@code ;charset=utf-8}) are tolerated. Parquet is recognised but not read:
 * it fails naming the channel, as does any other type.
 */
final class ContentTypes {
    /** What a channel holds. All but PARQUET are read. */
    enum Format {
        CSV, LIBSVM, RECORDIO_PROTOBUF, PARQUET;

        boolean readable() {
            return this != PARQUET;
        }
    }

    private static final String READABLE = "text/csv (label first, no header), text/libsvm or"
            + " application/x-recordio-protobuf";

    private ContentTypes() {
    }

    /**
     * The format of channel {@code channel} declared as {@code declared}; a type Skiff cannot read fails with a
     * {@link TrainingException} that names the channel and the value.
     */
    static Format resolve(String channel, Optional<String> declared) {
        Format format = recognise(channel, declared);
        if (format == Format.PARQUET) {
            throw refused(channel, declared.orElseThrow(), "which is not supported (Parquet)");
        }
        return format;
    }

    /** As {@link #resolve}, but Parquet is returned rather than refused. */
    static Format recognise(String channel, Optional<String> declared) {
        if (declared.isEmpty() || declared.get().isBlank()) {
            return Format.LIBSVM;
        }
        String value = declared.get();
        String[] parts = value.toLowerCase(Locale.ROOT).split(";");
        String base = parts[0].trim();
        switch (base) {
            case "csv", "text/csv" -> {
                labelSize(parts).filter(size -> !size.equals("1")).ifPresent(size -> {
                    throw new TrainingException("channel '" + channel + "' has ContentType '" + value
                            + "': label_size must be 1 (XGBoost trains on one label column)");
                });
                return Format.CSV;
            }
            case "libsvm", "text/libsvm", "text/x-libsvm" -> {
                return Format.LIBSVM;
            }
            case "recordio-protobuf", "application/x-recordio-protobuf" -> {
                return Format.RECORDIO_PROTOBUF;
            }
            case "parquet", "application/x-parquet" -> {
                return Format.PARQUET;
            }
            default -> throw refused(channel, value, "which XGBoost training does not read");
        }
    }

    /** The {@code label_size} parameter's value, unquoted, if the type has one. */
    private static Optional<String> labelSize(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && parts[i].substring(0, eq).trim().equals("label_size")) {
                return Optional.of(parts[i].substring(eq + 1).trim().replace("\"", ""));
            }
        }
        return Optional.empty();
    }

    private static TrainingException refused(String channel, String value, String why) {
        return new TrainingException("channel '" + channel + "' has ContentType '" + value + "', " + why
                + ": use " + READABLE);
    }
}
