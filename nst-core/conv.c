/* conv.c - 3x3 convolution, stride 1, zero padding 1, as im2col + SGEMM.
 *
 * The column matrix is built for a band of whole output rows at a time so
 * the workspace stays under NST_IM2COL_MAX_BYTES at any image size.  The
 * backward pass to the input is the same routine run on flipped weights
 * (nst_conv3x3_flip_weights), so one kernel serves both directions. */
#include "nst-private.h"

#include <cblas.h>
#include <string.h>

/* Rows of output per im2col tile. */
static int
conv_tile_rows (int c_in, int h, int w)
{
  size_t row_bytes = (size_t) c_in * 9 * w * sizeof (float);
  size_t rows = NST_IM2COL_MAX_BYTES / (row_bytes ? row_bytes : 1);

  if (rows < 1)
    rows = 1;
  if (rows > (size_t) h)
    rows = h;
  return (int) rows;
}

size_t
nst_conv3x3_workspace_floats (int c_in, int h, int w)
{
  return (size_t) c_in * 9 * w * conv_tile_rows (c_in, h, w);
}

/* col [c_in*9][rows*w] from the input rows r0 .. r0+rows-1 (plus halo). */
static void
im2col_rows (const float *x, int c_in, int h, int w, int r0, int rows, float *col)
{
  size_t n = (size_t) rows * w;
  int ci, ky, kx, r;

  for (ci = 0; ci < c_in; ci++)
    for (ky = 0; ky < 3; ky++)
      for (kx = 0; kx < 3; kx++)
        {
          float *dst = col + (size_t) (ci * 9 + ky * 3 + kx) * n;

          for (r = 0; r < rows; r++)
            {
              int          sy = r0 + r + ky - 1;
              float       *d = dst + (size_t) r * w;
              const float *s;

              if (sy < 0 || sy >= h)
                {
                  memset (d, 0, w * sizeof (float));
                  continue;
                }
              s = x + ((size_t) ci * h + sy) * w;
              if (w == 1)
                d[0] = kx == 1 ? s[0] : 0.0f;
              else if (kx == 1)
                memcpy (d, s, w * sizeof (float));
              else if (kx == 0)
                {
                  d[0] = 0.0f;
                  memcpy (d + 1, s, (w - 1) * sizeof (float));
                }
              else
                {
                  memcpy (d, s + 1, (w - 1) * sizeof (float));
                  d[w - 1] = 0.0f;
                }
            }
        }
}

void
nst_conv3x3_forward (const float *x, int c_in, int h, int w,
                     const float *weight, const float *bias, int c_out,
                     float *y, float *workspace)
{
  size_t hw = (size_t) h * w;
  int    k = c_in * 9;
  int    tile = conv_tile_rows (c_in, h, w);
  int    r0, co;

  for (r0 = 0; r0 < h; r0 += tile)
    {
      int rows = h - r0 < tile ? h - r0 : tile;
      int n = rows * w;

      im2col_rows (x, c_in, h, w, r0, rows, workspace);
      /* [c_out, c_in*9] x [c_in*9, rows*w] -> [c_out, rows*w] (ldc = h*w) */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans,
                   c_out, n, k, 1.0f, weight, k, workspace, n,
                   0.0f, y + (size_t) r0 * w, (int) hw);
    }

  if (bias != NULL)
    for (co = 0; co < c_out; co++)
      {
        float *yc = y + (size_t) co * hw;
        float  b = bias[co];
        size_t i;

        for (i = 0; i < hw; i++)
          yc[i] += b;
      }
}

void
nst_conv3x3_flip_weights (const float *weight, int c_out, int c_in, float *flipped)
{
  int co, ci, t;

  /* flipped[ci][co][t] = weight[co][ci][8 - t]: transpose, rotate 180 deg */
  for (co = 0; co < c_out; co++)
    for (ci = 0; ci < c_in; ci++)
      for (t = 0; t < 9; t++)
        flipped[((size_t) ci * c_out + co) * 9 + t] =
          weight[((size_t) co * c_in + ci) * 9 + (8 - t)];
}
