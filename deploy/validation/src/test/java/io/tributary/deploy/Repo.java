package io.tributary.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root (the tests read deploy/ and services/ from the source tree, not from a package). */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("tributary.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("../..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy")) || !Files.isDirectory(root.resolve("services"))) {
            throw new IllegalStateException("not the repository root: " + root);
        }
        return root;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
