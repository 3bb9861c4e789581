#!/usr/bin/python3
"""The Portfolio's first screen in WebKitGTK without the app around it, for A/B comparisons.

Loads built UIs (`ui/dist` copies) in a WebKitGTK view set up like Plumbline's window (CPU
path, 1180x760, a `tauri://` scheme serving the files, the shell's boot state with 50 apps,
a stand-in for `__TAURI_INTERNALS__`), ROUNDS times each, interleaved so the machine's drift
hits every variant alike, and prints the medians of the page's own marks:

    /usr/bin/python3 bench/page.py --rounds 15 /tmp/before-dist ui/dist

under a display (`xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- ...`). Needs
Debian's python3-gi and gir1.2-webkit2-4.1 (the system Python, not a virtualenv; the test
command installs both, through python3-dbusmock and libwebkit2gtk-4.1-dev). Segments:
html (navigation start to the document), script (to the first module's run), mount (main.ts
to `plumbline:mounted`), paint (to `plumbline:first-paint`, two frames later), page (all).
Each variant starts in a fresh process, so fonts, caches and JIT are cold as at start-up.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

FRAME = """
window.__PLUMBLINE_BOOT__ = %s;
window.__TAURI_INTERNALS__ = {
  invoke(cmd, args) {
    if (cmd === 'mark_first_paint') window.webkit.messageHandlers.marks.postMessage(JSON.stringify(args.args));
    // Everything after the first paint (connections, trends, events) simply never answers.
    return new Promise(() => {});
  },
  transformCallback() { return 0; },
  metadata: { currentWindow: { label: 'main' }, currentWebview: { label: 'main', windowLabel: 'main' } },
};
"""


def boot_state():
    envs = ["production", "developerSandbox", "monthlySandbox", "federal"]
    roles = ["owner", "admin", "developer"]
    apps = [dict(id=i, displayName=f"Benchmark App {i}", procoreAppId=None, clientId=None,
                 environment=envs[i % 4], role=roles[i % 3], demo=False, createdAt=1, updatedAt=1,
                 distribution="marketplace") for i in range(1, 51)]
    info = dict(version="0", databasePath="/nonexistent", logDir="/nonexistent", demoMode=False)
    return dict(info=info, apps=apps, uiFont=os.environ.get("PLUMBLINE_UI_FONT", "sans-serif"))


def load_once(dist):
    """Runs in a child process: one load of DIST, prints the page's marks as JSON."""
    import gi
    gi.require_version("Gtk", "3.0")
    gi.require_version("WebKit2", "4.1")
    from gi.repository import Gio, GLib, Gtk, WebKit2

    def serve(request):
        path = os.path.join(dist, request.get_path().lstrip("/") or "index.html")
        with open(path, "rb") as f:
            data = f.read()
        kind = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}.get(
            os.path.splitext(path)[1], "application/octet-stream")
        request.finish(Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(data)), len(data), kind)

    context = WebKit2.WebContext.get_default()
    context.register_uri_scheme("tauri", serve)
    context.get_security_manager().register_uri_scheme_as_secure("tauri")
    content = WebKit2.UserContentManager()
    content.add_script(WebKit2.UserScript(FRAME % json.dumps(boot_state()),
                                          WebKit2.UserContentInjectedFrames.TOP_FRAME,
                                          WebKit2.UserScriptInjectionTime.START, None, None))
    content.register_script_message_handler("marks")
    result = {}

    def received(_, message):
        result.update(json.loads(message.get_js_value().to_string()))
        Gtk.main_quit()

    content.connect("script-message-received::marks", received)
    view = WebKit2.WebView.new_with_user_content_manager(content)
    view.get_settings().set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
    window = Gtk.Window()
    window.set_default_size(1180, 760)
    window.add(view)
    window.show_all()
    view.load_uri("tauri://localhost/index.html")
    GLib.timeout_add_seconds(20, Gtk.main_quit)
    Gtk.main()
    print(json.dumps(result))


SEGMENTS = [
    ("html", None, "index.html arrived"),
    ("script", "index.html arrived", "plumbline:modules-loaded"),
    ("mount", "plumbline:script", "plumbline:mounted"),
    ("paint", "plumbline:mounted", "plumbline:first-paint"),
]


def segments(report):
    marks = {m["name"]: m["ms"] for m in report["marks"]}
    marks["plumbline:first-paint"] = report["pageMs"]
    out = {}
    for name, start, end in SEGMENTS:
        if end in marks and (start is None or start in marks):
            out[name] = marks[end] - (marks[start] if start else 0)
    out["page"] = report["pageMs"]
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--load-once":
        return load_once(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("dists", nargs="+", help="built UIs (folders with index.html)")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        sys.exit("no DISPLAY: run it under xvfb-run (see the top of this file)")
    samples = {d: [] for d in args.dists}
    for _ in range(args.rounds):
        for dist in args.dists:
            run = subprocess.run([sys.executable, __file__, "--load-once", os.path.abspath(dist)],
                                 capture_output=True, text=True, timeout=60)
            lines = [l for l in run.stdout.splitlines() if l.startswith("{")]
            report = json.loads(lines[-1]) if lines else {}
            if "pageMs" not in report:
                sys.exit(f"{dist} never reported its first paint:\n{run.stderr[-2000:]}")
            samples[dist].append(segments(report))
    names = [name for name, _, _ in SEGMENTS] + ["page"]
    print(f"median of {args.rounds} loads (ms)   " + "".join(f"{n:>8}" for n in names))
    for dist, runs in samples.items():
        cells = "".join(f"{statistics.median(r[n] for r in runs if n in r):8.1f}" for n in names)
        print(f"{dist[-28:]:<28}      {cells}")


if __name__ == "__main__":
    sys.exit(main())
