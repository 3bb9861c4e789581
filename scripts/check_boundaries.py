#!/usr/bin/env python3
"""Architecture rules that a build would not catch (ARCHITECTURE.md, "Boundaries"):

1. No crate under crates/ depends on Tauri, directly or through another crate.
2. Nothing in ui/src outside ui/src/ipc/ imports @tauri-apps/* (static or dynamic import).

Usage: check_boundaries.py [ROOT]   (exit 1 and one line per violation when broken)
       check_boundaries.py --self-test   (proves both rules catch a violation)
"""
import json
import os
import re
import subprocess
import sys
import tempfile

TAURI = re.compile(r"^tauri(-.*)?$")
IMPORT = re.compile(r"""(?:from\s+|import\s*\(?\s*|require\s*\(\s*)['"]@tauri-apps/""")


def host_triple():
    out = subprocess.run(["rustc", "-vV"], check=True, capture_output=True, text=True).stdout
    return next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("host: "))


def tauri_dependents(root):
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--filter-platform", host_triple(),
             "--manifest-path", os.path.join(root, "Cargo.toml")],
            check=True, capture_output=True, text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in meta["packages"]}
    deps = {node["id"]: [d["pkg"] for d in node["deps"]] for node in meta["resolve"]["nodes"]}
    crates_dir = os.path.join(os.path.realpath(root), "crates") + os.sep
    problems = []
    for pid in meta["workspace_members"]:
        manifest = os.path.realpath(packages[pid]["manifest_path"])
        if not manifest.startswith(crates_dir):
            continue
        seen, stack = set(), [(pid, [packages[pid]["name"]])]
        while stack:
            current, path = stack.pop()
            for dep in deps.get(current, []):
                if dep in seen:
                    continue
                seen.add(dep)
                name = packages[dep]["name"]
                if TAURI.match(name):
                    problems.append(f"{packages[pid]['name']} depends on Tauri: {' -> '.join(path + [name])}")
                    stack.clear()
                    break
                stack.append((dep, path + [name]))
    return problems


def tauri_imports(root):
    src = os.path.join(root, "ui", "src")
    ipc = os.path.join(src, "ipc") + os.sep
    problems = []
    for folder, _, files in os.walk(src):
        for name in files:
            if not name.endswith((".ts", ".js", ".svelte", ".tsx", ".jsx", ".mts")):
                continue
            path = os.path.join(folder, name)
            if path.startswith(ipc):
                continue
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    if IMPORT.search(line):
                        problems.append(f"{os.path.relpath(path, root)}:{number} imports @tauri-apps outside ui/src/ipc")
    return problems


def check(root):
    return tauri_dependents(root) + tauri_imports(root)


def self_test():
    with tempfile.TemporaryDirectory() as root:
        for crate in ("crates/core", "crates/bridge", "vendor/tauri-shim"):
            os.makedirs(os.path.join(root, crate, "src"))
            open(os.path.join(root, crate, "src", "lib.rs"), "w").close()
        os.makedirs(os.path.join(root, "ui", "src", "ipc"))
        os.makedirs(os.path.join(root, "ui", "src", "views"))
        package = '[package]\nname = "{}"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n{}'
        manifests = {
            "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n',
            # core -> bridge -> tauri-shim: caught although core never names Tauri itself.
            "crates/core/Cargo.toml": package.format("core", 'bridge = { path = "../bridge" }\n'),
            "crates/bridge/Cargo.toml": package.format("bridge", 'tauri-shim = { path = "../../vendor/tauri-shim" }\n'),
            "vendor/tauri-shim/Cargo.toml": package.format("tauri-shim", ""),
            "ui/src/ipc/index.ts": "import { invoke } from '@tauri-apps/api/core';\n",
            "ui/src/views/Bad.svelte": "<script>\n  const m = await import('@tauri-apps/api/window');\n</script>\n",
        }
        for path, text in manifests.items():
            with open(os.path.join(root, path), "w") as f:
                f.write(text)
        problems = check(root)
        expected = ["core depends on Tauri", "bridge depends on Tauri", "Bad.svelte:2 imports"]
        missing = [e for e in expected if not any(e in p for p in problems)]
        if missing or any("ipc/index.ts" in p for p in problems):
            print(f"self-test FAILED: missing {missing}; got {problems}", file=sys.stderr)
            return 1
        print("boundary self-test: both rules catch violations")
        return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(root)
    for p in problems:
        print(f"boundary violation: {p}", file=sys.stderr)
    if not problems:
        print("boundaries hold: no Tauri in crates/, @tauri-apps only in ui/src/ipc")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
