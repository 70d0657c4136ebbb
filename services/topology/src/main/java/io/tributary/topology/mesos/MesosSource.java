package io.tributary.topology.mesos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.topology.config.MesosConfig;
import io.tributary.topology.source.Endpoints;
import io.tributary.topology.source.ReaderListings;
import io.tributary.topology.source.SourceStatuses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The mesos source: subscribes to the master's event stream and keeps {@link TaskIndex} current; reconnects with
 * backoff when the stream drops or goes silent for missed-heartbeats intervals; polls {@code /master/state}
 * instead when configured to, or when the master has no v1 API. With reader-port set, every agent is also a
 * reader endpoint.
 */
@ApplicationScoped
public class MesosSource {

    public static final String NAME = "mesos";
    private static final Logger LOG = Logger.getLogger(MesosSource.class);

    @Inject
    MesosConfig config;

    @Inject
    TaskIndex index;

    @Inject
    SourceStatuses statuses;

    @Inject
    ReaderListings listings;

    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean running;
    private Thread loop;
    private ScheduledExecutorService watchdog;
    private volatile long lastEventNanos;
    private volatile InputStream current;
    private volatile long subscriptions;

    void start(@Observes StartupEvent ev) {
        if (config.url().isEmpty()) {
            return;
        }
        statuses.register(NAME);
        index.finishedLimit(config.finishedTaskHistory());
        MesosMaster master = new MesosMaster(config.url().get(), config.requestTimeout());
        running = true;
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "topology-mesos-watchdog"));
        loop = daemon(() -> run(master), "topology-mesos");
        loop.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        if (loop != null) {
            loop.interrupt();
            closeQuietly(current);
            watchdog.shutdownNow();
        }
    }

    /** How many times the stream was (re)opened: for tests and diagnostics. */
    public long subscriptions() {
        return subscriptions;
    }

    private void run(MesosMaster master) {
        long backoff = config.backoffMin().toMillis();
        boolean poll = config.mode() == MesosConfig.Mode.POLL;
        while (running) {
            try {
                if (poll) {
                    MesosJson.applyState(json.readTree(master.state()), index);
                    synced();
                    sleep(config.pollInterval().toMillis());
                    backoff = config.backoffMin().toMillis();
                    continue;
                }
                boolean gotSnapshot = follow(master);
                if (gotSnapshot) {
                    backoff = config.backoffMin().toMillis(); // the stream worked; the next failure starts over
                }
                statuses.failure(NAME, "event stream ended; reconnecting");
            } catch (MesosMaster.NoV1Api e) {
                LOG.warnf("Mesos master has no v1 operator API (%s): polling /master/state", e.getMessage());
                poll = true;
                continue;
            } catch (RecordIo.RecordTooLarge e) {
                statuses.failure(NAME, e.getMessage());
                LOG.errorf("Mesos source: %s; raise it to follow this master", e.getMessage());
            } catch (IOException | RuntimeException e) {
                statuses.failure(NAME, e.getMessage());
                LOG.debugf("Mesos source: %s", e.toString());
            }
            if (!running) {
                return;
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, config.backoffMax().toMillis());
        }
    }

    /** Reads the stream until it ends or goes silent; true if a SUBSCRIBED snapshot was applied. */
    private boolean follow(MesosMaster master) throws IOException {
        InputStream in = master.subscribe();
        current = in;
        subscriptions++;
        lastEventNanos = System.nanoTime();
        ScheduledFuture<?> silence = null;
        boolean subscribed = false;
        try {
            RecordIo records = new RecordIo(in, config.maxRecordSize().asLongValue());
            InputStream record;
            while (running && (record = records.nextRecord()) != null) {
                lastEventNanos = System.nanoTime();
                MesosJson.Event event = MesosJson.readEvent(json, record, index);
                lastEventNanos = System.nanoTime(); // a large snapshot takes a while to arrive and parse
                String type = event.type();
                if (type.equals("SUBSCRIBED")) {
                    subscribed = true;
                    silence = watchSilence(in, event.heartbeatSeconds());
                }
                if (type.equals("SUBSCRIBED") || type.startsWith("AGENT_")) {
                    synced();
                } else {
                    statuses.success(NAME); // every event, heartbeats included, proves the cache current
                }
            }
            return subscribed;
        } catch (IOException e) {
            if (subscribed && !running) {
                return true;
            }
            throw e;
        } finally {
            if (silence != null) {
                silence.cancel(false);
            }
            closeQuietly(in);
            current = null;
        }
    }

    /** Closes the stream when nothing (not even a heartbeat) came for missed-heartbeats intervals. */
    private ScheduledFuture<?> watchSilence(InputStream in, double heartbeatSeconds) {
        long limitNanos = (long) (heartbeatSeconds * 1e9 * config.missedHeartbeats());
        long checkMillis = Math.max(10, (long) (heartbeatSeconds * 1000 / 2));
        return watchdog.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastEventNanos > limitNanos) {
                LOG.infof("Mesos event stream silent for %d heartbeats: reconnecting", config.missedHeartbeats());
                statuses.failure(NAME, "no heartbeat for " + config.missedHeartbeats() + " intervals");
                closeQuietly(in); // wakes the reading thread, which reconnects
            }
        }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    private void synced() {
        statuses.success(NAME);
        config.readerPort().ifPresent(port -> {
            Set<String> endpoints = new TreeSet<>();
            for (Map.Entry<String, String> a : index.agents().entrySet()) {
                if (!a.getValue().isEmpty()) {
                    endpoints.add(Endpoints.of(a.getValue(), port));
                }
            }
            listings.replace(NAME, endpoints);
        });
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing to abort; nothing to report
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
