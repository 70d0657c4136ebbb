/**
 * The task logger: gets a task's stdout and stderr into journald, one entry per line, with the task's identity
 * attached, so the reader can serve task logs by framework, executor, container, agent or task.
 *
 * <p>Run as {@code java -jar quarkus-run.jar task-logger [options] [--] command [args...]} (the Quarkus server is
 * not started) or through {@code src/main/bin/tributary-task-logger}. Options: see
 * {@link io.tributary.tasklogger.TaskLoggerOptions#USAGE}.
 *
 * <p>Fields of every entry:
 * <ul>
 * <li>{@code MESSAGE}: the line's bytes, without the '\n', never decoded ('\r', NUL, ANSI escapes and invalid
 *     UTF-8 are kept as they are); an empty line is an empty MESSAGE.</li>
 * <li>{@code STREAM=STDOUT|STDERR} (stdin mode: STDOUT).</li>
 * <li>{@code FRAMEWORK_ID EXECUTOR_ID CONTAINER_ID AGENT_ID TASK_ID}: from the options, else the Mesos
 *     executor environment ({@code MESOS_FRAMEWORK_ID}, {@code MESOS_EXECUTOR_ID}, {@code MESOS_CONTAINER_ID}
 *     or the {@code runs/<id>} part of {@code MESOS_DIRECTORY}, {@code MESOS_AGENT_ID} then {@code MESOS_SLAVE_ID},
 *     {@code MESOS_TASK_ID}); an ID that is unknown is left out, not written empty.</li>
 * <li>{@code SYSLOG_IDENTIFIER}: the option, else the task ID, else the command's file name.</li>
 * <li>one field per {@code --label key=value}: the name upper-cased, other characters than [A-Z0-9_] made '_';
 *     names journald would drop (leading digit or '_', more than 64 characters) and the names above are
 *     refused.</li>
 * <li>{@code LINE_BREAK=line-max} on every piece but the last of a line longer than {@code --max-line-bytes}
 *     (default 65536), and {@code LINE_BREAK=eof} on a last line that had no '\n' (journald's own stdout
 *     streams say the same in {@code _LINE_BREAK}, which a client cannot write). Pieces of one line are
 *     consecutive entries of the same stream.</li>
 * </ul>
 *
 * <p>Delivery: each stream has its own thread and its own journald connection, and writes synchronously, so the
 * order within a stream is kept and nothing is buffered without bound: when journald is slower than the task,
 * the pipe fills and the task waits. journald's own rate limit (RateLimitIntervalSec/Burst, per unit) still
 * applies and drops silently on journald's side.
 *
 * <p>Exit status: the command's own (128+N if killed by signal N); 127 if it cannot be started; 125 if the task
 * logger itself fails: bad usage, journald's socket missing (checked before the command starts, which then does
 * not start), or a write that fails. After a failed write the stream's lines, from the one that failed on, go
 * unchanged to the task logger's own stdout or stderr, and the stream is read to its end, so the task neither
 * blocks nor gets SIGPIPE and no line vanishes; the failure is reported on stderr. SIGTERM to the task logger
 * is passed to the command, and its last lines are still logged (for up to 10 s).
 */
package io.tributary.tasklogger;
