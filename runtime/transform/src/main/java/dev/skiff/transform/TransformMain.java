package dev.skiff.transform;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code skiff transform}: a SageMaker batch-transform job on this machine, against a serving container (see
 * {@link TransformOptions#USAGE}). Exit 0 when every file was transformed, 1 when a request or file failed (the
 * message names the file and the records), 2 on a usage error.
 */
public final class TransformMain {
    private TransformMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args));
    }

    static int run(String... args) throws InterruptedException {
        TransformOptions options;
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
                System.err.print(TransformOptions.USAGE);
                return args.length == 0 ? 2 : 0;
            }
            options = TransformOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("skiff transform: " + e.getMessage());
            System.err.print(TransformOptions.USAGE);
            return 2;
        }
        try {
            new TransformJob(options, System.err).run();
            return 0;
        } catch (TransformException | IllegalArgumentException e) {
            System.err.println("skiff transform: failed: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("skiff transform: failed: " + e);
        }
        return 1;
    }
}
