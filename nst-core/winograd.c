/* winograd.c - 3x3 convolution as Winograd F(m x m, 3x3), m = 2 or 4
 * (Lavin & Gray 2015): the driver both tile sizes share.
 *
 * Each m x m output tile comes from an alpha x alpha input tile (alpha =
 * m + 2): alpha^2 multiplications per (output, input) channel pair
 * instead of 9 m^2 (16 vs 36 for m = 2, 36 vs 144 for m = 4), as alpha^2
 * GEMMs
 *   M[e] = U[e] x V[e]:  [c_out, c_in] x [c_in, tiles] -> [c_out, tiles]
 * between the transformed weights U = G g G^T and the transformed input
 * tiles V = B^T d B; the output is A^T M A.  The transforms themselves
 * live in winograd-f2.c and winograd-f4.c.
 *
 * The weights are transformed once per call (split by output channel).  The image is then processed in chunks of tile rows whose V
 * and M fit NST_WINOGRAD_CHUNK_BYTES; each chunk runs in three parallel
 * phases: input transform (split by input channel), the alpha^2 GEMMs
 * (split by e) and output transform with bias and ReLU (split by output
 * channel).  The split depends only on the shape and the worker count, so
 * results are reproducible.
 *
 * With `transposed` the same routine computes the backward pass to the
 * input of a forward conv, by reading its weights flipped and transposed;
 * `mask` then applies the backward of the ReLU that followed the forward
 * conv while the input tiles are loaded. */
#include "winograd.h"

#include <string.h>

#define NST_WINOGRAD_CHUNK_BYTES ((size_t) 8 << 20)

/* Tile rows per chunk: V and M of a chunk take at most
 * NST_WINOGRAD_CHUNK_BYTES, or as much as the transformed weights when
 * those are larger (wide layers: each chunk reads all of U once, so
 * fewer chunks read it fewer times); the rows are spread evenly over the
 * chunks, so none is a small leftover. */
static size_t
chunk_tile_rows (int m, int c_in, int c_out, int h, int w)
{
  int    alpha = m + 2, th = (h + m - 1) / m, tw = (w + m - 1) / m;
  size_t per_row = (size_t) alpha * alpha * (c_in + c_out) * tw * sizeof (float);
  size_t u_bytes = (size_t) alpha * alpha * c_in * c_out * sizeof (float);
  size_t budget = u_bytes > NST_WINOGRAD_CHUNK_BYTES ? u_bytes : NST_WINOGRAD_CHUNK_BYTES;
  size_t rows = budget / per_row, chunks;

  if (rows < 1)
    rows = 1;
  chunks = (th + rows - 1) / rows;
  return (th + chunks - 1) / chunks;
}

size_t
nst_winograd_workspace_floats (int m, int c_in, int c_out, int h, int w)
{
  size_t a2 = (size_t) (m + 2) * (m + 2);
  size_t tiles = chunk_tile_rows (m, c_in, c_out, h, w) * (size_t) ((w + m - 1) / m);

  return a2 * c_in * c_out + a2 * (c_in + c_out) * tiles;
}

/* U for output channel co: its rows of every U[e] are written in
 * order. */
static void
task_kernels (int co, int worker, void *data)
{
  nst_wino_call *c = data;

  (void) worker;
  if (c->m == 4)
    nst_wino4_kernels (c, co);
  else
    nst_wino2_kernels (c, co);
}

static void
task_input (int ci, int worker, void *data)
{
  nst_wino_call *c = data;

  (void) worker;
  if (c->m == 4)
    nst_wino4_input (c, ci);
  else
    nst_wino2_input (c, ci);
}

static void
task_gemm (int e, int worker, void *data)
{
  nst_wino_call *c = data;

  (void) worker;
  /* [c_out, c_in] x [c_in, tiles] -> [c_out, tiles] */
  nst_sgemm (NST_NO_TRANS, NST_NO_TRANS, c->c_out, c->tiles, c->c_in,
             1.0f, c->u + (size_t) e * c->c_out * c->c_in, c->c_in,
             c->v + (size_t) e * c->c_in * c->tiles, c->tiles,
             0.0f, c->mm + (size_t) e * c->c_out * c->tiles, c->tiles);
}

static void
task_output (int co, int worker, void *data)
{
  nst_wino_call *c = data;

  (void) worker;
  if (c->m == 4)
    nst_wino4_output (c, co);
  else
    nst_wino2_output (c, co);
}

void
nst_winograd_conv3x3 (nst_workers *workers, int m, const float *x, const float *mask,
                      int c_in, int h, int w, const float *weight, int transposed,
                      const float *bias, int c_out, int relu, float *y, float *workspace)
{
  nst_wino_call c = { 0 };
  int           th = (h + m - 1) / m, a2 = (m + 2) * (m + 2);
  int           rows = (int) chunk_tile_rows (m, c_in, c_out, h, w);

  c.x = x;
  c.mask = mask;
  c.c_in = c_in;
  c.c_out = c_out;
  c.h = h;
  c.w = w;
  c.weight = weight;
  c.transposed = transposed;
  c.bias = bias;
  c.relu = relu;
  c.y = y;
  c.m = m;
  c.alpha = m + 2;
  c.tw = (w + m - 1) / m;
  c.u = workspace;
  c.v = c.u + (size_t) a2 * c_in * c_out;
  c.mm = c.v + (size_t) a2 * c_in * rows * c.tw;

  nst_workers_run (workers, c_out, task_kernels, &c);
  for (c.ty0 = 0; c.ty0 < th; c.ty0 += rows)
    {
      c.tiles = (th - c.ty0 < rows ? th - c.ty0 : rows) * c.tw;
      nst_workers_run (workers, c_in, task_input, &c);
      nst_workers_run (workers, a2, task_gemm, &c);
      nst_workers_run (workers, c_out, task_output, &c);
    }
}
