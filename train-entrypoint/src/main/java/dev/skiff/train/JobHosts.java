package dev.skiff.train;

import dev.skiff.spi.Cluster;
import dev.skiff.spi.Group;
import dev.skiff.spi.TrainingException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The job's hosts as a run sees them: the SPI's {@link Cluster} for the trainer, plus what {@link TrainingJob} does
 * around it (learn the group's verdict, finish together). One host: {@link SingleHost}; several: {@link ClusterMember}.
 */
interface JobHosts extends Cluster, AutoCloseable {
    /**
     * @param onGroupFailure called once, from another thread, when the group fails for a reason other than this
     *                       host's own failure; its argument is the failure line, naming the host
     */
    static JobHosts open(TrainingEnvironment environment, ClusterSettings settings, StopSignal stop,
                         Consumer<String> onGroupFailure) throws Exception {
        return environment.hosts().size() == 1
                ? new SingleHost(environment.currentHost(), settings.joinTimeout())
                : ClusterMember.open(environment, settings, stop, onGroupFailure);
    }

    /** The group the trainer joined, if it did. */
    Optional<Group> group();

    /** True once the group has failed (never for one host). */
    boolean failed();

    /**
     * The line to write for a failure of this run: the group's failure when there is one (waiting briefly for it,
     * since this host's own error may be its echo, e.g. a collective whose peer died), else {@code own}, which the
     * other hosts are then told.
     */
    String failure(String own) throws InterruptedException;

    /**
     * This host is done (completed or stopped): wait, bounded, until every member is.
     *
     * @throws TrainingException when the group failed meanwhile, or did not finish in time
     */
    void finish() throws InterruptedException;

    /** Whether this host writes the model and manifest: the group's master, or the only host. */
    default boolean writesModel() {
        return group().map(Group::master).orElse(!multiHost());
    }

    @Override
    void close();

    /** A single-host job: nothing to coordinate. */
    final class SingleHost implements JobHosts {
        private final Cluster cluster;
        private final Duration timeout;
        private volatile Group group;

        SingleHost(String host, Duration timeout) {
            this.cluster = Cluster.singleHost(host);
            this.timeout = timeout;
        }

        @Override
        public List<String> hosts() {
            return cluster.hosts();
        }

        @Override
        public String currentHost() {
            return cluster.currentHost();
        }

        @Override
        public Group join(boolean hasData, Rendezvous rendezvous) throws Exception {
            Group one = cluster.join(hasData, rendezvous);
            group = new Group(one.currentHost(), one.members(), one.address(), one.rendezvous(), timeout);
            return group;
        }

        @Override
        public Optional<Group> group() {
            return Optional.ofNullable(group);
        }

        @Override
        public boolean failed() {
            return false;
        }

        @Override
        public String failure(String own) {
            return own;
        }

        @Override
        public void finish() {
        }

        @Override
        public void close() {
        }
    }
}
