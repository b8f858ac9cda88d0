package dev.skiff.testmodel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Just enough HTTP/1.1 over a raw socket to control exactly when request bytes go out and see when answers arrive. */
public final class RawHttp {
    private RawHttp() {
    }

    public record Head(int status, Map<String, String> headers) {
        public boolean chunked() {
            return "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        }
    }

    public static void writeChunkedHead(OutputStream out, String path, String contentType) throws IOException {
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A whole request with a {@code Content-Length}; {@code headers} are extra header lines ("Name: value"). */
    public static void writeRequest(OutputStream out, String path, String contentType, byte[] body, String... headers)
            throws IOException {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + body.length + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** A chunk of an answer and when it arrived ({@link System#nanoTime}). */
    public record TimedChunk(long arrivedNanos, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Reads one chunk and notes when its last byte arrived; an empty chunk at the end of the body. */
    public static TimedChunk readTimedChunk(InputStream in) throws IOException {
        byte[] data = readChunk(in);
        return new TimedChunk(System.nanoTime(), data);
    }

    public static void writeChunk(OutputStream out, byte[] data, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data, 0, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    public static void writeLastChunk(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    public static Head readHead(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(status.split(" ")[1]), headers);
    }

    /** Reads one chunk of a chunked body; an empty array at the end of the body. */
    public static byte[] readChunk(InputStream in) throws IOException {
        int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
        byte[] data = in.readNBytes(size);
        if (data.length != size) {
            throw new IOException("body ended inside a chunk");
        }
        line(in); // CRLF after the data, or the end of the trailers
        return data;
    }

    /** The de-chunked body as a stream. */
    public static InputStream chunkedBody(InputStream in) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int at;
            private boolean end;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (at == chunk.length) {
                    if (end) {
                        return -1;
                    }
                    chunk = readChunk(in);
                    at = 0;
                    end = chunk.length == 0;
                }
                int n = Math.min(len, chunk.length - at);
                System.arraycopy(chunk, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed mid-line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
