package dev.skiff.spi;

import java.io.InputStream;
import java.util.List;

/**
 * A model whose input is not a table: it reads the request body as bytes (an image, a text, a sound) and answers
 * bytes with a content type. The body limit, the prediction timeout, error answers, metrics and the access log are
 * the same as for a {@link Model}; {@link ModelHooks} do not apply (a raw model validates its own input).
 *
 * <p>An empty body is answered 204 without calling the model (SageMaker's batch transform sends empty mini-batches).
 */
public non-sealed interface RawModel extends ServedModel {
    /**
     * The request types this model reads: media types ({@code text/plain}) or ranges ({@code image/*},
     * {@code *}{@code /*}), matched without case or parameters. A request of another {@code Content-Type} is answered
     * 415 before its body is read. Called once after loading. The default takes any type.
     */
    default List<String> contentTypes() {
        return List.of("*/*");
    }

    /**
     * Answers one request. Called on a model thread ({@code model-<name>-<n>}), concurrently for concurrent requests,
     * never on a network thread: it may block, and must be thread-safe.
     *
     * <p>{@code body} streams the request body as it arrives: a read blocks until bytes come and returns -1 at the
     * end. The runtime holds only a bounded window of it (the upload pauses while the window is full), so read it as
     * a stream; a model that reads it all into memory holds it all. A read throws an {@link java.io.IOException}
     * when the request is abandoned (the client went away, the body passed the limit, the prediction timed out).
     * Bytes left unread when this method returns are read and dropped by the runtime; closing the stream is optional.
     *
     * <p>Throw a {@link SkiffException} to answer a client error (e.g. {@link ErrorCode#INVALID_INPUT}, or
     * {@link ErrorCode#UNSUPPORTED_ACCEPT} when {@link RequestContext#accept()} asks for a type the model cannot
     * write); anything else thrown is answered as a 500 with a generic message and logged.
     *
     * @param context the request's id, custom attributes, content type and accept
     */
    RawPrediction predict(RequestContext context, InputStream body) throws Exception;
}
