package dev.conveyor.bootstrap;

import static dev.conveyor.bootstrap.Api.j;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs built by hand (header, payload and HMAC), so that tests can make the tokens a library refuses to:
 * weak keys, other algorithms, {@code alg: none}, missing claims.
 */
final class Jwt {
    static final String HS256 = "{\"alg\":\"HS256\"}";

    private Jwt() {}

    /** The claims the server issues: {@code sub}, {@code iat}, {@code exp}, {@code scope} and {@code ver}. */
    static String claims(String sub, long iat, long exp, String scope, long ver) {
        return j("{'sub': '%s', 'iat': %d, 'exp': %d, 'scope': '%s', 'ver': %d}", sub, iat, exp, scope, ver);
    }

    /** Signed with HMAC-SHA-256 under {@code key}, whatever its length. */
    static String hs256(byte[] key, String payloadJson) {
        return signed(HS256, payloadJson, "HmacSHA256", key);
    }

    /** {@code header.payload.signature}, the signature made with the JCA MAC algorithm given. */
    static String signed(String headerJson, String payloadJson, String macAlgorithm, byte[] key) {
        String signingInput = encode(headerJson) + "." + encode(payloadJson);
        return signingInput + "." + encode(mac(macAlgorithm, key, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** An unsecured JWT: {@code alg: none} and an empty signature. */
    static String unsigned(String payloadJson) {
        return encode("{\"alg\":\"none\"}") + "." + encode(payloadJson) + ".";
    }

    static JsonNode header(String token) {
        return Api.parse(decode(token.split("\\.")[0]));
    }

    static JsonNode payload(String token) {
        return Api.parse(decode(token.split("\\.")[1]));
    }

    static String encode(String json) {
        return encode(json.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
