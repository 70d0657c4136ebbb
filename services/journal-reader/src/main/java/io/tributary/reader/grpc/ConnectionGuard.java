package io.tributary.reader.grpc;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Exception;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps what happens to one stream from closing the HTTP/2 connection that its client shares with other calls (log-query
 * sends all its calls to a reader over one connection; {@code CancelRaceTest} shows each failure without this).
 *
 * <p>When a client resets a stream (a cancel: log-query's deadline or limit, a client gone), Netty fails the frames
 * still queued for it, and two things then broke the connection:
 * <ul>
 * <li>Vert.x queues a response's trailers with a void promise, so their failure is fired down the pipeline as an
 * exception — and Vert.x's HTTP/2 handler answers any exception by closing the connection. Ending a stream only when
 * its call is ready ({@link Outbox}, {@link Reply}) makes this rare, not impossible: queued frames also wait for the
 * connection's window, which other streams share. This handler drops stream-level HTTP/2 errors (their stream is
 * gone already) and passes every other exception on.
 * <li>Failing a reset stream's queued data makes Netty flush from inside its flow controller's cancel of that stream;
 * when the flush makes the channel writable again, Netty's writability handler writes pending data through the
 * half-cancelled state (it then fails with "byte distribution write error", or an assertion under {@code -ea}) and
 * closes the connection. A client's reset arrives in a read, so this handler holds flushes asked for while a read is
 * processed until the read is complete (Vert.x and Netty flush then anyway). Writability changes themselves must
 * go on at once: Netty re-checks every stream's writability only when such an event finds the connection's mark
 * unlike the channel, so a stream opened while a late one was pending kept "not writable" for good (a Read stream
 * stalled that way: docs/benchmarks.md, "Session 11").
 * </ul>
 * It sits in front of Vert.x's handler on every HTTP/2 connection, reached through a Vert.x 4 internal
 * ({@code ConnectionBase.channelHandlerContext()}): an upgrade that moves it fails to compile rather than silently.
 */
@ApplicationScoped
public class ConnectionGuard {

    private static final String NAME = "tributary-connection-guard";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            if (rc.request().version() == HttpVersion.HTTP_2 && rc.request().connection() instanceof ConnectionBase c) {
                ChannelHandlerContext http2 = c.channelHandlerContext(); // Vert.x's HTTP/2 handler
                ChannelPipeline pipeline = http2.pipeline();
                if (pipeline.get(NAME) == null) {
                    pipeline.addBefore(http2.name(), NAME, new Guard());
                }
            }
            rc.next();
        });
    }

    /** One per connection. */
    private static final class Guard extends ChannelDuplexHandler {
        private int reading;
        private boolean flushHeld;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            reading++;
            try {
                ctx.fireChannelRead(msg);
            } finally {
                reading--;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (flushHeld) {
                flushHeld = false;
                ctx.flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (reading > 0) {
                flushHeld = true;
            } else {
                ctx.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof Http2Exception.StreamException)) {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
