package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary tasks [PREFIX]}: tasks whose id or name starts with PREFIX, from {@code GET /api/v1/tasks}. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "List the tasks you may read whose id or name starts with PREFIX.")
public class TasksCommand implements Callable<Integer> {

    @Mixin
    Server server;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "task id or name prefix")
    String prefix = "";

    @Option(names = "--limit", paramLabel = "N", description = "at most N tasks (default 100, at most 10000)")
    int limit = 100;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json (the API's answer)")
    String output = "table";

    @Override
    public Integer call() {
        Table.checkFormat(output);
        List<String[]> params = new ArrayList<>();
        if (!prefix.isEmpty()) {
            params.add(new String[] {"prefix", prefix});
        }
        params.add(new String[] {"limit", Integer.toString(limit)});
        String body = server.api().string("/api/v1/tasks" + Api.query(params));
        if (output.equals("json")) {
            System.out.println(body.strip());
            return ExitCode.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TASK ID", "NAME", "FRAMEWORK ID", "AGENT ID", "NODES"});
        for (JsonNode t : Table.parse(body).path("tasks")) {
            List<String> nodes = new ArrayList<>();
            t.path("node_ids").forEach(n -> nodes.add(n.asText()));
            rows.add(new String[] {t.path("task_id").asText(), t.path("name").asText(), t.path("framework_id").asText(),
                t.path("agent_id").asText(), String.join(",", nodes)});
        }
        Table.print(rows);
        return ExitCode.OK;
    }
}
