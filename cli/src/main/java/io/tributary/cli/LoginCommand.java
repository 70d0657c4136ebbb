package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary login}: {@code POST /acs/api/v1/auth/login} on log-query (forwarded to auth) and the token
 * stored for that URL in the user's config file (owner-only), used by every later command.
 */
@Command(name = "login", mixinStandardHelpOptions = true, description = "Log in and store the token for later commands.")
public class LoginCommand implements Callable<Integer> {

    @Mixin
    Server server;

    @Option(names = {"-u", "--username"}, paramLabel = "UID", description = "user id (prompted when absent)")
    String username;

    @Option(names = "--password-stdin", description = "read the password from the first line of stdin (for scripts)")
    boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
        Console console = System.console();
        String uid = username;
        if (uid == null) {
            if (console == null) {
                throw new CliException(ExitCode.USAGE, "no terminal to prompt on: give --username");
            }
            uid = console.readLine("Username: ");
        }
        String password;
        if (passwordStdin) {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                throw new CliException(ExitCode.USAGE, "--password-stdin: stdin is empty");
            }
        } else {
            if (console == null) {
                throw new CliException(ExitCode.USAGE, "no terminal to prompt on: use --password-stdin");
            }
            char[] pw = console.readPassword("Password: ");
            password = pw == null ? "" : new String(pw);
        }
        Api api = server.api();
        JsonNode answer = api.postJson("/acs/api/v1/auth/login", Map.of("uid", uid, "password", password));
        String token = answer.path("token").asText("");
        if (token.isEmpty()) {
            throw new CliException(ExitCode.UNAVAILABLE, "the login answer has no token");
        }
        Config config = server.config();
        config.saveToken(api.url(), uid, token, answer.path("expires_at").asLong(0));
        System.out.println("Logged in to " + api.url() + " as " + uid + "; token stored in " + config.file());
        return ExitCode.OK;
    }
}
