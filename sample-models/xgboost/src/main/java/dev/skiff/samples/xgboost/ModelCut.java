package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.skiff.spi.TrainingException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Cuts a tree model (gbtree or dart, as XGBoost's JSON) down to its first {@code rounds} boosting rounds: what
 * Python's {@code EarlyStopping(save_best=True)} does with {@code booster[:best_iteration + 1]}, which XGBoost4J
 * 3.0.4 does not expose. Streams token by token; only the tree arrays and their counts change.
 */
final class ModelCut {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ModelCut() {
    }

    static byte[] keepRounds(byte[] json, int rounds) throws IOException {
        int trees = treesIn(json, rounds);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        try (JsonParser p = JSON.createParser(json); JsonGenerator g = JSON.createGenerator(out)) {
            Deque<String> path = new ArrayDeque<>();
            p.nextToken();
            copy(p, g, path, trees, rounds);
        }
        return out.toByteArray();
    }

    /** How many trees the first {@code rounds} rounds hold, from {@code iteration_indptr}. */
    private static int treesIn(byte[] json, int rounds) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("iteration_indptr")) {
                    p.nextToken();
                    int index = 0;
                    while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                        if (index++ == rounds) {
                            return p.getIntValue();
                        }
                    }
                    throw new IOException("the model has fewer than " + rounds + " rounds");
                }
            }
        }
        throw new TrainingException("early stopping keeps the best round, which only a tree booster can be cut"
                + " back to (SageMaker's XGBoost fails here too): use booster gbtree or dart, or no early stopping");
    }

    /** Copies the value at the parser's current token, cutting what lies on the paths that count trees. */
    private static void copy(JsonParser p, JsonGenerator g, Deque<String> path, int trees, int rounds)
            throws IOException {
        JsonToken t = p.currentToken();
        String here = path.isEmpty() ? "" : path.peekLast();
        if (t == JsonToken.START_OBJECT) {
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                g.writeFieldName(name);
                p.nextToken();
                path.addLast(name);
                copy(p, g, path, trees, rounds);
                path.removeLast();
            }
            g.writeEndObject();
        } else if (t == JsonToken.START_ARRAY) {
            int keep = switch (here) {
                case "trees", "tree_info", "weight_drop" -> trees;
                case "iteration_indptr" -> rounds + 1;
                default -> Integer.MAX_VALUE;
            };
            g.writeStartArray();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (i++ < keep) {
                    copy(p, g, path, trees, rounds);
                } else {
                    p.skipChildren();
                }
            }
            g.writeEndArray();
        } else if (here.equals("num_trees") && t == JsonToken.VALUE_STRING) {
            g.writeString(Integer.toString(trees));
        } else {
            g.copyCurrentEvent(p);
        }
    }
}
