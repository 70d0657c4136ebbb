package io.tributary.reader.ops;

import io.grpc.Status;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.reader.grpc.Outbox;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The Read streams open now. On shutdown each ends, after the entries already queued for it, with UNAVAILABLE
 * "reader shutting down": every entry carries its journald cursor, so the client resumes after the last one it got
 * ({@code after_cursor}) on another reader or this one restarted — log-query does that by itself.
 *
 * <p>A JVM shutdown hook as well as {@link ShutdownEvent}: with {@code quarkus.shutdown.timeout} set, Quarkus waits for
 * running requests before it fires the event, and a follow stream never ends by itself.
 */
@ApplicationScoped
public class OpenReads {

    private static final Logger LOG = Logger.getLogger(OpenReads.class);
    static final String REASON = "reader shutting down; resume after the last entry received";

    private final Set<Outbox> open = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    void startup(@Observes StartupEvent e) {
        Runtime.getRuntime().addShutdownHook(new Thread(this::endAll, "end-open-reads"));
    }

    void shutdown(@Observes @Priority(1) ShutdownEvent e) {
        endAll();
    }

    /** Tracks a new stream's outbox (counting what it sends) until it is over. */
    public void opened(Outbox outbox, ReaderMetrics metrics) {
        open.add(outbox);
        outbox.track(metrics::sent, () -> open.remove(outbox));
        if (shuttingDown) {
            end(outbox);
        }
    }

    public int size() {
        return open.size();
    }

    private static void end(Outbox outbox) {
        outbox.endEarly(Status.UNAVAILABLE.withDescription(REASON));
        outbox.drain();
    }

    void endAll() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        if (open.isEmpty()) {
            return;
        }
        LOG.infof("shutting down: ending %d open Read streams", open.size());
        open.forEach(OpenReads::end);
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200); // let the event loops write the ends out before the server closes connections
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
