#!/usr/bin/python3
"""versus-gmic.py - the built-in network beside G'MIC's Stylize, in numbers
and on one contact sheet.

    tests/bench/versus-gmic.py BUILD_DIR [--out DIR] [--images DIR]
                               [--presets draft,balanced] [--no-gmic]
                               [--label NAME] [-- EXTRA NST ARGS...]
    tests/bench/versus-gmic.py --selftest

For each pair of 3 photos x 2 paintings of ../shared/images (public
domain), runs `nst stylize --builtin` at each preset (with the extra
arguments after `--`, to try a variant) and `gmic ... stylize` at its
defaults and at a setting that keeps more of the content, times each, and
prints three numbers per result that need no trained network.  Every
number is taken at 256 px on the long side: the result (written at the
photo's size) is scaled down to it, the painting is scaled to the same
long side.

  stroke   sliced Wasserstein distance between 20,000 random 7x7
           luminance patches of the result and of the painting, each patch
           with its mean removed and scaled to norm 1 (the shape of the
           marks, blind to colour and contrast), over 64 random
           directions: the mean over directions of the mean absolute
           difference of the sorted projections (SW1).  Lower is closer
           to the painting.
  palette  the same on raw R'G'B' 7x7 patches in [0, 1] (colour and
           contrast of the marks).
  content  SSIM (11x11 Gaussian window, sigma 1.5) of the luminances
           after a Gaussian blur of sigma 2, result against the photo:
           is the subject still there.

The photo itself is scored too (row "photo"): the distance a result starts
from.  The contact sheet (one row per pair: photo, painting, then each
result with its time and numbers) is written to DIR/sheet.png, the table
to DIR/table.tsv.  Exits 77 when the shared images are absent, 1 when a
run fails.  Never judges quality: the pictures decide.

--selftest checks the numbers on cases whose answer is known (a test).

Needs python3-numpy and ImageMagick (convert, montage); G'MIC (`gmic`)
for its columns (skipped with a note when absent).

Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTOS = ("chelsea.png", "coffee.png", "astronaut.png")
PAINTINGS = ("starry_night.jpg", "shipwreck.jpg")
SIDE = 256
PATCH = 7
N_PATCHES = 20000
N_DIRECTIONS = 64
# G'MIC's Stylize keeping more of the photo: the fidelity to the content at
# the finest and the coarsest scales raised from the defaults 0.5 and 2.
GMIC_FAITHFUL = "stylize[0] [1],2,4"


def read_rgb(path, side=None):
    """An image as float32 H x W x 3 in [0, 1] (R'G'B', alpha dropped),
    scaled so its long side is `side` when given."""
    cmd = ["convert", path, "-alpha", "off", "-colorspace", "sRGB", "-strip"]
    if side:
        cmd += ["-filter", "Triangle", "-resize", "%dx%d" % (side, side)]
    cmd += ["-depth", "8", "ppm:-"]
    data = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
    # P6 header: magic, width, height, maxval, each after whitespace.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    w, h = int(fields[1]), int(fields[2])
    pixels = np.frombuffer(data, np.uint8, w * h * 3, pos + 1)
    return pixels.reshape(h, w, 3).astype(np.float32) / 255.0


def luminance(rgb):
    return rgb @ np.array([0.2126, 0.7152, 0.0722], np.float32)


def patches(img, rng):
    """N_PATCHES random PATCH x PATCH patches of img (H x W x C), flattened."""
    h, w = img.shape[:2]
    ys = rng.integers(0, h - PATCH + 1, N_PATCHES)
    xs = rng.integers(0, w - PATCH + 1, N_PATCHES)
    dy, dx = np.mgrid[0:PATCH, 0:PATCH]
    p = img[ys[:, None, None] + dy, xs[:, None, None] + dx]
    return p.reshape(N_PATCHES, -1).astype(np.float64)


def sliced_wasserstein(a, b, seed):
    """Mean over random unit directions of the mean absolute difference of
    the sorted projections of the rows of a and of b (SW1)."""
    rng = np.random.default_rng(seed)
    d = rng.standard_normal((a.shape[1], N_DIRECTIONS))
    d /= np.linalg.norm(d, axis=0)
    pa = np.sort(a @ d, axis=0)
    pb = np.sort(b @ d, axis=0)
    return float(np.mean(np.abs(pa - pb)))


def stroke_patches(img, seed):
    p = patches(luminance(img)[:, :, None], np.random.default_rng(seed))
    p -= p.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(p, axis=1, keepdims=True)
    return p / np.maximum(norm, 1e-6)


def gaussian_blur(img, sigma):
    radius = int(np.ceil(3 * sigma))
    x = np.arange(-radius, radius + 1)
    k = np.exp(-x * x / (2.0 * sigma * sigma))
    k /= k.sum()
    pad = np.pad(img, radius, mode="reflect")
    rows = np.apply_along_axis(lambda r: np.convolve(r, k, "valid"), 1, pad)
    return np.apply_along_axis(lambda c: np.convolve(c, k, "valid"), 0, rows)


def ssim(a, b):
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    mu_a, mu_b = gaussian_blur(a, 1.5), gaussian_blur(b, 1.5)
    var_a = gaussian_blur(a * a, 1.5) - mu_a ** 2
    var_b = gaussian_blur(b * b, 1.5) - mu_b ** 2
    cov = gaussian_blur(a * b, 1.5) - mu_a * mu_b
    s = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)
         / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2)))
    return float(s.mean())


class Scorer:
    """The three numbers of a result, for one photo x painting pair."""

    def __init__(self, photo_path, painting_path):
        self.photo = read_rgb(photo_path, SIDE).astype(np.float64)
        painting = read_rgb(painting_path, SIDE)
        self.style_stroke = stroke_patches(painting, 1)
        self.style_palette = patches(painting, np.random.default_rng(2))
        self.photo_blur = gaussian_blur(luminance(self.photo), 2.0)

    def score(self, result_path):
        img = read_rgb(result_path, SIDE)
        if img.shape != self.photo.shape:
            raise RuntimeError("%s is %dx%d at %d px, the photo %dx%d" % (
                result_path, img.shape[1], img.shape[0], SIDE,
                self.photo.shape[1], self.photo.shape[0]))
        stroke = sliced_wasserstein(stroke_patches(img, 3), self.style_stroke, 4)
        palette = sliced_wasserstein(patches(img, np.random.default_rng(5)),
                                     self.style_palette, 6)
        content = ssim(gaussian_blur(luminance(img.astype(np.float64)), 2.0),
                       self.photo_blur)
        return stroke, palette, content


def timed(cmd, env=None):
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    start = time.monotonic()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise RuntimeError("%s failed (exit %d)" % (cmd[0], proc.returncode))
    return seconds


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def selftest():
    """The numbers on cases whose answer is known; exits 1 on a miss."""
    rng = np.random.default_rng(11)
    a = rng.standard_normal((N_PATCHES, 49))
    failures = []

    def check(what, ok):
        print("%s %s" % ("ok" if ok else "FAILED", what))
        if not ok:
            failures.append(what)

    check("SW of a set with itself is 0", sliced_wasserstein(a, a, 1) == 0.0)
    check("SW ignores the order of the patches",
          abs(sliced_wasserstein(a, a[rng.permutation(N_PATCHES)], 1)) < 1e-12)
    # a shift by t along unit vector u moves each projection on d by t u.d
    u = np.ones(49) / 7.0
    d = np.random.default_rng(1).standard_normal((49, N_DIRECTIONS))
    d /= np.linalg.norm(d, axis=0)
    expect = float(np.mean(np.abs(0.1 * (u @ d))))
    check("SW of a shifted set is the mean projected shift",
          abs(sliced_wasserstein(a, a + 0.1 * u, 1) - expect) < 1e-9)
    img = rng.random((64, 80, 3))
    check("SSIM of an image with itself is 1", abs(ssim(luminance(img), luminance(img)) - 1) < 1e-12)
    noisy = np.clip(img + 0.2 * rng.standard_normal(img.shape), 0, 1)
    check("SSIM drops with noise", ssim(luminance(img), luminance(noisy)) < 0.9)
    p = stroke_patches(img.astype(np.float32), 3)
    check("stroke patches are zero-mean with norm 1",
          np.allclose(p.mean(axis=1), 0, atol=1e-9) and np.allclose(np.linalg.norm(p, axis=1), 1))
    blurred = gaussian_blur(np.pad(np.ones((9, 9)), 20), 2.0)
    check("the blur keeps the sum", abs(blurred.sum() - 81) < 1e-6)
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--selftest"]:
        return selftest()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", help="the meson build directory (holds nst-core/cli/nst)")
    ap.add_argument("--out", help="where results go (default BUILD/pictures/versus-gmic)")
    ap.add_argument("--images", default=os.environ.get(
        "NST_SHARED_IMAGES", os.path.join(HERE, "..", "..", "..", "shared", "images")))
    ap.add_argument("--presets", default="draft,balanced")
    ap.add_argument("--pairs", help="photo:painting,... (default 3 photos x 2 paintings)")
    ap.add_argument("--no-gmic", action="store_true", help="ours only (to try variants fast)")
    ap.add_argument("--label", default="ours", help="names our columns (a variant's name)")
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = ap.parse_args(argv[:cut])
    args.extra = argv[cut + 1:]

    if not os.path.isdir(args.images):
        print("versus-gmic: skipped: no shared images at %s" % args.images)
        return 77
    for tool in ("convert", "montage"):
        if shutil.which(tool) is None:
            print("versus-gmic: needs ImageMagick's %s" % tool, file=sys.stderr)
            return 1
    nst = os.path.join(args.build, "nst-core", "cli", "nst")
    gmic = None if args.no_gmic else shutil.which("gmic")
    out = args.out or os.path.join(args.build, "pictures", "versus-gmic")
    os.makedirs(out, exist_ok=True)
    if args.pairs:
        pairs = [tuple(p.split(":")) for p in args.pairs.split(",")]
    else:
        pairs = [(c, s) for c in PHOTOS for s in PAINTINGS]
    presets = [p for p in args.presets.split(",") if p]
    env = dict(os.environ)
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "MALLOC_PERTURB_"):
        env.pop(name, None)

    print("CPU: %s, %d cores" % (cpu_model(), os.cpu_count()))
    print("nst: %s %s" % (nst, " ".join(args.extra)))
    if gmic is None and not args.no_gmic:
        print("gmic: not installed, its columns are left out")
    rows, sheet = [], []
    header = "pair\tresult\tseconds\tstroke\tpalette\tcontent"
    print(header)
    for photo, painting in pairs:
        photo_path = os.path.join(args.images, photo)
        painting_path = os.path.join(args.images, painting)
        stem = "%s-%s" % (os.path.splitext(photo)[0], os.path.splitext(painting)[0])
        scorer = Scorer(photo_path, painting_path)
        results = [("photo", photo_path, None)]
        for preset in presets:
            path = os.path.join(out, "%s-%s-%s.png" % (stem, args.label, preset))
            seconds = timed([nst, "stylize", photo_path, painting_path, "-o", path,
                             "--builtin", "--quiet", "--quality", preset] + args.extra, env)
            results.append(("%s %s" % (args.label, preset), path, seconds))
        if gmic:
            for name, command in (("gmic default", "stylize[0] [1]"),
                                  ("gmic faithful", GMIC_FAITHFUL)):
                path = os.path.join(out, "%s-%s.png" % (stem, name.replace(" ", "-")))
                seconds = timed([gmic, "-v", "-1", photo_path, painting_path]
                                + command.split() + ["output[0]", path], env)
                results.append((name, path, seconds))
        tiles = [(photo_path, photo), (painting_path, painting)]
        for name, path, seconds in results:
            stroke, palette, content = scorer.score(path)
            line = "%s\t%s\t%s\t%.4f\t%.4f\t%.3f" % (
                stem, name, "-" if seconds is None else "%.1f" % seconds,
                stroke, palette, content)
            print(line, flush=True)
            rows.append(line)
            if seconds is not None:
                tiles.append((path, "%s %.0f s\\nstroke %.4f palette %.4f\\ncontent %.2f" % (
                    name, seconds, stroke, palette, content)))
        sheet.append(tiles)

    with open(os.path.join(out, "table.tsv"), "w") as f:
        f.write("\n".join([header] + rows) + "\n")
    columns = max(len(t) for t in sheet)
    cmd = ["montage", "-font", "DejaVu-Sans", "-pointsize", "11"]
    for tiles in sheet:
        for path, label in tiles + [("xc:white", "")] * (columns - len(tiles)):
            cmd += ["-label", label, path]
    sheet_path = os.path.join(out, "sheet.png")
    cmd += ["-tile", "%dx" % columns, "-geometry", "%dx%d+3+3" % (SIDE, SIDE),
            "-depth", "8", sheet_path]
    subprocess.run(cmd, check=True)
    print("sheet: %s" % sheet_path)
    print("table: %s" % os.path.join(out, "table.tsv"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.CalledProcessError) as e:
        print("versus-gmic: %s" % e, file=sys.stderr)
        sys.exit(1)
