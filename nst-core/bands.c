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
#include <string.h>

static int
compare_floats (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return (x > y) - (x < y);
}

nst_status
nst_luma_bands (const float *x, int h, int w, const float *weight, int bands, float *out,
                nst_error *err)
{
  size_t plane = (size_t) h * w, p, n = 0;
  float *luma = malloc (plane * sizeof (float));
  float *tmp = malloc (plane * sizeof (float));
  float *sorted = malloc (plane * sizeof (float));
  float  taps[2 * NST_COMPOSITION_MAX_RADIUS + 1];
  float  edge[NST_STYLE_BANDS_MAX + 1];
  int    r, k;
  /* twice the composition term's blur: bands of regions, not of pixels */
  double sigma = 2.0 * nst_composition_sigma (h, w);

  if (luma == NULL || tmp == NULL || sorted == NULL)
    {
      free (luma);
      free (tmp);
      free (sorted);
      return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the bands.");
    }
  r = nst_composition_taps (sigma, taps);
  nst_blurred_luma (x, h, w, taps, r, luma, tmp);

  /* the quantiles of the weighted part (of all when it is too small) */
  for (p = 0; p < plane; p++)
    if (weight == NULL || weight[p] >= 0.5f)
      sorted[n++] = luma[p];
  if (n == 0)
    {
      memcpy (sorted, luma, plane * sizeof (float));
      n = plane;
    }
  qsort (sorted, n, sizeof (float), compare_floats);
  for (k = 1; k < bands; k++)
    edge[k] = sorted[n * k / bands];

  for (k = 0; k < bands; k++)
    {
      float *m = out + (size_t) k * plane;

      for (p = 0; p < plane; p++)
        m[p] = (k == 0 || luma[p] >= edge[k]) && (k == bands - 1 || luma[p] < edge[k + 1])
               ? 1.0f : 0.0f;
      nst_blur_plane (m, h, w, taps, r, tmp);
      for (p = 0; weight != NULL && p < plane; p++)
        m[p] *= weight[p];
    }
  free (luma);
  free (tmp);
  free (sorted);
  return NST_STATUS_OK;
}
