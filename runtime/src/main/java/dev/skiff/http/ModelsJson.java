package dev.skiff.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.skiff.registry.ModelInfo;
import dev.skiff.registry.ModelPage;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The JSON of the multi-model management routes: the {@code POST /models} body read strictly (one object; keys other
 * than {@code model_name} and {@code url} ignored, none twice), and the answers in the contract's names
 * ({@code modelName}, {@code modelUrl}, {@code models}, {@code nextPageToken}).
 */
final class ModelsJson {
    private static final JsonFactory JSON = new JsonFactory();

    /** What {@code POST /models} asks for; either may be {@code null} when absent. */
    record LoadRequest(String name, String url) {
    }

    private ModelsJson() {
    }

    static LoadRequest loadRequest(byte[] body) {
        if (body.length == 0) {
            throw invalid("the body is empty; send {\"model_name\": \"...\", \"url\": \"...\"}");
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("the body is not a JSON object; send {\"model_name\": \"...\", \"url\": \"...\"}");
            }
            String name = null;
            String url = null;
            Set<String> keys = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!keys.add(key)) {
                    throw invalid("the key '" + key + "' appears twice");
                }
                JsonToken value = p.nextToken();
                switch (key) {
                    case "model_name" -> name = text(p, value, key);
                    case "url" -> url = text(p, value, key);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw invalid("the body goes on after its JSON object");
            }
            return new LoadRequest(name, url);
        } catch (JsonProcessingException e) {
            throw invalid("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading an array does not fail
        }
    }

    private static String text(JsonParser p, JsonToken value, String key) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw invalid("'" + key + "' must be a JSON string");
        }
        return p.getText();
    }

    private static SkiffException invalid(String message) {
        return SkiffException.of(ErrorCode.INVALID_JSON, message);
    }

    /** A model: the contract's {@code modelName} and {@code modelUrl}, then what Skiff knows of it. */
    static byte[] model(ModelInfo model) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("modelName", model.name());
            g.writeStringField("modelUrl", model.url());
            g.writeStringField("provider", model.provider());
            g.writeStringField("state", model.state());
            g.writeNumberField("loadMillis", model.loadMillis());
            g.writeObjectFieldStart("memory");
            g.writeNumberField("fileBytes", model.footprint().fileBytes());
            g.writeNumberField("heapBytes", model.footprint().heapBytes());
            g.writeNumberField("nativeBytes", model.footprint().nativeBytes());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** {@code {"models": [{"modelName": ..., "modelUrl": ...}, ...], "nextPageToken": ...}} */
    static byte[] page(ModelPage page) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("models");
            for (ModelInfo model : page.models()) {
                g.writeStartObject();
                g.writeStringField("modelName", model.name());
                g.writeStringField("modelUrl", model.url());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (page.nextPageToken() != null) {
                g.writeStringField("nextPageToken", page.nextPageToken());
            }
            g.writeEndObject();
        });
    }

    private interface Writing {
        void to(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writing.to(g);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
