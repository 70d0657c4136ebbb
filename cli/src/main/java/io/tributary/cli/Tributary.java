package io.tributary.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tributary}: the terminal client of log-query's public HTTP API. Failures are one line on stderr,
 * {@code tributary: <what failed>}, and an exit code from {@link ExitCode}.
 */
@Command(name = "tributary", mixinStandardHelpOptions = true, version = "tributary 0.1.0",
        description = "Cluster-wide logs from the systemd journal, through Tributary's log-query.",
        subcommands = {LogsCommand.class, NodesCommand.class, TasksCommand.class, LoginCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:partial output: a node failed (named on stderr)",
            "2:usage: bad options, or the server refused the request (HTTP 400)",
            "3:auth: not logged in, bad/expired token, not allowed (HTTP 401/403)",
            "4:not found: no such node, agent or task, or an ambiguous task (HTTP 404/409)",
            "5:network/server: cannot connect, HTTP 5xx, unreadable answer"})
public class Tributary implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: logs, nodes, tasks or login");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new Tributary());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException c) {
                cmd.getErr().println("tributary: " + c.getMessage());
                cmd.getErr().flush();
                return c.exitCode();
            }
            throw e;
        });
        cl.setParameterExceptionHandler((e, args2) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("tributary: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            err.flush();
            return ExitCode.USAGE;
        });
        return cl.execute(args);
    }
}
