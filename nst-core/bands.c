/* bands.c - soft masks of an image's dark, middle and light parts.
 *
 * A guided Gram (Gatys et al. 2017, "Controlling perceptual factors in
 * neural style transfer") compares the result's features in each band of
 * the content's luminance with the style's features in the same band of
 * the style's: the painting's light marks go where the photo is light.
 * The bands are quantiles, so every band holds the same share of each
 * image whatever the two images' exposures. */
#include "nst-private.h"

#include <stdlib.h>

/* By value, ties by position: a flat image still splits into equal
 * shares (by rows) instead of leaving bands empty. */
int
nst_compare_ranked (const void *a, const void *b)
{
  const nst_ranked *u = a, *v = b;

  if (u->y != v->y)
    return (u->y > v->y) - (u->y < v->y);
  return (u->p > v->p) - (u->p < v->p);
}

nst_status
nst_luma_bands (const float *x, int h, int w, const float *weight, int bands, float *out,
                nst_error *err)
{
  size_t  plane = (size_t) h * w, p, n = 0, r;
  float  *luma = malloc (plane * sizeof (float));
  float  *tmp = malloc (plane * sizeof (float));
  nst_ranked *sorted = malloc (plane * sizeof (nst_ranked));
  float   taps[2 * NST_COMPOSITION_MAX_RADIUS + 1];
  float   edge[NST_STYLE_BANDS_MAX + 1];
  int     radius, k;
  /* twice the composition term's blur: bands of regions, not of pixels */
  double  sigma = 2.0 * nst_composition_sigma (h, w);

  if (luma == NULL || tmp == NULL || sorted == NULL)
    {
      free (luma);
      free (tmp);
      free (sorted);
      return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the bands.");
    }
  radius = nst_composition_taps (sigma, taps);
  nst_blurred_luma (x, h, w, taps, radius, luma, tmp);

  /* the ranks within the weighted part (all of it when it is empty) */
  for (p = 0; p < plane; p++)
    if (weight == NULL || weight[p] >= 0.5f)
      sorted[n++] = (nst_ranked) { luma[p], p };
  for (p = 0; n == 0 && p < plane; p++)
    sorted[p] = (nst_ranked) { luma[p], p };
  n = n > 0 ? n : plane;
  qsort (sorted, n, sizeof (nst_ranked), nst_compare_ranked);
  for (k = 1; k < bands; k++)
    edge[k] = sorted[n * k / bands].y;

  /* band k: the ranks from n k / bands on, which by value is from edge[k]
   * on but for ties; a pixel outside the ranked part by its value */
  for (p = 0; p < plane; p++)
    {
      for (k = bands - 1; k > 0 && luma[p] < edge[k]; k--)
        ;
      tmp[p] = (float) k;
    }
  for (r = 0; r < n; r++)
    {
      for (k = bands - 1; k > 0 && r < n * k / bands; k--)
        ;
      tmp[sorted[r].p] = (float) k;
    }
  for (k = 0; k < bands; k++)
    {
      float *m = out + (size_t) k * plane;

      for (p = 0; p < plane; p++)
        m[p] = tmp[p] == (float) k ? 1.0f : 0.0f;
    }
  for (k = 0; k < bands; k++)
    {
      float *m = out + (size_t) k * plane;

      nst_blur_plane (m, h, w, taps, radius, tmp);
      for (p = 0; weight != NULL && p < plane; p++)
        m[p] *= weight[p];
    }
  free (luma);
  free (tmp);
  free (sorted);
  return NST_STATUS_OK;
}
