#!/usr/bin/env python3
"""compare.py - libnst beside the PyTorch peer, in one run, same threads.

    tests/bench/compare.py [--size N ...] [--threads T] [--iterations K]
                           [--model FILE] [--pool avg|max] [--nst PATH]

For each size, runs `nst bench --size N --json` and then, when it is
there and torch imports, tests/bench/bench-torch.py with the same size,
threads, iterations, model and pooling, both with OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE removed from the environment (this machine forces them;
users do not have them).  Prints a table with the ratio torch / nst: above
1 means nst takes less time or memory.

Seconds per iteration is what a user waits for.  nst's L-BFGS (liblbfgs)
line-searches, so an iteration may cost more than one evaluation, while the
PyTorch peer runs L-BFGS without a line search (one evaluation per
iteration); the per-evaluation row compares the network's forward +
backward alone.

Exits 1 when nst bench fails; a missing or failing PyTorch peer only
leaves its column empty.  Never judges speed.

Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TORCH_SCRIPT = os.path.join(HERE, "bench-torch.py")
MIB = 1024.0 * 1024.0


def bench_env():
    env = dict(os.environ)
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "MALLOC_PERTURB_"):
        env.pop(name, None)
    return env


def run_json(what, cmd):
    """Run cmd; its last stdout line parsed as JSON, or None with a note."""
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    try:
        proc = subprocess.run(cmd, env=bench_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, check=False)
    except OSError as e:
        print("%s: cannot run: %s" % (what, e), file=sys.stderr)
        return None
    if proc.returncode != 0:
        print("%s failed (exit %d):\n%s" % (what, proc.returncode, proc.stderr.strip()),
              file=sys.stderr)
        return None
    lines = [l for l in proc.stdout.splitlines() if l.strip()]
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError) as e:
        print("%s printed no JSON line (%s):\n%s" % (what, e, proc.stdout), file=sys.stderr)
        return None


def default_nst():
    for path in (os.environ.get("NST"), os.path.join(ROOT, "build", "nst-core", "cli", "nst")):
        if path and os.access(path, os.X_OK):
            return path
    return "nst"


def torch_per_evaluation(t):
    evals = t.get("evaluations_per_iteration") or 1.0
    return t["seconds_per_iteration"] / evals


def fmt(v, digits=3):
    return "-" if v is None else "%.*f" % (digits, v)


def ratio(torch_value, nst_value):
    if torch_value is None or not nst_value:
        return "-"
    return "%.2f" % (torch_value / nst_value)


def rows_for(size, n, t):
    """(size, metric, nst, torch, torch/nst) rows of one size."""
    n_eval = n.get("seconds_per_evaluation")
    t_iter = t["seconds_per_iteration"] if t else None
    t_eval = torch_per_evaluation(t) if t else None
    n_rss = n["peak_rss_bytes"] / MIB
    t_rss = t["peak_rss_bytes"] / MIB if t else None
    return [
        (size, "seconds per iteration", fmt(n["seconds_per_iteration"]), fmt(t_iter),
         ratio(t_iter, n["seconds_per_iteration"])),
        (size, "seconds per evaluation", fmt(n_eval), fmt(t_eval), ratio(t_eval, n_eval)),
        (size, "peak RSS (MiB)", fmt(n_rss, 0), fmt(t_rss, 0), ratio(t_rss, n_rss)),
        (size, "predicted peak (MiB)", fmt(n["predicted_peak_bytes"] / MIB, 0), "-", "-"),
    ]


def print_table(rows):
    head = ("size", "metric", "nst", "pytorch", "torch/nst")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(c).rjust(w) if i != 1 else str(c).ljust(w)
                        for i, (c, w) in enumerate(zip(r, widths))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, action="append",
                    help="square image side; repeat for several (default 256 and 512)")
    ap.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                    help="threads for both (default: all cores this process may use)")
    ap.add_argument("--iterations", type=int, default=5,
                    help="timed iterations after one warm-up (default 5)")
    ap.add_argument("--model", help="VGG-19 safetensors for both (default: random weights)")
    ap.add_argument("--pool", choices=["avg", "max"], default="avg")
    ap.add_argument("--nst", default=default_nst(),
                    help="the nst binary (default: $NST, then build/nst-core/cli/nst)")
    ap.add_argument("--python", default="/usr/bin/python3",
                    help="the Python with torch for bench-torch.py (default /usr/bin/python3)")
    ap.add_argument("--convs", action="store_true",
                    help="also let nst bench time every conv layer (slower)")
    a = ap.parse_args()
    sizes = a.size or [256, 512]

    common = ["--threads", str(a.threads), "--iterations", str(a.iterations), "--pool", a.pool]
    if a.model:
        common += ["--model", a.model]
    have_torch = os.path.isfile(TORCH_SCRIPT)
    if not have_torch:
        print("note: %s is not there; nst only" % TORCH_SCRIPT, file=sys.stderr)

    rows, info = [], {}
    for size in sizes:
        cmd = [a.nst, "bench", "--json", "--size", str(size)] + common
        if not a.convs:
            cmd.append("--no-convs")
        n = run_json("nst bench", cmd)
        if n is None:
            return 1
        t = None
        if have_torch:
            t = run_json("bench-torch.py",
                         [a.python, TORCH_SCRIPT, "--size", str(size)] + common)
        info.update(blas_core=n.get("blas_core"), threads=n.get("threads"))
        if t:
            info.update(torch=t.get("torch"),
                        torch_evals="%.2f" % (t.get("evaluations_per_iteration") or 1.0),
                        torch_threads=t.get("threads"))
        rows += rows_for(size, n, t)

    print("nst: OpenBLAS core %s, %s threads; pytorch: %s, %s threads, %s evaluations "
          "per iteration; %s pooling; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset"
          % (info.get("blas_core"), info.get("threads"), info.get("torch", "not run"),
             info.get("torch_threads", "-"), info.get("torch_evals", "-"), a.pool))
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
