package dev.skiff.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The training group's coordinator, on the first host in sorted order (where SageMaker's XGBoost container starts
 * its first Rabit tracker). Every host, this one included, connects to it. It
 * <ul>
 *   <li>waits, up to the join timeout, for every host to connect, and names the ones that did not;</li>
 *   <li>collects whether each host has data and announces the members: the hosts with data, sorted;</li>
 *   <li>passes the master's rendezvous (e.g. XGBoost's tracker address) and any host's stop on to every host;</li>
 *   <li>ends the group once every member has finished, or aborts it, naming the host, when a host fails, closes its
 *       connection or stays silent past the heartbeat timeout.</li>
 * </ul>
 * All state changes happen under this object's lock, one message at a time.
 */
final class Coordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final ServerSocket server;
    private final String self;
    private final List<String> hosts;
    private final ClusterSettings settings;
    private final ScheduledExecutorService timer;
    private final Map<String, Wire> wires = new LinkedHashMap<>();
    private final Map<String, Boolean> hasData = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private List<String> members;
    private boolean stopped;
    private boolean ended;
    private String verdict;

    private Coordinator(ServerSocket server, String self, List<String> hosts, ClusterSettings settings) {
        this.server = server;
        this.self = self;
        this.hosts = List.copyOf(new TreeSet<>(hosts));
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "skiff-coordinator-timer"));
    }

    /** Listens on {@code address} at the configured port (0: any free one, for tests). */
    static Coordinator start(InetAddress address, String self, List<String> hosts, ClusterSettings settings)
            throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, settings.port()), hosts.size() * 2);
        Coordinator coordinator = new Coordinator(server, self, hosts, settings);
        daemon(coordinator::accept, "skiff-coordinator").start();
        long ping = settings.heartbeatInterval().toMillis();
        coordinator.timer.scheduleAtFixedRate(coordinator::ping, ping, ping, TimeUnit.MILLISECONDS);
        coordinator.timer.schedule(coordinator::checkEveryoneConnected, settings.joinTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("coordinator for {} hosts listening on {}", hosts.size(), server.getLocalSocketAddress());
        return coordinator;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                daemon(() -> serve(socket), "skiff-coordinator-" + socket.getRemoteSocketAddress()).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One host's connection: its hello, then its messages until it ends. */
    private void serve(Socket socket) {
        String host = null;
        try (Wire wire = new Wire(socket, settings.heartbeatTimeout())) {
            JsonNode hello = wire.read();
            host = hello.path("host").asText("");
            if (!"hello".equals(hello.path("t").asText()) || !register(host, wire)) {
                return;
            }
            while (true) {
                on(host, wire.read());
            }
        } catch (IOException e) {
            if (host != null) {
                lost(host, e);
            }
        }
    }

    private synchronized boolean register(String host, Wire wire) {
        String refusal = !hosts.contains(host) ? "'" + host + "' is not one of the job's hosts " + hosts
                : wires.containsKey(host) ? "host " + host + " connected twice" : null;
        if (refusal != null) {
            LOG.error("coordinator: refused a connection from {}: {}", wire.remote(), refusal);
            wire.trySend(Wire.message("abort").put("reason", refusal));
            return false;
        }
        wires.put(host, wire);
        LOG.info("coordinator: host {} connected ({} of {})", host, wires.size(), hosts.size());
        if (verdict != null) {
            wire.trySend(Wire.message("abort").put("reason", verdict));
        }
        return true;
    }

    private synchronized void on(String host, JsonNode message) {
        switch (message.path("t").asText()) {
            case "join" -> {
                hasData.put(host, message.path("data").asBoolean());
                formGroup();
            }
            case "publish" -> {
                if (members != null && members.get(0).equals(host)) {
                    ObjectNode start = Wire.message("start");
                    start.set("info", message.path("info"));
                    broadcast(start);
                }
            }
            case "stop" -> stop(host);
            case "fail" -> abort("host " + host + " failed: " + message.path("reason").asText("(no reason given)"));
            case "done" -> {
                finished.add(host);
                if (members != null && finished.containsAll(members)) {
                    end("every member has finished");
                }
            }
            default -> { // "ping", and anything newer than this coordinator
            }
        }
    }

    private void formGroup() {
        if (members != null || verdict != null || ended || hasData.size() < hosts.size()) {
            return;
        }
        List<String> withData = new ArrayList<>();
        hosts.forEach(h -> {
            if (hasData.get(h)) {
                withData.add(h);
            }
        });
        if (withData.isEmpty()) {
            abort("no host has data to train on: the channels are empty on all " + hosts.size()
                    + " hosts; check the channels' S3 prefixes and S3DataDistributionType");
            return;
        }
        members = List.copyOf(withData);
        List<String> out = hosts.stream().filter(h -> !members.contains(h)).toList();
        LOG.info("coordinator: {} of {} hosts train: {}{}", members.size(), hosts.size(), members,
                out.isEmpty() ? "" : "; without data, left out: " + out);
        ObjectNode message = Wire.message("members");
        members.forEach(message.putArray("hosts")::add);
        broadcast(message);
    }

    private void stop(String host) {
        if (stopped || ended || verdict != null) {
            return;
        }
        stopped = true;
        LOG.warn("coordinator: host {} was asked to stop; stopping every host", host);
        broadcast(Wire.message("stop").put("host", host));
        if (members == null) {
            end("stopped before training began");
        }
    }

    private synchronized void lost(String host, IOException e) {
        Wire wire = wires.remove(host);
        if (wire == null || ended || verdict != null || finished.contains(host)
                || members != null && !members.contains(host)) {
            return; // a normal departure: finished, or left out for want of data
        }
        String why = e instanceof SocketTimeoutException
                ? "it was silent for " + settings.heartbeatTimeout().toSeconds()
                  + " s (SKIFF_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS)"
                : "its connection to the coordinator on " + self + " closed";
        abort("host " + host + " was lost " + (members == null ? "before" : "during") + " training: " + why
                + "; it stopped, crashed or lost the network (see its log)");
    }

    private synchronized void checkEveryoneConnected() {
        List<String> missing = hosts.stream().filter(h -> !wires.containsKey(h)).toList();
        if (missing.isEmpty() || verdict != null || ended) {
            return;
        }
        abort((missing.size() == 1 ? "host " : "hosts ") + String.join(", ", missing) + " did not join within "
                + settings.joinTimeout().toSeconds() + " s (SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS): "
                + (missing.size() == 1 ? "it" : "they") + " never reached the coordinator on " + self + " port "
                + port() + "; check that every host started and that the hosts can reach each other");
    }

    private synchronized void ping() {
        if (!ended) {
            broadcast(Wire.message("ping"));
        }
    }

    private void abort(String reason) {
        if (verdict != null || ended) {
            return;
        }
        verdict = reason;
        LOG.error("coordinator: the group fails: {}", reason);
        broadcast(Wire.message("abort").put("reason", reason));
    }

    private void end(String why) {
        ended = true;
        LOG.info("coordinator: the group ends: {}", why);
        broadcast(Wire.message("end"));
    }

    private void broadcast(ObjectNode message) {
        wires.values().forEach(wire -> wire.trySend(message));
    }

    /** Closes every connection; waits for a message being sent to all to have gone out first (same lock). */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        wires.values().forEach(Wire::close);
        wires.clear();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
