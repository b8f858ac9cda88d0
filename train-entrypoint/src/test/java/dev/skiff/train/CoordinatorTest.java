package dev.skiff.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.spi.Hyperparameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's watch over hosts that misbehave at the socket level: this host is a real {@link ClusterMember}
 * (running the coordinator), the other is a bare connection the test drives. Addresses as in
 * {@link MultiHostJobTest}: a random loopback subnet.
 */
@Timeout(30)
class CoordinatorTest {
    private final String subnet = "127." + ThreadLocalRandom.current().nextInt(16, 250) + "."
            + ThreadLocalRandom.current().nextInt(1, 250) + ".";
    private final String a = subnet + "1";
    private final String b = subnet + "2";
    private final CompletableFuture<String> groupFailure = new CompletableFuture<>();
    private ClusterMember member;
    private int port;

    @AfterEach
    void close() {
        if (member != null) {
            member.close();
        }
    }

    private Wire startAndConnectB(Duration heartbeat) throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(a))) {
            port = probe.getLocalPort();
        }
        ClusterSettings settings = new ClusterSettings(port, Duration.ofSeconds(10), heartbeat);
        TrainingEnvironment environment = new TrainingEnvironment(new Hyperparameters(Map.of()), a, List.of(a, b),
                Optional.empty(), List.of());
        member = ClusterMember.open(environment, settings, new StopSignal(), groupFailure::complete);
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(a, port), 5_000);
        Wire wire = new Wire(socket, Duration.ofSeconds(10));
        wire.send(Wire.message("hello").put("host", b));
        return wire;
    }

    @Test
    void aHostWhoseConnectionClosesIsNamedAsLost() throws Exception {
        startAndConnectB(Duration.ofSeconds(10)).close();
        assertThat(groupFailure.get(10, TimeUnit.SECONDS)).isEqualTo("host " + b + " was lost before training: its"
                + " connection to the coordinator on " + a + " closed; it stopped, crashed or lost the network"
                + " (see its log)");
        assertThat(member.failed()).isTrue();
        assertThat(member.failure("my own error")).startsWith("host " + b + " was lost");
    }

    @Test
    void aSilentHostIsNamedAsLostAfterTheHeartbeatTimeout() throws Exception {
        try (Wire silent = startAndConnectB(Duration.ofSeconds(1))) { // connected, then never a word
            assertThat(groupFailure.get(10, TimeUnit.SECONDS)).startsWith("host " + b + " was lost before training:"
                    + " it was silent for 1 s (SKIFF_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS)");
        }
    }

    @Test
    void aHostThatIsNotInTheJobIsTurnedAway() throws Exception {
        startAndConnectB(Duration.ofSeconds(10)).close();
        groupFailure.get(10, TimeUnit.SECONDS);
        try (Socket socket = new Socket(a, port); Wire stranger = new Wire(socket, Duration.ofSeconds(5))) {
            stranger.send(Wire.message("hello").put("host", "algo-9"));
            JsonNode answer = stranger.read();
            assertThat(answer.path("t").asText()).isEqualTo("abort");
            assertThat(answer.path("reason").asText()).startsWith("'algo-9' is not one of the job's hosts");
        }
    }
}
