package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.train.TrainMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several {@code skiff train} JVMs on this machine train one XGBoost model through XGBoost's collective, as separate
 * instances would. Host names are IP literals on a loopback subnet picked at random per test (Linux answers on all
 * of 127.0.0.0/8): each host gets its own address, so the names resolve without DNS or edits to the machine's
 * files, every host can listen on the same port as on separate machines, and nothing test-only enters the product.
 */
@Timeout(180)
class DistributedTrainingIT {
    private static final Pattern ITERATION = Pattern.compile("\\[skiff] iteration=(\\d+) (.*)");
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path tmp;

    private final String subnet = "127." + ThreadLocalRandom.current().nextInt(16, 250) + "."
            + ThreadLocalRandom.current().nextInt(1, 250) + ".";
    private final List<double[]> train = RegionData.rows(6000, 1);
    private final List<double[]> validation = RegionData.rows(2000, 2);
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void endChildren() {
        processes.forEach(Process::destroyForcibly);
    }

    /**
     * One XGBoost thread per host: the hosts share this machine's cores, and XGBoost's idle OpenMP threads spin while
     * their host waits for a peer, taking the CPU the peer needs (30 rounds took 19 s instead of 0.1 s on 2 cores).
     */
    private static Map<String, String> hyperparameters(int rounds) {
        return Map.of("skiff_trainer", "xgboost", "num_round", String.valueOf(rounds), "objective",
                "reg:squarederror", "max_depth", "5", "eta", "0.3", "tree_method", "hist", "eval_metric", "rmse",
                "nthread", "1");
    }

    /** An /opt/ml tree for one host: train and validation shards (empty lists: empty folders). */
    private Path tree(String name, Map<String, String> hp, List<String> hosts, String current,
                      List<double[]> trainRows, List<double[]> validationRows) throws IOException {
        Path ml = tmp.resolve(name);
        Path config = Files.createDirectories(ml.resolve("input/config"));
        new ObjectMapper().writeValue(config.resolve("hyperparameters.json").toFile(), hp);
        Files.writeString(config.resolve("resourceconfig.json"), "{\"current_host\": \"" + current + "\", \"hosts\": "
                + hosts.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", ", "[", "]")) + "}");
        Files.writeString(config.resolve("inputdataconfig.json"), "{\"train\": {\"ContentType\": \"text/csv\"},"
                + " \"validation\": {\"ContentType\": \"text/csv\"}}");
        for (String channel : List.of("train", "validation")) {
            List<double[]> rows = channel.equals("train") ? trainRows : validationRows;
            Path dir = Files.createDirectories(ml.resolve("input/data").resolve(channel));
            if (!rows.isEmpty()) {
                RegionData.writeCsv(rows, dir.resolve("part.csv"));
            }
        }
        return ml;
    }

    /** {@code n} hosts; host i gets shard i of {@code shards} of the data (none when i &ge; shards). */
    private List<Path> cluster(int n, int shards, Map<String, String> hp) throws IOException {
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            hosts.add(subnet + i);
        }
        List<Path> trees = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            trees.add(tree("host-" + (i + 1), hp, hosts, hosts.get(i),
                    i < shards ? RegionData.shard(train, i, shards) : List.of(),
                    i < shards ? RegionData.shard(validation, i, shards) : List.of()));
        }
        return trees;
    }

    private List<Process> start(List<Path> trees) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(subnet + 1))) {
            port = probe.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> started = new ArrayList<>();
        for (Path ml : trees) {
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), TrainMain.class.getName())
                    .redirectErrorStream(true).redirectOutput(ml.resolve("train.log").toFile());
            Map<String, String> env = builder.environment();
            env.remove("SKIFF_TRAINER");
            env.put("SKIFF_ML_ROOT", ml.toString());
            env.put("SKIFF_PLUGINS_DIR", tmp.resolve("no-plugins").toString());
            env.put("SKIFF_CLUSTER_PORT", String.valueOf(port));
            env.put("SKIFF_CLUSTER_JOIN_TIMEOUT_SECONDS", "60");
            env.put("SKIFF_CLUSTER_HEARTBEAT_TIMEOUT_SECONDS", "10");
            started.add(builder.start());
        }
        processes.addAll(started);
        return started;
    }

    private static int exitOf(Process process, Path ml) throws Exception {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("host in " + ml + " did not end within " + WAIT_SECONDS + " s; log:\n" + log(ml));
        }
        return process.exitValue();
    }

    private static String log(Path ml) throws IOException {
        return Files.readString(ml.resolve("train.log"));
    }

    private static String failure(Path ml) throws IOException {
        Path file = ml.resolve("output/failure");
        return Files.exists(file) ? Files.readString(file).trim() : null;
    }

    private static List<String> modelFiles(Path ml) throws IOException {
        try (var files = Files.list(ml.resolve("model"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The last {@code [skiff] iteration=N ...} line of a host's log, as {@code N ...}. */
    private static String lastIteration(Path ml) throws IOException {
        Matcher m = ITERATION.matcher(log(ml));
        String last = null;
        while (m.find()) {
            last = m.group(1) + " " + m.group(2);
        }
        return last;
    }

    /** Polls a host's log (bounded) until it has logged iteration {@code n}. */
    private static void awaitIteration(Path ml, Process process, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (log(ml).contains("[skiff] iteration=" + n + " ")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no iteration " + n + " in " + ml + "; log:\n" + log(ml));
    }

    /** One host alone on {@code rows}, in this JVM: the reference models. */
    private Path trainAlone(String name, List<double[]> rows) throws Exception {
        Path ml = tree(name, hyperparameters(30), List.of("algo-1"), "algo-1", rows, validation);
        assertThat(TrainMain.run(Map.of("SKIFF_ML_ROOT", ml.toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("no-plugins").toString()))).as(failure(ml)).isZero();
        return ml.resolve("model/xgboost-model");
    }

    @Test
    void twoOfThreeHostsTrainOneModelAsGoodAsOneHostOnAllTheData() throws Exception {
        List<Path> trees = cluster(3, 2, hyperparameters(30));
        List<Process> hosts = start(trees);
        for (int i = 0; i < 3; i++) {
            assertThat(exitOf(hosts.get(i), trees.get(i))).as("host %d; log:\n%s", i + 1, log(trees.get(i))).isZero();
        }

        Path master = trees.get(0);
        assertThat(modelFiles(master)).containsExactly("skiff-model.json", "xgboost-model");
        assertThat(modelFiles(trees.get(1))).isEmpty();
        assertThat(modelFiles(trees.get(2))).isEmpty();
        assertThat(log(trees.get(2))).contains("channel 'train' has no rows on this host: it sits the training out");
        JsonNode manifest = new ObjectMapper().readTree(master.resolve("model/skiff-model.json").toFile());
        assertThat(manifest.path("hosts").path("world_size").asInt()).isEqualTo(2);
        assertThat(manifest.path("hosts").path("training").toString())
                .isEqualTo("[\"" + subnet + "1\",\"" + subnet + "2\"]");
        assertThat(manifest.path("inputs").toString()).contains("train/part.csv", "validation/part.csv");
        // XGBoost's metrics are over all hosts' data: both hosts log the same rounds with the same values
        assertThat(lastIteration(master)).startsWith("29 train-rmse=").isEqualTo(lastIteration(trees.get(1)));

        double together = RegionData.rmse(master.resolve("model/xgboost-model"), validation);
        double all = RegionData.rmse(trainAlone("alone-all", train), validation);
        double half = RegionData.rmse(trainAlone("alone-half", RegionData.shard(train, 0, 2)), validation);
        System.out.printf("validation RMSE: two hosts on halves %.4f, one host on all %.4f, one host on half %.4f%n",
                together, all, half);
        assertThat(together).as("two hosts on halves vs one host on all (%s)", all).isCloseTo(all,
                org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(half).as("one host on half vs two hosts (%s)", together).isGreaterThan(2 * together);
    }

    @Test
    void killingTheMasterMidTrainingFailsTheOtherHostNamingIt() throws Exception {
        List<Path> trees = cluster(2, 2, hyperparameters(1_000_000));
        List<Process> hosts = start(trees);
        awaitIteration(trees.get(1), hosts.get(1), 5);

        hosts.get(0).destroyForcibly(); // SIGKILL: no goodbye on any connection
        assertThat(exitOf(hosts.get(1), trees.get(1))).as(log(trees.get(1))).isEqualTo(1);
        assertThat(failure(trees.get(1))).isEqualTo("host " + subnet + "1 (the coordinator) was lost: its connection"
                + " closed; it stopped, crashed or lost the network (see its log)");
        assertThat(modelFiles(trees.get(1))).isEmpty();
    }

    private static List<String> checkpoints(Path ml) throws IOException {
        Path dir = ml.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("xgboost-checkpoint."))
                    .sorted().toList();
        }
    }

    @Test
    void sigtermOnOneHostStopsTheWholeGroupAfterTheSameRoundAndOnlyTheMasterCheckpoints() throws Exception {
        List<Path> trees = cluster(2, 2, hyperparameters(1_000_000));
        List<Process> hosts = start(trees);
        awaitIteration(trees.get(1), hosts.get(1), 5);

        hosts.get(1).destroy(); // SIGTERM, to the worker only
        assertThat(exitOf(hosts.get(1), trees.get(1))).as(log(trees.get(1))).isEqualTo(143);
        assertThat(exitOf(hosts.get(0), trees.get(0))).as(log(trees.get(0))).isEqualTo(143);
        assertThat(failure(trees.get(0))).isNull();
        assertThat(failure(trees.get(1))).isNull();
        // as SageMaker's container: a stop keeps the checkpoints, and writes the model only with
        // save_model_on_termination
        assertThat(modelFiles(trees.get(0))).containsExactly("skiff-model.json");
        assertThat(modelFiles(trees.get(1))).isEmpty();
        assertThat(new ObjectMapper().readTree(trees.get(0).resolve("model/skiff-model.json").toFile())
                .path("outcome").asText()).isEqualTo("stopped");
        String last = lastIteration(trees.get(0));
        assertThat(last).isNotNull().isEqualTo(lastIteration(trees.get(1)));
        List<String> saved = checkpoints(trees.get(0));
        assertThat(saved).isNotEmpty().contains("xgboost-checkpoint." + last.substring(0, last.indexOf(' ')));
        assertThat(checkpoints(trees.get(1))).isEmpty();
        Path newest = trees.get(0).resolve("checkpoints/xgboost-checkpoint." + last.substring(0, last.indexOf(' ')));
        assertThat(RegionData.rmse(newest, validation)).isFinite();
    }
}
