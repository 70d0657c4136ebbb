package io.tributary.auth;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.tributary.auth.issuer.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Auth's entry point. {@code hash-password} reads a password (prompt, or the first line of stdin) and prints its
 * hash for {@code tributary.auth.users.<uid>.password-hash}; anything else starts the service.
 */
@QuarkusMain
public class Main {

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
        Quarkus.run(args);
    }
}
