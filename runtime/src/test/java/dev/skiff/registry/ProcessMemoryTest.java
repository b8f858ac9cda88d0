package dev.skiff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's limit from cgroup v2 and v1 files as Docker and Kubernetes lay them out; native growth. */
class ProcessMemoryTest {
    @TempDir
    Path tmp;

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private ProcessMemory memory() {
        return new ProcessMemory(tmp.resolve("proc"), tmp.resolve("cgroup"));
    }

    @Test
    void cgroupV2ReadsTheProcesssOwnCgroupFirst() throws IOException {
        write(tmp.resolve("proc/cgroup"), "0::/kubepods/pod1/c1\n");
        write(tmp.resolve("cgroup/kubepods/pod1/c1/memory.max"), "2147483648\n");
        write(tmp.resolve("cgroup/memory.max"), "max\n");
        ProcessMemory.Limit limit = memory().limit();
        assertThat(limit.bytes()).isEqualTo(2147483648L);
        assertThat(limit.source()).contains("kubepods/pod1/c1/memory.max");
    }

    @Test
    void aContainerWithItsOwnCgroupNamespaceSeesItsLimitAtTheRoot() throws IOException {
        write(tmp.resolve("proc/cgroup"), "0::/\n");
        write(tmp.resolve("cgroup/memory.max"), "1073741824\n");
        assertThat(memory().limit().bytes()).isEqualTo(1073741824L);
    }

    @Test
    void cgroupV1AndNoLimitAtAll() throws IOException {
        write(tmp.resolve("proc/cgroup"), "12:cpu,cpuacct:/docker/abc\n11:memory:/docker/abc\n");
        write(tmp.resolve("cgroup/memory/docker/abc/memory.limit_in_bytes"), "536870912\n");
        assertThat(memory().limit().bytes()).isEqualTo(536870912L);

        write(tmp.resolve("cgroup/memory/docker/abc/memory.limit_in_bytes"), "9223372036854771712\n");
        ProcessMemory.Limit none = memory().limit();
        assertThat(none.source()).isEqualTo("the machine's memory (no cgroup memory limit)");
        assertThat(none.bytes()).isGreaterThan(0);
    }

    @Test
    void nativeGrowthIsResidentGrowthLessWhatTheHeapCommitted() {
        ProcessMemory.Sample before = new ProcessMemory.Sample(100, 50);
        assertThat(ProcessMemory.nativeGrowth(before, new ProcessMemory.Sample(190, 70))).isEqualTo(70);
        assertThat(ProcessMemory.nativeGrowth(before, new ProcessMemory.Sample(150, 40))).as("heap shrank")
                .isEqualTo(50);
        assertThat(ProcessMemory.nativeGrowth(before, new ProcessMemory.Sample(90, 50))).isZero();
        assertThat(ProcessMemory.nativeGrowth(new ProcessMemory.Sample(-1, 0), before)).as("unreadable").isZero();
    }

    @Test
    void thisProcessIsReadable() {
        assertThat(ProcessMemory.linux().sample().anonymous()).isGreaterThan(0);
    }
}
