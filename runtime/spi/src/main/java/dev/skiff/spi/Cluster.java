package dev.skiff.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The hosts of a training job ({@code resourceconfig.json}) and the hook that makes them one training group.
 *
 * <p>In a multi-host job every host runs {@code skiff train} with its own shard of the data. Before the trainer
 * starts, Skiff has already waited (bounded) until every host name resolves and every host has reached the
 * coordinator on the first host in sorted order; while the job runs, Skiff watches the group: a host that fails,
 * dies or falls silent ends the job on every host, each with one line in {@code output/failure} naming that host,
 * and a stop (SIGTERM) on any host turns {@link TrainingContext#stopRequested()} true on every host.
 *
 * <p>A distributed trainer reads its data, then calls {@link #join} once. A trainer that never calls it fails a
 * multi-host job (it would train on one shard only, which is a wrong model that looks right). In a single-host job
 * {@link #join} returns at once with a group of one.
 */
public interface Cluster {
    /**
     * Starts a collective's coordinator on the group's master, once the group is known; for XGBoost, its tracker.
     * Not run when the group has a single member (nothing to coordinate).
     */
    @FunctionalInterface
    interface Rendezvous {
        /**
         * Called on the master's training thread, before any host's {@link #join} returns. Start listening on
         * {@link Group#address()} and return what every member needs to connect (for XGBoost's tracker,
         * {@code dmlc_tracker_uri} and {@code dmlc_tracker_port}); the members get it as
         * {@link Group#rendezvous()}. Throwing fails the job on every host, naming this one.
         *
         * @param group the group, with an empty {@link Group#rendezvous()}
         */
        Map<String, String> start(Group group) throws Exception;
    }

    /** Every host of the job, this one included, in SageMaker's order. */
    List<String> hosts();

    /** This host's name ({@code current_host}). */
    String currentHost();

    /** True when the job has more than one host. */
    default boolean multiHost() {
        return hosts().size() > 1;
    }

    /**
     * Joins this host to the training group, once per job, after the trainer has read its data. Blocks until every
     * host has joined (however long their data takes to read, as long as they are alive), so call it on the
     * training thread.
     *
     * <p>Hosts without data are left out of the group, as SageMaker's XGBoost container does: their
     * {@link Group#member()} is false, and the trainer should return at once without writing anything. When no host
     * has data the job fails on every host. The group's members are the hosts with data in sorted order; the first
     * is the {@linkplain Group#master() master}, which alone writes the model and checkpoints.
     *
     * @param hasData    whether this host has data to train on
     * @param rendezvous run on the master when the group has more than one member
     * @throws TrainingException when the group failed (its message names the host) or the job was stopped
     */
    Group join(boolean hasData, Rendezvous rendezvous) throws Exception;

    /** A cluster of this host alone: {@link #join} returns a group of one, or fails when there is no data. */
    static Cluster singleHost(String host) {
        return new Cluster() {
            @Override
            public List<String> hosts() {
                return List.of(host);
            }

            @Override
            public String currentHost() {
                return host;
            }

            @Override
            public Group join(boolean hasData, Rendezvous rendezvous) {
                if (!hasData) {
                    throw new TrainingException("there is no data to train on: the job's channels hold no rows");
                }
                return new Group(host, List.of(host), host, Map.of(), Duration.ofMinutes(5));
            }
        };
    }
}
