package dev.skiff.spi;

/**
 * The one exception Skiff turns into an error response: it carries its {@link ErrorCode} (status and stable code)
 * and, for bad input, the 1-based row and the column or field that caused it.
 *
 * <p>Model code throws it to reject input with a 4xx, typically from {@link ModelHooks#validate}:
 * {@code throw SkiffException.badRow(ErrorCode.INVALID_INPUT, row, "density", "density 1.3 is outside (0, 1)")}.
 * Any other exception thrown by model code is answered as a 500 with a generic message (its details go to the log).
 */
public final class SkiffException extends RuntimeException {
    /** Row or column not known. */
    public static final long UNKNOWN = 0;

    private final ErrorCode code;
    private final long row;
    private final String column;

    private SkiffException(ErrorCode code, String message, long row, String column, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.row = row;
        this.column = column;
    }

    /** An error that concerns the request as a whole. */
    public static SkiffException of(ErrorCode code, String message) {
        return new SkiffException(code, message, UNKNOWN, null, null);
    }

    /** An error that concerns the request as a whole, keeping its cause for the log. */
    public static SkiffException of(ErrorCode code, String message, Throwable cause) {
        return new SkiffException(code, message, UNKNOWN, null, cause);
    }

    /**
     * An error in one row of the input. The message is prefixed with {@code "row N"} and, when {@code column} is
     * given, {@code ", column C"} (a 1-based index or a feature name).
     */
    public static SkiffException badRow(ErrorCode code, long row, String column, String message) {
        String where = column == null ? "row " + row : "row " + row + ", column " + column;
        return new SkiffException(code, where + ": " + message, row, column, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The 1-based row the error is about, or {@link #UNKNOWN}. */
    public long row() {
        return row;
    }

    /** The column (1-based index as text) or feature name the error is about, or {@code null}. */
    public String column() {
        return column;
    }
}
