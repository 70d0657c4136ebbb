package io.tributary.query.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * log-query's own meters. The query loop reports once per pump turn or per reader batch, never per entry, so metrics
 * cost nothing on the merge's hot path.
 */
@ApplicationScoped
public class QueryMetrics {

    @Inject
    MeterRegistry registry;

    private Counter sent;
    private Timer mergeLag;

    @PostConstruct
    void init() {
        sent = Counter.builder("tributary.query.entries.sent").description("entries sent to clients (all front doors)")
                .register(registry);
        mergeLag = Timer.builder("tributary.query.merge.lag")
                .description("following: now minus the realtime timestamp of the last entry released by the merge")
                .register(registry);
    }

    /** n entries were sent in one turn. */
    public void sent(int n) {
        sent.increment(n);
    }

    /** A follow released an entry stamped lastRealtimeUsec. */
    public void mergeLag(long lastRealtimeUsec) {
        long lagUsec = System.currentTimeMillis() * 1000 - lastRealtimeUsec;
        mergeLag.record(Math.max(0, lagUsec), TimeUnit.MICROSECONDS);
    }

    /** Records the time from requesting a batch of node's reader to receiving it (nanoseconds). */
    public LongConsumer readerLatency(String nodeId) {
        Timer t = Timer.builder("tributary.query.reader.latency")
                .description("time from requesting a batch from a node's reader to receiving it (range reads)")
                .tag("node", nodeId).register(registry);
        return nanos -> t.record(nanos, TimeUnit.NANOSECONDS);
    }
}
