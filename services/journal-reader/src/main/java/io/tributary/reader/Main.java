package io.tributary.reader;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tributary.tasklogger.TaskLogger;
import java.util.Arrays;

/**
 * The reader's entry point. {@code task-logger ...} runs the task logger (a short-lived wrapper around a task's
 * command) without starting the Quarkus server; anything else starts the reader service.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("task-logger")) {
            System.exit(TaskLogger.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Quarkus.run(args);
    }
}
