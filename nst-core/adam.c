/* adam.c - Adam (Kingma & Ba) over the image, with the pixels kept in
 * [0, 1] after each step: cheaper per iteration than L-BFGS's line search
 * and steadier on very large images. */
#include "nst-private.h"

#include <math.h>
#include <stdlib.h>

nst_status
nst_optimize_adam (nst_objective *objective, float *x, size_t n, int iterations,
                   float learning_rate, nst_iterate_fn fn, void *user_data,
                   nst_error *err)
{
  const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  float       *g = malloc (n * sizeof (float));
  float       *m = calloc (n, sizeof (float));
  float       *v = calloc (n, sizeof (float));
  nst_status   status = NST_STATUS_OK;
  int          it;

  if (g == NULL || m == NULL || v == NULL)
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                              "Not enough memory for the optimiser.");
      goto out;
    }

  for (it = 1; it <= iterations; it++)
    {
      nst_loss_terms terms;
      double         c1 = 1.0 - pow (beta1, it), c2 = 1.0 - pow (beta2, it);
      size_t         i;

      nst_objective_evaluate (objective, x, g, &terms);
      if (! isfinite (terms.total))
        {
          status = nst_error_set (err, NST_STATUS_INTERNAL,
                                  "The optimisation diverged (the loss became NaN); "
                                  "try lower weights.");
          goto out;
        }
      for (i = 0; i < n; i++)
        {
          double mh, vh, xi;

          m[i] = (float) (beta1 * m[i] + (1.0 - beta1) * g[i]);
          v[i] = (float) (beta2 * v[i] + (1.0 - beta2) * (double) g[i] * g[i]);
          mh = m[i] / c1;
          vh = v[i] / c2;
          xi = x[i] - learning_rate * mh / (sqrt (vh) + eps);
          x[i] = (float) (xi < 0.0 ? 0.0 : (xi > 1.0 ? 1.0 : xi));
        }
      if (fn != NULL && ! fn (it, it, 0, x, &terms, user_data))
        {
          status = nst_error_set (err, NST_STATUS_ABORTED, "Cancelled.");
          goto out;
        }
    }

out:
  free (g);
  free (m);
  free (v);
  return status;
}
