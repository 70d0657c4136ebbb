package io.tributary.query.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The queries streaming now (every front door), so that a shutdown ends them the way a stalled client is ended:
 * with the format's close event / trailer / status carrying the cursor that resumes exactly after the last entry
 * sent. Also the "active streams" and "followers" gauges.
 *
 * <p>Why a JVM shutdown hook as well as {@link ShutdownEvent}: with {@code quarkus.shutdown.timeout} set, Quarkus
 * first waits for running HTTP requests to end and fires {@code ShutdownEvent} only afterwards; a follow never ends
 * by itself, so it must be ended as soon as SIGTERM arrives. The hook does that; the event is the fallback.
 */
@ApplicationScoped
public class OpenStreams {

    private static final Logger LOG = Logger.getLogger(OpenStreams.class);
    public static final String REASON = "server shutting down";

    /** Ends a running query; called from any thread. */
    public interface Ending {
        void end(String reason);
    }

    private final Set<Ending> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger follows = new AtomicInteger();
    private volatile boolean shuttingDown;

    @Inject
    MeterRegistry registry;

    void startup(@Observes StartupEvent e) {
        Gauge.builder("tributary.query.streams.active", open, Set::size)
                .description("queries streaming results now (ranges and follows)").register(registry);
        Gauge.builder("tributary.query.followers", follows, AtomicInteger::get)
                .description("follow queries streaming now").register(registry);
        Runtime.getRuntime().addShutdownHook(new Thread(this::endAll, "end-open-streams"));
    }

    void shutdown(@Observes @Priority(1) ShutdownEvent e) {
        endAll();
    }

    /** Registers a running query; returns what unregisters it. During shutdown it is ended at once. */
    public Runnable opened(Ending ending, boolean follow) {
        open.add(ending);
        if (follow) {
            follows.incrementAndGet();
        }
        if (shuttingDown) {
            ending.end(REASON);
        }
        return () -> {
            if (open.remove(ending) && follow) {
                follows.decrementAndGet();
            }
        };
    }

    /** Ends every open stream and waits (a few seconds at most) until they have written their end. */
    void endAll() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        int n = open.size();
        if (n == 0) {
            return;
        }
        LOG.infof("shutting down: ending %d open streams with a resume cursor", n);
        open.forEach(s -> s.end(REASON));
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
