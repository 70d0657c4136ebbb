package io.tributary.deploy.config;

import io.tributary.deploy.Repo;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Tributary properties a service really has, read from its {@code @ConfigMapping} interfaces (source, not
 * classes: this module does not need the services built). A deployment's environment variables and properties
 * files are checked against them, so a misspelt or invented setting fails a test instead of being ignored.
 *
 * <p>Names follow SmallRye Config: method {@code fooBar()} is {@code foo-bar} (or its {@code @WithName}), a nested
 * interface is a group, a {@code Map<String, ...>} adds a key segment. Environment names are the property names
 * upper-cased with every other character replaced by {@code _} (TRIBUTARY_TOPOLOGY_DNS_NAME).
 */
public final class ConfigProperties {

    /** Quarkus' own properties a deployment here may set: only what it uses, each a documented Quarkus setting. */
    private static final List<String> QUARKUS = List.of("quarkus.http.port");

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]+)\"\\)");
    private static final Pattern METHOD = Pattern.compile(
            "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*([\\w.<>, ?\\[\\]]+?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern MAP = Pattern.compile("Map<\\s*String\\s*,\\s*(.+)>");

    private final String service;
    private final TreeSet<String> names = new TreeSet<>();

    private ConfigProperties(String service) {
        this.service = service;
    }

    /**
     * The properties of services/&lt;service&gt;, including the service-auth library's when the service indexes it
     * (quarkus.index-dependency.service-auth in its application.properties: the library's mapping is then active).
     */
    public static ConfigProperties of(String service) {
        Path dir = Repo.path("services/" + service);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no service " + service);
        }
        ConfigProperties props = new ConfigProperties(service);
        props.scan(dir.resolve("src/main/java"));
        if (applicationProperties(service).containsKey("quarkus.index-dependency.service-auth.artifact-id")) {
            props.scan(Repo.path("service-auth/src/main/java"));
        }
        props.names.addAll(QUARKUS);
        return props;
    }

    public static Properties applicationProperties(String service) {
        return properties(read(Repo.path("services/" + service + "/src/main/resources/application.properties")));
    }

    public static Properties properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Property names, {@code *} standing for a map key. */
    public TreeSet<String> names() {
        return names;
    }

    /** Whether this environment variable sets one of the service's properties. */
    public boolean acceptsEnv(String env) {
        return names.stream().anyMatch(n -> envPattern(n).matcher(env).matches());
    }

    /** Whether this key (a properties file's) is one of the service's properties. */
    public boolean acceptsProperty(String key) {
        return names.stream().anyMatch(n -> propertyPattern(n).matcher(key).matches());
    }

    public String service() {
        return service;
    }

    private static Pattern envPattern(String name) {
        StringBuilder re = new StringBuilder();
        for (String segment : name.split("\\.")) {
            if (!re.isEmpty()) {
                re.append('_');
            }
            re.append(segment.equals("*") ? "[A-Z0-9_]+" : Pattern.quote(segment.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        }
        return Pattern.compile(re.toString());
    }

    private static Pattern propertyPattern(String name) {
        StringBuilder re = new StringBuilder();
        for (String segment : name.split("\\.")) {
            if (!re.isEmpty()) {
                re.append("\\.");
            }
            re.append(segment.equals("*") ? "(?:[^.\"]+|\"[^\"]+\")" : Pattern.quote(segment));
        }
        return Pattern.compile(re.toString());
    }

    private void scan(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = read(f);
                Matcher m = MAPPING.matcher(text);
                if (m.find()) {
                    parse(m.group(1), stripCommentsAndStrings(text), f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One mapping file: the top interface, its nested groups, and their methods. */
    private void parse(String prefix, String code, Path file) {
        List<Iface> ifaces = interfaces(code);
        if (ifaces.isEmpty()) {
            throw new IllegalStateException(file + ": @ConfigMapping without an interface");
        }
        walk(ifaces.get(0), prefix, ifaces, file, 0);
    }

    private void walk(Iface iface, String prefix, List<Iface> all, Path file, int depth) {
        if (depth > 8) {
            throw new IllegalStateException(file + ": groups nested too deep at " + prefix);
        }
        for (String[] method : iface.methods) {
            String name = prefix + "." + (method[0] != null ? method[0] : kebab(method[2]));
            String type = method[1].trim();
            Matcher map = MAP.matcher(type);
            if (map.matches()) {
                name = name + ".*";
                type = map.group(1).trim();
            }
            String simple = type.replaceAll("^Optional<(.+)>$", "$1");
            Iface group = all.stream().filter(i -> i.name.equals(simple)).findFirst().orElse(null);
            if (group != null) {
                walk(group, name, all, file, depth + 1);
            } else {
                names.add(name);
            }
        }
    }

    private record Iface(String name, List<String[]> methods) {
    }

    /** Interfaces by brace depth: methods belong to the interface whose body directly holds them. */
    private static List<Iface> interfaces(String code) {
        List<Iface> result = new ArrayList<>();
        List<Iface> stack = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        int depth = 0;
        String pendingInterface = null;
        String pendingName = null;
        for (String line : code.split("\n")) {
            Matcher wn = WITH_NAME.matcher(line);
            if (wn.find()) {
                pendingName = wn.group(1);
            }
            Matcher im = INTERFACE.matcher(line);
            if (im.find()) {
                pendingInterface = im.group(1);
            }
            Matcher mm = METHOD.matcher(line);
            if (mm.find() && !stack.isEmpty() && depth == depths.get(depths.size() - 1) + 1
                    && !line.contains("default ") && !line.contains("static ")) {
                stack.get(stack.size() - 1).methods.add(new String[] {pendingName, mm.group(1), mm.group(2)});
                pendingName = null;
            }
            for (char c : line.toCharArray()) {
                if (c == '{') {
                    if (pendingInterface != null) {
                        Iface iface = new Iface(pendingInterface, new ArrayList<>());
                        result.add(iface);
                        stack.add(iface);
                        depths.add(depth);
                        pendingInterface = null;
                    }
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (!depths.isEmpty() && depth == depths.get(depths.size() - 1)) {
                        depths.remove(depths.size() - 1);
                        stack.remove(stack.size() - 1);
                    }
                }
            }
        }
        return result;
    }

    /** Annotations stay (they name properties); comments and string contents, which may hold braces, go. */
    private static String stripCommentsAndStrings(String code) {
        String noBlock = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL).matcher(code).replaceAll(m -> "\n".repeat(
                (int) m.group().chars().filter(c -> c == '\n').count()));
        StringBuilder out = new StringBuilder();
        for (String line : noBlock.split("\n", -1)) {
            int comment = line.indexOf("//");
            String l = comment >= 0 ? line.substring(0, comment) : line;
            // Strings only matter when they hold braces; @WithName("...") keeps its argument.
            out.append(l.contains("@WithName") || l.contains("@ConfigMapping") ? l : l.replaceAll("\"[^\"]*\"", "\"\""))
                    .append('\n');
        }
        return out.toString();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
