package io.tributary.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    private static String testClasses() throws URISyntaxException {
        return Path.of(TinyService.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void startsWaitsForThePortAndStopsWithSigterm(@TempDir Path dir) throws Exception {
        int port = ServiceProcess.freePort();
        ProcessHandle handle;
        try (ServiceProcess s = ServiceProcess.javaMain(TinyService.class.getName(), testClasses())
                .systemProperty("greeting", "hello").arg("listen").arg(Integer.toString(port))
                .workingDirectory(dir).logFile(dir.resolve("tiny.log")).waitForPort(port).start()) {
            handle = ProcessHandle.of(s.pid()).orElseThrow();
            assertTrue(handle.info().commandLine().orElse("").contains("--enable-native-access=ALL-UNNAMED"));
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                assertEquals("hello", new String(c.getInputStream().readNBytes(5)));
            }
            String log = Files.readString(s.logFile());
            assertTrue(log.contains("greeting=hello cwd=" + dir.toRealPath()), log);
            s.close();
            assertFalse(s.isAlive());
            assertEquals(143, s.exitValue(), "terminated by SIGTERM");
        }
        assertFalse(handle.isAlive());
    }

    @Test
    void reportsTheLogTailWhenTheServiceDies(@TempDir Path dir) throws Exception {
        IOException e = assertThrows(IOException.class, () -> ServiceProcess
                .javaMain(TinyService.class.getName(), testClasses()).arg("fail")
                .logFile(dir.resolve("fail.log")).waitForPort(ServiceProcess.freePort()).start());
        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("boom: configuration missing"), e.getMessage());
    }

    @Test
    void timesOutAndKillsAServiceThatNeverListens(@TempDir Path dir) throws Exception {
        long before = ProcessHandle.current().children().count();
        IOException e = assertThrows(IOException.class, () -> ServiceProcess
                .javaMain(TinyService.class.getName(), testClasses()).arg("hang")
                .logFile(dir.resolve("hang.log")).waitForPort(ServiceProcess.freePort())
                .startTimeout(Duration.ofSeconds(2)).start());
        assertTrue(e.getMessage().contains("did not accept connections"), e.getMessage());
        assertTrue(e.getMessage().contains("greeting=null"), e.getMessage());
        assertEquals(before, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
    }

    @Test
    void quarkusAppNeedsABuiltJar(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> ServiceProcess.quarkusApp(dir));
        assertTrue(e.getMessage().contains("quarkus-run.jar does not exist"), e.getMessage());
    }
}
