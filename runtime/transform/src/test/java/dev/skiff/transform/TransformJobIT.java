package dev.skiff.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.testmodel.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff transform} against a real Skiff server on a free port, serving the runtime's test model
 * ({@code 2 * sum(row)}): every split, strategy and assembly, joins, the payload limit, concurrency, and failures.
 */
class TransformJobIT {
    private static final Pattern REQUESTS = Pattern.compile(
            "(?m)^skiff_requests_seconds_count\\{route=\"/invocations\",status=\"(\\d+)\"} ([0-9.]+)");

    @TempDir
    Path tmp;
    private TestServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void serve(Map<String, String> env) throws Exception {
        server = TestServer.ready(tmp.resolve("server"), "features=3\nweight=2\n", env);
    }

    private long run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--endpoint", server.url(""),
                "--output", tmp.resolve("out").toString(), "--progress-seconds", "1"));
        all.addAll(List.of(args));
        return new TransformJob(TransformOptions.parse(all.toArray(String[]::new)),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run();
    }

    /** {@code rows} CSV rows {@code i%7, i%5, i%3} with their predictions {@code 2 * sum} as the server writes them. */
    private static String[] csv(int rows) {
        StringBuilder in = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            in.append(i % 7).append(',').append(i % 5).append(',').append(i % 3).append('\n');
            out.append((float) (2 * (i % 7 + i % 5 + i % 3))).append('\n');
        }
        return new String[] {in.toString(), out.toString()};
    }

    private Path input(String name, String text) throws Exception {
        Path file = tmp.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private String output(String name) throws Exception {
        return Files.readString(tmp.resolve("out").resolve(name + ".out"));
    }

    @Test
    void multiRecordBatchesWithinThePayloadLimitConcurrentlyAndKeepsInputOrder() throws Exception {
        serve(Map.of("SAGEMAKER_BATCH", "true"));
        String[] data = csv(200_000); // about 1.2 MB: two mini-batches of at most 1 MB
        Path file = input("data.csv", data[0]);

        long records = run("--split-type", "Line", "--batch-strategy", "MultiRecord", "--max-payload-mb", "1",
                "--max-concurrent", "3", "--assemble-with", "Line", file.toString());

        assertThat(records).isEqualTo(200_000);
        assertThat(output("data.csv")).isEqualTo(data[1]);
        assertThat(invocations(200)).isEqualTo(2);
        assertThat(log.toString()).contains("transform: done: 200,000 records").contains("in 2 requests");
    }

    @Test
    void miniBatchesOverOneMegabyteGoFullDuplexAndStayInOrder() throws Exception {
        serve(Map.of("SKIFF_MAX_PAYLOAD_MB", "10"));
        String[] data = csv(700_000); // about 4.2 MB: mini-batches of 3 MB and 1.2 MB, both over DuplexPost's threshold
        Path file = input("large.csv", data[0]);

        run("--split-type", "Line", "--max-payload-mb", "3", "--max-concurrent", "2", file.toString());

        assertThat(output("large.csv")).isEqualTo(data[1]);
        assertThat(invocations(200)).isEqualTo(2);
    }

    @Test
    void recordIoFilesAreSplitIntoWholeRecords() throws Exception {
        serve(Map.of("SAGEMAKER_BATCH", "true"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 60_000; i++) { // about 2.6 MB of records: three mini-batches of at most 1 MB
            Float32Tensor.Builder t = Float32Tensor.newBuilder().addValues(i % 7).addValues(i % 5).addValues(i % 3);
            body.writeBytes(RecordIoFrames.frame(Record.newBuilder()
                    .putFeatures("values", Value.newBuilder().setFloat32Tensor(t).build()).build().toByteArray()));
            expected.append((float) (2 * (i % 7 + i % 5 + i % 3))).append('\n');
        }
        Path file = tmp.resolve("in/data.recordio");
        Files.createDirectories(file.getParent());
        Files.write(file, body.toByteArray());

        run("--split-type", "RecordIO", "--content-type", "application/x-recordio-protobuf", "--accept", "text/csv",
                "--max-payload-mb", "1", "--max-concurrent", "2", file.toString());

        assertThat(output("data.recordio")).isEqualTo(expected.toString());
        assertThat(invocations(200)).isEqualTo(3);
    }

    @Test
    void singleRecordWithAssembleLineLeavesNoBlankLines() throws Exception {
        serve(Map.of("SAGEMAKER_BATCH", "true"));
        String[] data = csv(25);
        input("a.csv", data[0] + "\n\r\n"); // blank lines carry no record

        run("--split-type", "Line", "--batch-strategy", "SingleRecord", "--assemble-with", "Line",
                tmp.resolve("in").toString());

        assertThat(output("a.csv")).isEqualTo(data[1]);
        assertThat(invocations(200)).isEqualTo(25);
    }

    @Test
    void strategyAndConcurrencyComeFromExecutionParametersInEitherSpelling() throws Exception {
        serve(Map.of("SAGEMAKER_BATCH_STRATEGY", "SINGLE_RECORD", "SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", "4"));
        input("b.csv", csv(10)[0]);
        assertThat(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url("/execution-parameters"))).build(),
                HttpResponse.BodyHandlers.ofString()).body())
                .as("the container's own spelling, as SAGEMAKER_BATCH_STRATEGY set it")
                .contains("\"BatchStrategy\":\"SINGLE_RECORD\"").contains("\"MaxConcurrentTransforms\":4");

        run("--split-type", "Line", tmp.resolve("in/b.csv").toString());

        assertThat(invocations(200)).as("one request per record: SINGLE_RECORD was taken from the container")
                .isEqualTo(10);
        assertThat(log.toString()).contains("SingleRecord").contains("4 at once");
    }

    @Test
    void splitTypeNoneSendsTheWholeFileAndAssembleNoneConcatenates() throws Exception {
        serve(Map.of());
        String[] data = csv(1000);
        input("one.csv", data[0]);
        input("sub/two.csv", data[0]);

        run("--split-type", "None", tmp.resolve("in").toString());

        assertThat(output("one.csv")).isEqualTo(data[1]);
        assertThat(output("sub/two.csv")).as("the folder layout is kept").isEqualTo(data[1]);
        assertThat(invocations(200)).isEqualTo(2);
    }

    @Test
    void payloadZeroStreamsTheWholeFileAsOneChunkedRequest() throws Exception {
        serve(Map.of("SKIFF_MAX_PAYLOAD_MB", "200"));
        String[] data = csv(1_000_000); // about 6 MB each way, streamed both ways at once (see DuplexPostIT)
        Path file = input("big.csv", data[0]);

        long records = run("--split-type", "Line", "--max-payload-mb", "0", file.toString());

        assertThat(records).isEqualTo(1_000_000);
        assertThat(output("big.csv")).isEqualTo(data[1]);
        assertThat(invocations(200)).isEqualTo(1);
    }

    @Test
    void joinSourceInputAppendsCsvColumnsAndJsonKeys() throws Exception {
        serve(Map.of("SAGEMAKER_BATCH", "true"));
        input("j.csv", "1,2,3\n4,5,6\n");
        input("j.jsonl", "{\"features\": [1, 2, 3]}\n[4, 5, 6]\n{\"features\":[1,1,1] }\n");

        run("--split-type", "Line", "--join-source", "Input", "--max-concurrent", "2",
                tmp.resolve("in/j.csv").toString());
        assertThat(output("j.csv")).isEqualTo("1,2,3,12.0\n4,5,6,30.0\n");

        run("--split-type", "Line", "--join-source", "Input", "--content-type", "application/jsonlines",
                "--batch-strategy", "SingleRecord", tmp.resolve("in/j.jsonl").toString());
        assertThat(output("j.jsonl")).isEqualTo("""
                {"features": [1, 2, 3],"SageMakerOutput":12.0}
                {"SageMakerInput":[4, 5, 6],"SageMakerOutput":30.0}
                {"features":[1,1,1] ,"SageMakerOutput":6.0}
                """);
    }

    @Test
    void aFailedMiniBatchFailsTheJobNamingFileAndRecordsWithoutRetrying() throws Exception {
        serve(Map.of());
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            rows.append(i == 17 ? "-400,0,0" : "1,1,1").append('\n'); // -400: the test model refuses the row
        }
        input("bad.csv", rows.toString());

        assertThat(TransformMain.run("--endpoint", server.url(""), "--output", tmp.resolve("out").toString(),
                "--split-type", "Line", "--batch-strategy", "SingleRecord", "--max-concurrent", "1",
                tmp.resolve("in/bad.csv").toString()))
                .isEqualTo(1);

        assertThat(invocations(400)).as("the failed request was sent once, never retried").isEqualTo(1);
        assertThat(invocations(200)).as("nothing after it was sent").isEqualTo(16);
        assertThat(tmp.resolve("out/bad.csv.out")).as("no partial output left behind").doesNotExist();
    }

    @Test
    void theFailureMessageNamesTheFileAndTheRecordRange() throws Exception {
        serve(Map.of());
        input("bad.csv", "1,1,1\n1,1,1\n1,1\n1,1,1\n");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> run("--split-type", "Line",
                tmp.resolve("in/bad.csv").toString())))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("bad.csv records 1-4 (line 1 to line 4): HTTP 400 ")
                .hasMessageContaining("wrong_feature_count");
    }

    @Test
    void aRecordOverThePayloadLimitIsNamed() throws Exception {
        serve(Map.of());
        input("wide.csv", "1,1,1\n" + "1,".repeat(600_000) + "1\n");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> run("--split-type", "Line",
                "--max-payload-mb", "1", tmp.resolve("in/wide.csv").toString())))
                .isInstanceOf(TransformException.class)
                .hasMessage("wide.csv: line 2 is longer than the 1048576-byte request limit (MaxPayloadInMB)");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(TransformMain.run("--split-type", "Words", "--output", "x", "in")).isEqualTo(2);
        assertThat(TransformMain.run("--join-source", "Input", "--output", "x", "in")).isEqualTo(2);
        assertThat(TransformMain.run("in.csv")).isEqualTo(2);
    }

    /** How many /invocations requests the server answered with {@code status}, from its /metrics. */
    private long invocations(int status) throws Exception {
        String text = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = REQUESTS.matcher(text);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == status) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
