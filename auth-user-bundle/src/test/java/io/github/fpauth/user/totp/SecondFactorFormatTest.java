package io.github.fpauth.user.totp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.List;

import org.junit.Test;

public class SecondFactorFormatTest {

    private final SecureRandom random = new SecureRandom();

    private SecondFactor factor(int recoveryCodes) {
        List<String> codes = RecoveryCodes.generate(random).subList(0, recoveryCodes);
        return new SecondFactor(TotpSecret.generate(random), 60_000_123L, codes.stream().map(RecoveryCodes::hash)
                .collect(java.util.stream.Collectors.toList()), 1_800_000_000_000L);
    }

    @Test
    public void roundTripsEveryField() {
        for (int codes : new int[] { 10, 1, 0 }) {
            SecondFactor factor = factor(codes);
            SecondFactor read = SecondFactorFormat.read(SecondFactorFormat.write(factor));
            assertEquals(factor.secret(), read.secret());
            assertEquals(factor.lastUsedStep(), read.lastUsedStep());
            assertEquals(factor.enrolledMillis(), read.enrolledMillis());
            assertEquals(factor.recoveryCodes(), read.recoveryCodes());
        }
    }

    @Test
    public void isPrintableAsciiWithoutSpacesTabsOrPercent() {
        String text = SecondFactorFormat.write(factor(10));
        assertTrue(text, text.matches("[!-~&&[^%]]+"));
        assertTrue(text.startsWith("totp1:"));
    }

    @Test
    public void refusesAnythingElse() {
        String good = SecondFactorFormat.write(factor(2));
        String[] parts = good.split(":", -1);
        String[] bad = { "", "totp1", "totp2" + good.substring(5), good + ":", parts[0] + ":" + parts[1].toLowerCase()
            + ":" + parts[2] + ":" + parts[3] + ":" + parts[4], good.replace(":" + parts[2] + ":", ":12x:"),
            good.replace(":" + parts[2] + ":", ":99999999999999999999:"), good + ",abc", good.replace(",", ",,"),
            parts[0] + ":MZXW6YTB:" + parts[2] + ":" + parts[3] + ":" };
        for (String text : bad) {
            assertThrows(text, IllegalArgumentException.class, () -> SecondFactorFormat.read(text));
        }
    }
}
