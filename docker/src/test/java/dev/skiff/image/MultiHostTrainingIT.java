package dev.skiff.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Multi-host training as SageMaker (and the SageMaker SDK's local mode) runs it: containers of the real image on one
 * Docker network, each with its network alias and host name {@code algo-N}, its own {@code /opt/ml} with its shard
 * of the data and a {@code resourceconfig.json} naming every host. The data is {@code bench/training/regions.py}'s,
 * sharded by region, so that a model that saw one shard only is clearly worse; Python's xgboost (1.7.4, Debian's
 * {@code python3-xgboost}) loads and scores the models.
 */
@ExtendWith(DockerRequired.class)
class MultiHostTrainingIT {
    private static final String PYTHON = System.getProperty("skiff.python", "/usr/bin/python3");
    private static final Pattern LAST_ITERATION = Pattern.compile("\\[skiff] iteration=(\\d+) ([^\\n]*)");

    private static String image;
    private static Path data;
    private final List<GenericContainer<?>> containers = new ArrayList<>();
    private Network network;

    @BeforeAll
    static void imageAndData() throws Exception {
        image = Containers.image();
        data = Containers.workDir("multi-host-data");
        python("data", data.toString(), "2", "6000", "2000");
    }

    @AfterEach
    void removeContainersAndNetwork() {
        containers.forEach(GenericContainer::stop);
        if (network != null) {
            network.close();
        }
    }

    /**
     * One XGBoost thread per host: the hosts share this machine's cores, and XGBoost's idle OpenMP threads spin while
     * their host waits for a peer, taking the CPU the peer needs.
     */
    private static String hyperparameters(int rounds) {
        return "{\"num_round\": \"" + rounds + "\", \"objective\": \"reg:squarederror\", \"max_depth\": \"5\","
                + " \"eta\": \"0.3\", \"tree_method\": \"hist\", \"eval_metric\": \"rmse\", \"nthread\": \"1\","
                + " \"skiff_trainer\": \"xgboost\"}";
    }

    /** {@code /opt/ml} for host {@code i} (1-based) of {@code n}, with that host's shard of {@code shards}-way data. */
    private static Path tree(String job, int i, int n, String hyperparameters, String shards) throws IOException {
        Path ml = Containers.workDir(job + "/algo-" + i);
        Path config = Files.createDirectories(ml.resolve("input/config"));
        Files.writeString(config.resolve("hyperparameters.json"), hyperparameters);
        String hosts = Stream.iterate(1, h -> h + 1).limit(n).map(h -> "\"algo-" + h + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
        Files.writeString(config.resolve("resourceconfig.json"), "{\"current_host\": \"algo-" + i + "\", \"hosts\": "
                + hosts + ", \"network_interface_name\": \"eth0\"}");
        Files.writeString(config.resolve("inputdataconfig.json"), "{"
                + "\"train\": {\"ContentType\": \"text/csv\", \"S3DistributionType\": \"ShardedByS3Key\"},"
                + " \"validation\": {\"ContentType\": \"text/csv\", \"S3DistributionType\": \"ShardedByS3Key\"}}");
        for (String channel : List.of("train", "validation")) {
            Path dir = Files.createDirectories(ml.resolve("input/data").resolve(channel));
            Files.copy(data.resolve(shards + "/host-" + i + "/" + channel + "/part.csv"), dir.resolve("part.csv"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(ml.resolve("model"));
        Files.createDirectories(ml.resolve("output"));
        return ml;
    }

    /** Starts {@code skiff train} as host {@code algo-i} on the test's network. */
    private GenericContainer<?> host(int i, Path ml) {
        if (network == null) {
            network = Network.newNetwork();
        }
        String name = "algo-" + i;
        GenericContainer<?> c = new GenericContainer<>(image)
                .withCommand("train")
                .withNetwork(network)
                .withNetworkAliases(name)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(name))
                .withFileSystemBind(ml.toString(), "/opt/ml", BindMode.READ_WRITE)
                .withEnv("SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS", "60")
                .withEnv("SKIFF_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS", "10");
        containers.add(c);
        c.start();
        return c;
    }

    private static int exitCode(GenericContainer<?> c, long seconds) {
        return DockerClientFactory.instance().client().waitContainerCmd(c.getContainerId()).start()
                .awaitStatusCode(seconds, TimeUnit.SECONDS);
    }

    private static boolean running(GenericContainer<?> c) {
        return Boolean.TRUE.equals(DockerClientFactory.instance().client().inspectContainerCmd(c.getContainerId())
                .exec().getState().getRunning());
    }

    /** The last {@code [skiff] iteration=N ...} line in a container's log, as {@code N ...}. */
    private static String lastIteration(GenericContainer<?> c) {
        Matcher m = LAST_ITERATION.matcher(c.getLogs());
        String last = null;
        while (m.find()) {
            last = m.group(1) + " " + m.group(2);
        }
        return last;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static double score(Path model) throws Exception {
        return Double.parseDouble(python("score", model.toString(), data.resolve("holdout.csv").toString()).trim());
    }

    private static String python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON,
                Containers.dockerDir().resolve("../bench/training/regions.py").normalize().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).as("%s failed:\n%s", command, out).isTrue();
        return out;
    }

    /** One host alone, in a container, on the given shard directory (the references). */
    private Path alone(String job, String shards) throws Exception {
        Path ml = tree(job, 1, 1, hyperparameters(30), shards);
        GenericContainer<?> c = host(1, ml);
        assertThat(exitCode(c, 120)).as("alone on %s:\n%s", shards, c.getLogs()).isZero();
        return ml.resolve("model/xgboost-model");
    }

    @Test
    void twoHostsWithHalfTheDataEachTrainOneModelAsGoodAsOneHostWithAll() throws Exception {
        Path master = tree("two-hosts", 1, 2, hyperparameters(30), "2-hosts");
        Path worker = tree("two-hosts", 2, 2, hyperparameters(30), "2-hosts");
        GenericContainer<?> algo1 = host(1, master);
        GenericContainer<?> algo2 = host(2, worker);
        assertThat(exitCode(algo1, 120)).as(algo1.getLogs()).isZero();
        assertThat(exitCode(algo2, 120)).as(algo2.getLogs()).isZero();

        assertThat(files(master.resolve("model"))).containsExactly("skiff-model.json", "xgboost-model");
        assertThat(files(worker.resolve("model"))).isEmpty();
        assertThat(Files.readString(master.resolve("model/skiff-model.json")))
                .contains("\"training\" : [ \"algo-1\", \"algo-2\" ]", "\"world_size\" : 2");
        assertThat(lastIteration(algo1)).startsWith("29 train-rmse=").isEqualTo(lastIteration(algo2));

        double together = score(master.resolve("model/xgboost-model"));
        double all = score(alone("alone-all", "1-hosts"));
        double half = score(alone("alone-half", "2-hosts"));
        System.out.printf("holdout RMSE (Python xgboost): two hosts %.4f, one host on all %.4f, on half %.4f%n",
                together, all, half);
        assertThat(Math.abs(together - all)).as("two hosts %s vs one host on all %s", together, all)
                .isLessThan(0.1 * all);
        assertThat(half).as("one host on half vs two hosts %s", together).isGreaterThan(2 * together);
    }

    @Test
    void killingOneContainerMidTrainingFailsTheOtherNamingTheLostHost() throws Exception {
        Path ml1 = tree("kill", 1, 2, hyperparameters(1_000_000), "2-hosts");
        GenericContainer<?> algo1 = host(1, ml1);
        GenericContainer<?> algo2 = host(2, tree("kill", 2, 2, hyperparameters(1_000_000), "2-hosts"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!algo1.getLogs().contains("[skiff] iteration=20 ")) {
            assertThat(System.nanoTime()).as("algo-1 never reached round 20:\n%s", algo1.getLogs())
                    .isLessThan(deadline);
            assertThat(running(algo1)).as("algo-1 ended early:\n%s", algo1.getLogs()).isTrue();
            Thread.sleep(50);
        }

        DockerClient docker = DockerClientFactory.instance().client();
        docker.killContainerCmd(algo2.getContainerId()).exec(); // SIGKILL
        assertThat(exitCode(algo1, 30)).as("algo-1 after algo-2 was killed:\n%s", algo1.getLogs()).isEqualTo(1);
        assertThat(Files.readString(ml1.resolve("output/failure")).trim()).isEqualTo("host algo-2 was lost during"
                + " training: its connection to the coordinator on algo-1 closed; it stopped, crashed or lost the"
                + " network (see its log)");
        assertThat(files(ml1.resolve("model"))).doesNotContain("skiff-model.json");
        assertThat(running(algo1)).isFalse();
        assertThat(running(algo2)).isFalse();
    }
}
