/* loss.c - content, style (Gram) and total-variation losses with their
 * gradients.  Each loss is normalised by its target's scale (see the
 * formula in nst-private.h) so that the user's weights are relative. */
#include "nst-private.h"

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
nst_loss_style (nst_workers *workers, const float *f, int c, size_t n,
                const float *a, double norm, float *diff, float *partials)
{
  size_t cc = (size_t) c * c;
  double s = 0.0;
  size_t i;

  nst_gram (workers, f, c, n, diff, partials);
  for (i = 0; i < cc; i++)
    {
      double d = (double) diff[i] - a[i];

      s += d * d;
      /* dE/dG */
      diff[i] = (float) (2.0 * d / ((double) cc * norm));
    }
  return s / ((double) cc * norm);
}

typedef struct
{
  const float *f, *diff;
  int          c, parts;
  size_t       n;
  float        alpha;
  float       *df;
} style_back_call;

static void
task_style_backward (int t, int worker, void *data)
{
  style_back_call *sc = data;
  size_t           q0 = sc->n * t / sc->parts, q1 = sc->n * (t + 1) / sc->parts;

  (void) worker;
  /* [c, c] x [c, q1-q0] -> [c, q1-q0], accumulated into df */
  nst_sgemm (NST_NO_TRANS, NST_NO_TRANS, sc->c, (int) (q1 - q0), sc->c,
             sc->alpha, sc->diff, sc->c, sc->f + q0, (int) sc->n,
               1.0f, sc->df + q0, (int) sc->n);
}

void
nst_loss_style_backward (nst_workers *workers, const float *f, int c, size_t n,
                         const float *diff, double scale, float *df)
{
  /* G = F F^T / n and dE/dG symmetric, so dE/dF = 2 dE/dG F / n */
  style_back_call sc = { f, diff, c, nst_workers_size (workers), n,
                         (float) (2.0 * scale / (double) n), df };

  if ((size_t) sc.parts > n)
    sc.parts = 1;
  nst_workers_run (workers, sc.parts, task_style_backward, &sc);
}

/* The chroma planes' weights: u = R - Y, v = B - Y. */
static const double chroma_u[3] = { 1.0 - 0.299, -0.587, -0.114 };
static const double chroma_v[3] = { -0.299, -0.587, 1.0 - 0.114 };

/* One neighbour pair p -> q of the chroma total variation: its squared
 * differences, and k times their gradient added to dx. */
static inline double
chroma_pair (const float *x, size_t plane, size_t p, size_t q, float *dx, double k)
{
  double d[3], du = 0.0, dv = 0.0;
  int    c;

  for (c = 0; c < 3; c++)
    {
      d[c] = (double) x[c * plane + q] - x[c * plane + p];
      du += chroma_u[c] * d[c];
      dv += chroma_v[c] * d[c];
    }
  if (dx != NULL)
    for (c = 0; c < 3; c++)
      {
        float g = (float) (k * (chroma_u[c] * du + chroma_v[c] * dv));

        dx[c * plane + q] += g;
        dx[c * plane + p] -= g;
      }
  return du * du + dv * dv;
}

double
nst_loss_chroma_tv (const float *x, int h, int w, float *dx, double scale)
{
  size_t plane = (size_t) h * w;
  double s = 0.0;
  double denom = 3.0 * h * w;
  double k = 2.0 * scale / denom;
  int    i, j;

  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      {
        size_t p = (size_t) i * w + j;

        if (j + 1 < w)
          s += chroma_pair (x, plane, p, p + 1, dx, k);
        if (i + 1 < h)
          s += chroma_pair (x, plane, p, p + w, dx, k);
      }
  return s / denom;
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
