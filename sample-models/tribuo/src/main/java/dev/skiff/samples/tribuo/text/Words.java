package dev.skiff.samples.tribuo.text;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * The text sample's features, the same in training and serving: the words of a text (runs of letters and digits,
 * lower-cased, cut at {@value #MAX_WORD} characters) as {@code w:word}, and with {@code pairs} each two neighbouring
 * words as {@code p:first second}. A text is read as a stream, so its size does not matter: only the features
 * {@code keep} accepts are held (at serving, the model's vocabulary).
 */
final class Words {
    static final int MAX_WORD = 40;
    /**
     * A feature every example has, so that a text none of whose words the model knew is still an example Tribuo
     * accepts (it refuses one without features); at serving such a text is refused before it gets here.
     */
    static final String ALWAYS = "always";

    /** What a text held: its distinct kept features, and how many words it had in all. */
    record Features(Set<String> names, long words) {
    }

    private final boolean pairs;
    private final Predicate<String> keep;
    private final Set<String> names = new LinkedHashSet<>();
    private final StringBuilder word = new StringBuilder(MAX_WORD);
    private String previous;
    private long words;

    /** The example Tribuo trains on or predicts: each feature present (1.0), and {@link #ALWAYS}. */
    static ArrayExample<Label> example(Label label, Set<String> features) {
        String[] names = new String[features.size() + 1];
        double[] values = new double[names.length];
        int i = 0;
        for (String name : features) {
            names[i++] = name;
        }
        names[i] = ALWAYS;
        java.util.Arrays.fill(values, 1.0);
        return new ArrayExample<>(label, names, values);
    }

    private Words(boolean pairs, Predicate<String> keep) {
        this.pairs = pairs;
        this.keep = keep;
    }

    static Features of(String text, boolean pairs) {
        try {
            return read(new StringReader(text), pairs, name -> true);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    static Features read(Reader text, boolean pairs, Predicate<String> keep) throws IOException {
        Words reading = new Words(pairs, keep);
        char[] buffer = new char[8192];
        for (int n = text.read(buffer); n >= 0; n = text.read(buffer)) {
            for (int i = 0; i < n; i++) {
                reading.accept(buffer[i]);
            }
        }
        reading.endWord();
        return new Features(reading.names, reading.words);
    }

    private void accept(char c) {
        if (Character.isLetterOrDigit(c)) {
            if (word.length() < MAX_WORD) {
                word.append(c);
            }
        } else {
            endWord();
        }
    }

    private void endWord() {
        if (word.length() == 0) {
            return;
        }
        String w = word.toString().toLowerCase(Locale.ROOT);
        word.setLength(0);
        words++;
        add("w:" + w);
        if (pairs && previous != null) {
            add("p:" + previous + " " + w);
        }
        previous = w;
    }

    private void add(String name) {
        if (keep.test(name)) {
            names.add(name);
        }
    }
}
