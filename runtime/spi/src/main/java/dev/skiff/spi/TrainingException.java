package dev.skiff.spi;

/**
 * A training failure whose message is the one readable line SageMaker shows as the job's failure reason
 * ({@code /opt/ml/output/failure}): what went wrong and how to fix it, for example
 * {@code hyperparameter max_depth='abc' is not an integer} or {@code channel 'train' is empty}.
 *
 * <p>Thrown by Skiff's training accessors ({@link Hyperparameters}, {@link TrainingContext#channel}) and by trainers
 * themselves. Keep the message to one line; the cause, if any, goes to the log with its stack trace.
 */
public final class TrainingException extends RuntimeException {
    public TrainingException(String reason) {
        super(reason);
    }

    public TrainingException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
