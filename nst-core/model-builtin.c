/* model-builtin.c - a VGG-19-shaped network that needs no download.
 *
 * Random convolutions already carry texture statistics (Ustyuzhaninov et
 * al. 2017; trial in shared/notes/builtin-network.md): He-scaled weights,
 * each output filter made zero-mean so it responds to structure rather
 * than brightness, zero biases, and a fixed seed so every installation
 * computes the same network. */
#include "nst-private.h"

#include <math.h>
#include <stdlib.h>

#define BUILTIN_SEED 0x4e53542d56474731ULL   /* "NST-VGG1" */

static const int builtin_width[NST_VGG_N_CONVS] =
  { 64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512 };

static void
builtin_fill_conv (nst_conv_weights *cv, nst_rng *rng)
{
  size_t taps = (size_t) cv->c_in * 9;
  double stddev = sqrt (2.0 / (double) taps);
  int    co;

  for (co = 0; co < cv->c_out; co++)
    {
      float *f = cv->weight + co * taps;
      double mean = 0.0;
      size_t k;

      for (k = 0; k < taps; k++)
        {
          f[k] = (float) (stddev * nst_rng_normal (rng));
          mean += f[k];
        }
      mean /= (double) taps;
      for (k = 0; k < taps; k++)
        f[k] -= (float) mean;
    }
}

nst_status
nst_model_new_builtin (nst_model **model, nst_error *err)
{
  nst_model *m;
  nst_rng    rng;
  int        i, c_in = 3;

  *model = NULL;
  nst_error_clear (err);
  m = nst_model_alloc ();
  if (m == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory for the network.");

  nst_rng_init (&rng, BUILTIN_SEED);
  m->builtin = 1;
  m->n_convs = NST_VGG_N_CONVS;
  for (i = 0; i < 3; i++)
    {
      m->mean[i] = 0.45f;
      m->std[i] = 0.25f;
    }
  m->default_style_layers = "relu1_1,relu2_1,relu3_1,relu4_1";
  m->default_content_layers = "relu4_2";

  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      nst_conv_weights *cv = &m->conv[i];

      cv->c_in = c_in;
      cv->c_out = builtin_width[i];
      cv->weight = nst_alloc_large ((size_t) cv->c_out * cv->c_in * 9 * sizeof (float));
      cv->bias = calloc (cv->c_out, sizeof (float));
      if (cv->weight == NULL || cv->bias == NULL)
        {
          nst_model_free (m);
          return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                                "Not enough memory for the network.");
        }
      builtin_fill_conv (cv, &rng);
      c_in = cv->c_out;
    }
  *model = m;
  return NST_STATUS_OK;
}
