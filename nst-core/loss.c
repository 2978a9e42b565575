/* loss.c - content, style (Gram) and total-variation losses with their
 * gradients.  Each loss is normalised by its target's scale (see the
 * formula in nst-private.h) so that the user's weights are relative. */
#include "nst-private.h"

#include <cblas.h>

double
nst_mean_square (const float *v, size_t n)
{
  double s = 0.0;
  size_t i;

  for (i = 0; i < n; i++)
    s += (double) v[i] * v[i];
  return n ? s / n : 0.0;
}

double
nst_loss_content (const float *f, const float *p, size_t n, double norm,
                  float *df, double scale)
{
  double s = 0.0;
  double k = 2.0 * scale / ((double) n * norm);
  size_t i;

  for (i = 0; i < n; i++)
    {
      double d = (double) f[i] - p[i];

      s += d * d;
      if (df != NULL)
        df[i] += (float) (k * d);
    }
  return s / ((double) n * norm);
}

double
nst_loss_style (const float *f, int c, size_t n, const float *a, double norm,
                float *diff)
{
  size_t cc = (size_t) c * c;
  double s = 0.0;
  size_t i;

  nst_gram (f, c, n, diff);
  for (i = 0; i < cc; i++)
    {
      double d = (double) diff[i] - a[i];

      s += d * d;
      /* dE/dG */
      diff[i] = (float) (2.0 * d / ((double) cc * norm));
    }
  return s / ((double) cc * norm);
}

void
nst_loss_style_backward (const float *f, int c, size_t n, const float *diff,
                         double scale, float *df)
{
  /* G = F F^T / n and dE/dG symmetric, so dE/dF = 2 dE/dG F / n:
   * [c, c] x [c, n] -> [c, n], accumulated into df */
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, c, (int) n, c,
               (float) (2.0 * scale / (double) n), diff, c, f, (int) n,
               1.0f, df, (int) n);
}

double
nst_loss_tv (const float *x, int h, int w, float *dx, double scale)
{
  double s = 0.0;
  double denom = 3.0 * h * w;
  double k = 2.0 * scale / denom;
  int    ch, i, j;

  for (ch = 0; ch < 3; ch++)
    {
      const float *xc = x + (size_t) ch * h * w;
      float       *dc = dx ? dx + (size_t) ch * h * w : NULL;

      for (i = 0; i < h; i++)
        for (j = 0; j < w; j++)
          {
            size_t p = (size_t) i * w + j;

            if (j + 1 < w)
              {
                double d = (double) xc[p + 1] - xc[p];
                s += d * d;
                if (dc)
                  {
                    dc[p + 1] += (float) (k * d);
                    dc[p] -= (float) (k * d);
                  }
              }
            if (i + 1 < h)
              {
                double d = (double) xc[p + w] - xc[p];
                s += d * d;
                if (dc)
                  {
                    dc[p + w] += (float) (k * d);
                    dc[p] -= (float) (k * d);
                  }
              }
          }
    }
  return s / denom;
}
