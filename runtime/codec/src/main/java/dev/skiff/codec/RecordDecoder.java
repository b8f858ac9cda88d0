package dev.skiff.codec;

import java.nio.ByteBuffer;

/**
 * Turns a request body into rows as its bytes arrive, in any split: the rows (and errors) are the same whether
 * the body comes in one piece or one byte at a time. Rows go to the {@link RowCollector} the decoder was made
 * with, which groups them into batches.
 *
 * <p>Bad input is a {@link dev.skiff.spi.SkiffException} (a 400 naming the row, 1-based in record order, and the
 * column or line where it helps) thrown from {@code decode} or {@code finish}; batches completed before the bad
 * row have already been handed on. After an exception the decoder is unusable.
 *
 * <p>Not thread-safe: one decoder per request, used from one thread. Never retains {@code input} after returning
 * (it copies what it needs), so the caller may release the buffer at once.
 *
 * @see Formats#decoder
 */
public interface RecordDecoder {
    /** Decodes every complete row in {@code input}, keeping an incomplete last row for the next call. */
    void decode(ByteBuffer input);

    /** The body has ended: decodes the last row (which may lack a final newline) and flushes the last batch. */
    void finish();

    /**
     * For formats read line by line (CSV, JSON Lines, libsvm): the 1-based line of the body the decoder has reached,
     * which after an error is the line where it was found (training names it: {@code train.csv line 812}); 0 for
     * formats without lines.
     */
    default long line() {
        return 0;
    }
}
