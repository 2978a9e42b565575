/* calibrate.c - this machine's speed, measured: seconds per evaluation
 * of the objective (one forward + backward pass) at a few sizes, and a
 * job's plan turned into seconds with them.
 *
 * Measured, never assumed: the kernels change (im2col, Winograd, other
 * libraries), and so do the machines.  The sizes are small so the whole
 * calibration takes a few seconds; how the time grows beyond them is
 * the line through the points (see nst_calibration_evaluation_seconds()
 * and tests/bench/time-estimate.c for how well that holds at 512 and
 * 1024 px). */
#include "nst-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The sides measured, smallest first (pixel counts evenly spread), and
 * the timed evaluations at each after one untimed warm-up.  The fastest
 * is kept: a neighbour's burst of work slows a sample, nothing speeds
 * one up.  362 px is there because the time per pixel grows again above
 * 256 px (512 and 1024 px were predicted 20-30% short without it).
 * Quiet 2-core machine, built-in network: about 5 s in all. */
static const int calibration_side[NST_CALIBRATION_POINTS] = { 128, 181, 256, 362 };
#define CALIBRATION_REPEATS 2

/* A deterministic picture with edges, gradients and noise, so the
 * network sees photo-like activations rather than zeros. */
static void
synthetic_image (nst_image *im, uint64_t seed)
{
  nst_rng rng;
  int     x, y, c;

  nst_rng_init (&rng, seed);
  for (y = 0; y < im->height; y++)
    for (x = 0; x < im->width; x++)
      for (c = 0; c < 3; c++)
        {
          double wave = 0.5 + 0.3 * sin ((x * (c + 1) + y * (3 - c)) * 0.05 + (double) seed);
          double edge = ((x / 16 + y / 16) & 1) ? 0.1 : -0.1;

          im->data[((size_t) y * im->width + x) * 3 + c] =
            (float) (wave + edge + 0.1 * (nst_rng_uniform (&rng) - 0.5));
        }
}

static int
compare_doubles (const void *a, const void *b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

/* Where the objective is evaluated: any image away from the content,
 * so the gradient is not zero (the time does not depend on it). */
static void
start_point (int side, float *x)
{
  size_t n = (size_t) 3 * side * side, i;

  for (i = 0; i < n; i++)
    x[i] = 0.5f + 0.2f * (float) sin ((double) i * 0.001);
}

nst_status
nst_calibration_measure (const nst_model *model, int threads, int side,
                         const nst_image *content, const nst_style *style,
                         double *setup_seconds, double *evaluation_seconds,
                         double *cpu_share, nst_error *err)
{
  nst_params     p = nst_params_default ();
  nst_objective *obj = NULL;
  double         t[CALIBRATION_REPEATS], t0, c0, wall = 0.0, cpu = 0.0;
  int            workers;
  float         *x, *grad;
  nst_status     status;
  int            r;

  p.threads = threads;
  x = malloc ((size_t) 3 * side * side * sizeof (float));
  grad = malloc ((size_t) 3 * side * side * sizeof (float));
  if (x == NULL || grad == NULL)
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY, "Not enough memory to calibrate.");
      goto out;
    }
  start_point (side, x);
  t0 = nst_time_now ();
  status = nst_objective_new (model, content, style, 1, &p, side, side, &obj, err);
  if (status != NST_STATUS_OK)
    goto out;
  *setup_seconds = nst_time_now () - t0;

  nst_objective_evaluate (obj, x, grad, NULL);   /* warm-up: caches, pages, threads */
  for (r = 0; r < CALIBRATION_REPEATS; r++)
    {
      c0 = nst_cpu_time_now ();
      t0 = nst_time_now ();
      nst_objective_evaluate (obj, x, grad, NULL);
      t[r] = nst_time_now () - t0;
      cpu += nst_cpu_time_now () - c0;
      wall += t[r];
    }
  qsort (t, CALIBRATION_REPEATS, sizeof t[0], compare_doubles);
  *evaluation_seconds = t[0];
  /* other threads of the process (a GUI) count too: a share above 1 is
   * possible and means nothing was taken from us */
  workers = nst_workers_size (nst_objective_pool (obj));
  *cpu_share = wall > 0.0 && cpu >= 0.0 && workers > 0 ? cpu / (wall * workers) : 1.0;

out:
  nst_objective_free (obj);
  free (x);
  free (grad);
  return status;
}

nst_status
nst_calibrate (const nst_model *model, int threads,
               nst_continue_fn keep_going, void *user_data,
               nst_calibration *calibration, nst_error *err)
{
  int        side = calibration_side[NST_CALIBRATION_POINTS - 1], i;
  double     share = 1.0;
  nst_image  content = { 0 }, style_image = { 0 };
  nst_style  style = { &style_image, 1.0f, NULL, NULL };
  nst_status status;

  memset (calibration, 0, sizeof *calibration);
  nst_error_clear (err);
  if (model == NULL || threads < 0)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT, "Nothing to calibrate.");
  if ((status = nst_image_init (&content, side, side, err)) != NST_STATUS_OK
      || (status = nst_image_init (&style_image, side, side, err)) != NST_STATUS_OK)
    goto out;
  synthetic_image (&content, 1);
  synthetic_image (&style_image, 2);

  calibration->version = NST_CALIBRATION_VERSION;
  calibration->threads = threads;
  calibration->cpu_share = 1.0;
  for (i = 0; i < NST_CALIBRATION_POINTS; i++)
    {
      if (keep_going != NULL && ! keep_going (user_data))
        {
          status = nst_error_set (err, NST_STATUS_ABORTED, "The calibration was stopped.");
          goto out;
        }
      side = calibration_side[i];
      calibration->pixels[i] = (double) side * side;
      status = nst_calibration_measure (model, threads, side, &content, &style,
                                        &calibration->setup_seconds[i],
                                        &calibration->evaluation_seconds[i], &share, err);
      if (status != NST_STATUS_OK)
        goto out;
      if (share < calibration->cpu_share)
        calibration->cpu_share = share;
    }
  calibration->n_points = NST_CALIBRATION_POINTS;

out:
  if (status != NST_STATUS_OK)
    calibration->n_points = 0;
  nst_image_clear (&content);
  nst_image_clear (&style_image);
  return status;
}
