#!/bin/sh
# backup-redis.sh FILE — a consistent, point-in-time snapshot of Redis (every database) in FILE,
# taken online: BGSAVE forks the server and writes one instant of its memory to a new RDB file,
# renamed over dump.rdb only when complete; we wait for that save to finish (LASTSAVE moves, the
# save counter grows) and copy the file. Copying the live AOF instead could catch it mid-write.
#
# Which Redis: REDIS_URL (default redis://127.0.0.1:6379, its password is never printed), and
# REDIS_EXEC when Redis runs elsewhere (redis-cli and cat then run there):
#   REDIS_EXEC='docker compose exec -T redis' scripts/backup-redis.sh backups/redis.rdb
#   REDIS_EXEC='kubectl -n ffe exec -i redis-0 --' scripts/backup-redis.sh backups/redis.rdb
set -eu

out=${1:?usage: backup-redis.sh FILE}
exec_in=${REDIS_EXEC:-}
url=${REDIS_URL:-redis://127.0.0.1:6379}
timeout=${BACKUP_TIMEOUT_SECONDS:-600}

die() {
  echo "backup-redis: $*" >&2
  exit 1
}
# $exec_in is split on purpose: it is a command and its arguments.
cli() {
  # shellcheck disable=SC2086
  $exec_in redis-cli --no-auth-warning -u "$url" "$@" | tr -d '\r'
}
info() { cli INFO persistence | sed -n "s/^$1://p"; }

[ "$(cli PING)" = PONG ] || die "no Redis answers (check REDIS_URL / REDIS_EXEC)"

saves_before=$(info rdb_saves)
lastsave_before=$(cli LASTSAVE)
deadline=$(($(date +%s) + timeout))
# One save at a time: if another BGSAVE runs, let it finish and start ours after it.
until reply=$(cli BGSAVE SCHEDULE) && case $reply in *ERR*) false ;; esac; do
  [ "$(date +%s)" -lt "$deadline" ] || die "could not start BGSAVE: $reply"
  sleep 0.2
done
while :; do
  if [ "$(info rdb_bgsave_in_progress)" = 0 ] &&
    { [ "$(info rdb_saves)" -gt "${saves_before:-0}" ] 2>/dev/null ||
      [ "$(cli LASTSAVE)" -gt "$lastsave_before" ]; }; then
    break
  fi
  [ "$(date +%s)" -lt "$deadline" ] || die "BGSAVE did not finish within ${timeout}s"
  sleep 0.2
done
[ "$(info rdb_last_bgsave_status)" = ok ] || die "BGSAVE failed: see the Redis log"

dump="$(cli CONFIG GET dir | sed -n 2p)/$(cli CONFIG GET dbfilename | sed -n 2p)"

# The snapshot holds all trading state: readable by its owner only.
umask 077
mkdir -p "$(dirname "$out")"
partial="$out.partial.$$"
trap 'rm -f "$partial"' EXIT
# shellcheck disable=SC2086
$exec_in cat "$dump" >"$partial" || die "could not read $dump"

# An RDB file starts with its magic; anything else is not a backup.
[ "$(head -c 5 "$partial")" = REDIS ] || die "$dump is not an RDB snapshot"
if command -v redis-check-rdb >/dev/null 2>&1; then
  redis-check-rdb "$partial" >/dev/null 2>&1 || die "redis-check-rdb rejects the snapshot"
fi
mv "$partial" "$out"
echo "backup-redis: wrote $out ($(wc -c <"$out" | tr -d ' ') bytes)"
