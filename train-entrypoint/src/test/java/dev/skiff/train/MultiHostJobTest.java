package dev.skiff.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-host jobs in one JVM: each host is a {@link TrainingJob} on its own thread with its own {@code /opt/ml} tree,
 * talking over real sockets. Hosts are IP literals on a loopback subnet picked at random per test (Linux answers on
 * all of 127.0.0.0/8), so the names resolve without DNS and the coordinator's port cannot clash with another test's.
 */
@Timeout(60)
class MultiHostJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private final String subnet = "127." + ThreadLocalRandom.current().nextInt(16, 250) + "."
            + ThreadLocalRandom.current().nextInt(1, 250) + ".";
    private final List<String> hosts = new ArrayList<>();
    private final List<MlTree> trees = new ArrayList<>();
    private final List<StopSignal> stops = new ArrayList<>();
    private ClusterSettings settings;

    /** {@code n} hosts; {@code withData[i]}: whether host i gets a train file; everyone the same hyperparameters. */
    private void cluster(int n, Map<String, String> hyperparameters, boolean... withData) throws IOException {
        for (int i = 1; i <= n; i++) {
            hosts.add(subnet + i);
        }
        String all = hosts.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", "));
        for (int i = 0; i < n; i++) {
            MlTree tree = new MlTree(root.resolve("host-" + (i + 1))).hyperparameters(hyperparameters)
                    .config("resourceconfig.json", "{\"current_host\": \"" + hosts.get(i) + "\", \"hosts\": [" + all
                            + "], \"network_interface_name\": \"no-such-nic\"}")
                    .channel("train", "text/csv", "File");
            if (withData.length == 0 || withData[i]) {
                tree.data("train", "part.csv", "1,2\n");
            } else {
                Files.createDirectories(tree.layout.dataDir().resolve("train"));
            }
            trees.add(tree);
            stops.add(new StopSignal());
        }
        settings = new ClusterSettings(freePort(hosts.get(0)), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return probe.getLocalPort();
        }
    }

    /** Runs the hosts at {@code indices} (all when none given) at once; their exit codes, in that order. */
    private List<Integer> run(int... indices) throws Exception {
        int[] chosen = indices.length > 0 ? indices : java.util.stream.IntStream.range(0, hosts.size()).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(chosen.length);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i : chosen) {
                runs.add(pool.submit(() -> new TrainingJob(trees.get(i).settings(Optional.of("group")), settings,
                        stops.get(i), getClass().getClassLoader(), code -> { }).run()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : runs) {
                codes.add(f.get(30, TimeUnit.SECONDS));
            }
            return codes;
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonNode manifest(int host) throws IOException {
        return JSON.readTree(trees.get(host).model(Manifest.FILE_NAME).toFile());
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void threeHostsTrainAsOneGroupAndOnlyTheMasterWritesTheModel() throws Exception {
        cluster(3, Map.of("iterations", "3"));
        assertThat(run()).containsExactly(0, 0, 0);

        assertThat(MlTree.read(trees.get(0).model("model.txt"))).isEqualTo("trained by " + hosts);
        JsonNode manifest = manifest(0);
        assertThat(manifest.path("hosts").path("world_size").asInt()).isEqualTo(3);
        assertThat(manifest.path("hosts").path("training").toString()).isEqualTo(JSON.writeValueAsString(hosts));
        assertThat(manifest.path("inputs")).hasSize(1);
        for (int i = 1; i < 3; i++) {
            assertThat(files(trees.get(i).layout.modelDir())).as("host %d's model folder", i).isEmpty();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(trees.get(i).failure()).isNull();
            assertThat(MlTree.read(trees.get(i).layout.outputDataDir().resolve("group.txt")))
                    .isEqualTo("rank=" + i + " members=" + hosts + " rendezvous={master=" + hosts.get(0) + ", size=3}");
        }
    }

    @Test
    void aHostWithoutDataSitsOutAndExitsZeroWithNothingWritten() throws Exception {
        cluster(3, Map.of(), false, true, true);
        assertThat(run()).containsExactly(0, 0, 0);

        List<String> members = hosts.subList(1, 3);
        assertThat(files(trees.get(0).layout.modelDir())).isEmpty();
        assertThat(files(trees.get(0).layout.outputDataDir())).isEmpty(); // sat out before "joined"
        assertThat(MlTree.read(trees.get(1).model("model.txt"))).isEqualTo("trained by " + members);
        assertThat(manifest(1).path("hosts").path("world_size").asInt()).isEqualTo(2);
        assertThat(MlTree.read(trees.get(2).layout.outputDataDir().resolve("group.txt")))
                .isEqualTo("rank=1 members=" + members + " rendezvous={master=" + hosts.get(1) + ", size=2}");
    }

    @Test
    void aGroupOfOneNeedsNoRendezvous() throws Exception {
        cluster(2, Map.of(), true, false);
        assertThat(run()).containsExactly(0, 0);
        assertThat(MlTree.read(trees.get(0).layout.outputDataDir().resolve("group.txt")))
                .isEqualTo("rank=0 members=[" + hosts.get(0) + "] rendezvous={}");
        assertThat(files(trees.get(1).layout.modelDir())).isEmpty();
    }

    @Test
    void noHostWithDataFailsEveryHost() throws Exception {
        cluster(2, Map.of(), false, false);
        assertThat(run()).containsExactly(1, 1);
        for (MlTree tree : trees) {
            assertThat(tree.failure())
                    .startsWith("no host has data to train on: the channels are empty on all 2 hosts");
        }
    }

    @Test
    void aFailingHostFailsTheGroupAndEveryHostNamesIt() throws Exception {
        cluster(3, Map.of("iterations", "100000", "pause_ms", "5", "fail_on", subnet + "2"));
        assertThat(run()).containsExactly(1, 1, 1);
        assertThat(trees.get(1).failure()).isEqualTo("boom on " + hosts.get(1));
        assertThat(trees.get(0).failure()).isEqualTo("host " + hosts.get(1) + " failed: boom on " + hosts.get(1));
        assertThat(trees.get(2).failure()).isEqualTo("host " + hosts.get(1) + " failed: boom on " + hosts.get(1));
        assertThat(files(trees.get(0).layout.modelDir())).doesNotContain(Manifest.FILE_NAME);
    }

    @Test
    void aStopOnAnyHostStopsEveryHost() throws Exception {
        cluster(3, Map.of("iterations", "100000", "pause_ms", "5"));
        Thread stopper = new Thread(() -> {
            while (!Files.exists(trees.get(2).layout.outputDataDir().resolve("joined"))) {
                Thread.onSpinWait();
            }
            stops.get(2).request();
        });
        stopper.start();
        assertThat(run()).containsExactly(143, 143, 143);
        stopper.join();
        assertThat(manifest(0).path("outcome").asText()).isEqualTo("stopped");
        assertThat(files(trees.get(1).layout.modelDir())).isEmpty();
        trees.forEach(tree -> assertThat(tree.failure()).isNull());
    }

    @Test
    void aHostThatNeverComesIsNamedByTheCoordinator() throws Exception {
        cluster(2, Map.of());
        assertThat(run(0)).containsExactly(1);
        assertThat(trees.get(0).failure()).startsWith("host " + hosts.get(1) + " did not join within 3 s"
                + " (SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS): it never reached the coordinator on " + hosts.get(0));
    }

    @Test
    void aCoordinatorThatNeverComesIsNamedByTheOthers() throws Exception {
        cluster(2, Map.of());
        assertThat(run(1)).containsExactly(1);
        assertThat(trees.get(1).failure()).startsWith("could not reach the coordinator on host " + hosts.get(0));
    }

    @Test
    void aTrainerThatDoesNotJoinFailsAMultiHostJobInsteadOfTrainingOnAShard() throws Exception {
        cluster(2, Map.of("skiff_trainer", "line-count"));
        assertThat(run()).containsExactly(1, 1);
        for (MlTree tree : trees) {
            assertThat(tree.failure()).contains("trains on one host only (it never called"
                    + " TrainingContext.cluster().join)");
        }
    }
}
