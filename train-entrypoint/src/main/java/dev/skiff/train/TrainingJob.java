package dev.skiff.train;

import dev.skiff.spi.Channel;
import dev.skiff.spi.Group;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingException;
import dev.skiff.train.TrainingEnvironment.ChannelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One run of {@code skiff train}: read the job, connect to the other hosts (multi-host jobs), open its channels, pick
 * the trainer, train, finish with the other hosts, write the manifest (on the master only); on failure write the
 * one-line reason to {@code output/failure}. Returns the process exit code.
 */
final class TrainingJob {
    /** Exit codes: completed, failed (reason in output/failure), stopped by SIGTERM (128 + 15, as a shell reports). */
    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int STOPPED = 143;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    private final TrainSettings settings;
    private final ClusterSettings clusterSettings;
    private final MlLayout layout;
    private final StopSignal stop;
    private final ClassLoader parentLoader;
    private final IntConsumer halt;
    private final FailureFile failure;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final List<InputSummary> pipeInputs = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, InputSummary> fileInputs = new ConcurrentHashMap<>();
    private final ChannelRecords records;
    private volatile JobHosts hosts;
    private String trainerName;

    /** A run that never ends the process itself (tests, embedding): {@code halt} only logs. */
    TrainingJob(TrainSettings settings, StopSignal stop, ClassLoader parentLoader) {
        this(settings, ClusterSettings.fromEnvironment(Map.of()), stop, parentLoader,
                code -> LOG.error("the trainer did not return after the group failed; the run goes on waiting"));
    }

    /**
     * @param halt ends the process with the given code: used when the group has failed and the trainer does not
     *             return within {@link ClusterSettings#ABORT_GRACE} (e.g. it waits on a peer that died)
     */
    TrainingJob(TrainSettings settings, ClusterSettings clusterSettings, StopSignal stop, ClassLoader parentLoader,
                IntConsumer halt) {
        this.settings = settings;
        this.clusterSettings = clusterSettings;
        this.layout = new MlLayout(settings.mlRoot());
        this.stop = stop;
        this.parentLoader = parentLoader;
        this.halt = halt;
        this.failure = new FailureFile(layout.failureFile());
        this.records = new ChannelRecords(settings.maxRowBytes());
    }

    int run() {
        try {
            failure.clear();
            return train();
        } catch (Throwable t) {
            return failed(t);
        } finally {
            if (hosts != null) {
                hosts.close();
            }
            ended.countDown();
        }
    }

    private int failed(Throwable t) {
        JobHosts group = hosts;
        if (stop.requested() && (group == null || !group.failed())) {
            LOG.warn("stopped: the run ended with {} after the stop request", t.toString());
            finishStopped(group);
            return STOPPED;
        }
        String reason = FailureFile.oneLine(reason(t));
        try {
            reason = group == null ? reason : FailureFile.oneLine(group.failure(reason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("training failed: {}", reason, t);
        writeFailure(reason);
        return FAILED;
    }

    private void finishStopped(JobHosts group) {
        try {
            if (group != null) {
                group.finish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("the other hosts did not finish cleanly after the stop: {}", e.getMessage());
        }
    }

    private void writeFailure(String reason) {
        try {
            failure.write(reason);
        } catch (IOException e) {
            LOG.error("could not write {}", layout.failureFile(), e);
        }
    }

    /**
     * The group failed (another host failed, died or went silent): the reason goes to output/failure at once, and
     * the trainer gets {@link ClusterSettings#ABORT_GRACE} to notice ({@code stopRequested()} is now true, and its
     * collective fails) before the process is ended, so no host waits forever on a dead peer.
     */
    private void groupFailed(String reason) {
        writeFailure(FailureFile.oneLine(reason));
        Thread watchdog = new Thread(() -> {
            try {
                if (!ended.await(ClusterSettings.ABORT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.error("the run did not end within {} s of the group's failure; ending the process",
                            ClusterSettings.ABORT_GRACE.toSeconds());
                    halt.accept(FAILED);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "skiff-abort");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private int train() throws Exception {
        Instant started = Instant.now();
        LOG.info("training job in {}", layout.root());
        EnvironmentReader reader = new EnvironmentReader(layout);
        TrainingEnvironment environment = reader.read();
        LOG.info("hyperparameters: {}; hosts: {} (this one: {})", environment.hyperparameters(),
                environment.hosts(), environment.currentHost());
        hosts = JobHosts.open(environment, clusterSettings, stop, this::groupFailed);
        Map<String, Channel> channels = openChannels(environment);
        Checkpoints checkpoints = Checkpoints.open(reader.checkpointDir());
        Files.createDirectories(layout.modelDir());
        Files.createDirectories(layout.outputDataDir());
        Trainer trainer = chooseTrainer(environment);
        trainerName = trainer.name();
        if (stop.requested()) {
            return STOPPED;
        }
        LOG.info("trainer '{}' ({}) starts{}", trainer.name(), trainer.getClass().getName(),
                checkpoints.resuming() ? ", resuming from " + checkpoints.dir() : "");
        Metrics metrics = new Metrics();
        runTrainer(trainer, new JobContext(environment, channels, layout, checkpoints, metrics, stop, hosts));
        requireJoined(trainer);
        hosts.finish();
        String outcome = stop.requested() ? "stopped" : "completed";
        if (!hosts.writesModel()) {
            LOG.info("training {}: the master, {}, writes the model; this host writes nothing", outcome,
                    hosts.group().map(Group::masterHost).orElse("(none)"));
            return stop.requested() ? STOPPED : COMPLETED;
        }
        Manifest.Run run = new Manifest.Run(trainer.name(), trainer.getClass().getName(), outcome,
                checkpoints.resuming(), started, Instant.now());
        List<String> trainingHosts = hosts.group().map(Group::members).orElse(List.of(hosts.currentHost()));
        Path manifest = Manifest.write(layout.modelDir(), run, Versions.detect(settings.pluginsDir()), environment,
                trainingHosts, inputs(channels), metrics.finalMetrics());
        LOG.info("training {}: model in {}, manifest {}", outcome, layout.modelDir(), manifest.getFileName());
        return stop.requested() ? STOPPED : COMPLETED;
    }

    /** A multi-host job whose trainer never joined the group would be N models, each trained on one shard. */
    private void requireJoined(Trainer trainer) {
        if (hosts.multiHost() && hosts.group().isEmpty() && !stop.requested()) {
            throw new TrainingException("trainer '" + trainer.name() + "' trains on one host only (it never called"
                    + " TrainingContext.cluster().join), so each of the " + hosts.hosts().size() + " hosts would"
                    + " train alone on its shard: run the job on one instance, or use a trainer that trains across"
                    + " hosts (xgboost)");
        }
    }

    /** Runs with the trainer's loader as context loader, so libraries that look resources up through it find them. */
    private static void runTrainer(Trainer trainer, JobContext context) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(trainer.getClass().getClassLoader());
        try {
            trainer.train(context);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Map<String, Channel> openChannels(TrainingEnvironment environment) throws IOException {
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (ChannelSpec spec : environment.channels()) {
            Channel channel = spec.mode() == Channel.Mode.FILE
                    ? FileChannel.open(spec, layout, records, fileInputs, hosts.multiHost())
                    : new PipeChannel(spec, layout, settings.pipeWait(), stop, records, pipeInputs::add);
            channels.put(spec.name(), channel);
            LOG.info("channel '{}': {} mode, content type {}{}{}", spec.name(), spec.mode(),
                    spec.contentType().orElse("(none)"), spec.recordIoWrapped() ? ", RecordWrapperType RecordIO" : "",
                    spec.mode() == Channel.Mode.FILE ? ", " + channel.files().size() + " file(s)" : "");
            if (spec.recordIoWrapped() && spec.mode() == Channel.Mode.FILE) {
                LOG.warn("channel '{}': RecordWrapperType RecordIO applies to Pipe mode only; its files are read as"
                        + " they are", spec.name());
            }
        }
        return Collections.unmodifiableMap(channels);
    }

    private Trainer chooseTrainer(TrainingEnvironment environment) throws IOException {
        ClassLoader loader = TrainerSelector.pluginLoader(settings.pluginsDir(), parentLoader);
        return TrainerSelector.choose(TrainerSelector.discover(loader),
                environment.hyperparameters().find(TrainerSelector.HYPERPARAMETER), settings.trainer());
    }

    /**
     * Every input for the manifest: File-mode files as hashed while the trainer read them, those it read by path
     * hashed now (after a stop, only their sizes, to stay inside the grace period); Pipe-mode epochs as they were
     * read. Rows are the decoder's count for sources read with readRecords, else counted lines.
     */
    private List<InputSummary> inputs(Map<String, Channel> channels) throws IOException {
        List<InputSummary> inputs = new ArrayList<>();
        for (Channel channel : channels.values()) {
            if (channel instanceof FileChannel files) {
                boolean countRows = Sources.lineBased(channel.contentType());
                for (Path file : files.files()) {
                    String source = files.sourceName(file);
                    InputSummary summary = fileInputs.get(source);
                    if (summary == null) {
                        summary = stop.requested()
                                ? new InputSummary(channel.name(), source, Files.size(file), null, false, null)
                                : InputSummary.ofFile(channel.name(), source, file, countRows);
                    }
                    inputs.add(summary.withRows(records.rowsOf(source).orElse(summary.rows())));
                }
            }
        }
        inputs.addAll(pipeInputs);
        return inputs;
    }

    /** The failure file's line: a training error's own words, else what happened and where to look. */
    private String reason(Throwable t) {
        if (t instanceof TrainingException || t instanceof SkiffException) {
            return t.getMessage();
        }
        String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + what + "): use a larger instance or raise -Xmx in JAVA_OPTS";
        }
        String who = trainerName == null ? "skiff train" : "trainer '" + trainerName + "'";
        return who + " failed: " + what + "; the log has the stack trace";
    }
}
