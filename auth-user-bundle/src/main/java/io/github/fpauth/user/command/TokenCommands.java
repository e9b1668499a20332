package io.github.fpauth.user.command;

import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.github.fpauth.user.token.AccessToken;
import io.github.fpauth.user.token.AccessTokens;

/** Gogo commands (scope {@code fpauth}) for personal access tokens. */
@Component(service = TokenCommands.class, property = {
        "osgi.command.scope=fpauth",
        "osgi.command.function=tokens",
        "osgi.command.function=tokenadd",
        "osgi.command.function=tokenrevoke" })
public class TokenCommands {

    private final AccessTokens tokens;

    @Activate
    public TokenCommands(@Reference AccessTokens tokens) {
        this.tokens = tokens;
    }

    /** {@code tokens <user>}: the user's tokens (never their secrets). */
    public String tokens(String user) {
        List<AccessToken> list = tokens.tokensOf(user);
        if (list.isEmpty()) {
            return "User '" + user + "' has no access tokens.";
        }
        int nameWidth = "NAME".length();
        for (AccessToken token : list) {
            nameWidth = Math.max(nameWidth, token.name().length());
        }
        String row = "%-" + nameWidth + "s  %-20s  %-20s  %s%n";
        StringBuilder out = new StringBuilder(String.format(row, "NAME", "CREATED", "EXPIRES", "LAST USED"));
        for (AccessToken token : list) {
            out.append(String.format(row, token.name(), time(token.createdAt()),
                    token.expiresAt() == null ? "never" : time(token.expiresAt()),
                    token.lastUsedAt() == null ? "never" : time(token.lastUsedAt())));
        }
        return out.toString().stripTrailing();
    }

    /** {@code tokenadd <user> <name> [days]}: prints the secret, once. */
    public String tokenadd(String user, String name) {
        return tokenadd(user, name, 0);
    }

    public String tokenadd(String user, String name, int days) {
        AccessTokens.CreatedToken created = tokens.create(user, name, days);
        return "Created access token '" + name + "' of user '" + user + "'"
                + (days == 0 ? " (no expiry)" : " expiring " + time(created.token().expiresAt())) + ".\n"
                + "Its secret is shown this once:\n" + created.secret();
    }

    /** {@code tokenrevoke <user> <name>} */
    public String tokenrevoke(String user, String name) {
        if (!tokens.revoke(user, name)) {
            throw new IllegalArgumentException("user '" + user + "' has no token named '" + name + "'");
        }
        return "Revoked access token '" + name + "' of user '" + user + "'.";
    }

    private static String time(Instant instant) {
        return instant.toString().substring(0, 19).replace('T', ' ');
    }
}
