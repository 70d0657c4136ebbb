package io.tributary.query.it;

import io.tributary.testkit.JournalField;
import io.tributary.testkit.PrivateJournald;
import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One live journal per node: private journald namespaces (volatile storage), each with a random node id, written
 * while the readers read them. Test entries carry TEST_RUN (which test wrote them) and SEQ (a per-node sequence).
 */
final class LiveJournals implements AutoCloseable {

    final PrivateJournald[] journals;
    final List<String> ids = new ArrayList<>();

    LiveJournals(int nodes) throws IOException {
        journals = new PrivateJournald[nodes];
        try {
            for (int i = 0; i < nodes; i++) {
                journals[i] = PrivateJournald.builder().storage(PrivateJournald.Storage.VOLATILE).start();
                ids.add(UUID.randomUUID().toString().replace("-", ""));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Node id → its reader's setup (reads that node's namespace), for {@link Stack}. */
    Map<String, Consumer<ServiceProcess.Builder>> readers() {
        Map<String, Consumer<ServiceProcess.Builder>> readers = Stack.readers();
        for (int i = 0; i < journals.length; i++) {
            String ns = journals[i].namespace();
            readers.put(ids.get(i), b -> b.systemProperty("tributary.journal.namespace", ns));
        }
        return readers;
    }

    void write(int node, String run, int seq, String identifier) throws IOException {
        journals[node].send(JournalField.of("MESSAGE", "node " + node + " entry " + seq), JournalField.of("TEST_RUN", run),
                JournalField.of("SEQ", Integer.toString(seq)), JournalField.of("SYSLOG_IDENTIFIER", identifier));
    }

    /** Closes what is not null, in order (a test's stack, then its journals). */
    static void closeAll(AutoCloseable... all) throws Exception {
        for (AutoCloseable c : all) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Override
    public void close() {
        for (PrivateJournald j : journals) {
            if (j != null) {
                j.close();
            }
        }
    }
}
