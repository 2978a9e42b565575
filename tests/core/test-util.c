/* test-util.c - helpers for the core tests. */
#include "test-util.h"

#include <math.h>
#include <stdlib.h>

static const int tiny_widths[NST_VGG_N_CONVS] = { 4, 4, 8, 8, 16, 16, 16, 16, 32, 32, 32, 32, 32 };

nst_model *
test_model_new (const int *widths, uint64_t seed)
{
  nst_model *m = nst_model_alloc ();
  nst_rng    rng;
  int        i, c_in = 3;
  static const float mean[3] = { 0.485f, 0.456f, 0.406f };
  static const float stdv[3] = { 0.229f, 0.224f, 0.225f };

  if (widths == NULL)
    widths = tiny_widths;
  nst_rng_init (&rng, seed);
  m->n_convs = NST_VGG_N_CONVS;
  for (i = 0; i < 3; i++)
    {
      m->mean[i] = mean[i];
      m->std[i] = stdv[i];
    }
  m->default_style_layers = "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1";
  m->default_content_layers = "relu4_2";
  m->default_patch_layers = "relu3_1,relu4_1";
  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      nst_conv_weights *cv = &m->conv[i];
      size_t n = (size_t) widths[i] * c_in * 9, k;
      double sd = sqrt (2.0 / (c_in * 9.0));

      cv->c_in = c_in;
      cv->c_out = widths[i];
      cv->weight = malloc (n * sizeof (float));
      cv->bias = malloc (widths[i] * sizeof (float));
      for (k = 0; k < n; k++)
        cv->weight[k] = (float) (sd * nst_rng_normal (&rng));
      for (k = 0; k < (size_t) widths[i]; k++)
        cv->bias[k] = (float) (0.05 * nst_rng_normal (&rng));
      c_in = widths[i];
    }
  return m;
}

void
test_fill_uniform (float *v, size_t n, double lo, double hi, uint64_t seed)
{
  nst_rng rng;
  size_t  i;

  nst_rng_init (&rng, seed);
  for (i = 0; i < n; i++)
    v[i] = (float) (lo + (hi - lo) * nst_rng_uniform (&rng));
}

void
test_image_fill (nst_image *image, uint64_t seed)
{
  nst_rng rng;
  double  cx[6], cy[6], col[6][3], rad[6];
  int     b, x, y, c;

  nst_rng_init (&rng, seed);
  for (b = 0; b < 6; b++)
    {
      cx[b] = nst_rng_uniform (&rng) * image->width;
      cy[b] = nst_rng_uniform (&rng) * image->height;
      rad[b] = (0.1 + 0.3 * nst_rng_uniform (&rng)) * image->width;
      for (c = 0; c < 3; c++)
        col[b][c] = nst_rng_uniform (&rng);
    }
  for (y = 0; y < image->height; y++)
    for (x = 0; x < image->width; x++)
      for (c = 0; c < 3; c++)
        {
          double v = 0.2 + 0.05 * nst_rng_uniform (&rng);

          for (b = 0; b < 6; b++)
            {
              double d2 = ((x - cx[b]) * (x - cx[b]) + (y - cy[b]) * (y - cy[b])) / (rad[b] * rad[b]);
              v += col[b][c] * exp (-d2);
            }
          image->data[((size_t) y * image->width + x) * 3 + c] = (float) fmin (v, 1.0);
        }
}
