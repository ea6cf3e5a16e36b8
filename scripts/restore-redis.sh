#!/bin/sh
# restore-redis.sh FILE DATA_DIR — makes the snapshot FILE (from backup-redis.sh) Redis' data in
# DATA_DIR. Run it with the app and Redis STOPPED: a running Redis would overwrite these files
# at its next rewrite or shutdown, and a running app would write state that the restore erases.
#
# With AOF on (as in every stack here) Redis 7 loads the AOF and ignores dump.rdb, so the snapshot
# is installed twice: as dump.rdb, and as the base of a fresh AOF (an RDB base file, an empty
# increment and the manifest naming them), which is what Redis itself writes after a rewrite.
# What DATA_DIR held before moves to DATA_DIR/pre-restore-<time>/, so a restore can be undone.
#
# Defaults follow Redis' own: REDIS_AOF_DIRNAME=appendonlydir, REDIS_AOF_FILENAME=appendonly.aof.
# If REDIS_URL is set and a Redis answers there, the restore refuses to run.
set -eu

backup=${1:?usage: restore-redis.sh FILE DATA_DIR}
dir=${2:?usage: restore-redis.sh FILE DATA_DIR}
aof_dir=${REDIS_AOF_DIRNAME:-appendonlydir}
aof_name=${REDIS_AOF_FILENAME:-appendonly.aof}

die() {
  echo "restore-redis: $*" >&2
  exit 1
}

[ -f "$backup" ] || die "no such file: $backup"
[ -d "$dir" ] || die "no such directory: $dir"
[ "$(head -c 5 "$backup")" = REDIS ] || die "$backup is not an RDB snapshot"
if command -v redis-check-rdb >/dev/null 2>&1; then
  redis-check-rdb "$backup" >/dev/null 2>&1 || die "redis-check-rdb rejects $backup"
fi
if [ -n "${REDIS_URL:-}" ] && command -v redis-cli >/dev/null 2>&1; then
  if redis-cli --no-auth-warning -u "$REDIS_URL" ping >/dev/null 2>&1; then
    die "Redis is still running: stop it (and the app) first"
  fi
fi

keep="$dir/pre-restore-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir "$keep"
for old in "$dir/dump.rdb" "$dir/$aof_dir"; do
  if [ -e "$old" ]; then mv "$old" "$keep/"; fi
done

cp "$backup" "$dir/dump.rdb"
mkdir "$dir/$aof_dir"
cp "$backup" "$dir/$aof_dir/$aof_name.1.base.rdb"
: >"$dir/$aof_dir/$aof_name.1.incr.aof"
printf 'file %s.1.base.rdb seq 1 type b\nfile %s.1.incr.aof seq 1 type i\n' \
  "$aof_name" "$aof_name" >"$dir/$aof_dir/$aof_name.manifest"

echo "restore-redis: installed $backup in $dir (the previous data is in $keep); start Redis, then the app"
