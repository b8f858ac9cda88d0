package dev.skiff.transform;

import java.io.Closeable;
import java.io.IOException;

/** Splits one input file into records, as SageMaker's {@code SplitType} does. Reads as it goes: memory is a record. */
interface RecordReader extends Closeable {
    /** The next record's bytes (its framing included: a line keeps its line end), or null at the end. */
    byte[] next() throws IOException;

    /** Where the last record returned ends, for messages: "line 812", "byte 4096". */
    String position();
}
