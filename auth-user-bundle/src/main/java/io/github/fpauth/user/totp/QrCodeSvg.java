package io.github.fpauth.user.totp;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as an SVG image, to show an {@link OtpAuthUri} on the enrolment page: black modules
 * on white with the four-module quiet zone scanners expect, one path, crisp edges, sized by the
 * page. Rendered here (Nayuki's qrcodegen makes the module matrix), never fetched from a
 * third-party QR service: the image holds the secret.
 */
public final class QrCodeSvg {

    /** Modules of white around the code (ISO/IEC 18004 asks for four). */
    static final int QUIET_ZONE = 4;

    private QrCodeSvg() {
    }

    /** The SVG document of {@code text}, error correction level M. */
    public static String of(String text) {
        QrCode code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = code.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder(code.size * code.size * 4);
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                if (code.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>"
                + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>";
    }
}
