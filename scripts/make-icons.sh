#!/usr/bin/env bash
# Renders icons/source.svg to a 1024 px PNG and lets the Tauri CLI derive every size the
# bundler wants. Run after changing the source image; the results are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || sudo_apt=1
if [ "${sudo_apt:-0}" = 1 ]; then
  ${SUDO:-$( [ "$(id -u)" = 0 ] || echo sudo )} apt-get install -y librsvg2-bin
fi
rsvg-convert -w 1024 -h 1024 icons/source.svg -o icons/icon-1024.png
(cd ui && npx tauri icon ../icons/icon-1024.png -o ../icons)
rm icons/icon-1024.png
# The sizes the hicolor theme has and tauri icon does not write, for the .deb's menu entry,
# notifications and the tray.
for size in 16 24 48 256 512; do
  rsvg-convert -w "$size" -h "$size" icons/source.svg -o "icons/${size}x${size}.png"
done
# Mobile and Windows Store sizes are not used by a desktop-only app.
rm -rf icons/android icons/ios icons/Square*Logo.png icons/StoreLogo.png
