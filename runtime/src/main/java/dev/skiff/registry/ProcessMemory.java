package dev.skiff.registry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's memory as Linux and the JVM report it: resident anonymous memory ({@code RssAnon} in
 * {@code /proc/self/status}: the heap's touched pages, the JVM's own areas and every {@code malloc}, XGBoost4J's
 * included; files mapped from disk are not in it), the heap's committed size, and the container's memory limit
 * (cgroup v2 {@code memory.max}, else cgroup v1 {@code memory.limit_in_bytes}, else the machine's memory). Native
 * Memory Tracking would not do: it sees the JVM's allocations, not a JNI library's.
 *
 * <p>Heap pages the JVM touches for the first time are resident anonymous memory too, and the JVM does not say when
 * it touches them: a load during which it does is charged them as native memory. The image therefore commits and
 * touches the whole heap at start in multi-model mode ({@code -XX:+AlwaysPreTouch}, initial heap = maximum heap).
 */
final class ProcessMemory {
    /** A cgroup v1 limit this large means none. */
    private static final long V1_UNLIMITED = 1L << 60;

    /** One reading. {@code anonymous} is -1 where {@code /proc/self/status} cannot be read. */
    record Sample(long anonymous, long heapCommitted) {
    }

    /** The container's memory limit and where it was read. */
    record Limit(long bytes, String source) {
    }

    private final Path procSelf;
    private final Path cgroupFs;

    ProcessMemory(Path procSelf, Path cgroupFs) {
        this.procSelf = procSelf;
        this.cgroupFs = cgroupFs;
    }

    /** This process, on this machine. */
    static ProcessMemory linux() {
        return new ProcessMemory(Path.of("/proc/self"), Path.of("/sys/fs/cgroup"));
    }

    Sample sample() {
        return new Sample(anonymous(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
    }

    /**
     * The memory outside the heap taken between two samples: the growth of resident anonymous memory less what the
     * heap committed meanwhile (the heap is measured apart). What the load made the JVM take for itself counts: the
     * class metadata of the model's class loader, and of a plugin's classes the first time one is used. Never
     * negative, and 0 when it cannot be read.
     */
    static long nativeGrowth(Sample before, Sample after) {
        if (before.anonymous() < 0 || after.anonymous() < 0) {
            return 0;
        }
        long heapGrew = Math.max(0, after.heapCommitted() - before.heapCommitted());
        return Math.max(0, after.anonymous() - before.anonymous() - heapGrew);
    }

    /** {@code RssAnon} (Linux 4.5+), else {@code VmRSS}, in bytes; -1 when neither can be read. */
    private long anonymous() {
        long rss = -1;
        try {
            for (String line : Files.readAllLines(procSelf.resolve("status"))) {
                if (line.startsWith("RssAnon:")) {
                    return kilobytes(line);
                }
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return rss;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    /** The container's memory limit: the process's cgroup's, else the machine's memory. */
    Limit limit() {
        for (Path file : cgroupLimitFiles()) {
            try {
                String value = Files.readString(file).trim();
                long bytes = value.equals("max") ? Long.MAX_VALUE : Long.parseLong(value);
                if (bytes < V1_UNLIMITED) {
                    return new Limit(bytes, "the container's memory limit (" + file + ")");
                }
            } catch (IOException | NumberFormatException e) {
                // not readable here: try the next place
            }
        }
        long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return new Limit(total, "the machine's memory (no cgroup memory limit)");
    }

    /** Where the limit may be: the process's own cgroup first (from /proc/self/cgroup), then the hierarchy's root. */
    private List<Path> cgroupLimitFiles() {
        List<Path> files = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(procSelf.resolve("cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()) {
                    files.add(under(cgroupFs, parts[2]).resolve("memory.max"));
                } else if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
                    files.add(under(cgroupFs.resolve("memory"), parts[2]).resolve("memory.limit_in_bytes"));
                }
            }
        } catch (IOException e) {
            // no /proc: the root files below, then the machine's memory
        }
        files.add(cgroupFs.resolve("memory.max"));
        files.add(cgroupFs.resolve("memory/memory.limit_in_bytes"));
        return files;
    }

    private static Path under(Path base, String cgroupPath) {
        String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        return relative.isEmpty() ? base : base.resolve(relative);
    }
}
