package io.tributary.topology.mesos;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Marathon's app id from a task id. Marathon names a task {@code <app path with '/' as '_'>.<uuid>} (apps) or
 * {@code <pod path>.instance-<uuid>.<container>} (pods, and apps since 1.5); e.g. {@code group_app.<uuid>} →
 * {@code /group/app}. Task ids of other frameworks do not have that shape and give nothing.
 */
public final class MarathonAppIds {

    private static final Pattern TASK_ID = Pattern.compile(
            "^([a-z0-9][a-z0-9._-]*?)\\.(?:instance-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\\..*)?$");

    private MarathonAppIds() {
    }

    public static Optional<String> fromTaskId(String taskId) {
        Matcher m = TASK_ID.matcher(taskId);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of("/" + m.group(1).replace('_', '/'));
    }
}
