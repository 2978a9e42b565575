/* time-model.c - a job's plan in seconds, from a calibration: the
 * measured seconds per evaluation and per level set-up as lines in the
 * pixel count, times the evaluations each level is expected to take. */
#include "nst-private.h"

/* The least-squares slope through n points, 0 when it is not positive. */
static double
fitted_slope (const double *x, const double *y, int n)
{
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, d;
  int    i;

  for (i = 0; i < n; i++)
    {
      sx += x[i];
      sy += y[i];
      sxx += x[i] * x[i];
      sxy += x[i] * y[i];
    }
  d = n * sxx - sx * sx;
  return n > 1 && d > 0.0 && n * sxy - sx * sy > 0.0 ? (n * sxy - sx * sy) / d : 0.0;
}

/* The time at `at` from n measured points (x ascending): straight lines
 * between neighbouring points; beyond the last, its last segment's slope
 * or the least-squares slope of all, whichever is steeper (time per pixel
 * grows again at large sizes, where the activations leave the caches, so
 * the larger points say more about what lies beyond; noise that flattens
 * the last segment falls back on all of them); below the first, the
 * first segment, never under the points' smallest time per pixel, so a
 * small image is not free. */
static double
line_at (const double *x, const double *y, int n, double at)
{
  double floor_per_x, slope, v;
  int    i;

  if (n < 2)
    return n == 1 ? y[0] / x[0] * at : 0.0;
  if (at >= x[n - 1])
    {
      double fitted = fitted_slope (x, y, n);

      slope = (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]);
      return y[n - 1] + (slope > fitted ? slope : fitted) * (at - x[n - 1]);
    }
  for (i = 1; i < n - 1 && at > x[i]; i++)
    ;
  /* x[i-1] <= at <= x[i], or below x[0] on the first segment */
  v = y[i - 1] + (y[i] - y[i - 1]) / (x[i] - x[i - 1]) * (at - x[i - 1]);
  floor_per_x = y[0] / x[0];
  for (i = 1; i < n; i++)
    if (y[i] / x[i] < floor_per_x)
      floor_per_x = y[i] / x[i];
  return v > floor_per_x * at ? v : floor_per_x * at;
}

static int
calibrated (const nst_calibration *calibration)
{
  return calibration != NULL && calibration->n_points > 0;
}

double
nst_calibration_evaluation_seconds (const nst_calibration *calibration, double pixels)
{
  if (! calibrated (calibration))
    return -1.0;
  return line_at (calibration->pixels, calibration->evaluation_seconds,
                  calibration->n_points, pixels);
}

double
nst_calibration_setup_seconds (const nst_calibration *calibration, double pixels)
{
  if (! calibrated (calibration))
    return -1.0;
  return line_at (calibration->pixels, calibration->setup_seconds,
                  calibration->n_points, pixels);
}

/* Seconds of `fraction` (0..1) of level i's evaluations, plus its set-up
 * when `setup`. */
static double
level_seconds (const nst_calibration *calibration, const nst_estimate *estimate,
               int i, double fraction, int setup)
{
  double pixels = (double) estimate->level_width[i] * estimate->level_height[i];
  double s = fraction * estimate->level_evaluations[i]
             * nst_calibration_evaluation_seconds (calibration, pixels);

  return setup ? s + nst_calibration_setup_seconds (calibration, pixels) : s;
}

double
nst_calibration_job_seconds (const nst_calibration *calibration,
                             const nst_estimate *estimate)
{
  double s = 0.0;
  int    i;

  if (! calibrated (calibration) || estimate == NULL)
    return -1.0;
  for (i = 0; i < estimate->n_levels && i < NST_MAX_LEVELS; i++)
    s += level_seconds (calibration, estimate, i, 1.0, 1);
  return s;
}

double
nst_calibration_remaining_seconds (const nst_calibration *calibration,
                                   const nst_estimate *estimate,
                                   const nst_progress *progress)
{
  int    level = progress->level - 1, i;
  double left = 0.0, s;

  if (! calibrated (calibration) || estimate == NULL)
    return -1.0;
  if (level < 0)
    level = 0;
  if (level < estimate->n_levels && progress->n_iterations > 0)
    {
      double part = (double) (progress->n_iterations - progress->iteration)
                    / progress->n_iterations;

      left = part < 0.0 ? 0.0 : part;
    }
  s = level < estimate->n_levels ? level_seconds (calibration, estimate, level, left, 0) : 0.0;
  for (i = level + 1; i < estimate->n_levels && i < NST_MAX_LEVELS; i++)
    s += level_seconds (calibration, estimate, i, 1.0, 1);
  return s;
}
