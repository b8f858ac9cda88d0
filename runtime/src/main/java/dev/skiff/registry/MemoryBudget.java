package dev.skiff.registry;

import dev.skiff.config.MultiModelSettings;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.util.Locale;

/**
 * What the loaded models may take together, in two accounts, since a JVM runs out of memory in two ways: the heap
 * (models whose objects live in it: the JVM tree evaluator's trees, Tribuo's models) cannot pass {@code -Xmx}, and
 * the memory outside it (XGBoost4J's boosters) must leave the heap room to grow to {@code -Xmx} under the container's
 * limit. Each loaded model is charged its measured {@link Footprint}; unloading it gives that back at once, so
 * SageMaker's answer to a 507 (unload others, retry) works.
 *
 * <p>A load is checked twice: before it starts, its files must fit in the free heap (every provider reads them in);
 * once it is loaded, its measured heap and native memory must fit, or it is closed again. Both answer 507
 * {@code insufficient_memory}. While loads run, their files' size is reserved, so loads in parallel cannot overshoot
 * together. Thread-safe.
 */
final class MemoryBudget {
    private static final long MB = 1024L * 1024L;
    /** The share of the maximum heap the models may take by default; the rest is for requests and garbage. */
    private static final double HEAP_SHARE = 0.70;
    /** The share of the container's limit the process may take by default; the rest is the kernel's margin. */
    private static final double LIMIT_SHARE = 0.90;
    /** What the JVM takes outside the heap for itself at least (metaspace, code, threads, network buffers). */
    private static final long JVM_NATIVE_FLOOR = 64 * MB;
    /** The least native budget derived, so that measurement noise alone never refuses a model. */
    private static final long NATIVE_FLOOR = 32 * MB;

    private final Account heap;
    private final Account nativeMemory;
    private long heapReserved; // guarded by this

    /** A budget and its use. */
    private static final class Account {
        final String name;
        final long capacity;
        final String setBy;
        long used;

        Account(String name, long capacity, String setBy) {
            this.name = name;
            this.capacity = capacity;
            this.setBy = setBy;
        }
    }

    /** The heap a load in progress may take: given back by {@link #commit} or {@link #cancel}, once. */
    static final class Reservation {
        private final String model;
        private final long bytes;
        private boolean settled;

        private Reservation(String model, long bytes) {
            this.model = model;
            this.bytes = bytes;
        }
    }

    MemoryBudget(long heapBytes, String heapSetBy, long nativeBytes, String nativeSetBy) {
        this.heap = new Account("model heap budget", heapBytes, heapSetBy);
        this.nativeMemory = new Account("native memory budget", nativeBytes, nativeSetBy);
    }

    /** The budgets {@code settings} give, or derived from the maximum heap and the container's memory limit. */
    static MemoryBudget of(MultiModelSettings settings, ProcessMemory memory) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        long heapBytes = settings.heapBudgetBytes();
        String heapSetBy = "SKIFF_MODEL_HEAP_MB";
        if (heapBytes == MultiModelSettings.DERIVED) {
            heapBytes = (long) (maxHeap * HEAP_SHARE);
            heapSetBy = Math.round(HEAP_SHARE * 100) + "% of the " + mb(maxHeap) + " maximum heap";
        }
        long nativeBytes = settings.nativeBudgetBytes();
        String nativeSetBy = "SKIFF_MODEL_NATIVE_MB";
        if (nativeBytes == MultiModelSettings.DERIVED) {
            ProcessMemory.Limit limit = memory.limit();
            ProcessMemory.Sample now = memory.sample();
            long jvm = Math.max(JVM_NATIVE_FLOOR, now.anonymous() - now.heapCommitted());
            nativeBytes = Math.max(NATIVE_FLOOR, (long) (limit.bytes() * LIMIT_SHARE) - maxHeap - jvm);
            nativeSetBy = Math.round(LIMIT_SHARE * 100) + "% of " + limit.source() + ", " + mb(limit.bytes())
                    + ", less the " + mb(maxHeap) + " maximum heap and " + mb(jvm) + " the JVM holds outside it";
        }
        return new MemoryBudget(heapBytes, heapSetBy, nativeBytes, nativeSetBy);
    }

    /** Reserves the heap a load reads its files into; 507 when that does not fit beside the models loaded. */
    synchronized Reservation reserve(String model, long fileBytes) {
        long free = heap.capacity - heap.used - heapReserved;
        if (fileBytes > free) {
            throw insufficient(model, "its files take " + mb(fileBytes) + " and loading reads them into the heap",
                    heap, free);
        }
        heapReserved += fileBytes;
        return new Reservation(model, fileBytes);
    }

    /** Charges a loaded model's measured footprint in place of its reservation; 507 when it does not fit. */
    synchronized void commit(Reservation reservation, Footprint footprint) {
        settle(reservation);
        long heapFree = heap.capacity - heap.used - heapReserved;
        if (footprint.heapBytes() > heapFree) {
            throw insufficient(reservation.model, "it holds " + mb(footprint.heapBytes()) + " of heap once loaded",
                    heap, heapFree);
        }
        long nativeFree = nativeMemory.capacity - nativeMemory.used;
        if (footprint.nativeBytes() > nativeFree) {
            throw insufficient(reservation.model, "it took " + mb(footprint.nativeBytes()) + " of memory outside the "
                    + "heap while loading", nativeMemory, nativeFree);
        }
        heap.used += footprint.heapBytes();
        nativeMemory.used += footprint.nativeBytes();
    }

    /** Gives a reservation back (the load failed); a no-op once it is settled. */
    synchronized void cancel(Reservation reservation) {
        settle(reservation);
    }

    /** Gives an unloaded model's footprint back. */
    synchronized void release(Footprint footprint) {
        heap.used -= footprint.heapBytes();
        nativeMemory.used -= footprint.nativeBytes();
    }

    private void settle(Reservation reservation) {
        if (!reservation.settled) {
            reservation.settled = true;
            heapReserved -= reservation.bytes;
        }
    }

    synchronized long heapUsed() {
        return heap.used;
    }

    synchronized long nativeUsed() {
        return nativeMemory.used;
    }

    long heapCapacity() {
        return heap.capacity;
    }

    long nativeCapacity() {
        return nativeMemory.capacity;
    }

    @Override
    public String toString() {
        return "heap " + mb(heap.capacity) + " (" + heap.setBy + "), native " + mb(nativeMemory.capacity) + " ("
                + nativeMemory.setBy + ")";
    }

    private static SkiffException insufficient(String model, String need, Account account, long free) {
        return SkiffException.of(ErrorCode.INSUFFICIENT_MEMORY, "model '" + model + "' does not fit: " + need + ", and "
                + mb(Math.max(0, free)) + " of the " + mb(account.capacity) + " " + account.name + " (" + account.setBy
                + ") is free; unload a model, or raise the budget");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }
}
