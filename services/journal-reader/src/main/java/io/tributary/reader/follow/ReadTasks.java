package io.tributary.reader.follow;

import io.grpc.Status;
import io.tributary.reader.config.JournalConfig;
import io.tributary.reader.config.ReaderConfig;
import io.tributary.reader.grpc.EntryEncoder;
import io.tributary.reader.grpc.Outbox;
import io.tributary.reader.ops.ReaderMetrics;
import io.tributary.reader.read.RangeReader;
import io.tributary.reader.read.ReadSpec;
import io.tributary.reader.sdjournal.Journal;
import io.tributary.reader.sdjournal.EntryBuffer;
import io.tributary.reader.sdjournal.JournalException;
import io.tributary.reader.sdjournal.Location;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Reads history for Read streams: each on its own platform thread with its own journal handle (handles are
 * confined to one thread), pausing while the stream is not ready. A follow stream that reaches the end of the
 * journal is handed to the {@link SharedTail}.
 */
@ApplicationScoped
public class ReadTasks {

    private static final Logger LOG = Logger.getLogger(ReadTasks.class);

    @Inject
    ReaderConfig config;

    @Inject
    JournalConfig journalConfig;

    @Inject
    SharedTail tail;

    @Inject
    NodeIdentity node;

    @Inject
    ReaderMetrics metrics;

    private ThreadPoolExecutor pool;

    @jakarta.annotation.PostConstruct
    void start() {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(0, config.maxRangeStreams(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "journal-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Starts reading for a stream; false when every reader thread is busy. */
    public boolean start(ReadSpec spec, Outbox outbox) {
        return submit(() -> read(spec, outbox, 0, null));
    }

    /** Reads again for a follower that fell behind the shared tail, from its last sent entry. */
    void resume(Follower f) {
        ReadSpec spec = f.spec();
        if (f.after() != null) {
            spec = new ReadSpec(spec.filter(), new ReadSpec.Start(ReadSpec.StartKind.AFTER_CURSOR, f.after().toCursor(), 0), 0,
                    spec.sinceUsec(), spec.untilUsec(), spec.limit(), false, true, spec.batchEntries(),
                    spec.heartbeatIntervalMillis());
        }
        ReadSpec resumed = spec;
        if (!submit(() -> read(resumed, f.outbox(), f.sent(), f.after()))) {
            f.outbox().fail(Status.RESOURCE_EXHAUSTED.withDescription("reader busy: too many streams reading history"));
            f.outbox().drain();
        }
    }

    private boolean submit(Runnable task) {
        try {
            pool.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void read(ReadSpec spec, Outbox outbox, long alreadySent, Location lastSent) {
        long sent = alreadySent;
        Location after = lastSent;
        outbox.recycleArrays(true);
        try (Journal journal = Journal.open(journalConfig.source())) {
            ReadSpec counted = spec.limit() > 0 ? spec.withLimit(spec.limit() - alreadySent) : spec;
            RangeReader reader = new RangeReader(journal, counted);
            if (reader.missingCursor() != null) {
                outbox.gap("cursor not found: its entry was vacuumed or never existed; reading resumes at the nearest entry",
                        reader.missingCursor());
            }
            EntryBuffer entry = new EntryBuffer();
            byte[] nodeId = node.idBytes();
            int batchBytes = config.batchBytes();
            int hint = 16 * 1024; // the last batch's size: small reads stay small
            EntryEncoder.BatchBuilder batch = new EntryEncoder.BatchBuilder(hint);
            while (true) {
                boolean more = false;
                while (batch.entries() < spec.batchEntries() && batch.bytes() < batchBytes
                        && (more = reader.next(entry))) {
                    batch.add(entry, nodeId);
                }
                if (batch.entries() > 0) {
                    metrics.read(batch.entries());
                    // the buffer still holds the batch's last entry: its Location is parsed once per batch
                    after = entry.location();
                    sent += batch.entries();
                    hint = batch.bytes() + 1024;
                    if (!outbox.put(batch)) {
                        return; // cancelled
                    }
                    outbox.drain();
                    batch = batch.next(hint, outbox.spareArray());
                }
                if (!more) {
                    if (reader.finished() || !spec.follow()) {
                        outbox.complete();
                        outbox.drain();
                    } else {
                        tail.join(new Follower(spec, outbox, journal.currentLocation().orElse(after),
                                reader.lastEndCheckNanos(), sent));
                    }
                    return;
                }
            }
        } catch (JournalException e) {
            LOG.warnf("read failed: %s", e.getMessage());
            outbox.fail(Status.UNAVAILABLE.withDescription("journal read failed: " + e.getMessage()));
            outbox.drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("read failed", e);
            outbox.fail(Status.INTERNAL.withDescription("journal read failed: " + e));
            outbox.drain();
        } finally {
            outbox.recycleArrays(false);
        }
    }
}
