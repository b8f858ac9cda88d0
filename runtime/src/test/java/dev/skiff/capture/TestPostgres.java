package dev.skiff.capture;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's server binaries ({@code /usr/lib/postgresql/N/bin}), a fresh cluster
 * in a temporary directory (trust authentication, no fsync), listening on 127.0.0.1 on a free port. PostgreSQL
 * refuses to run as root, so as root it runs as the {@code postgres} user (Debian's package creates it) through
 * {@code runuser}. {@link #stop} and {@link #start} can take it away and bring it back on the same port and data.
 */
public final class TestPostgres implements AutoCloseable {
    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;
    private final String user;

    private TestPostgres(Path bin, Path base, int port, String user) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.user = user;
    }

    /** The server binaries' folder, if PostgreSQL is installed. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Creates a cluster and starts it. */
    public static TestPostgres create() throws Exception {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base = Files.createTempDirectory("skiff-pg-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestPostgres pg = new TestPostgres(bin, base, port, root ? "postgres" : null);
        if (root) {
            run(List.of("chown", "postgres:postgres", base.toString()), Duration.ofSeconds(10));
        }
        pg.run(Duration.ofSeconds(60), bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8");
        pg.start();
        return pg;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** Starts the server and waits until it takes connections. */
    public void start() throws Exception {
        run(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "50",
                "-l", base.resolve("log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + base + " -c fsync=off -c full_page_writes=off",
                "start");
    }

    /** Stops the server at once, as a crash or a lost network would (clients see their connections break). */
    public void stop() throws Exception {
        run(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-m",
                "immediate", "stop");
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } catch (IllegalStateException alreadyStopped) {
            // stopped by the test
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void run(Duration timeout, String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (user != null) {
            full.addAll(List.of("runuser", "-u", user, "--"));
        }
        full.addAll(List.of(command));
        run(full, timeout);
    }

    private static void run(List<String> command, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + out);
        }
    }
}
