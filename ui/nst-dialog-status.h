/* nst-dialog-status.h - the dialog's status line: model and estimate.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_DIALOG_STATUS_H
#define NST_DIALOG_STATUS_H

#include "nst-dialog.h"
#include "nst-preview.h"

G_BEGIN_DECLS

/* The engine's speed assumed until a preview has measured it, GFLOP/s.
 * Measured with the built-in network on the 2-core development machine
 * (the preview's own rate, see README "The dialog"). */
#define NST_DIALOG_ASSUMED_GFLOPS 20.0

/* Which model a run uses (and, for the built-in network, how to get the
 * real one), then the final run's time and memory for `params`, from
 * nst_estimate_job() and the speed the preview measured.  `preview` may
 * be NULL.  g_free() the result. */
gchar *nst_dialog_status_text (const NstPlugParams *params,
                               const NstDialogHost *host,
                               NstPreview          *preview);

/* A duration for people: "40 s", "3 min", "1 h 20 min".  g_free() it. */
gchar *nst_dialog_format_duration (gdouble seconds);

G_END_DECLS

#endif /* NST_DIALOG_STATUS_H */
