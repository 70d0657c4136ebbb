package io.tributary.deploy.local;

import java.util.ArrayList;
import java.util.List;

/** The three ready-to-paste commands deploy/local/start prints after "Try (ready to paste):". */
record PrintedCommands(String range, String follow, String taskLog) {

    static PrintedCommands parse(List<String> output) {
        int start = output.indexOf("Try (ready to paste):");
        if (start < 0) {
            throw new AssertionError("no 'Try (ready to paste):' in the output:\n" + String.join("\n", output));
        }
        List<String> commands = new ArrayList<>();
        for (String line : output.subList(start + 1, output.size())) {
            if (line.isBlank()) {
                break;
            }
            if (!line.strip().startsWith("#")) {
                commands.add(line.strip());
            }
        }
        if (commands.size() != 3) {
            throw new AssertionError("expected 3 commands after 'Try (ready to paste):', got " + commands);
        }
        return new PrintedCommands(commands.get(0), commands.get(1), commands.get(2));
    }
}
