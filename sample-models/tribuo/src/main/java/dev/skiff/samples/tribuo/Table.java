package dev.skiff.samples.tribuo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Training data as named columns of text cells: CSV files with a header row, or JSON Lines of flat objects. Every
 * file of a channel must have the same columns, in any order (a JSON object's keys are its columns); the first
 * file's order is the table's, and so the order of CSV columns at serving time.
 *
 * @param rows each row's cells in {@code columns} order, never {@code null} (an empty cell is {@code ""})
 */
record Table(List<String> columns, List<Row> rows) {
    private static final JsonFactory JSON = new JsonFactory();

    /** One data row and where it came from ({@code file:line}), for error messages. */
    record Row(String where, String[] cells) {
    }

    /** Reads {@code path}: one file, or every file in a folder (names starting with {@code .} ignored), sorted. */
    static Table read(Path path) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                list.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                        .sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
        List<Table> parts = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                parts.add(read(file.toString(), in));
            }
        }
        return concat(parts, path.toString());
    }

    /**
     * Reads one part of a channel: a file, or a Pipe-mode FIFO, which can be read only once. {@code name} (a file
     * name) says where rows come from in messages and, by its extension, CSV or JSON Lines.
     */
    static Table read(String name, InputStream stream) throws IOException {
        Path file = Path.of(name);
        BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        return isJsonLines(file, in) ? readJsonLines(file, in) : readCsv(file, in);
    }

    /** The parts of one channel as one table: the same columns in any order, the first part's order kept. */
    static Table concat(List<Table> parts, String channel) {
        Table table = null;
        for (Table part : parts) {
            if (table == null) {
                table = new Table(part.columns, new ArrayList<>(part.rows));
            } else if (!new java.util.HashSet<>(table.columns).equals(new java.util.HashSet<>(part.columns))) {
                String where = part.rows.isEmpty() ? channel : part.rows.get(0).where();
                String file = where.contains(":") ? where.substring(0, where.lastIndexOf(':')) : where;
                throw new IllegalArgumentException(file + ": columns " + part.columns + " differ from "
                        + table.columns + " in the channel's first file");
            } else {
                table.rows.addAll(part.inOrderOf(table.columns).rows);
            }
        }
        if (table == null || table.rows.isEmpty()) {
            throw new IllegalArgumentException("no data rows in " + channel);
        }
        return table;
    }

    /** The same rows with their cells in {@code order} (a permutation of this table's columns). */
    private Table inOrderOf(List<String> order) {
        if (order.equals(columns)) {
            return this;
        }
        int[] from = order.stream().mapToInt(columns::indexOf).toArray();
        List<Row> moved = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String[] cells = new String[from.length];
            for (int c = 0; c < from.length; c++) {
                cells[c] = row.cells()[from[c]];
            }
            moved.add(new Row(row.where(), cells));
        }
        return new Table(order, moved);
    }

    int column(String name) {
        return columns.indexOf(name);
    }

    private static boolean isJsonLines(Path file, BufferedReader in) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".csv")) {
            return false;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return true;
        }
        in.mark(8192);
        int c;
        int read = 0;
        while ((c = in.read()) != -1 && Character.isWhitespace(c) && ++read < 8000) {
            // skip leading blanks
        }
        in.reset();
        return c == '{';
    }

    private static Table readCsv(Path file, Reader in) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        try (CSVParser csv = CSVParser.parse(in, format)) {
            List<String> columns = csv.getHeaderNames();
            if (columns.isEmpty()) {
                throw new IllegalArgumentException(file + ": no header row (Tribuo training needs named columns)");
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : csv) {
                String where = file.getFileName() + ":" + csv.getCurrentLineNumber();
                if (record.size() != columns.size()) {
                    throw new IllegalArgumentException(where + ": " + record.size() + " cells, the header has "
                            + columns.size());
                }
                rows.add(new Row(where, record.values()));
            }
            return new Table(List.copyOf(columns), rows);
        }
    }

    private static Table readJsonLines(Path file, BufferedReader in) throws IOException {
        List<String> columns = null;
        List<Row> rows = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String where = file.getFileName() + ":" + number;
            Map<String, String> object = parseObject(line, where);
            if (columns == null) {
                columns = List.copyOf(object.keySet());
            } else if (!object.keySet().equals(new java.util.HashSet<>(columns))) {
                throw new IllegalArgumentException(where + ": keys " + object.keySet() + " differ from the first"
                        + " row's " + columns);
            }
            String[] cells = new String[columns.size()];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = object.get(columns.get(c));
            }
            rows.add(new Row(where, cells));
        }
        return new Table(columns == null ? List.of() : columns, rows);
    }

    private static Map<String, String> parseObject(String line, String where) throws IOException {
        Map<String, String> object = new LinkedHashMap<>();
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(where + ": not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException(where + ": \"" + key + "\" is not a number or a string");
                }
                if (object.put(key, value == JsonToken.VALUE_NULL ? "" : json.getText()) != null) {
                    throw new IllegalArgumentException(where + ": \"" + key + "\" appears twice");
                }
            }
            if (json.nextToken() != null) {
                throw new IllegalArgumentException(where + ": text after the JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": invalid JSON (" + e.getOriginalMessage() + ")");
        }
        return object;
    }
}
