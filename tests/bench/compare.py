#!/usr/bin/env python3
"""compare.py - libnst beside the PyTorch peer, in one run, same threads.

    tests/bench/compare.py [--size N ...] [--threads T] [--iterations K]
                           [--model FILE] [--pool avg|max] [--nst PATH] [--variants]

For each size, runs `nst bench --size N --json` and then, when it is
there and torch imports, tests/bench/bench-torch.py with the same size,
threads, iterations, model and pooling, both with OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE removed from the environment (this machine forces them;
users do not have them).  Prints the CPU, the kernels each side runs
(nst's own or OpenBLAS's core; PyTorch's ATen level and oneDNN's ISA) and
a table with the ratio torch / nst: above 1 means nst takes less time or
memory.  --variants adds nst on OpenBLAS's kernels and on OpenBLAS's
generic core.

Seconds per iteration is what a user waits for.  nst's L-BFGS (liblbfgs's method)
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


def run_json(what, cmd, extra_env=None):
    """Run cmd; its last stdout line parsed as JSON, or None with a note."""
    extra_env = extra_env or {}
    print("$ " + " ".join(["%s=%s" % kv for kv in extra_env.items()] + cmd),
          file=sys.stderr, flush=True)
    env = bench_env()
    env.update(extra_env)
    try:
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
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


# The engine's own choice first (what users get); then, with --variants,
# the same engine on OpenBLAS's kernels for every GEMM, and on OpenBLAS's
# generic core (the choice it makes on CPUs it does not know).
VARIANTS = [
    ("nst", {}),
    ("nst openblas", {"NST_KERNELS": "openblas"}),
    ("nst prescott", {"OPENBLAS_CORETYPE": "Prescott"}),
]


def torch_per_evaluation(t):
    evals = t.get("evaluations_per_iteration") or 1.0
    return t["seconds_per_iteration"] / evals


def fmt(v, digits=3):
    return "-" if v is None else "%.*f" % (digits, v)


def ratio(torch_value, nst_value):
    if torch_value is None or not nst_value:
        return "-"
    return "%.2f" % (torch_value / nst_value)


def rows_for(size, runs, t):
    """Rows of one size: size, metric, one column per nst variant, pytorch,
    and pytorch / the first variant (the engine's own choice)."""
    def metric(name, get_n, t_value, digits=3, with_ratio=True):
        values = [get_n(n) for n in runs]
        return ([size, name] + [fmt(v, digits) for v in values]
                + [fmt(t_value, digits), ratio(t_value, values[0]) if with_ratio else "-"])
    t_iter = t["seconds_per_iteration"] if t else None
    t_eval = torch_per_evaluation(t) if t else None
    t_rss = t["peak_rss_bytes"] / MIB if t else None
    return [
        metric("seconds per iteration", lambda n: n["seconds_per_iteration"], t_iter),
        metric("seconds per evaluation", lambda n: n.get("seconds_per_evaluation"), t_eval),
        metric("evaluations per iteration",
               lambda n: n["seconds_per_iteration"] / n["seconds_per_evaluation"]
               if n.get("seconds_per_evaluation") else None,
               t.get("evaluations_per_iteration") if t else None, 2, False),
        metric("peak RSS (MiB)", lambda n: n["peak_rss_bytes"] / MIB, t_rss, 0),
    ]


def print_table(head, rows):
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(str(c).rjust(w) if i != 1 else str(c).ljust(w)
                        for i, (c, w) in enumerate(zip(r, widths))))


def describe(label, n):
    return ("%s: kernels %s; OpenBLAS core %s (%s)%s, %s threads"
            % (label, n.get("kernels"), n.get("blas_core"), n.get("blas_core_isa"),
               ", OPENBLAS_CORETYPE=" + n["openblas_coretype_env"]
               if n.get("openblas_coretype_env") else "", n.get("threads")))


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
    ap.add_argument("--variants", action="store_true",
                    help="also run nst on OpenBLAS's kernels (NST_KERNELS=openblas) and on "
                         "OpenBLAS's generic core (OPENBLAS_CORETYPE=Prescott)")
    ap.add_argument("--convs", action="store_true",
                    help="also let nst bench time every conv layer (slower)")
    a = ap.parse_args()
    sizes = a.size or [256, 512]
    variants = VARIANTS if a.variants else VARIANTS[:1]

    common = ["--threads", str(a.threads), "--iterations", str(a.iterations), "--pool", a.pool]
    if a.model:
        common += ["--model", a.model]
    have_torch = os.path.isfile(TORCH_SCRIPT)
    if not have_torch:
        print("note: %s is not there; nst only" % TORCH_SCRIPT, file=sys.stderr)

    rows, described, torch_info = [], {}, None
    for size in sizes:
        runs = []
        for label, extra in variants:
            cmd = [a.nst, "bench", "--json", "--size", str(size)] + common
            if not a.convs:
                cmd.append("--no-convs")
            n = run_json("nst bench (%s)" % label, cmd, extra)
            if n is None:
                return 1
            runs.append(n)
            described.setdefault(label, describe(label, n))
        t = None
        if have_torch:
            t = run_json("bench-torch.py",
                         [a.python, TORCH_SCRIPT, "--size", str(size)] + common)
            torch_info = torch_info or t
        rows += rows_for(size, runs, t)

    first = runs[0]
    print("CPU: %s; features %s (best level %s)"
          % (first.get("cpu_model"), first.get("cpu_features"), first.get("cpu_isa")))
    for label, _ in variants:
        print(described[label])
    if torch_info:
        print("pytorch: torch %s, ATen kernels %s, oneDNN ISA %s, %s threads, "
              "%.2f evaluations per iteration"
              % (torch_info.get("torch"), torch_info.get("aten_capability"),
                 torch_info.get("onednn_isa"), torch_info.get("threads"),
                 torch_info.get("evaluations_per_iteration") or 1.0))
    else:
        print("pytorch: not run")
    print("%s pooling; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset unless a variant sets them"
          % a.pool)
    head = ["size", "metric"] + [label for label, _ in variants] + ["pytorch", "torch/nst"]
    print_table(head, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
