/* winograd.c - 3x3 convolution as Winograd F(2x2, 3x3) (Lavin & Gray 2015).
 *
 * Each 2x2 output tile comes from a 4x4 input tile: 16 multiplications per
 * (output, input) channel pair instead of 36, as 16 GEMMs
 *   M[e] = U[e] x V[e]:  [c_out, c_in] x [c_in, tiles] -> [c_out, tiles]
 * between the transformed weights U = G g G^T and the transformed input
 * tiles V = B^T d B; the output is A^T M A.  The F(2,3) transforms hold
 * only 0, +-1 and 1/2, so rounding stays close to direct convolution.
 *
 * The image is processed in chunks of tile rows whose V and M fit
 * NST_WINOGRAD_CHUNK_BYTES; each chunk runs in three parallel phases:
 * input transform (split by input channel), the 16 GEMMs (split by e) and
 * output transform with bias and ReLU (split by output channel).
 * With `transposed` the same routine computes the backward pass to the
 * input of a forward conv, by reading its weights flipped and transposed. */
#include "nst-private.h"

#include <string.h>

#define NST_WINOGRAD_CHUNK_BYTES ((size_t) 8 << 20)

typedef struct
{
  const float *x;
  int          c_in, c_out, h, w;
  const float *weight;      /* torch layout of the forward conv */
  int          transposed;
  const float *bias;
  int          relu;
  float       *y;
  float       *u;           /* [16][c_out][c_in] */
  float       *v;           /* [16][c_in][chunk tiles] */
  float       *m;           /* [16][c_out][chunk tiles] */
  int          tw;          /* tiles per row */
  int          ty0, tiles;  /* current chunk: first tile row, tile count */
} wino_call;

static size_t
chunk_tile_rows (int c_in, int c_out, int h, int w)
{
  int    th = (h + 1) / 2, tw = (w + 1) / 2;
  size_t per_row = (size_t) 16 * (c_in + c_out) * tw * sizeof (float);
  size_t rows = NST_WINOGRAD_CHUNK_BYTES / per_row;

  if (rows < 1)
    rows = 1;
  return rows < (size_t) th ? rows : (size_t) th;
}

size_t
nst_winograd_workspace_floats (int c_in, int c_out, int h, int w)
{
  size_t tiles = chunk_tile_rows (c_in, c_out, h, w) * (size_t) ((w + 1) / 2);

  return (size_t) 16 * c_in * c_out + (size_t) 16 * (c_in + c_out) * tiles;
}

/* U = G g G^T for the 3x3 kernel g (row stride 3, element stride 1, or
 * flipped when `flip`). */
static void
transform_kernel (const float *g, int flip, float *u, size_t stride)
{
  float k[3][3], t[4][3];
  int   i, j;

  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++)
      k[i][j] = flip ? g[(2 - i) * 3 + (2 - j)] : g[i * 3 + j];
  for (j = 0; j < 3; j++)
    {
      t[0][j] = k[0][j];
      t[1][j] = 0.5f * (k[0][j] + k[1][j] + k[2][j]);
      t[2][j] = 0.5f * (k[0][j] - k[1][j] + k[2][j]);
      t[3][j] = k[2][j];
    }
  for (i = 0; i < 4; i++)
    {
      u[(i * 4 + 0) * stride] = t[i][0];
      u[(i * 4 + 1) * stride] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
      u[(i * 4 + 2) * stride] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
      u[(i * 4 + 3) * stride] = t[i][2];
    }
}

static void
task_kernels (int co, int worker, void *data)
{
  wino_call *c = data;
  size_t     stride = (size_t) c->c_out * c->c_in;
  int        ci;

  (void) worker;
  for (ci = 0; ci < c->c_in; ci++)
    {
      /* forward: weight[co][ci]; transposed: weight[ci][co] of the
       * forward conv, whose c_out is our c_in */
      const float *g = c->transposed
                       ? c->weight + ((size_t) ci * c->c_out + co) * 9
                       : c->weight + ((size_t) co * c->c_in + ci) * 9;

      transform_kernel (g, c->transposed, c->u + (size_t) co * c->c_in + ci, stride);
    }
}

/* The 4x4 input tile at column 2 tx - 1 from four rows (NULL = zero
 * padding); the fast path skips the column checks inside the image. */
static void
load_tile (const float *rows[4], int tx, int w, float d[4][4])
{
  int x0 = 2 * tx - 1, i, j;

  for (i = 0; i < 4; i++)
    {
      const float *r = rows[i];

      if (r == NULL)
        for (j = 0; j < 4; j++)
          d[i][j] = 0.0f;
      else if (x0 >= 0 && x0 + 3 < w)
        for (j = 0; j < 4; j++)
          d[i][j] = r[x0 + j];
      else
        for (j = 0; j < 4; j++)
          d[i][j] = x0 + j >= 0 && x0 + j < w ? r[x0 + j] : 0.0f;
    }
}

/* V[e][ci][t] = (B^T d B)[e] for the chunk's tiles of channel ci. */
static void
task_input (int ci, int worker, void *data)
{
  wino_call   *c = data;
  const float *plane = c->x + (size_t) ci * c->h * c->w;
  size_t       stride = (size_t) c->c_in * c->tiles;
  float       *v = c->v + (size_t) ci * c->tiles;
  int          t = 0, ty, tx, rows_of_tiles = c->tiles / c->tw;

  (void) worker;
  for (ty = c->ty0; ty < c->ty0 + rows_of_tiles; ty++)
    {
      const float *rows[4];
      int          i;

      for (i = 0; i < 4; i++)
        {
          int yy = 2 * ty - 1 + i;
          rows[i] = yy >= 0 && yy < c->h ? plane + (size_t) yy * c->w : NULL;
        }
      for (tx = 0; tx < c->tw; tx++, t++)
        {
          float d[4][4], r[4][4];
          int   j;

          load_tile (rows, tx, c->w, d);
          for (j = 0; j < 4; j++)   /* B^T d */
            {
              r[0][j] = d[0][j] - d[2][j];
              r[1][j] = d[1][j] + d[2][j];
              r[2][j] = d[2][j] - d[1][j];
              r[3][j] = d[1][j] - d[3][j];
            }
          for (i = 0; i < 4; i++)   /* (B^T d) B */
            {
              v[(i * 4 + 0) * stride + t] = r[i][0] - r[i][2];
              v[(i * 4 + 1) * stride + t] = r[i][1] + r[i][2];
              v[(i * 4 + 2) * stride + t] = r[i][2] - r[i][1];
              v[(i * 4 + 3) * stride + t] = r[i][1] - r[i][3];
            }
        }
    }
}

static void
task_gemm (int e, int worker, void *data)
{
  wino_call *c = data;

  (void) worker;
  /* [c_out, c_in] x [c_in, tiles] -> [c_out, tiles] */
  nst_sgemm (NST_NO_TRANS, NST_NO_TRANS, c->c_out, c->tiles, c->c_in,
             1.0f, c->u + (size_t) e * c->c_out * c->c_in, c->c_in,
               c->v + (size_t) e * c->c_in * c->tiles, c->tiles,
               0.0f, c->m + (size_t) e * c->c_out * c->tiles, c->tiles);
}

/* y tile = A^T M A + bias, ReLU, for output channel co. */
static void
task_output (int co, int worker, void *data)
{
  wino_call   *c = data;
  size_t       stride = (size_t) c->c_out * c->tiles;
  const float *m = c->m + (size_t) co * c->tiles;
  float       *plane = c->y + (size_t) co * c->h * c->w;
  float        b = c->bias ? c->bias[co] : 0.0f;
  int          t;

  (void) worker;
  for (t = 0; t < c->tiles; t++)
    {
      int   ty = c->ty0 + t / c->tw, tx = t % c->tw;
      float s[4][4], r[2][4], o[2][2];
      int   i, j;

      for (i = 0; i < 16; i++)
        s[i / 4][i % 4] = m[i * stride + t];
      for (j = 0; j < 4; j++)   /* A^T M */
        {
          r[0][j] = s[0][j] + s[1][j] + s[2][j];
          r[1][j] = s[1][j] - s[2][j] - s[3][j];
        }
      for (i = 0; i < 2; i++)   /* (A^T M) A */
        {
          o[i][0] = r[i][0] + r[i][1] + r[i][2] + b;
          o[i][1] = r[i][1] - r[i][2] - r[i][3] + b;
        }
      for (i = 0; i < 2 && 2 * ty + i < c->h; i++)
        for (j = 0; j < 2 && 2 * tx + j < c->w; j++)
          {
            float val = o[i][j];

            if (c->relu && ! (val > 0.0f))
              val = 0.0f;
            plane[(size_t) (2 * ty + i) * c->w + 2 * tx + j] = val;
          }
    }
}

void
nst_winograd_conv3x3 (nst_workers *workers, const float *x, int c_in, int h, int w,
                      const float *weight, int transposed, const float *bias,
                      int c_out, int relu, float *y, float *workspace)
{
  wino_call c = { 0 };
  int       th = (h + 1) / 2;
  int       rows = (int) chunk_tile_rows (c_in, c_out, h, w);

  c.x = x;
  c.c_in = c_in;
  c.c_out = c_out;
  c.h = h;
  c.w = w;
  c.weight = weight;
  c.transposed = transposed;
  c.bias = bias;
  c.relu = relu;
  c.y = y;
  c.tw = (w + 1) / 2;
  c.u = workspace;
  c.v = c.u + (size_t) 16 * c_in * c_out;
  c.m = c.v + (size_t) 16 * c_in * rows * c.tw;

  nst_workers_run (workers, c_out, task_kernels, &c);
  for (c.ty0 = 0; c.ty0 < th; c.ty0 += rows)
    {
      c.tiles = (th - c.ty0 < rows ? th - c.ty0 : rows) * c.tw;
      nst_workers_run (workers, c_in, task_input, &c);
      nst_workers_run (workers, 16, task_gemm, &c);
      nst_workers_run (workers, c_out, task_output, &c);
    }
}
