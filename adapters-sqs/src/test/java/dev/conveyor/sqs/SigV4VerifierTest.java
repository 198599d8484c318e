package dev.conveyor.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.application.Principal;
import dev.conveyor.application.SigningSecrets;
import dev.conveyor.domain.Scopes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The verifier against AWS's Signature Version 4 test suite (credentials, date and signatures from its
 * {@code .sreq}/{@code .creq} files), then against each way a signature is refused.
 */
class SigV4VerifierTest {
    static final String KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    static final String AMZ_DATE = "20150830T123600Z";
    static final Principal PRINCIPAL = new Principal(UUID.randomUUID(), Scopes.parse("*"));

    private static SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier(
                "us-east-1",
                "service",
                id -> KEY_ID.equals(id) ? Optional.of(new SigningSecrets.Signer(PRINCIPAL, SECRET)) : Optional.empty(),
                InstantSource.fixed(now));
    }

    private static String authorization(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="
                + signedHeaders + ", Signature=" + signature;
    }

    private static SignedRequest request(String method, String pathAndQuery, String body, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("Host", List.of("example.amazonaws.com"));
        map.put("X-Amz-Date", List.of(AMZ_DATE));
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        int question = pathAndQuery.indexOf('?');
        return new SignedRequest(
                method,
                question < 0 ? pathAndQuery : pathAndQuery.substring(0, question),
                question < 0 ? null : pathAndQuery.substring(question + 1),
                map,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static SignedRequest vanilla(String signature) {
        return getRoot(authorization("host;x-amz-date", signature));
    }

    private static SignedRequest getRoot(String authorization) {
        return request("GET", "/", "", "Authorization", authorization);
    }

    private static final String GET_VANILLA = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    // ---- AWS's test suite

    @Test
    void getVanillaAndItsDotSegmentFormVerify() {
        assertThat(verifier(SIGNED_AT).verify(vanilla(GET_VANILLA))).isEqualTo(PRINCIPAL);
        assertThat(verifier(SIGNED_AT)
                        .verify(request(
                                "GET", "/./", "", "Authorization", authorization("host;x-amz-date", GET_VANILLA))))
                .isEqualTo(PRINCIPAL);
    }

    @Test
    void postVanillaVerifies() {
        verifier(SIGNED_AT)
                .verify(request(
                        "POST",
                        "/",
                        "",
                        "Authorization",
                        authorization(
                                "host;x-amz-date",
                                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")));
    }

    @Test
    void queriesAreSortedByKeyThenValueAndReencoded() {
        verifier(SIGNED_AT)
                .verify(request(
                        "GET",
                        "/?Param1=value2&Param1=Value1",
                        "",
                        "Authorization",
                        authorization(
                                "host;x-amz-date",
                                "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1")));
        String unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        verifier(SIGNED_AT)
                .verify(request(
                        "GET",
                        "/?" + unreserved + "=" + unreserved,
                        "",
                        "Authorization",
                        authorization(
                                "host;x-amz-date",
                                "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")));
    }

    @Test
    void aUtf8PathIsEncodedByItsBytes() {
        verifier(SIGNED_AT)
                .verify(request(
                        "GET",
                        "/ሴ",
                        "",
                        "Authorization",
                        authorization(
                                "host;x-amz-date",
                                "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")));
    }

    @Test
    void headerValuesAreTrimmedAndTheirInnerSpacesCollapsed() {
        verifier(SIGNED_AT)
                .verify(request(
                        "GET",
                        "/",
                        "",
                        "My-Header1",
                        " value1",
                        "My-Header2",
                        " \"a   b   c\"",
                        "Authorization",
                        authorization(
                                "host;my-header1;my-header2;x-amz-date",
                                "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736")));
    }

    /** post-x-www-form-urlencoded, signed for the body {@code Param1=value1}, sent with {@code body}. */
    private static SignedRequest postVanillaForm(String body) {
        return request(
                "POST",
                "/",
                body,
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Authorization",
                authorization(
                        "content-type;host;x-amz-date",
                        "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
    }

    @Test
    void aFormBodyIsSignedByItsHash() {
        SignedRequest form = postVanillaForm("Param1=value1");

        assertThat(CanonicalRequest.of(
                        form,
                        List.of("content-type", "host", "x-amz-date"),
                        "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
                        null))
                .isEqualTo("""
                        POST
                        /

                        content-type:application/x-www-form-urlencoded
                        host:example.amazonaws.com
                        x-amz-date:20150830T123600Z

                        content-type;host;x-amz-date
                        9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e""");
        assertThat(verifier(SIGNED_AT).verify(form)).isEqualTo(PRINCIPAL);
    }

    @Test
    void anAlreadyEncodedPathIsEncodedAgainAsSignersDoForEveryServiceButS3() {
        assertThat(CanonicalRequest.uri("/000000000000/a%20b")).isEqualTo("/000000000000/a%2520b");
        assertThat(CanonicalRequest.uri("/a/b/../c/./")).isEqualTo("/a/c/");
        assertThat(CanonicalRequest.query("b=2&a=%7e+x&c", null)).isEqualTo("a=~%2Bx&b=2&c=");
        assertThat(CanonicalRequest.query("X-Amz-Signature=abc&Action=List", "X-Amz-Signature"))
                .isEqualTo("Action=List");
    }

    // ---- refusals

    private static void refused(SignedRequest request, Instant now, SqsError error, String message) {
        assertThatThrownBy(() -> verifier(now).verify(request)).isInstanceOfSatisfying(SqsException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aWrongSignatureDoesNotMatch() {
        refused(
                vanilla(GET_VANILLA.replace('5', '6')),
                SIGNED_AT,
                SqsError.SIGNATURE_DOES_NOT_MATCH,
                "does not match the signature you provided");
    }

    @Test
    void aChangedBodyDoesNotMatch() {
        SignedRequest tampered = postVanillaForm("Param1=value2");
        refused(tampered, SIGNED_AT, SqsError.SIGNATURE_DOES_NOT_MATCH, "does not match");
    }

    @Test
    void aContentHashHeaderMustBeTheBodysHash() {
        SignedRequest lying = request(
                "POST",
                "/",
                "Param1=value1",
                "x-amz-content-sha256",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "Authorization",
                authorization("host;x-amz-content-sha256;x-amz-date", GET_VANILLA));
        refused(lying, SIGNED_AT, SqsError.SIGNATURE_DOES_NOT_MATCH, "x-amz-content-sha256");
    }

    @Test
    void aTimeMoreThanFifteenMinutesOffIsRefusedEitherWay() {
        refused(
                vanilla(GET_VANILLA),
                SIGNED_AT.plus(Duration.ofMinutes(16)),
                SqsError.SIGNATURE_DOES_NOT_MATCH,
                "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)");
        refused(
                vanilla(GET_VANILLA),
                SIGNED_AT.minus(Duration.ofMinutes(16)),
                SqsError.SIGNATURE_DOES_NOT_MATCH,
                "Signature not yet current");
        assertThat(verifier(SIGNED_AT.plus(Duration.ofMinutes(15))).verify(vanilla(GET_VANILLA)))
                .isEqualTo(PRINCIPAL);
    }

    @Test
    void anUnknownAccessKeyOrNoSignatureIsAnInvalidClientToken() {
        refused(
                getRoot(authorization("host;x-amz-date", GET_VANILLA).replace(KEY_ID, "AKIDOTHER")),
                SIGNED_AT,
                SqsError.INVALID_CLIENT_TOKEN_ID,
                "security token included in the request is invalid");
        refused(request("GET", "/", ""), SIGNED_AT, SqsError.INVALID_CLIENT_TOKEN_ID, "not signed");
    }

    @Test
    void aScopeOfAnotherRegionServiceOrDayDoesNotMatch() {
        refused(
                getRoot(authorization("host;x-amz-date", GET_VANILLA).replace("us-east-1", "eu-west-1")),
                SIGNED_AT,
                SqsError.SIGNATURE_DOES_NOT_MATCH,
                "Credential should be scoped to a valid region, not 'eu-west-1'");
        refused(
                getRoot(authorization("host;x-amz-date", GET_VANILLA).replace("/service/", "/s3/")),
                SIGNED_AT,
                SqsError.SIGNATURE_DOES_NOT_MATCH,
                "correct service");
        refused(
                getRoot(authorization("host;x-amz-date", GET_VANILLA).replace("20150830", "20150829")),
                SIGNED_AT,
                SqsError.SIGNATURE_DOES_NOT_MATCH,
                "Date in Credential scope does not match");
    }

    @Test
    void anUnreadableSignatureIsIncomplete() {
        refused(
                request("GET", "/", "", "Authorization", "AWS AKIDEXAMPLE:abc"),
                SIGNED_AT,
                SqsError.INCOMPLETE_SIGNATURE,
                "only AWS4-HMAC-SHA256");
        refused(
                request("GET", "/", "", "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830"),
                SIGNED_AT,
                SqsError.INCOMPLETE_SIGNATURE,
                "requires 'SignedHeaders'");
        refused(
                request("GET", "/", "", "Authorization", authorization("x-amz-date", GET_VANILLA)),
                SIGNED_AT,
                SqsError.INCOMPLETE_SIGNATURE,
                "'Host' must be a 'SignedHeader'");
        refused(
                request(
                        "GET",
                        "/",
                        "",
                        "X-Amz-Date",
                        "yesterday",
                        "Authorization",
                        authorization("host;x-amz-date", GET_VANILLA)),
                SIGNED_AT,
                SqsError.INCOMPLETE_SIGNATURE,
                "X-Amz-Date must be");
    }
}
