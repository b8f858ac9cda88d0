package dev.skiff.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.skiff.config.CaptureSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A PostgreSQL table, {@code skiff_capture}, created if absent: one row per record with the record whole as
 * {@code jsonb} beside the columns one filters on (request id, time, model, status). Records are inserted in batches
 * in one transaction through a HikariCP pool of one connection; a database that is down fails the batch fast
 * (a 2 s connection timeout), and the table is checked again after any failure (the database may have come back
 * empty).
 */
final class PostgresSink implements CaptureSink {
    static final String TABLE = "skiff_capture";
    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "id bigserial PRIMARY KEY, request_id text NOT NULL, captured_at timestamptz NOT NULL, "
            + "model text NOT NULL, status integer NOT NULL, record jsonb NOT NULL)";
    private static final String INDEX = "CREATE INDEX IF NOT EXISTS " + TABLE + "_model_time ON " + TABLE
            + " (model, captured_at)";
    private static final String INSERT = "INSERT INTO " + TABLE
            + " (request_id, captured_at, model, status, record) VALUES (?, ?, ?, ?, ?::jsonb)";

    private final String url;
    private final HikariDataSource pool;
    private boolean tableReady;

    PostgresSink(String jdbcUrl) {
        this.url = jdbcUrl;
        HikariConfig config = new HikariConfig();
        config.setPoolName("skiff-capture");
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setAutoCommit(false);
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        config.setInitializationFailTimeout(-1); // start even while the database is down; capture catches up
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("logServerErrorDetail", "false"); // no captured values in error messages
        this.pool = new HikariDataSource(config);
    }

    @Override
    public void write(List<CaptureRecord> records) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                if (!tableReady) {
                    try (Statement s = c.createStatement()) {
                        s.execute(CREATE);
                        s.execute(INDEX);
                    }
                    c.commit();
                    tableReady = true;
                }
                try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                    for (CaptureRecord r : records) {
                        insert.setString(1, r.requestId());
                        insert.setObject(2, OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC));
                        insert.setString(3, r.model());
                        insert.setInt(4, r.status());
                        insert.setString(5, new String(r.json(), StandardCharsets.UTF_8));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            tableReady = false;
            throw e;
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it, and the failure that brought us here is reported
        }
    }

    @Override
    public String describe() {
        return "PostgreSQL table " + TABLE + " at " + CaptureSettings.redact(url);
    }

    @Override
    public void close() {
        pool.close();
    }
}
