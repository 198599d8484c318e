package dev.conveyor.application;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client secrets: 32 random bytes, handed out once; only their HMAC-SHA-256 under the server's key is stored,
 * so a copy of the database alone does not let anyone check a guess. Compared in constant time
 * ({@link MessageDigest#isEqual}). Beside the hash, a sealed copy ({@link SecretSeal}) for AWS Signature Version 4,
 * which needs the secret itself.
 */
public final class ClientSecrets {
    /** 256 bits: the least a server key or a client secret may have. */
    public static final int KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final SecureRandom random;
    /** Compared with when the client does not exist, so that an unknown id costs what a wrong secret costs. */
    private final byte[] decoy;

    private final SecretSeal seal;

    public ClientSecrets(byte[] serverKey, SecureRandom random) {
        if (serverKey == null || serverKey.length < KEY_BYTES) {
            throw new IllegalArgumentException("the server key must have at least " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(serverKey.clone(), "HmacSHA256");
        this.random = random;
        this.decoy = hash(generate());
        this.seal = new SecretSeal(serverKey, random);
    }

    /** A new secret: 32 random bytes, base64url without padding (43 characters). */
    public String generate() {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public byte[] hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code secret} is the one whose hash is stored; a null hash (no such client) never matches. */
    public boolean matches(String secret, byte[] storedHash) {
        byte[] given = hash(secret == null ? "" : secret);
        boolean equal = MessageDigest.isEqual(given, storedHash == null ? decoy : storedHash);
        return storedHash != null && equal;
    }

    /** The secret sealed for the client, to be stored beside its hash: never the secret in the clear. */
    public byte[] seal(UUID clientId, String secret) {
        return seal.seal(clientId, secret);
    }

    /** The client's secret from its sealed copy, or empty when it does not open (another key or client). */
    public Optional<String> open(UUID clientId, byte[] sealed) {
        return seal.open(clientId, sealed);
    }
}
