package io.tributary.reader.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.reader.follow.SharedTail;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The reader's meters. Readers count per batch (a history read's batch, a tail poll's entries, a batch sent), never
 * per entry, so metrics stay off the read path.
 */
@ApplicationScoped
public class ReaderMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    SharedTail tail;

    @Inject
    OpenReads reads;

    private Counter read;
    private Counter sent;

    @PostConstruct
    void init() {
        read = Counter.builder("tributary.reader.entries.read")
                .description("entries read from the journal (history reads and the shared follow tail)").register(registry);
        sent = Counter.builder("tributary.reader.entries.sent").description("entries sent on Read streams")
                .register(registry);
        Gauge.builder("tributary.reader.streams.active", reads, OpenReads::size)
                .description("Read streams open now").register(registry);
        Gauge.builder("tributary.reader.followers", tail, SharedTail::followers)
                .description("follow streams on the shared tail now").register(registry);
    }

    public void read(int n) {
        read.increment(n);
    }

    public void sent(int n) {
        sent.increment(n);
    }
}
