package dev.skiff.samples.xgboost;

/** How a model file is encoded, judged from its first bytes (never from its name). */
enum ModelFormat {
    /** {@code {"learner": ...}}: XGBoost's JSON model. */
    JSON,
    /** Universal Binary JSON ({@code {L...learner}}), XGBoost 2's default; 1.7 writes it for {@code *.ubj}. */
    UBJ,
    /** XGBoost's own pre-JSON binary format: what 1.x writes for a name without {@code .json}/{@code .ubj}. */
    LEGACY_BINARY,
    /** A Python pickle (protocol 2+ starts with 0x80): XGBoost cannot read it and crashes trying. */
    PICKLE,
    /** gzip or zip: an archive, not a model. */
    ARCHIVE,
    EMPTY;

    /** The format of a file that starts with {@code head} (a few bytes suffice; 16 is plenty). */
    static ModelFormat detect(byte[] head, int length) {
        if (length == 0) {
            return EMPTY;
        }
        int first = head[0] & 0xff;
        if (first == 0x80) {
            return PICKLE;
        }
        if (length >= 2 && ((first == 0x1f && (head[1] & 0xff) == 0x8b) || (first == 'P' && head[1] == 'K'))) {
            return ARCHIVE;
        }
        if (first == '{') {
            int i = 1;
            while (i < length && Character.isWhitespace(head[i])) {
                i++;
            }
            if (i < length && (head[i] == '"' || head[i] == '}')) {
                return JSON;
            }
            return UBJ; // a UBJSON object: the next byte is a length marker (L, i, U, ...) or '}'
        }
        return LEGACY_BINARY;
    }
}
