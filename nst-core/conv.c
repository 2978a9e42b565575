/* conv.c - 3x3 convolution, stride 1, zero padding 1, and its backward
 * pass to the input.
 *
 * nst_conv3x3_algorithm() picks, per layer shape (both directions), Winograd
 * F(4x4, 3x3) or F(2x2, 3x3) (winograd.c) or im2col.  The thin layers
 * (VGG's conv1_1, with 3 input channels) run as im2col + SGEMM forward, and
 * backward as a GEMM into a small column matrix that is scattered back
 * (col2im, split by input channel so no two threads write the same plane).
 *
 * For im2col the image is cut into column tiles (runs of output pixels) whose column
 * matrix fits NST_IM2COL_TILE_BYTES, so the workspace is bounded at any
 * image size and stays in the last-level cache between im2col and GEMM.
 * Each tile runs in two parallel phases on the core's workers: build the
 * column matrix (split by input channel), then GEMM it (split by
 * columns), with bias and ReLU applied while the output is still warm. */
#include "nst-private.h"

#include <string.h>

#define MIN_TILE_COLS     256
#define OUTPUT_TILE_BYTES ((size_t) 1 << 20)   /* per worker */

/* Output pixels per tile for a column matrix of k rows and an output of
 * c_out rows: the column matrix stays under NST_IM2COL_TILE_BYTES and the
 * output tile in the workers' L2 caches for the bias and ReLU pass. */
static size_t
tile_cols (int k, int c_out, size_t hw, int workers)
{
  size_t cols = NST_IM2COL_TILE_BYTES / ((size_t) k * sizeof (float));
  size_t out = OUTPUT_TILE_BYTES * workers / ((size_t) c_out * sizeof (float));

  if (workers > 0 && out < cols)   /* workers 0: no output tile */
    cols = out;
  if (cols < MIN_TILE_COLS)
    cols = MIN_TILE_COLS;
  return cols < hw ? cols : hw;
}

/* The one place that picks how a conv runs; see NST_WINOGRAD_MIN_* in
 * nst-private.h for the measurements behind it.  It depends on the shape
 * only, never on timings, so runs stay reproducible. */
nst_conv_algorithm
nst_conv3x3_algorithm (int c_in, int c_out, int h, int w)
{
  (void) c_out;
  if (c_in >= NST_WINOGRAD_MIN_CHANNELS && (size_t) h * w >= NST_WINOGRAD_MIN_PIXELS)
    return NST_CONV_WINOGRAD_F4;
  return NST_CONV_IM2COL;
}

/* Output tile side of a Winograd algorithm, 0 for im2col. */
static int
winograd_m (nst_conv_algorithm algorithm)
{
  return algorithm == NST_CONV_WINOGRAD_F4 ? 4 : algorithm == NST_CONV_WINOGRAD_F2 ? 2 : 0;
}

size_t
nst_conv3x3_algorithm_workspace_floats (nst_conv_algorithm algorithm,
                                        int c_in, int c_out, int h, int w)
{
  int k = 9 * c_in;

  if (winograd_m (algorithm))
    /* enough for the transposed conv too */
    return nst_winograd_workspace_floats (winograd_m (algorithm), c_in, c_out, h, w);
  /* im2col forward and col2im backward both use k = 9 c_in rows */
  return (size_t) k * tile_cols (k, c_out, (size_t) h * w, 0);
}

size_t
nst_conv3x3_workspace_floats (int c_in, int c_out, int h, int w)
{
  return nst_conv3x3_algorithm_workspace_floats (nst_conv3x3_algorithm (c_in, c_out, h, w),
                                                 c_in, c_out, h, w);
}

/* col rows [9 ci0, 9 ci1) for output pixels p0 .. p0+n-1; ld = n. */
static void
im2col_range (const float *x, int ci0, int ci1, int h, int w,
              size_t p0, size_t n, float *col)
{
  int ci, ky, kx;

  for (ci = ci0; ci < ci1; ci++)
    for (ky = 0; ky < 3; ky++)
      for (kx = 0; kx < 3; kx++)
        {
          float *dst = col + (size_t) (ci * 9 + ky * 3 + kx) * n;
          size_t p = p0, end = p0 + n;

          while (p < end)
            {
              int          y = (int) (p / w), x0 = (int) (p % w);
              int          x1 = (size_t) (w - x0) < end - p ? w : x0 + (int) (end - p);
              int          sy = y + ky - 1, dx = kx - 1;
              float       *d = dst + (p - p0);
              const float *src;
              int          a, b;

              if (sy < 0 || sy >= h)
                memset (d, 0, (x1 - x0) * sizeof (float));
              else
                {
                  /* valid source columns x + dx in [0, w) */
                  src = x + ((size_t) ci * h + sy) * w;
                  a = x0 + dx < 0 ? -dx : x0;
                  b = x1 + dx > w ? w - dx : x1;
                  if (a > x0)
                    d[0] = 0.0f;
                  if (b > a)
                    memcpy (d + (a - x0), src + a + dx, (b - a) * sizeof (float));
                  if (b < x1)
                    d[x1 - 1 - x0] = 0.0f;
                }
              p += x1 - x0;
            }
        }
}

/* dx[ci] += col rows of channel ci, scattered back to their pixels. */
static void
col2im_range (const float *col, int ci, int h, int w, size_t p0, size_t n, float *dx)
{
  int ky, kx;

  for (ky = 0; ky < 3; ky++)
    for (kx = 0; kx < 3; kx++)
      {
        const float *src = col + (size_t) (ci * 9 + ky * 3 + kx) * n;
        size_t       p = p0, end = p0 + n;

        while (p < end)
          {
            int          y = (int) (p / w), x0 = (int) (p % w);
            int          x1 = (size_t) (w - x0) < end - p ? w : x0 + (int) (end - p);
            int          sy = y + ky - 1, dxo = kx - 1, a, b, x;
            const float *s = src + (p - p0);

            if (sy >= 0 && sy < h)
              {
                float *row = dx + ((size_t) ci * h + sy) * w;

                a = x0 + dxo < 0 ? -dxo : x0;
                b = x1 + dxo > w ? w - dxo : x1;
                for (x = a; x < b; x++)
                  row[x + dxo] += s[x - x0];
              }
            p += x1 - x0;
          }
      }
}

/* One conv call, shared by the tasks of its phases. */
typedef struct
{
  const float *in;        /* im2col source, or dy for col2im */
  int          c_in, h, w, c_out, k;
  const float *weight;    /* [c_out][k] (forward) */
  const float *bias;
  int          relu;
  float       *out;       /* y, or dx for col2im */
  float       *col;
  size_t       hw, p0, n; /* current tile */
  size_t       sub;       /* columns per GEMM task */
  const float *mask;      /* backward: the forward's ReLU output */
  float       *dy;        /* backward: dy, masked in place */
} conv_call;

/* A conv over c_in channels (k = 9 c_in rows of columns) and c_out
 * outputs; `in` and `out` are the forward input and output, or dy and dx. */
static conv_call
conv_call_make (const float *in, int c_in, int h, int w, const float *weight, int c_out,
                float *out, float *workspace)
{
  conv_call c = { 0 };

  c.in = in;
  c.c_in = c_in;
  c.h = h;
  c.w = w;
  c.c_out = c_out;
  c.k = 9 * c_in;
  c.weight = weight;
  c.out = out;
  c.col = workspace;
  c.hw = (size_t) h * w;
  return c;
}

static void
task_im2col (int t, int worker, void *data)
{
  conv_call *c = data;

  (void) worker;
  im2col_range (c->in, t, t + 1, c->h, c->w, c->p0, c->n, c->col);
}

static void
task_gemm (int t, int worker, void *data)
{
  conv_call *c = data;
  size_t     q0 = (size_t) t * c->sub;
  size_t     m = c->n - q0 < c->sub ? c->n - q0 : c->sub;
  float     *y = c->out + c->p0 + q0;
  int        co;

  (void) worker;
  /* [c_out, k] x [k, m] -> [c_out, m], rows of length hw */
  nst_sgemm (NST_NO_TRANS, NST_NO_TRANS, c->c_out, (int) m, c->k,
             1.0f, c->weight, c->k, c->col + q0, (int) c->n, 0.0f, y, (int) c->hw);
  if (c->bias == NULL && ! c->relu)
    return;
  for (co = 0; co < c->c_out; co++)
    {
      float *yc = y + (size_t) co * c->hw;
      float  b = c->bias ? c->bias[co] : 0.0f;
      size_t i;

      if (c->relu)
        for (i = 0; i < m; i++)
          yc[i] = yc[i] + b > 0.0f ? yc[i] + b : 0.0f;
      else
        for (i = 0; i < m; i++)
          yc[i] += b;
    }
}

static size_t
gemm_split (nst_workers *workers, size_t n)
{
  size_t parts = (size_t) nst_workers_size (workers);
  size_t sub = (n + parts - 1) / parts;

  return (sub + 15) & ~(size_t) 15;
}

static void
forward (nst_conv_algorithm algorithm, nst_workers *workers,
         const float *x, int c_in, int h, int w, const float *weight, const float *bias,
         int c_out, int relu, const float *u, float *y, float *workspace)
{
  conv_call c = conv_call_make (x, c_in, h, w, weight, c_out, y, workspace);
  size_t    cols;

  if (winograd_m (algorithm))
    {
      nst_winograd_conv3x3 (workers, winograd_m (algorithm), x, NULL, c_in, h, w, weight, 0,
                            bias, c_out, relu, u, y, workspace);
      return;
    }
  c.bias = bias;
  c.relu = relu;
  cols = tile_cols (c.k, c_out, c.hw, nst_workers_size (workers));

  for (c.p0 = 0; c.p0 < c.hw; c.p0 += cols)
    {
      c.n = c.hw - c.p0 < cols ? c.hw - c.p0 : cols;
      c.sub = gemm_split (workers, c.n);
      nst_workers_run (workers, c_in, task_im2col, &c);
      nst_workers_run (workers, (int) ((c.n + c.sub - 1) / c.sub), task_gemm, &c);
    }
}

static void
task_gemm_t (int t, int worker, void *data)
{
  conv_call *c = data;
  size_t     q0 = (size_t) t * c->sub;
  size_t     m = c->n - q0 < c->sub ? c->n - q0 : c->sub;

  (void) worker;
  /* [c_in*9, c_out] x [c_out, m] -> [c_in*9, m] (weight is [c_out][c_in*9]) */
  nst_sgemm (NST_TRANS, NST_NO_TRANS, c->k, (int) m, c->c_out,
             1.0f, c->weight, c->k, c->in + c->p0 + q0, (int) c->hw,
             0.0f, c->col + q0, (int) c->n);
}

static void
task_col2im (int t, int worker, void *data)
{
  conv_call *c = data;

  (void) worker;
  col2im_range (c->col, t, c->h, c->w, c->p0, c->n, c->out);
}

void
nst_conv3x3_forward_with (nst_conv_algorithm algorithm, nst_workers *workers,
                          const float *x, int c_in, int h, int w,
                          const float *weight, const float *bias, int c_out, int relu,
                          float *y, float *workspace)
{
  forward (algorithm, workers, x, c_in, h, w, weight, bias, c_out, relu, NULL, y, workspace);
}

void
nst_conv3x3_forward (nst_workers *workers, const float *x, int c_in, int h, int w,
                     const float *weight, const float *bias, int c_out, int relu,
                     const float *u, float *y, float *workspace)
{
  forward (nst_conv3x3_algorithm (c_in, c_out, h, w), workers,
           x, c_in, h, w, weight, bias, c_out, relu, u, y, workspace);
}

/* The ReLU's backward on channel t: dy = 0 where act <= 0. */
static void
task_relu_mask (int t, int worker, void *data)
{
  conv_call   *c = data;
  const float *a = c->mask + (size_t) t * c->hw;
  float       *g = c->dy + (size_t) t * c->hw;
  size_t       k;

  (void) worker;
  /* a select and a store every time, not a store under a branch: that
   * vectorises (the branch took 3.3% of an evaluation at 320 px, perf) */
  for (k = 0; k < c->hw; k++)
    g[k] = a[k] > 0.0f ? g[k] : 0.0f;
}

static void
backward (nst_conv_algorithm algorithm, nst_workers *workers, float *dy, const float *act,
          int c_out, int h, int w, const float *weight, int c_in, const float *u,
          float *dx, float *workspace)
{
  conv_call c = conv_call_make (dy, c_in, h, w, weight, c_out, dx, workspace);
  size_t    cols;

  if (winograd_m (algorithm))
    {
      /* the transposed conv: c_out channels in, c_in out; the mask is
       * applied as dy's tiles are loaded */
      nst_winograd_conv3x3 (workers, winograd_m (algorithm), dy, act, c_out, h, w, weight, 1,
                            NULL, c_in, 0, u, dx, workspace);
      return;
    }
  if (act != NULL)
    {
      c.mask = act;
      c.dy = dy;
      nst_workers_run (workers, c_out, task_relu_mask, &c);
    }
  cols = tile_cols (c.k, c_out, c.hw, 0);
  memset (dx, 0, (size_t) c_in * c.hw * sizeof (float));

  for (c.p0 = 0; c.p0 < c.hw; c.p0 += cols)
    {
      c.n = c.hw - c.p0 < cols ? c.hw - c.p0 : cols;
      c.sub = gemm_split (workers, c.n);
      nst_workers_run (workers, (int) ((c.n + c.sub - 1) / c.sub), task_gemm_t, &c);
      nst_workers_run (workers, c_in, task_col2im, &c);
    }
}

void
nst_conv3x3_backward_with (nst_conv_algorithm algorithm, nst_workers *workers,
                           float *dy, const float *act, int c_out, int h, int w,
                           const float *weight, int c_in, float *dx, float *workspace)
{
  backward (algorithm, workers, dy, act, c_out, h, w, weight, c_in, NULL, dx, workspace);
}

void
nst_conv3x3_backward (nst_workers *workers, float *dy, const float *act, int c_out,
                      int h, int w, const float *weight, int c_in, const float *u,
                      float *dx, float *workspace)
{
  backward (nst_conv3x3_algorithm (c_in, c_out, h, w), workers,
            dy, act, c_out, h, w, weight, c_in, u, dx, workspace);
}

/* Backward, the transposed conv runs with the channel counts swapped. */
size_t
nst_conv3x3_weights_floats (int c_in, int c_out, int h, int w, int backward)
{
  int m = winograd_m (nst_conv3x3_algorithm (c_in, c_out, h, w));

  if (m == 0)
    return 0;
  return backward ? nst_winograd_weights_floats (m, c_out, c_in)
                  : nst_winograd_weights_floats (m, c_in, c_out);
}

void
nst_conv3x3_weights (nst_workers *workers, const float *weight, int c_in, int c_out,
                     int h, int w, int backward, float *u)
{
  int m = winograd_m (nst_conv3x3_algorithm (c_in, c_out, h, w));

  if (m == 0)
    return;
  if (backward)
    nst_winograd_weights (workers, m, weight, 1, c_out, c_in, u);
  else
    nst_winograd_weights (workers, m, weight, 0, c_in, c_out, u);
}
