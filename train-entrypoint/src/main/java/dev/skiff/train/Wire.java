package dev.skiff.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.spi.TrainingException;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One connection between a host and the coordinator: messages are JSON objects, one per line, with their type in
 * {@code "t"} ({@code {"t":"join","data":true}}). Reads block up to the heartbeat timeout; sends are whole lines,
 * safe from any thread.
 */
final class Wire implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Wire(Socket socket, Duration readTimeout) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        socket.setTcpNoDelay(true);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to the coordinator, retrying (it may not listen yet) until {@code deadlineNanos}.
     *
     * @throws TrainingException naming the coordinator's host when it could not be reached in time
     */
    static Wire connect(InetSocketAddress target, String host, long deadlineNanos, ClusterSettings settings,
                        StopSignal stop) throws IOException, InterruptedException {
        long pause = 100;
        while (true) {
            Socket socket = new Socket();
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
                socket.connect(target, (int) Math.min(left, 5_000));
                return new Wire(socket, settings.heartbeatTimeout());
            } catch (IOException e) {
                socket.close();
                if (System.nanoTime() - deadlineNanos >= 0 || stop.requested()) {
                    throw new TrainingException("could not reach the coordinator on host " + host + " (" + target
                            + ") within " + settings.joinTimeout().toSeconds() + " s"
                            + " (SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS): " + e.getMessage() + "; check that host " + host
                            + " started and that the hosts can reach each other on port " + target.getPort(), e);
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 1_000);
            }
        }
    }

    static ObjectNode message(String type) {
        return JSON.createObjectNode().put("t", type);
    }

    synchronized void send(ObjectNode message) throws IOException {
        out.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends, and forgets a failure: the reader of this connection reports a broken connection. */
    void trySend(ObjectNode message) {
        try {
            send(message);
        } catch (IOException e) {
            // the reading side sees the same broken connection and reports it
        }
    }

    /**
     * The next message.
     *
     * @throws java.net.SocketTimeoutException when nothing came within the read timeout
     * @throws EOFException                     when the other side closed the connection
     */
    JsonNode read() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new EOFException("connection closed");
        }
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject() || !node.path("t").isTextual()) {
            throw new IOException("not a message: " + line);
        }
        return node;
    }

    String remote() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
