# Builds, checks and tries the .deb: shared by scripts/package.sh and scripts/test.sh.
# Sourced after lib.sh (it needs ROOT, TARGET_DIR and as_root). See packaging/README.md.

# What building the package needs beyond BUILD_PACKAGES: the indicator's headers (the Tauri
# bundler links the tray), dpkg-shlibdeps for the Depends line, help2man for the CLI's man
# page, and the checkers.
PACKAGE_PACKAGES=(libayatana-appindicator3-dev dpkg-dev help2man lintian appstream desktop-file-utils)

# The package's run-time needs that no ELF header names: the tray's indicator library is
# loaded at run time (the app panics without it), credentials live in a Secret Service, and
# notifications need a server (the desktop's own, or a stand-alone daemon).
DEB_EXTRA_DEPENDS=("libayatana-appindicator3-1" "gnome-keyring | libkf5wallet-bin | keepassxc")
DEB_RECOMMENDS=("gnome-shell | plasma-workspace | notification-daemon")

workspace_version() {
  cargo metadata --no-deps --format-version 1 --locked |
    python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "plumbline-desktop"))'
}

# The changelog and the AppStream release must name the version the workspace builds.
check_versions_agree() {
  local version changelog metainfo
  version=$(workspace_version)
  changelog=$(dpkg-parsechangelog -l packaging/changelog -S Version)
  metainfo=$(python3 -c 'import sys, xml.etree.ElementTree as t; print(t.parse(sys.argv[1]).find("releases/release").get("version"))' packaging/com.plumbline.desktop.metainfo.xml)
  if [ "$changelog" != "$version" ] || [ "$metainfo" != "$version" ]; then
    echo "The workspace builds $version, but packaging/changelog says $changelog and the metainfo's newest release $metainfo: add an entry for $version to both." >&2
    return 1
  fi
  DEB_VERSION=$version
}

# dpkg-shlibdeps reads what the binaries link and gives the lowest versions that provide it
# (libc6 (>= 2.34), libwebkit2gtk-4.1-0 (>= 2.41.90), ...): the Depends line stays true when
# the code or the build machine changes.
shared_library_depends() {
  local scratch
  scratch=$(mktemp -d)
  mkdir "$scratch/debian"
  printf 'Source: plumbline\n\nPackage: plumbline\nArchitecture: any\n' >"$scratch/debian/control"
  (cd "$scratch" && dpkg-shlibdeps -O "$@" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
  rm -rf "$scratch"
}

# Builds artifacts/plumbline_<version>_<arch>.deb and prints its path on the last line.
build_deb() {
  check_versions_agree
  # The binaries first (the app as `tauri build` builds it), so that the libraries they link
  # are known when the bundle is made.
  ui/node_modules/.bin/tauri build --no-bundle
  cargo build --release --locked -p plumbline-cli
  local out="$TARGET_DIR/packaging"
  rm -rf "$out" && mkdir -p "$out"
  help2man --no-info --version-string="$DEB_VERSION" \
    --name="Plumbline for Procore App Marketplace partners, on the command line" \
    --include=packaging/plumbline.h2m "$TARGET_DIR/release/plumbline" >"$out/plumbline.1"
  gzip -9n <"$out/plumbline.1" >"$out/plumbline.1.gz"
  gzip -9n <packaging/plumbline-desktop.1 >"$out/plumbline-desktop.1.gz"
  # Not the bundler's `changelog` option: it files it under the product's name
  # (/usr/share/doc/Plumbline), where nothing looks for it.
  gzip -9n <packaging/changelog >"$out/changelog.gz"
  local libs
  libs=$(shared_library_depends "$TARGET_DIR/release/plumbline-desktop" "$TARGET_DIR/release/plumbline")
  [ -n "$libs" ] || { echo "dpkg-shlibdeps found no libraries: is dpkg-dev installed?" >&2; return 1; }
  # Generated parts of the bundle configuration; tauri.conf.json holds the fixed ones and
  # `--config` merges the two.
  DEB_LIBS="$libs" OUT="$out" TARGET_DIR="$TARGET_DIR" python3 - \
    "${DEB_EXTRA_DEPENDS[@]}" -- "${DEB_RECOMMENDS[@]}" >"$out/bundle.json" <<'PY'
import json, os, sys
args = sys.argv[1:]
split = args.index("--")
depends = [d.strip() for d in os.environ["DEB_LIBS"].split(",")] + args[:split]
out, target = os.environ["OUT"], os.environ["TARGET_DIR"]
print(json.dumps({"bundle": {"linux": {"deb": {
    "depends": depends,
    "recommends": args[split + 1:],
    "files": {
        "/usr/bin/plumbline": f"{target}/release/plumbline",
        "/usr/share/man/man1/plumbline.1.gz": f"{out}/plumbline.1.gz",
        "/usr/share/man/man1/plumbline-desktop.1.gz": f"{out}/plumbline-desktop.1.gz",
        "/usr/share/doc/plumbline/changelog.gz": f"{out}/changelog.gz",
    },
}}}}, indent=2))
PY
  rm -f "$TARGET_DIR"/release/bundle/deb/*.deb
  ui/node_modules/.bin/tauri bundle --bundles deb --config "$out/bundle.json"
  local built
  built=$(ls "$TARGET_DIR"/release/bundle/deb/*.deb)
  mkdir -p artifacts
  DEB_PATH="$ROOT/artifacts/plumbline_${DEB_VERSION}_$(dpkg --print-architecture).deb"
  cp "$built" "$DEB_PATH"
  echo "$DEB_PATH"
}

# Lintian: any error or warning fails. A warning that cannot be fixed is justified in an
# overrides file shipped as /usr/share/lintian/overrides/plumbline (packaging/README.md); today
# there is none. Informational tags are printed, not failed on.
lint_deb() {
  appstreamcli validate --no-net --pedantic packaging/com.plumbline.desktop.metainfo.xml
  local report
  report=$(lintian --fail-on error,warning --display-info "$1" 2>&1) || {
    echo "$report" >&2
    echo "lintian: fix the package, or justify the tag in an overrides file (packaging/README.md)" >&2
    return 1
  }
  echo "${report:-lintian: no errors, no warnings}"
  local scratch
  scratch=$(mktemp -d)
  dpkg-deb -x "$1" "$scratch"
  desktop-file-validate "$scratch"/usr/share/applications/*.desktop
  rm -rf "$scratch"
}

# Installs the package as a partner would (apt resolves its Depends), runs the installed CLI
# and window (tests/e2e_installed.rs, under the test command's Xvfb and private bus), removes
# the package and checks that the partner's data is still there. Leaves the machine without
# the package whether or not a check failed.
try_installed_deb() {
  local deb home
  deb=$(realpath "$1") # apt takes a path only when it has a slash
  check_versions_agree
  # A Plumbline the partner installed is theirs: this test would replace it and then remove it.
  if dpkg-query -W -f='${Status}' plumbline 2>/dev/null | grep -q "install ok installed"; then
    if in_ci; then
      echo "Plumbline is already installed on this CI machine: remove it (sudo dpkg --purge plumbline) so the package can be tried." >&2
      return 1
    fi
    echo "skipping the installed-package test: Plumbline is installed here, and the test would remove it"
    return 0
  fi
  home=$(mktemp -d)
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb"
  trap 'as_root dpkg --purge plumbline >/dev/null 2>&1 || true' EXIT
  [ "$(/usr/bin/plumbline --version)" = "plumbline $DEB_VERSION" ] || {
    echo "the installed plumbline says $(/usr/bin/plumbline --version), not $DEB_VERSION" >&2
    return 1
  }
  # The window from /usr/bin, driven through WebDriver: the Portfolio shows the demo apps.
  PLUMBLINE_INSTALLED_APP=/usr/bin/plumbline-desktop PLUMBLINE_INSTALLED_HOME="$home" \
    cargo test --locked --test e2e_installed -- --ignored
  # The CLI reads the profile the window wrote.
  local listed
  listed=$(HOME="$home" /usr/bin/plumbline apps list)
  echo "$listed"
  grep -q "Site Diary Sync" <<<"$listed" || { echo "plumbline apps list does not show the demo apps" >&2; return 1; }
  local profile="$home/.local/share/plumbline/profiles/default.sqlite3" before after
  before=$(sha256sum "$profile")
  # dpkg --purge, not only remove: not even purging may touch a partner's home folder.
  as_root dpkg --purge plumbline
  [ ! -e /usr/bin/plumbline ] && [ ! -e /usr/bin/plumbline-desktop ] || {
    echo "the package left its programs behind" >&2
    return 1
  }
  after=$(sha256sum "$profile")
  [ "$before" = "$after" ] || { echo "removing the package changed $profile" >&2; return 1; }
  [ -s "$home/.local/state/plumbline/plumbline.log" ] || { echo "removing the package deleted the log" >&2; return 1; }
  echo "removed; the profile ($profile) and the logs are untouched"
  rm -rf "$home"
}
