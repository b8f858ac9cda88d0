package dev.skiff.spi;

/**
 * The one exception Skiff turns into an error response: it carries its {@link ErrorCode} (status and stable code)
 * and, for bad input, where and what as data: the 1-based row, the column or field, what was expected and what was
 * found. The message is rendered from these in one place ({@link #getMessage}): {@code "row 2, column 3: 'abc' is
 * not a number"}; code that reports the error in its own words (training names the file and line) reads the parts.
 *
 * <p>Model code throws it to reject input with a 4xx, typically from {@link ModelHooks#validate}:
 * {@code throw SkiffException.badRow(ErrorCode.INVALID_INPUT, row, "density", "density 1.3 is outside (0, 1)")}.
 * Any other exception thrown by model code is answered as a 500 with a generic message (its details go to the log).
 */
public final class SkiffException extends RuntimeException {
    /** Row not known. */
    public static final long UNKNOWN = 0;

    private final ErrorCode code;
    private final long row;
    private final String column;
    private final String problem;
    private final String expected;
    private final String got;

    private SkiffException(ErrorCode code, long row, String column, String problem, String expected, String got,
                           Throwable cause) {
        super(render(row, column, problem), cause);
        this.code = code;
        this.row = row;
        this.column = column;
        this.problem = problem;
        this.expected = expected;
        this.got = got;
    }

    /** An error that concerns the request as a whole. */
    public static SkiffException of(ErrorCode code, String message) {
        return new SkiffException(code, UNKNOWN, null, message, null, null, null);
    }

    /** An error that concerns the request as a whole, keeping its cause for the log. */
    public static SkiffException of(ErrorCode code, String message, Throwable cause) {
        return new SkiffException(code, UNKNOWN, null, message, null, null, cause);
    }

    /**
     * An error in one row of the input.
     *
     * @param column  a 1-based index as text or a feature name; {@code null} when the error concerns the whole row
     * @param problem what is wrong, without where: {@code "'abc' is not a number"}
     */
    public static SkiffException badRow(ErrorCode code, long row, String column, String problem) {
        return new SkiffException(code, row, column, problem, null, null, null);
    }

    /**
     * An error in one row where a value or a count differs from what was expected; {@code expected} and {@code got}
     * are the two as data (e.g. {@code "3"} and {@code "2"} for a row of two features where three are expected),
     * {@code problem} says it in words.
     */
    public static SkiffException mismatch(ErrorCode code, long row, String column, String problem, String expected,
                                          String got) {
        return new SkiffException(code, row, column, problem, expected, got, null);
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

    /** What is wrong, without where (the message is {@code "row R, column C: "} followed by this). */
    public String problem() {
        return problem;
    }

    /** What was expected (for a mismatch), or {@code null}. */
    public String expected() {
        return expected;
    }

    /** What was found instead (for a mismatch), or {@code null}. */
    public String got() {
        return got;
    }

    /** The one place an error's parts become its message. */
    private static String render(long row, String column, String problem) {
        if (row == UNKNOWN) {
            return column == null ? problem : "column " + column + ": " + problem;
        }
        return column == null ? "row " + row + ": " + problem : "row " + row + ", column " + column + ": " + problem;
    }
}
