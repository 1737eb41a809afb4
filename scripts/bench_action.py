#!/usr/bin/env python3
"""Times whole `relcut action` processes against the local stand-in API (scripts/stand-in-api.py),
next to node merely loading @actions/core and @actions/github, and counts HTTP requests per
command. Prints Markdown for BENCHMARKS.md. Standard library only; node is optional.

Usage: scripts/bench-action.sh (builds the release binary first), or
       python3 scripts/bench_action.py --relcut target/release/relcut [--runs 50]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "github-events")
CUT_TITLE = "Cut v1.36.0-rc.1 release"


def cut_body():
    text = open(os.path.join(ROOT, "examples", "cut-v1.36.0-rc.1-in-progress.md")).read()
    return text.split("---\n", 2)[2]


def event(tmp, fixture, name, edit):
    data = json.load(open(os.path.join(FIXTURES, fixture)))
    edit(data)
    path = os.path.join(tmp, name + ".json")
    json.dump(data, open(path, "w"))
    return path


def comment(body):
    def edit(d):
        d["issue"]["title"] = CUT_TITLE
        d["issue"]["body"] = cut_body()
        d["comment"]["body"] = body
    return edit


def run_once(argv, env):
    """Wall time (s) and the child's own rusage, via wait4."""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv} failed with {status}")
    return wall, usage


def peak_rss_mib(argv, env, before=None):
    """Peak RSS by GNU time: a spawned child's own ru_maxrss also counts the Python image it was
    cloned from before exec, which would hide a small program's memory."""
    gnu_time = "/usr/bin/time"
    if not os.path.exists(gnu_time):
        return float("nan")
    peak = 0
    for _ in range(3):
        if before:
            before()
        out = subprocess.run([gnu_time, "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak = max(peak, int(out.stderr.strip().splitlines()[-1]))
    return peak / 1024


def measure(argv, env, runs, before=None):
    walls, cpus = [], []
    for _ in range(runs):
        if before:
            before()
        wall, usage = run_once(argv, env)
        walls.append(wall * 1000)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
    return statistics.median(walls), statistics.median(cpus), peak_rss_mib(argv, env, before)


def http(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as r:
        return json.load(r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--relcut", default=os.path.join(ROOT, "target", "release", "relcut"))
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    relcut = os.path.abspath(args.relcut)

    stand_in = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "stand-in-api.py")], stdout=subprocess.PIPE, text=True)
    port = int(stand_in.stdout.readline())
    tmp = tempfile.mkdtemp(prefix="relcut-bench-")
    try:
        base_env = {
            "PATH": os.environ.get("PATH", ""),
            "GITHUB_REPOSITORY": "Codertocat/Hello-World",
            "GITHUB_API_URL": f"http://127.0.0.1:{port}",
            "INPUT_TOKEN": "ghs_benchmark",
        }
        scenarios = [
            ("`/relcut status` (first answer)", "issue_comment", event(tmp, "issue_comment.created.json", "status", comment("/relcut status")), True),
            ("`/relcut status` (rerun, answer current)", "issue_comment", event(tmp, "issue_comment.created.json", "status", comment("/relcut status")), False),
            ("`/relcut plan`", "issue_comment", event(tmp, "issue_comment.created.json", "plan", comment("/relcut plan")), True),
            ("`/relcut promo-tags v1.36.0-rc.0`", "issue_comment", event(tmp, "issue_comment.created.json", "promo", comment("/relcut promo-tags v1.36.0-rc.0")), True),
            ("`/relcut validate` (two values)", "issue_comment", event(tmp, "issue_comment.created.json", "validate", comment("/relcut validate v1.36.0 1.36.0")), True),
            ("`issues.edited` on the cut issue", "issues", event(tmp, "issues.edited.json", "edited", lambda d: d["issue"].update(title=CUT_TITLE, body=cut_body())), True),
            ("comment without a command", "issue_comment", event(tmp, "issue_comment.created.json", "none", comment("thanks!")), True),
        ]
        rows = []
        for label, name, path, fresh in scenarios:
            env = dict(base_env, GITHUB_EVENT_NAME=name, GITHUB_EVENT_PATH=path)
            reset = (lambda: http(port, "/_reset")) if fresh else None
            if reset:
                reset()
            before = http(port, "/_stats")["requests"]
            run_once([relcut, "action"], env)
            requests = http(port, "/_stats")["requests"] - before
            wall, cpu, rss = measure([relcut, "action"], env, args.runs, reset)
            rows.append((label, requests, wall, cpu, rss))

        node = shutil.which("node")
        node_row = None
        if node and shutil.which("npm"):
            # The last CommonJS majors: what `require()` loads, and what most node actions bundle.
            nd = os.path.join(ROOT, ".ci", ".tools", "node-bench")
            if not os.path.isdir(os.path.join(nd, "node_modules", "@actions", "github")):
                os.makedirs(nd, exist_ok=True)
                subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", nd, "@actions/core@1", "@actions/github@6"], check=True)
            script = "require('@actions/core'); require('@actions/github')"
            env = dict(os.environ, NODE_PATH=os.path.join(nd, "node_modules"))
            node_row = measure([node, "-e", script], env, max(10, args.runs // 5))

        print(f"| event | HTTP requests | wall ms (median of {args.runs}) | CPU ms | max RSS MiB |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, requests, wall, cpu, rss in rows:
            print(f"| {label} | {requests} | {wall:.2f} | {cpu:.2f} | {rss:.1f} |")
        if node_row:
            wall, cpu, rss = node_row
            print(f"| node: only `require('@actions/core'); require('@actions/github')` | 0 | {wall:.2f} | {cpu:.2f} | {rss:.1f} |")
            first = rows[0]
            print()
            print(f"`/relcut status` takes {first[2] / wall * 100:.1f}% of node's load time and {first[4] / rss * 100:.1f}% of its memory.")
    finally:
        stand_in.terminate()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
