package dev.skiff.train;

import dev.skiff.spi.Channel;
import dev.skiff.spi.TrainingException;
import dev.skiff.train.TrainingEnvironment.ChannelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelsTest {
    private static final ChannelSpec TRAIN_FILE = new ChannelSpec("train", Optional.of("text/csv"), Channel.Mode.FILE);
    private static final ChannelSpec TRAIN_PIPE = new ChannelSpec("train", Optional.of("text/csv"), Channel.Mode.PIPE);

    @TempDir
    Path root;

    private record Read(String source, String content) {
    }

    private static List<Read> readAll(Channel channel, int epoch) throws IOException {
        List<Read> reads = new ArrayList<>();
        channel.read(epoch, (source, in) -> reads.add(new Read(source,
                new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        return reads;
    }

    @Test
    void fileModeReadsEveryFileRecursivelyInPathOrderAndGunzipsByMagic() throws Exception {
        MlTree tree = new MlTree(root)
                .data("train", "b.csv", "2,b\n")
                .data("train", "a/z.csv", "1,az\n")
                .gzipData("train", "c.csv", "3,c\n") // gzip without a .gz name: recognised by its bytes
                .gzipData("train", "a.csv.gz", "0,a\n")
                .data("train", ".DS_Store", "junk")
                .data("train", ".cache/x.csv", "junk");
        FileChannel channel = FileChannel.open(TRAIN_FILE, tree.layout, new ChannelRecords(1024 * 1024));
        assertThat(readAll(channel, 0)).containsExactly(
                new Read("train/a.csv.gz", "0,a\n"),
                new Read("train/a/z.csv", "1,az\n"),
                new Read("train/b.csv", "2,b\n"),
                new Read("train/c.csv", "3,c\n"));
        assertThat(readAll(channel, 3)).hasSize(4); // every epoch reads the same files
        assertThat(channel.files()).hasSize(4);
    }

    @Test
    void missingAndEmptyChannelsSayWhichAndWhere() {
        MlTree tree = new MlTree(root);
        assertThatThrownBy(() -> FileChannel.open(TRAIN_FILE, tree.layout, new ChannelRecords(1024 * 1024)))
                .isInstanceOf(TrainingException.class)
                .hasMessage("channel 'train' is missing: input/data/train does not exist; check the channel's S3"
                        + " location in the job's InputDataConfig");
        tree.data("train", ".keep", "");
        assertThatThrownBy(() -> FileChannel.open(TRAIN_FILE, tree.layout, new ChannelRecords(1024 * 1024)))
                .hasMessage("channel 'train' is empty: input/data/train holds no files; check the channel's S3 prefix");
        tree.data("train", "empty.csv", "");
        assertThatThrownBy(() -> FileChannel.open(TRAIN_FILE, tree.layout, new ChannelRecords(1024 * 1024)))
                .hasMessage("channel 'train' is empty: its 1 file(s) hold no data");
    }

    @Test
    void summariesHashStoredBytesAndCountDecompressedRows() throws Exception {
        MlTree tree = new MlTree(root).gzipData("train", "part.csv", "1,2\n\n3,4\r\n5,6");
        Path file = root.resolve("input/data/train/part.csv");
        InputSummary summary = InputSummary.ofFile("train", "train/part.csv", file, true);
        assertThat(summary.rows()).isEqualTo(3);
        assertThat(summary.gzip()).isTrue();
        assertThat(summary.bytes()).isEqualTo(Files.size(file));
        assertThat(summary.sha256()).isEqualTo(sha256(Files.readAllBytes(file)));
        assertThat(InputSummary.ofFile("train", "x", file, false).rows()).isNull();
    }

    @Test
    void fileModeHashesEachFileInThePassThatReadsIt() throws Exception {
        MlTree tree = new MlTree(root).data("train", "a.csv", "1,2\n\n3,4\n").gzipData("train", "b.csv", "5,6\n7,8");
        Path a = root.resolve("input/data/train/a.csv");
        Path b = root.resolve("input/data/train/b.csv");
        String shaA = sha256(Files.readAllBytes(a));
        String shaB = sha256(Files.readAllBytes(b));
        long sizeB = Files.size(b);
        Map<String, InputSummary> ledger = new ConcurrentHashMap<>();
        FileChannel channel = FileChannel.open(TRAIN_FILE, tree.layout, new ChannelRecords(1024 * 1024), ledger, false);
        // the reader takes one byte of each file and deletes it: no later pass could hash it
        channel.read(0, (source, in) -> {
            assertThat(in.read()).isGreaterThan(0);
            in.close();
            Files.delete(root.resolve("input/data").resolve(source));
        });
        assertThat(ledger.get("train/a.csv")).isEqualTo(new InputSummary("train", "train/a.csv", 9, shaA, false, 2L));
        assertThat(ledger.get("train/b.csv"))
                .isEqualTo(new InputSummary("train", "train/b.csv", sizeB, shaB, true, 2L));
    }

    @Test
    void pipeModeReadsEachEpochsFifoWrittenByAnotherThread() throws Exception {
        MlTree tree = new MlTree(root);
        Files.createDirectories(tree.layout.dataDir());
        List<InputSummary> ledger = new ArrayList<>();
        PipeChannel channel = new PipeChannel(TRAIN_PIPE, tree.layout, Duration.ofSeconds(10), new StopSignal(),
                new ChannelRecords(1024 * 1024), ledger::add);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            writeFifo(tree.layout.dataDir().resolve("train_0"), "1,a\n2,b\n".getBytes(StandardCharsets.UTF_8));
            writeFifo(tree.layout.dataDir().resolve("train_1"), MlTree.gzip("3,c\n"));
        });
        assertThat(readAll(channel, 0)).containsExactly(new Read("train_0", "1,a\n2,b\n"));
        assertThat(readAll(channel, 1)).containsExactly(new Read("train_1", "3,c\n"));
        writer.get(10, TimeUnit.SECONDS);
        assertThat(ledger).extracting(InputSummary::source, InputSummary::rows, InputSummary::gzip)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("train_0", 2L, false),
                        org.assertj.core.groups.Tuple.tuple("train_1", 1L, true));
        assertThat(ledger.get(0).sha256()).isEqualTo(sha256("1,a\n2,b\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(channel::files).hasMessageStartingWith("channel 'train' is in Pipe mode and has no files");
    }

    @Test
    void aRecordIoWrappedPipeHandsOverItsTextUnwrappedAndHashesWhatWasStreamed() throws Exception {
        MlTree tree = new MlTree(root);
        Files.createDirectories(tree.layout.dataDir());
        byte[] wrapped = concat(frame("1,a\n2,b\n"), frame("3,c"), frame(""), frame("4,d\r\n5,e"));
        List<InputSummary> ledger = new ArrayList<>();
        PipeChannel channel = new PipeChannel(new ChannelSpec("train", Optional.of("text/csv"), Channel.Mode.PIPE,
                true), tree.layout, Duration.ofSeconds(10), new StopSignal(), new ChannelRecords(1024 * 1024),
                ledger::add);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(
                () -> writeFifo(tree.layout.dataDir().resolve("train_0"), wrapped));
        // each S3 object is one frame: a last line without a newline still ends at the frame's end
        assertThat(readAll(channel, 0)).containsExactly(new Read("train_0", "1,a\n2,b\n3,c\n4,d\r\n5,e\n"));
        writer.get(10, TimeUnit.SECONDS);
        assertThat(ledger).singleElement().satisfies(read -> {
            assertThat(read.bytes()).isEqualTo(wrapped.length);
            assertThat(read.sha256()).isEqualTo(sha256(wrapped));
            assertThat(read.rows()).isEqualTo(5);
        });
    }

    @Test
    void aRecordIoWrappedPipeOfOtherDataKeepsItsFrames() throws Exception {
        MlTree tree = new MlTree(root);
        Files.createDirectories(tree.layout.dataDir());
        byte[] wrapped = concat(frame("{\"a\": 1}"), frame("{\"b\": 2}"));
        PipeChannel channel = new PipeChannel(new ChannelSpec("train", Optional.of("application/x-recordio-protobuf"),
                Channel.Mode.PIPE, true), tree.layout, Duration.ofSeconds(10), new StopSignal(),
                new ChannelRecords(1024 * 1024), s -> { });
        CompletableFuture<Void> writer = CompletableFuture.runAsync(
                () -> writeFifo(tree.layout.dataDir().resolve("train_0"), wrapped));
        List<byte[]> bytes = new ArrayList<>();
        channel.read(0, (source, in) -> bytes.add(in.readAllBytes()));
        writer.get(10, TimeUnit.SECONDS);
        assertThat(bytes).singleElement().isEqualTo(wrapped);
    }

    @Test
    void brokenFramingInAWrappedPipeNamesTheRecord() throws Exception {
        MlTree tree = new MlTree(root);
        Files.createDirectories(tree.layout.dataDir());
        byte[] second = frame("3,c\n");
        second[1] = 0;
        byte[] wrapped = concat(frame("1,a\n"), second);
        PipeChannel channel = new PipeChannel(new ChannelSpec("train", Optional.empty(), Channel.Mode.PIPE, true),
                tree.layout, Duration.ofSeconds(10), new StopSignal(), new ChannelRecords(1024 * 1024), s -> { });
        CompletableFuture<Void> writer = CompletableFuture.runAsync(
                () -> writeFifo(tree.layout.dataDir().resolve("train_0"), wrapped));
        assertThatThrownBy(() -> readAll(channel, 0)).isInstanceOf(TrainingException.class)
                .hasMessage("train_0 record 2: no RecordIO magic number at byte 12 (found 0xced7000a, expected"
                        + " 0xced7230a) (the channel's RecordWrapperType is RecordIO)");
        writer.get(10, TimeUnit.SECONDS);
    }

    private static byte[] frame(String text) {
        return dev.skiff.codec.recordio.RecordIoFrames.frame(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void pipeThatNeverAppearsFailsAfterTheWait() {
        MlTree tree = new MlTree(root);
        PipeChannel channel = new PipeChannel(TRAIN_PIPE, tree.layout, Duration.ofMillis(200), new StopSignal(),
                new ChannelRecords(1024 * 1024), s -> { });
        assertThatThrownBy(() -> readAll(channel, 2)).isInstanceOf(TrainingException.class)
                .hasMessageStartingWith("channel 'train': pipe input/data/train_2 did not appear within 0 s");
    }

    @Test
    void pipeWaitEndsWhenStopIsRequested() {
        MlTree tree = new MlTree(root);
        StopSignal stop = new StopSignal();
        stop.request();
        PipeChannel channel = new PipeChannel(TRAIN_PIPE, tree.layout, Duration.ofSeconds(30), stop,
                new ChannelRecords(1024 * 1024), s -> { });
        assertThatThrownBy(() -> readAll(channel, 0)).isInstanceOf(java.io.InterruptedIOException.class);
    }

    private static void writeFifo(Path fifo, byte[] content) {
        MlTree.writeFifo(fifo, content);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
