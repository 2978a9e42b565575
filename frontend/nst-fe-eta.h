/* nst-fe-eta.h - the time a run has left, for people.
 *
 * The plan (nst_estimate_job()) and this machine's calibration say how
 * long the rest should take; the run's own pace so far says how much
 * faster or slower this machine is today (other work, thermal limits, a
 * kernel the small calibration sizes do not use).  The two are blended:
 * the measured pace counts as much as the calibration once
 * NST_FE_ETA_TRUST_SECONDS of predicted work are done, so the time
 * left follows the run without jumping on one slow iteration.  Without a
 * calibration the time left is the run's own pace alone, in pixels x
 * evaluations.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_ETA_H
#define NST_FE_ETA_H

#include <glib.h>

#include "nst.h"

G_BEGIN_DECLS

/* Predicted seconds of work after which the run's measured pace weighs
 * as much as the calibration. */
#define NST_FE_ETA_TRUST_SECONDS 15.0

typedef struct
{
  nst_calibration calibration;   /* not calibrated: the run's pace alone */
  gboolean        calibrated;
  nst_estimate    estimate;
  gint            level;         /* the last progress seen */
  gint            evaluations;
  gdouble         predicted_done;/* calibrated seconds of the work done so far */
} NstFeEta;

/* Start following a run of plan `estimate` with `calibration` (NULL or
 * not calibrated: none). */
void      nst_fe_eta_init            (NstFeEta              *eta,
                                      const nst_calibration *calibration,
                                      const nst_estimate    *estimate);

/* Take one progress callback's numbers; returns the seconds left, or < 0
 * while unknown. */
gdouble   nst_fe_eta_update          (NstFeEta              *eta,
                                      const nst_progress    *progress);

/* A duration for people: "40 s", "3 min", "1 h 20 min", translated.
 * g_free() it. */
gchar    *nst_fe_format_duration     (gdouble                seconds);

G_END_DECLS

#endif /* NST_FE_ETA_H */
