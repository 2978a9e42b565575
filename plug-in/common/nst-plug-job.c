/* nst-plug-job.c - one stylisation run, in GLib terms.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-job.h"
#include "nst-plug-mapping.h"

gboolean
nst_plug_job_run (const nst_model     *model,
                  const NstPlugParams *params,
                  const nst_image     *content,
                  const nst_image     *style,
                  nst_progress_fn      progress,
                  gpointer             user_data,
                  nst_image           *output,
                  GError             **error)
{
  nst_params p = nst_plug_params_to_engine (params);
  nst_style  s = { style, 1.0f, NULL };
  nst_error  err;
  nst_status status;

  p.progress = progress;
  p.user_data = user_data;

  status = nst_image_init (output, content->width, content->height, &err);
  if (status == NST_STATUS_OK)
    status = nst_stylize (model, content, &s, 1, &p, output, &err);

  if (status == NST_STATUS_OK)
    return TRUE;

  nst_image_clear (output);

  if (status == NST_STATUS_ABORTED)
    g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_CANCELLED,
                         _("Neural style transfer was cancelled."));
  else
    g_set_error (error, NST_PLUG_ERROR, NST_PLUG_ERROR_ENGINE,
                 _("Neural style transfer failed: %s"), err.message);
  return FALSE;
}

gchar *
nst_plug_progress_text (const nst_progress *progress)
{
  return g_strdup_printf (_("Neural style: level %d/%d, iteration %d/%d"),
                          progress->level, progress->n_levels,
                          progress->iteration, progress->n_iterations);
}
