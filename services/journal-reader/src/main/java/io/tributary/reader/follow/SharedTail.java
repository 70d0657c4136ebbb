package io.tributary.reader.follow;

import io.tributary.reader.config.JournalConfig;
import io.tributary.reader.config.ReaderConfig;
import io.tributary.reader.grpc.EntryEncoder;
import io.tributary.reader.grpc.Outbox;
import io.tributary.reader.sdjournal.Journal;
import io.tributary.reader.sdjournal.JournalEntry;
import io.tributary.reader.sdjournal.Location;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * One tail of the journal shared by every follow stream: one handle, one thread, reading each new entry once and
 * handing it to the followers whose matches select it.
 *
 * <p>It polls {@code sd_journal_next()} every few milliseconds instead of waiting for journald's inotify wake-up
 * (250-500 ms late), and calls {@code sd_journal_process()} when idle so rotation and vacuum are noticed.
 *
 * <p>Handover without loss or repeats: a follower arrives having read the journal itself up to time
 * {@code endSeenNanos}. Every entry written after that is read by this tail after that time, so if the ring of
 * recent entries still holds everything the tail read since then, the follower takes the ring's entries after
 * its last location and goes live; otherwise it reads the journal again and comes back. A follower whose queue
 * is full (a slow consumer) is likewise sent back to read the journal itself: the journal is the buffer.
 *
 * <p>Each entry is offered only to the followers whose matches could select it ({@link FollowerIndex}), except
 * when it lies beyond the end of some follower's time window: then every follower sees it, as that is what ends
 * such followers.
 */
@ApplicationScoped
public class SharedTail {

    private static final Logger LOG = Logger.getLogger(SharedTail.class);

    @Inject
    ReaderConfig config;

    @Inject
    JournalConfig journalConfig;

    @Inject
    ReadTasks readTasks;

    @Inject
    io.tributary.reader.ops.ReaderMetrics metrics;

    @Inject
    NodeIdentity node;

    private final ConcurrentLinkedQueue<Follower> joining = new ConcurrentLinkedQueue<>();
    private final ExecutorService drains = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "follow-drain");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread thread;
    private volatile int liveCount;
    private volatile boolean stopping;

    // Owned by the tail thread.
    private final List<Live> live = new ArrayList<>();
    private FollowerIndex<Live> index = new FollowerIndex<>();
    private final List<Live> candidates = new ArrayList<>();
    private long minUntilUsec = -1; // unsigned: the earliest end of a live follower's time window
    private boolean minUntilStale;
    private final ArrayDeque<Recent> ring = new ArrayDeque<>();
    private long ringFloorNanos;
    private long ringBytes;

    /** A follower on the tail, with its progress. */
    private static final class Live {
        final Follower follower;
        Location after;
        long sent;

        Live(Follower f) {
            this.follower = f;
            this.after = f.after();
            this.sent = f.sent();
        }
    }

    /** An entry the tail read, and when the read that found it began. */
    private static final class Recent {
        final JournalEntry entry;
        final long readStartNanos;
        final long bytes;
        private byte[] encoded; // encoded once, on first use, and shared by every follower that takes it

        Recent(JournalEntry entry, long readStartNanos) {
            this.entry = entry;
            this.readStartNanos = readStartNanos;
            long n = 0;
            for (byte[] item : entry.data()) {
                n += item.length;
            }
            this.bytes = n;
        }

        Location location() {
            return entry.location();
        }

        byte[] encoded(byte[] nodeId) {
            if (encoded == null) {
                encoded = EntryEncoder.encode(entry, nodeId);
            }
            return encoded;
        }
    }

    /** Hands a follower to the tail (from a reader thread). */
    public void join(Follower follower) {
        joining.add(follower);
        synchronized (this) {
            if (thread == null && !stopping) {
                thread = new Thread(this::run, "journal-tail");
                thread.setDaemon(true);
                thread.start();
            }
        }
        LockSupport.unpark(thread);
    }

    /** Followers on the tail now. */
    public int followers() {
        return liveCount;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        drains.shutdownNow();
    }

    private void run() {
        long idleSince = System.nanoTime();
        try (Journal journal = Journal.open(journalConfig.source())) {
            journal.fd(); // set up inotify now, so that process() sees changes
            journal.seekTail();
            if (!journal.previous()) {
                journal.seekHead();
            }
            ringFloorNanos = System.nanoTime();
            long pollNanos = config.followPoll().toNanos();
            long heartbeatNanos = config.heartbeatInterval().toNanos();
            long lagUsec = config.watermarkLag().toNanos() / 1000;
            while (!stopping) {
                admit();
                Set<Live> touched = new HashSet<>();
                int read = 0;
                long endCheckRealtime;
                while (true) {
                    long readStart = System.nanoTime();
                    endCheckRealtime = System.currentTimeMillis() * 1000;
                    if (read >= 4096 || !journal.next()) {
                        break;
                    }
                    read++;
                    JournalEntry e = journal.entry();
                    Recent r = new Recent(e, readStart);
                    remember(r);
                    dispatch(r, touched);
                }
                if (read > 0) {
                    metrics.read(read);
                }
                for (Live l : touched) {
                    drains.execute(l.follower.outbox()::drain);
                }
                live.removeIf(l -> {
                    if (l.follower.outbox().isEnded()) {
                        index.remove(l);
                        minUntilStale = true;
                        return true;
                    }
                    return false;
                });
                liveCount = live.size();
                long now = System.nanoTime();
                if (read == 0) {
                    journal.process(); // notice new, rotated and deleted files
                    long watermark = endCheckRealtime - lagUsec;
                    for (Live l : live) {
                        long every = l.follower.spec().heartbeatNanos(heartbeatNanos, pollNanos);
                        if (l.follower.outbox().heartbeatIfIdle(watermark, every, now)) {
                            drains.execute(l.follower.outbox()::drain);
                        }
                    }
                    if (!live.isEmpty() || !joining.isEmpty()) {
                        idleSince = now;
                    } else if (now - idleSince > config.tailIdleTimeout().toNanos() && closeIfIdle()) {
                        return;
                    }
                    LockSupport.parkNanos(live.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(100) : pollNanos);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("journal tail failed; its followers are sent back to read the journal", e);
            synchronized (this) {
                thread = null;
            }
            for (Live l : live) {
                readTasks.resume(new Follower(l.follower.spec(), l.follower.outbox(), l.after, 0, l.sent));
            }
            live.clear();
            index = new FollowerIndex<>();
            minUntilStale = true;
            ring.clear();
            ringBytes = 0;
            Follower f;
            while ((f = joining.poll()) != null) {
                readTasks.resume(f);
            }
        }
    }

    /** Stops the thread when nobody follows; false if someone joined meanwhile. */
    private synchronized boolean closeIfIdle() {
        if (!joining.isEmpty()) {
            return false;
        }
        thread = null;
        ring.clear();
        ringBytes = 0;
        return true;
    }

    /** Takes in joining followers: from the ring when it covers them, else back to reading the journal. */
    private void admit() {
        Follower f;
        while ((f = joining.poll()) != null) {
            if (f.outbox().isEnded()) {
                continue;
            }
            if (ringFloorNanos > f.endSeenNanos()) {
                readTasks.resume(f); // the ring no longer holds everything written since it looked
                continue;
            }
            Live l = new Live(f);
            enter(l);
            for (Recent r : ring) {
                if (!deliver(l, r)) {
                    break;
                }
            }
            if (live.contains(l)) {
                drains.execute(l.follower.outbox()::drain);
            }
        }
    }

    private void remember(Recent r) {
        ring.addLast(r);
        ringBytes += r.bytes;
        while (ring.size() > config.tailRingEntries() || ringBytes > config.tailRingBytes()) {
            Recent gone = ring.removeFirst();
            ringBytes -= gone.bytes;
            ringFloorNanos = gone.readStartNanos;
        }
    }

    private void enter(Live l) {
        live.add(l);
        index.add(l, l.follower.spec().filter());
        if (Long.compareUnsigned(l.follower.spec().untilUsec(), minUntilUsec) < 0) {
            minUntilUsec = l.follower.spec().untilUsec();
        }
    }

    private void leave(Live l) {
        if (live.remove(l)) {
            index.remove(l);
            minUntilStale = true;
        }
    }

    private void dispatch(Recent r, Set<Live> touched) {
        if (minUntilStale) {
            minUntilUsec = -1;
            for (Live l : live) {
                if (Long.compareUnsigned(l.follower.spec().untilUsec(), minUntilUsec) < 0) {
                    minUntilUsec = l.follower.spec().untilUsec();
                }
            }
            minUntilStale = false;
        }
        // A follower that cannot select the entry is only affected by it when the entry lies past its window's end
        // (deliver() ends it); below every window's end, the index's candidates are all deliver() acts on.
        if (Long.compareUnsigned(r.entry.realtimeUsec(), minUntilUsec) > 0) {
            candidates.addAll(live);
        } else {
            index.candidates(r.entry.data(), candidates);
        }
        try {
            for (int i = 0; i < candidates.size(); i++) { // a snapshot: deliver() may remove its follower from live
                Live l = candidates.get(i);
                long before = l.sent;
                if (deliver(l, r) && l.sent != before) {
                    touched.add(l);
                }
            }
        } finally {
            candidates.clear();
        }
    }

    /** Offers one entry to one follower; false when the follower left the tail. */
    private boolean deliver(Live l, Recent r) {
        Follower f = l.follower;
        if (l.after != null && !r.location().isAfter(l.after)) {
            return true; // it has this one already
        }
        long t = r.entry.realtimeUsec();
        if (!f.spec().filter().test(r.entry) || !f.spec().inWindow(t)) {
            if (Long.compareUnsigned(t, f.spec().untilUsec()) > 0) {
                return finish(l);
            }
            return true;
        }
        if (!f.outbox().offer(r.encoded(node.idBytes()))) {
            leave(l);
            if (!f.outbox().isEnded()) {
                // Too slow for the tail: read the journal from its last entry until it catches up.
                readTasks.resume(new Follower(f.spec(), f.outbox(), l.after, 0, l.sent));
            }
            return false;
        }
        l.after = r.location();
        l.sent++;
        if (f.spec().limit() > 0 && l.sent >= f.spec().limit()) {
            return finish(l);
        }
        return true;
    }

    private boolean finish(Live l) {
        leave(l);
        l.follower.outbox().complete();
        drains.execute(l.follower.outbox()::drain);
        return false;
    }
}
