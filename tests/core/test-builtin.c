/* test-builtin.c - the built-in network is the same numbers on every
 * machine: its weights, filled by several threads, equal one stream of
 * splitmix64 Box-Muller normals drawn in order on one thread (He-scaled,
 * each filter made zero-mean), and nst_rng_skip lands where drawing
 * would. */
#include "test-util.h"

#include <math.h>
#include <stdlib.h>

#define BUILTIN_SEED 0x4e53542d56474731ULL   /* as model-builtin.c */

int
main (void)
{
  nst_model *m = NULL;
  nst_error  err;
  nst_rng    a, b;
  size_t     bad = 0, total = 0;
  uint64_t   k;
  int        i, co;

  nst_rng_init (&a, 42);
  nst_rng_init (&b, 42);
  for (k = 0; k < 1001; k++)
    nst_rng_next (&a);
  nst_rng_skip (&b, 1001);
  CHECK (nst_rng_next (&a) == nst_rng_next (&b), "skipping 1001 draws lands where drawing them does");

  CHECK (nst_model_new_builtin (&m, &err) == NST_STATUS_OK, "the built-in network is made");
  if (m == NULL)
    return 1;
  nst_rng_init (&a, BUILTIN_SEED);
  for (i = 0; i < m->n_convs; i++)
    {
      const nst_conv_weights *cv = &m->conv[i];
      size_t  taps = (size_t) cv->c_in * 9;
      double  stddev = sqrt (2.0 / (double) taps);
      float  *f = malloc (taps * sizeof (float));

      for (co = 0; co < cv->c_out; co++)
        {
          double mean = 0.0;
          size_t t;

          for (t = 0; t < taps; t++)
            {
              f[t] = (float) (stddev * nst_rng_normal (&a));
              mean += f[t];
            }
          mean /= (double) taps;
          for (t = 0; t < taps; t++)
            {
              f[t] -= (float) mean;
              bad += f[t] != cv->weight[co * taps + t];
              total++;
            }
        }
      free (f);
    }
  CHECK (bad == 0, "all %zu weights equal the single-thread stream (%zu differ)", total, bad);
  bad = 0;
  total = 0;
  for (i = 0; i < m->n_convs; i++)
    for (co = 0; co < m->conv[i].c_out; co++, total++)
      bad += m->conv[i].bias[co] != 0.3f;
  CHECK (bad == 0, "all %zu biases are 0.3 (%zu differ)", total, bad);
  {
    nst_model_info info;

    nst_model_get_info (m, &info);
    CHECK (info.style_gain == 40.0f / 3.0f, "the style gain is 40/3 (%g)",
           (double) info.style_gain);
    CHECK (info.default_style_bands == 3 && info.default_style_tiles == 1,
           "the style is compared in 3 luminance bands (%d) and no tiles (%d)",
           info.default_style_bands, info.default_style_tiles);
    CHECK (info.default_init == NST_INIT_SYNTHESIS,
           "a run starts from the guided patch synthesis (%d)", (int) info.default_init);
  }
  nst_model_free (m);

  return check_finish ("builtin");
}
