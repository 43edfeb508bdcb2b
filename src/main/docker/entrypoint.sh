#!/bin/sh
# Starts Keepsync as the app user. Hosts such as Railway mount a volume root-owned when the container starts, after
# the image was built, so the app user could not write its backups there: started as root, this script first gives
# the backup directory to the app user, then drops to that user for good. Started as any other user it only runs the
# command. The backup directory is KEEPSYNC_BACKUP_DIR, else RAILWAY_VOLUME_MOUNT_PATH, else the image's /data/backups.
set -eu
app_uid="${KEEPSYNC_APP_UID:-185}"
if [ -z "${KEEPSYNC_BACKUP_DIR:-}" ] && [ -z "${RAILWAY_VOLUME_MOUNT_PATH:-}" ]; then
  export KEEPSYNC_BACKUP_DIR=/data/backups
fi
dir="${KEEPSYNC_BACKUP_DIR:-$RAILWAY_VOLUME_MOUNT_PATH}"
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$dir"
  # Only when the directory is not the app user's yet: a recursive chown of a large volume on every start is slow.
  if [ "$(stat -c %u "$dir")" != "$app_uid" ]; then
    chown -R "$app_uid:0" "$dir"
  fi
  exec setpriv --reuid="$app_uid" --regid=0 --clear-groups -- "$@"
fi
exec "$@"
