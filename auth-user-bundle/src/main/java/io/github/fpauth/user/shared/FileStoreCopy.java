package io.github.fpauth.user.shared;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.github.fpauth.user.session.PersistentSessionStore;
import io.github.fpauth.user.session.SessionSecrets;
import io.github.fpauth.user.session.SessionTimeouts;
import io.github.fpauth.user.spi.SessionRow;
import io.github.fpauth.user.spi.SharedStore;
import io.github.fpauth.user.spi.TokenRow;
import io.github.fpauth.user.spi.UserRow;
import io.github.fpauth.user.store.UserStore;
import io.github.fpauth.user.store.UserStoreException;
import io.github.fpauth.user.token.TokenStore;

/**
 * The records of a node's file store (users, personal access tokens, live sessions), read from
 * its three files, and copied into a shared store: how a single node moves to a database.
 *
 * <p>Failure records are not copied: the file store keeps them in memory only.
 *
 * <p>The copy refuses a target that holds any record, unless forced; forced, a user stored in
 * both is replaced by the file's, and a token or session stored already (same hash) is kept.
 * So running it again gives the same result: it is idempotent.
 */
public final class FileStoreCopy {

    private final List<UserRow> users;
    private final List<TokenRow> tokens;
    private final List<SessionRow> sessions;
    private final Path userFile;

    private FileStoreCopy(Path userFile, List<UserRow> users, List<TokenRow> tokens, List<SessionRow> sessions) {
        this.userFile = userFile;
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
    }

    /**
     * Reads the file store; a missing token or session file means none, expired sessions are left
     * out.
     *
     * @throws UserStoreException when there is no user file, or a file cannot be read
     */
    public static FileStoreCopy read(Path userFile, Path tokenFile, Path sessionFile, SessionTimeouts timeouts) {
        if (!Files.isRegularFile(userFile)) {
            throw new UserStoreException("no user store at " + userFile + ": nothing to copy");
        }
        UserStore userStore = UserStore.open(userFile);
        TokenStore tokenStore = TokenStore.open(tokenFile);
        PersistentSessionStore sessionStore = new PersistentSessionStore(sessionFile,
                new SessionSecrets(new SecureRandom()), timeouts, System::currentTimeMillis);
        return new FileStoreCopy(userFile, userStore.rows(), tokenStore.rows(), sessionStore.rows());
    }

    /** What the files hold, e.g. "3 users, 2 tokens and 5 sessions in /srv/fpauth/users.txt". */
    public String describe() {
        return users.size() + " users, " + tokens.size() + " tokens and " + sessions.size() + " live sessions in "
                + userFile.getParent();
    }

    /**
     * Copies every record into {@code target}, users first (tokens and sessions belong to them).
     *
     * @param force copy into a target that holds records already
     * @throws IllegalStateException  when the target holds records and {@code force} is not set
     * @throws io.github.fpauth.user.spi.StoreUnavailableException when the target fails; what
     *         was copied so far stays, and running the copy again (forced) completes it
     */
    public Result copyInto(SharedStore target, boolean force) {
        Objects.requireNonNull(target, "target");
        if (!force && !target.isEmpty()) {
            throw new IllegalStateException("the store " + target.describe()
                    + " holds records already: nothing copied (force the copy to merge into it)");
        }
        int usersReplaced = 0;
        Set<String> stored = new HashSet<>();
        for (UserRow user : users) {
            boolean[] existed = {false};
            target.updateUser(user.name(), existing -> {
                existed[0] = existing != null;
                return user;
            });
            if (existed[0]) {
                usersReplaced++;
            }
            stored.add(user.name());
        }
        int tokensCopied = 0;
        for (TokenRow token : tokens) {
            if (target.token(token.secretHash()).isPresent()) {
                continue;
            }
            try {
                // the file store's own limits admitted it: no refusal here
                target.insertToken(token, owned -> null);
                tokensCopied++;
            } catch (IllegalArgumentException e) {
                // another token of that owner has that name in the target: the target's stays
            }
        }
        int sessionsCopied = 0;
        for (SessionRow session : sessions) {
            if (!stored.contains(session.user()) || target.session(session.secretHash()).isPresent()) {
                continue;
            }
            target.insertSession(session, Integer.MAX_VALUE);
            sessionsCopied++;
        }
        return new Result(users.size(), usersReplaced, tokensCopied, tokens.size() - tokensCopied, sessionsCopied,
                sessions.size() - sessionsCopied);
    }

    /** What a copy did. */
    public record Result(int users, int usersReplaced, int tokensCopied, int tokensKept, int sessionsCopied,
            int sessionsKept) {

        @Override
        public String toString() {
            return "Copied " + users + " users (" + usersReplaced + " replaced), " + tokensCopied + " tokens ("
                    + tokensKept + " stored already or clashing, kept as stored) and " + sessionsCopied
                    + " sessions (" + sessionsKept + " stored already, kept).";
        }
    }
}
