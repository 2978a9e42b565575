/* loss.c - content, style (Gram) and total-variation losses with their
 * gradients.  Each loss is normalised by its target's scale (see the
 * formula in nst-private.h) so that the user's weights are relative. */
#include "nst-private.h"

#include <math.h>

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

/* ---- Composition: the blurred luminance ---- */

double
nst_composition_sigma (int h, int w)
{
  double sigma = (h > w ? h : w) / 128.0;

  return sigma > 1.0 ? sigma : 1.0;
}

int
nst_composition_taps (double sigma, float *g)
{
  int    r = (int) (3.0 * sigma + 0.5), k;
  double sum = 0.0;

  if (r > NST_COMPOSITION_MAX_RADIUS)
    r = NST_COMPOSITION_MAX_RADIUS;
  for (k = -r; k <= r; k++)
    sum += exp (-(double) k * k / (2.0 * sigma * sigma));
  for (k = -r; k <= r; k++)
    g[k + r] = (float) (exp (-(double) k * k / (2.0 * sigma * sigma)) / sum);
  return r;
}

static inline int
clamp_index (int i, int n)
{
  return i < 0 ? 0 : (i >= n ? n - 1 : i);
}

/* One pass of the 2r + 1 taps g along rows (vertical 0) or columns of
 * an h x w plane, edges repeated: out[i] = sum_k g[k] in[clamp (i + k)];
 * adjoint: out[clamp (i + k)] += g[k] in[i], out zeroed first. */
static void
blur_pass (const float *in, float *out, int h, int w, const float *g, int r,
           int vertical, int adjoint)
{
  int n = vertical ? h : w, lines = vertical ? w : h;
  int stride = vertical ? w : 1, step = vertical ? 1 : w;
  int line, i, k;

  for (line = 0; line < lines; line++)
    {
      const float *a = in + (size_t) line * step;
      float       *b = out + (size_t) line * step;

      if (adjoint)
        for (i = 0; i < n; i++)
          b[(size_t) i * stride] = 0.0f;
      for (i = 0; i < n; i++)
        {
          if (adjoint)
            {
              float v = a[(size_t) i * stride];

              for (k = -r; k <= r; k++)
                b[(size_t) clamp_index (i + k, n) * stride] += g[k + r] * v;
            }
          else
            {
              float s = 0.0f;

              for (k = -r; k <= r; k++)
                s += g[k + r] * a[(size_t) clamp_index (i + k, n) * stride];
              b[(size_t) i * stride] = s;
            }
        }
    }
}

void
nst_blur_plane (float *p, int h, int w, const float *g, int r, float *tmp)
{
  blur_pass (p, tmp, h, w, g, r, 0, 0);
  blur_pass (tmp, p, h, w, g, r, 1, 0);
}

void
nst_blurred_luma (const float *x, int h, int w, const float *g, int r, float *out, float *tmp)
{
  size_t plane = (size_t) h * w, p;

  for (p = 0; p < plane; p++)
    out[p] = NST_LUMA_R * x[p] + NST_LUMA_G * x[plane + p] + NST_LUMA_B * x[2 * plane + p];
  blur_pass (out, tmp, h, w, g, r, 0, 0);
  blur_pass (tmp, out, h, w, g, r, 1, 0);
}

double
nst_loss_composition (const float *x, const float *target, double norm, int h, int w,
                      const float *g, int r, float *tmp, float *dx, double scale)
{
  size_t plane = (size_t) h * w, p;
  float *b = tmp, *t = tmp + plane;
  double s = 0.0, k = 2.0 * scale / ((double) plane * norm);

  nst_blurred_luma (x, h, w, g, r, b, t);
  for (p = 0; p < plane; p++)
    {
      double d = (double) b[p] - target[p];

      s += d * d;
      b[p] = (float) (k * d);      /* dE/d(blurred luma) */
    }
  if (dx != NULL)
    {
      /* back through the blur (its adjoint, columns then rows), then Y */
      blur_pass (b, t, h, w, g, r, 1, 1);
      blur_pass (t, b, h, w, g, r, 0, 1);
      for (p = 0; p < plane; p++)
        {
          dx[p] += NST_LUMA_R * b[p];
          dx[plane + p] += NST_LUMA_G * b[p];
          dx[2 * plane + p] += NST_LUMA_B * b[p];
        }
    }
  return s / ((double) plane * norm);
}

double
nst_variance (const float *v, size_t n)
{
  double mean = 0.0, s = 0.0;
  size_t i;

  for (i = 0; i < n; i++)
    mean += v[i];
  mean = n ? mean / n : 0.0;
  for (i = 0; i < n; i++)
    s += ((double) v[i] - mean) * ((double) v[i] - mean);
  return n ? s / n : 0.0;
}
