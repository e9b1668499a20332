package io.github.fpauth.user.totp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class OtpAuthUriTest {

    private static final TotpSecret SECRET = TotpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");

    @Test
    public void namesIssuerAccountSecretAlgorithmDigitsAndPeriod() {
        assertEquals("otpauth://totp/fpauth:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=fpauth"
                + "&algorithm=SHA1&digits=6&period=30", OtpAuthUri.of("fpauth", "alice", SECRET));
    }

    @Test
    public void percentEncodesEverythingButUnreservedCharacters() {
        assertEquals("otpauth://totp/My%20App:zo%C3%A9%40example.org%3F%26x%3D1?secret="
                + SECRET.base32() + "&issuer=My%20App&algorithm=SHA1&digits=6&period=30",
                OtpAuthUri.of("My App", "zoé@example.org?&x=1", SECRET));
    }

    @Test
    public void refusesAnIssuerThatWouldMoveTheLabelSplit() {
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.of("a:b", "alice", SECRET));
        assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.of(" ", "alice", SECRET));
    }
}
