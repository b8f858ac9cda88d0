package dev.skiff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.config.MultiModelSettings;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two accounts: reservations while loading, measured charges once loaded, and 507s that say what was short. */
class MemoryBudgetTest {
    private static final long MB = 1024 * 1024;

    private final MemoryBudget budget = new MemoryBudget(100 * MB, "SKIFF_MODEL_HEAP_MB", 50 * MB,
            "SKIFF_MODEL_NATIVE_MB");

    private static ErrorCode code(Throwable t) {
        return ((SkiffException) t).code();
    }

    @Test
    void aLoadReservesItsFilesThenIsChargedWhatItMeasuredAndAnUnloadGivesItBack() {
        MemoryBudget.Reservation r = budget.reserve("a", 30 * MB);
        budget.commit(r, new Footprint(30 * MB, 20 * MB, 10 * MB));
        assertThat(budget.heapUsed()).isEqualTo(20 * MB);
        assertThat(budget.nativeUsed()).isEqualTo(10 * MB);
        budget.cancel(r); // already settled: nothing given back twice
        assertThat(budget.reserve("b", 80 * MB)).isNotNull();
        assertThatThrownBy(() -> budget.reserve("c", 1)).as("a, then b, hold the whole heap budget")
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INSUFFICIENT_MEMORY));
        budget.release(new Footprint(30 * MB, 20 * MB, 10 * MB));
        assertThat(budget.heapUsed()).isZero();
        assertThat(budget.nativeUsed()).isZero();
    }

    @Test
    void reservationsInProgressCannotOvershootTogether() {
        MemoryBudget.Reservation first = budget.reserve("a", 60 * MB);
        assertThatThrownBy(() -> budget.reserve("b", 60 * MB)).satisfies(e -> assertThat(code(e))
                .isEqualTo(ErrorCode.INSUFFICIENT_MEMORY)).hasMessage("model 'b' does not fit: its files take 60.0 MB "
                        + "and loading reads them into the heap, and 40.0 MB of the 100.0 MB model heap budget "
                        + "(SKIFF_MODEL_HEAP_MB) is free; unload a model, or raise the budget");
        budget.cancel(first);
        assertThat(budget.reserve("b", 60 * MB)).isNotNull();
    }

    @Test
    void aMeasuredFootprintThatDoesNotFitIs507AndChargesNothing() {
        MemoryBudget.Reservation heavy = budget.reserve("heavy", MB);
        assertThatThrownBy(() -> budget.commit(heavy, new Footprint(MB, 101 * MB, 0)))
                .hasMessageContaining("model 'heavy' does not fit: it holds 101.0 MB of heap once loaded");
        MemoryBudget.Reservation nativeOne = budget.reserve("native", MB);
        assertThatThrownBy(() -> budget.commit(nativeOne, new Footprint(MB, MB, 51 * MB)))
                .hasMessageContaining("it took 51.0 MB of memory outside the heap while loading, and 50.0 MB of the "
                        + "50.0 MB native memory budget (SKIFF_MODEL_NATIVE_MB) is free");
        assertThat(budget.heapUsed()).isZero();
        assertThat(budget.nativeUsed()).isZero();
        assertThat(budget.reserve("all", 100 * MB)).as("the failed loads' reservations were given back").isNotNull();
    }

    @Test
    void derivedBudgetsNameWhereTheyComeFrom(@TempDir Path tmp) {
        ProcessMemory memory = new ProcessMemory(tmp.resolve("proc"), tmp.resolve("cgroup"));
        MemoryBudget derived = MemoryBudget.of(new MultiModelSettings(true, -1, -1, 1), memory);
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertThat(derived.heapCapacity()).isEqualTo((long) (maxHeap * 0.7));
        assertThat(derived.toString()).contains("70% of the").contains("maximum heap")
                .contains("90% of the machine's memory (no cgroup memory limit)");
    }

    @Test
    void theNativeBudgetIsWhatTheCgroupLimitLeavesBesideTheHeapAndTheJvm(@TempDir Path tmp) throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        long limit = 2 * maxHeap + 1024 * MB;
        MemoryBudget derived = MemoryBudget.of(new MultiModelSettings(true, -1, -1, 1),
                cgroupV2(tmp, Long.toString(limit), 0));
        // RssAnon 0: what the JVM holds outside the heap is taken at its floor, 64 MB
        assertThat(derived.nativeCapacity()).isEqualTo((long) (limit * 0.9) - maxHeap - 64 * MB);
        assertThat(derived.toString()).contains("90% of the container's memory limit (" + tmp.resolve("cgroup")
                .resolve("skiff.slice").resolve("memory.max") + ")");

        MemoryBudget tight = MemoryBudget.of(new MultiModelSettings(true, -1, -1, 1),
                cgroupV2(tmp.resolve("tight"), Long.toString(maxHeap), 0));
        assertThat(tight.nativeCapacity()).as("the floor, when the limit leaves nothing").isEqualTo(32 * MB);
    }

    /** A process in cgroup v2's {@code /skiff.slice} with memory limit {@code max}, and {@code RssAnon} as given. */
    private static ProcessMemory cgroupV2(Path tmp, String max, long rssAnonKb) throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Files.writeString(proc.resolve("cgroup"), "0::/skiff.slice\n");
        Files.writeString(proc.resolve("status"), "Name:\tjava\nRssAnon:\t" + rssAnonKb + " kB\n");
        Path group = Files.createDirectories(tmp.resolve("cgroup").resolve("skiff.slice"));
        Files.writeString(group.resolve("memory.max"), max + "\n");
        return new ProcessMemory(proc, tmp.resolve("cgroup"));
    }
}
