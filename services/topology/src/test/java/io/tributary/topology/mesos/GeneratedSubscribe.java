package io.tributary.topology.mesos;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A SUBSCRIBED RecordIO record (length line included) of any size, generated as it is read, never held: tasks in
 * the fixture's v1 shape, each padded with a label of padBytes (a field topology does not keep), followed by a
 * HEARTBEAT record. Every task's JSON has the same length, so the record length is known up front.
 */
final class GeneratedSubscribe extends InputStream {

    static final String AGENT = "628984d0-4213-4140-bcb0-99d7ef46b1df-S0";
    static final String FRAMEWORK = "628984d0-4213-4140-bcb0-99d7ef46b1df-0000";

    private final int tasks;
    private final String pad;
    private final byte[] head;
    private final byte[] tail;
    final long recordLength;
    private byte[] chunk;
    private int chunkPos;
    private int nextTask = -1; // -1: the head is being read

    GeneratedSubscribe(int tasks, int padBytes) {
        this.tasks = tasks;
        this.pad = "x".repeat(padBytes);
        String getState = "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":{\"get_agents\":{\"agents\":[{\"agent_info\":"
                + "{\"hostname\":\"10.0.0.157\",\"id\":{\"value\":\"" + AGENT + "\"}}}]},\"get_frameworks\":{\"frameworks\":"
                + "[{\"framework_info\":{\"id\":{\"value\":\"" + FRAMEWORK + "\"},\"name\":\"marathon\"}}]},"
                + "\"get_executors\":{\"executors\":[]},\"get_tasks\":{\"tasks\":[";
        String end = "]}},\"heartbeat_interval_seconds\":15.0}}";
        long length = getState.length() + end.length() + (long) tasks * task(0).length + Math.max(0, tasks - 1);
        this.recordLength = length;
        this.head = (length + "\n" + getState).getBytes(StandardCharsets.US_ASCII);
        String heartbeat = "{\"type\":\"HEARTBEAT\"}";
        this.tail = (end + heartbeat.length() + "\n" + heartbeat).getBytes(StandardCharsets.US_ASCII);
        this.chunk = head;
    }

    static String taskId(int i) {
        return String.format("app-%08d.instance-0f0e0d0c-b830-11e7-a9ac-52ad791ffaa8._app.1", i);
    }

    private byte[] task(int i) {
        String id = taskId(i);
        return ("{\"name\":\"" + String.format("app-%08d", i) + "\",\"task_id\":{\"value\":\"" + id + "\"},"
                + "\"framework_id\":{\"value\":\"" + FRAMEWORK + "\"},\"agent_id\":{\"value\":\"" + AGENT + "\"},"
                + "\"state\":\"TASK_RUNNING\",\"labels\":{\"labels\":[{\"key\":\"pad\",\"value\":\"" + pad + "\"}]},"
                + "\"statuses\":[{\"task_id\":{\"value\":\"" + id + "\"},\"state\":\"TASK_RUNNING\",\"container_status\":"
                + "{\"container_id\":{\"value\":\"" + String.format("c-%08d", i) + "\"}}}]}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        while (chunk != null && chunkPos == chunk.length) {
            advance();
        }
        if (chunk == null) {
            return -1;
        }
        int n = Math.min(len, chunk.length - chunkPos);
        System.arraycopy(chunk, chunkPos, b, off, n);
        chunkPos += n;
        return n;
    }

    private void advance() {
        chunkPos = 0;
        nextTask++;
        if (nextTask < tasks) {
            byte[] t = task(nextTask);
            if (nextTask == 0) {
                chunk = t;
            } else {
                chunk = new byte[t.length + 1];
                chunk[0] = ',';
                System.arraycopy(t, 0, chunk, 1, t.length);
            }
        } else if (nextTask == tasks) {
            chunk = tail;
        } else {
            chunk = null;
        }
    }

    /**
     * Parses a generated stream the way the mesos source does and prints what it got; run in a JVM with a small
     * heap by {@code SnapshotSizeTest}. Arguments: tasks, pad bytes.
     */
    public static void main(String[] args) throws Exception {
        GeneratedSubscribe in = new GeneratedSubscribe(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        TaskIndex index = new TaskIndex();
        RecordIo records = new RecordIo(in);
        String first = MesosJson.readEvent(FakeMaster.JSON, records.nextRecord(), index).type();
        String second = MesosJson.readEvent(FakeMaster.JSON, records.nextRecord(), index).type();
        System.out.println("record=" + in.recordLength + " first=" + first + " second=" + second
                + " tasks=" + index.tasks().size() + " end=" + (records.nextRecord() == null));
    }
}
