package io.tributary.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open-loop unary load generator: call k is due at start + k/rate, whatever happened to the calls before it.
 *
 * <p>Every connection and the pacing live on one Netty event loop thread (epoll where available, for its
 * sub-millisecond timers): a timer issues each due call from that thread and the answers arrive on it, so no
 * call costs a cross-thread hand-off and wake-up. The previous generator (a pacing thread handing each call to
 * gRPC's event loops) spent as much CPU per call as the service it measured, on a machine where both share two cores.
 */
final class OpenLoop implements AutoCloseable {

    /** Issues call k; the observer must be given to the stub unchanged. */
    interface Issuer<R> {
        void issue(int k, StreamObserver<R> observer);
    }

    /**
     * What a run measured, over the calls after the warm-up. A call still unanswered when waiting stopped counts with
     * the time waited (a lower bound). CPU and write syscalls per call are over the measured window; gc is the
     * service's pauses in it (null without a GC log).
     */
    record Measured(double achievedPerSecond, double p50Nanos, double p99Nanos, double maxNanos, long[] latency,
                    int errors, int unanswered, double maxLagNanos, double serverCpuMicrosPerCall,
                    double clientCpuMicrosPerCall, double serverWritesPerCall, GcPauses gc) {
    }

    private final EventLoopGroup group;
    private final boolean epoll;
    private final List<ManagedChannel> channels = new ArrayList<>();

    OpenLoop() {
        epoll = Epoll.isAvailable();
        group = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    }

    /** A plaintext connection to 127.0.0.1:port served by this generator's event loop. */
    synchronized ManagedChannel channel(int port) {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .eventLoopGroup(group).channelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .directExecutor().disableRetry().maxInboundMessageSize(64 << 20).build();
        channels.add(ch);
        return ch;
    }

    /**
     * Runs {@code total} calls at {@code rate}/s against the service process {@code pid} (its GC log, or null),
     * measuring those after the first {@code warm}; waits for answers at most 10 s after the last call was issued.
     */
    <R> Measured run(int total, int warm, int rate, long pid, Path gcLog, Issuer<R> issuer)
            throws InterruptedException {
        long[] issued = new long[total];
        long[] latency = new long[total];
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch allIssued = new CountDownLatch(1);
        long period = 1_000_000_000L / rate;
        EventLoop loop = group.next();
        long start = System.nanoTime() + 20_000_000;
        long[] maxLag = new long[1];
        double[] at0 = new double[3];
        long[] wall0 = new long[1];
        long self = ProcessHandle.current().pid();
        loop.execute(new Runnable() {
            int k;

            @Override
            public void run() {
                long now = System.nanoTime();
                for (long due; k < total && (due = start + k * period) <= now; k++) {
                    if (k == warm) {
                        at0[0] = ProcStatus.cpuSeconds(pid);
                        at0[1] = ProcStatus.cpuSeconds(self);
                        at0[2] = ProcStatus.writeSyscalls(pid);
                        wall0[0] = System.currentTimeMillis();
                    }
                    if (k >= warm) {
                        maxLag[0] = Math.max(maxLag[0], now - due);
                    }
                    int call = k;
                    issued[call] = System.nanoTime();
                    issuer.issue(call, new StreamObserver<>() {
                        @Override
                        public void onNext(R value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            latency[call] = System.nanoTime() - issued[call];
                            errors.incrementAndGet();
                            answered.incrementAndGet();
                        }

                        @Override
                        public void onCompleted() {
                            latency[call] = System.nanoTime() - issued[call];
                            answered.incrementAndGet();
                        }
                    });
                }
                if (k < total) {
                    loop.schedule(this, start + k * period - System.nanoTime(), TimeUnit.NANOSECONDS);
                } else {
                    allIssued.countDown();
                }
            }
        });
        allIssued.await();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answered.get() < total && System.nanoTime() < waitUntil) {
            Thread.sleep(5);
        }
        int n = total - warm;
        double serverCpu = ProcStatus.cpuSeconds(pid) - at0[0];
        double clientCpu = ProcStatus.cpuSeconds(self) - at0[1];
        double writes = ProcStatus.writeSyscalls(pid) - at0[2];
        GcPauses gc = gcLog == null ? null : GcPauses.between(gcLog, wall0[0], System.currentTimeMillis());
        long[][] copy = new long[2][];
        loop.submit(() -> { // the event loop wrote them
            copy[0] = Arrays.copyOfRange(issued, warm, total);
            copy[1] = Arrays.copyOfRange(latency, warm, total);
        }).await();
        long end = System.nanoTime();
        long lastAnswer = issued[total - 1];
        int unanswered = 0;
        for (int i = 0; i < n; i++) {
            if (copy[1][i] == 0) {
                unanswered++;
                copy[1][i] = end - copy[0][i];
            }
            lastAnswer = Math.max(lastAnswer, copy[0][i] + copy[1][i]);
        }
        // calls answered per second over the measured window (first measured call issued → last answer)
        double achieved = (n - unanswered) / ((lastAnswer - copy[0][0]) / 1e9);
        List<Long> all = Arrays.stream(copy[1]).boxed().toList();
        return new Measured(achieved, Stats.median(all), Stats.percentile(all, 99), Stats.max(all), copy[1],
                errors.get(), unanswered, maxLag[0], serverCpu * 1e6 / n, clientCpu * 1e6 / n, writes / n, gc);
    }

    @Override
    public synchronized void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
