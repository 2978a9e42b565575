/* time-model.c - a job's plan in seconds, from a calibration: the
 * measured seconds per evaluation and per level set-up as lines in the
 * pixel count, times the evaluations each level is expected to take. */
#include "nst-private.h"

/* The least-squares line a + b x through n points, evaluated at `at`.
 * With a negative intercept (time per pixel growing with size) the line
 * is held at the points' smallest time per pixel, so a small image is
 * not free; a slope that is not positive (noise) gives way to the line
 * through the origin and the points' centre. */
static double
line_at (const double *x, const double *y, int n, double at)
{
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, a, b, floor_per_x;
  int    i;

  for (i = 0; i < n; i++)
    {
      sx += x[i];
      sy += y[i];
      sxx += x[i] * x[i];
      sxy += x[i] * y[i];
    }
  b = n > 1 && n * sxx - sx * sx > 0.0 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0.0;
  a = (sy - b * sx) / n;
  if (b <= 0.0)
    return sy / sx * at;
  if (a >= 0.0)
    return a + b * at;
  floor_per_x = y[0] / x[0];
  for (i = 1; i < n; i++)
    if (y[i] / x[i] < floor_per_x)
      floor_per_x = y[i] / x[i];
  return a + b * at > floor_per_x * at ? a + b * at : floor_per_x * at;
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
