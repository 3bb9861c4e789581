#!/usr/bin/env bash
# with-notification-recorder.sh COMMAND...: runs COMMAND while a notification recorder owns
# org.freedesktop.Notifications on the current session bus (see crates/notification-recorder).
# Notifications land in artifacts/notifications.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "no session bus: run inside dbus-run-session" >&2; exit 1; }
mkdir -p artifacts
cargo build --quiet --locked -p plumbline-notification-recorder
recorder="${CARGO_TARGET_DIR:-target}/debug/notification-recorder"
"$recorder" --log artifacts/notifications.jsonl > artifacts/notification-recorder.out 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q ready artifacts/notification-recorder.out 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { cat artifacts/notification-recorder.out >&2; exit 1; }
  sleep 0.1
done
grep -q ready artifacts/notification-recorder.out || { echo "notification recorder did not start" >&2; exit 1; }
export PLUMBLINE_NOTIFICATION_LOG="$PWD/artifacts/notifications.jsonl"
"$@"
