/* nst-plug-job.c - one stylisation run, in GLib terms.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <unistd.h>

#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-job.h"
#include "nst-plug-mapping.h"

/* The most memory a run may plan to use: $NST_MEMORY_LIMIT_MB when set,
 * else three quarters of the physical memory (0, no limit, when unknown).
 * The engine refuses a larger job up front, naming a working size that
 * would fit, instead of running the machine into swap. */
static size_t
memory_limit (void)
{
  const gchar *env = g_getenv ("NST_MEMORY_LIMIT_MB");

  if (env != NULL && *env != '\0')
    return (size_t) g_ascii_strtoull (env, NULL, 10) * 1024 * 1024;

#if defined (_SC_PHYS_PAGES) && defined (_SC_PAGESIZE)
  {
    long pages = sysconf (_SC_PHYS_PAGES);
    long page_size = sysconf (_SC_PAGESIZE);

    if (pages > 0 && page_size > 0)
      return (size_t) pages / 4 * 3 * (size_t) page_size;
  }
#endif
  return 0;
}

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
  nst_style  s = { style, 1.0f, NULL, NULL };
  nst_error  err;
  nst_status status;

  p.progress = progress;
  p.user_data = user_data;
  p.memory_limit = memory_limit ();

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
