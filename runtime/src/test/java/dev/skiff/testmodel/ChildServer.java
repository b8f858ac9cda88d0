package dev.skiff.testmodel;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code skiff serve} as a real child JVM (own heap limit, real SIGTERM), on a free port it reports in its log. */
public final class ChildServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private ChildServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server and waits until it listens (at most 30 s). */
    public static ChildServer start(Path root, List<String> jvmOptions, Map<String, String> env) throws Exception {
        Spawned spawned = spawn(root, jvmOptions, env);
        Process process = spawned.process();
        Path log = spawned.log();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new ChildServer(process, log, Integer.parseInt(m.group(1)));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start:\n" + Files.readString(log));
    }

    /** A {@code skiff serve} process and the file its output goes to. */
    public record Spawned(Process process, Path log) {
        public String output() throws IOException {
            return Files.readString(log);
        }
    }

    /** Starts {@code skiff serve} on a free port without waiting for anything. */
    public static Spawned spawn(Path root, List<String> jvmOptions, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.skiff.ServeMain"));
        Path log = Files.createTempFile(root, "server", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SKIFF_PORT", "0");
        return new Spawned(builder.start(), log);
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public Socket connect() throws IOException {
        return new Socket("127.0.0.1", port);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
