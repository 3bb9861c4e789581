#!/usr/bin/env bash
# with-test-services.sh COMMAND...: runs COMMAND inside the current (private) session bus with
# the services the tests talk to:
# - a notification recorder owning org.freedesktop.Notifications (crates/notification-recorder),
#   recording to artifacts/notifications.jsonl;
# - a real Secret Service (gnome-keyring) with a throw-away login keyring, unlocked, so the
#   keychain code is tested against the real thing and never touches the machine's own.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "no session bus: run inside dbus-run-session" >&2; exit 1; }
mkdir -p artifacts
cargo build --quiet --locked -p plumbline-notification-recorder
recorder="${CARGO_TARGET_DIR:-target}/debug/notification-recorder"
"$recorder" --log artifacts/notifications.jsonl > artifacts/notification-recorder.out 2>&1 &
recorder_pid=$!
keyring_home=$(mktemp -d)
cleanup() {
  kill "$recorder_pid" 2>/dev/null || true
  pkill -f "gnome-keyring-daemon.*$keyring_home" 2>/dev/null || true
  [ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null || true
  rm -rf "$keyring_home"
}
trap cleanup EXIT
for _ in $(seq 100); do
  grep -q ready artifacts/notification-recorder.out 2>/dev/null && break
  kill -0 "$recorder_pid" 2>/dev/null || { cat artifacts/notification-recorder.out >&2; exit 1; }
  sleep 0.1
done
grep -q ready artifacts/notification-recorder.out || { echo "notification recorder did not start" >&2; exit 1; }
export PLUMBLINE_NOTIFICATION_LOG="$PWD/artifacts/notifications.jsonl"

# The daemon prints GNOME_KEYRING_CONTROL=… and GNOME_KEYRING_PID=… lines to export.
eval "$(printf 'plumbline-test' | HOME="$keyring_home" XDG_DATA_HOME="$keyring_home" \
  gnome-keyring-daemon --unlock --components=secrets | sed 's/^/export /')"
export PLUMBLINE_TEST_KEYRING=1
"$@"
