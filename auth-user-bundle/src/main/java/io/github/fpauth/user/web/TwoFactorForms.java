package io.github.fpauth.user.web;

import java.util.List;

import io.github.fpauth.api.ui.PageLayout;
import io.github.fpauth.user.totp.SecondFactors;

/** The pieces of HTML that the sign-in and the profile pages share for two-factor sign-in. */
final class TwoFactorForms {

    private TwoFactorForms() {
    }

    /** The code input: six digits from the app, or a recovery code (which is longer). */
    static String codeInput(String id, String label, boolean autofocus) {
        return "<p><label for=\"" + id + "\">" + PageLayout.escape(label) + "</label><br>"
                + "<input id=\"" + id + "\" name=\"code\" autocomplete=\"one-time-code\" required maxlength=\"64\" "
                + "autocapitalize=\"off\" spellcheck=\"false\"" + (autofocus ? " autofocus" : "") + "></p>";
    }

    /**
     * The offer to scan: QR code, the secret as text for typing, and the confirmation form posting
     * to {@code action} with {@code hiddenFields} (CSRF, next) and the sealed offer.
     */
    static String enrolment(SecondFactors.Offer offer, String action, String hiddenFields) {
        StringBuilder body = new StringBuilder(8192);
        body.append("<section id=\"enrolment\"><p>Scan this code with an authenticator app (such as Aegis, ")
                .append("Google Authenticator or 1Password), then type the six-digit code it shows.</p>\n")
                .append("<div id=\"qr-code\" style=\"width:240px\">").append(offer.qrSvg()).append("</div>\n")
                .append("<p>Or enter this key in the app: <code id=\"totp-secret\">")
                .append(PageLayout.escape(grouped(offer.secretBase32()))).append("</code></p>\n")
                .append("<p><a id=\"totp-uri\" href=\"").append(PageLayout.escape(offer.uri()))
                .append("\">Open in an authenticator app on this device</a></p>\n")
                .append("<form id=\"enrol-form\" method=\"post\" action=\"").append(action).append("\">")
                .append(hiddenFields)
                .append("<input type=\"hidden\" name=\"offer\" value=\"").append(PageLayout.escape(offer.token()))
                .append("\">")
                .append(codeInput("code", "Code from the app", true))
                .append("<p><button id=\"enrol-submit\" type=\"submit\">Turn on two-factor sign-in</button></p></form>")
                .append("</section>");
        return body.toString();
    }

    /** The recovery codes, shown once. */
    static String recoveryCodes(List<String> codes) {
        StringBuilder body = new StringBuilder(1024);
        body.append("<section id=\"recovery\"><h2>Recovery codes</h2>\n<p>Each of these codes signs you in once ")
                .append("if you lose your authenticator. Keep them somewhere safe: they are shown only now.</p>\n")
                .append("<ul id=\"recovery-codes\">");
        for (String code : codes) {
            body.append("<li><code>").append(PageLayout.escape(code)).append("</code></li>");
        }
        return body.append("</ul></section>").toString();
    }

    /** The secret in groups of four, as apps accept it typed. */
    private static String grouped(String base32) {
        StringBuilder out = new StringBuilder(base32.length() + base32.length() / 4);
        for (int i = 0; i < base32.length(); i += 4) {
            out.append(i == 0 ? "" : " ").append(base32, i, Math.min(i + 4, base32.length()));
        }
        return out.toString();
    }
}
