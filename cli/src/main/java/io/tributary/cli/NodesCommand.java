package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary nodes}: the nodes (journal readers) topology knows, from {@code GET /api/v1/nodes}. */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "List the nodes (journal readers).")
public class NodesCommand implements Callable<Integer> {

    @Mixin
    Server server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json (the API's answer)")
    String output = "table";

    @Override
    public Integer call() {
        Table.checkFormat(output);
        String body = server.api().string("/api/v1/nodes");
        if (output.equals("json")) {
            System.out.println(body.strip());
            return ExitCode.OK;
        }
        JsonNode nodes = Table.parse(body).path("nodes");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE ID", "HOSTNAME", "AGENT ID", "HEALTHY", "ENDPOINT"});
        for (JsonNode n : nodes) {
            rows.add(new String[] {n.path("node_id").asText(), n.path("hostname").asText(), n.path("agent_id").asText(),
                n.path("healthy").asBoolean() ? "yes" : "no", n.path("endpoint").asText()});
        }
        Table.print(rows);
        return ExitCode.OK;
    }
}
