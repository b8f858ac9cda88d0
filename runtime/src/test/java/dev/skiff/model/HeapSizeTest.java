package dev.skiff.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The heap an object graph holds: every object once, JDK containers through their API, shared things not at all. */
class HeapSizeTest {
    private record Trees(float[] thresholds, int[] children, String name) {
    }

    private static final class Node {
        Node next;
        final long[] payload = new long[16];
    }

    private static final class WithShared {
        final Logger log = LoggerFactory.getLogger(HeapSizeTest.class);
        final Class<?> type = String.class;
        final TimeUnit unit = TimeUnit.SECONDS;
        final Thread thread = Thread.currentThread();
    }

    @Test
    void arraysAreTheirHeaderAndPayloadAligned() {
        assertThat(HeapSize.of((Object) new byte[1000])).isBetween(1016L, 1032L);
        assertThat(HeapSize.of((Object) new float[250])).isBetween(1016L, 1032L);
        assertThat(HeapSize.of((Object) new long[0])).isBetween(16L, 24L);
    }

    @Test
    void aModelsObjectsAreCountedOnceEach() {
        float[] shared = new float[1000];
        Trees trees = new Trees(shared, new int[2000], "tree");
        long one = HeapSize.of(trees);
        assertThat(one).isBetween(4000L + 8000L, 4000L + 8000L + 200L);
        assertThat(HeapSize.of(trees, new Trees(shared, new int[2000], "tree")) - one).as("the second shares floats")
                .isBetween(8000L, 8000L + 200L);
    }

    @Test
    void cyclesEnd() {
        Node a = new Node();
        Node b = new Node();
        a.next = b;
        b.next = a;
        assertThat(HeapSize.of(a)).isBetween(2 * 128L, 2 * 128L + 100L);
    }

    @Test
    void jdkCollectionsMapsStringsAndBuffersAreFollowedThroughTheirApi() {
        List<float[]> list = new ArrayList<>();
        Map<String, int[]> map = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            list.add(new float[100]);
            map.put("key" + i, new int[100]);
        }
        assertThat(HeapSize.of(list)).isGreaterThan(10 * 400L).isLessThan(10 * 400L + 1000L);
        assertThat(HeapSize.of(map)).isGreaterThan(10 * 400L + 10 * 20L).isLessThan(10 * 400L + 2000L);
        assertThat(HeapSize.of("x".repeat(1000))).isBetween(1000L, 1100L);
        assertThat(HeapSize.of("\u20ac".repeat(1000))).as("not Latin-1: two bytes a char").isBetween(2000L, 2100L);
        assertThat(HeapSize.of(ByteBuffer.allocate(10_000))).isBetween(10_000L, 10_200L);
    }

    @Test
    void whatBelongsToTheProcessIsNotTheModels() {
        assertThat(HeapSize.of(new WithShared())).isLessThan(64);
    }
}
