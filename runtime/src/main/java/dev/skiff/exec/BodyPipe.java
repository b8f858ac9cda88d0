package dev.skiff.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body on its way from a network thread to a raw model's thread: the writer {@link #offer}s the parts it
 * receives, the model reads them as an {@link InputStream}. At most {@code capacity} bytes wait in between; the writer
 * asks {@link #hasRoom()} before it reads more from the socket, and when the reader has made room again after a
 * {@code false}, {@code onRoom} runs (on the reader's thread) so the writer can resume. Thread-safe.
 */
public final class BodyPipe {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> parts = new ArrayDeque<>();
    private final long capacity;
    private final Runnable onRoom;
    private final Stream stream = new Stream();
    private long buffered;
    private int offset; // into the first part
    private boolean ended;
    private boolean readerClosed;
    private boolean writerWaiting;
    private String failure; // why the request was abandoned

    /**
     * @param capacity bytes that may wait for the reader before {@link #hasRoom()} says no
     * @param onRoom   runs on the reader's thread once room is made after {@link #hasRoom()} said no
     */
    public BodyPipe(long capacity, Runnable onRoom) {
        this.capacity = capacity;
        this.onRoom = onRoom;
    }

    /** Writer: hands over a part of the body (the array is kept, not copied); dropped once the reader closed. */
    public void offer(byte[] part) {
        lock.lock();
        try {
            if (ended || failure != null || readerClosed || part.length == 0) {
                return;
            }
            parts.add(part);
            buffered += part.length;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Writer: whether to read more now; after {@code false}, {@code onRoom} runs when there is room again. */
    public boolean hasRoom() {
        lock.lock();
        try {
            boolean room = buffered < capacity;
            writerWaiting = !room;
            return room;
        } finally {
            lock.unlock();
        }
    }

    /** Writer: the body has ended; the reader sees the end of the stream after the parts already offered. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Either side: the request is abandoned; reads fail with {@code reason} from now on. */
    public void abort(String reason) {
        lock.lock();
        try {
            if (failure == null && !(ended && parts.isEmpty())) {
                failure = reason;
            }
            parts.clear();
            buffered = 0;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reader's side. */
    public InputStream stream() {
        return stream;
    }

    private final class Stream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            boolean wake;
            int n;
            lock.lock();
            try {
                byte[] part = awaitPart();
                if (part == null) {
                    return -1;
                }
                n = Math.min(len, part.length - offset);
                System.arraycopy(part, offset, b, off, n);
                offset += n;
                if (offset == part.length) {
                    parts.poll();
                    offset = 0;
                }
                buffered -= n;
                wake = writerWaiting && buffered < capacity;
                if (wake) {
                    writerWaiting = false;
                }
            } finally {
                lock.unlock();
            }
            if (wake) {
                onRoom.run();
            }
            return n;
        }

        /** The first waiting part, or {@code null} at the end of the body; under the lock. */
        private byte[] awaitPart() throws IOException {
            while (true) {
                if (readerClosed) {
                    throw new IOException("the body stream is closed");
                }
                if (failure != null) {
                    throw new IOException("the request was abandoned: " + failure);
                }
                if (!parts.isEmpty()) {
                    return parts.peek();
                }
                if (ended) {
                    return null;
                }
                try {
                    readable.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the request body");
                }
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return (int) Math.min(Integer.MAX_VALUE, buffered);
            } finally {
                lock.unlock();
            }
        }

        /** The model is done reading: what is buffered is dropped, and so is what arrives later. */
        @Override
        public void close() {
            boolean wake;
            lock.lock();
            try {
                readerClosed = true;
                parts.clear();
                buffered = 0;
                wake = writerWaiting;
                writerWaiting = false;
            } finally {
                lock.unlock();
            }
            if (wake) {
                onRoom.run();
            }
        }
    }
}
