package io.tributary.serviceauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * PEM keys: private keys as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl genpkey} writes),
 * public keys as X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}); RSA or EC.
 */
public final class Pem {

    private static final List<String> ALGORITHMS = List.of("RSA", "EC");

    private Pem() {
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return privateKey(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static PrivateKey privateKey(String pem) throws IOException {
        byte[] der = decode(pem, "PRIVATE KEY");
        for (String alg : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new IOException("not an RSA or EC private key (PKCS#8 PEM expected)");
    }

    public static PublicKey publicKey(String pem) throws IOException {
        byte[] der = decode(pem, "PUBLIC KEY");
        for (String alg : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new IOException("not an RSA or EC public key (X.509 SubjectPublicKeyInfo PEM expected)");
    }

    /** PEM text of a private key (PKCS#8) or a public key (X.509). */
    public static String encode(Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] decode(String pem, String type) throws IOException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException("no " + begin + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IOException("bad base64 in the " + type + " block", ex);
        }
    }
}
