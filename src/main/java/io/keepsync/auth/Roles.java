package io.keepsync.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a caller may do. Access tokens and console sessions speak for the whole account; a device API key holds only
 * the scopes it was created with, and never {@link #ACCOUNT}: it cannot manage keys, passwords, sessions or the
 * account, so a stolen phone's key cannot take the account over.
 */
public final class Roles {

    /** Managing the account: keys, password, sessions, deletion, restores. Access tokens and console sessions. */
    public static final String ACCOUNT = "user";
    /** Push, pull, status and live events. */
    public static final String SYNC = "sync";
    /** Upload, list, read, download, label and pin backups. */
    public static final String BACKUP = "backup";
    /** List, read and download backups. */
    public static final String BACKUP_READ = "backup:read";

    /** The scopes a device key may be given, and those it gets when none are asked for. */
    public static final List<String> KEY_SCOPES = List.of(SYNC, BACKUP, BACKUP_READ);
    public static final List<String> DEFAULT_KEY_SCOPES = List.of(SYNC, BACKUP);

    /** Everything an access token or a console session may do. */
    static final Set<String> EVERYTHING = Set.of(ACCOUNT, SYNC, BACKUP, BACKUP_READ);

    private Roles() {
    }

    /** The roles of a key with these scopes: {@code backup} includes reading. */
    static Set<String> ofScopes(List<String> scopes) {
        Set<String> roles = new HashSet<>(scopes);
        if (roles.contains(BACKUP)) {
            roles.add(BACKUP_READ);
        }
        return Set.copyOf(roles);
    }
}
