package dev.skiff.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void aFreshFolderIsNotResumed() throws Exception {
        Checkpoints checkpoints = Checkpoints.open(dir.resolve("checkpoints"));
        assertThat(checkpoints.resuming()).isFalse();
        assertThat(checkpoints.find("state")).isEmpty();
    }

    @Test
    void savesAtomicallyAndReplaces() throws Exception {
        Checkpoints checkpoints = Checkpoints.open(dir);
        checkpoints.save("state", out -> out.write("1".getBytes(StandardCharsets.UTF_8)));
        Path saved = checkpoints.save("state", out -> {
            out.write("2".getBytes(StandardCharsets.UTF_8));
            out.close(); // a writer closing the stream is fine
        });
        assertThat(Files.readString(saved)).isEqualTo("2");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("state"));
        }
    }

    @Test
    void aFailedWriteKeepsThePreviousCheckpoint() throws Exception {
        Checkpoints checkpoints = Checkpoints.open(dir);
        checkpoints.save("state", out -> out.write("good".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> checkpoints.save("state", out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(dir.resolve("state"))).isEqualTo("good");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("state"));
        }
    }

    @Test
    void reopeningResumesAndDropsTemporaryLeftovers() throws Exception {
        Files.writeString(dir.resolve(".skiff-tmp-state"), "half");
        assertThat(Checkpoints.open(dir).resuming()).isFalse();
        assertThat(dir.resolve(".skiff-tmp-state")).doesNotExist();
        Files.writeString(dir.resolve("model.ckpt"), "whole");
        assertThat(Checkpoints.open(dir).resuming()).isTrue();
    }

    @Test
    void namesMustBePlainFileNames() throws Exception {
        Checkpoints checkpoints = Checkpoints.open(dir);
        assertThatThrownBy(() -> checkpoints.save("../x", out -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> checkpoints.find(".hidden")).isInstanceOf(IllegalArgumentException.class);
    }
}
