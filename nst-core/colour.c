/* colour.c - colour preservation (Gatys et al. 2016, "Preserving Color in
 * Neural Artistic Style Transfer"): luminance-only transfer and
 * colour-statistics matching. */
#include "nst-private.h"

#include <math.h>
#include <string.h>

float
nst_luma (const float *rgb)
{
  return NST_LUMA_R * rgb[0] + NST_LUMA_G * rgb[1] + NST_LUMA_B * rgb[2];
}

/* The weight of pixel k: 1 without weights. */
static double
weight_at (const float *weights, size_t k)
{
  return weights != NULL ? weights[k] : 1.0;
}

void
nst_colour_luma_stats (const nst_image *image, const float *weights,
                       double *mean, double *dev)
{
  size_t n = (size_t) image->width * image->height, k;
  double s = 0.0, s2 = 0.0, w = 0.0;

  for (k = 0; k < n; k++)
    {
      double y = nst_luma (image->data + 3 * k), wk = weight_at (weights, k);

      s += wk * y;
      s2 += wk * y * y;
      w += wk;
    }
  w = w > 0.0 ? w : 1.0;
  *mean = s / w;
  *dev = sqrt (fmax (s2 / w - *mean * *mean, 0.0));
}

void
nst_colour_luminance_image (const nst_image *src, const float *weights, nst_image *dst,
                            double mean, double dev)
{
  size_t n = (size_t) src->width * src->height, k;
  double m0 = 0.0, d0 = 1.0, gain = 1.0;

  if (dev >= 0.0)
    {
      nst_colour_luma_stats (src, weights, &m0, &d0);
      gain = d0 > 1e-6 ? dev / d0 : 1.0;
    }
  for (k = 0; k < n; k++)
    {
      double y = nst_luma (src->data + 3 * k);

      if (dev >= 0.0)
        y = (y - m0) * gain + mean;
      y = y < 0.0 ? 0.0 : (y > 1.0 ? 1.0 : y);
      dst->data[3 * k] = dst->data[3 * k + 1] = dst->data[3 * k + 2] = (float) y;
    }
}

void
nst_colour_restore_chroma (nst_image *result, const nst_image *content)
{
  size_t n = (size_t) result->width * result->height, k;

  /* A pixel is its luma times (1,1,1) plus a chroma offset d whose luma is
   * zero; I and Q of (1,1,1) are zero too, so keeping d keeps I and Q. */
  for (k = 0; k < n; k++)
    {
      const float *c = content->data + 3 * k;
      float       *r = result->data + 3 * k;
      float        yc = nst_luma (c), y = nst_luma (r);
      float        lo = 0.0f, hi = 1.0f;
      int          ch;

      for (ch = 0; ch < 3; ch++)
        {
          float d = c[ch] - yc;
          lo = fmaxf (lo, -d);
          hi = fminf (hi, 1.0f - d);
        }
      y = fminf (fmaxf (y, lo), hi);
      for (ch = 0; ch < 3; ch++)
        r[ch] = y + (c[ch] - yc);
    }
}

static void
colour_stats (const nst_image *image, const float *weights, double mean[3], double cov[3][3])
{
  size_t n = (size_t) image->width * image->height, k;
  double w = 0.0;
  int    a, b;

  memset (cov, 0, 9 * sizeof (double));
  mean[0] = mean[1] = mean[2] = 0.0;
  for (k = 0; k < n; k++)
    {
      w += weight_at (weights, k);
      for (a = 0; a < 3; a++)
        mean[a] += weight_at (weights, k) * image->data[3 * k + a];
    }
  w = w > 0.0 ? w : 1.0;
  for (a = 0; a < 3; a++)
    mean[a] /= w;
  for (k = 0; k < n; k++)
    for (a = 0; a < 3; a++)
      for (b = 0; b < 3; b++)
        cov[a][b] += weight_at (weights, k) * (image->data[3 * k + a] - mean[a])
                     * (image->data[3 * k + b] - mean[b]);
  for (a = 0; a < 3; a++)
    {
      for (b = 0; b < 3; b++)
        cov[a][b] /= w;
      cov[a][a] += 1e-5;   /* flat images have singular covariances */
    }
}

/* Lower-triangular L with L L^T = s (s positive definite). */
static void
cholesky3 (double s[3][3], double l[3][3])
{
  int i, j, k;

  memset (l, 0, 9 * sizeof (double));
  for (i = 0; i < 3; i++)
    for (j = 0; j <= i; j++)
      {
        double sum = s[i][j];

        for (k = 0; k < j; k++)
          sum -= l[i][k] * l[j][k];
        l[i][j] = i == j ? sqrt (fmax (sum, 1e-12)) : sum / l[j][j];
      }
}

/* Inverse of a lower-triangular 3x3 matrix. */
static void
lower_inverse3 (double l[3][3], double inv[3][3])
{
  int i, j, k;

  memset (inv, 0, 9 * sizeof (double));
  for (i = 0; i < 3; i++)
    {
      inv[i][i] = 1.0 / l[i][i];
      for (j = 0; j < i; j++)
        {
          double sum = 0.0;

          for (k = j; k < i; k++)
            sum += l[i][k] * inv[k][j];
          inv[i][j] = -sum / l[i][i];
        }
    }
}

nst_status
nst_colour_match_stats (const nst_image *src, const float *src_weights,
                        const nst_image *target, nst_image *dst, nst_error *err)
{
  double ms[3], mt[3], cs[3][3], ct[3][3], ls[3][3], lt[3][3], lsi[3][3], a[3][3];
  size_t n = (size_t) src->width * src->height, k;
  int    i, j, q;

  if (dst->width != src->width || dst->height != src->height)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "Colour matching needs an output of the source's size.");
  colour_stats (src, src_weights, ms, cs);
  colour_stats (target, NULL, mt, ct);
  cholesky3 (cs, ls);
  cholesky3 (ct, lt);
  lower_inverse3 (ls, lsi);
  /* a = Lt Ls^-1 maps the source's whitened colours onto the target's */
  for (i = 0; i < 3; i++)
    for (j = 0; j < 3; j++)
      for (a[i][j] = 0.0, q = 0; q < 3; q++)
        a[i][j] += lt[i][q] * lsi[q][j];

  for (k = 0; k < n; k++)
    {
      const float *p = src->data + 3 * k;
      double       d[3] = { p[0] - ms[0], p[1] - ms[1], p[2] - ms[2] };

      for (i = 0; i < 3; i++)
        {
          double v = mt[i] + a[i][0] * d[0] + a[i][1] * d[1] + a[i][2] * d[2];
          dst->data[3 * k + i] = (float) (v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v));
        }
    }
  return NST_STATUS_OK;
}
