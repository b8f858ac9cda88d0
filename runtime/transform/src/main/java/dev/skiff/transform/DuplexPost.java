package dev.skiff.transform;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One {@code POST /invocations} with a chunked body of any size, full duplex over a plain socket: a thread uploads
 * while the caller reads the answer. Needed for {@code MaxPayloadInMB=0}, where a file goes whole: java.net.http
 * (HTTP/1.1) reads an answer only once the whole body is sent, so an answer larger than the sockets' buffers would
 * stall both sides (Skiff's server stops reading while its answer is not read). The connection is closed after the
 * exchange ({@code Connection: close}).
 */
final class DuplexPost implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final Thread upload;
    private volatile IOException uploadError;
    private int status;
    private InputStream body;

    private DuplexPost(URI base, String contentType, String accept, Duration timeout, InputStream source)
            throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort() < 0 ? 80 : base.getPort()), 10_000);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            String head = "POST /invocations HTTP/1.1\r\nHost: " + base.getHost()
                    + (base.getPort() < 0 ? "" : ":" + base.getPort()) + "\r\nContent-Type: " + contentType
                    + (accept == null ? "" : "\r\nAccept: " + accept)
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            upload = new Thread(() -> send(head, source), "skiff-transform-upload");
            upload.setDaemon(true);
            upload.start();
            readHead();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads the status line and headers; sets {@link #status} and {@link #body}. */
    private void readHead() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? h : h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : h.substring(colon + 1).trim();
            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            } else if (name.equals("content-length")) {
                length = Long.parseLong(value);
            }
        }
        body = chunked ? new ChunkedBody() : length >= 0 ? new LimitedBody(length) : in;
    }

    /** Connects, starts the upload of {@code source} and returns once the answer's head has arrived. */
    static DuplexPost start(URI base, String contentType, String accept, Duration timeout, InputStream source)
            throws IOException {
        return new DuplexPost(base, contentType, accept, timeout, source);
    }

    int status() {
        return status;
    }

    /** The answer's body, decoded (chunked or by length). */
    InputStream body() {
        return body;
    }

    /** Waits for the upload to end; fails if it failed while the answer was a success. */
    void finishUpload() throws IOException, InterruptedException {
        upload.join();
        if (uploadError != null) {
            throw uploadError;
        }
    }

    private void send(String head, InputStream source) {
        try (source) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[1 << 16];
            for (int n; (n = source.read(buf)) > 0; ) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buf, 0, n);
                out.write('\r');
                out.write('\n');
                out.flush(); // a chunk goes out whole, even when the next read of the source waits
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            uploadError = e; // an early error answer may close the connection mid-upload: the answer says why
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed inside the answer's head or framing");
            }
            if (c != '\r') {
                b.append((char) c);
            }
            if (b.length() > 16_384) {
                throw new IOException("an answer header line over 16 KiB");
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A chunked body, its framing removed. */
    private final class ChunkedBody extends InputStream {
        private long left;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line();
                int semicolon = size.indexOf(';');
                left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (left == 0) {
                    while (!line().isEmpty()) {
                        // trailers, if any
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection closed inside a chunk: the answer was cut off");
            }
            left -= n;
            if (left == 0) {
                line(); // the CRLF after the chunk
            }
            return n;
        }
    }

    /** A body of known length. */
    private final class LimitedBody extends InputStream {
        private long left;

        LimitedBody(long length) {
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection closed " + left + " bytes before the end of the answer");
            }
            left -= n;
            return n;
        }
    }
}
