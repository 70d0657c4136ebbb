package io.tributary.topology.mesos;

import io.quarkus.runtime.configuration.MemorySize;
import io.tributary.topology.config.MesosConfig;
import io.tributary.topology.source.ReaderListings;
import io.tributary.topology.source.SourceStatuses;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** A MesosSource wired by hand (no CDI), with test-sized timings. */
final class TestMesos implements AutoCloseable {

    final TaskIndex index = new TaskIndex();
    final SourceStatuses statuses = new SourceStatuses();
    final ReaderListings listings = new ReaderListings();
    final MesosSource source = new MesosSource();

    TestMesos(String url, MesosConfig.Mode mode, OptionalInt readerPort) {
        this(url, mode, readerPort, RecordIo.DEFAULT_MAX_RECORD);
    }

    TestMesos(String url, MesosConfig.Mode mode, OptionalInt readerPort, long maxRecord) {
        source.config = new MesosConfig() {
            public Optional<String> url() {
                return Optional.of(url);
            }

            public Mode mode() {
                return mode;
            }

            public OptionalInt readerPort() {
                return readerPort;
            }

            public int missedHeartbeats() {
                return 5;
            }

            public Duration backoffMin() {
                return Duration.ofMillis(50);
            }

            public Duration backoffMax() {
                return Duration.ofMillis(400);
            }

            public Duration pollInterval() {
                return Duration.ofMillis(200);
            }

            public Duration requestTimeout() {
                return Duration.ofSeconds(2);
            }

            public MemorySize maxRecordSize() {
                return new MemorySize(BigInteger.valueOf(maxRecord));
            }

            public int finishedTaskHistory() {
                return 100;
            }
        };
        source.index = index;
        source.statuses = statuses;
        source.listings = listings;
        source.start(null);
    }

    @Override
    public void close() {
        source.stop(null);
    }
}
