package dev.skiff.samples.xgboost;

import dev.skiff.spi.Cluster;
import dev.skiff.spi.Group;
import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.Communicator;
import ml.dmlc.xgboost4j.java.RabitTracker;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * XGBoost's own collective across the job's hosts (XGBoost4J's {@code RabitTracker} and {@code Communicator}), and
 * its whole lifecycle: join Skiff's group; on the master, start the tracker as the group's rendezvous; every member
 * joins the communicator; {@link #finish()} leaves it in order. A group of one (one host, or one host with data)
 * trains alone, as SageMaker's XGBoost container does.
 *
 * <p>XGBoost4J's communicator belongs to the thread that initialised it: every call here, and the whole training,
 * runs on the trainer's thread. After a failure the collective is left as it is (a peer may be gone, and leaving it
 * properly would wait for that peer); Skiff ends the process.
 */
final class RabitCollective implements Collective {
    private static final Logger LOG = LoggerFactory.getLogger(RabitCollective.class);

    private final Cluster cluster;
    private Group group;
    private RabitTracker tracker;
    private boolean communicating;

    RabitCollective(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public boolean join(Optional<String> emptyChannel) throws Exception {
        if (!cluster.multiHost()) {
            LOCAL.join(emptyChannel);
        }
        emptyChannel.ifPresent(name -> LOG.warn("channel '{}' has no rows on this host: it sits the training out;"
                + " give every host a share of the data (ShardedByS3Key with at least as many files as hosts)", name));
        group = cluster.join(emptyChannel.isEmpty(), this::startTracker);
        if (group.member() && group.distributed()) {
            Communicator.init(workerArgs(group));
            communicating = true;
            LOG.info("XGBoost collective: rank {} of {}", Communicator.getRank(), Communicator.getWorldSize());
        }
        return group.member();
    }

    /** The rendezvous, on the master: XGBoost's tracker on this host's group address, at any free port. */
    private Map<String, String> startTracker(Group members) throws XGBoostError {
        tracker = new RabitTracker(members.size(), members.address(), 0, seconds(members));
        tracker.start();
        Map<String, String> info = new LinkedHashMap<>();
        tracker.getWorkerArgs().forEach((key, value) -> info.put(key, String.valueOf(value)));
        LOG.info("XGBoost tracker for {} workers: {}", members.size(), info);
        return info;
    }

    private static Map<String, Object> workerArgs(Group group) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("dmlc_tracker_uri", group.rendezvous().get("dmlc_tracker_uri"));
        args.put("dmlc_tracker_port", Integer.parseInt(group.rendezvous().get("dmlc_tracker_port")));
        args.put("dmlc_task_id", String.format("%05d", group.rank()));
        args.put("dmlc_timeout", seconds(group));
        return args;
    }

    private static int seconds(Group group) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, group.timeout().toSeconds()));
    }

    @Override
    public boolean multiHost() {
        return cluster.multiHost();
    }

    @Override
    public int min(int value) {
        return communicating ? (int) reduce(value, Communicator.OpType.MIN) : value;
    }

    @Override
    public int max(int value) {
        // floats hold whole numbers exactly up to 2^24; beyond, keep at least this host's own value
        return communicating ? Math.max(value, (int) reduce(value, Communicator.OpType.MAX)) : value;
    }

    @Override
    public void requireSameStart(int round) {
        int first = min(round);
        int last = max(round);
        if (first != last) {
            throw new TrainingException("the hosts found different checkpoints to resume from (some start at round "
                    + first + ", others at " + last + "): give every host the same checkpoints, or remove them to"
                    + " start over");
        }
    }

    @Override
    public BooleanSupplier stop(BooleanSupplier local) {
        return communicating ? () -> reduce(local.getAsBoolean() ? 1 : 0, Communicator.OpType.MAX) > 0 : local;
    }

    /**
     * XGBoost4J's {@code allReduce} drops XGBoost's error code: when a peer is gone it returns this host's own value,
     * and the next round's update (or Skiff's watch over the group) reports the failure.
     */
    private static float reduce(float value, Communicator.OpType op) {
        return Communicator.allReduce(new float[] {value}, op)[0];
    }

    @Override
    public boolean writesModel() {
        return group == null || group.master();
    }

    /**
     * Leaves the collective after a training that ended alike on every member: each worker tells the tracker, and
     * the master waits (bounded) until the tracker has heard from all before stopping it.
     */
    void finish() throws XGBoostError {
        if (communicating) {
            Communicator.shutdown();
            communicating = false;
        }
        if (tracker != null) {
            try {
                tracker.waitFor(seconds(group)); // XGBoost reads this as seconds
            } finally {
                tracker.stop();
                tracker = null;
            }
        }
    }
}
