package io.tributary.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Deterministic generator of journal entries for a simulated cluster (DC/OS-style: Mesos agents running
 * framework tasks), written in systemd's Journal Export Format.
 *
 * <p>Determinism: everything derives from {@link SplittableRandom}s seeded from {@code seed} (whose
 * algorithm is fixed by the JDK spec), so the same configuration gives byte-identical output on every run.
 * Each node has its own random stream, so one node can be generated without generating the others.
 *
 * <p>Model: {@code entries} is the total over all nodes, split evenly. Per node: ~20% system-service
 * entries, ~80% task entries of executors placed on that node. Executors are spread round-robin over the
 * nodes, so every framework gets about {@code 0.8 / frameworks} of all entries (see
 * {@link #onePercentFrameworkId()}). Timestamps increase strictly per node; the nodes' clocks run in
 * parallel, so the merged stream has about {@code meanIntervalUsec} between entries.
 *
 * <p>With {@code specialEvery(N)}, every Nth entry of a node (the N-th, 2N-th, ...) is special, cycling
 * through {@link Special}; special entries carry {@code TESTKIT_SPECIAL=<kind>} so tests can find them.
 */
public final class JournalGenerator {

    /** The kinds of special entries, in the order they cycle. */
    public enum Special {
        /** MESSAGE is a multi-line Java stack trace (binary form in export). */
        MULTILINE,
        /** MESSAGE contains invalid UTF-8 and a NUL byte (binary form). */
        INVALID_UTF8,
        /** MESSAGE contains ANSI colour escape sequences (binary form: ESC is a control character). */
        ANSI,
        /** MESSAGE is {@link #LARGE_VALUE_SIZE} bytes of printable ASCII (text form). */
        LARGE,
        /** The entry has {@code TAG=alpha} and {@code TAG=beta}: one field name twice. */
        REPEATED_FIELD,
        /** MESSAGE is non-ASCII but printable UTF-8 (text form). */
        UNICODE;

        /** The value of {@link #SPECIAL_FIELD}, e.g. {@code invalid-utf8}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Field that marks special entries; its value is {@link Special#label()}. */
    public static final String SPECIAL_FIELD = "TESTKIT_SPECIAL";
    /** Size of the {@link Special#LARGE} MESSAGE: 100 KiB. */
    public static final int LARGE_VALUE_SIZE = 100 * 1024;
    /** Default start: 2026-01-01T00:00:00Z in µs. */
    public static final long DEFAULT_START_REALTIME_USEC = 1_767_225_600_000_000L;

    /** One simulated cluster node (a Mesos agent). */
    public record Node(int index, String machineId, String bootId, String hostname, String agentId,
                       long bootRealtimeUsec) {
    }

    /** One executor (running one task) of a framework, placed on one node. */
    public record Executor(int framework, String frameworkId, String appName, String executorId, String taskId,
                           String containerId, int node, int pid) {
    }

    private final long totalEntries;
    private final int frameworks;
    private final int executorsPerFramework;
    private final long seed;
    private final int specialEvery;
    private final long startRealtimeUsec;
    private final long meanIntervalUsec;
    private final List<Node> nodes;
    private final List<String> frameworkIds;
    private final List<Executor> executors;
    private final List<List<Executor>> executorsByNode;

    private JournalGenerator(Builder b) {
        if (b.entries < 0 || b.nodes < 1 || b.frameworks < 1 || b.executorsPerFramework < 1
                || b.specialEvery < 0 || b.meanIntervalUsec < 1) {
            throw new IllegalArgumentException("invalid generator configuration");
        }
        this.totalEntries = b.entries;
        this.frameworks = b.frameworks;
        this.executorsPerFramework = b.executorsPerFramework;
        this.seed = b.seed;
        this.specialEvery = b.specialEvery;
        this.startRealtimeUsec = b.startRealtimeUsec;
        this.meanIntervalUsec = b.meanIntervalUsec;

        // Cluster-wide ids come from one stream; like Mesos, framework and agent ids share the master's uuid.
        SplittableRandom cluster = new SplittableRandom(seed);
        String masterUuid = uuid(cluster);
        List<Node> ns = new ArrayList<>();
        for (int i = 0; i < b.nodes; i++) {
            SplittableRandom r = new SplittableRandom(mix(seed, i, 0x4e6f6465L));
            long uptime = 3_600_000_000L + r.nextLong(86_400_000_000L); // booted 1 to 25 h before start
            ns.add(new Node(i, hex128(r), hex128(r), String.format("agent-%03d", i), masterUuid + "-S" + i,
                    startRealtimeUsec - uptime));
        }
        this.nodes = List.copyOf(ns);
        List<String> fws = new ArrayList<>();
        List<Executor> exs = new ArrayList<>();
        for (int f = 0; f < frameworks; f++) {
            String fwId = masterUuid + String.format("-%04d", f);
            fws.add(fwId);
            String app = APPS[f % APPS.length] + (f < APPS.length ? "" : "-" + f);
            for (int e = 0; e < executorsPerFramework; e++) {
                String taskId = app + "." + uuid(cluster);
                int global = f * executorsPerFramework + e;
                // Command executors run one task each and carry the task id as executor id.
                exs.add(new Executor(f, fwId, app, taskId, taskId, uuid(cluster), global % b.nodes,
                        2000 + cluster.nextInt(60000)));
            }
        }
        this.frameworkIds = List.copyOf(fws);
        this.executors = List.copyOf(exs);
        List<List<Executor>> byNode = new ArrayList<>();
        for (int i = 0; i < b.nodes; i++) {
            List<Executor> mine = new ArrayList<>();
            for (Executor e : exs) {
                if (e.node() == i) {
                    mine.add(e);
                }
            }
            byNode.add(mine.isEmpty() ? exs : mine); // more nodes than executors: such nodes run any task
        }
        this.executorsByNode = List.copyOf(byNode);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configuration; all settings have defaults (1000 entries, 1 node, 80 frameworks x 5, seed 42). */
    public static final class Builder {
        private long entries = 1000;
        private int nodes = 1;
        private int frameworks = 80;
        private int executorsPerFramework = 5;
        private long seed = 42;
        private int specialEvery;
        private long startRealtimeUsec = DEFAULT_START_REALTIME_USEC;
        private long meanIntervalUsec = 1000;

        /** Total number of entries over all nodes. */
        public Builder entries(long n) {
            this.entries = n;
            return this;
        }

        public Builder nodes(int n) {
            this.nodes = n;
            return this;
        }

        public Builder frameworks(int n) {
            this.frameworks = n;
            return this;
        }

        public Builder executorsPerFramework(int n) {
            this.executorsPerFramework = n;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Every Nth entry of each node is special; 0 (default) = none. */
        public Builder specialEvery(int n) {
            this.specialEvery = n;
            return this;
        }

        public Builder startRealtimeUsec(long usec) {
            this.startRealtimeUsec = usec;
            return this;
        }

        /** Mean time between entries of the merged (all nodes) stream, µs. */
        public Builder meanIntervalUsec(long usec) {
            this.meanIntervalUsec = usec;
            return this;
        }

        public JournalGenerator build() {
            return new JournalGenerator(this);
        }
    }

    // ---- ids ----

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public List<String> machineIds() {
        return nodes.stream().map(Node::machineId).toList();
    }

    public List<String> hostnames() {
        return nodes.stream().map(Node::hostname).toList();
    }

    public List<String> agentIds() {
        return nodes.stream().map(Node::agentId).toList();
    }

    public List<String> bootIds() {
        return nodes.stream().map(Node::bootId).toList();
    }

    /** Framework ids, {@code <master-uuid>-0000} onwards; index = framework number. */
    public List<String> frameworkIds() {
        return frameworkIds;
    }

    public List<Executor> executors() {
        return executors;
    }

    public List<String> executorIds() {
        return executors.stream().map(Executor::executorId).toList();
    }

    /**
     * A framework id whose {@code FRAMEWORK_ID=} match selects about {@code 0.8 / frameworks} of all
     * entries, i.e. about 1% with the default 80 frameworks (framework 42, like the project's reference
     * measurements; the last one if there are fewer). Every framework has the same expected share.
     */
    public String onePercentFrameworkId() {
        return frameworkIds.get(Math.min(42, frameworks - 1));
    }

    /** Total entries over all nodes. */
    public long totalEntries() {
        return totalEntries;
    }

    /** Number of entries of one node: the total split evenly, the first nodes taking the remainder. */
    public long entryCount(int node) {
        checkNode(node);
        return totalEntries / nodes.size() + (node < totalEntries % nodes.size() ? 1 : 0);
    }

    // ---- entries ----

    /** All entries of one node in a list; for small sets. Use {@link #forEachEntry} for large ones. */
    public List<GeneratedEntry> entries(int node) {
        List<GeneratedEntry> r = new ArrayList<>((int) Math.min(entryCount(node), 1 << 20));
        forEachEntry(node, r::add);
        return r;
    }

    /** Streams the entries of one node, in time order, without holding them. */
    public void forEachEntry(int node, Consumer<GeneratedEntry> consumer) {
        new NodeStream(node).run(consumer);
    }

    /** Writes one node's entries to {@code out} in export format; flushes but does not close it. */
    public void writeExport(int node, OutputStream out) throws IOException {
        ExportFormat.Writer w = new ExportFormat.Writer(out);
        try {
            forEachEntry(node, e -> {
                try {
                    w.writeEntry(e.realtimeUsec(), e.monotonicUsec(), e.bootId(), e.fields());
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        } catch (UncheckedIOException x) {
            throw x.getCause();
        }
        w.flush();
    }

    private void checkNode(int node) {
        if (node < 0 || node >= nodes.size()) {
            throw new IllegalArgumentException("no node " + node + " (nodes: " + nodes.size() + ")");
        }
    }

    /** Generates one node's stream; holds the per-node constant fields so entries share them. */
    private final class NodeStream {
        private final Node node;
        private final SplittableRandom r;
        private final List<Executor> mine;
        private final ExecutorFields[] mineFields;
        private final JournalField hostname;
        private final JournalField machineId;
        private final JournalField agentId;
        private final StringBuilder sb = new StringBuilder(256);

        NodeStream(int index) {
            checkNode(index);
            node = nodes.get(index);
            r = new SplittableRandom(mix(seed, index, 0x456e74727973L));
            mine = executorsByNode.get(index);
            mineFields = mine.stream().map(ExecutorFields::new).toArray(ExecutorFields[]::new);
            hostname = JournalField.of("_HOSTNAME", node.hostname());
            machineId = JournalField.of("_MACHINE_ID", node.machineId());
            agentId = JournalField.of("AGENT_ID", node.agentId());
        }

        void run(Consumer<GeneratedEntry> consumer) {
            long count = entryCount(node.index());
            long interval = meanIntervalUsec * nodes.size();
            long realtime = startRealtimeUsec;
            for (long i = 0; i < count; i++) {
                realtime += interval == 1 ? 1 : 1 + r.nextLong(2 * interval - 1); // mean = interval, never 0
                Special special = specialEvery > 0 && (i + 1) % specialEvery == 0
                        ? Special.values()[(int) (((i + 1) / specialEvery - 1) % Special.values().length)]
                        : null;
                List<JournalField> fields = new ArrayList<>(24);
                if (r.nextInt(5) == 0) {
                    systemEntry(fields, i, realtime, special);
                } else {
                    taskEntry(fields, i, realtime, special);
                }
                consumer.accept(new GeneratedEntry(node.index(), i, realtime, realtime - node.bootRealtimeUsec(),
                        node.bootId(), special, fields));
            }
        }

        private void taskEntry(List<JournalField> f, long i, long realtime, Special special) {
            int k = r.nextInt(mine.size());
            Executor e = mine.get(k);
            ExecutorFields ef = mineFields[k];
            boolean stderr = r.nextInt(4) == 0;
            f.add(ef.frameworkId);
            f.add(ef.executorId);
            f.add(ef.containerId);
            f.add(agentId);
            f.add(ef.taskId);
            f.add(stderr ? STREAM_STDERR : STREAM_STDOUT);
            f.add(ef.syslogIdentifier);
            f.add(stderr ? PRIORITY_ERR : PRIORITY_INFO);
            sb.setLength(0);
            TASK_TEMPLATES[e.framework() % TASK_TEMPLATES.length].append(sb, r, e.appName());
            addMessage(f, i, special);
            f.add(TRANSPORT_JOURNAL);
            f.add(ef.pid);
            f.add(UID_ROOT);
            f.add(GID_ROOT);
            f.add(TASK_COMM);
            f.add(TASK_EXE);
            f.add(TASK_CGROUP);
            f.add(TASK_UNIT);
            f.add(SLICE_SYSTEM);
            f.add(hostname);
            f.add(machineId);
            f.add(sourceTimestamp(realtime));
        }

        private void systemEntry(List<JournalField> f, long i, long realtime, Special special) {
            Service s = SERVICES[r.nextInt(SERVICES.length)];
            f.add(r.nextInt(10) == 0 ? PRIORITY_WARNING : PRIORITY_INFO);
            f.add(FACILITY_DAEMON);
            f.add(s.syslogIdentifier);
            sb.setLength(0);
            sb.append(s.messages[r.nextInt(s.messages.length)]);
            addMessage(f, i, special);
            f.add(TRANSPORT_JOURNAL);
            f.add(s.pid);
            f.add(s.uid);
            f.add(s.gid);
            f.add(s.comm);
            f.add(s.exe);
            f.add(s.cmdline);
            f.add(CAP_EFFECTIVE);
            f.add(s.cgroup);
            f.add(s.unit);
            f.add(SLICE_SYSTEM);
            f.add(s.invocationId);
            f.add(hostname);
            f.add(machineId);
            f.add(sourceTimestamp(realtime));
        }

        /** sb holds the template text; makes MESSAGE unique (node + index) and 100-200 bytes long. */
        private void addMessage(List<JournalField> f, long i, Special special) {
            sb.append(" seq=").append(node.index()).append('-').append(i);
            int unique = sb.length(); // templates stay below 180 bytes, so unique <= 200
            int target = 100 + r.nextInt(101);
            while (sb.length() < target) {
                sb.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
            }
            sb.setLength(Math.max(target, unique)); // cut padding only, never the unique part
            String base = sb.toString();
            if (special == null) {
                f.add(JournalField.of("MESSAGE", base));
                return;
            }
            f.add(JournalField.of(SPECIAL_FIELD, special.label()));
            switch (special) {
                case MULTILINE -> f.add(JournalField.of("MESSAGE", "java.lang.IllegalStateException: " + base
                        + "\n\tat io.example.orders.OrderService.process(OrderService.java:42)"
                        + "\n\tat io.example.orders.OrderResource.post(OrderResource.java:17)"
                        + "\n\tat java.base/java.lang.Thread.run(Thread.java:833)"));
                case INVALID_UTF8 -> {
                    byte[] b = base.getBytes(StandardCharsets.US_ASCII);
                    byte[] bad = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01, (byte) 0xc3, 0x28, ' ', 'e', 'n', 'd'};
                    byte[] v = Arrays.copyOf(b, b.length + bad.length);
                    System.arraycopy(bad, 0, v, b.length, bad.length);
                    f.add(new JournalField("MESSAGE", v));
                }
                case ANSI -> f.add(JournalField.of("MESSAGE", "\u001b[1;31mERROR\u001b[0m \u001b[33m" + base + "\u001b[0m"));
                case LARGE -> {
                    StringBuilder big = new StringBuilder(LARGE_VALUE_SIZE + 16).append(base);
                    while (big.length() < LARGE_VALUE_SIZE) {
                        big.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
                    }
                    big.setLength(LARGE_VALUE_SIZE);
                    f.add(JournalField.of("MESSAGE", big.toString()));
                }
                case REPEATED_FIELD -> {
                    f.add(JournalField.of("MESSAGE", base));
                    f.add(TAG_ALPHA);
                    f.add(TAG_BETA);
                }
                case UNICODE -> f.add(JournalField.of("MESSAGE", "Grüße aus Köln — 日本語のログ ✓ 🚀 " + base));
            }
        }

        private JournalField sourceTimestamp(long realtime) {
            return JournalField.of("_SOURCE_REALTIME_TIMESTAMP", Long.toString(realtime - 1 - r.nextInt(50)));
        }
    }

    // ---- per-executor fields, built once ----

    private static final class ExecutorFields {
        final JournalField frameworkId;
        final JournalField executorId;
        final JournalField containerId;
        final JournalField taskId;
        final JournalField syslogIdentifier;
        final JournalField pid;

        ExecutorFields(Executor e) {
            frameworkId = JournalField.of("FRAMEWORK_ID", e.frameworkId());
            executorId = JournalField.of("EXECUTOR_ID", e.executorId());
            containerId = JournalField.of("CONTAINER_ID", e.containerId());
            taskId = JournalField.of("TASK_ID", e.taskId());
            syslogIdentifier = JournalField.of("SYSLOG_IDENTIFIER", e.appName());
            pid = JournalField.of("_PID", Integer.toString(e.pid()));
        }
    }

    // ---- constant content ----

    private static final JournalField STREAM_STDOUT = JournalField.of("STREAM", "STDOUT");
    private static final JournalField STREAM_STDERR = JournalField.of("STREAM", "STDERR");
    private static final JournalField PRIORITY_ERR = JournalField.of("PRIORITY", "3");
    private static final JournalField PRIORITY_WARNING = JournalField.of("PRIORITY", "4");
    private static final JournalField PRIORITY_INFO = JournalField.of("PRIORITY", "6");
    private static final JournalField FACILITY_DAEMON = JournalField.of("SYSLOG_FACILITY", "3");
    private static final JournalField TRANSPORT_JOURNAL = JournalField.of("_TRANSPORT", "journal");
    private static final JournalField UID_ROOT = JournalField.of("_UID", "0");
    private static final JournalField GID_ROOT = JournalField.of("_GID", "0");
    private static final JournalField CAP_EFFECTIVE = JournalField.of("_CAP_EFFECTIVE", "1ffffffffff");
    private static final JournalField SLICE_SYSTEM = JournalField.of("_SYSTEMD_SLICE", "system.slice");
    private static final JournalField TASK_COMM = JournalField.of("_COMM", "mesos-journald-");
    private static final JournalField TASK_EXE =
            JournalField.of("_EXE", "/opt/mesosphere/active/mesos/libexec/mesos/mesos-journald-logger");
    private static final JournalField TASK_CGROUP =
            JournalField.of("_SYSTEMD_CGROUP", "/system.slice/dcos-mesos-slave.service");
    private static final JournalField TASK_UNIT = JournalField.of("_SYSTEMD_UNIT", "dcos-mesos-slave.service");
    private static final JournalField TAG_ALPHA = JournalField.of("TAG", "alpha");
    private static final JournalField TAG_BETA = JournalField.of("TAG", "beta");

    private static final String[] APPS = {"marathon", "orders-api", "kafka", "spark-driver", "cassandra",
        "elasticsearch", "jenkins", "hdfs-namenode", "redis", "nginx-edge"};

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "0", "1", "42", "ok"};

    /** A message template for task output; appends to sb using r for the variable parts. */
    private interface Template {
        void append(StringBuilder sb, SplittableRandom r, String app);
    }

    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] PATHS = {"/api/v1/orders/", "/api/v1/users/", "/health", "/api/v2/items/"};
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};

    private static final Template[] TASK_TEMPLATES = {
        (sb, r, app) -> sb.append("10.0.").append(r.nextInt(256)).append('.').append(r.nextInt(256))
                .append(" - - \"").append(METHODS[r.nextInt(METHODS.length)]).append(' ')
                .append(PATHS[r.nextInt(PATHS.length)]).append(r.nextInt(100000)).append(" HTTP/1.1\" ")
                .append(r.nextInt(10) == 0 ? 500 : 200).append(' ').append(r.nextInt(50000))
                .append(" \"-\" \"curl/7.88.1\" rt=").append(r.nextInt(900)).append("ms"),
        (sb, r, app) -> sb.append(LEVELS[r.nextInt(LEVELS.length)]).append(" [pool-").append(r.nextInt(8))
                .append("-thread-").append(r.nextInt(32)).append("] io.example.").append(app.replace('-', '.'))
                .append(".Worker - processed batch ").append(r.nextInt(1_000_000)).append(" in ")
                .append(r.nextInt(5000)).append(" ms"),
        (sb, r, app) -> sb.append("[").append(app).append("] INFO [Log partition=events-").append(r.nextInt(64))
                .append(", dir=/var/lib/kafka] Rolled new log segment at offset ").append(r.nextInt(Integer.MAX_VALUE))
                .append(" in ").append(r.nextInt(20)).append(" ms. (kafka.log.Log)"),
        (sb, r, app) -> sb.append("INFO TaskSetManager: Finished task ").append(r.nextInt(200)).append(".0 in stage ")
                .append(r.nextInt(50)).append(".0 (TID ").append(r.nextInt(100000)).append(") in ")
                .append(r.nextInt(9000)).append(" ms on 10.0.").append(r.nextInt(256)).append('.')
                .append(r.nextInt(256)).append(" (executor ").append(r.nextInt(16)).append(")"),
    };

    /** A system service: constant trusted fields and its typical messages. */
    private static final class Service {
        final JournalField syslogIdentifier;
        final JournalField unit;
        final JournalField cgroup;
        final JournalField comm;
        final JournalField exe;
        final JournalField cmdline;
        final JournalField pid;
        final JournalField uid;
        final JournalField gid;
        final JournalField invocationId;
        final String[] messages;

        Service(String unit, String comm, String exe, String args, int pid, int uid, String invocationId,
                String... messages) {
            this.syslogIdentifier = JournalField.of("SYSLOG_IDENTIFIER", comm);
            this.unit = JournalField.of("_SYSTEMD_UNIT", unit);
            this.cgroup = JournalField.of("_SYSTEMD_CGROUP", "/system.slice/" + unit);
            this.comm = JournalField.of("_COMM", comm);
            this.exe = JournalField.of("_EXE", exe);
            this.cmdline = JournalField.of("_CMDLINE", exe + args);
            this.pid = JournalField.of("_PID", Integer.toString(pid));
            this.uid = JournalField.of("_UID", Integer.toString(uid));
            this.gid = JournalField.of("_GID", Integer.toString(uid));
            this.invocationId = JournalField.of("_SYSTEMD_INVOCATION_ID", invocationId);
            this.messages = messages;
        }
    }

    private static final Service[] SERVICES = {
        new Service("dcos-mesos-slave.service", "mesos-agent", "/opt/mesosphere/active/mesos/bin/mesos-agent",
                " --work_dir=/var/lib/mesos/slave", 1287, 0, "5f0c3c9d8a3b4c1e9a7d2b6e4f1a0c93",
                "I1125 slave.cpp:2212] Got assigned task for framework", "I1125 slave.cpp:3501] Launching container",
                "I1125 status_update_manager.cpp:323] Received status update TASK_RUNNING"),
        new Service("docker.service", "dockerd", "/usr/bin/dockerd", " -H fd://", 912, 0,
                "0b8f3e4a2c6d4e8f9a1b3c5d7e9f1a2b",
                "level=info msg=\"Container started\"", "level=info msg=\"ignoring event\" module=libcontainerd"),
        new Service("containerd.service", "containerd", "/usr/bin/containerd", "", 701, 0,
                "1c9e4f5a3d7e4f0a8b2c4d6e8f0a1b3c", "level=info msg=\"shim disconnected\"",
                "level=info msg=\"loading plugin\" type=io.containerd.runtime.v2"),
        new Service("ssh.service", "sshd", "/usr/sbin/sshd", " -D", 640, 0, "2d0f5a6b4e8f4a1b9c3d5e7f9a1b2c4d",
                "Accepted publickey for core from 10.0.0.5 port 52144 ssh2", "pam_unix(sshd:session): session closed"),
        new Service("systemd-networkd.service", "systemd-networkd", "/lib/systemd/systemd-networkd", "", 402, 100,
                "3e1a6b7c5f9a4b2c8d4e6f8a0b2c3d5e", "eth0: DHCPv4 address renewed", "veth1a2b: Link UP"),
        new Service("cron.service", "cron", "/usr/sbin/cron", " -f", 655, 0, "4f2b7c8d6a0b4c3d9e5f7a9b1c3d4e6f",
                "(root) CMD (/opt/mesosphere/bin/logrotate.sh)", "pam_unix(cron:session): session opened for user root"),
        new Service("chrony.service", "chronyd", "/usr/sbin/chronyd", " -F 1", 588, 104,
                "5a3c8d9e7b1c4d4e8f6a8b0c2d4e5f7a", "Selected source 169.254.169.123", "System clock wrong by 0.000123 seconds"),
        new Service("dcos-metrics-agent.service", "dcos-metrics", "/opt/mesosphere/bin/dcos-metrics", " -role agent",
                1402, 0, "6b4d9e0f8c2d4e5f9a7b9c1d3e5f6a8b", "level=info msg=\"Sent metrics to collector\"",
                "level=warning msg=\"container not found\""),
    };

    // ---- id helpers ----

    private static long mix(long seed, long a, long b) {
        return new SplittableRandom(seed ^ (a * 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL)).nextLong();
    }

    private static String hex128(SplittableRandom r) {
        return String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

    private static String uuid(SplittableRandom r) {
        String h = hex128(r);
        // Version 4, variant 10, like Mesos' UUIDs.
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-"
                + "89ab".charAt(Character.digit(h.charAt(16), 16) & 3) + h.substring(17, 20) + "-" + h.substring(20);
    }

    // ---- command line ----

    /**
     * For scripts: {@code --entries N --nodes K --frameworks F --seed S --special-every N} then either
     * {@code --list-ids} (print ids) or {@code --export NODE} (write that node's export stream to stdout).
     */
    public static void main(String[] args) throws IOException {
        Builder b = builder();
        String action = "--list-ids";
        int exportNode = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> b.entries(Long.parseLong(args[++i]));
                case "--nodes" -> b.nodes(Integer.parseInt(args[++i]));
                case "--frameworks" -> b.frameworks(Integer.parseInt(args[++i]));
                case "--executors" -> b.executorsPerFramework(Integer.parseInt(args[++i]));
                case "--seed" -> b.seed(Long.parseLong(args[++i]));
                case "--special-every" -> b.specialEvery(Integer.parseInt(args[++i]));
                case "--list-ids" -> action = args[i];
                case "--export" -> {
                    action = args[i];
                    exportNode = Integer.parseInt(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        JournalGenerator g = b.build();
        if (action.equals("--export")) {
            g.writeExport(exportNode, System.out);
            return;
        }
        PrintStream o = System.out;
        for (Node n : g.nodes()) {
            o.printf("node %d machine_id=%s boot_id=%s hostname=%s agent_id=%s entries=%d%n", n.index(),
                    n.machineId(), n.bootId(), n.hostname(), n.agentId(), g.entryCount(n.index()));
        }
        for (int f = 0; f < g.frameworkIds().size(); f++) {
            o.printf("framework %d %s%n", f, g.frameworkIds().get(f));
        }
        for (Executor e : g.executors()) {
            o.printf("executor %s framework=%d node=%d container_id=%s%n", e.executorId(), e.framework(), e.node(),
                    e.containerId());
        }
        o.println("one_percent_framework_id " + g.onePercentFrameworkId());
    }
}
