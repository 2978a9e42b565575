/* test-gradients.c - every backward pass against central finite
 * differences.  Kernels run in float; the scalar being differentiated is
 * accumulated in double.  Linear and quadratic maps have no truncation
 * error in central differences, so their tolerances only cover float
 * rounding; the network's tolerance also covers ReLU/max-pool kinks. */
#include "test-util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL_LINEAR    1e-3   /* conv, average pool: relative, per coordinate */
#define TOL_QUADRATIC 2e-3   /* Gram-based losses */
#define TOL_NETWORK   5e-3   /* total loss through ReLUs and pools, directional */
#define N_PROBES      24
#define CONV_FD_STEP  0.25   /* x is in [-1, 1] */
/* conv forward against the direct sum, absolute, times sqrt (9 c_in)
 * (uniform [-1, 1] weights and inputs): F(4x4)'s transforms round ~20x
 * worse (tests/core/test-winograd.c bounds it relative to the output) */
#define TOL_DIRECT    1e-5
#define TOL_DIRECT_F4 2e-4
#define N_ELEMENTS(a)  (sizeof (a) / sizeof ((a)[0]))

/* d/dx of sum(r * f(x)) by central differences at coordinate k. */
typedef double (*scalar_fn) (const float *x, void *ctx);

static double
central_diff (scalar_fn f, float *x, size_t k, double eps, void *ctx)
{
  float  keep = x[k];
  double fp, fm;

  x[k] = keep + (float) eps;
  fp = f (x, ctx);
  x[k] = keep - (float) eps;
  fm = f (x, ctx);
  x[k] = keep;
  /* the step actually taken in float */
  return (fp - fm) / ((double) (keep + (float) eps) - (double) (keep - (float) eps));
}

static double
dot (const float *a, const float *b, size_t n)
{
  double s = 0.0;
  size_t i;

  for (i = 0; i < n; i++)
    s += (double) a[i] * b[i];
  return s;
}

/* Worst relative error of an analytic gradient over N_PROBES coordinates. */
static double
probe_gradient (scalar_fn f, float *x, size_t n, const float *grad, double eps, void *ctx)
{
  double worst = 0.0, scale = 0.0;
  size_t i;
  nst_rng rng;

  for (i = 0; i < n; i++)
    scale = fmax (scale, fabs (grad[i]));
  nst_rng_init (&rng, 99);
  for (i = 0; i < N_PROBES; i++)
    {
      size_t k = nst_rng_next (&rng) % n;
      double fd = central_diff (f, x, k, eps, ctx);
      double e = fabs (fd - grad[k]) / fmax (scale, 1e-12);

      worst = fmax (worst, e);
    }
  return worst;
}

/* ---- conv ---- */
typedef struct { int c_in, c_out, h, w; float *wt, *bias, *r, *y, *ws; nst_workers *pool; int algo; } conv_ctx;

/* algo in the cases: DISPATCH = the engine's choice, or an algorithm
 * forced whatever the channel count (so small tests cover it too). */
#define DISPATCH (-1)
#define F2       NST_CONV_WINOGRAD_F2
#define F4       NST_CONV_WINOGRAD_F4

static nst_conv_algorithm
conv_algo (const conv_ctx *c)
{
  return c->algo == DISPATCH ? nst_conv3x3_algorithm (c->c_in, c->c_out, c->h, c->w)
                             : (nst_conv_algorithm) c->algo;
}

static void
conv_forward (conv_ctx *c, const float *x)
{
  nst_conv3x3_forward_with (conv_algo (c), c->pool, x, c->c_in, c->h, c->w, c->wt, c->bias,
                            c->c_out, 0, c->y, c->ws);
}

static void
conv_backward (conv_ctx *c, float *dx)
{
  nst_conv3x3_backward_with (conv_algo (c), c->pool, c->r, NULL, c->c_out, c->h, c->w,
                             c->wt, c->c_in, dx, c->ws);
}

static size_t
conv_workspace (const conv_ctx *c)
{
  return nst_conv3x3_algorithm_workspace_floats (conv_algo (c), c->c_in, c->c_out, c->h, c->w);
}

static const char *
conv_algorithm (const conv_ctx *c, int backward)
{
  switch (conv_algo (c))
    {
    case NST_CONV_WINOGRAD_F2: return "Winograd F(2x2)";
    case NST_CONV_WINOGRAD_F4: return "Winograd F(4x4)";
    default:                   return backward ? "col2im" : "im2col";
    }
}

static double
conv_f (const float *x, void *p)
{
  conv_ctx *c = p;

  conv_forward (c, x);
  return dot (c->r, c->y, (size_t) c->c_out * c->h * c->w);
}

/* Both backward paths (col2im for thin layers, Winograd otherwise), on
 * one thread and on a pool; sizes chosen so that some cases span several
 * tiles or chunks and end in partial Winograd tiles. */
static void
test_conv (int c_in, int c_out, int h, int w, int threads, int algo)
{
  conv_ctx c = { c_in, c_out, h, w, NULL, NULL, NULL, NULL, NULL, NULL, algo };
  size_t   nx = (size_t) c_in * h * w, ny = (size_t) c_out * h * w;
  float   *x = malloc (nx * 4), *dx = malloc (nx * 4);
  double   e;
  nst_error err;

  nst_workers_new (threads, &c.pool, &err);
  c.wt = malloc ((size_t) c_in * c_out * 9 * 4);
  c.bias = malloc (c_out * 4);
  c.r = malloc (ny * 4);
  c.y = malloc (ny * 4);
  c.ws = malloc (conv_workspace (&c) * 4);
  test_fill_uniform (x, nx, -1, 1, 1);
  test_fill_uniform (c.wt, (size_t) c_in * c_out * 9, -1, 1, 2);
  test_fill_uniform (c.bias, c_out, -1, 1, 3);
  test_fill_uniform (c.r, ny, -1, 1, 4);

  conv_backward (&c, dx);
  /* the conv is linear: a large step has no truncation error and divides
   * the forward's rounding noise (F(4x4)'s is ~20x F(2x2)'s) the most */
  e = probe_gradient (conv_f, x, nx, dx, CONV_FD_STEP, &c);
  CHECK (e < TOL_LINEAR,
         "conv3x3 backward (%s) %d->%d at %dx%d, %d thread(s), matches finite differences "
         "(%.2g)", conv_algorithm (&c, 1), c_in, c_out, w, h, threads, e);

  nst_workers_free (c.pool);
  free (x); free (dx); free (c.wt); free (c.bias); free (c.r); free (c.y);
  free (c.ws);
}

static void
test_conv_reference (int c_in, int c_out, int h, int w, int threads, int algo)
{
  conv_ctx c = { c_in, c_out, h, w, NULL, NULL, NULL, NULL, NULL, NULL, algo };
  int      co, ci, i, j, ky, kx;
  float   *x = malloc ((size_t) c_in * h * w * 4);
  double   worst = 0.0;
  nst_error err;

  c.wt = malloc ((size_t) c_out * c_in * 9 * 4);
  c.bias = malloc (c_out * 4);
  c.y = malloc ((size_t) c_out * h * w * 4);
  c.ws = malloc (conv_workspace (&c) * 4);
  test_fill_uniform (x, (size_t) c_in * h * w, -1, 1, 5);
  test_fill_uniform (c.wt, (size_t) c_out * c_in * 9, -1, 1, 6);
  test_fill_uniform (c.bias, c_out, -1, 1, 7);
  nst_workers_new (threads, &c.pool, &err);
  conv_forward (&c, x);
  nst_workers_free (c.pool);
  for (co = 0; co < c_out; co++)
    for (i = 0; i < h; i++)
      for (j = 0; j < w; j++)
        {
          double s = c.bias[co];

          for (ci = 0; ci < c_in; ci++)
            for (ky = 0; ky < 3; ky++)
              for (kx = 0; kx < 3; kx++)
                {
                  int yy = i + ky - 1, xx = j + kx - 1;
                  if (yy >= 0 && yy < h && xx >= 0 && xx < w)
                    s += (double) c.wt[((co * c_in + ci) * 3 + ky) * 3 + kx]
                         * x[((size_t) ci * h + yy) * w + xx];
                }
          worst = fmax (worst, fabs (s - c.y[((size_t) co * h + i) * w + j]));
        }
  CHECK (worst < (conv_algo (&c) == F4 ? TOL_DIRECT_F4 : TOL_DIRECT) * sqrt (c_in * 9.0),
         "conv3x3 forward (%s) %d->%d at %dx%d, %d thread(s), "
         "equals the direct sum (max error %.2g)", conv_algorithm (&c, 0), c_in, c_out, w, h,
         threads, worst);
  free (x); free (c.wt); free (c.bias); free (c.y); free (c.ws);
}

/* ---- pooling ---- */
typedef struct { int c, h, w; nst_pool kind; float *r, *y; } pool_ctx;

static double
pool_f (const float *x, void *p)
{
  pool_ctx *c = p;

  nst_pool2x2_forward (x, c->c, c->h, c->w, c->kind, c->y);
  return dot (c->r, c->y, (size_t) c->c * (c->h / 2) * (c->w / 2));
}

static void
test_pool (nst_pool kind, int h, int w)
{
  pool_ctx c = { 3, h, w, kind, NULL, NULL };
  size_t   nx = (size_t) 3 * h * w, ny = (size_t) 3 * (h / 2) * (w / 2);
  float   *x = malloc (nx * 4), *dx = malloc (nx * 4);

  c.r = malloc (ny * 4);
  c.y = malloc (ny * 4);
  test_fill_uniform (x, nx, -1, 1, 8);
  test_fill_uniform (c.r, ny, -1, 1, 9);
  nst_pool2x2_backward (x, c.r, 3, h, w, kind, dx);
  /* max pooling: a step far below the gaps between random values */
  CHECK (probe_gradient (pool_f, x, nx, dx, kind == NST_POOL_MAX ? 1e-4 : 1e-2, &c) < TOL_LINEAR,
         "%s pool backward at %dx%d matches finite differences",
         kind == NST_POOL_MAX ? "max" : "average", w, h);
  free (x); free (dx); free (c.r); free (c.y);
}

/* ---- losses ---- */
typedef struct { int c; size_t n; float *target, *diff; double norm; int style; } loss_ctx;

static double
loss_f (const float *f, void *p)
{
  loss_ctx *c = p;

  if (c->style)
    return nst_loss_style (NULL, f, c->c, c->n, c->target, c->norm, c->diff, NULL);
  return nst_loss_content (f, c->target, (size_t) c->c * c->n, c->norm, NULL, 0.0);
}

static void
test_losses (void)
{
  int    ch = 6;
  size_t n = 35, nf = ch * n;
  float *f = malloc (nf * 4), *df = calloc (nf, 4), *p = malloc (nf * 4);
  float *a = malloc (ch * ch * 4), *diff = malloc (ch * ch * 4), *g2 = malloc (nf * 4);
  loss_ctx c = { ch, n, p, diff, 0.7, 0 };

  test_fill_uniform (f, nf, 0, 1, 10);
  test_fill_uniform (p, nf, 0, 1, 11);
  nst_loss_content (f, p, nf, c.norm, df, 1.0);
  CHECK (probe_gradient (loss_f, f, nf, df, 1e-2, &c) < TOL_QUADRATIC,
         "content loss gradient matches finite differences");

  test_fill_uniform (g2, nf, 0, 1, 12);
  nst_gram (NULL, g2, ch, n, a, NULL);
  c.target = a;
  c.style = 1;
  c.norm = nst_mean_square (a, ch * ch);
  memset (df, 0, nf * 4);
  nst_loss_style (NULL, f, ch, n, a, c.norm, diff, NULL);
  nst_loss_style_backward (NULL, f, ch, n, diff, 1.0, df);
  CHECK (probe_gradient (loss_f, f, nf, df, 1e-3, &c) < TOL_QUADRATIC,
         "Gram style loss gradient matches finite differences");

  free (f); free (df); free (p); free (a); free (diff); free (g2);
}

static double
tv_f (const float *x, void *p)
{
  int *hw = p;

  return nst_loss_tv (x, hw[0], hw[1], NULL, 0.0);
}

static void
test_tv (void)
{
  int    hw[2] = { 9, 11 };
  size_t n = 3 * 9 * 11;
  float *x = malloc (n * 4), *dx = calloc (n, 4);

  test_fill_uniform (x, n, 0, 1, 13);
  nst_loss_tv (x, hw[0], hw[1], dx, 1.0);
  CHECK (probe_gradient (tv_f, x, n, dx, 1e-2, hw) < TOL_QUADRATIC,
         "total variation gradient matches finite differences");
  free (x); free (dx);
}

/* ---- chroma total variation ---- */
typedef struct { int h, w; } chroma_ctx;

static double
chroma_tv_f (const float *x, void *p)
{
  chroma_ctx *c = p;

  return nst_loss_chroma_tv (x, c->h, c->w, NULL, 0.0);
}

/* nst_loss_chroma_tv's gradient at every coordinate of an odd-sized image
 * (borders, corners and the last row and column included), added to a dx
 * that already holds something, with a scale that is not 1. */
static void
test_chroma_tv_gradient (void)
{
  chroma_ctx c = { 5, 7 };
  size_t     n = (size_t) 3 * c.h * c.w, k;
  float     *x = malloc (n * 4), *dx = malloc (n * 4), *base = malloc (n * 4);
  double     scale = 2.5, gmax = 0.0, worst = 0.0, v, v_nograd;

  test_fill_uniform (x, n, 0, 1, 14);
  test_fill_uniform (base, n, -1, 1, 15);
  memcpy (dx, base, n * 4);
  v = nst_loss_chroma_tv (x, c.h, c.w, dx, scale);
  v_nograd = nst_loss_chroma_tv (x, c.h, c.w, NULL, 0.0);
  for (k = 0; k < n; k++)
    {
      dx[k] = (float) ((dx[k] - (double) base[k]) / scale);
      gmax = fmax (gmax, fabs (dx[k]));
    }
  for (k = 0; k < n; k++)
    worst = fmax (worst, fabs (central_diff (chroma_tv_f, x, k, 1e-2, &c) - dx[k]) / gmax);
  CHECK (worst < TOL_QUADRATIC && v == v_nograd && v > 0.0,
         "chroma total variation gradient at %dx%d matches finite differences at all %zu "
         "coordinates, added to dx times the scale (rel. error %.2g of max |g|)",
         c.w, c.h, n, worst);
  free (x); free (dx); free (base);
}

/* The chroma total variation's value against the formula computed another
 * way: Y, u = R - Y and v = B - Y per pixel first, then the squared
 * neighbour differences of the two planes, / (3 H W).  A grey image
 * (R = G = B, any luma) has none. */
static void
test_chroma_tv_value (void)
{
  enum { H = 3, W = 4, NP = H * W };
  float  x[3 * NP], grey[3 * NP];
  double u[NP], v[NP], naive = 0.0, got;
  int    i, j, p;

  test_fill_uniform (x, 3 * NP, 0, 1, 16);
  for (p = 0; p < NP; p++)
    {
      double y = 0.299 * x[p] + 0.587 * x[NP + p] + 0.114 * x[2 * NP + p];

      u[p] = x[p] - y;
      v[p] = x[2 * NP + p] - y;
    }
  for (i = 0; i < H; i++)
    for (j = 0; j < W; j++)
      {
        p = i * W + j;
        if (j + 1 < W)
          naive += (u[p + 1] - u[p]) * (u[p + 1] - u[p]) + (v[p + 1] - v[p]) * (v[p + 1] - v[p]);
        if (i + 1 < H)
          naive += (u[p + W] - u[p]) * (u[p + W] - u[p]) + (v[p + W] - v[p]) * (v[p + W] - v[p]);
      }
  naive /= 3.0 * H * W;
  got = nst_loss_chroma_tv (x, H, W, NULL, 0.0);
  CHECK (fabs (got - naive) <= 1e-12 * naive,
         "chroma total variation at %dx%d equals Y, u, v per pixel, then differences "
         "(%.17g vs %.17g)", W, H, got, naive);

  for (p = 0; p < NP; p++)
    grey[p] = grey[NP + p] = grey[2 * NP + p] = x[p];
  got = nst_loss_chroma_tv (grey, H, W, NULL, 0.0);
  CHECK (fabs (got) < 1e-15 && nst_loss_tv (grey, H, W, NULL, 0.0) > 0.0,
         "chroma total variation of a grey image with varying luma is 0 (%.3g)", got);
}

/* ---- composition: the blurred luminance ---- */
typedef struct
{
  int          h, w, r;
  const float *g, *target;
  double       norm;
  float       *tmp;
} composition_ctx;

static double
composition_f (const float *x, void *p)
{
  composition_ctx *c = p;

  return nst_loss_composition (x, c->target, c->norm, c->h, c->w, c->g, c->r, c->tmp, NULL, 0.0);
}

/* nst_loss_composition's gradient at every coordinate of an image smaller
 * than the blur (9x7 with 2 x 5 + 1 taps: every pixel reaches an edge),
 * added to a dx that already holds something, with a scale that is not 1. */
static void
test_composition_gradient (void)
{
  enum { H = 9, W = 7, NP = H * W };
  float           g[2 * NST_COMPOSITION_MAX_RADIUS + 1], x[3 * NP], c[3 * NP], dx[3 * NP];
  float           base[3 * NP], target[NP], tmp[2 * NP];
  composition_ctx ctx = { H, W, 0, g, target, 0.0, tmp };
  double          scale = 2.5, gmax = 0.0, worst = 0.0, v, v_nograd;
  size_t          k;

  ctx.r = nst_composition_taps (1.7, g);
  test_fill_uniform (x, 3 * NP, 0, 1, 17);
  test_fill_uniform (c, 3 * NP, 0, 1, 18);
  test_fill_uniform (base, 3 * NP, -1, 1, 19);
  nst_blurred_luma (c, H, W, g, ctx.r, target, tmp);
  ctx.norm = nst_variance (target, NP) + NST_LOSS_EPS;
  memcpy (dx, base, sizeof dx);
  v = nst_loss_composition (x, target, ctx.norm, H, W, g, ctx.r, tmp, dx, scale);
  v_nograd = composition_f (x, &ctx);
  for (k = 0; k < 3 * NP; k++)
    {
      dx[k] = (float) ((dx[k] - (double) base[k]) / scale);
      gmax = fmax (gmax, fabs (dx[k]));
    }
  for (k = 0; k < 3 * NP; k++)
    worst = fmax (worst, fabs (central_diff (composition_f, x, k, 1e-2, &ctx) - dx[k]) / gmax);
  CHECK (ctx.r == 5 && worst < TOL_QUADRATIC && v == v_nograd && v > 0.0,
         "composition gradient at %dx%d (blur radius %d) matches finite differences at all %d "
         "coordinates, added to dx times the scale (rel. error %.2g of max |g|)",
         W, H, ctx.r, 3 * NP, worst);
}

/* The composition term's value against the formula computed another way:
 * the 2-D blur as one double sum over clamped neighbours, the variance in
 * two passes.  A flat image blurs to itself, the content itself costs 0,
 * and sigma follows the long side. */
static void
test_composition_value (void)
{
  enum { H = 6, W = 11, NP = H * W };
  float  g[2 * NST_COMPOSITION_MAX_RADIUS + 1], x[3 * NP], c[3 * NP], flat[3 * NP];
  float  target[NP], tmp[2 * NP], out[NP];
  double by[NP], bc[NP], mean = 0.0, var = 0.0, naive = 0.0, got, worst = 0.0;
  int    r = nst_composition_taps (1.2, g), i, j, a, b, p;

  test_fill_uniform (x, 3 * NP, 0, 1, 20);
  test_fill_uniform (c, 3 * NP, 0, 1, 21);
  for (i = 0; i < H; i++)
    for (j = 0; j < W; j++)
      {
        by[i * W + j] = bc[i * W + j] = 0.0;
        for (a = -r; a <= r; a++)
          for (b = -r; b <= r; b++)
            {
              int q = (i + a < 0 ? 0 : i + a >= H ? H - 1 : i + a) * W
                      + (j + b < 0 ? 0 : j + b >= W ? W - 1 : j + b);

              by[i * W + j] += (double) g[a + r] * g[b + r]
                               * (0.299 * x[q] + 0.587 * x[NP + q] + 0.114 * x[2 * NP + q]);
              bc[i * W + j] += (double) g[a + r] * g[b + r]
                               * (0.299 * c[q] + 0.587 * c[NP + q] + 0.114 * c[2 * NP + q]);
            }
      }
  for (p = 0; p < NP; p++)
    mean += bc[p] / NP;
  for (p = 0; p < NP; p++)
    {
      var += (bc[p] - mean) * (bc[p] - mean) / NP;
      naive += (by[p] - bc[p]) * (by[p] - bc[p]) / NP;
    }
  naive /= var + NST_LOSS_EPS;
  nst_blurred_luma (c, H, W, g, r, target, tmp);
  got = nst_loss_composition (x, target, nst_variance (target, NP) + NST_LOSS_EPS, H, W, g, r,
                              tmp, NULL, 0.0);
  CHECK (r == 4 && fabs (got - naive) <= 1e-5 * naive,
         "composition at %dx%d, radius %d, equals the 2-D blur summed directly (%.9g vs %.9g)",
         W, H, r, got, naive);

  got = nst_loss_composition (c, target, nst_variance (target, NP) + NST_LOSS_EPS, H, W, g, r,
                              tmp, NULL, 0.0);
  for (p = 0; p < 3 * NP; p++)
    flat[p] = p < NP ? 0.8f : p < 2 * NP ? 0.3f : 0.1f;
  nst_blurred_luma (flat, H, W, g, r, out, tmp);
  for (p = 0; p < NP; p++)
    worst = fmax (worst, fabs (out[p] - (0.299 * 0.8 + 0.587 * 0.3 + 0.114 * 0.1)));
  CHECK (got == 0.0 && worst < 1e-6,
         "the content costs 0 (%.3g); a flat image blurs to its luma (error %.2g)", got, worst);
  CHECK (nst_composition_sigma (300, 451) == 451.0 / 128.0 && nst_composition_sigma (60, 100) == 1.0
         && nst_composition_taps (40.0, g) == NST_COMPOSITION_MAX_RADIUS,
         "sigma is the long side / 128, at least 1 px; the radius stops at %d",
         NST_COMPOSITION_MAX_RADIUS);
}

/* ---- the patch loss ---- */
typedef struct
{
  nst_patch_target *pt;
  const float      *f;
  int               c, h, w;
  float             repeat;
} patch_ctx;

static double
patch_f (const float *f, void *p)
{
  patch_ctx *c = p;

  return nst_patch_loss (NULL, c->pt, f, c->h, c->w, c->repeat);
}

/* nst_patch_loss's gradient at every coordinate of a 5 x 9 x 8 map against
 * two styles' patches (two worker threads, repetition price 0.5), where
 * the nearest patches stay the same on both sides of the step: the loss
 * is then the quadratic the gradient is of.  Added to a df that already
 * holds something, with a scale. */
static void
test_patch_gradient (void)
{
  enum { C = 5, H = 9, W = 8, N = C * H * W };
  nst_patch_target pt = { 0 };
  nst_workers     *workers = NULL;
  nst_error        err;
  float            f[N], s1[C * 7 * 6], s2[C * 5 * 11], df[N], base[N];
  size_t           keep[(H - 2) * (W - 2)], k;
  patch_ctx        ctx = { &pt, f, C, H, W, 0.5f };
  double           scale = 1.5, gmax = 0.0, worst = 0.0, v, v1;
  int              same = 0;

  test_fill_uniform (f, N, 0, 1, 22);
  test_fill_uniform (s1, C * 7 * 6, 0, 1, 23);
  test_fill_uniform (s2, C * 5 * 11, 0, 1, 24);
  test_fill_uniform (base, N, -1, 1, 25);
  nst_workers_new (2, &workers, &err);
  if (nst_patch_target_add (&pt, s1, C, 7, 6, &err) != NST_STATUS_OK
      || nst_patch_target_add (&pt, s2, C, 5, 11, &err) != NST_STATUS_OK
      || nst_patch_target_finish (&pt, H, W, 2, &err) != NST_STATUS_OK)
    {
      CHECK (0, "patch targets: %s", err.message);
      goto out;
    }
  v = nst_patch_loss (workers, &pt, f, H, W, 0.5f);
  v1 = patch_f (f, &ctx);
  memcpy (keep, pt.nearest, sizeof keep);
  memcpy (df, base, sizeof df);
  nst_patch_backward (workers, &pt, f, H, W, scale, df);
  for (k = 0; k < N; k++)
    {
      df[k] = (float) ((df[k] - (double) base[k]) / scale);
      gmax = fmax (gmax, fabs (df[k]));
    }
  for (k = 0; k < N; k++)
    {
      double fd = central_diff (patch_f, f, k, 1e-3, &ctx);

      /* central_diff leaves the nearest of f - eps: compare only where
       * they are those of f */
      if (memcmp (keep, pt.nearest, sizeof keep) == 0)
        {
          same++;
          worst = fmax (worst, fabs (fd - df[k]) / gmax);
        }
    }
  CHECK (pt.ns == 20 + 27 && pt.nx == 42 && v == v1 && v > 0.0 && same > N * 3 / 4
         && worst < TOL_QUADRATIC,
         "patch loss gradient at %dx%dx%d against %zu style patches matches finite differences "
         "at the %d of %d coordinates whose step keeps the nearest patches (rel. error %.2g of "
         "max |g|), threads or not the same loss", C, W, H, pt.ns, same, N, worst);

out:
  nst_patch_target_clear (&pt);
  nst_workers_free (workers);
}

/* The patch loss's value against the formula computed another way: for
 * each result patch the best normalised correlation by a direct loop in
 * double, then the squared distances; without a repetition price.  The
 * style's own patches cost 0. */
static void
test_patch_value (void)
{
  enum { C = 3, H = 6, W = 7, N = C * H * W, M = (H - 2) * (W - 2) };
  nst_patch_target pt = { 0 };
  nst_error        err;
  float            f[N], s[C * 8 * 5];
  double           naive = 0.0, sq = 0.0, got, self;
  int              p, q, k, ns = 6 * 3;

  test_fill_uniform (f, N, 0, 1, 26);
  test_fill_uniform (s, C * 8 * 5, 0, 1, 27);
  nst_patch_target_add (&pt, s, C, 8, 5, &err);
  nst_patch_target_finish (&pt, H, W, 1, &err);
  for (q = 0; q < ns; q++)
    for (k = 0; k < 9 * C; k++)
      {
        int    ch = k / 9, dy = k % 9 / 3, dx = k % 3;
        double a = s[(ch * 8 + q / 3 + dy) * 5 + q % 3 + dx];

        sq += a * a;
      }
  for (p = 0; p < M; p++)
    {
      double best = -1e300, bd = 0.0, rn = 0.0;

      for (k = 0; k < 9 * C; k++)
        {
          double a = f[(k / 9 * H + p / (W - 2) + k % 9 / 3) * W + p % (W - 2) + k % 3];

          rn += a * a;
        }
      for (q = 0; q < ns; q++)
        {
          double dot_rs = 0.0, sn = 0.0, d2 = 0.0, score;

          for (k = 0; k < 9 * C; k++)
            {
              double a = f[(k / 9 * H + p / (W - 2) + k % 9 / 3) * W + p % (W - 2) + k % 3];
              double b = s[(k / 9 * 8 + q / 3 + k % 9 / 3) * 5 + q % 3 + k % 3];

              dot_rs += a * b;
              sn += b * b;
              d2 += (a - b) * (a - b);
            }
          score = dot_rs / ((sqrt (sn) + NST_PATCH_EPS) * (sqrt (rn) + NST_PATCH_EPS));
          if (score > best)
            {
              best = score;
              bd = d2;
            }
        }
      naive += bd;
    }
  naive /= (double) M * 9 * C * (sq / ((double) ns * 9 * C) + NST_LOSS_EPS);
  got = nst_patch_loss (NULL, &pt, f, H, W, 0.0f);
  CHECK (pt.ns == (size_t) ns && fabs (got - naive) <= 1e-5 * naive,
         "patch loss at %dx%dx%d equals the nearest patches searched directly (%.9g vs %.9g)",
         C, W, H, got, naive);
  nst_patch_target_clear (&pt);

  nst_patch_target_add (&pt, s, C, 8, 5, &err);
  nst_patch_target_finish (&pt, 8, 5, 1, &err);
  self = nst_patch_loss (NULL, &pt, s, 8, 5, 0.0f);
  CHECK (self == 0.0, "the style's own patches cost 0 (%.3g)", self);
  nst_patch_target_clear (&pt);
}

/* ---- the whole objective with respect to the image ---- */
static double
objective_f (const float *x, void *p)
{
  return nst_objective_evaluate (p, x, NULL, NULL);
}

/* Two styles' regions: none (one style everywhere), soft complementary
 * halves with a ramp between, or a left region that fades out before the
 * last third of the columns and grows downwards, and the right one its
 * complement.  The left one misses the last column of tiles: at 41x29 in
 * 3 x 3 tiles at relu1_1..relu4_1, at 37x33 in 2 x 2 at relu1_1 and
 * relu2_1 (tests/torch/nst_reference.py counts them the same way). */
typedef enum { REGIONS_NONE, REGIONS_SOFT, REGIONS_MISSING } regions_kind;

/* One objective case; tiles is nst_params.style_tiles, stated even where
 * it is the classic whole-image Gram (1).  The tiled cases weigh the style
 * alone, so that all of the gradient checked is the tiled term's (the
 * others check content and total variation).  model_chroma is the model's
 * default chroma total variation weight (0: a VGG-19 safetensors model's,
 * 300: the built-in network's), chroma nst_params.chroma_tv_weight (< 0:
 * the model's), both stated by every case. */
typedef struct
{
  nst_pool     pool;
  int          w, h, tiles;
  regions_kind regions;
  int          selection;   /* the first style is its upper part only */
  int          style_only;  /* content and total variation weights 0 */
  float        model_chroma, chroma;
  float        composition;  /* nst_params.composition_weight (the tiny model's default is 0) */
  float        patch;        /* nst_params.patch_weight, at relu3_1 and relu4_1 */
  int          bands;        /* nst_params.style_bands */
} objective_case;

static const char *
regions_name (regions_kind r)
{
  switch (r)
    {
    case REGIONS_SOFT:    return ", two styles in soft regions";
    case REGIONS_MISSING: return ", two styles, a region that misses tiles";
    default:              return "";
    }
}

static void
regions_fill (regions_kind kind, nst_mask *left, nst_mask *right, int w, int h)
{
  int i, j;

  left->width = right->width = w;
  left->height = right->height = h;
  left->data = malloc ((size_t) w * h * 4);
  right->data = malloc ((size_t) w * h * 4);
  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      {
        float r;

        if (kind == REGIONS_SOFT)
          r = fminf (fmaxf ((j - w * 0.3f) / (w * 0.4f), 0.0f), 1.0f);
        else
          r = 1.0f - (1.0f - fminf (fmaxf ((j - w * 0.15f) / (w * 0.3f), 0.0f), 1.0f))
                     * (0.5f + 0.5f * i / h);
        left->data[i * w + j] = 1.0f - r;
        right->data[i * w + j] = r;
      }
}

/* Tiles of an n x n grid over the mask (a layer as large as the image:
 * relu1_1) whose mask is zero: the tiles the objective skips there. */
static int
mask_missed_tiles (const nst_mask *m, int n)
{
  int t, y, x, missed = 0;

  for (t = 0; t < n * n; t++)
    {
      double sum = 0.0;

      for (y = t / n * m->height / n; y < (t / n + 1) * m->height / n; y++)
        for (x = t % n * m->width / n; x < (t % n + 1) * m->width / n; x++)
          sum += m->data[y * m->width + x];
      missed += sum == 0.0;
    }
  return missed;
}

/* A soft selection of the upper part of a style image. */
static void
selection_fill (nst_mask *sel, int w, int h)
{
  int i, j;

  sel->width = w;
  sel->height = h;
  sel->data = malloc ((size_t) w * h * 4);
  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      sel->data[i * w + j] = fminf (fmaxf ((h * 0.6f - i) / (h * 0.2f), 0.0f), 1.0f);
}

/* The analytic gradient g of obj at x against finite differences:
 * directional derivatives along g itself (largest signal over float
 * noise) and along g mixed with random noise, then (pixels) single
 * pixels, whose larger step would move the patch loss's nearest patches
 * (test_patch_gradient checks that term at every coordinate). */
static void
check_objective_gradient (nst_objective *obj, float *x, const float *g, size_t n, int pixels)
{
  float *v = malloc (n * 4), *xv = malloc (n * 4);
  double worst = 0.0, gmax = 0.0;
  size_t i;
  int    d;

  for (i = 0; i < n; i++)
    gmax = fmax (gmax, fabs (g[i]));
  for (d = 0; d < 4; d++)
    {
      double eps = 1e-4, fp, fm, fd, an;

      test_fill_uniform (v, n, -1, 1, 40 + d);
      for (i = 0; i < n; i++)
        v[i] = (float) (g[i] / gmax + 0.25 * d * v[i]);
      for (i = 0; i < n; i++)
        xv[i] = x[i] + (float) eps * v[i];
      fp = nst_objective_evaluate (obj, xv, NULL, NULL);
      for (i = 0; i < n; i++)
        xv[i] = x[i] - (float) eps * v[i];
      fm = nst_objective_evaluate (obj, xv, NULL, NULL);
      fd = (fp - fm) / (2 * eps);
      an = dot (g, v, n);
      worst = fmax (worst, fabs (fd - an) / fmax (fabs (an), 1e-12));
    }
  CHECK (worst < TOL_NETWORK, "total loss gradient w.r.t. the image, 4 directions (rel. error %.2g)",
         worst);
  if (! pixels)
    goto out;
  worst = probe_gradient (objective_f, x, n, g, 1e-2, obj);
  CHECK (worst < 2e-2, "total loss gradient, %d single pixels (rel. error %.2g of max |g|)",
         N_PROBES, worst);
out:
  free (v); free (xv);
}

/* ", chroma TV ..." of a case's description, in buf; nothing when it
 * weighs 0 (stated or the model's). */
static const char *
chroma_name (const objective_case *oc, char *buf, size_t size)
{
  if (oc->chroma < 0.0f && oc->model_chroma > 0.0f)
    snprintf (buf, size, ", chroma TV the model's (%g)", oc->model_chroma);
  else if (oc->chroma > 0.0f)
    snprintf (buf, size, ", chroma TV %g", oc->chroma);
  else
    buf[0] = '\0';
  return buf;
}

static void
test_objective (const objective_case *oc)
{
  nst_model     *m = test_model_new (NULL, 21);
  char           chroma[64], composition[64] = "";
  nst_image      content, style, style2;
  nst_mask       left = { 0 }, right = { 0 }, sel = { 0 };
  nst_style      st[2] = { { &style, 1.0f, NULL, NULL }, { &style2, 0.5f, NULL, NULL } };
  nst_params     p = nst_params_default ();
  nst_objective *obj = NULL;
  nst_error      err;
  int            w = oc->w, h = oc->h;
  size_t         n = (size_t) 3 * w * h;
  float         *x = malloc (n * 4), *g = malloc (n * 4);

  nst_image_init (&content, w, h, &err);
  nst_image_init (&style, 41, 29, &err);
  nst_image_init (&style2, 30, 30, &err);
  test_image_fill (&content, 31);
  test_image_fill (&style, 32);
  test_image_fill (&style2, 34);
  if (oc->regions != REGIONS_NONE)
    {
      regions_fill (oc->regions, &left, &right, w, h);
      st[0].region = &left;
      st[1].region = &right;
    }
  if (oc->regions == REGIONS_MISSING)
    CHECK (mask_missed_tiles (&left, oc->tiles) == oc->tiles,
           "the left region misses the last column of %d x %d tiles at relu1_1 (%d of them)",
           oc->tiles, oc->tiles, mask_missed_tiles (&left, oc->tiles));
  if (oc->selection)
    {
      selection_fill (&sel, style.width, style.height);
      st[0].selection = &sel;
    }
  p.pool = oc->pool;
  p.tv_weight = oc->style_only ? 0.0f : 5.0f;
  p.content_weight = oc->style_only ? 0.0f : p.content_weight;
  p.style_tiles = oc->tiles;
  p.style_bands = oc->bands;
  m->default_chroma_tv_weight = oc->model_chroma;
  p.chroma_tv_weight = oc->chroma;
  p.composition_weight = oc->composition;
  p.patch_weight = oc->patch;
  if (oc->composition > 0.0f || oc->patch > 0.0f)
    snprintf (composition, sizeof composition, ", composition %g, patches %g", oc->composition,
              oc->patch);
  CHECK (nst_objective_new (m, &content, st, oc->regions != REGIONS_NONE ? 2 : 1, &p, w, h, &obj,
                            &err) == NST_STATUS_OK,
         "objective builds on a tiny model (%s pool, %dx%d, style tiles %d, bands %d%s%s%s%s%s)",
         oc->pool == NST_POOL_MAX ? "max" : "average", w, h, oc->tiles, oc->bands,
         regions_name (oc->regions), oc->selection ? ", a style selection" : "",
         chroma_name (oc, chroma, sizeof chroma), composition,
         oc->style_only ? "; style loss only" : "");
  if (obj == NULL)
    goto out;
  test_fill_uniform (x, n, 0.1, 0.9, 33);
  nst_objective_evaluate (obj, x, g, NULL);
  check_objective_gradient (obj, x, g, n, oc->patch <= 0.0f);

out:
  nst_objective_free (obj);
  nst_image_clear (&content);
  nst_image_clear (&style);
  nst_image_clear (&style2);
  free (left.data);
  free (right.data);
  free (sel.data);
  nst_model_free (m);
  free (x); free (g);
}

/* What the checks of the models' defaults and of the style gain share:
 * the tiny model, a 37x33 content, a 41x29 style and a point x of the
 * result's space (n floats, planar). */
typedef struct
{
  nst_model *m;
  nst_image  content, style;
  nst_style  st;
  int        w, h;
  size_t     n;
  float     *x;
} default_fixture;

static void
default_fixture_init (default_fixture *f)
{
  nst_error err;

  f->m = test_model_new (NULL, 21);
  f->w = 37;
  f->h = 33;
  f->n = (size_t) 3 * f->w * f->h;
  nst_image_init (&f->content, f->w, f->h, &err);
  nst_image_init (&f->style, 41, 29, &err);
  test_image_fill (&f->content, 31);
  test_image_fill (&f->style, 32);
  f->st = (nst_style) { &f->style, 1.0f, NULL, NULL };
  f->x = malloc (f->n * sizeof (float));
  test_fill_uniform (f->x, f->n, 0.1, 0.9, 33);
}

static void
default_fixture_clear (default_fixture *f)
{
  nst_image_clear (&f->content);
  nst_image_clear (&f->style);
  nst_model_free (f->m);
  free (f->x);
}

/* The objective's value of one style with p at the content's size, its
 * terms in t (NAN when it does not build). */
static double
objective_value (nst_model *m, const nst_image *content, const nst_style *st, const float *x,
                 const nst_params *p, nst_loss_terms *t)
{
  nst_objective *obj = NULL;
  nst_error      err;
  double         total = NAN;

  memset (t, 0, sizeof *t);
  if (nst_objective_new (m, content, st, 1, p, content->width, content->height, &obj, &err)
      == NST_STATUS_OK)
    total = nst_objective_evaluate (obj, x, NULL, t);
  nst_objective_free (obj);
  return total;
}

/* The objective's value with the model's default chroma weight
 * model_chroma and nst_params.chroma_tv_weight chroma, its terms in t. */
static double
chroma_objective (nst_model *m, const nst_image *content, const nst_style *st, const float *x,
                  float model_chroma, float chroma, nst_loss_terms *t)
{
  nst_params p = nst_params_default ();

  m->default_chroma_tv_weight = model_chroma;
  p.tv_weight = 5.0f;
  p.style_tiles = 1;
  p.chroma_tv_weight = chroma;
  return objective_value (m, content, st, x, &p, t);
}

/* nst_params.chroma_tv_weight < 0 is the model's default: a VGG-19
 * safetensors model's 0 and the built-in network's 300 give the loss of
 * that weight stated; the weighted chroma term is reported in terms.tv. */
static void
test_chroma_default (void)
{
  default_fixture f;
  nst_loss_terms  t_def, t_set, t_none;
  nst_model_info  info;
  double          d_def, d_set, ltv, lctv;

  default_fixture_init (&f);
  ltv = nst_loss_tv (f.x, f.h, f.w, NULL, 0.0);
  lctv = nst_loss_chroma_tv (f.x, f.h, f.w, NULL, 0.0);

  d_def = chroma_objective (f.m, &f.content, &f.st, f.x, 0.0f, -1.0f, &t_def);
  d_set = chroma_objective (f.m, &f.content, &f.st, f.x, 0.0f, 0.0f, &t_set);
  CHECK (isfinite (d_def) && d_def == d_set && t_def.tv == t_set.tv
         && fabs (t_def.tv - 5.0 * ltv) <= 1e-9 * t_def.tv,
         "chroma TV weight -1 on a VGG-19-like model (default 0): the loss of 0 stated "
         "(%.9g, %.9g), tv term = tv_weight Ltv alone (%.9g vs %.9g)",
         d_def, d_set, t_def.tv, 5.0 * ltv);

  d_set = chroma_objective (f.m, &f.content, &f.st, f.x, 300.0f, 0.0f, &t_none);
  d_def = chroma_objective (f.m, &f.content, &f.st, f.x, 300.0f, -1.0f, &t_def);
  nst_model_get_info (f.m, &info);
  CHECK (isfinite (d_def) && d_def > d_set && info.default_chroma_tv_weight == 300.0f
         && fabs (t_def.tv - (5.0 * ltv + 300.0 * lctv)) <= 1e-9 * t_def.tv
         && t_def.content == t_none.content && t_def.style == t_none.style
         && fabs (t_def.total - (t_def.content + t_def.style + t_def.tv)) <= 1e-12 * d_def,
         "chroma TV weight -1 on a model whose default is 300 (the built-in network's, "
         "nst_model_info %g): terms.tv = tv_weight Ltv + 300 Lctv (%.9g vs %.9g), content and "
         "style as without it, total their sum (%.9g)",
         info.default_chroma_tv_weight, t_def.tv, 5.0 * ltv + 300.0 * lctv, d_def);
  d_set = chroma_objective (f.m, &f.content, &f.st, f.x, 0.0f, 300.0f, &t_set);
  CHECK (d_def == d_set && t_def.tv == t_set.tv,
         "... and the loss of 300 stated on a model whose default is 0 (%.9g, %.9g)",
         d_def, d_set);

  default_fixture_clear (&f);
}

/* The objective with the model's default composition weight
 * model_weight and nst_params.composition_weight weight; its terms in t. */
static double
composition_objective (nst_model *m, const nst_image *content, const nst_style *st,
                       const float *x, float model_weight, float weight, nst_loss_terms *t)
{
  nst_params p = nst_params_default ();

  m->default_chroma_tv_weight = 0.0f;
  m->default_composition_weight = model_weight;
  p.style_tiles = 1;
  p.composition_weight = weight;
  return objective_value (m, content, st, x, &p, t);
}

/* nst_params.composition_weight < 0 is the model's default: 0 leaves the
 * loss as it was, 4 adds 4 Lcomp to terms.content (Lcomp computed here
 * from the content's blurred luminance), the same as 4 stated. */
static void
test_composition_default (void)
{
  default_fixture f;
  nst_loss_terms  t_def, t_set, t_none;
  nst_model_info  info;
  int             r;
  float          *c, *target, *tmp, g[2 * NST_COMPOSITION_MAX_RADIUS + 1];
  double          d_def, d_set, d_none, lcomp;

  default_fixture_init (&f);
  c = malloc (f.n * 4);
  target = malloc (f.n * 4);
  tmp = malloc (f.n * 4);
  nst_image_to_planar (&f.content, c);
  r = nst_composition_taps (nst_composition_sigma (f.h, f.w), g);
  nst_blurred_luma (c, f.h, f.w, g, r, target, tmp);
  lcomp = nst_loss_composition (f.x, target,
                                nst_variance (target, (size_t) f.w * f.h) + NST_LOSS_EPS,
                                f.h, f.w, g, r, tmp, NULL, 0.0);

  d_none = composition_objective (f.m, &f.content, &f.st, f.x, 0.0f, -1.0f, &t_none);
  d_set = composition_objective (f.m, &f.content, &f.st, f.x, 0.0f, 0.0f, &t_set);
  CHECK (isfinite (d_none) && d_none == d_set && t_none.content == t_set.content,
         "composition weight -1 on a model whose default is 0 (VGG-19's): the loss of 0 stated "
         "(%.9g, %.9g)", d_none, d_set);
  d_def = composition_objective (f.m, &f.content, &f.st, f.x, 4.0f, -1.0f, &t_def);
  nst_model_get_info (f.m, &info);
  CHECK (lcomp > 0.0 && info.default_composition_weight == 4.0f
         && fabs (t_def.content - (t_none.content + 4.0 * lcomp)) <= 1e-9 * t_def.content
         && t_def.style == t_none.style && t_def.tv == t_none.tv
         && fabs (t_def.total - (t_def.content + t_def.style + t_def.tv)) <= 1e-12 * d_def,
         "composition weight -1 on a model whose default is 4 (nst_model_info %g): "
         "terms.content = Lc + 4 Lcomp (%.9g vs %.9g), style and tv as without it",
         info.default_composition_weight, t_def.content, t_none.content + 4.0 * lcomp);
  d_set = composition_objective (f.m, &f.content, &f.st, f.x, 0.0f, 4.0f, &t_set);
  CHECK (d_def == d_set, "... and the loss of 4 stated on a model whose default is 0 (%.9g, %.9g)",
         d_def, d_set);

  default_fixture_clear (&f);
  free (c); free (target); free (tmp);
}

/* The model's style gain multiplies the Gram style term and nothing else:
 * gain 3 at style weight 10 gives the loss of gain 1 at style weight 30,
 * and the style term three times that of gain 1 at weight 10; a model
 * made by the loaders starts at gain 1 (VGG-19's). */
/* nst_luma_bands on a grey ramp, dark at the left, 120 x 20 (the bands'
 * sigma 2, radius 6): 3 bands cut at columns 40 and 80 (the 800th and
 * 1600th of 2400 values), blurred across their edges only; with a weight
 * that keeps columns 0..59, cut at 20 and 40 of the weighted part, and
 * zero outside it. */
static void
test_luma_bands (void)
{
  enum { H = 20, W = 120, NP = H * W };
  float  *x = malloc (3 * NP * sizeof (float)), *m = malloc (3 * NP * sizeof (float));
  float   weight[NP], g[2 * NST_COMPOSITION_MAX_RADIUS + 1];
  double  worst_sum = 0.0, edge = 0.0, share[3] = { 0 };
  int     r = nst_composition_taps (2.0, g), i, j, k, ok;
  nst_error err;

  for (i = 0; i < H; i++)
    for (j = 0; j < W; j++)
      for (k = 0; k < 3; k++)
        x[k * NP + i * W + j] = (float) j / (W - 1);
  CHECK (nst_luma_bands (x, H, W, NULL, 3, m, &err) == NST_STATUS_OK, "bands of a ramp");
  for (i = 0; i < NP; i++)
    {
      worst_sum = fmax (worst_sum, fabs (m[i] + m[NP + i] + m[2 * NP + i] - 1.0));
      for (k = 0; k < 3; k++)
        share[k] += m[k * NP + i] / NP;
    }
  CHECK (worst_sum < 1e-6, "the bands sum to 1 at every pixel (worst %.2g)", worst_sum);
  CHECK (fabs (share[0] - 1.0 / 3) < 0.01 && fabs (share[1] - 1.0 / 3) < 0.01
         && fabs (share[2] - 1.0 / 3) < 0.01,
         "each band holds a third of the ramp (%.4f %.4f %.4f)", share[0], share[1], share[2]);
  ok = 1;
  for (k = 0; k < 3; k++)
    for (j = 0; j < 3; j++)
      ok = ok && fabsf (m[j * NP + 5 * W + 20 + 40 * k] - (j == k)) < 1e-6f;
  for (k = 0; k <= r; k++)
    edge += g[r + k];
  CHECK (ok && fabs (m[NP + 5 * W + 40] - edge) < 1e-6 && fabs (m[5 * W + 40] - (1.0 - edge)) < 1e-6,
         "dark, middle and light thirds, each 1 in its middle; at column 40 band 1 is the taps "
         "from the centre on (%.6f against %.6f)", m[NP + 5 * W + 40], edge);

  for (i = 0; i < NP; i++)
    weight[i] = i % W < 60 ? 1.0f : 0.0f;
  CHECK (nst_luma_bands (x, H, W, weight, 3, m, &err) == NST_STATUS_OK, "bands within a weight");
  CHECK (m[5 * W + 10] > 0.999f && m[NP + 5 * W + 30] > 0.999f && m[2 * NP + 5 * W + 50] > 0.999f
         && m[2 * NP + 5 * W + 70] == 0.0f && m[5 * W + 90] == 0.0f,
         "within the weighted columns 0..59 the thirds are cut at 20 and 40, and nothing is "
         "outside (%.4f %.4f %.4f %.4f)", m[5 * W + 10], m[NP + 5 * W + 30],
         m[2 * NP + 5 * W + 50], m[2 * NP + 5 * W + 70]);

  /* a flat image (a flat style selection, a blank canvas) has no
   * quantiles: its ties go by position, and every band still holds a
   * third, split by rows */
  for (k = 0; k < 3 * NP; k++)
    x[k] = 0.5f;
  CHECK (nst_luma_bands (x, H, W, NULL, 3, m, &err) == NST_STATUS_OK, "bands of a flat image");
  for (k = 0; k < 3; k++)
    for (share[k] = 0.0, i = 0; i < NP; i++)
      share[k] += m[k * NP + i] / NP;
  CHECK (fabs (share[0] - 1.0 / 3) < 0.02 && fabs (share[1] - 1.0 / 3) < 0.02
         && fabs (share[2] - 1.0 / 3) < 0.02,
         "a flat image's bands are not empty: a third each (%.4f %.4f %.4f)", share[0], share[1],
         share[2]);
  free (x);
  free (m);
}

static void
test_style_gain (void)
{
  default_fixture f;
  nst_params      p = nst_params_default ();
  nst_loss_terms  t1, t3, t30;
  nst_model_info  info;
  double          d1, d3, d30;

  default_fixture_init (&f);
  p.style_tiles = 1;
  p.style_weight = 10.0f;

  nst_model_get_info (f.m, &info);
  CHECK (info.style_gain == 1.0f, "a new model's style gain is 1 (%g)", (double) info.style_gain);
  d1 = objective_value (f.m, &f.content, &f.st, f.x, &p, &t1);
  f.m->style_gain = 3.0f;
  d3 = objective_value (f.m, &f.content, &f.st, f.x, &p, &t3);
  f.m->style_gain = 1.0f;
  p.style_weight = 30.0f;
  d30 = objective_value (f.m, &f.content, &f.st, f.x, &p, &t30);
  CHECK (isfinite (d1) && t1.style > 0.0
         && fabs (t3.style - 3.0 * t1.style) <= 1e-9 * t3.style
         && t3.content == t1.content && t3.tv == t1.tv
         && fabs (d3 - d30) <= 1e-9 * d30,
         "gain 3: style term %.9g = 3 x %.9g, content and tv unchanged, total %.9g = the "
         "total at weight 30 %.9g", t3.style, t1.style, d3, d30);

  default_fixture_clear (&f);
}

/* The tiny model's style layers relu1_1..relu5_1 at each size:
 * 37x33: 37x33, 18x16, 9x8, 4x4, 2x2;
 * 41x29: 41x29, 20x14, 10x7, 5x3, 2x1 (3 tiles cut no width, and relu4_1
 *        in rows of one pixel; relu5_1 stays whole);
 * 44x36: 44x36, 22x18, 11x9, 5x4, 2x2 (8 tiles clamp to 4 and 2). */
static const objective_case objective_cases[] =
{
  { NST_POOL_AVERAGE, 37, 33, 1, REGIONS_NONE,    0, 0,   0, -1, 0, 0, 1 },
  { NST_POOL_MAX,     37, 33, 1, REGIONS_NONE,    0, 0,   0, -1, 0, 0, 1 },
  { NST_POOL_AVERAGE, 37, 33, 1, REGIONS_SOFT,    0, 0,   0, -1, 0, 0, 1 },
  { NST_POOL_AVERAGE, 41, 29, 3, REGIONS_NONE,    0, 1,   0, -1, 0, 0, 1 },
  { NST_POOL_AVERAGE, 44, 36, 8, REGIONS_NONE,    0, 1,   0, -1, 0, 0, 1 },
  { NST_POOL_AVERAGE, 41, 29, 3, REGIONS_MISSING, 0, 1,   0, -1, 0, 0, 1 },
  { NST_POOL_AVERAGE, 37, 33, 2, REGIONS_MISSING, 1, 1,   0, -1, 0, 0, 1 },
  /* the chroma total variation with content, style and plain total
   * variation: stated, and the built-in network's default in its tiles */
  { NST_POOL_AVERAGE, 37, 33, 1, REGIONS_NONE,    0, 0,   0, 300, 0, 0, 1 },
  { NST_POOL_MAX,     41, 29, 3, REGIONS_NONE,    0, 0, 300, -1, 0, 0, 1 },
  /* the composition with every other term (41x29: sigma 1, radius 3) */
  { NST_POOL_AVERAGE, 41, 29, 3, REGIONS_NONE,    0, 0, 300, -1, 3, 0, 1 },
  /* the patch loss alone, then with every other term (44x36: relu3_1 at
   * 11x9, 63 patches; relu4_1 5x4, 6) */
  { NST_POOL_AVERAGE, 44, 36, 1, REGIONS_NONE,    0, 1,   0, -1, 0, 1, 1 },
  { NST_POOL_MAX,     44, 36, 3, REGIONS_SOFT,    0, 0, 300, -1, 3, 2, 1 },
  /* luminance bands: alone in the style, in tiles with a selection, and
   * with regions, tiles and every other term */
  { NST_POOL_AVERAGE, 41, 29, 1, REGIONS_NONE,    1, 1,   0, -1, 0, 0, 3 },
  { NST_POOL_AVERAGE, 37, 33, 2, REGIONS_MISSING, 1, 1,   0, -1, 0, 0, 2 },
  { NST_POOL_MAX,     44, 36, 3, REGIONS_SOFT,    1, 0, 300, -1, 3, 2, 4 },
};

/* A conv case: the shape of the normal run, and of the quick run. */
typedef struct
{
  int c_in, c_out, h, w;        /* normal */
  int q_c_in, q_c_out, q_h, q_w; /* NST_TEST_QUICK=1 */
  int threads, algo;
} conv_case;

/* NST_TEST_QUICK=1 (the valgrind pass of tests/run-all.sh, where the
 * normal run takes over 5 minutes) runs every check on fewer pixels, and
 * fewer channels where the channel count is not what the case is about.
 * Each quick shape keeps the path its case is named for: odd sizes still
 * end in partial Winograd tiles, the "several chunks" case still spans two
 * chunks (NST_WINOGRAD_CHUNK_BYTES over alpha^2 (c_in + c_out) floats per
 * tile column), the dispatch cases still have 512 input channels at 64x64
 * px.  tests/core/test-winograd.c checks the Winograd paths' rounding at
 * every VGG-19 layer's channel counts. */
static const conv_case reference_cases[] =
{
  {   3,  5,  7,   6,    3, 5,  7,   6,  1, DISPATCH },
  {  12, 16, 90,  80,   12, 16, 30,  27, 2, NST_CONV_IM2COL },   /* im2col, two threads */
  {  40, 16, 89,  81,   40, 16, 29,  27, 2, F2 },   /* Winograd, partial tiles */
  { 128, 64, 31, 200,  184,  8, 13, 200, 3, F2 },   /* Winograd, several chunks */
  {  40, 16, 89,  81,   40, 16, 29,  27, 2, F4 },   /* F(4x4): partial tiles */
  { 128, 64, 31, 200,  184,  8, 13, 200, 3, F4 },   /* two chunks (normal run) */
  { 512,  4, 64,  65,  512,  1, 64,  64, 2, DISPATCH },
  {  64,  8, 66,  67,   64,  8, 32,  33, 2, DISPATCH },   /* F(4x4) */
};

static const conv_case backward_cases[] =
{
  {   3,  4,  5,  6,    3,  4,  5,  6,  1, DISPATCH },
  {   4,  3,  1,  7,    4,  3,  1,  7,  1, DISPATCH },
  {   2,  5,  9,  1,    2,  5,  9,  1,  2, DISPATCH },
  {  12, 64, 80, 80,   12, 64, 16, 16,  2, NST_CONV_IM2COL },
  {  64, 40, 80, 80,   64, 40, 16, 16,  3, NST_CONV_IM2COL },
  {  40, 64, 79, 81,   40, 64, 15, 17,  2, F2 },
  {  64, 40, 80, 80,   64, 40, 16, 16,  3, F2 },
  {  40, 64, 79, 81,   40, 64, 15, 17,  2, F4 },
  {  64, 40, 80, 80,   64, 40, 16, 16,  3, F4 },
  {   3, 64, 13,  7,    3, 64, 13,  7,  2, F4 },
  { 512,  3, 64, 64,  512,  1, 64, 64,  2, DISPATCH },
  {  64, 64, 33, 32,   64, 64, 33, 32,  2, DISPATCH },   /* F(4x4) */
};

int
main (void)
{
  const char *env = getenv ("NST_TEST_QUICK");
  int         quick = env != NULL && strcmp (env, "") != 0 && strcmp (env, "0") != 0;
  size_t      i;

  if (quick)
    printf ("# NST_TEST_QUICK: smaller shapes\n");
  for (i = 0; i < N_ELEMENTS (reference_cases); i++)
    {
      const conv_case *c = &reference_cases[i];

      if (quick)
        test_conv_reference (c->q_c_in, c->q_c_out, c->q_h, c->q_w, c->threads, c->algo);
      else
        test_conv_reference (c->c_in, c->c_out, c->h, c->w, c->threads, c->algo);
    }
  for (i = 0; i < N_ELEMENTS (backward_cases); i++)
    {
      const conv_case *c = &backward_cases[i];

      if (quick)
        test_conv (c->q_c_in, c->q_c_out, c->q_h, c->q_w, c->threads, c->algo);
      else
        test_conv (c->c_in, c->c_out, c->h, c->w, c->threads, c->algo);
    }
  test_pool (NST_POOL_AVERAGE, 6, 8);
  test_pool (NST_POOL_AVERAGE, 7, 5);
  test_pool (NST_POOL_MAX, 6, 8);
  test_pool (NST_POOL_MAX, 7, 9);
  test_losses ();
  test_tv ();
  test_chroma_tv_gradient ();
  test_chroma_tv_value ();
  test_composition_gradient ();
  test_composition_value ();
  test_patch_gradient ();
  test_patch_value ();
  test_luma_bands ();
  for (i = 0; i < N_ELEMENTS (objective_cases); i++)
    test_objective (&objective_cases[i]);
  test_chroma_default ();
  test_composition_default ();
  test_style_gain ();
  return check_finish ("gradients");
}
