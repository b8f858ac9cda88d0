package dev.skiff.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code skiff train}: runs the SageMaker training job under {@code SKIFF_ML_ROOT} (default {@code /opt/ml}).
 *
 * <p>SIGTERM (StopTrainingJob, spot interruption) starts the JVM's shutdown; the hook below turns it into a
 * cooperative stop: it raises the stop flag, gives the trainer {@code SKIFF_STOP_GRACE_SECONDS} to save a checkpoint
 * and return, then ends the process with the run's own exit code ({@link TrainingJob#STOPPED} after a stop).
 */
public final class TrainMain {
    private static final Logger LOG = LoggerFactory.getLogger(TrainMain.class);

    private TrainMain() {
    }

    public static void main(String[] args) {
        TrainSettings settings;
        ClusterSettings cluster;
        try {
            settings = TrainSettings.fromEnvironment(System.getenv());
            cluster = ClusterSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            failEarly(e.getMessage());
            return;
        }
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(TrainingJob.STOPPED);
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> onShutdown(settings, stop, finished, exitCode), "skiff-stop"));
        exitCode.set(new TrainingJob(settings, cluster, stop, TrainMain.class.getClassLoader(),
                Runtime.getRuntime()::halt).run());
        finished.countDown();
        System.exit(exitCode.get());
    }

    /**
     * Runs a job in this JVM, without signal handling: for tests and embedding. Returns the exit code {@link #main}
     * would end with (0 completed, 1 failed, 143 stopped).
     *
     * @throws IllegalArgumentException when a {@code SKIFF_*} setting is unusable
     */
    public static int run(Map<String, String> environment) {
        return new TrainingJob(TrainSettings.fromEnvironment(environment), ClusterSettings.fromEnvironment(environment),
                new StopSignal(), TrainMain.class.getClassLoader(),
                code -> LOG.error("the trainer did not return after the group failed; not ending this JVM")).run();
    }

    /** A setting is unusable: the job fails before it starts, with the reason where SageMaker looks for it. */
    private static void failEarly(String reason) {
        LOG.error("skiff train: {}", reason);
        String root = System.getenv().getOrDefault("SKIFF_ML_ROOT", "/opt/ml");
        try {
            Path mlRoot = Path.of(root.isBlank() ? "/opt/ml" : root.trim());
            new FailureFile(new MlLayout(mlRoot).failureFile()).write(reason);
        } catch (IOException | RuntimeException e) {
            LOG.error("could not write the failure file under {}", root, e);
        }
        System.exit(TrainingJob.FAILED);
    }

    /**
     * Runs on every exit. After a normal end it only confirms the code; after SIGTERM it waits (bounded) for the
     * run to finish. {@code halt} because {@code System.exit} cannot set the code once a signal began the shutdown.
     */
    private static void onShutdown(TrainSettings settings, StopSignal stop, CountDownLatch finished,
                                   AtomicInteger exitCode) {
        if (finished.getCount() > 0) {
            stop.request();
            LOG.warn("SIGTERM: asking the trainer to stop; it has {} s to checkpoint and return",
                    settings.stopGrace().toSeconds());
            try {
                if (!finished.await(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.error("the trainer did not return within {} s of SIGTERM; exiting without waiting longer",
                            settings.stopGrace().toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime.getRuntime().halt(exitCode.get());
    }
}
