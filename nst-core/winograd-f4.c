/* winograd-f4.c - the tile transforms of Winograd F(4x4, 3x3).
 *
 * 6x6 input tiles, 4x4 output tiles, 36 GEMMs (driver: winograd.c): 4x
 * fewer multiplications than direct convolution, against transforms with
 * constants up to 8 and 1/24 that round worse than F(2x2)'s (the bounds
 * tests/core/test-winograd.c checks).  With the points 0, +-1, +-2:
 *
 *   B^T = [ 4  0 -5  0  1  0 ]   G = [  1/4     0     0  ]   A^T = [ 1  1  1  1  1  0 ]
 *         [ 0 -4 -4  1  1  0 ]       [ -1/6  -1/6  -1/6  ]         [ 0  1 -1  2 -2  0 ]
 *         [ 0  4 -4 -1  1  0 ]       [ -1/6   1/6  -1/6  ]         [ 0  1  1  4  4  0 ]
 *         [ 0 -2 -1  2  1  0 ]       [ 1/24  1/12   1/6  ]         [ 0  1 -1  8 -8  1 ]
 *         [ 0  2 -1 -2  1  0 ]       [ 1/24 -1/12   1/6  ]
 *         [ 0  4  0 -5  0  1 ]       [   0     0     1   ]
 *
 * The transforms run SIMD across tiles: a block of up to TILE_BLOCK tiles
 * of one tile row at a time, each 1-D transform a loop over the block that
 * the compiler vectorises.  Input rows are first split into their four
 * column phases (x mod 4), so that tile t's six columns are phase arrays
 * read at t and t + 1, unit stride; zero padding and the ReLU mask are
 * applied while doing so.  Outputs are rows of a tile row, interleaved
 * back the same way.  The per-block functions are compiled for AVX-512,
 * AVX2 and baseline x86-64 and picked at load time (target_clones; what
 * they call must be inlined to share the target); no FMA
 * contraction (C11 mode), so every variant rounds the same. */
#include "winograd.h"

#include <string.h>

#define TILE_BLOCK 64

#if defined(__x86_64__) && defined(__GNUC__) && ! defined(__clang__) \
    && ! defined(__SANITIZE_ADDRESS__)
#define SIMD_CLONES __attribute__ ((target_clones ("avx512f", "avx2", "default")))
#else
#define SIMD_CLONES
#endif

/* o[e][l] = (G g G^T)[e] of the kernels from input channels i0 + l
 * (l < n; zero beyond) into output channel co. */
static inline __attribute__ ((always_inline)) void
kernels_block (const nst_wino_call *c, int co, int i0, int n, float o[36][NST_WINO_KBLOCK])
{
  float k[9][NST_WINO_KBLOCK], t[6][3][NST_WINO_KBLOCK];
  int   i, j, l;

  nst_wino_gather (c, co, i0, n, k);
  for (j = 0; j < 3; j++)   /* G g, column j */
    for (l = 0; l < NST_WINO_KBLOCK; l++)
      {
        float g0 = k[j][l], g1 = k[3 + j][l], g2 = k[6 + j][l];

        t[0][j][l] = 0.25f * g0;
        t[1][j][l] = (g0 + g1 + g2) * (-1.0f / 6.0f);
        t[2][j][l] = (g0 - g1 + g2) * (-1.0f / 6.0f);
        t[3][j][l] = (g0 + 2.0f * g1 + 4.0f * g2) * (1.0f / 24.0f);
        t[4][j][l] = (g0 - 2.0f * g1 + 4.0f * g2) * (1.0f / 24.0f);
        t[5][j][l] = g2;
      }
  for (i = 0; i < 6; i++)   /* (G g) G^T, row i */
    for (l = 0; l < NST_WINO_KBLOCK; l++)
      {
        float g0 = t[i][0][l], g1 = t[i][1][l], g2 = t[i][2][l];

        o[i * 6 + 0][l] = 0.25f * g0;
        o[i * 6 + 1][l] = (g0 + g1 + g2) * (-1.0f / 6.0f);
        o[i * 6 + 2][l] = (g0 - g1 + g2) * (-1.0f / 6.0f);
        o[i * 6 + 3][l] = (g0 + 2.0f * g1 + 4.0f * g2) * (1.0f / 24.0f);
        o[i * 6 + 4][l] = (g0 - 2.0f * g1 + 4.0f * g2) * (1.0f / 24.0f);
        o[i * 6 + 5][l] = g2;
      }
}

/* U = G g G^T for all kernels into output channels co0 .. co1 - 1,
 * NST_WINO_KBLOCK input channels at a time; row e = 6 i + j of U[e] gets
 * them at u + e * stride.  Packed U (c->uk) takes the channels as one
 * panel (co1 - co0 <= mr), whose rows of a depth are side by side: all
 * of them are transformed before any is stored, so that each store is a
 * whole run of the panel rather than one float per cache line. */
SIMD_CLONES static void
kernels_range (const nst_wino_call *c, int co0, int co1)
{
  size_t stride = c->u_stride;
  int    i0, co;

  for (i0 = 0; i0 < c->c_in; i0 += NST_WINO_KBLOCK)
    {
      int n = c->c_in - i0 < NST_WINO_KBLOCK ? c->c_in - i0 : NST_WINO_KBLOCK, i, l;

      if (c->uk != NULL)
        {
          /* pk[e] holds the block as the panel does: depth l's nco rows
           * at l nco */
          float o[36][NST_WINO_KBLOCK], pk[36][NST_WINO_KBLOCK * 16];
          int   nco = co1 - co0, kc = c->lu.kc;

          for (co = co0; co < co1; co++)
            {
              kernels_block (c, co, i0, n, o);
              for (i = 0; i < 36; i++)
                for (l = 0; l < n; l++)
                  pk[i][l * nco + co - co0] = o[i][l];
            }
          if (nco == c->lu.rb && i0 / kc == (i0 + n - 1) / kc)
            {
              /* a full panel, one slice: depths i0 .. i0 + n - 1 follow
               * each other, one copy per U[e] (not 16 of 32 bytes) */
              float *p = c->u_out + nst_gemm_layout_at (&c->lu, i0, co0);

              for (i = 0; i < 36; i++)
                memcpy (p + i * stride, pk[i], (size_t) n * nco * sizeof (float));
            }
          else
            for (l = 0; l < n; l++)
              {
                float *p = c->u_out + nst_gemm_layout_at (&c->lu, i0 + l, co0);

                for (i = 0; i < 36; i++)
                  memcpy (p + i * stride, pk[i] + l * nco, (size_t) nco * sizeof (float));
              }
          continue;
        }
      for (co = co0; co < co1; co++)
        {
          float  o[36][NST_WINO_KBLOCK];
          float *u = c->u_out + (size_t) co * c->c_in + i0;

          kernels_block (c, co, i0, n, o);
          if (n == NST_WINO_KBLOCK)
            for (i = 0; i < 36; i++)
              for (l = 0; l < NST_WINO_KBLOCK; l++)
                u[i * stride + l] = o[i][l];
          else
            for (i = 0; i < 36; i++)
              memcpy (u + i * stride, o[i], n * sizeof (float));
        }
    }
}

/* Not itself cloned: GCC exports a target_clones function's resolver
 * whatever the visibility, and libnst.so exports nst.h alone. */
void
nst_wino4_kernels (const nst_wino_call *c, int co0, int co1)
{
  kernels_range (c, co0, co1);
}

/* ph[p][t] = row[4 (tx0 + t) + p - 1] for t = 0 .. n (one more than the
 * block: the tile's columns 4 and 5 are the next tile's 0 and 1), zero
 * outside the row or where mask <= 0; row NULL: all zero. */
static inline __attribute__ ((always_inline)) void
load_phases (const float *row, const float *mask, int w, int tx0, int n,
             float ph[4][TILE_BLOCK + 1])
{
  int a = tx0 == 0 ? 1 : 0, b = n + 1, t, p;

  if (row == NULL)
    {
      memset (ph, 0, sizeof (float) * 4 * (TILE_BLOCK + 1));
      return;
    }
  /* [a, b): all four columns inside the row */
  while (b > a && 4 * (tx0 + b - 1) + 2 >= w)
    b--;
  if (mask == NULL)
    for (t = a; t < b; t++)
      {
        const float *r = row + 4 * (tx0 + t) - 1;

        ph[0][t] = r[0];
        ph[1][t] = r[1];
        ph[2][t] = r[2];
        ph[3][t] = r[3];
      }
  else
    for (t = a; t < b; t++)
      {
        const float *r = row + 4 * (tx0 + t) - 1, *mk = mask + 4 * (tx0 + t) - 1;
        float        r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3];   /* loads not under the select */

        ph[0][t] = mk[0] > 0.0f ? r0 : 0.0f;
        ph[1][t] = mk[1] > 0.0f ? r1 : 0.0f;
        ph[2][t] = mk[2] > 0.0f ? r2 : 0.0f;
        ph[3][t] = mk[3] > 0.0f ? r3 : 0.0f;
      }
  for (t = 0; t <= n; t++)
    {
      if (t == a && a < b)
        t = b;
      if (t > n)
        break;
      for (p = 0; p < 4; p++)
        {
          int x = 4 * (tx0 + t) + p - 1;

          ph[p][t] = x >= 0 && x < w && (mask == NULL || mask[x] > 0.0f) ? row[x] : 0.0f;
        }
    }
}

/* v_i[t] = (B^T d)[i] for the vectors d = (d_0[t] .. d_5[t]) of n tiles:
 * a tile's rows (horizontal pass) or columns (vertical pass).  restrict
 * (six output rows, too many for the compiler's alias checks) lets it
 * vectorise; the inputs may overlap, they are only read. */
static inline __attribute__ ((always_inline)) void
input_columns (const float *restrict d0, const float *restrict d1, const float *restrict d2,
               const float *restrict d3, const float *restrict d4, const float *restrict d5,
               int n, float *restrict v0, float *restrict v1, float *restrict v2,
               float *restrict v3, float *restrict v4, float *restrict v5)
{
  int t;

  for (t = 0; t < n; t++)
    {
      v0[t] = 4.0f * d0[t] - 5.0f * d2[t] + d4[t];
      v1[t] = (d3[t] + d4[t]) - 4.0f * (d1[t] + d2[t]);
      v2[t] = (d4[t] - d3[t]) + 4.0f * (d1[t] - d2[t]);
      v3[t] = (d4[t] - d2[t]) + 2.0f * (d3[t] - d1[t]);
      v4[t] = (d4[t] - d2[t]) - 2.0f * (d3[t] - d1[t]);
      v5[t] = 4.0f * d1[t] - 5.0f * d3[t] + d5[t];
    }
}

/* One block of n tiles (tile row ty, first tile tx0) of one channel:
 * B^T d B into v[e * stride + t]. */
SIMD_CLONES static void
input_block (const nst_wino_call *c, const float *x, const float *mk, int ty, int tx0, int n,
             float *v, size_t stride)
{
  float ph[6][4][TILE_BLOCK + 1], hb[6][6][TILE_BLOCK];
  int   i, k;

  for (i = 0; i < 6; i++)
    {
      int in = 4 * ty - 1 + i >= 0 && 4 * ty - 1 + i < c->h;
      size_t off = (size_t) (4 * ty - 1 + i) * c->w;

      load_phases (in ? x + off : NULL, in && mk ? mk + off : NULL, c->w, tx0, n, ph[i]);
    }
  for (i = 0; i < 6; i++)   /* d B, row i: columns are phases at t, t + 1 */
    input_columns (ph[i][0], ph[i][1], ph[i][2], ph[i][3], ph[i][0] + 1, ph[i][1] + 1, n,
                   hb[i][0], hb[i][1], hb[i][2], hb[i][3], hb[i][4], hb[i][5]);
  for (k = 0; k < 6; k++)   /* B^T (d B), column k */
    input_columns (hb[0][k], hb[1][k], hb[2][k], hb[3][k], hb[4][k], hb[5][k], n,
                   v + (size_t) k * stride, v + (size_t) (6 + k) * stride,
                   v + (size_t) (12 + k) * stride, v + (size_t) (18 + k) * stride,
                   v + (size_t) (24 + k) * stride, v + (size_t) (30 + k) * stride);
}

/* The block's 36 rows vb[e][0 .. n-1] (tiles t0 ..) into packed V at
 * depth ci: runs of tiles that share a panel are contiguous there. */
SIMD_CLONES static void
scatter_packed (const nst_wino_call *c, int ci, int t0, int n, const float *vb)
{
  int j = 0;

  while (j < n)
    {
      size_t at = nst_gemm_layout_at (&c->lv, ci, t0 + j);
      int    run = c->lv.rb - (t0 + j) % c->lv.rb, e, t;

      if (run > n - j)
        run = n - j;
      for (e = 0; e < 36; e++)
        {
          float       *d = c->v + e * c->v_stride + at;
          const float *s = vb + (size_t) e * TILE_BLOCK + j;

          for (t = 0; t < run; t++)   /* at most nr floats: no call to memcpy */
            d[t] = s[t];
        }
      j += run;
    }
}

/* Zero the padding tiles (tiles .. rpad - 1) of packed V at depth ci. */
static void
zero_packed_tail (const nst_wino_call *c, int ci)
{
  int t, e;

  for (t = c->tiles; t < c->lv.rpad; t++)
    {
      size_t at = nst_gemm_layout_at (&c->lv, ci, t);

      for (e = 0; e < 36; e++)
        c->v[e * c->v_stride + at] = 0.0f;
    }
}

void
nst_wino4_input (const nst_wino_call *c, int ci)
{
  size_t       plane = (size_t) c->h * c->w;
  const float *x = c->x + (size_t) ci * plane;
  const float *mk = c->mask ? c->mask + (size_t) ci * plane : NULL;
  float       *v = c->v + (size_t) ci * c->tiles;
  int          r, tx0, rows_of_tiles = c->tiles / c->tw;
  float        vb[36 * TILE_BLOCK] __attribute__ ((aligned (64)));

  for (r = 0; r < rows_of_tiles; r++)
    for (tx0 = 0; tx0 < c->tw; tx0 += TILE_BLOCK)
      {
        int n = c->tw - tx0 < TILE_BLOCK ? c->tw - tx0 : TILE_BLOCK;

        if (c->uk != NULL)
          {
            input_block (c, x, mk, c->ty0 + r, tx0, n, vb, TILE_BLOCK);
            scatter_packed (c, ci, r * c->tw + tx0, n, vb);
          }
        else
          input_block (c, x, mk, c->ty0 + r, tx0, n, v + (size_t) r * c->tw + tx0,
                       c->v_stride);
      }
  if (c->uk != NULL)
    zero_packed_tail (c, ci);
}

/* o_i[t] = (A^T s)[i] for the vectors s = (s_0[t] .. s_5[t]) of n tiles,
 * as input_columns. */
static inline __attribute__ ((always_inline)) void
output_columns (const float *restrict s0, const float *restrict s1, const float *restrict s2,
                const float *restrict s3, const float *restrict s4, const float *restrict s5,
                int n, float *restrict o0, float *restrict o1, float *restrict o2,
                float *restrict o3)
{
  int t;

  for (t = 0; t < n; t++)
    {
      float s12 = s1[t] + s2[t], d12 = s1[t] - s2[t];
      float s34 = s3[t] + s4[t], d34 = s3[t] - s4[t];

      o0[t] = s0[t] + s12 + s34;
      o1[t] = d12 + 2.0f * d34;
      o2[t] = s12 + 4.0f * s34;
      o3[t] = d12 + 8.0f * d34 + s5[t];
    }
}

/* One block of n tiles of output channel co: A^T M A + b (ReLU) into
 * the image rows 4 ty .. 4 ty + 3 (those inside it). */
SIMD_CLONES static void
output_block (const nst_wino_call *c, const float *m, size_t stride, float b,
              float *plane, int ty, int tx0, int n)
{
  float rb[4][6][TILE_BLOCK], o[4][TILE_BLOCK], ob[4 * TILE_BLOCK];
  int   i, j, t, cols = c->w - 4 * tx0 < 4 * n ? c->w - 4 * tx0 : 4 * n;

  for (j = 0; j < 6; j++)   /* A^T M, column j */
    output_columns (m + (size_t) j * stride, m + (size_t) (6 + j) * stride,
                    m + (size_t) (12 + j) * stride, m + (size_t) (18 + j) * stride,
                    m + (size_t) (24 + j) * stride, m + (size_t) (30 + j) * stride, n,
                    rb[0][j], rb[1][j], rb[2][j], rb[3][j]);
  for (i = 0; i < 4 && 4 * ty + i < c->h; i++)   /* (A^T M) A, row i */
    {
      output_columns (rb[i][0], rb[i][1], rb[i][2], rb[i][3], rb[i][4], rb[i][5], n,
                      o[0], o[1], o[2], o[3]);
      /* + bias, ReLU, columns back in image order */
      for (t = 0; t < n; t++)
        for (j = 0; j < 4; j++)
          {
            float val = o[j][t] + b;

            ob[4 * t + j] = c->relu && ! (val > 0.0f) ? 0.0f : val;
          }
      memcpy (plane + (size_t) (4 * ty + i) * c->w + 4 * tx0, ob, cols * sizeof (float));
    }
}

void
nst_wino4_output (const nst_wino_call *c, int co)
{
  size_t       stride = c->m_stride;
  const float *m = c->mm + (size_t) co * c->tiles;
  float       *plane = c->y + (size_t) co * c->h * c->w;
  float        b = c->bias ? c->bias[co] : 0.0f;
  int          r, tx0, rows_of_tiles = c->tiles / c->tw;

  for (r = 0; r < rows_of_tiles; r++)
    for (tx0 = 0; tx0 < c->tw; tx0 += TILE_BLOCK)
      {
        int n = c->tw - tx0 < TILE_BLOCK ? c->tw - tx0 : TILE_BLOCK;

        output_block (c, m + (size_t) r * c->tw + tx0, stride, b, plane, c->ty0 + r, tx0, n);
      }
}
