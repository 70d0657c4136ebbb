package io.tributary.auth.issuer;

import io.tributary.auth.config.AuthConfig;
import io.tributary.serviceauth.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The embedded issuer's RS256 key: the configured key file (clusters: every auth instance signs with the same
 * key), else {@code <state-dir>/issuer-key.pem}, generated (RSA 2048) on first start and kept owner-only.
 * The kid is the key's JWK thumbprint, so it is stable across restarts and instances.
 */
public record SigningKey(PrivateKey privateKey, RsaJsonWebKey jwk) {

    private static final Logger LOG = Logger.getLogger(SigningKey.class);
    static final String FILE = "issuer-key.pem";

    public String keyId() {
        return jwk.getKeyId();
    }

    public static SigningKey load(AuthConfig config) throws IOException {
        PrivateKey key;
        if (config.issuer().keyFile().isPresent()) {
            key = Pem.readPrivateKey(config.issuer().keyFile().get());
            LOG.infof("issuer key from %s", config.issuer().keyFile().get());
        } else {
            Path file = StateFiles.dir(config.stateDir()).resolve(FILE);
            if (!Files.exists(file)) {
                try {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    if (StateFiles.createOwnerOnly(file, Pem.encode(g.generateKeyPair().getPrivate()))) {
                        LOG.infof("generated a new issuer key in %s", file);
                    }
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot generate an RSA key", e);
                }
            }
            key = Pem.readPrivateKey(file);
        }
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new IOException("the issuer key must be an RSA private key (RS256)");
        }
        try {
            PublicKey pub = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            RsaJsonWebKey jwk = (RsaJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(pub);
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            return new SigningKey(key, jwk);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IOException("cannot derive the issuer's public key: " + e.getMessage(), e);
        }
    }

    /** The public JWK as JSON (no private parts). */
    public String publicJwkJson() {
        return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
