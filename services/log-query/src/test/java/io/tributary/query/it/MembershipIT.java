package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nodes joining and leaving a running follow: topology discovers the readers through its {@code dns} source (SRV
 * records in a real dnsmasq), log-query follows through topology's WatchNodes. Three readers on three live journals,
 * all written throughout; DNS lists two at first, then all three, then drops one.
 */
class MembershipIT {

    static final String NAME = "_journal-reader._tcp.membership.test";
    static LiveJournals journals;
    static List<String> ids;
    static SrvDns dns;
    static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        journals = new LiveJournals(3);
        ids = journals.ids;
        dns = new SrvDns(NAME);
        Stack.Options viaDns = new Stack.Options(List.of(), endpoints -> {
            try {
                dns.serve(ports(endpoints.subList(0, 2)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Map.of("tributary.topology.dns.name", NAME, "tributary.topology.dns.type", "SRV",
                    "tributary.topology.dns.server", dns.server(), "tributary.topology.dns.interval", "200ms",
                    "tributary.topology.removal-grace", "1s");
        }, 2, null);
        stack = new Stack("membership", journals.readers(), Map.of("tributary.query.keep-alive", "1s",
                "tributary.query.node-silence-timeout", "5s"), viaDns);
    }

    @AfterAll
    static void stop() throws Exception {
        LiveJournals.closeAll(stack, dns, journals);
    }

    static List<Integer> ports(List<String> endpoints) {
        return endpoints.stream().map(e -> Integer.parseInt(e.substring(e.lastIndexOf(':') + 1))).toList();
    }

    static List<Integer> readerPorts(int... nodes) {
        List<Integer> p = new ArrayList<>();
        for (int n : nodes) {
            p.add(stack.readerPorts[n]);
        }
        return p;
    }

    /**
     * A follow over the whole cluster while every journal is written: node 2, added to DNS, joins the merge with
     * everything it has since the follow started; node 1, dropped from DNS, leaves it once topology removes it (after
     * its removal grace), the follow reports the leave and goes on with nodes 0 and 2, losing nothing of theirs.
     * Then topology restarts and node 1 is listed again: the follow watches topology anew, and node 1 comes back
     * from where it left, so in the end every node's entries arrived once, in order.
     */
    @Test
    void nodesAddedToAndRemovedFromTopologyJoinAndLeaveARunningFollow() throws Exception {
        String run = UUID.randomUUID().toString();
        SseClient sse = new SseClient(stack.port, "/api/v1/entries?follow=true&match=TEST_RUN=" + run, null);
        Map<String, List<Integer>> seqs = new HashMap<>();
        List<SseClient.Event> others = new ArrayList<>();
        // the follow starts at the end: probes (SEQ -1, not counted) until nodes 0 and 1 are followed
        for (long t = System.nanoTime(); !(seqs.containsKey(ids.get(0)) && seqs.containsKey(ids.get(1)))
                && System.nanoTime() - t < 30_000_000_000L; ) {
            journals.write(0, run, -1, "membership-it");
            journals.write(1, run, -1, "membership-it");
            receive(sse, seqs, others, Duration.ofMillis(200));
        }
        seqs.clear();
        AtomicIntegerArray written = new AtomicIntegerArray(3);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    for (int node = 0; node < 3; node++) {
                        journals.write(node, run, i, "membership-it");
                        written.incrementAndGet(node);
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "membership-writer");
        writer.start();
        try {
            receive(sse, seqs, others, Duration.ofSeconds(2));
            assertTrue(seqs.containsKey(ids.get(0)) && seqs.containsKey(ids.get(1)), "nodes 0 and 1 followed: "
                    + seqs.keySet());
            assertTrue(!seqs.containsKey(ids.get(2)), "node 2 is not in topology yet");

            dns.serve(readerPorts(0, 1, 2));
            long t = System.nanoTime();
            while (!seqs.containsKey(ids.get(2)) && System.nanoTime() - t < 20_000_000_000L) {
                receive(sse, seqs, others, Duration.ofMillis(200));
            }
            System.out.printf("MembershipIT: node 2 joined the follow %d ms after it was added to DNS%n",
                    (System.nanoTime() - t) / 1_000_000);
            assertTrue(seqs.containsKey(ids.get(2)), "node 2 joined the follow");
            receive(sse, seqs, others, Duration.ofSeconds(1));

            dns.serve(readerPorts(0, 2));
            t = System.nanoTime();
            while (others.stream().noneMatch(e -> e.data().contains(ids.get(1)))
                    && System.nanoTime() - t < 20_000_000_000L) {
                receive(sse, seqs, others, Duration.ofMillis(200));
            }
            System.out.printf("MembershipIT: node 1 left the follow %d ms after it was dropped from DNS: %s%n",
                    (System.nanoTime() - t) / 1_000_000, others);
            receive(sse, seqs, others, Duration.ofSeconds(2)); // the others go on

            // topology restarts (the follow's watch ends with it), then node 1 is back in DNS: the follow watches
            // the new topology and node 1 joins again from just past the last entry it delivered
            int before = seqs.get(ids.get(1)).size();
            stack.restartTopology();
            dns.serve(readerPorts(0, 1, 2));
            t = System.nanoTime();
            while (seqs.get(ids.get(1)).size() == before && System.nanoTime() - t < 30_000_000_000L) {
                receive(sse, seqs, others, Duration.ofMillis(200));
            }
            System.out.printf("MembershipIT: node 1 rejoined %d ms after topology restarted%n",
                    (System.nanoTime() - t) / 1_000_000);
            receive(sse, seqs, others, Duration.ofSeconds(1));
        } finally {
            stop.set(true);
            writer.join();
        }
        receive(sse, seqs, others, Duration.ofSeconds(2)); // what was written last
        sse.cancel();

        assertTrue(others.stream().anyMatch(e -> e.type().equals("error") && e.data().contains(ids.get(1))
                && e.data().contains("removed")), "the leave was reported: " + others);
        for (int node = 0; node < 3; node++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < written.get(node); i++) {
                expected.add(i);
            }
            // node 1 too: what it wrote while out of the follow comes when it is back
            assertEquals(expected, seqs.get(ids.get(node)), "node " + node + ": everything since the follow started, "
                    + "once, in order");
        }
    }

    /**
     * A follow that starts with one node asks it for no merge heartbeats (with hundreds of follows they cost both
     * services half their CPU, for nothing); when a second node joins, the first is reopened with them — from just
     * past its last entry, losing and repeating nothing — so that the idle first node does not hold the newcomer's
     * entries back until its default heartbeat (250 ms, on top of the 50 ms watermark lag).
     */
    @Test
    void aLoneNodeIsReopenedWithMergeHeartbeatsWhenASecondNodeJoins() throws Exception {
        dns.serve(readerPorts(0));
        awaitNodes(ids.get(0));
        String run = UUID.randomUUID().toString();
        SseClient sse = new SseClient(stack.port, "/api/v1/entries?follow=true&match=TEST_RUN=" + run, null);
        Map<String, List<Integer>> seqs = new HashMap<>();
        List<SseClient.Event> others = new ArrayList<>();
        probeUntilFollowed(sse, run, 0, seqs, others);
        for (int i = 0; i < 10; i++) {
            journals.write(0, run, i, "membership-it");
        }
        dns.serve(readerPorts(0, 1));
        probeUntilFollowed(sse, run, 1, seqs, others);
        for (int i = 10; i < 20; i++) {
            journals.write(0, run, i, "membership-it");
        }
        receive(sse, seqs, others, Duration.ofSeconds(1));
        // node 0 idle from here: how long node 1's entries wait for node 0's watermark
        List<Long> latency = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long sent = System.nanoTime();
            journals.write(1, run, i, "membership-it");
            int size = seqs.get(ids.get(1)).size();
            while (seqs.get(ids.get(1)).size() == size && System.nanoTime() - sent < 5_000_000_000L) {
                receive(sse, seqs, others, Duration.ofMillis(1));
            }
            latency.add((System.nanoTime() - sent) / 1_000_000);
            Thread.sleep(20);
        }
        sse.cancel();
        assertEquals(range(20), seqs.get(ids.get(0)), "node 0, across its reopen: once each, in order");
        assertEquals(range(20), seqs.get(ids.get(1)), "node 1");
        List<Long> sorted = latency.stream().sorted().toList();
        System.out.printf("MembershipIT: node 1's entries merged after %s ms%n", sorted);
        assertTrue(sorted.get(sorted.size() / 2) < 120, "median latency with node 0's merge heartbeats (about 60 ms; "
                + "over 175 ms without them): " + sorted);
        dns.serve(readerPorts(0, 1)); // as the other test expects to find it
    }

    /** Writes probes (SEQ -1, not counted) on the node until the follow has delivered one of them. */
    static void probeUntilFollowed(SseClient sse, String run, int node, Map<String, List<Integer>> seqs,
                                   List<SseClient.Event> others) throws Exception {
        for (long t = System.nanoTime(); !seqs.containsKey(ids.get(node)) && System.nanoTime() - t < 30_000_000_000L; ) {
            journals.write(node, run, -1, "membership-it");
            receive(sse, seqs, others, Duration.ofMillis(200));
        }
        assertTrue(seqs.containsKey(ids.get(node)), "node " + node + " followed");
    }

    /** Waits until log-query's node list is exactly these nodes (topology's removal grace is 1 s here). */
    static void awaitNodes(String... nodeIds) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String body = "";
        for (long t = System.nanoTime(); System.nanoTime() - t < 30_000_000_000L; Thread.sleep(200)) {
            body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + stack.port
                    + "/api/v1/nodes")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            String b = body;
            if (ids.stream().allMatch(id -> b.contains(id) == List.of(nodeIds).contains(id))) {
                return;
            }
        }
        throw new AssertionError("log-query's nodes never became " + List.of(nodeIds) + ": " + body);
    }

    static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }

    /** Takes events for the given time: entries into seqs (per node; probes only name the node), others into others. */
    static void receive(SseClient sse, Map<String, List<Integer>> seqs, List<SseClient.Event> others, Duration d)
            throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            SseClient.Event e = sse.events.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            if (e.type().equals("message")) {
                LoadIT.NodeSeq ns = LoadIT.NodeSeq.of(e.data());
                List<Integer> l = seqs.computeIfAbsent(ns.node(), k -> new ArrayList<>());
                if (ns.seq() >= 0) {
                    l.add(ns.seq());
                }
            } else {
                others.add(e);
            }
        }
    }
}
