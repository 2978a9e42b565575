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
 * The weights are transformed once per call (split by output channel),
 * or once per network: nst_winograd_weights() makes U for a shape and
 * direction, and calls given it skip the transform, which is 4-7% of an
 * evaluation when redone every time.  The image is then processed in
 * chunks of tile rows whose V and M fit NST_WINOGRAD_CHUNK_BYTES; each
 * chunk runs in three parallel phases: input transform (split by input
 * channel), the alpha^2 GEMMs (split by e) and output transform with
 * bias and ReLU (split by output channel).
 *
 * When the engine's own micro-kernel runs the products (gemm.c), F(4x4)
 * writes U and V straight into the packed panels it reads
 * (nst_gemm_layout) and multiplies them with nst_gemm_packed: the GEMMs
 * then no longer transpose U into panels for every chunk nor copy V, a
 * pass over each operand per product (8.6% and ~5% of an evaluation's
 * profile at 512 px on a Zen 4, `perf record nst bench`), for the same
 * bits.  With OpenBLAS the matrices stay plain.
 *
 * The split depends only on the shape and the worker count, so results
 * are reproducible.
 *
 * With `transposed` the same routine computes the backward pass to the
 * input of a forward conv, by reading its weights flipped and transposed;
 * `mask` then applies the backward of the ReLU that followed the forward
 * conv while the input tiles are loaded. */
#include "winograd.h"

#include <stdint.h>
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

/* Our micro-kernel when the products run on it and U, V are packed for
 * it (F(4x4) only), else NULL. */
static const nst_microkernel *
packed_for (int m)
{
  return m == 4 ? nst_kernels_microkernel () : NULL;
}

/* The distance in floats between the alpha^2 matrices of one operand:
 * at least `floats`, a whole number of cache lines, and an odd one.  The
 * transforms touch the same place of all 36 (or 16) matrices together;
 * matrices a multiple of 4 KiB apart (512 x 128 tiles, say) all fall in
 * one set of the L1 and L2 caches, which hold 8 to 12 lines a set, so
 * every access missed: writing the packed V's zero padding alone took
 * 5.7% of an evaluation at 320 px (`perf record nst bench`, Zen 4).  An
 * odd number of lines puts the matrices in distinct sets. */
static size_t
spread_stride (size_t floats)
{
  size_t lines = (floats + 15) / 16;

  return 16 * (lines | 1);
}

/* Fill c's sizes of U[e], V[e] and M[e] (floats apart, spread_stride)
 * for a chunk of tiles, packed or plain. */
static void
operand_sizes (nst_wino_call *c, int tiles)
{
  if (c->uk != NULL)
    {
      nst_gemm_layout_make (c->uk, 0, c->c_out, c->c_in, &c->lu);
      nst_gemm_layout_make (c->uk, 1, tiles, c->c_in, &c->lv);
      c->u_stride = spread_stride (nst_gemm_layout_floats (&c->lu));
      c->v_stride = spread_stride (nst_gemm_layout_floats (&c->lv));
    }
  else
    {
      c->u_stride = spread_stride ((size_t) c->c_out * c->c_in);
      c->v_stride = spread_stride ((size_t) c->c_in * tiles);
    }
  c->m_stride = spread_stride ((size_t) c->c_out * tiles);
}


/* U for the output channels co_group t ..: their rows of every U[e]
 * (in packed U, their panel) are written by this task alone. */
static void
task_kernels (int t, int worker, void *data)
{
  nst_wino_call *c = data;
  int            co0 = t * c->co_group;
  int            co1 = co0 + c->co_group < c->c_out ? co0 + c->co_group : c->c_out;

  (void) worker;
  if (c->m == 4)
    nst_wino4_kernels (c, co0, co1);
  else
    nst_wino2_kernels (c, co0, co1);
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
  const float   *u = c->u + (size_t) e * c->u_stride, *v = c->v + (size_t) e * c->v_stride;
  float         *mm = c->mm + (size_t) e * c->m_stride;

  (void) worker;
  /* [c_out, c_in] x [c_in, tiles] -> [c_out, tiles] */
  if (c->uk != NULL)
    nst_gemm_packed (c->uk, c->c_out, c->tiles, c->c_in, u, v, mm, c->tiles);
  else
    nst_sgemm (NST_NO_TRANS, NST_NO_TRANS, c->c_out, c->tiles, c->c_in,
               1.0f, u, c->c_in, v, c->tiles, 0.0f, mm, c->tiles);
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

/* The call's fields that depend on the shape alone; U, V, M unset. */
static void
call_init (nst_wino_call *c, int m, int c_in, int c_out, const float *weight, int transposed)
{
  memset (c, 0, sizeof *c);
  c->c_in = c_in;
  c->c_out = c_out;
  c->weight = weight;
  c->transposed = transposed;
  c->m = m;
  c->alpha = m + 2;
  c->uk = packed_for (m);
  c->co_group = c->uk != NULL ? c->uk->mr : 8;
}

/* Floats of one direction's workspace: c_in, c_out of the call. */
static size_t
workspace_floats (int m, int c_in, int c_out, int h, int w)
{
  nst_wino_call c;
  size_t        tiles = chunk_tile_rows (m, c_in, c_out, h, w) * (size_t) ((w + m - 1) / m);

  call_init (&c, m, c_in, c_out, NULL, 0);
  operand_sizes (&c, (int) tiles);
  /* + 16: the start rounded up to 64 bytes for the micro-kernel */
  return (size_t) c.alpha * c.alpha * (c.u_stride + c.v_stride + c.m_stride) + 16;
}

/* U for every output channel group of the call, in parallel. */
static void
make_kernels (nst_workers *workers, nst_wino_call *c)
{
  nst_workers_run (workers, (c->c_out + c->co_group - 1) / c->co_group, task_kernels, c);
}

/* Both directions: the transposed conv swaps c_in and c_out, which
 * moves the padding of packed operands. */
size_t
nst_winograd_workspace_floats (int m, int c_in, int c_out, int h, int w)
{
  size_t fwd = workspace_floats (m, c_in, c_out, h, w);
  size_t bwd = workspace_floats (m, c_out, c_in, h, w);

  return fwd > bwd ? fwd : bwd;
}

static float *
align64 (const float *p)
{
  return (float *) (((uintptr_t) p + 63) & ~(uintptr_t) 63);
}

/* U's layout and stride depend on c_in, c_out and the kernel alone (not
 * on the image or the chunk), so U made once serves every call. */
size_t
nst_winograd_weights_floats (int m, int c_in, int c_out)
{
  nst_wino_call c;

  call_init (&c, m, c_in, c_out, NULL, 0);
  operand_sizes (&c, 1);
  return (size_t) c.alpha * c.alpha * c.u_stride + 16;
}

void
nst_winograd_weights (nst_workers *workers, int m, const float *weight, int transposed,
                      int c_in, int c_out, float *u)
{
  nst_wino_call c;

  call_init (&c, m, c_in, c_out, weight, transposed);
  operand_sizes (&c, 1);
  c.u_out = align64 (u);
  c.u = c.u_out;
  make_kernels (workers, &c);
}

void
nst_winograd_conv3x3 (nst_workers *workers, int m, const float *x, const float *mask,
                      int c_in, int h, int w, const float *weight, int transposed,
                      const float *bias, int c_out, int relu, const float *u, float *y,
                      float *workspace)
{
  nst_wino_call c;
  int           th = (h + m - 1) / m, a2 = (m + 2) * (m + 2);
  int           rows = (int) chunk_tile_rows (m, c_in, c_out, h, w);

  call_init (&c, m, c_in, c_out, weight, transposed);
  c.x = x;
  c.mask = mask;
  c.h = h;
  c.w = w;
  c.bias = bias;
  c.relu = relu;
  c.y = y;
  c.tw = (w + m - 1) / m;
  operand_sizes (&c, rows * c.tw);
  /* the workspace keeps U's slot when U comes made: one layout */
  c.u_out = align64 (workspace);
  c.v = c.u_out + (size_t) a2 * c.u_stride;
  c.mm = c.v + (size_t) a2 * c.v_stride;
  if (u != NULL)
    c.u = align64 (u);
  else
    {
      c.u = c.u_out;
      make_kernels (workers, &c);
    }
  for (c.ty0 = 0; c.ty0 < th; c.ty0 += rows)
    {
      c.tiles = (th - c.ty0 < rows ? th - c.ty0 : rows) * c.tw;
      operand_sizes (&c, c.tiles);   /* V's layout follows the chunk; its slot does not move */
      nst_workers_run (workers, c_in, task_input, &c);
      nst_workers_run (workers, a2, task_gemm, &c);
      nst_workers_run (workers, c_out, task_output, &c);
    }
}
