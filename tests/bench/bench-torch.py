#!/usr/bin/python3
"""bench-torch.py - the same Gatys job in PyTorch (Debian python3-torch 1.13),
the peer libnst is benchmarked against.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \\
        /usr/bin/python3 tests/bench/bench-torch.py --size 512 [--threads T] [--iterations K]
        [--model vgg19.safetensors] [--pool avg|max] [--line-search none|strong_wolfe]

VGG-19 conv1_1..conv5_1 (random He-scaled weights at the real widths, or the
real file with --model), float32, input normalised with the ImageNet
mean/std; loss exactly as in nst-core/nst-private.h (the code is shared with
tests/torch/nst_reference.py): content at relu4_2, style Grams at
relu1_1..relu5_1, TV; weights content 1, style 30, tv 10 (libnst's defaults).

Timing: torch.optim.LBFGS with max_iter=1, so each step(closure) is one
L-BFGS iteration; one warm-up step, then K timed steps; the median is
reported.  Without a line search (the default, as jcjohnson/neural-style
runs L-BFGS) a step is exactly one forward + backward; with
--line-search strong_wolfe a step re-evaluates its start point and then
line-searches, so costs two or more evaluations (see
evaluations_per_iteration).

Prints exactly one JSON line:
  {"impl": "pytorch", "size": N, "seconds_per_iteration": s, "peak_rss_bytes": b,
   "threads": T, "torch": "1.13...", ...}

Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "torch"))

import numpy as np          # noqa: E402
import torch                # noqa: E402
import nst_reference as ref  # noqa: E402


def aten_capability():
    """ATen's vectorised kernels in use ("AVX2", "AVX512", ...), from the
    build report torch prints about itself."""
    m = re.search(r"CPU capability usage: *(\S+)", torch.__config__.show())
    return m.group(1) if m else None


def onednn_isa():
    """The instruction set oneDNN dispatches its convolutions to on this
    CPU, as its verbose mode reports it for one small conv.  Run in a child
    because oneDNN prints from C to the process's stdout, where our one JSON
    line goes."""
    probe = ("import torch\n"
             "torch.nn.functional.conv2d(torch.rand(1, 64, 32, 32), "
             "torch.rand(64, 64, 3, 3), padding=1)\n")
    env = dict(os.environ, ONEDNN_VERBOSE="1", DNNL_VERBOSE="1")
    try:
        out = subprocess.run([sys.executable, "-c", probe], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"^(?:onednn|dnnl)_verbose,info,cpu,isa:(.*)$", out, re.M)
    return m.group(1).strip() if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=256, help="square image side (default 256)")
    ap.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                    help="torch.set_num_threads (default: all cores this process may use)")
    ap.add_argument("--iterations", type=int, default=5, help="timed L-BFGS iterations (default 5)")
    ap.add_argument("--model", help="a VGG-19 safetensors file (default: random weights)")
    ap.add_argument("--pool", choices=["avg", "max"], default="avg")
    ap.add_argument("--line-search", choices=["none", "strong_wolfe"], default="none")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.size < 16 or a.iterations < 1 or a.threads < 1:
        ap.error("size >= 16, iterations >= 1, threads >= 1")

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    if a.model:
        tensors = ref.read_safetensors(a.model)
    else:
        tensors = ref.random_vgg_weights(ref.FULL_WIDTHS, seed=a.seed)

    n = a.size
    rng = np.random.default_rng(a.seed)
    content = rng.random((3, n, n), dtype=np.float32)
    style = rng.random((3, n, n), dtype=np.float32)

    t0 = time.perf_counter()
    obj = ref.Objective(tensors, content, style, 1.0, 30.0, 10.0, a.pool,
                        ref.DEFAULT_STYLE_LAYERS, ref.DEFAULT_CONTENT_LAYERS,
                        dtype=torch.float32)
    setup = time.perf_counter() - t0
    del tensors

    x = torch.tensor(content, dtype=torch.float32).requires_grad_(True)
    opt = torch.optim.LBFGS([x], lr=1.0, max_iter=1, history_size=100,
                            tolerance_grad=0.0, tolerance_change=0.0,
                            line_search_fn=None if a.line_search == "none" else a.line_search)
    evals = [0]
    last_loss = [float("nan")]

    def closure():
        opt.zero_grad()
        loss = obj.loss_terms(x)["total"]
        loss.backward()
        evals[0] += 1
        last_loss[0] = float(loss)
        return loss

    opt.step(closure)                      # warm-up
    times = []
    e0 = evals[0]
    for _ in range(a.iterations):
        t0 = time.perf_counter()
        opt.step(closure)
        times.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    print(json.dumps({
        "impl": "pytorch",
        "size": n,
        "seconds_per_iteration": round(statistics.median(times), 4),
        "peak_rss_bytes": peak,
        "threads": a.threads,
        "torch": torch.__version__,
        "iterations": a.iterations,
        "evaluations_per_iteration": (evals[0] - e0) / a.iterations,
        "min_seconds": round(min(times), 4),
        "setup_seconds": round(setup, 3),
        "pool": a.pool,
        "line_search": a.line_search,
        "model": os.path.basename(a.model) if a.model else "random",
        "mkldnn": bool(torch.backends.mkldnn.is_available()),
        "aten_capability": aten_capability(),
        "onednn_isa": onednn_isa(),
        "final_loss": last_loss[0],
        "openblas_coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
