package dev.skiff.transform;

/** A transform job failed; the message names the input file and the records, and is all the user is shown. */
final class TransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TransformException(String message) {
        super(message);
    }

    TransformException(String message, Throwable cause) {
        super(message, cause);
    }
}
