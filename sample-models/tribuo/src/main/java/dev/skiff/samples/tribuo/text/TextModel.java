package dev.skiff.samples.tribuo.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.RawModel;
import dev.skiff.spi.RawPrediction;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * The text classifier as a {@link RawModel}: the body is a text ({@code text/plain}, in the charset it names, else
 * UTF-8), read as a stream into
 * its {@link Words}; only words the model knows are kept, so a text of any size costs memory bounded by the
 * vocabulary. Answers the class as {@code text/plain} ({@code games\n}) or, for {@code Accept: application/json},
 * {@code {"label": "games", "scores": {...}}}; custom attributes {@code words=N;known=K} say how much of the text
 * the model could use.
 *
 * <p>Thread safety: a {@code LinearSGDModel}'s predict only reads its weights and feature map (see
 * {@code TribuoModel}), so concurrent requests share it without locks.
 */
final class TextModel implements RawModel {
    private static final JsonFactory JSON = new JsonFactory();

    private final org.tribuo.Model<Label> model;
    private final boolean pairs;
    private final List<String> classes;

    TextModel(org.tribuo.Model<Label> model, boolean pairs, List<String> classes) {
        this.model = model;
        this.pairs = pairs;
        this.classes = classes;
    }

    @Override
    public List<String> contentTypes() {
        return List.of("text/plain");
    }

    @Override
    public RawPrediction predict(RequestContext context, InputStream body) throws IOException {
        Charset charset = charset(context.contentType());
        boolean json = answersJson(context.accept());
        Words.Features words = Words.read(new InputStreamReader(body, charset), pairs,
                name -> model.getFeatureIDMap().get(name) != null);
        if (words.names().isEmpty()) {
            throw SkiffException.of(ErrorCode.INVALID_INPUT, words.words() == 0 ? "the text has no words"
                    : "none of the text's " + words.words() + " words is in the model's vocabulary");
        }
        Set<String> known = words.names();
        Prediction<Label> p = model.predict(Words.example(LabelFactory.UNKNOWN_LABEL, known));
        String label = p.getOutput().getLabel();
        byte[] answer = json ? json(label, p.getOutputScores())
                : (label + "\n").getBytes(StandardCharsets.UTF_8);
        long knownWords = known.stream().filter(n -> n.startsWith("w:")).count();
        return RawPrediction.of(json ? "application/json" : "text/plain; charset=utf-8", answer)
                .withCustomAttributes("words=" + words.words() + ";known=" + knownWords);
    }

    /** The charset a {@code Content-Type} names, else UTF-8; one this JVM does not know is a 415. */
    private static Charset charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] kv = parameter.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
                String name = kv[1].trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    throw SkiffException.of(ErrorCode.UNSUPPORTED_CONTENT_TYPE,
                            "unknown charset '" + name + "'; send charset=utf-8");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** {@code true} for JSON, {@code false} for plain text; 406 for anything else. */
    private static boolean answersJson(String accept) {
        if (accept.isBlank()) {
            return false;
        }
        for (String range : accept.split(",")) {
            String type = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
            switch (type) {
                case "text/plain", "text/*", "*/*":
                    return false;
                case "application/json", "application/*":
                    return true;
                default:
                    break;
            }
        }
        throw SkiffException.of(ErrorCode.UNSUPPORTED_ACCEPT,
                "cannot answer in any type of Accept '" + accept + "'; supported: text/plain, application/json");
    }

    private byte[] json(String label, Map<String, Label> scores) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("label", label);
            g.writeObjectFieldStart("scores");
            for (String c : classes) {
                Label scored = scores.get(c);
                g.writeNumberField(c, scored == null ? 0.0 : scored.getScore());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }
}
