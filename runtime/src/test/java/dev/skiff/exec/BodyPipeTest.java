package dev.skiff.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BodyPipeTest {
    private final AtomicInteger roomCalls = new AtomicInteger();
    private final BodyPipe pipe = new BodyPipe(10, roomCalls::incrementAndGet);

    @Test
    void theReaderGetsThePartsInOrderThenTheEnd() throws IOException {
        pipe.offer(new byte[] {1, 2, 3});
        pipe.offer(new byte[] {4});
        pipe.end();
        assertThat(pipe.stream().readAllBytes()).containsExactly(1, 2, 3, 4);
        assertThat(pipe.stream().read()).isEqualTo(-1);
    }

    @Test
    void aFullPipeSaysSoAndCallsBackOnceTheReaderMadeRoom() throws IOException {
        pipe.offer(new byte[6]);
        assertThat(pipe.hasRoom()).isTrue();
        pipe.offer(new byte[6]);
        assertThat(pipe.hasRoom()).isFalse();
        InputStream in = pipe.stream();
        assertThat(in.read(new byte[1])).isEqualTo(1);
        assertThat(roomCalls).as("11 bytes still wait: no room yet").hasValue(0);
        assertThat(in.read(new byte[5])).isEqualTo(5);
        assertThat(roomCalls).hasValue(1);
        assertThat(pipe.hasRoom()).isTrue();
        assertThat(in.read(new byte[6])).isEqualTo(6);
        assertThat(roomCalls).as("called only after a 'no'").hasValue(1);
    }

    @Test
    void aReaderWaitsForBytesFromAnotherThread() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            reading.countDown();
            try {
                return pipe.stream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        pipe.offer(new byte[] {7});
        pipe.offer(new byte[] {8, 9});
        pipe.end();
        assertThat(read.get(10, TimeUnit.SECONDS)).containsExactly(7, 8, 9);
    }

    @Test
    void anAbortedPipeFailsTheReaderWithTheReason() throws Exception {
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.stream().read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        pipe.abort("the client closed the connection");
        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class)
                .rootCause().hasMessageContaining("the client closed the connection");
        pipe.offer(new byte[] {1});
        assertThatThrownBy(() -> pipe.stream().read()).isInstanceOf(IOException.class);
    }

    @Test
    void aBodyReadToTheEndIsNotSpoiledByALateAbort() throws IOException {
        pipe.offer(new byte[] {1});
        pipe.end();
        InputStream in = pipe.stream();
        assertThat(in.read()).isEqualTo(1);
        pipe.abort("timed out");
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void closingTheStreamDropsWhatIsLeftAndWhatComes() throws IOException {
        pipe.offer(new byte[12]);
        assertThat(pipe.hasRoom()).isFalse();
        pipe.stream().close();
        assertThat(roomCalls).as("the writer may go on: its bytes are dropped").hasValue(1);
        pipe.offer(new byte[100]);
        assertThat(pipe.hasRoom()).isTrue();
    }
}
