package dev.skiff.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Consumer;

/** A request answered without looking at its body ({@code /ping}, 404, ...): the answer is made once the body ends. */
final class FixedExchange extends Exchange {
    private final Consumer<Exchange> answer;

    FixedExchange(ChannelHandlerContext ctx, HttpRequest request, RequestLog log, Connection connection,
            Consumer<Exchange> answer) {
        super(ctx, request, log, connection);
        this.answer = answer;
    }

    @Override
    void onContent(ByteBuf content, boolean last) {
        if (last) {
            answer.accept(this);
        } else {
            demand();
        }
    }
}
