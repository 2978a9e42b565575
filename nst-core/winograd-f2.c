/* winograd-f2.c - the tile transforms of Winograd F(2x2, 3x3).
 *
 * 4x4 input tiles, 2x2 output tiles, 16 GEMMs (driver: winograd.c).  The
 * transforms hold only 0, +-1 and 1/2, so rounding stays close to direct
 * convolution.  One tile at a time: this size is only chosen for layers
 * whose GEMMs dominate (see conv.c). */
#include "winograd.h"

/* U = G g G^T, G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1], for n
 * kernels side by side. */
static void
kernels_block (const float k[9][NST_WINO_KBLOCK], int n, float *u, size_t stride)
{
  int l, i;

  for (l = 0; l < n; l++)
    {
      float t[4][3];
      int   j;

      for (j = 0; j < 3; j++)
        {
          t[0][j] = k[j][l];
          t[1][j] = 0.5f * (k[j][l] + k[3 + j][l] + k[6 + j][l]);
          t[2][j] = 0.5f * (k[j][l] - k[3 + j][l] + k[6 + j][l]);
          t[3][j] = k[6 + j][l];
        }
      for (i = 0; i < 4; i++)
        {
          u[(i * 4 + 0) * stride + l] = t[i][0];
          u[(i * 4 + 1) * stride + l] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
          u[(i * 4 + 2) * stride + l] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
          u[(i * 4 + 3) * stride + l] = t[i][2];
        }
    }
}

void
nst_wino2_kernels (const nst_wino_call *c, int co0, int co1)
{
  size_t stride = c->u_stride;
  int    i0, co;

  for (co = co0; co < co1; co++)
    for (i0 = 0; i0 < c->c_in; i0 += NST_WINO_KBLOCK)
      {
        float k[9][NST_WINO_KBLOCK];
        int   n = c->c_in - i0 < NST_WINO_KBLOCK ? c->c_in - i0 : NST_WINO_KBLOCK;

        nst_wino_gather (c, co, i0, n, k);
        kernels_block (k, n, c->u_out + (size_t) co * c->c_in + i0, stride);
      }
}

/* The 4x4 input tile at column 2 tx - 1 from four rows (NULL = zero
 * padding), zeroed where the mask rows (when given) are <= 0. */
static void
load_tile (const float *rows[4], const float *mrows[4], int tx, int w, float d[4][4])
{
  int x0 = 2 * tx - 1, i, j;

  for (i = 0; i < 4; i++)
    for (j = 0; j < 4; j++)
      {
        int xx = x0 + j;

        d[i][j] = rows[i] != NULL && xx >= 0 && xx < w
                  && (mrows[i] == NULL || mrows[i][xx] > 0.0f) ? rows[i][xx] : 0.0f;
      }
}

void
nst_wino2_input (const nst_wino_call *c, int ci)
{
  size_t       plane = (size_t) c->h * c->w;
  const float *x = c->x + (size_t) ci * plane;
  const float *mk = c->mask ? c->mask + (size_t) ci * plane : NULL;
  size_t       stride = c->v_stride;
  float       *v = c->v + (size_t) ci * c->tiles;
  int          t = 0, ty, tx, rows_of_tiles = c->tiles / c->tw;

  for (ty = c->ty0; ty < c->ty0 + rows_of_tiles; ty++)
    {
      const float *rows[4], *mrows[4];
      int          i;

      for (i = 0; i < 4; i++)
        {
          int yy = 2 * ty - 1 + i, in = yy >= 0 && yy < c->h;

          rows[i] = in ? x + (size_t) yy * c->w : NULL;
          mrows[i] = in && mk ? mk + (size_t) yy * c->w : NULL;
        }
      for (tx = 0; tx < c->tw; tx++, t++)
        {
          float d[4][4], r[4][4];
          int   j;

          load_tile (rows, mrows, tx, c->w, d);
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

void
nst_wino2_output (const nst_wino_call *c, int co)
{
  size_t       stride = c->m_stride;
  const float *m = c->mm + (size_t) co * c->tiles;
  float       *plane = c->y + (size_t) co * c->h * c->w;
  float        b = c->bias ? c->bias[co] : 0.0f;
  int          t;

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
