package io.tributary.deploy.config;

import io.tributary.deploy.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's table in the README's "Configuration of every service": the property names of its rows' first cells.
 * A cell lists one name and then siblings by their last segment ({@code `a.b.c` / `d`} = a.b.c and a.b.d); a map
 * key is written {@code <name>} or {@code "<role>"} (here {@code *}, as in {@link ConfigProperties}); a name ending
 * in {@code .*} stands for every property under it.
 */
final class ReadmeConfigTable {

    private static final String SECTION = "### Configuration of every service";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private ReadmeConfigTable() {
    }

    static List<String> of(String service) {
        String readme;
        try {
            readme = Files.readString(Repo.path("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int section = readme.indexOf(SECTION);
        if (section < 0) {
            throw new IllegalStateException("README.md has no '" + SECTION + "'");
        }
        int heading = readme.indexOf("(`services/" + service + "`)", section);
        if (heading < 0) {
            throw new IllegalStateException("README.md has no configuration table for services/" + service);
        }
        List<String> names = new ArrayList<>();
        boolean inTable = false;
        for (String line : readme.substring(heading).lines().skip(1).toList()) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String first = line.substring(1, line.indexOf('|', 1)).strip();
            if (first.startsWith("`")) {
                names.addAll(names(first));
            }
        }
        return names;
    }

    /** The names of one first cell. */
    static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        String parent = null;
        while (m.find()) {
            String name = m.group(1).replaceAll("\"?<[^>]+>\"?", "*");
            if (parent == null) {
                parent = name.substring(0, name.lastIndexOf('.') + 1);
                names.add(name);
            } else {
                names.add(parent + name);
            }
        }
        return names;
    }

    /** Whether a documented name (maybe {@code prefix.*}) stands for this property. */
    static boolean covers(String documented, String property) {
        return documented.equals(property)
                || (documented.endsWith(".*") && property.startsWith(documented.substring(0, documented.length() - 1)));
    }
}
