package io.tributary.reader.sdjournal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * libtributary-sd.so ({@code src/main/c/tributary-sd.c}): reads a whole journal entry in one native call,
 * already in the wire format of an {@code Entry}, instead of ~25 jnr-ffi calls plus a Java copy and encoding.
 * Built by the module's Maven build with gcc for the build machine's platform and shipped inside the jar under
 * {@code native/linux-<os.arch>/}; loaded from a temporary copy. Absent (other platform, built without gcc, a
 * noexec temp directory) or turned off with {@code tributary.journal.native-shim=false} (JournalConfig; e.g.
 * {@code -Dtributary.journal.native-shim=false} or {@code TRIBUTARY_JOURNAL_NATIVE_SHIM=false}), the reader uses the
 * jnr-ffi path; both give the same bytes.
 * Public only because jnr-ffi generates the implementation in its own class loader.
 */
public interface NativeShim {

    int VERSION = 1;

    /** Lets the loader check it has the build it expects. */
    int tributary_shim_version();

    /**
     * Writes the current entry as an encoded Entry without node_id into buf[0 .. cap). Returns its length (more
     * than cap: call again with at least that much room) or -errno. cursorOut: two int64, the cursor's offset
     * in buf and its length. All raw addresses, for jnr-ffi's fast numeric invokers (64-bit platforms only).
     */
    long tributary_entry(long journal, long buf, long cap, long cursorOut);

    /** The loaded shim, or null when the jnr-ffi path is used. */
    static NativeShim get() {
        return Holder.SHIM;
    }

    /** Loads the shim once, and says in the log which read path the process uses. */
    final class Holder {
        static final String PROPERTY = "tributary.journal.native-shim";
        private static final Logger LOG = Logger.getLogger(NativeShim.class);
        private static final NativeShim SHIM = load();

        private Holder() {
        }

        private static NativeShim load() {
            if (!enabled()) {
                LOG.infof("journal read path: jnr-ffi (native shim turned off by %s=false)", PROPERTY);
                return null;
            }
            String resource = "native/linux-" + System.getProperty("os.arch") + "/libtributary-sd.so";
            try (InputStream in = NativeShim.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null || !"64".equals(System.getProperty("sun.arch.data.model"))) {
                    LOG.infof("journal read path: jnr-ffi (no native shim %s in this build)", resource);
                    return null;
                }
                Path copy = Files.createTempFile("libtributary-sd", ".so");
                try {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                    NativeShim shim = LibraryLoader.create(NativeShim.class)
                            .option(LibraryOption.IgnoreError, true)
                            .option(LibraryOption.LoadNow, true)
                            .load(copy.toString());
                    int version = shim.tributary_shim_version();
                    if (version != VERSION) {
                        LOG.warnf("journal read path: jnr-ffi (native shim version %d, expected %d)", version, VERSION);
                        return null;
                    }
                    LOG.infof("journal read path: native shim (%s)", resource);
                    return shim;
                } finally {
                    Files.deleteIfExists(copy); // mapped by now; nothing left behind
                }
            } catch (IOException | LinkageError | RuntimeException e) {
                LOG.warnf("journal read path: jnr-ffi (native shim %s failed to load: %s)", resource, e);
                return null;
            }
        }

        /** tributary.journal.native-shim (JournalConfig) from the application's configuration. */
        private static boolean enabled() {
            try {
                return ConfigProvider.getConfig().getOptionalValue(PROPERTY, Boolean.class).orElse(true);
            } catch (IllegalStateException | IllegalArgumentException e) { // no configuration here: system property
                return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
            }
        }
    }
}
