package io.serverlessorch.payments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider's signature of a webhook, checked against a fixed "now". */
class WebhookSignatureTest {

    private static final String SECRET = "whsec_test_secret";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String BODY = "{\"id\": \"evt_1\", \"type\": \"payment.succeeded\", "
            + "\"data\": {\"order_id\": \"0b6c7c8e-0000-4000-8000-000000000000\", \"reference\": \"pay_1\", \"amount\": 44.98}}";
    private static final long T = NOW.getEpochSecond();

    // ---------------------------------------------------------------------------------------------------
    // Accepted

    @Test
    void theHeaderTheProviderSendsIsAccepted() {
        assertEquals(Optional.empty(), WebhookSignature.check(WebhookSignature.sign(BODY, SECRET, NOW), BODY, SECRET, NOW));
    }

    @Test
    void aTimestampExactlyThreeHundredSecondsOldOrAheadIsAccepted() {
        Instant old = NOW.minus(WebhookSignature.TOLERANCE);
        Instant ahead = NOW.plus(WebhookSignature.TOLERANCE);
        assertEquals(Duration.ofSeconds(300), WebhookSignature.TOLERANCE);

        assertEquals(Optional.empty(), WebhookSignature.check(WebhookSignature.sign(BODY, SECRET, old), BODY, SECRET, NOW));
        assertEquals(Optional.empty(), WebhookSignature.check(WebhookSignature.sign(BODY, SECRET, ahead), BODY, SECRET, NOW));
    }

    @Test
    void aTimestampThreeHundredAndOneSecondsOldOrAheadIsRefused() {
        Optional<WebhookSignature.Refusal> old = WebhookSignature.check(
                WebhookSignature.sign(BODY, SECRET, NOW.minusSeconds(301)), BODY, SECRET, NOW);
        Optional<WebhookSignature.Refusal> ahead = WebhookSignature.check(
                WebhookSignature.sign(BODY, SECRET, NOW.plusSeconds(301)), BODY, SECRET, NOW);

        assertRefused("timestamp", "301 s from now; at most 300 s is accepted", old);
        assertRefused("timestamp", "301 s from now; at most 300 s is accepted", ahead);
    }

    @Test
    void oneMatchingV1AmongSeveralIsEnoughWhereverItStands() {
        // given: a provider rolling its secret signs with the old one and the new one
        String good = v1(WebhookSignature.sign(BODY, SECRET, NOW));
        String other = v1(WebhookSignature.sign(BODY, "whsec_the_old_secret", NOW));

        // then: either order is accepted, and only wrong ones are refused
        assertEquals(Optional.empty(), WebhookSignature.check("t=" + T + "," + other + "," + good, BODY, SECRET, NOW));
        assertEquals(Optional.empty(), WebhookSignature.check("t=" + T + "," + good + "," + other, BODY, SECRET, NOW));
        assertEquals(Optional.empty(), WebhookSignature.check(good + ",t=" + T, BODY, SECRET, NOW));
        assertRefused("signature", "does not match the body",
                WebhookSignature.check("t=" + T + "," + other + "," + other, BODY, SECRET, NOW));
    }

    @Test
    void spacesAroundPartsUpperCaseHexAndOtherSchemesAreAccepted() {
        String good = v1(WebhookSignature.sign(BODY, SECRET, NOW));

        assertEquals(Optional.empty(), WebhookSignature.check(" t=" + T + " , " + good + " ", BODY, SECRET, NOW));
        assertEquals(Optional.empty(), WebhookSignature.check("t=" + T + ",v1=" + good.substring(3).toUpperCase(), BODY, SECRET, NOW));
        assertEquals(Optional.empty(), WebhookSignature.check("t=" + T + ",v0=anything at all," + good, BODY, SECRET, NOW));
    }

    // ---------------------------------------------------------------------------------------------------
    // Refused

    @Test
    void aSignatureOverAnotherBodySecretOrTimestampIsRefused() {
        String header = WebhookSignature.sign(BODY, SECRET, NOW);

        assertRefused("signature", "does not match the body", WebhookSignature.check(header, BODY.replace("44.98", "0.01"), SECRET, NOW));
        assertRefused("signature", "does not match the body", WebhookSignature.check(header, BODY + " ", SECRET, NOW));
        assertRefused("signature", "does not match the body", WebhookSignature.check(header, BODY, "whsec_another", NOW));
        String signedEarlier = v1(WebhookSignature.sign(BODY, SECRET, NOW.minusSeconds(1)));
        assertRefused("signature", "does not match the body", WebhookSignature.check("t=" + T + "," + signedEarlier, BODY, SECRET, NOW));
    }

    @ParameterizedTest(name = "{index}: [{0}]")
    @MethodSource("malformedHeaders")
    void aMalformedHeaderIsRefusedSayingWhatIsWrong(String header, String code, String phrase) {
        assertRefused(code, phrase, WebhookSignature.check(header, BODY, SECRET, NOW));
    }

    static Stream<Arguments> malformedHeaders() {
        String good = v1(WebhookSignature.sign(BODY, SECRET, NOW));
        String hex = good.substring(3);
        return Stream.of(
                Arguments.of(null, "missing", "Payment-Signature header is missing"),
                Arguments.of("", "missing", "Payment-Signature header is missing"),
                Arguments.of("   ", "missing", "Payment-Signature header is missing"),
                Arguments.of("signed", "malformed", "not t=<unix seconds>,v1=<hex HMAC-SHA256>"),
                Arguments.of("=" + T + "," + good, "malformed", "not t=<unix seconds>,v1=<hex HMAC-SHA256>"),
                Arguments.of("t=" + T + "," + good + ",", "malformed", "not t=<unix seconds>,v1=<hex HMAC-SHA256>"),
                Arguments.of("t=" + T + ";" + good, "malformed", "one t=<unix seconds>"),
                Arguments.of(good, "malformed", "needs t=<unix seconds> and at least one v1="),
                Arguments.of("t=" + T, "malformed", "needs t=<unix seconds> and at least one v1="),
                Arguments.of("t=" + T + ",v0=" + hex, "malformed", "needs t=<unix seconds> and at least one v1="),
                Arguments.of("T=" + T + "," + good, "malformed", "needs t=<unix seconds> and at least one v1="),
                Arguments.of("t=" + T + ",t=" + T + "," + good, "malformed", "one t=<unix seconds>"),
                Arguments.of("t=," + good, "malformed", "one t=<unix seconds>"),
                Arguments.of("t=-" + T + "," + good, "malformed", "one t=<unix seconds>"),
                Arguments.of("t=" + T + ".5," + good, "malformed", "one t=<unix seconds>"),
                Arguments.of("t=1" + "0".repeat(12) + "," + good, "malformed", "one t=<unix seconds>"),
                Arguments.of("t=" + T + ",v1=", "malformed", "64 hex digits"),
                Arguments.of("t=" + T + ",v1=" + hex.substring(1), "malformed", "64 hex digits"),
                Arguments.of("t=" + T + ",v1=" + hex + "0", "malformed", "64 hex digits"),
                Arguments.of("t=" + T + ",v1=" + "g" + hex.substring(1), "malformed", "64 hex digits"),
                Arguments.of("t=" + T + "," + good + ",v1=not-hex", "malformed", "64 hex digits"),
                Arguments.of("t=" + T + "," + good + ",v0=" + "a".repeat(1000), "malformed", "longer than 1000 characters"));
    }

    // ---------------------------------------------------------------------------------------------------
    // How it compares

    @Test
    void signaturesAreComparedInConstantTime() {
        JavaClasses signature = new ClassFileImporter().importClasses(WebhookSignature.class);

        classes().should().callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
                .because("a comparison that stops at the first differing byte tells an attacker how much of a forged signature is right")
                .check(signature);
        noClasses().should().callMethod(Arrays.class, "equals", byte[].class, byte[].class)
                .orShould().callMethod(String.class, "equalsIgnoreCase", String.class)
                .orShould().callMethod(String.class, "contentEquals", CharSequence.class)
                .check(signature);
    }

    private static String v1(String header) {
        return header.substring(header.indexOf("v1="));
    }

    private static void assertRefused(String code, String phrase, Optional<WebhookSignature.Refusal> refusal) {
        assertTrue(refusal.isPresent(), "expected a refusal saying '" + phrase + "'");
        assertEquals(code, refusal.get().code(), refusal.get()::toString);
        assertTrue(refusal.get().detail().contains(phrase), () -> "expected '" + phrase + "' in: " + refusal.get().detail());
    }
}
