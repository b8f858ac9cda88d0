package dev.skiff.train;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the manifest records of the software that trained: Skiff, the JDK, and every library jar by name. */
record Versions(String skiff, String jdk, Map<String, String> libraries) {
    private static final Pattern JAR = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar");

    static Versions detect(Path pluginsDir) {
        Map<String, String> libraries = new TreeMap<>();
        List<String> jars = new ArrayList<>(List.of(System.getProperty("java.class.path", "")
                .split(File.pathSeparator)));
        if (Files.isDirectory(pluginsDir)) {
            try (Stream<Path> entries = Files.list(pluginsDir)) {
                entries.map(Path::toString).forEach(jars::add);
            } catch (IOException e) {
                // the versions are informative; a plugin folder we cannot list is reported elsewhere
            }
        }
        for (String jar : jars) {
            Matcher m = JAR.matcher(Path.of(jar).getFileName() == null ? "" : Path.of(jar).getFileName().toString());
            if (m.matches()) {
                libraries.put(m.group(1), m.group(2));
            }
        }
        String jdk = Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")";
        return new Versions(skiffVersion(), jdk, libraries);
    }

    private static String skiffVersion() {
        try (InputStream in = Versions.class.getResourceAsStream("skiff-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
