package dev.conveyor.application;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client secrets sealed for the one check that needs the secret itself, AWS Signature Version 4 (the server
 * recomputes the client's HMAC, so a hash cannot do). AES-256-GCM under a key derived from the server's key, so
 * that the server key itself never encrypts anything and the seal cannot be mistaken for a token or a hash; a
 * random 96-bit nonce per seal; the client's id as associated data, so that a sealed secret copied onto another
 * client's row does not open. Stored as {@code nonce || ciphertext || tag}.
 */
final class SecretSeal {
    private static final byte[] PURPOSE = "conveyor sigv4 seal v1".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    SecretSeal(byte[] serverKey, SecureRandom random) {
        this.key = new SecretKeySpec(derive(serverKey), "AES");
        this.random = random;
    }

    byte[] seal(UUID clientId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, clientId, nonce);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The secret, or empty when the seal does not open: another server key, another client, or damaged. */
    Optional<String> open(UUID clientId, byte[] sealed) {
        if (sealed == null || sealed.length <= NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, clientId, java.util.Arrays.copyOf(sealed, NONCE_BYTES));
            byte[] secret = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return Optional.of(new String(secret, StandardCharsets.UTF_8));
        } catch (AEADBadTagException notOurs) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private Cipher cipher(int mode, UUID clientId, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(clientId.toString().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** HMAC-SHA-256(serverKey, purpose): 32 bytes, an AES-256 key of its own for this one use. */
    private static byte[] derive(byte[] serverKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(serverKey, "HmacSHA256"));
            return mac.doFinal(PURPOSE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
