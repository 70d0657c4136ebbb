package io.tributary.reader.read;

import io.tributary.reader.read.ReadSpec.StartKind;
import io.tributary.reader.sdjournal.Journal;
import io.tributary.reader.sdjournal.EntryBuffer;

/**
 * Reads the entries a {@link ReadSpec} selects from one journal handle, on the handle's thread.
 *
 * <p>The start is resolved to a gap between two entries (the handle sits on an entry, and {@code before} says on
 * which side of it the gap is); skip moves the gap by N matching entries; reading then proceeds from the gap in
 * the requested direction.
 */
public final class RangeReader {

    private final Journal journal;
    private final ReadSpec spec;
    private boolean onEntry;   // the handle is on an entry (else the journal has no matching entry yet)
    private boolean before;    // the gap is before the current entry (else after it)
    private boolean started;
    private boolean finished;  // limit reached or past the window: nothing more, even when following
    private long emitted;
    private String missingCursor;
    private long lastEndCheckNanos;

    public RangeReader(Journal journal, ReadSpec spec) {
        this.journal = journal;
        this.spec = spec;
        position();
        skip();
    }

    /** The start cursor, when its entry does not exist (vacuumed, or never was): reading began at the nearest entry. */
    public String missingCursor() {
        return missingCursor;
    }

    /** Reads the next entry into the buffer; false when there is none now (see {@link #finished()}). */
    public boolean next(EntryBuffer into) {
        while (!finished) {
            if (!step()) {
                return false;
            }
            if (spec.hasWindow()) {
                long t = journal.realtimeUsec();
                if (spec.backward() ? Long.compareUnsigned(t, spec.sinceUsec()) < 0 : Long.compareUnsigned(t, spec.untilUsec()) > 0) {
                    finished = true;
                    return false;
                }
                if (!spec.inWindow(t)) {
                    continue;
                }
            }
            journal.read(into);
            emitted++;
            if (spec.limit() > 0 && emitted >= spec.limit()) {
                finished = true;
            }
            return true;
        }
        return false;
    }

    /** True when the range is complete: the limit is reached or reading left the time window. */
    public boolean finished() {
        return finished;
    }

    /** System.nanoTime() just before the last look past the end that found nothing: every entry written before it was seen. */
    public long lastEndCheckNanos() {
        return lastEndCheckNanos;
    }

    private boolean step() {
        boolean first = !started;
        started = true;
        if (first && onEntry && (spec.backward() ? !before : before)) {
            return true; // the gap is right before the current entry in the reading direction
        }
        lastEndCheckNanos = System.nanoTime();
        boolean moved = spec.backward() ? journal.previous() : journal.next();
        if (moved) {
            onEntry = true;
        }
        return moved;
    }

    private void position() {
        ReadSpec.Start start = spec.start();
        switch (start.kind()) {
            case HEAD -> {
                spec.filter().applyTo(journal);
                journal.seekHead();
                landForward(true);
            }
            case TAIL -> {
                spec.filter().applyTo(journal);
                journal.seekTail();
                // Never tail+next: in systemd 252 it may land on an old entry when there are several files.
                onEntry = journal.previous();
                before = false;
                if (!onEntry) {
                    journal.seekHead(); // empty: head and tail are the same place
                }
            }
            case REALTIME -> {
                spec.filter().applyTo(journal);
                journal.seekRealtime(start.realtimeUsec());
                landForward(true);
            }
            case CURSOR, AFTER_CURSOR -> {
                // Whether the cursor's entry exists at all is a question without matches.
                journal.flushMatches();
                journal.seekCursor(start.cursor());
                boolean exists = journal.next() && journal.testCursor(start.cursor());
                if (!exists) {
                    missingCursor = start.cursor();
                }
                spec.filter().applyTo(journal);
                journal.seekCursor(start.cursor());
                landForward(false);
                if (onEntry && before && exists && journal.testCursor(start.cursor())) {
                    // On the cursor's own entry: "cursor" includes it, "after_cursor" excludes it, per direction.
                    boolean include = start.kind() == StartKind.CURSOR;
                    before = spec.backward() != include;
                }
                if (!onEntry) {
                    journal.seekCursor(start.cursor()); // stay where new entries will appear
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** After a seek: land on the first entry at or after it (gap before it), else on the last one (gap after it). */
    private void landForward(boolean reseekWhenEmpty) {
        if (journal.next()) {
            onEntry = true;
            before = true;
        } else if (journal.previous()) {
            onEntry = true;
            before = false;
        } else {
            onEntry = false;
            if (reseekWhenEmpty) {
                journal.seekHead();
            }
        }
    }

    private void skip() {
        long n = spec.skip();
        if (n == 0 || !onEntry) {
            return;
        }
        n = Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, n)); // sd-journal refuses larger skips
        if (n > 0) {
            if (journal.nextSkip(n) < n) {
                before = false; // past the last entry
            }
        } else if (journal.previousSkip(-n) < -n) {
            before = true; // before the first entry
        }
    }
}
