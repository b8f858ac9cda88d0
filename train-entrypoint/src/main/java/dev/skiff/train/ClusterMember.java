package dev.skiff.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.spi.Group;
import dev.skiff.spi.TrainingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This host in a multi-host job: connected to the {@link Coordinator} (which it runs itself when it is the first host
 * in sorted order) from before the trainer starts until the group ends. A reader thread applies the coordinator's
 * messages (members, rendezvous, stop, abort, end); a heartbeat thread says this host is alive and passes a local
 * stop (SIGTERM) on. State is guarded by this object's lock; waiting threads are woken on every change.
 */
final class ClusterMember implements JobHosts {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);

    private final List<String> hosts;
    private final String current;
    private final String coordinatorHost;
    private final InetAddress address;
    private final ClusterSettings settings;
    private final StopSignal stop;
    private final Consumer<String> onGroupFailure;
    private final Coordinator coordinator;
    private final Wire wire;
    private final ScheduledExecutorService heartbeat;
    private boolean stopPassedOn;
    private List<String> members;
    private Map<String, String> rendezvous;
    private boolean joinCalled;
    private Group group;
    private String verdict;
    private boolean ended;
    private boolean reportedOwnFailure;
    private boolean satOut;
    private boolean closing;

    private ClusterMember(TrainingEnvironment environment, String coordinatorHost, InetAddress address,
                          ClusterSettings settings, StopSignal stop, Consumer<String> onGroupFailure,
                          Coordinator coordinator, Wire wire) {
        this.hosts = environment.hosts();
        this.current = environment.currentHost();
        this.coordinatorHost = coordinatorHost;
        this.address = address;
        this.settings = settings;
        this.stop = stop;
        this.onGroupFailure = onGroupFailure;
        this.coordinator = coordinator;
        this.wire = wire;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "skiff-cluster-heartbeat"));
    }

    /** Resolves every host name, starts the coordinator here if this is its host, and connects to it. */
    static ClusterMember open(TrainingEnvironment environment, ClusterSettings settings, StopSignal stop,
                              Consumer<String> onGroupFailure) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.joinTimeout().toNanos();
        String current = environment.currentHost();
        String coordinatorHost = new TreeSet<>(environment.hosts()).first();
        LOG.info("multi-host job: hosts {}, this one {}, coordinator on {} port {}", environment.hosts(), current,
                coordinatorHost, settings.port());
        Map<String, InetAddress> addresses = HostNames.resolveAll(environment.hosts(), deadline, stop);
        InetAddress local = HostNames.local(addresses.get(current), environment.networkInterface());
        Coordinator coordinator = current.equals(coordinatorHost)
                ? Coordinator.start(local, current, environment.hosts(), settings) : null;
        try {
            InetSocketAddress target = coordinator != null ? new InetSocketAddress(local, coordinator.port())
                    : new InetSocketAddress(addresses.get(coordinatorHost), settings.port());
            Wire wire = Wire.connect(target, coordinatorHost, deadline, settings, stop);
            wire.send(Wire.message("hello").put("host", current));
            ClusterMember member = new ClusterMember(environment, coordinatorHost, local, settings, stop,
                    onGroupFailure, coordinator, wire);
            member.start();
            return member;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (coordinator != null) {
                coordinator.close();
            }
            throw e;
        }
    }

    private void start() {
        daemon(this::read, "skiff-cluster-reader").start();
        long every = settings.heartbeatInterval().toMillis();
        heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        passStopOn();
        wire.trySend(Wire.message("ping"));
    }

    /**
     * Tells the group of a local stop, once. Also called before "done": a trainer may end early because the group
     * agreed on this host's stop, and the coordinator must pass the stop on to the others before it ends the group,
     * so that every host reports the run as stopped.
     */
    private synchronized void passStopOn() {
        if (stop.requested() && !stopPassedOn) {
            stopPassedOn = true;
            wire.trySend(Wire.message("stop"));
        }
    }

    private void read() {
        try {
            while (true) {
                apply(wire.read());
            }
        } catch (IOException e) {
            connectionEnded(e);
        }
    }

    private synchronized void apply(JsonNode message) {
        switch (message.path("t").asText()) {
            case "members" -> {
                List<String> names = new ArrayList<>();
                message.path("hosts").forEach(h -> names.add(h.asText()));
                members = List.copyOf(names);
            }
            case "start" -> {
                Map<String, String> info = new LinkedHashMap<>();
                message.path("info").fields().forEachRemaining(e -> info.put(e.getKey(), e.getValue().asText()));
                rendezvous = info;
            }
            case "stop" -> {
                if (stop.request()) {
                    LOG.warn("host {} was asked to stop: this host stops too", message.path("host").asText());
                }
            }
            case "abort" -> fail(message.path("reason").asText("the training group failed"));
            case "end" -> ended = true;
            default -> { // "ping"
            }
        }
        notifyAll();
    }

    private synchronized void connectionEnded(IOException e) {
        if (!ended && !closing) {
            fail("host " + coordinatorHost + " (the coordinator) was lost: " + (e instanceof SocketTimeoutException
                    ? "it was silent for " + settings.heartbeatTimeout().toSeconds()
                      + " s (SKIFF_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS)" : "its connection closed")
                    + "; it stopped, crashed or lost the network (see its log)");
        }
    }

    private void fail(String reason) {
        if (verdict != null) {
            return;
        }
        verdict = reason;
        notifyAll();
        if (!reportedOwnFailure && !satOut && !closing) {
            LOG.error("the training group failed: {}", reason);
            onGroupFailure.accept(reason);
        }
    }

    @Override
    public List<String> hosts() {
        return hosts;
    }

    @Override
    public String currentHost() {
        return current;
    }

    @Override
    public Group join(boolean hasData, Rendezvous start) throws Exception {
        synchronized (this) {
            if (joinCalled) {
                throw new IllegalStateException("Cluster.join was called twice");
            }
            joinCalled = true;
        }
        wire.send(Wire.message("join").put("data", hasData));
        List<String> all = await(() -> members);
        Group joined = new Group(current, all, address.getHostAddress(), Map.of(), settings.joinTimeout());
        if (!joined.member()) {
            LOG.warn("this host has no data: it sits the training out (the group: {})", all);
            synchronized (this) {
                satOut = coordinator == null; // the coordinator's host stays until the group ends, and shares its fate
            }
        } else if (joined.distributed()) {
            if (joined.master()) {
                ObjectNode publish = Wire.message("publish");
                ObjectNode info = publish.putObject("info");
                start.start(joined).forEach(info::put);
                wire.send(publish);
            }
            joined = new Group(current, all, joined.address(), await(() -> rendezvous), settings.joinTimeout());
        }
        LOG.info("training group: {} host(s) {}; this host {}", all.size(), all, joined.member()
                ? "has rank " + joined.rank() + (joined.master() ? " (the master: it writes the model)" : "")
                : "sits out");
        synchronized (this) {
            group = joined;
        }
        return joined;
    }

    /** Waits for a value the coordinator sends; fails with the group's verdict, or when the group ended first. */
    private synchronized <T> T await(Supplier<T> value) throws InterruptedException {
        while (true) {
            if (verdict != null) {
                throw new TrainingException(verdict);
            }
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (ended) {
                throw new TrainingException("the job was stopped before training began");
            }
            wait();
        }
    }

    @Override
    public synchronized Optional<Group> group() {
        return Optional.ofNullable(group);
    }

    @Override
    public synchronized boolean failed() {
        return verdict != null;
    }

    @Override
    public String failure(String own) throws InterruptedException {
        synchronized (this) {
            awaitVerdict();
            if (verdict != null) {
                return verdict;
            }
            reportedOwnFailure = true;
        }
        wire.trySend(Wire.message("fail").put("reason", own));
        synchronized (this) {
            awaitVerdict(); // the coordinator's echo: once here, every host has been told
        }
        return own;
    }

    private void awaitVerdict() throws InterruptedException {
        long deadline = System.nanoTime() + ClusterSettings.SETTLE.toNanos();
        while (verdict == null && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public void finish() throws InterruptedException {
        synchronized (this) {
            if (satOut) {
                return; // nothing of this host's is needed any more, whatever becomes of the group
            }
        }
        passStopOn();
        wire.trySend(Wire.message("done"));
        synchronized (this) {
            long deadline = System.nanoTime() + settings.joinTimeout().toNanos();
            while (!ended) {
                if (verdict != null) {
                    throw new TrainingException(verdict);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TrainingException("the other hosts did not finish within "
                            + settings.joinTimeout().toSeconds() + " s after this one"
                            + " (SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS); see their logs");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        heartbeat.shutdownNow();
        wire.close();
        if (coordinator != null) {
            coordinator.close();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
