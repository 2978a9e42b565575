#!/usr/bin/python3
"""nst_reference.py - an independent PyTorch reference for libnst's objective.

Implements, in float64, exactly the loss written above nst_objective_new() in
nst-core/nst-private.h:

  x_n[c]  = (x[c] - mean[c]) / std[c]          x in [0,1], planar [3][H][W]
  F_l     = relu(conv(...)) at layer l, [C_l, N_l], N_l = H_l * W_l
  G_l     = F_l F_l^T / N_l
  A_l     = sum_s b_s G_l(style s)              blend weights b_s sum to 1
  E_l     = mean((G_l - A_l)^2) / (mean(A_l^2) + 1e-8)
            with n x n style tiles (n = min(style_tiles, H_l, W_l) > 1):
            sum_t v_t E_l,t, G_l of each tile's columns (tile (i, j): rows
            [i H_l // n, (i + 1) H_l // n), columns likewise), v_t the
            tile's pixels / N_l; A_l stays the whole style's
  Ls      = sum_l w_l E_l / sum_l w_l
  Lc      = mean over content layers of mean((F_l - P_l)^2) / (mean(P_l^2) + 1e-8)
  Ltv     = (sum of squared horizontal and vertical neighbour differences of x) / (3 H W)
  Lctv    = the same of the two chroma planes u = R - Y and v = B - Y,
            Y = 0.299 R + 0.587 G + 0.114 B (still / (3 H W))
  B       = a Gaussian blur, sigma = max(1, max(H, W) / 128) px, 2 r + 1 taps,
            r = min(round(3 sigma), 32), summing to 1, edges repeated
  Lcomp   = mean((B Y(x) - B Y(content))^2) / (var(B Y(content)) + 1e-8)
  R_l     = the 3 x 3 patches of F_l at valid positions (unfold), [9 C_l, M_l]
  S_l     = the same of every style with blend > 0, side by side, [9 C_l, K_l]
  u_i     = 0, or with patch_repeat r > 0: how many result patches have
            style patch i nearest (below, u = 0) at the first evaluation,
            times K_l / M_l, then kept
  nn(j)   = argmax_i <S_i, R_j> / ((|S_i| + 1e-6)(|R_j| + 1e-6)) - r u_i
  Ep_l    = mean((R_l - S_l[:, nn])^2) / (mean(S_l^2) + 1e-8), nn held constant
  Lp      = mean over patch layers of Ep_l (0 where a map is below 3 x 3)
  total   = content_weight Lc + style_weight Ls + tv_weight Ltv
            + chroma_tv_weight Lctv + composition_weight Lcomp + patch_weight Lp

The reported "tv" term is tv_weight Ltv + chroma_tv_weight Lctv, as
nst_loss_terms.tv, "content" is content_weight Lc + composition_weight
Lcomp and "style" style_weight Ls + patch_weight Lp; every weight is
stated (no model default here).

Styles with regions (nst_style.region) are terms of their own, each with
its own A_l (no blend) and its b_s as the term's weight:

  Ls      = sum_l w_l sum_s b_s E_l,s / sum_l w_l
  m_l     = the region at layer l: 2x2-averaged through the pools (whatever
            the network's pool), clamped at 0, scaled to m N_l / sum(m), and
            zero where sum(m) < 1e-6 N_l, where the style's term is left out
  G_l     = F_l diag(m_l) F_l^T / N_l
  tiles   = m_l is rescaled in each tile by n_t / sum_tile(m_l) to mean 1
            over the tile, and v_t = sum_tile(m_l) / sum(m_l) over the tiles
            with sum_tile(m_l) >= 1e-6 n_t (the others are left out); Ls is
            0 for that term when the region misses every tile

A style selection (nst_style.selection) makes that style's A_l a masked
Gram, its mask at the style's layer sizes as m_l above.

Luminance bands (nst_params.style_bands B > 1, a guided Gram, Gatys et al.
2017) split each of those terms into B terms of 1/B of its weight:

  Y'      = Y blurred as in Lcomp but with sigma 2 max(1, max(H, W) / 128)
  e_k     = the sorted Y' of the pixels whose weight is >= 0.5 (all without
            a weight, or when none is), n of them, at index n k // B,
            k = 1 .. B - 1
  band k  = [e_k <= Y' < e_k+1] (no bound below for k = 0, none above for
            k = B - 1) blurred by that Gaussian, times the weight
  term k  = its mask band k of the content (weight: the style's region),
            its A_l the Grams over band k of each style image (weight: its
            selection), each band a region or a selection as above

The network is VGG-19 conv1_1..conv5_1 (3x3, zero pad 1, bias, ReLU) with a
2x2 stride-2 pool (average or max, floor on odd sizes) after conv1_2, conv2_2,
conv3_4 and conv4_4.  The ReLU output of conv i is layer "relu" + suffix.

Also: a pure-Python safetensors reader/writer (struct + json) and a generator
of random VGG-19-shaped weights (He-scaled normal filters, small biases).

Run `/usr/bin/python3 nst_reference.py --selftest` to check this file against
naive numpy implementations and finite differences.

Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
"""

import json
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as tF

# ---- VGG-19 layout (mirrors nst-core/model.c) ------------------------------

TORCH_INDEX = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28]
CONV_NAMES = ["conv1_1", "conv1_2", "conv2_1", "conv2_2",
              "conv3_1", "conv3_2", "conv3_3", "conv3_4",
              "conv4_1", "conv4_2", "conv4_3", "conv4_4",
              "conv5_1"]
POOL_AFTER = [0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0]
RELU_NAMES = ["relu" + n[4:] for n in CONV_NAMES]

FULL_WIDTHS = [64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512]
TINY_WIDTHS = [4, 4, 8, 8, 16, 16, 16, 16, 32, 32, 32, 32, 32]

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)

LOSS_EPS = 1e-8   # NST_LOSS_EPS

DEFAULT_STYLE_LAYERS = "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1"
DEFAULT_CONTENT_LAYERS = "relu4_2"


# ---- safetensors -------------------------------------------------------------

_DTYPES = {"F32": ("<f4", 4), "F64": ("<f8", 8), "F16": ("<f2", 2),
           "I64": ("<i8", 8), "I32": ("<i4", 4)}


def write_safetensors(path, tensors, metadata=None):
    """Write {name: numpy array} as safetensors; float arrays become F32
    little-endian, C order, in the given order, contiguous from offset 0.
    The header is right-padded with spaces so data starts 8-byte aligned,
    as the official writer does."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, arr in tensors.items():
        a = np.ascontiguousarray(np.asarray(arr, dtype="<f4"))
        b = a.tobytes(order="C")
        header[name] = {"dtype": "F32", "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """Read a safetensors file into {name: numpy array}, checking the
    layout rules of the reference parser (contiguous, no holes, sizes)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("truncated")
    (n,) = struct.unpack("<Q", data[:8])
    if n > 100_000_000 or 8 + n > len(data):
        raise ValueError("header too large")
    header = json.loads(data[8:8 + n].decode("utf-8"),
                        object_pairs_hook=_no_duplicates)
    header.pop("__metadata__", None)
    body = memoryview(data)[8 + n:]
    spans = []
    out = {}
    for name, info in header.items():
        dt, size = _DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        count = int(np.prod(info["shape"], dtype=np.int64)) if info["shape"] else 1
        if end - begin != count * size:
            raise ValueError("bad offsets for " + name)
        spans.append((begin, end))
        out[name] = np.frombuffer(body[begin:end], dtype=dt).reshape(info["shape"]).copy()
    pos = 0
    for begin, end in sorted(spans):
        if begin != pos:
            raise ValueError("hole or overlap in data")
        pos = end
    if pos != len(body):
        raise ValueError("trailing bytes")
    return out


def _no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError("duplicate tensor " + k)
        d[k] = v
    return d


def random_vgg_weights(widths, seed=1234, bias_scale=0.05):
    """{features.N.weight/bias: float32 array} for a VGG-19-shaped net with
    the given 13 conv widths: He-scaled normal filters (std sqrt(2 / (9 c_in)))
    and small normal biases; deterministic in seed."""
    assert len(widths) == 13
    rng = np.random.default_rng(seed)
    t = {}
    c_in = 3
    for idx, c_out in zip(TORCH_INDEX, widths):
        std = np.sqrt(2.0 / (9 * c_in))
        t["features.%d.weight" % idx] = (rng.standard_normal((c_out, c_in, 3, 3)) * std).astype(np.float32)
        t["features.%d.bias" % idx] = (rng.standard_normal(c_out) * bias_scale).astype(np.float32)
        c_in = c_out
    return t


def write_random_model(path, widths, seed=1234):
    t = random_vgg_weights(widths, seed)
    write_safetensors(path, t, {"format": "pt", "generator": "nst_reference.py seed %d" % seed})
    return t


# ---- the network -----------------------------------------------------------

def parse_layers(spec):
    """'relu1_1:2,relu2_1' -> [('relu1_1', 2.0), ('relu2_1', 1.0)]"""
    out = []
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        if ":" in item:
            name, w = item.split(":", 1)
            out.append((name.strip(), float(w)))
        else:
            out.append((item, 1.0))
    for name, _ in out:
        if name not in RELU_NAMES:
            raise ValueError("unknown layer " + name)
    return out


class VGGRef:
    """VGG-19 conv1_1..conv5_1 in float64 with the given torchvision-named
    weights, input normalisation and pool kind ('avg' or 'max')."""

    def __init__(self, tensors, pool="avg", mean=IMAGENET_MEAN, std=IMAGENET_STD,
                 dtype=torch.float64):
        if pool not in ("avg", "max"):
            raise ValueError("pool must be avg or max")
        self.pool = pool
        self.dtype = dtype
        self.w = []
        self.b = []
        for idx in TORCH_INDEX:
            self.w.append(torch.tensor(np.asarray(tensors["features.%d.weight" % idx]), dtype=dtype))
            self.b.append(torch.tensor(np.asarray(tensors["features.%d.bias" % idx]), dtype=dtype))
        self.mean = torch.tensor(mean, dtype=dtype).view(3, 1, 1)
        self.std = torch.tensor(std, dtype=dtype).view(3, 1, 1)

    def features(self, x, layers):
        """x: [3, H, W] tensor in [0,1].  Returns {relu name: [C, H_l, W_l]}
        for the requested layers, running only as deep as needed."""
        want = set(layers)
        last = max(RELU_NAMES.index(n) for n in want)
        h = ((x - self.mean) / self.std).unsqueeze(0)
        out = {}
        for i in range(last + 1):
            h = torch.relu(tF.conv2d(h, self.w[i], self.b[i], stride=1, padding=1))
            if RELU_NAMES[i] in want:
                out[RELU_NAMES[i]] = h[0]
            if POOL_AFTER[i] and i < last:
                if self.pool == "avg":
                    h = tF.avg_pool2d(h, 2, 2)          # floor mode: odd last row/col dropped
                else:
                    h = tF.max_pool2d(h, 2, 2)
        return out


def gram(f, m=None):
    """F F^T / N of features [C, H, W]; with a mask m [H, W], F diag(m) F^T / N."""
    c = f.shape[0]
    f2 = f.reshape(c, -1)
    if m is None:
        return f2 @ f2.t() / f2.shape[1]
    return (f2 * m.reshape(1, -1)) @ f2.t() / f2.shape[1]


def layer_masks(mask, names, dtype=torch.float64):
    """A mask [H, W] at the input's size -> {relu name: (m_l, empty)} for
    the layers in names, as style_layer_masks() in nst-core/objective.c:
    averaged 2x2 through the pools, clamped at 0, scaled to mean 1."""
    m = torch.as_tensor(np.asarray(mask)).to(dtype)
    want = set(names)
    out = {}
    for i in range(max(RELU_NAMES.index(n) for n in want) + 1):
        if RELU_NAMES[i] in want:
            n = m.numel()
            s = float(m.clamp(min=0).sum())
            empty = s < 1e-6 * n
            out[RELU_NAMES[i]] = (torch.zeros_like(m) if empty else m.clamp(min=0) * (n / s), empty)
        if POOL_AFTER[i]:
            m = tF.avg_pool2d(m[None, None], 2, 2)[0, 0]
    return out


def tile_bounds(h, w, n, t):
    """Tile t (row-major) of an n x n grid over an h x w map: y0, y1, x0, x1."""
    i, j = divmod(t, n)
    return i * h // n, (i + 1) * h // n, j * w // n, (j + 1) * w // n


def tile_masks(h, w, tiles, m=None):
    """The grid n = min(tiles, h, w) and, per tile, its bounds, its mask
    rescaled to mean 1 over the tile (None without a mask) and its weight
    v_t, its share of the mask (of the pixels without one), leaving out
    the tiles the mask misses.  n == 1: the whole map, m as it is."""
    n = min(tiles, h, w)
    if n == 1:
        return n, [((0, h, 0, w), m, 1.0)]
    out = []
    for t in range(n * n):
        y0, y1, x0, x1 = tile_bounds(h, w, n, t)
        nt = (y1 - y0) * (x1 - x0)
        mt, s = None, float(nt)
        if m is not None:
            mt = m[y0:y1, x0:x1]
            s = float(mt.sum())
            if s < 1e-6 * nt:
                continue
            mt = mt * (nt / s)
        out.append(((y0, y1, x0, x1), mt, s))
    total = sum(s for _, _, s in out)
    return n, [(b, mt, s / total) for b, mt, s in out]


def style_layer_loss(f, A, tiles, m=None):
    """E_l of features f [C, H, W] against the target A, in tiles, with the
    term's mask m (None: everywhere)."""
    norm = (A * A).mean() + LOSS_EPS
    _, used = tile_masks(f.shape[1], f.shape[2], tiles, m)
    e = 0.0 * f.sum()
    for (y0, y1, x0, x1), mt, v in used:
        e = e + v * ((gram(f[:, y0:y1, x0:x1], mt) - A) ** 2).mean() / norm
    return e


def tv_loss(x):
    _, h, w = x.shape
    dh = x[:, :, 1:] - x[:, :, :-1]
    dv = x[:, 1:, :] - x[:, :-1, :]
    return ((dh * dh).sum() + (dv * dv).sum()) / (3.0 * h * w)


LUMA = (0.299, 0.587, 0.114)


def chroma_tv_loss(x):
    """Lctv: tv_loss() of the two planes u = R - Y and v = B - Y, which
    divides by 3 H W all the same."""
    y = LUMA[0] * x[0] + LUMA[1] * x[1] + LUMA[2] * x[2]
    return tv_loss(torch.stack((x[0] - y, x[2] - y)))


def gaussian_blur(y, sigma):
    """A plane [H,W] blurred by the Gaussian of the given sigma: 2 r + 1
    taps, r = min(round(3 sigma), 32), summing to 1, as one 2-D kernel (the
    outer product of the 1-D taps) over the edge-repeated plane."""
    r = min(int(3.0 * sigma + 0.5), 32)
    t = torch.arange(-r, r + 1, dtype=y.dtype)
    g = torch.exp(-t * t / (2.0 * sigma * sigma))
    g = g / g.sum()
    y = torch.nn.functional.pad(y[None, None], (r, r, r, r), mode="replicate")
    return torch.nn.functional.conv2d(y, (g[:, None] * g[None, :])[None, None])[0, 0]


def blur_sigma(h, w):
    """The sigma of Lcomp's blur: max(1, max(H, W) / 128) px."""
    return max(1.0, max(h, w) / 128.0)


def blurred_luma(x):
    """B Y(x) of a [3,H,W] tensor: the Gaussian of Lcomp."""
    _, h, w = x.shape
    y = LUMA[0] * x[0] + LUMA[1] * x[1] + LUMA[2] * x[2]
    return gaussian_blur(y, blur_sigma(h, w))


def band_masks(img, bands, weight=None, margins=None):
    """The luminance bands of a guided Gram (nst_params.style_bands): the
    [bands, H, W] float64 soft masks of an image [3,H,W].  Y is the
    luminance blurred by the Gaussian of sigma 2 blur_sigma(H, W); the
    quantiles are taken over the pixels whose weight is >= 0.5 (over all
    without a weight, or when none is): sorted ascending, n of them,
    edge_k = sorted[n k // bands] for k = 1 .. bands - 1; band k holds the
    pixels with edge_k <= Y < edge_k+1 (no lower bound for the first, no
    upper for the last), but for ties: the pixels counted are ranked by Y,
    then by position (row-major), and band k holds those of rank r with
    n k // bands <= r < n (k + 1) // bands (a flat image splits by rows).
    Each band is blurred by the same Gaussian, then times the weight.  margins: a list, given the smallest |Y - edge_k| of the
    pixels off an edge (how far the split is from a float32 rounding)."""
    x = torch.as_tensor(np.asarray(img, dtype=np.float64))
    _, h, w = x.shape
    sigma = 2.0 * blur_sigma(h, w)
    y = gaussian_blur(LUMA[0] * x[0] + LUMA[1] * x[1] + LUMA[2] * x[2], sigma)
    wt = None if weight is None else torch.as_tensor(np.asarray(weight, dtype=np.float64))
    flat = y.reshape(-1)
    counted = torch.arange(flat.numel())
    if wt is not None and bool((wt >= 0.5).any()):
        counted = torch.nonzero(wt.reshape(-1) >= 0.5).flatten()
    order = counted[torch.sort(flat[counted], stable=True).indices]
    n = order.numel()
    edge = [None] + [float(flat[order[n * k // bands]]) for k in range(1, bands)] + [None]
    band = torch.zeros(flat.numel(), dtype=torch.long)
    for k in range(1, bands):
        band[flat >= edge[k]] = k
    rank_band = torch.zeros(n, dtype=torch.long)
    for k in range(1, bands):
        rank_band[n * k // bands:] = k
    band[order] = rank_band
    band = band.reshape(h, w)
    out = []
    for k in range(bands):
        m = gaussian_blur((band == k).to(y.dtype), sigma)
        out.append(m if wt is None else m * wt)
    if margins is not None:
        for e in edge[1:-1]:
            d = (y - e).abs()
            margins.append(float(d[d > 0].min()) if bool((d > 0).any()) else float("inf"))
    return torch.stack(out).numpy()


def composition_loss(x, target):
    """Lcomp of x against target = blurred_luma(content)."""
    return ((blurred_luma(x) - target) ** 2).mean() / (target.var(unbiased=False) + LOSS_EPS)


PATCH_EPS = 1e-6
DEFAULT_PATCH_LAYERS = "relu3_1,relu4_1"


def patches(f):
    """The 3 x 3 patches of a [C,H,W] map at valid positions, [9 C, M]
    (rows channel-major, then dy, dx; columns row-major); None below 3 x 3."""
    if f.shape[1] < 3 or f.shape[2] < 3:
        return None
    return torch.nn.functional.unfold(f[None], 3)[0]


def nearest_patches(r, s, used, repeat):
    """nn of the formula: the first best style column for each result column."""
    score = (s.T @ r) / ((s.norm(dim=0) + PATCH_EPS)[:, None] * (r.norm(dim=0) + PATCH_EPS)[None])
    return torch.argmax(score - repeat * used[:, None], dim=0)


class Objective:
    """The loss of nst-private.h for one content image and one or more
    style images, all planar float arrays [3][H][W] in [0,1] (numpy or
    torch).  style: one image or a list; blend: the styles' weights (all 1
    by default); regions, selections: per style a mask [H][W] or None, a
    region at the content's size, a selection at its style's size;
    style_tiles: nst_params.style_tiles (1: the whole-image Gram);
    chroma_tv_weight: the chroma total variation's weight (>= 0);
    composition_weight: the composition's (>= 0); patch_weight, patch_layers,
    patch_repeat: the patch loss's; style_bands: nst_params.style_bands (1:
    no bands; band_masks() of the content and of each style)."""

    def __init__(self, tensors, content, style, content_weight=1.0, style_weight=30.0,
                 tv_weight=10.0, pool="avg", style_layers=DEFAULT_STYLE_LAYERS,
                 content_layers=DEFAULT_CONTENT_LAYERS, dtype=torch.float64,
                 style_tiles=1, blend=None, regions=None, selections=None, chroma_tv_weight=0.0,
                 composition_weight=0.0, patch_weight=0.0,
                 patch_layers=DEFAULT_PATCH_LAYERS, patch_repeat=0.5, style_bands=1):
        self.net = VGGRef(tensors, pool, dtype=dtype)
        self.dtype = dtype
        self.cw, self.sw, self.tvw = float(content_weight), float(style_weight), float(tv_weight)
        self.ctvw = float(chroma_tv_weight)
        self.compw = float(composition_weight)
        if self.ctvw < 0 or self.compw < 0:
            raise ValueError("chroma_tv_weight and composition_weight must be stated (>= 0)")
        self.pw, self.repeat = float(patch_weight), float(patch_repeat)
        self.patch_layers = [n for n, _ in parse_layers(patch_layers)] if self.pw > 0 else []
        self.style_layers = parse_layers(style_layers)
        self.content_layers = [n for n, _ in parse_layers(content_layers)]
        self.tiles = int(style_tiles)
        self.bands = int(style_bands)
        if not 1 <= self.bands <= 4:
            raise ValueError("style_bands must be 1..4 (NST_STYLE_BANDS_MAX)")
        self.band_margins = []
        styles = list(style) if isinstance(style, (list, tuple)) else [style]
        self._style_terms(content, styles, blend or [1.0] * len(styles),
                          regions or [None] * len(styles), selections or [None] * len(styles))
        with torch.no_grad():
            c = self.net.features(self._t(content), self.content_layers)
            self.P = {n: c[n].clone() for n in self.content_layers}
            self.B = blurred_luma(self._t(content))
        self.A = self.terms[0]["A"]
        self._patch_targets(styles, blend or [1.0] * len(styles))
        self.layers = sorted(set(self.content_layers) | {n for n, _ in self.style_layers}
                             | set(self.patch_layers), key=RELU_NAMES.index)
        self.tile_use = self._tile_use(np.asarray(content).shape[1:])

    def _style_terms(self, content, styles, blend, regions, selections):
        """self.terms: one term of blended targets without regions, else one
        term per style with its own targets, weight b_s and region.  With
        B = style_bands > 1 each of those is B terms (term s B + k for band
        k) of 1/B of its weight: term k's mask is band k of the content
        (within the region), its targets the Grams over band k of each style
        (within its selection)."""
        names = [n for n, _ in self.style_layers]
        wsum = float(sum(blend))
        nb = self.bands
        # as nst-core/objective.c: any region makes a term per style
        separate = any(r is not None for r in regions)
        self.terms = []
        for s, img in enumerate(styles):
            b = blend[s] / wsum
            if not separate and s > 0:
                terms = self.terms
            else:
                if nb > 1:
                    masks = band_masks(content, nb, regions[s], self.band_margins)
                else:
                    masks = [regions[s]]
                terms = [{"weight": (b if separate else 1.0) / nb, "A": {n: 0.0 for n in names},
                          "mask": (layer_masks(m, names, self.dtype) if m is not None
                                   else {n: (None, False) for n in names})} for m in masks]
                self.terms += terms
            if blend[s] <= 0:
                continue
            if nb > 1:
                sels = band_masks(img, nb, selections[s], self.band_margins)
            else:
                sels = [selections[s]]
            with torch.no_grad():
                f = self.net.features(self._t(img), names)
                for term, m in zip(terms, sels):
                    sel = layer_masks(m, names, self.dtype) if m is not None else None
                    for n in names:
                        term["A"][n] = term["A"][n] + (1.0 if separate else b) * gram(
                            f[n], sel[n][0] if sel else None)

    def _patch_targets(self, styles, blend):
        """self.S: the style patches of every patch layer (None: none), the
        styles with blend > 0 side by side, whatever their regions."""
        self.S, self.used = {}, {}
        if not self.patch_layers:
            return
        with torch.no_grad():
            fs = [self.net.features(self._t(img), self.patch_layers)
                  for img, b in zip(styles, blend) if b > 0]
        for n in self.patch_layers:
            ps = [p for p in (patches(f[n]) for f in fs) if p is not None]
            self.S[n] = torch.cat(ps, dim=1) if ps else None

    def patch_loss(self, f):
        """Lp of the result's features f; u set at the first call."""
        lp = 0.0
        for n in self.patch_layers:
            r, s = patches(f[n]), self.S[n]
            if r is None or s is None:
                continue
            with torch.no_grad():
                if n not in self.used:
                    self.used[n] = torch.zeros(s.shape[1], dtype=self.dtype)
                    if self.repeat > 0:
                        first = nearest_patches(r, s, self.used[n], 0.0)
                        self.used[n] = (torch.bincount(first, minlength=s.shape[1]).to(self.dtype)
                                        * s.shape[1] / r.shape[1])
                nn = nearest_patches(r, s, self.used[n], self.repeat)
            lp = lp + ((r - s[:, nn]) ** 2).mean() / ((s * s).mean() + LOSS_EPS)
        return lp / len(self.patch_layers) if self.patch_layers else 0.0

    def _tile_use(self, hw):
        """{(term, layer): (tiles used, tiles of the grid)} at an image of hw."""
        with torch.no_grad():
            f = self.net.features(torch.zeros((3,) + tuple(hw), dtype=self.dtype),
                                  [n for n, _ in self.style_layers])
        out = {}
        for t, term in enumerate(self.terms):
            for n, _ in self.style_layers:
                h, w = f[n].shape[1:]
                grid, used = tile_masks(h, w, self.tiles, term["mask"][n][0])
                out[(t, n)] = (0 if term["mask"][n][1] else len(used), grid * grid)
        return out

    def _t(self, a):
        return torch.as_tensor(np.asarray(a) if not torch.is_tensor(a) else a).to(self.dtype)

    def loss_terms(self, x):
        """x: torch tensor [3,H,W] (may require grad).  Returns dict of torch
        scalars: total and the weighted content/style/tv terms, plus the
        unweighted per-layer values."""
        f = self.net.features(x, self.layers)
        lc = 0.0
        for n in self.content_layers:
            P = self.P[n]
            lc = lc + ((f[n] - P) ** 2).mean() / ((P * P).mean() + LOSS_EPS)
        lc = lc / len(self.content_layers)
        ls = 0.0
        wsum = 0.0
        per_layer = {}
        for n, w in self.style_layers:
            e = 0.0
            for term in self.terms:
                m, empty = term["mask"][n]
                if empty or term["weight"] <= 0:
                    continue
                e = e + term["weight"] * style_layer_loss(f[n], term["A"][n], self.tiles, m)
            per_layer[n] = e
            ls = ls + w * e
            wsum += w
        ls = ls / wsum
        ltv = tv_loss(x)
        lctv = chroma_tv_loss(x)
        lcomp = composition_loss(x, self.B)
        lp = self.patch_loss(f)
        terms = {"content": self.cw * lc + self.compw * lcomp, "style": self.sw * ls + self.pw * lp,
                 "tv": self.tvw * ltv + self.ctvw * lctv, "chroma_tv": self.ctvw * lctv,
                 "composition": self.compw * lcomp, "patch": self.pw * lp}
        terms["total"] = terms["content"] + terms["style"] + terms["tv"]
        terms["style_layers"] = per_layer
        return terms

    def evaluate(self, x):
        """x: numpy [3,H,W].  Returns ({total, content, style, tv} floats
        (and chroma_tv, the weighted chroma part of tv, and composition, the
        weighted composition part of content), gradient of total
        as a float64 numpy array [3,H,W])."""
        xt = self._t(x).clone().requires_grad_(True)
        t = self.loss_terms(xt)
        t["total"].backward()
        vals = {k: float(t[k]) for k in ("total", "content", "style", "tv", "chroma_tv",
                                             "composition", "patch")}
        vals["style_layers"] = {k: float(v) for k, v in t["style_layers"].items()}
        return vals, xt.grad.detach().numpy().copy()


def run_lbfgs(obj, x0, iterations=20, history=6, max_eval=None, tolerance_grad=0.0,
              tolerance_change=0.0, callback=None):
    """torch.optim.LBFGS with strong Wolfe line search from x0 for
    `iterations` iterations (one step() with max_iter=iterations).  Returns
    (final loss at the final x, list of losses after each iteration, x)."""
    x = obj._t(x0).clone().requires_grad_(True)
    opt = torch.optim.LBFGS([x], lr=1.0, max_iter=iterations,
                            max_eval=max_eval if max_eval else iterations * 40,
                            tolerance_grad=tolerance_grad, tolerance_change=tolerance_change,
                            history_size=history, line_search_fn="strong_wolfe")
    n_evals = [0]

    def closure():
        opt.zero_grad()
        loss = obj.loss_terms(x)["total"]
        loss.backward()
        n_evals[0] += 1
        return loss

    opt.step(closure)
    state = opt.state[opt._params[0]]
    with torch.no_grad():
        final = float(obj.loss_terms(x)["total"])
    return final, int(state.get("n_iter", 0)), n_evals[0], x.detach().numpy().copy()


def run_liblbfgs(obj, x0, iterations=20, history=8, max_linesearch=20, epsilon=1e-12):
    """The same liblbfgs (through ctypes, double precision) that
    nst-core/lbfgs-driver.c uses, driven the same way (m = history, epsilon
    1e-12 so that it runs the iterations asked for, past 0, max_linesearch
    20, More-Thuente line search, restart from the last point after a
    line-search failure, at most 3 restarts without progress), on this
    float64 objective.  Isolates the optimiser: with the same algorithm the
    C run should follow this trajectory.  Returns (final loss, losses after
    each iteration, evaluations, liblbfgs return codes)."""
    import ctypes as C

    lib = C.CDLL("liblbfgs.so.0")

    class Param(C.Structure):     # lbfgs_parameter_t of liblbfgs 1.10, LBFGS_FLOAT 64
        _fields_ = [("m", C.c_int), ("epsilon", C.c_double), ("past", C.c_int),
                    ("delta", C.c_double), ("max_iterations", C.c_int), ("linesearch", C.c_int),
                    ("max_linesearch", C.c_int), ("min_step", C.c_double), ("max_step", C.c_double),
                    ("ftol", C.c_double), ("wolfe", C.c_double), ("gtol", C.c_double),
                    ("xtol", C.c_double), ("orthantwise_c", C.c_double),
                    ("orthantwise_start", C.c_int), ("orthantwise_end", C.c_int)]

    dp = C.POINTER(C.c_double)
    EVAL = C.CFUNCTYPE(C.c_double, C.c_void_p, dp, dp, C.c_int, C.c_double)
    PROG = C.CFUNCTYPE(C.c_int, C.c_void_p, dp, dp, C.c_double, C.c_double, C.c_double,
                       C.c_double, C.c_int, C.c_int, C.c_int)
    lib.lbfgs.argtypes = [C.c_int, dp, dp, EVAL, PROG, C.c_void_p, C.POINTER(Param)]
    lib.lbfgs.restype = C.c_int
    lib.lbfgs_malloc.restype = dp
    lib.lbfgs_malloc.argtypes = [C.c_int]
    lib.lbfgs_free.argtypes = [dp]
    lib.lbfgs_parameter_init.argtypes = [C.POINTER(Param)]

    shape = np.asarray(x0).shape
    n = int(np.prod(shape))
    xd = lib.lbfgs_malloc(n)
    xa = np.ctypeslib.as_array(xd, shape=(n,))
    xa[:] = np.asarray(x0, dtype=np.float64).ravel()
    losses, evals = [], [0]

    def evaluate(_inst, x, g, _n, _step):
        v, gr = obj.evaluate(np.ctypeslib.as_array(x, shape=(n,)).reshape(shape).copy())
        np.ctypeslib.as_array(g, shape=(n,))[:] = gr.ravel()
        evals[0] += 1
        return v["total"]

    def progress(_inst, _x, _g, fx, _xn, _gn, _step, _n, _k, _ls):
        losses.append(float(fx))
        return 0

    ev, pr = EVAL(evaluate), PROG(progress)
    p = Param()
    lib.lbfgs_parameter_init(C.byref(p))
    p.m, p.epsilon, p.past, p.max_linesearch = history, epsilon, 0, max_linesearch
    rets, stalls = [], 0
    while len(losses) < iterations and stalls < 3:
        before = len(losses)
        p.max_iterations = iterations - len(losses)
        r = lib.lbfgs(n, xd, None, ev, pr, None, C.byref(p))
        rets.append(r)
        if r in (0, 2, -997):  # LBFGS_SUCCESS, LBFGS_ALREADY_MINIMIZED, LBFGSERR_MAXIMUMITERATION
            break
        stalls = stalls + 1 if len(losses) == before else 0
    x = xa.reshape(shape).copy()
    lib.lbfgs_free(xd)
    return obj.evaluate(x)[0]["total"], losses, evals[0], rets


# ---- self-test -------------------------------------------------------------

def _np_conv3x3(x, w, b):
    c_in, h, wd = x.shape
    xp = np.zeros((c_in, h + 2, wd + 2))
    xp[:, 1:-1, 1:-1] = x
    y = np.zeros((w.shape[0], h, wd))
    for dy in range(3):
        for dx in range(3):
            patch = xp[:, dy:dy + h, dx:dx + wd]                 # cross-correlation, as torch
            y += np.einsum("oc,chw->ohw", w[:, :, dy, dx], patch)
    return y + b[:, None, None]


def _np_pool(x, kind):
    c, h, w = x.shape
    h2, w2 = h // 2, w // 2
    v = x[:, :2 * h2, :2 * w2].reshape(c, h2, 2, w2, 2)
    return v.mean(axis=(2, 4)) if kind == "avg" else v.max(axis=(2, 4))


def _np_features(tensors, img, pool):
    """{relu name: [C, H_l, W_l]} of every layer, naive numpy float64."""
    h = (img - np.array(IMAGENET_MEAN)[:, None, None]) / np.array(IMAGENET_STD)[:, None, None]
    out = {}
    for i, idx in enumerate(TORCH_INDEX):
        h = np.maximum(_np_conv3x3(h, tensors["features.%d.weight" % idx].astype(np.float64),
                                   tensors["features.%d.bias" % idx].astype(np.float64)), 0)
        out[RELU_NAMES[i]] = h
        if POOL_AFTER[i]:
            h = _np_pool(h, pool)
    return out


def _np_loss(tensors, content, style, x, cw, sw, tvw, pool, style_layers, content_layers,
             ctvw=0.0):
    """A second, naive numpy float64 implementation of the formula; the
    chroma total variation pixel by pixel: Y, u and v of each pixel, then
    the differences to its right and lower neighbours."""
    def feats(img):
        return _np_features(tensors, img, pool)

    def g(f):
        f2 = f.reshape(f.shape[0], -1)
        return f2 @ f2.T / f2.shape[1]

    fx, fc, fs = feats(x), feats(content), feats(style)
    sl = parse_layers(style_layers)
    ls = sum(w * np.mean((g(fx[n]) - g(fs[n])) ** 2) / (np.mean(g(fs[n]) ** 2) + LOSS_EPS)
             for n, w in sl) / sum(w for _, w in sl)
    cl = [n for n, _ in parse_layers(content_layers)]
    lc = sum(np.mean((fx[n] - fc[n]) ** 2) / (np.mean(fc[n] ** 2) + LOSS_EPS) for n in cl) / len(cl)
    tv = 0.0
    _, H, W = x.shape
    for c in range(3):
        for i in range(H):
            for j in range(W):
                if j + 1 < W:
                    tv += (x[c, i, j + 1] - x[c, i, j]) ** 2
                if i + 1 < H:
                    tv += (x[c, i + 1, j] - x[c, i, j]) ** 2
    tv /= 3.0 * H * W
    ctv = 0.0
    for i in range(H):
        for j in range(W):
            here = _np_chroma(x[:, i, j])
            for ni, nj in ((i, j + 1), (i + 1, j)):
                if ni < H and nj < W:
                    there = _np_chroma(x[:, ni, nj])
                    ctv += (there[0] - here[0]) ** 2 + (there[1] - here[1]) ** 2
    ctv /= 3.0 * H * W
    tv_term = tvw * tv + ctvw * ctv
    return cw * lc + sw * ls + tv_term, cw * lc, sw * ls, tv_term


def _np_gauss_blur(p, sigma):
    """A Gaussian blur of the plane p naively: each pixel summed over its
    clamped 2-D neighbourhood, one tap pair at a time (taps as
    nst_composition_taps: radius round(3 sigma) up to 32, sum 1)."""
    H, W = p.shape
    r = min(int(3.0 * sigma + 0.5), 32)
    g = np.exp(-np.arange(-r, r + 1) ** 2 / (2.0 * sigma * sigma))
    g /= g.sum()
    out = np.zeros((H, W))
    for i in range(H):
        for j in range(W):
            for a in range(-r, r + 1):
                for b in range(-r, r + 1):
                    out[i, j] += (g[a + r] * g[b + r]
                                  * p[min(max(i + a, 0), H - 1), min(max(j + b, 0), W - 1)])
    return out


def _np_composition(x, content):
    """Lcomp naively (_np_gauss_blur)."""
    _, H, W = x.shape
    sigma = max(1.0, max(H, W) / 128.0)

    def blur(img):
        return _np_gauss_blur(0.299 * img[0] + 0.587 * img[1] + 0.114 * img[2], sigma)

    bx, bc = blur(x), blur(content)
    return np.mean((bx - bc) ** 2) / (np.var(bc) + LOSS_EPS)


def _np_patch_loss(tensors, style, x, pool, layers, repeat):
    """Lp naively: patches gathered pixel by pixel, each result patch's
    scores against every style patch in a loop, then the distances."""
    def grab(f):
        c, h, w = f.shape
        return np.array([[f[ch, i + dy, j + dx] for ch in range(c) for dy in range(3)
                          for dx in range(3)] for i in range(h - 2) for j in range(w - 2)])

    fx, fs = _np_features(tensors, x, pool), _np_features(tensors, style, pool)
    total = 0.0
    for n in layers:
        r, s = grab(fx[n]), grab(fs[n])
        used = np.zeros(len(s))

        def nearest(u, rep):
            return [int(np.argmax([np.dot(a, b) / ((np.linalg.norm(b) + PATCH_EPS)
                                                    * (np.linalg.norm(a) + PATCH_EPS)) - rep * u[i]
                                   for i, b in enumerate(s)])) for a in r]
        if repeat > 0:
            for i in nearest(used, 0.0):
                used[i] += len(s) / len(r)
        nn = nearest(used, repeat)
        total += np.mean([(r[j] - s[nn[j]]) ** 2 for j in range(len(r))]) / (np.mean(s ** 2)
                                                                              + LOSS_EPS)
    return total / len(layers)


def _np_chroma(rgb):
    """(u, v) = (R - Y, B - Y) of one pixel."""
    y = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
    return rgb[0] - y, rgb[2] - y


def _np_tiled_style_loss(tensors, styles, blend, regions, selections, x, pool, style_layers,
                         tiles):
    """A second, naive numpy float64 implementation of the style term Ls
    with tiles, regions (several styles) and selections: masks pooled and
    scaled layer by layer, pixels sorted into their tile by a closed form
    (row r is in tile ceil((r + 1) n / h) - 1), each tile's Gram summed
    pixel by pixel."""
    def masks(m):
        out, m = {}, np.asarray(m, dtype=np.float64)
        for i in range(len(RELU_NAMES)):
            mp = np.maximum(m, 0)
            out[RELU_NAMES[i]] = (mp * (m.size / mp.sum()) if mp.sum() >= 1e-6 * m.size
                                  else None)
            if POOL_AFTER[i]:
                m = _np_pool(m[None], "avg")[0]
        return out

    def g(f, m):
        f2 = f.reshape(f.shape[0], -1)
        mw = np.ones(f2.shape[1]) if m is None else m.ravel()
        return sum(mw[p] * np.outer(f2[:, p], f2[:, p]) for p in range(f2.shape[1])) / f2.shape[1]

    fx = _np_features(tensors, x, pool)
    fs = [_np_features(tensors, s, pool) for s in styles]
    sel = [masks(m) if m is not None else None for m in selections]
    reg = [masks(m) if m is not None else None for m in regions]
    separate = any(r is not None for r in regions)
    b = np.asarray(blend, dtype=np.float64) / sum(blend)
    sl = parse_layers(style_layers)
    ls = 0.0
    for name, w in sl:
        A = [g(fs[s][name], sel[s][name] if sel[s] else None) for s in range(len(styles))]
        if separate:
            terms = [(b[s], A[s], reg[s][name] if reg[s] else np.ones(fx[name].shape[1:]))
                     for s in range(len(styles)) if b[s] > 0]
        else:
            terms = [(1.0, sum(b[s] * A[s] for s in range(len(styles))), np.ones(fx[name].shape[1:]))]
        _, h, wd = fx[name].shape
        n = min(tiles, h, wd)
        tile_of = [[((r + 1) * n + h - 1) // h - 1, ((c + 1) * n + wd - 1) // wd - 1]
                   for r in range(h) for c in range(wd)]
        for weight, a, m in terms:
            if m is None:          # the region is empty at this layer
                continue
            errs, shares = [], []
            for ti in range(n):
                for tj in range(n):
                    px = [p for p, t in enumerate(tile_of) if t == [ti, tj]]
                    f2 = fx[name].reshape(fx[name].shape[0], -1)[:, px]
                    mt = m.ravel()[px]
                    if n > 1 and mt.sum() < 1e-6 * len(px):
                        continue
                    shares.append(mt.sum())
                    mt = mt * (len(px) / mt.sum()) if n > 1 else mt
                    errs.append(np.mean((g(f2, mt) - a) ** 2) / (np.mean(a ** 2) + LOSS_EPS))
            ls += w * weight * (np.dot(errs, shares) / np.sum(shares) if errs else 0.0)
    return ls / sum(w for _, w in sl)


def random_image(h, w, seed, lo=0.0, hi=1.0):
    rng = np.random.default_rng(seed)
    return (lo + (hi - lo) * rng.random((3, h, w))).astype(np.float32)


def _selftest_tiles(t, check):
    """Tiled style loss: against the naive numpy version with regions that
    miss tiles and a selection, its gradient against finite differences,
    and the tile cut against its closed form."""
    H, W = 23, 29
    x = random_image(H, W, 3).astype(np.float64)
    styles = [random_image(H, W, 4).astype(np.float64), random_image(H, W, 6).astype(np.float64)]
    yy, xx = np.mgrid[0:H, 0:W]
    left = np.clip((0.45 * W - xx) / (0.3 * W), 0, 1) * (0.5 + 0.5 * yy / H)
    regions = [left, 1 - left]
    selections = [np.clip((0.6 * H - yy) / (0.2 * H), 0, 1), None]
    sl = "relu1_1:1,relu2_1:0.5,relu3_1:2,relu4_1"
    ok = all(((r + 1) * n + h - 1) // h - 1 == next(i for i in range(n) if r < (i + 1) * h // n)
             for h in range(1, 40) for n in range(1, h + 1) for r in range(h))
    check("tile of a row: closed form == the cut i * h // n", ok)
    for tiles, reg, sel, blend in ((3, [None, None], [None, None], [1.0, 0.0]),
                                   (3, regions, selections, [1.0, 0.5]),
                                   (8, regions, [None, None], [1.0, 0.5])):
        obj = Objective(t, x, styles, 0.0, 1.0, 0.0, "avg", sl, "relu4_2", style_tiles=tiles,
                        blend=blend, regions=reg, selections=sel)
        v, _ = obj.evaluate(x)
        nv = _np_tiled_style_loss(t, styles, blend, reg, sel, x, "avg", sl, tiles)
        skipped = sum(g - u for u, g in obj.tile_use.values())
        check("tiled style loss == naive numpy (%d tiles%s)" % (tiles, ", regions" if reg[0] is not None else ""),
              abs(v["style"] - nv) <= 1e-12 * abs(nv) and (skipped > 0) == (reg[0] is not None),
              "style %.9g naive %.9g, %d tiles left out" % (v["style"], nv, skipped))
    _, g = obj.evaluate(x)
    rng = np.random.default_rng(8)
    dirn = rng.standard_normal(x.shape)
    eps = 1e-6
    fd = (obj.evaluate(x + eps * dirn)[0]["total"] - obj.evaluate(x - eps * dirn)[0]["total"]) / (2 * eps)
    dd = float((g * dirn).sum())
    check("directional derivative (8 tiles, regions)", abs(fd - dd) / abs(dd) < 1e-6,
          "fd %.9g analytic %.9g" % (fd, dd))


def _np_band_masks(img, bands, weight=None):
    """band_masks() naively (_np_gauss_blur), the edges by np.sort."""
    _, H, W = img.shape
    sigma = 2.0 * max(1.0, max(H, W) / 128.0)

    def blur(p):
        return _np_gauss_blur(p, sigma)

    y = blur(0.299 * img[0] + 0.587 * img[1] + 0.114 * img[2])
    counted = [p for p in range(H * W) if weight is None or weight.ravel()[p] >= 0.5]
    counted = counted or list(range(H * W))
    order = sorted(counted, key=lambda p: (y.ravel()[p], p))
    n = len(order)
    lo = [-np.inf] + [y.ravel()[order[n * k // bands]] for k in range(1, bands)]
    band = np.array([max(k for k in range(bands) if v >= lo[k]) for v in y.ravel()])
    for r, p in enumerate(order):
        band[p] = max(k for k in range(bands) if n * k // bands <= r)
    band = band.reshape(H, W)
    out = [blur((band == k).astype(np.float64)) for k in range(bands)]
    return np.array([m * (weight if weight is not None else 1.0) for m in out])


def _selftest_bands(t, check):
    """Luminance bands: the masks against naive loops, summing to 1 (to the
    weight), ordered dark to light in equal shares; the objective with bands
    as the sum of band-limited regions and selections; its gradient."""
    H, W = 23, 29
    img = random_image(H, W, 9).astype(np.float64)
    yy, xx = np.mgrid[0:H, 0:W]
    weight = np.clip((0.7 * W - xx) / (0.3 * W), 0, 1)
    for bands, wt in ((3, None), (4, weight)):
        m = band_masks(img, bands, wt)
        nm = _np_band_masks(img, bands, wt)
        check("band masks == naive loops (%d bands%s)" % (bands, ", weighted" if wt is not None else ""),
              np.abs(m - nm).max() < 1e-12, "max diff %.2e" % np.abs(m - nm).max())
        check("band masks sum to %s (%d bands)" % ("the weight" if wt is not None else "1", bands),
              np.abs(m.sum(0) - (wt if wt is not None else 1.0)).max() < 1e-12)
    y = torch.as_tensor(0.299 * img[0] + 0.587 * img[1] + 0.114 * img[2])
    ys = gaussian_blur(y, 2.0 * blur_sigma(H, W)).numpy()
    m = band_masks(img, 4)
    means = [float((mk * ys).sum() / mk.sum()) for mk in m]
    shares = m.sum(axis=(1, 2)) / (H * W)     # the blur moves a little across the edges
    check("bands ordered dark to light, equal shares of the pixels",
          all(a < b for a, b in zip(means, means[1:])) and np.abs(shares - 0.25).max() < 0.02,
          "mean Y' %s, shares %s" % (np.round(means, 4), np.round(shares, 3)))
    nw = np.full((H, W), 0.2)
    check("a weight < 0.5 everywhere: the quantiles of all pixels",
          np.abs(band_masks(img, 3, nw) - 0.2 * band_masks(img, 3)).max() < 1e-15)
    flat = np.full((3, H, W), 0.4)
    for wt in (None, weight):
        m, nm = band_masks(flat, 3, wt), _np_band_masks(flat, 3, wt)
        shares = m.sum(axis=(1, 2)) / m.sum()
        # weighted, the pixels under 1/2 go by value: all to the last band
        check("a flat image: ties by position, %s"
              % ("no band empty, weighted" if wt is not None else "a third in each band"),
              np.abs(m - nm).max() < 1e-12
              and (shares.min() > 0.25 if wt is not None else np.abs(shares - 1.0 / 3).max() < 0.03),
              "max diff %.2e, shares %s" % (np.abs(m - nm).max(), np.round(shares, 3)))

    content = random_image(H, W, 10).astype(np.float64)
    style = random_image(H, W, 11).astype(np.float64)
    x = random_image(H, W, 12).astype(np.float64)
    sl = "relu1_1:1,relu2_1:0.5,relu3_1:2,relu4_1"
    for tiles in (1, 3):
        obj = Objective(t, content, style, 0.0, 1.0, 0.0, "avg", sl, "relu4_2",
                        style_tiles=tiles, style_bands=3)
        v = obj.evaluate(x)[0]["style"]
        cm, sm = band_masks(content, 3), band_masks(style, 3)
        parts = [Objective(t, content, style, 0.0, 1.0, 0.0, "avg", sl, "relu4_2",
                           style_tiles=tiles, regions=[cm[k]], selections=[sm[k]]).evaluate(x)[0]["style"]
                 for k in range(3)]
        check("3 bands == mean of 3 band regions and selections (%d tiles)" % tiles,
              abs(v - sum(parts) / 3) <= 1e-12 * v and len(obj.terms) == 3,
              "%.9g vs %.9g" % (v, sum(parts) / 3))
    styles = [style, random_image(H, W, 13).astype(np.float64)]
    left = np.clip((0.45 * W - xx) / (0.3 * W), 0, 1) * (0.5 + 0.5 * yy / H)
    obj = Objective(t, content, styles, 1.0, 30.0, 10.0, "avg", sl, "relu4_2", style_tiles=3,
                    blend=[1.0, 0.5], regions=[left, 1 - left],
                    selections=[np.clip((0.6 * H - yy) / (0.2 * H), 0, 1), None], style_bands=2)
    v, g = obj.evaluate(x)
    dirn = np.random.default_rng(14).standard_normal(x.shape)
    eps = 1e-6
    fd = (obj.evaluate(x + eps * dirn)[0]["total"] - obj.evaluate(x - eps * dirn)[0]["total"]) / (2 * eps)
    dd = float((g * dirn).sum())
    check("directional derivative (2 bands, tiles 3, regions)",
          abs(fd - dd) / abs(dd) < 1e-6 and len(obj.terms) == 4
          and abs(sum(term["weight"] for term in obj.terms) - 1.0) < 1e-15,
          "fd %.9g analytic %.9g" % (fd, dd))


def selftest():
    import os
    import tempfile
    ok = True

    def check(name, cond, detail=""):
        nonlocal ok
        print("%-60s %s %s" % (name, "ok" if cond else "FAIL", detail))
        ok = ok and cond

    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as d:
        # safetensors round trip and byte layout
        p = os.path.join(d, "tiny.safetensors")
        t = write_random_model(p, TINY_WIDTHS, seed=7)
        r = read_safetensors(p)
        check("safetensors round trip", set(r) == set(t) and all(np.array_equal(r[k], t[k]) for k in t))
        with open(p, "rb") as f:
            raw = f.read()
        (n,) = struct.unpack("<Q", raw[:8])
        hdr = json.loads(raw[8:8 + n])
        check("header: 8-byte aligned data, starts with '{'", (8 + n) % 8 == 0 and raw[8:9] == b"{")
        w0 = np.frombuffer(raw[8 + n + hdr["features.0.weight"]["data_offsets"][0]:][:4], "<f4")[0]
        check("F32 little-endian bytes", w0 == t["features.0.weight"].flat[0])
        check("shapes chain", all(hdr["features.%d.weight" % TORCH_INDEX[i]]["shape"] ==
                                  [TINY_WIDTHS[i], 3 if i == 0 else TINY_WIDTHS[i - 1], 3, 3]
                                  for i in range(13)))
        full = random_vgg_weights(FULL_WIDTHS, seed=1)
        nparams = sum(a.size for a in full.values())
        check("full VGG-19 widths: parameter count to conv5_1", nparams == 12_944_960, str(nparams))

    # layer geometry on odd sizes (48x40 -> pools floor)
    net = VGGRef(t, "avg")
    f = net.features(torch.rand(3, 37, 50, dtype=torch.float64), RELU_NAMES)
    shapes = [tuple(f[n].shape[1:]) for n in ("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")]
    check("pool floor on odd sizes 37x50", shapes == [(37, 50), (18, 25), (9, 12), (4, 6), (2, 3)], str(shapes))

    # value against the naive numpy implementation, both pools, weighted
    # layers, without and with the chroma total variation (CTV)
    H, W = 19, 22
    content, style, x = random_image(H, W, 1), random_image(H, W, 2), random_image(H, W, 3)
    sl = "relu1_1:1,relu2_1:0.5,relu3_1:2,relu4_1,relu5_1:0.25"
    for pool, ctvw in (("avg", 0.0), ("avg", 40.0), ("max", 40.0)):
        obj = Objective(t, content, style, 1.0, 30.0, 10.0, pool, sl, "relu4_2",
                        chroma_tv_weight=ctvw)
        v, _ = obj.evaluate(x)
        nv = _np_loss(t, content.astype(np.float64), style.astype(np.float64), x.astype(np.float64),
                      1.0, 30.0, 10.0, pool, sl, "relu4_2", ctvw)
        rel = [abs(a - b) / abs(b) for a, b in zip((v["total"], v["content"], v["style"], v["tv"]), nv)]
        check("loss terms == naive numpy (%s pool, CTV weight %g)" % (pool, ctvw),
              max(rel) < 1e-12 and (v["chroma_tv"] > 0.1 * v["tv"]) == (ctvw > 0),
              "max rel %.2e total %.6f chroma %.6f" % (max(rel), v["total"], v["chroma_tv"]))
    obj = Objective(t, content, style, 1.0, 30.0, 10.0, "avg", sl, "relu4_2",
                    composition_weight=3.0)
    v, _ = obj.evaluate(x)
    lc = Objective(t, content, style, 1.0, 30.0, 10.0, "avg", sl, "relu4_2").evaluate(x)[0]["content"]
    nc = _np_composition(x.astype(np.float64), content.astype(np.float64))
    check("composition == naive numpy (2-D sums, 19x22, radius 3)",
          abs(v["composition"] - 3.0 * nc) <= 1e-12 * 3.0 * nc
          and abs(v["content"] - (lc + 3.0 * nc)) <= 1e-12 * v["content"] and nc > 0,
          "%.9g vs %.9g" % (v["composition"], 3.0 * nc))
    grey = np.repeat(x[:1], 3, axis=0).astype(np.float64)
    cg = float(chroma_tv_loss(torch.as_tensor(grey)))
    check("chroma TV of a grey image (varying luma) is 0", abs(cg) < 1e-15
          and float(tv_loss(torch.as_tensor(grey))) > 0, "%.3g" % cg)

    # gradient against central finite differences (float64), with the CTV
    # and the composition
    for pool in ("avg", "max"):
        obj = Objective(t, content, style, 1.0, 30.0, 10.0, pool, sl, "relu4_2,relu3_2",
                        chroma_tv_weight=40.0, composition_weight=3.0)
        _, g = obj.evaluate(x)
        rng = np.random.default_rng(5)
        errs = []
        for _ in range(12):
            c, i, j = rng.integers(3), rng.integers(H), rng.integers(W)
            hstep = 1e-6
            xp = x.astype(np.float64).copy(); xp[c, i, j] += hstep
            xm = x.astype(np.float64).copy(); xm[c, i, j] -= hstep
            fd = (obj.evaluate(xp)[0]["total"] - obj.evaluate(xm)[0]["total"]) / (2 * hstep)
            errs.append(abs(fd - g[c, i, j]) / (abs(g).max()))
        check("gradient == finite differences (%s pool, CTV 40, comp. 3)" % pool, max(errs) < 1e-6,
              "max err %.2e" % max(errs))
        # and along a random direction
        dirn = rng.standard_normal(x.shape)
        eps = 1e-6
        fd = (obj.evaluate(x + eps * dirn)[0]["total"] - obj.evaluate(x - eps * dirn)[0]["total"]) / (2 * eps)
        dd = float((g * dirn).sum())
        check("directional derivative (%s pool, CTV 40, comp. 3)" % pool, abs(fd - dd) / abs(dd) < 1e-6,
              "fd %.9g analytic %.9g" % (fd, dd))

    _selftest_tiles(t, check)
    _selftest_bands(t, check)

    # the patch loss against naive loops (relu3_1 10x11: 72 patches; relu4_1
    # 5x5: 9), with and without the repetition price, and its gradient
    H2, W2 = 40, 44
    c2, s2, x2 = random_image(H2, W2, 4), random_image(H2, W2, 5), random_image(H2, W2, 6)
    for repeat in (0.0, 0.5):
        obj = Objective(t, c2, s2, 0.0, 0.0, 0.0, "avg", sl, "relu4_2", patch_weight=2.0,
                        patch_repeat=repeat)
        v, g = obj.evaluate(x2)
        nv = 2.0 * _np_patch_loss(t, s2.astype(np.float64), x2.astype(np.float64), "avg",
                                  ["relu3_1", "relu4_1"], repeat)
        check("patch loss == naive loops (repeat %g)" % repeat,
              abs(v["patch"] - nv) <= 1e-12 * nv and v["style"] == v["patch"],
              "%.9g vs %.9g" % (v["patch"], nv))
    dirn = np.random.default_rng(6).standard_normal(x2.shape)
    eps = 1e-7
    fd = (obj.evaluate(x2 + eps * dirn)[0]["total"] - obj.evaluate(x2 - eps * dirn)[0]["total"]) / (2 * eps)
    dd = float((g * dirn).sum())
    check("directional derivative (patches, repeat 0.5)", abs(fd - dd) / abs(dd) < 1e-6,
          "fd %.9g analytic %.9g" % (fd, dd))

    # the loss is 0 at x = content = style with only content/style weights
    obj = Objective(t, content, content, 1.0, 30.0, 0.0, "avg")
    v, g = obj.evaluate(content)
    check("zero loss at the target", v["total"] == 0.0 and np.abs(g).max() == 0.0, str(v["total"]))

    # L-BFGS decreases the loss
    obj = Objective(t, content, style, 1.0, 30.0, 10.0, "avg")
    start = obj.evaluate(content)[0]["total"]
    final, iters, evals, _ = run_lbfgs(obj, content, iterations=10)
    check("torch L-BFGS decreases the loss", final < 0.5 * start,
          "%.6f -> %.6f in %d iterations, %d evaluations" % (start, final, iters, evals))
    final2, losses, evals2, rets = run_liblbfgs(obj, content, iterations=10)
    check("liblbfgs (ctypes) decreases the loss", final2 < 0.5 * start and len(losses) == 10
          and abs(losses[-1] - final2) <= 1e-12 * final2 and all(b <= a for a, b in zip(losses, losses[1:])),
          "%.6f -> %.6f in %d iterations, %d evaluations, returns %s" % (start, final2, len(losses), evals2, rets))
    return ok


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--selftest":
        sys.exit(0 if selftest() else 1)
    if len(sys.argv) == 4 and sys.argv[1] == "--write-model":
        write_random_model(sys.argv[3], TINY_WIDTHS if sys.argv[2] == "tiny" else FULL_WIDTHS)
        sys.exit(0)
    print("usage: nst_reference.py --selftest | --write-model tiny|full PATH", file=sys.stderr)
    sys.exit(2)
