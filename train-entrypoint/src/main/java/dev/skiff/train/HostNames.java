package dev.skiff.train;

import dev.skiff.spi.TrainingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hosts' addresses. SageMaker registers the hosts' names in DNS as the instances come up, so a name may not
 * resolve at first: wait for every one, up to a deadline (as the XGBoost container's
 * {@code wait_hostname_resolution} does). Names may also be IP literals, which resolve at once.
 */
final class HostNames {
    private static final Logger LOG = LoggerFactory.getLogger(HostNames.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private HostNames() {
    }

    /** Every host's address, waiting until each resolves; fails naming the first host that did not in time. */
    static Map<String, InetAddress> resolveAll(List<String> hosts, long deadlineNanos, StopSignal stop)
            throws InterruptedException {
        Map<String, InetAddress> addresses = new LinkedHashMap<>();
        for (String host : hosts) {
            addresses.put(host, resolve(host, deadlineNanos, stop));
        }
        return addresses;
    }

    private static InetAddress resolve(String host, long deadlineNanos, StopSignal stop) throws InterruptedException {
        long pause = 100;
        while (true) {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || stop.requested()) {
                    throw new TrainingException("host name " + host + " did not resolve within the join timeout"
                            + " (SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS): check the job's hosts and this host's DNS", e);
                }
                LOG.info("host name {} does not resolve yet; retrying", host);
                Thread.sleep(Math.min(pause, Duration.ofNanos(left).toMillis() + 1));
                pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
            }
        }
    }

    /**
     * Where this host listens: the first IPv4 address (else any address) of {@code networkInterface}, the interface
     * SageMaker names in {@code resourceconfig.json}, when this machine has it; else what its own name resolved to.
     */
    static InetAddress local(InetAddress resolved, Optional<String> networkInterface) {
        if (networkInterface.isEmpty()) {
            return resolved;
        }
        try {
            NetworkInterface nic = NetworkInterface.getByName(networkInterface.get());
            List<InetAddress> addresses = nic == null ? List.of() : Collections.list(nic.getInetAddresses());
            Optional<InetAddress> chosen = addresses.stream().filter(a -> a instanceof Inet4Address).findFirst()
                    .or(() -> addresses.stream().findFirst());
            if (chosen.isPresent()) {
                return chosen.get();
            }
        } catch (SocketException e) {
            LOG.warn("could not read network interface {}", networkInterface.get(), e);
        }
        LOG.warn("network interface {} (network_interface_name) has no address here; using {}",
                networkInterface.get(), resolved.getHostAddress());
        return resolved;
    }
}
