/* nst-plug-job.c - one stylisation run, in GLib terms.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <string.h>
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

void
nst_plug_styles_clear (NstPlugStyles *styles)
{
  gint i;

  for (i = 0; i < NST_PLUG_MAX_STYLES; i++)
    {
      nst_image_clear (&styles->image[i]);
      g_free (styles->selection[i].data);
      g_free (styles->region[i].data);
    }
  memset (styles, 0, sizeof (*styles));
}

gboolean
nst_plug_job_stylize (const nst_model     *model,
                      const NstPlugParams *params,
                      const nst_image     *content,
                      const NstPlugStyles *styles,
                      const nst_image     *init,
                      nst_progress_fn      progress,
                      gpointer             user_data,
                      nst_image           *output,
                      GError             **error)
{
  nst_params p = nst_plug_params_to_engine (params);
  nst_style  s[NST_PLUG_MAX_STYLES];
  nst_error  err;
  nst_status status;
  gint       i;

  for (i = 0; i < styles->n; i++)
    {
      s[i].image = &styles->image[i];
      s[i].weight = styles->weight[i];
      s[i].region = styles->region[i].data != NULL ? &styles->region[i] : NULL;
      s[i].selection = styles->selection[i].data != NULL ? &styles->selection[i] : NULL;
    }

  p.progress = progress;
  p.user_data = user_data;
  p.memory_limit = memory_limit ();
  if (init != NULL)
    {
      p.init = NST_INIT_IMAGE;
      p.init_image = init;
    }

  status = nst_image_init (output, content->width, content->height, &err);
  if (status == NST_STATUS_OK)
    status = nst_stylize (model, content, s, styles->n, &p, output, &err);

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
  NstPlugStyles one = { 0 };

  /* Borrowed, not owned: never cleared. */
  one.n = 1;
  one.image[0] = *style;
  one.weight[0] = 1.0f;
  return nst_plug_job_stylize (model, params, content, &one, NULL, progress, user_data,
                               output, error);
}

gchar *
nst_plug_progress_text (const nst_progress *progress)
{
  return g_strdup_printf (_("Neural style: level %d/%d, iteration %d/%d"),
                          progress->level, progress->n_levels,
                          progress->iteration, progress->n_iterations);
}
