package io.keepsync.sync;

/** What happened to a pushed change; the wire and the mutation log use these names. */
public enum ChangeStatus {
    applied,
    stale,
    duplicate,
    rejected
}
