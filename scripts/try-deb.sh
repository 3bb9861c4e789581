#!/usr/bin/env bash
# Installs the built .deb, runs the installed CLI and window, removes the package and checks
# that the partner's data stayed (scripts/deb.sh, try_installed_deb). Run by scripts/test.sh
# under Xvfb and a private D-Bus session with the test services.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/deb.sh"
try_installed_deb "$1"
