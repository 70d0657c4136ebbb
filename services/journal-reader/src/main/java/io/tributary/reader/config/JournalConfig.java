package io.tributary.reader.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tributary.reader.sdjournal.JournalSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Which journal this reader serves. None set: the local journal. At most one may be set. */
@ConfigMapping(prefix = "tributary.journal")
public interface JournalConfig {

    /** A directory of journal files (sd_journal_open_directory), e.g. /var/log/journal. */
    Optional<Path> directory();

    /** Explicit journal files (sd_journal_open_files); they cannot show files rotated in later. */
    Optional<List<Path>> files();

    /** A journald namespace (sd_journal_open_namespace). */
    Optional<String> namespace();

    /**
     * Streamed reads go through the native shim when it loads (sdjournal.NativeShim); false forces the jnr-ffi
     * path. Read once per process by NativeShim itself, at the first journal access, from the same configuration.
     */
    @WithDefault("true")
    boolean nativeShim();

    default JournalSource source() {
        int set = (directory().isPresent() ? 1 : 0) + (files().isPresent() ? 1 : 0) + (namespace().isPresent() ? 1 : 0);
        if (set > 1) {
            throw new IllegalStateException("set only one of tributary.journal.directory, .files and .namespace");
        }
        if (directory().isPresent()) {
            return JournalSource.directory(directory().get());
        }
        if (files().isPresent()) {
            return JournalSource.files(files().get());
        }
        return namespace().map(JournalSource::namespace).orElseGet(JournalSource::local);
    }
}
