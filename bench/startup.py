#!/usr/bin/env python3
"""Start-up benchmark: exec to first paint, and resident memory after start-up.

Runs the release build of Plumbline on a Portfolio of 50 apps and a bare Tauri window built
with the same settings, alternately, RUNS times each after WARMUP starts of each that are not
counted (the first start after a build reads the new binary from disk), under the current DISPLAY (run it
through scripts/bench-startup.sh, which builds everything and provides Xvfb and D-Bus).

First paint: each app prints `plumbline:first-paint PAGE_MS` after the second animation frame
following its first real screen (for Plumbline: the Portfolio of 50 apps, its first screen drawn);
PAGE_MS is the page's own time since its navigation started, printed beside the totals so
the page's share of the time can be told from the process's.
Memory: the summed VmRSS of the app process and every descendant (WebKit's web and network
processes), SETTLE seconds after the first paint.
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import time

MARKER = "plumbline:first-paint"


def descendants(pid):
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except FileNotFoundError:
            pass
    return found


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def run_once(binary, env, settle, timeout):
    start = time.monotonic()
    proc = subprocess.Popen(
        [binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        start_new_session=True,
    )
    try:
        deadline = start + timeout
        painted = page = None
        for line in proc.stdout:
            if line.startswith(MARKER):
                painted = time.monotonic() - start
                page = float(line.split()[1]) / 1000
                break
            if time.monotonic() > deadline:
                break
        if painted is None:
            raise RuntimeError(f"{binary} never reported its first paint")
        time.sleep(settle)
        pids = descendants(proc.pid)
        memory = sum(rss_kib(p) for p in pids)
        return painted, page, memory, len(pids)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def renderer():
    """Says which way both windows draw (src-tauri/rendering.rs makes the same choice)."""
    forced = os.environ.get("PLUMBLINE_GPU", "").strip().lower()
    if forced in ("on", "1", "yes", "true"):
        return "GPU (PLUMBLINE_GPU)"
    if forced in ("off", "0", "no", "false"):
        return "CPU (PLUMBLINE_GPU)"
    try:
        nodes = [n for n in os.listdir("/dev/dri") if n.startswith("renderD")]
    except FileNotFoundError:
        nodes = []
    return f"GPU ({nodes[0]})" if nodes else "CPU (no GPU render node; PLUMBLINE_GPU=on forces the GPU)"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", required=True, help="Plumbline's release binary")
    parser.add_argument("--bare", required=True, help="the bare window's release binary")
    parser.add_argument("--db", required=True, help="a profile holding the 50-app portfolio")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1,
                        help="starts of each window before the measured ones, not counted: the "
                             "first start after a build reads the new binary from disk")
    parser.add_argument("--settle", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        sys.exit("no DISPLAY: run through scripts/bench-startup.sh")

    env = dict(os.environ, PLUMBLINE_DB=args.db, PLUMBLINE_REPORT_FIRST_PAINT="1")
    env.setdefault("PLUMBLINE_LOG_DIR", os.path.dirname(os.path.abspath(args.db)))
    samples = {"plumbline": [], "bare": []}
    print(f"both windows drawn on the {renderer()}", flush=True)
    for _ in range(args.warmup):
        for name, binary in (("plumbline", args.app), ("bare", args.bare)):
            paint, _, _, _ = run_once(binary, env, args.settle, args.timeout)
            print(f"warm-up {name:<9} first paint {paint * 1000:7.1f} ms (not counted)", flush=True)
    for i in range(args.runs):
        for name, binary in (("plumbline", args.app), ("bare", args.bare)):
            paint, page, memory, processes = run_once(binary, env, args.settle, args.timeout)
            samples[name].append((paint, page, memory))
            print(f"run {i + 1} {name:<9} first paint {paint * 1000:7.1f} ms "
                  f"(page {page * 1000:5.1f} ms)   "
                  f"memory {memory / 1024:6.1f} MiB in {processes} processes", flush=True)

    paint = {k: statistics.median(p for p, _, _ in v) * 1000 for k, v in samples.items()}
    page = {k: statistics.median(p for _, p, _ in v) * 1000 for k, v in samples.items()}
    memory = {k: statistics.median(m for _, _, m in v) / 1024 for k, v in samples.items()}
    paint_ratio = paint["plumbline"] / paint["bare"]
    memory_ratio = memory["plumbline"] / memory["bare"]
    budget = 1.15
    print()
    print(f"median of {args.runs} runs        Plumbline (50 apps)   bare Tauri window   ratio   budget")
    print(f"exec to first paint       {paint['plumbline']:10.1f} ms    {paint['bare']:12.1f} ms   "
          f"{paint_ratio:5.2f}   <= {budget}")
    print(f"  of which in the page    {page['plumbline']:10.1f} ms    {page['bare']:12.1f} ms")
    print(f"resident memory (total)   {memory['plumbline']:10.1f} MiB   {memory['bare']:12.1f} MiB  "
          f"{memory_ratio:5.2f}   <= {budget}")
    within = paint_ratio <= budget and memory_ratio <= budget
    print("within budget" if within else "OVER BUDGET")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
