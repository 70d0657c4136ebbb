package io.tributary.reader.sdjournal;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Which journal a handle reads: the local one, a directory, explicit files, or a journald namespace. */
public sealed interface JournalSource {

    record Local() implements JournalSource {
        @Override
        public String toString() {
            return "local";
        }
    }

    record Directory(Path path) implements JournalSource {
        @Override
        public String toString() {
            return "directory:" + path;
        }
    }

    record Files(List<Path> paths) implements JournalSource {
        public Files {
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("no journal files given");
            }
            paths = List.copyOf(paths);
        }

        @Override
        public String toString() {
            return "files:" + paths.stream().map(Path::toString).collect(Collectors.joining(","));
        }
    }

    record Namespace(String name) implements JournalSource {
        @Override
        public String toString() {
            return "namespace:" + name;
        }
    }

    static JournalSource local() {
        return new Local();
    }

    static JournalSource directory(Path path) {
        return new Directory(path);
    }

    static JournalSource files(List<Path> paths) {
        return new Files(paths);
    }

    static JournalSource namespace(String name) {
        return new Namespace(name);
    }
}
