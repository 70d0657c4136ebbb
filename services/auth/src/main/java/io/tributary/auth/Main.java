package io.tributary.auth;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tributary.auth.issuer.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import io.tributary.serviceauth.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * Auth's entry point. {@code hash-password} reads a password (prompt, or the first line of stdin) and prints its
 * hash for {@code tributary.auth.users.<uid>.password-hash}; {@code service-key PRIVATE.pem PUBLIC.pem} makes a
 * service account's RSA key pair (private key owner-only); anything else starts the service.
 */
@QuarkusMain
public class Main {

    static void writeServiceKey(Path privateFile, Path publicFile) throws IOException {
        KeyPair kp;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            kp = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateFile, Pem.encode(kp.getPrivate()), StandardCharsets.US_ASCII);
        Files.writeString(publicFile, Pem.encode(kp.getPublic()), StandardCharsets.US_ASCII);
    }

    public static void main(String... args) throws IOException {
        if (args.length > 0 && args[0].equals("hash-password")) {
            int iterations = args.length > 1 ? Integer.parseInt(args[1]) : PasswordHash.DEFAULT_ITERATIONS;
            Console console = System.console();
            char[] password;
            if (console != null) {
                password = console.readPassword("password: ");
            } else {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            if (password == null || password.length == 0) {
                System.err.println("no password given");
                System.exit(2);
            }
            System.out.println(PasswordHash.hash(password, iterations));
            System.exit(0);
        }
        if (args.length == 3 && args[0].equals("service-key")) {
            writeServiceKey(Path.of(args[1]), Path.of(args[2]));
            System.exit(0);
        }
        Quarkus.run(args);
    }
}
