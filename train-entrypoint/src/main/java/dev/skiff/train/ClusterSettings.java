package dev.skiff.train;

import java.time.Duration;
import java.util.Map;

/**
 * The settings of a multi-host job, read from a plain map (the environment).
 *
 * @param port             where the coordinator (on the first host in sorted order) listens:
 *                         {@code SKIFF_CLUSTER_PORT}, default 9099 (the port SageMaker's XGBoost container gives its
 *                         first Rabit tracker)
 * @param joinTimeout      how long every host name may take to resolve and every host to reach the coordinator
 *                         ({@code SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS}, default 300); also what the collective library
 *                         is told to wait to connect, and how long a host waits for the rest of the group to finish
 * @param heartbeatTimeout how long a host may stay silent before the group counts it lost
 *                         ({@code SKIFF_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS}, default 60); a host that dies usually
 *                         shows at once, as a closed connection
 */
record ClusterSettings(int port, Duration joinTimeout, Duration heartbeatTimeout) {
    /** After the group has failed, how long the trainer gets to notice and return before the process ends anyway. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(10);
    /** After a failure of its own, how long a host waits to learn whether the group failed first (and why). */
    static final Duration SETTLE = Duration.ofSeconds(3);

    static ClusterSettings fromEnvironment(Map<String, String> env) {
        long port = TrainSettings.positive(env, "SKIFF_CLUSTER_PORT", 9099);
        if (port > 65535) {
            throw new IllegalArgumentException("SKIFF_CLUSTER_PORT='" + port + "' is not a port (1-65535)");
        }
        return new ClusterSettings((int) port,
                Duration.ofSeconds(TrainSettings.positive(env, "SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS", 300)),
                Duration.ofSeconds(TrainSettings.positive(env, "SKIFF_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS", 60)));
    }

    /**
     * How often a host says it is alive (and passes a local stop on): often enough that one late message never looks
     * like silence, and at least every second.
     */
    Duration heartbeatInterval() {
        Duration quarter = heartbeatTimeout.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? quarter : Duration.ofSeconds(1);
    }
}
