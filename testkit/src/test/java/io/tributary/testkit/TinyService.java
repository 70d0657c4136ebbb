package io.tributary.testkit;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A stand-in service for ServiceProcessTest: {@code listen <port>}, {@code fail} or {@code hang}. */
public final class TinyService {
    public static void main(String[] args) throws Exception {
        System.out.println("greeting=" + System.getProperty("greeting") + " cwd=" + System.getProperty("user.dir"));
        switch (args[0]) {
            case "listen" -> {
                try (ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getLoopbackAddress())) {
                    System.out.println("listening on " + server.getLocalPort());
                    while (true) {
                        try (Socket s = server.accept()) {
                            s.getOutputStream().write("hello\n".getBytes());
                        }
                    }
                }
            }
            case "fail" -> {
                System.err.println("boom: configuration missing");
                System.exit(3);
            }
            default -> Thread.sleep(60_000);
        }
    }
}
