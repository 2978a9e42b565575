/* nst-fe-eta.c - the time a run has left, for people.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <string.h>

#include "nst-fe-eta.h"
#include "nst-fe-intl.h"

/* The measured pace may say at most this much faster or slower than the
 * calibration (a clock jump or a stalled first iteration otherwise
 * scales the whole estimate). */
#define PACE_LIMIT 10.0

void
nst_fe_eta_init (NstFeEta              *eta,
                 const nst_calibration *calibration,
                 const nst_estimate    *estimate)
{
  gint i;

  memset (eta, 0, sizeof (*eta));
  eta->estimate = *estimate;
  eta->calibrated = calibration != NULL && calibration->n_points > 0;
  if (eta->calibrated)
    {
      eta->calibration = *calibration;
      return;
    }
  /* A unit model, 1 s per pixel per evaluation: the plan in pixel
   * evaluations, turned into seconds by the run's pace alone. */
  eta->calibration.n_points = NST_CALIBRATION_POINTS;
  for (i = 0; i < NST_CALIBRATION_POINTS; i++)
    {
      eta->calibration.pixels[i] = 1.0 + i;
      eta->calibration.evaluation_seconds[i] = 1.0 + i;
      eta->calibration.setup_seconds[i] = 0.0;
    }
}

/* Pixels of 1-based `level` of the plan (the last when past it). */
static gdouble
level_pixels (const nst_estimate *estimate,
              gint                level)
{
  gint i = CLAMP (level - 1, 0, MAX (estimate->n_levels - 1, 0));

  return (gdouble) estimate->level_width[i] * estimate->level_height[i];
}

gdouble
nst_fe_eta_update (NstFeEta           *eta,
                   const nst_progress *progress)
{
  gdouble pixels = level_pixels (&eta->estimate, progress->level);
  gdouble plan, pace, trust;

  if (progress->level != eta->level)
    {
      eta->predicted_done += nst_calibration_setup_seconds (&eta->calibration, pixels);
      eta->level = progress->level;
    }
  eta->predicted_done += MAX (progress->evaluations - eta->evaluations, 0)
                         * nst_calibration_evaluation_seconds (&eta->calibration, pixels);
  eta->evaluations = progress->evaluations;

  plan = nst_calibration_remaining_seconds (&eta->calibration, &eta->estimate, progress);
  if (plan < 0.0 || eta->predicted_done <= 0.0 || progress->elapsed_seconds <= 0.0)
    return eta->calibrated ? plan : -1.0;

  pace = CLAMP (progress->elapsed_seconds / eta->predicted_done, 1.0 / PACE_LIMIT, PACE_LIMIT);
  if (! eta->calibrated)
    return plan * progress->elapsed_seconds / eta->predicted_done;
  trust = eta->predicted_done / (eta->predicted_done + NST_FE_ETA_TRUST_SECONDS);
  return plan * ((1.0 - trust) + trust * pace);
}

gchar *
nst_fe_format_duration (gdouble seconds)
{
  gint s = (gint) (MIN (seconds, 1e8) + 0.5);
  gint minutes = (s + 30) / 60;

  if (s < 90)
    return g_strdup_printf (_("%d s"), MAX (s, 1));
  if (s < 90 * 60)
    return g_strdup_printf (_("%d min"), minutes);
  return g_strdup_printf (_("%d h %d min"), minutes / 60, minutes % 60);
}
