/* nst-dialog-status.h - the dialog's status line: model and estimate.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_DIALOG_STATUS_H
#define NST_DIALOG_STATUS_H

#include "nst-dialog.h"
#include "nst-preview.h"

G_BEGIN_DECLS

/* Which model a run uses (and, for the built-in network, how to get the
 * real one), then the final run's time and memory for `params`: the plan
 * of nst_estimate_job() in seconds with this machine's calibration
 * (nst_preview_get_calibration(); "measuring this machine's speed..."
 * until the preview has it).  `preview` may be NULL.  g_free() the result. */
gchar *nst_dialog_status_text (const NstFeParams   *params,
                               const NstDialogHost *host,
                               NstPreview          *preview);

G_END_DECLS

#endif /* NST_DIALOG_STATUS_H */
