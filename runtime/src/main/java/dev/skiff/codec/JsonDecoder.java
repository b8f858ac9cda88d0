package dev.skiff.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@code application/json} and {@code application/jsonlines}, decoded token by token with Jackson's non-blocking
 * parser as bytes arrive; no document or row tree is ever built.
 *
 * <p>A row is an array of values ({@code [1, 2, "a", null]}), SageMaker's {@code {"features": [...]}}, or an
 * object of named features ({@code {"density": 0.99}}) mapped to columns by the model's feature names. JSON Lines:
 * every top-level value is a row. JSON: the body is {@code {"instances": [rows]}} (other top-level keys are
 * skipped), a bare array of rows, or one row; a bare array of plain values ({@code [1, 2, 3]}) is one row.
 */
final class JsonDecoder implements RecordDecoder {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String FEATURES = "features";
    private static final String INSTANCES = "instances";

    private enum State {
        BODY,          // before the body's top-level value (JSON), or between rows (JSON Lines)
        BODY_ARRAY,    // just after a top-level '[': rows, or a single row of values?
        BODY_OBJECT,   // just after a top-level '{': a wrapper with "instances", or a single row?
        WRAPPER,       // inside {"instances": ...}-style object, expecting a key or '}'
        INSTANCES,     // after "instances", expecting '['
        ROWS,          // inside the array of rows
        VALUES,        // inside a row's array of values
        NAMED,         // inside a row object, expecting a key or '}'
        NAMED_VALUE,   // after a feature's name, expecting its value
        SKIP,          // skipping a value nested under an ignored key
        DONE           // the JSON body is complete
    }

    private final RowCollector rows;
    private final boolean lines;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private byte[] chunk = new byte[8192];
    private State state = State.BODY;
    private State afterValues; // where a row's array of values returns to
    private State afterNamed;  // where a row object returns to
    private String feature;
    private int skipDepth;
    private boolean wrapper;
    private boolean sawInstances;

    JsonDecoder(RowCollector rows, boolean lines) {
        this.rows = rows;
        this.lines = lines;
        try {
            this.parser = FACTORY.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    @Override
    public void decode(ByteBuffer input) {
        int n = input.remaining();
        if (n > chunk.length) {
            chunk = new byte[n];
        }
        input.get(chunk, 0, n);
        try {
            feeder.feedInput(chunk, 0, n);
        } catch (IOException e) {
            throw invalid(e);
        }
        tokens();
    }

    @Override
    public void finish() {
        feeder.endOfInput();
        tokens();
        boolean complete = lines ? state == State.BODY : state == State.DONE || state == State.BODY;
        if (!complete) {
            throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                    "the body ended inside a JSON value");
        }
        if (wrapper && !sawInstances) {
            throw SkiffException.badRow(ErrorCode.INVALID_JSON, 1, null,
                    "expected {\"instances\": [...]}, an array of rows, or one row");
        }
        rows.flush();
    }

    private void tokens() {
        try {
            JsonToken token;
            while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                token(token);
            }
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void token(JsonToken token) throws IOException {
        switch (state) {
            case BODY -> body(token);
            case BODY_ARRAY -> bodyArray(token);
            case BODY_OBJECT -> bodyObject(token);
            case WRAPPER -> wrapperKey(token);
            case INSTANCES -> instances(token);
            case ROWS -> rowsToken(token);
            case VALUES -> value(token);
            case NAMED -> namedKey(token);
            case NAMED_VALUE -> namedValue(token);
            case SKIP -> skip(token);
            case DONE -> throw unexpected("data after the end of the JSON body");
        }
    }

    private void body(JsonToken token) throws IOException {
        if (lines) {
            startRow(token, State.BODY);
        } else if (token == JsonToken.START_ARRAY) {
            state = State.BODY_ARRAY;
        } else if (token == JsonToken.START_OBJECT) {
            state = State.BODY_OBJECT;
        } else {
            startRow(token, State.DONE); // a lone value: one row of one feature
        }
    }

    private void bodyArray(JsonToken token) throws IOException {
        if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
            state = State.ROWS;
            rowsToken(token);
        } else if (token == JsonToken.END_ARRAY) {
            state = State.DONE;
        } else {
            afterValues = State.DONE; // [1, 2, 3]: the body is one row
            state = State.VALUES;
            value(token);
        }
    }

    private void bodyObject(JsonToken token) throws IOException {
        String key = token == JsonToken.FIELD_NAME ? currentName() : INSTANCES;
        if (!key.equals(INSTANCES) && (key.equals(FEATURES) || rows.hasFeature(key))) {
            afterNamed = State.DONE; // {"features": [...]} or {"density": ...}: the body is one row
            state = State.NAMED;
            namedKey(token);
        } else {
            wrapper = true;
            state = State.WRAPPER;
            wrapperKey(token);
        }
    }

    private void wrapperKey(JsonToken token) {
        if (token == JsonToken.END_OBJECT) {
            state = State.DONE;
        } else if (INSTANCES.equals(currentName())) {
            sawInstances = true;
            state = State.INSTANCES;
        } else {
            skipDepth = 0;
            state = State.SKIP;
        }
    }

    private void instances(JsonToken token) {
        if (token != JsonToken.START_ARRAY) {
            throw unexpected("\"instances\" must be an array of rows");
        }
        state = State.ROWS;
    }

    private void rowsToken(JsonToken token) throws IOException {
        if (token == JsonToken.END_ARRAY) {
            state = wrapper ? State.WRAPPER : State.DONE;
        } else {
            startRow(token, State.ROWS);
        }
    }

    /** The first token of a row; {@code back} is the state after the row. */
    private void startRow(JsonToken token, State back) throws IOException {
        if (token == JsonToken.START_ARRAY) {
            afterValues = back;
            state = State.VALUES;
        } else if (token == JsonToken.START_OBJECT) {
            afterNamed = back;
            state = State.NAMED;
        } else {
            cell(token); // a plain value: a row of one feature
            rows.endRow();
            state = back;
        }
    }

    private void value(JsonToken token) throws IOException {
        if (token == JsonToken.END_ARRAY) {
            if (afterValues == State.NAMED) { // the end of {"features": [...]}
                state = State.NAMED;
                return;
            }
            rows.endRow();
            state = afterValues;
        } else {
            cell(token);
        }
    }

    private void namedKey(JsonToken token) {
        if (token == JsonToken.END_OBJECT) {
            rows.endRow();
            state = afterNamed;
            return;
        }
        feature = currentName();
        state = State.NAMED_VALUE;
    }

    private void namedValue(JsonToken token) throws IOException {
        if (token == JsonToken.START_ARRAY && FEATURES.equals(feature) && !rows.hasFeature(FEATURES)) {
            afterValues = State.NAMED;
            state = State.VALUES;
            return;
        }
        rows.named(feature, scalar(token));
        state = State.NAMED;
    }

    private void skip(JsonToken token) {
        if (token.isStructStart()) {
            skipDepth++;
        } else if (token.isStructEnd()) {
            skipDepth--;
        }
        if (skipDepth == 0) {
            state = State.WRAPPER;
        }
    }

    private void cell(JsonToken token) throws IOException {
        Object value = scalar(token);
        if (value == null) {
            rows.missing();
        } else if (value instanceof Double d) {
            rows.number(d);
        } else {
            rows.text((String) value);
        }
    }

    /** A Double, a String or null; a nested array or object is an error. */
    private Object scalar(JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            case VALUE_TRUE -> 1.0;
            case VALUE_FALSE -> 0.0;
            default -> throw unexpected("a feature's value must be a number, a string or null, not "
                    + describe(token));
        };
    }

    private String currentName() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private SkiffException unexpected(String what) {
        return SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null, what + at(parser.currentLocation()));
    }

    private SkiffException invalid(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        JsonLocation where = e instanceof JsonProcessingException j ? j.getLocation() : parser.currentLocation();
        String firstLine = message == null ? "invalid JSON" : message.lines().findFirst().orElse("invalid JSON");
        return SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null, firstLine + at(where));
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
