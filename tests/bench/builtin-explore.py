#!/usr/bin/python3
"""builtin-explore.py - try recipes for the built-in network in PyTorch,
scored with versus-gmic.py's numbers.

    tests/bench/builtin-explore.py --tag NAME [--gram LAYERS] [--sw LAYERS]
        [--mrf LAYERS] [--style-weight W] [--mrf-weight W] [--tv-weight W]
        [--content-weight W] [--content-layer L] [--content-pool K]
        [--chroma-tv-weight W] [--init content|noise|blur] [--pool avg|max]
        [--gram-tiles N] [--mrf-repeat R] [--delta-scale K] [--init-tag T]
        [--lowpass-weight W] [--lowpass-sigma S]
        [--size N] [--iterations K]
        [--pairs photo:painting,...] [--out DIR]

A sketchpad, not the engine: the network is built-in's recipe (VGG-19's
layout, He-scaled N(0, 2 / (9 C_in)) filters each made zero-mean, zero
biases, input (x - 0.45) / 0.25) drawn from PyTorch's generator, so its
weights are not the engine's, only alike.  One level at --size, L-BFGS
(PyTorch's, strong Wolfe, 40 pairs) from the photo.  Style terms, each
normalised by its target's mean square, averaged within a kind:

  --gram   the engine's Gram loss at these layers;
  --sw     sliced Wasserstein (Heitz et al. 2021): the features projected
           on C fixed random unit directions, sorted, against the
           painting's sorted projections (resampled when sizes differ);
  --mrf    patches (Li & Wand 2016): each 3x3 feature patch of the result
           pulled to its nearest painting patch by normalised correlation
           (--mrf-repeat: less near for a patch already used beyond its
           fair share, against one patch copied everywhere).

--chroma-tv-weight adds total variation on R - Y and B - Y alone (against
colour confetti), --content-pool compares the content layer average-pooled,
--init starts from noise or from a 1/16 blur of the photo instead,
--delta-scale K optimises a change to the start K times coarser than the
picture (bilinear), which cannot speckle; --init-tag T starts from the
pair's picture of an earlier run tagged T (e.g. a coarser stage);
--lowpass-weight W keeps the photo's luminance blurred with sigma S (2 px),
its composition, normalised by that image's variance.  (versus-gmic's
content SSIM is taken on the same blur, so it flatters this term.)

Prints, per pair, the seconds and versus-gmic's stroke, palette and
content numbers, and writes the pictures to --out.  What was tried and how
it scored is in the closing notes of issue 11.

Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
"""

import argparse
import importlib.util
import os
import subprocess
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("versus_gmic",
                                               os.path.join(HERE, "versus-gmic.py"))
vg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vg)

WIDTHS = (64, 64, "P", 128, 128, "P", 256, 256, 256, 256, "P",
          512, 512, 512, 512, "P", 512)
EPS = 1e-8


def layer_names():
    names, block, rank = [], 1, 1
    for w in WIDTHS:
        if w == "P":
            names.append("pool")
            block, rank = block + 1, 1
        else:
            names.append("relu%d_%d" % (block, rank))
            rank += 1
    return names


class Net:
    def __init__(self, pool, seed=1234):
        g = torch.Generator().manual_seed(seed)
        self.names, self.convs, self.pool = layer_names(), [], pool
        c_in = 3
        for w in WIDTHS:
            if w == "P":
                continue
            k = torch.randn(w, c_in, 3, 3, generator=g) * (2.0 / (9 * c_in)) ** 0.5
            self.convs.append(k - k.mean(dim=(1, 2, 3), keepdim=True))
            c_in = w

    def __call__(self, x, wanted):
        """{layer: [1, C, H, W]} for the wanted layers."""
        out, h, ci = {}, (x - 0.45) / 0.25, 0
        last = max(self.names.index(n) for n in wanted)
        for n in self.names[:last + 1]:
            if n == "pool":
                h = F.avg_pool2d(h, 2) if self.pool == "avg" else F.max_pool2d(h, 2)
            else:
                h = F.relu(F.conv2d(h, self.convs[ci], padding=1))
                ci += 1
                if n in wanted:
                    out[n] = h
        return out


def gram(f):
    m = f[0].reshape(f.shape[1], -1)
    return m @ m.T / m.shape[1]


def tiles(f, n):
    """The n x n tiles of a feature map (all of it when n is 1)."""
    h, w = f.shape[2], f.shape[3]
    return [f[:, :, i * h // n:(i + 1) * h // n, j * w // n:(j + 1) * w // n]
            for i in range(n) for j in range(n)]


def sorted_projections(f, d):
    return torch.sort(d.T @ f[0].reshape(f.shape[1], -1), dim=1)[0]


def stylise(args, net, photo, painting, start=None):
    layers = {k: [n for n in getattr(args, k).split(",") if n] for k in ("gram", "sw", "mrf")}
    wanted = set(sum(layers.values(), [])) | {args.content_layer}
    with torch.no_grad():
        fs, fc = net(painting, wanted), net(photo, wanted)
    gen = torch.Generator().manual_seed(99)
    targets = {"gram": {}, "sw": {}, "mrf": {}}
    for n in layers["gram"]:
        g = gram(fs[n])
        targets["gram"][n] = (g, (g ** 2).mean() + EPS)
    for n in layers["sw"]:
        c = fs[n].shape[1]
        d = torch.randn(c, c, generator=gen)
        d /= d.norm(dim=0, keepdim=True)
        p = sorted_projections(fs[n], d)
        targets["sw"][n] = (d, p, (p ** 2).mean() + EPS)
    for n in layers["mrf"]:
        p = F.unfold(fs[n], 3)[0]
        targets["mrf"][n] = (p, p / (p.norm(dim=0, keepdim=True) + EPS), (p ** 2).mean() + EPS)
    def pooled(f):
        return F.avg_pool2d(f, args.content_pool) if args.content_pool > 1 else f

    def blurred_luma(img):
        y = 0.299 * img[:, 0:1] + 0.587 * img[:, 1:2] + 0.114 * img[:, 2:3]
        r = int(3 * args.lowpass_sigma + 0.5)
        t = torch.arange(-r, r + 1, dtype=torch.float32)
        k = torch.exp(-t ** 2 / (2 * args.lowpass_sigma ** 2))
        k = k / k.sum()
        y = F.conv2d(F.pad(y, (r, r, 0, 0), mode="replicate"), k.view(1, 1, 1, -1))
        return F.conv2d(F.pad(y, (0, 0, r, r), mode="replicate"), k.view(1, 1, -1, 1))

    lp_target = blurred_luma(photo)
    lp_norm = ((lp_target - lp_target.mean()) ** 2).mean() + EPS
    pc = pooled(fc[args.content_layer])
    pc_norm = (pc ** 2).mean() + EPS

    if start is not None:
        # an earlier result (a coarser stage), resized to the photo
        x = F.interpolate(start, size=photo.shape[2:], mode="bilinear", align_corners=False)
    elif args.init == "noise":
        x = torch.rand(photo.shape, generator=torch.Generator().manual_seed(7))
    elif args.init == "blur":
        k = max(photo.shape[2:]) // 16
        x = F.interpolate(F.avg_pool2d(photo, k, ceil_mode=True), size=photo.shape[2:],
                          mode="bilinear", align_corners=False)
    else:
        x = photo.clone()
    base, k = x, args.delta_scale
    if k > 1:
        # the unknown is a change k times coarser than the picture
        delta = torch.zeros(1, 3, -(-photo.shape[2] // k), -(-photo.shape[3] // k))
        delta.requires_grad_(True)
        unknown = delta
    else:
        x.requires_grad_(True)
        unknown = x

    def image():
        if k > 1:
            return base + F.interpolate(delta, size=base.shape[2:], mode="bilinear",
                                        align_corners=False)
        return x

    opt = torch.optim.LBFGS([unknown], lr=1, max_iter=args.iterations, history_size=40,
                            line_search_fn="strong_wolfe", tolerance_grad=0,
                            tolerance_change=0)

    def closure():
        opt.zero_grad()
        x = image()
        f = net(x, wanted)
        style = 0.0
        for n, (g, norm) in targets["gram"].items():
            # each tile must have the painting's statistics, not only the whole
            parts = tiles(f[n], args.gram_tiles)
            for t in parts:
                style = style + (((gram(t) - g) ** 2).mean() / norm
                                 / len(targets["gram"]) / len(parts))
        for n, (d, p, norm) in targets["sw"].items():
            q = sorted_projections(f[n], d)
            if q.shape[1] != p.shape[1]:
                p = F.interpolate(p[None], size=q.shape[1], mode="linear",
                                  align_corners=True)[0]
            style = style + ((q - p) ** 2).mean() / norm / len(targets["sw"])
        for n, (p, pn, norm) in targets["mrf"].items():
            r = F.unfold(f[n], 3)[0]
            with torch.no_grad():
                score = pn.T @ (r / (r.norm(dim=0, keepdim=True) + EPS))
                nearest = torch.argmax(score, dim=0)
                if args.mrf_repeat > 0:
                    # a painting patch chosen k times its fair share costs k * repeat
                    share = r.shape[1] / p.shape[1]
                    used = torch.bincount(nearest, minlength=p.shape[1]).float() / share
                    nearest = torch.argmax(score - args.mrf_repeat * used[:, None], dim=0)
            style = style + (args.mrf_weight * ((r - p[:, nearest]) ** 2).mean()
                             / norm / len(targets["mrf"]))
        content = ((pooled(f[args.content_layer]) - pc) ** 2).mean() / pc_norm
        tv = (((x[:, :, 1:] - x[:, :, :-1]) ** 2).sum()
              + ((x[:, :, :, 1:] - x[:, :, :, :-1]) ** 2).sum()) / x.numel()
        if args.chroma_tv_weight > 0:
            y = 0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]
            ch = torch.cat([x[:, 0:1] - y, x[:, 2:3] - y], 1)
            tv = tv + args.chroma_tv_weight / args.tv_weight * (
                ((ch[:, :, 1:] - ch[:, :, :-1]) ** 2).sum()
                + ((ch[:, :, :, 1:] - ch[:, :, :, :-1]) ** 2).sum()) / x.numel()
        loss = args.content_weight * content + args.style_weight * style + args.tv_weight * tv
        if args.lowpass_weight > 0:
            # the photo's composition: its blurred luminance, against strokes that move it
            loss = loss + args.lowpass_weight * ((blurred_luma(x) - lp_target) ** 2).mean() / lp_norm
        loss.backward()
        return loss

    opt.step(closure)
    return image().detach().clamp(0, 1)[0].permute(1, 2, 0).numpy()


def as_tensor(img):
    return torch.from_numpy(img).permute(2, 0, 1)[None].float().contiguous()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tag", required=True, help="names the pictures")
    ap.add_argument("--gram", default="relu1_1,relu2_1,relu3_1,relu4_1")
    ap.add_argument("--gram-tiles", type=int, default=1,
                    help="compare the Gram matrix of each of N x N tiles with the painting's")
    ap.add_argument("--sw", default="")
    ap.add_argument("--mrf", default="")
    ap.add_argument("--content-layer", default="relu4_2")
    ap.add_argument("--content-pool", type=int, default=1,
                    help="compare the content layer average-pooled by this factor")
    ap.add_argument("--style-weight", type=float, default=30.0)
    ap.add_argument("--mrf-weight", type=float, default=1.0)
    ap.add_argument("--mrf-repeat", type=float, default=0.0,
                    help="penalise a painting patch by its use beyond its fair share")
    ap.add_argument("--content-weight", type=float, default=1.0)
    ap.add_argument("--tv-weight", type=float, default=10.0)
    ap.add_argument("--init", choices=("content", "noise", "blur"), default="content")
    ap.add_argument("--chroma-tv-weight", type=float, default=0.0,
                    help="more total variation on the chroma (R - Y, B - Y) alone")
    ap.add_argument("--delta-scale", type=int, default=1,
                    help="optimise a change to the start this many times coarser")
    ap.add_argument("--lowpass-weight", type=float, default=0.0,
                    help="keep the photo's blurred luminance (its composition)")
    ap.add_argument("--lowpass-sigma", type=float, default=2.0)
    ap.add_argument("--init-tag", default="",
                    help="start from this tag's picture of the pair in --out (a coarser stage)")
    ap.add_argument("--pool", choices=("avg", "max"), default="avg")
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--iterations", type=int, default=40)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--pairs", default="chelsea.png:starry_night.jpg,coffee.png:shipwreck.jpg")
    ap.add_argument("--images", default=os.environ.get(
        "NST_SHARED_IMAGES", os.path.join(HERE, "..", "..", "..", "shared", "images")))
    ap.add_argument("--out", default="builtin-explore")
    args = ap.parse_args()

    if not os.path.isdir(args.images):
        print("builtin-explore: skipped: no shared images at %s" % args.images)
        return 77
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    net = Net(args.pool)
    for pair in args.pairs.split(","):
        photo_name, painting_name = pair.split(":")
        photo_path = os.path.join(args.images, photo_name)
        painting_path = os.path.join(args.images, painting_name)
        first = None
        if args.init_tag:
            first = as_tensor(vg.read_rgb(os.path.join(args.out, "%s-%s-%s.png" % (
                os.path.splitext(photo_name)[0], os.path.splitext(painting_name)[0],
                args.init_tag))))
        start = time.monotonic()
        img = stylise(args, net, as_tensor(vg.read_rgb(photo_path, args.size)),
                      as_tensor(vg.read_rgb(painting_path, args.size)), first)
        seconds = time.monotonic() - start
        path = os.path.join(args.out, "%s-%s-%s.png" % (
            os.path.splitext(photo_name)[0], os.path.splitext(painting_name)[0], args.tag))
        h, w = img.shape[:2]
        ppm = b"P6\n%d %d\n255\n" % (w, h) + (img * 255 + 0.5).astype(np.uint8).tobytes()
        subprocess.run(["convert", "ppm:-", path], input=ppm, check=True)
        stroke, palette, content = vg.Scorer(photo_path, painting_path).score(path)
        print("%s\t%s\t%.1f s\tstroke %.4f\tpalette %.4f\tcontent %.3f"
              % (args.tag, pair, seconds, stroke, palette, content), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
