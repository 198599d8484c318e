package dev.conveyor.sqs;

import dev.conveyor.application.Principal;
import dev.conveyor.application.SigningSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 (AWS4-HMAC-SHA256) as SQS does, in the Authorization header or in a presigned
 * URL's query, and answers who signed. Each refusal is SQS's: IncompleteSignature for a signature that cannot be
 * read, InvalidClientTokenId for no signature or an access key that names no active client, SignatureDoesNotMatch
 * for a wrong scope, a time more than 15 minutes off, or a wrong signature.
 */
final class SigV4Verifier {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** The longest a presigned URL may last, as AWS allows: 7 days. */
    static final long MAX_EXPIRES_SECONDS = 604_800;

    private static final String TERMINATOR = "aws4_request";
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final String service;
    private final Function<String, Optional<SigningSecrets.Signer>> signers;
    private final InstantSource clock;

    SigV4Verifier(
            String region,
            String service,
            Function<String, Optional<SigningSecrets.Signer>> signers,
            InstantSource clock) {
        this.region = region;
        this.service = service;
        this.signers = signers;
        this.clock = clock;
    }

    /** What a request claims about its signature, from its header or its presigned query. */
    private record Claim(
            String accessKeyId,
            String scopeDate,
            String scopeRegion,
            String scopeService,
            String terminator,
            String amzDate,
            List<String> signedHeaders,
            String signature,
            Long expiresSeconds) {
        String scope() {
            return scopeDate + "/" + scopeRegion + "/" + scopeService + "/" + terminator;
        }

        boolean presigned() {
            return expiresSeconds != null;
        }
    }

    /** Who signed the request, once every check holds; the SQS error saying which does not, otherwise. */
    Principal verify(SignedRequest request) {
        Map<String, String> query = queryParameters(request.rawQuery());
        Claim claim = query.containsKey("X-Amz-Algorithm") ? fromQuery(query) : fromHeader(request);
        checkScopeAndTime(claim);
        SigningSecrets.Signer signer = signers.apply(claim.accessKeyId())
                .orElseThrow(() -> SqsError.INVALID_CLIENT_TOKEN_ID.because("The security token included in the"
                        + " request is invalid: the access key id must be the id of an active Conveyor client"
                        + " whose secret was issued for request signing."));
        byte[] key = signingKey(signer.secret(), claim);
        String bodyHash = HEX.formatHex(sha256(request.body()));
        String sentHash = request.header("x-amz-content-sha256");
        if (sentHash != null && !claim.presigned() && !sentHash.equalsIgnoreCase(bodyHash)) {
            throw SqsError.SIGNATURE_DOES_NOT_MATCH.because(
                    "The x-amz-content-sha256 header does not match the SHA-256 of the request body.");
        }
        String excluded = claim.presigned() ? "X-Amz-Signature" : null;
        boolean matches = matches(key, claim, CanonicalRequest.of(request, claim.signedHeaders(), bodyHash, excluded));
        if (!matches && claim.presigned() && request.body().length == 0) {
            // A presigned URL carries no body; signers hash it as "UNSIGNED-PAYLOAD" or as the empty body.
            matches = matches(
                    key, claim, CanonicalRequest.of(request, claim.signedHeaders(), UNSIGNED_PAYLOAD, excluded));
        }
        if (!matches) {
            throw SqsError.SIGNATURE_DOES_NOT_MATCH.because("The request signature we calculated does not match the"
                    + " signature you provided. Check the secret access key (the Conveyor client's secret) and the"
                    + " signing method.");
        }
        return signer.principal();
    }

    private static Claim fromHeader(SignedRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw SqsError.INVALID_CLIENT_TOKEN_ID.because("The request is not signed. With Conveyor's auth on, every"
                    + " SQS request needs AWS Signature Version 4 made with a Conveyor client's id (access key id)"
                    + " and secret (secret access key).");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw SqsError.INCOMPLETE_SIGNATURE.because(
                    "The request signature does not conform to AWS standards: only " + ALGORITHM + " is accepted.");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(
                        part.substring(0, equals).trim(),
                        part.substring(equals + 1).trim());
            }
        }
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (!parts.containsKey(required)) {
                throw SqsError.INCOMPLETE_SIGNATURE.because(
                        "Authorization header requires '" + required + "' parameter.");
            }
        }
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null) {
            throw SqsError.INCOMPLETE_SIGNATURE.because(
                    "Authorization header requires existence of an 'X-Amz-Date' header.");
        }
        return claim(parts.get("Credential"), amzDate, parts.get("SignedHeaders"), parts.get("Signature"), null);
    }

    private static Claim fromQuery(Map<String, String> query) {
        if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            throw SqsError.INCOMPLETE_SIGNATURE.because(
                    "The request signature does not conform to AWS standards: only " + ALGORITHM + " is accepted.");
        }
        for (String required :
                List.of("X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Expires")) {
            if (!query.containsKey(required)) {
                throw SqsError.INCOMPLETE_SIGNATURE.because(
                        "A presigned request requires the '" + required + "' query parameter.");
            }
        }
        long expires;
        try {
            expires = Long.parseLong(query.get("X-Amz-Expires"));
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
            throw SqsError.INCOMPLETE_SIGNATURE.because(
                    "X-Amz-Expires must be a number of seconds from 1 to " + MAX_EXPIRES_SECONDS + ".");
        }
        return claim(
                query.get("X-Amz-Credential"),
                query.get("X-Amz-Date"),
                query.get("X-Amz-SignedHeaders"),
                query.get("X-Amz-Signature"),
                expires);
    }

    private static Claim claim(
            String credential, String amzDate, String signedHeaders, String signature, Long expires) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5) {
            throw SqsError.INCOMPLETE_SIGNATURE.because("Credential must have exactly 5 slash-delimited elements,"
                    + " e.g. keyid/date/region/service/aws4_request, got '" + credential + "'.");
        }
        List<String> headers = List.of(signedHeaders.split(";", -1));
        if (!headers.contains("host")) {
            throw SqsError.INCOMPLETE_SIGNATURE.because("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return new Claim(scope[0], scope[1], scope[2], scope[3], scope[4], amzDate, headers, signature.trim(), expires);
    }

    /** Refuses a credential scope that is not this endpoint's, and a signing time too far from now. */
    private void checkScopeAndTime(Claim claim) {
        if (!claim.scopeRegion().equals(region)) {
            throw SqsError.SIGNATURE_DOES_NOT_MATCH.because("Credential should be scoped to a valid region, not '"
                    + claim.scopeRegion() + "': this endpoint's region is '" + region + "' (sqs.region).");
        }
        if (!claim.scopeService().equals(service)) {
            throw SqsError.SIGNATURE_DOES_NOT_MATCH.because(
                    "Credential should be scoped to correct service: '" + service + "'.");
        }
        if (!claim.terminator().equals(TERMINATOR)) {
            throw SqsError.SIGNATURE_DOES_NOT_MATCH.because("Credential should be scoped with a valid terminator: '"
                    + TERMINATOR + "', not '" + claim.terminator() + "'.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(claim.amzDate()));
        } catch (DateTimeParseException e) {
            throw SqsError.INCOMPLETE_SIGNATURE.because(
                    "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z', got '" + claim.amzDate()
                            + "'.");
        }
        if (!claim.amzDate().startsWith(claim.scopeDate())) {
            throw SqsError.SIGNATURE_DOES_NOT_MATCH.because("Date in Credential scope does not match YYYYMMDD from"
                    + " ISO-8601 version of date from HTTP: '" + claim.scopeDate() + "' != '"
                    + claim.amzDate().substring(0, 8) + "', from '" + claim.amzDate() + "'.");
        }
        Instant now = clock.instant();
        Instant earliest = claim.presigned() ? now.minusSeconds(claim.expiresSeconds()) : now.minus(MAX_SKEW);
        if (signedAt.isBefore(earliest)) {
            throw SqsError.SIGNATURE_DOES_NOT_MATCH.because(
                    claim.presigned()
                            ? "Signature expired: the presigned request signed at " + claim.amzDate()
                                    + " was valid for "
                                    + claim.expiresSeconds() + " seconds, until "
                                    + AMZ_DATE.format(signedAt.plusSeconds(claim.expiresSeconds())) + "; it is now "
                                    + AMZ_DATE.format(now) + "."
                            : "Signature expired: " + claim.amzDate() + " is now earlier than "
                                    + AMZ_DATE.format(earliest) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        Instant latest = now.plus(MAX_SKEW);
        if (signedAt.isAfter(latest)) {
            throw SqsError.SIGNATURE_DOES_NOT_MATCH.because("Signature not yet current: " + claim.amzDate()
                    + " is still later than " + AMZ_DATE.format(latest) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    private static boolean matches(byte[] signingKey, Claim claim, String canonicalRequest) {
        String expected = signature(signingKey, stringToSign(claim, canonicalRequest));
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                claim.signature().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static String stringToSign(Claim claim, String canonicalRequest) {
        return ALGORITHM + "\n" + claim.amzDate() + "\n" + claim.scope() + "\n"
                + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /** The signing key: the secret, HMAC-chained through the scope's date, region, service and terminator. */
    private static byte[] signingKey(String secret, Claim claim) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), claim.scopeDate());
        key = hmac(key, claim.scopeRegion());
        key = hmac(key, claim.scopeService());
        return hmac(key, claim.terminator());
    }

    private static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The query's parameters, decoded, the first of each name: enough to tell a presigned request. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery != null && rawQuery.contains("X-Amz-")) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = CanonicalRequest.decode(equals < 0 ? pair : pair.substring(0, equals));
                parameters.putIfAbsent(name, equals < 0 ? "" : CanonicalRequest.decode(pair.substring(equals + 1)));
            }
        }
        return parameters;
    }
}
