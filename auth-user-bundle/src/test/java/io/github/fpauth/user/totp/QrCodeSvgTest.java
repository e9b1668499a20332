package io.github.fpauth.user.totp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

public class QrCodeSvgTest {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern MODULE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");
    private static final int PIXELS_PER_MODULE = 4;

    @Test
    public void aScannerReadsTheOtpAuthUriBackFromTheImage() throws Exception {
        String uri = OtpAuthUri.of("fpauth", "zoé@example.org", TotpSecret.generate(new SecureRandom()));
        assertEquals(uri, scan(QrCodeSvg.of(uri)));
    }

    @Test
    public void theImageIsAStandaloneSvgThatNamesNoTextOfItsContent() {
        TotpSecret secret = TotpSecret.generate(new SecureRandom());
        String svg = QrCodeSvg.of(OtpAuthUri.of("fpauth", "alice", secret));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.endsWith("</svg>"));
        assertTrue(!svg.contains(secret.base32()) && !svg.contains("otpauth"));
    }

    /** Draws the SVG's modules as pixels and decodes them as a phone's scanner would. */
    private static String scan(String svg) throws Exception {
        Matcher box = VIEW_BOX.matcher(svg);
        assertTrue(box.find());
        int modules = Integer.parseInt(box.group(1));
        int width = modules * PIXELS_PER_MODULE;
        int[] pixels = new int[width * width];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher module = MODULE.matcher(svg);
        while (module.find()) {
            int x = Integer.parseInt(module.group(1));
            int y = Integer.parseInt(module.group(2));
            for (int dy = 0; dy < PIXELS_PER_MODULE; dy++) {
                for (int dx = 0; dx < PIXELS_PER_MODULE; dx++) {
                    pixels[(y * PIXELS_PER_MODULE + dy) * width + x * PIXELS_PER_MODULE + dx] = 0xFF000000;
                }
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, width, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.CHARACTER_SET, "UTF-8")).getText();
    }
}
