package io.keepsync.console;

import java.util.List;

import io.keepsync.auth.ApiKeyCreated;
import io.keepsync.auth.ApiKeyView;
import io.keepsync.auth.Me;
import io.keepsync.backup.Backups;
import io.keepsync.backup.catalog.BackupView;
import io.keepsync.snapshots.RestoreResult;
import io.keepsync.sync.status.SyncStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's templates (templates/console/) and their fragments ({@code page$fragment}): a row, the summary or a
 * toast is written once, in its fragment, and pages and htmx answers both render it from there.
 */
@CheckedTemplate(basePath = "console")
final class Views {

    private Views() {
    }

    static native TemplateInstance signin(String token, String email, String error, String notice, boolean canSignUp);

    static native TemplateInstance signup(String token, String email, String error, boolean open);

    static native TemplateInstance backups(Chrome chrome, Backups.Overview overview, List<BackupView> rows,
            String next, String newest, int maxLabel);

    static native TemplateInstance backups$summary(Backups.Overview overview, boolean oob);

    static native TemplateInstance backups$rows(List<BackupView> rows, String next, int maxLabel);

    static native TemplateInstance backups$row(BackupView row, int maxLabel);

    static native TemplateInstance backups$newest(String newest, boolean oob);

    /** The confirmation of a restore, with what its dry run counted. */
    static native TemplateInstance backups$restore(BackupView backup, RestoreResult counts);

    /** Removes the "no backups yet" row once there is one. */
    static native TemplateInstance backups$filled();

    static native TemplateInstance devices(Chrome chrome, SyncStatus status);

    static native TemplateInstance keys(Chrome chrome, List<ApiKeyView> keys);

    static native TemplateInstance keys$list(List<ApiKeyView> keys, boolean oob);

    static native TemplateInstance keys$created(ApiKeyCreated key);

    static native TemplateInstance account(Chrome chrome, Me me);

    static native TemplateInstance parts$toast(Toast toast);
}
