package dev.skiff.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.testmodel.TestServer;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SKIFF_CAPTURE=postgresql:... against a real PostgreSQL started for the test: the table is created, records land as
 * JSONB, and when the database goes away mid-load every request is still answered, the loss is counted, and capture
 * resumes once the database is back.
 */
class PostgresCaptureIT {
    @TempDir
    static Path tmp;
    static TestPostgres pg;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestPostgres.binaries().isPresent(),
                "PostgreSQL's server binaries are not installed (.ci/run installs the postgresql package)");
        pg = TestPostgres.create();
        server = TestServer.ready(tmp, "features=3\nweight=1\n", Map.of("SKIFF_CAPTURE", "postgresql:" + pg.jdbcUrl()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static void post(String id, String body) {
        given().header("X-Request-Id", id).contentType("text/csv").body(body).post(server.url("/invocations"))
                .then().statusCode(200);
    }

    /** The record for request {@code id}, polled for (at most 30 s), or null. */
    private static JsonPath row(String id, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            try (Connection c = pg.connect();
                 PreparedStatement q = c.prepareStatement(
                         "SELECT model, status, record::text FROM skiff_capture WHERE request_id = ?")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        assertThat(rs.getString(1)).isEqualTo("sum");
                        assertThat(rs.getInt(2)).isEqualTo(200);
                        return JsonPath.from(rs.getString(3));
                    }
                }
            } catch (java.sql.SQLException tableNotThereYet) {
                // created with the first batch
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return null;
    }

    private static double metric(String outcome) {
        String text = given().get(server.url("/metrics")).then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("skiff_capture_records_total\\{outcome=\"" + outcome + "\"} (\\S+)").matcher(text);
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void recordsLandAsJsonbAndSurviveTheDatabaseGoingAway() throws Exception {
        post("pg-first", "1,2,3\n");
        JsonPath first = row("pg-first", Duration.ofSeconds(30));
        assertThat(first).isNotNull();
        assertThat(first.getList("predictions", Float.class)).containsExactly(6.0f);
        try (Connection c = pg.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT record->'input'->0->>1 FROM skiff_capture WHERE request_id = 'pg-first'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("2.0"); // queryable as JSONB
        }

        for (int i = 0; i < 50; i++) {
            post("before-" + i, i + ",1,1\n");
        }
        // Capture is asynchronous: what was sent before the stop lands only if the writer got to it first.
        assertThat(row("before-49", Duration.ofSeconds(30))).as("records sent while the database is up").isNotNull();
        pg.stop();
        for (int i = 0; i < 200; i++) {
            post("down-" + i, i + ",1,1\n"); // every request still answered 200
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (metric("lost") + metric("dropped") == 0 && System.nanoTime() < deadline) {
            post("down-more", "1,1,1\n");
        }
        assertThat(metric("lost") + metric("dropped")).isPositive();

        pg.start();
        JsonPath back = null;
        deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        for (int i = 0; back == null && System.nanoTime() < deadline; i++) {
            post("back-" + i, "7,1,1\n");
            back = row("back-" + i, Duration.ofMillis(200));
        }
        assertThat(back).as("capture resumed after the database came back").isNotNull();
        assertThat(back.getList("predictions", Float.class)).containsExactly(9.0f);
    }
}
