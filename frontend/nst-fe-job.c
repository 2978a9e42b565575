/* nst-fe-job.c - one stylisation run, in GLib terms.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <string.h>
#include <unistd.h>

#include "nst-fe-error.h"
#include "nst-fe-eta.h"
#include "nst-fe-intl.h"
#include "nst-fe-job.h"
#include "nst-fe-mapping.h"

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
nst_fe_styles_clear (NstFeStyles *styles)
{
  gint i;

  for (i = 0; i < NST_FE_MAX_STYLES; i++)
    {
      nst_image_clear (&styles->image[i]);
      g_free (styles->selection[i].data);
      g_free (styles->region[i].data);
    }
  memset (styles, 0, sizeof (*styles));
}

static gboolean
mask_copy (nst_mask       *dst,
           const nst_mask *src)
{
  gsize n = (gsize) src->width * src->height;

  if (src->data == NULL)
    return TRUE;
  dst->data = g_try_new (gfloat, MAX (n, 1));
  if (dst->data == NULL)
    return FALSE;
  memcpy (dst->data, src->data, n * sizeof (gfloat));
  dst->width = src->width;
  dst->height = src->height;
  return TRUE;
}

gboolean
nst_fe_styles_copy (NstFeStyles         *dst,
                    const NstFeStyles   *src)
{
  nst_error err;
  gint      i;

  nst_fe_styles_clear (dst);
  dst->n = src->n;
  for (i = 0; i < src->n; i++)
    {
      const nst_image *im = &src->image[i];

      dst->weight[i] = src->weight[i];
      if (nst_image_init (&dst->image[i], im->width, im->height, &err) != NST_STATUS_OK ||
          ! mask_copy (&dst->selection[i], &src->selection[i]) ||
          ! mask_copy (&dst->region[i], &src->region[i]))
        {
          nst_fe_styles_clear (dst);
          return FALSE;
        }
      memcpy (dst->image[i].data, im->data, sizeof (gfloat) * 3 * im->width * im->height);
    }
  return TRUE;
}

void
nst_fe_styles_engine (const NstFeStyles   *styles,
                      nst_style           *out)
{
  gint i;

  for (i = 0; i < styles->n; i++)
    {
      out[i].image = &styles->image[i];
      out[i].weight = styles->weight[i];
      out[i].region = styles->region[i].data != NULL ? &styles->region[i] : NULL;
      out[i].selection = styles->selection[i].data != NULL ? &styles->selection[i] : NULL;
    }
}

gboolean
nst_fe_job_stylize (const nst_model     *model,
                    const NstFeParams   *params,
                    const nst_image     *content,
                    const NstFeStyles   *styles,
                    const nst_image     *init,
                    nst_progress_fn      progress,
                    gpointer             user_data,
                    nst_image           *output,
                    GError             **error)
{
  nst_params p = nst_fe_params_to_engine (params);
  nst_style  s[NST_FE_MAX_STYLES];
  nst_error  err;
  nst_status status;

  nst_fe_styles_engine (styles, s);
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
    g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_CANCELLED,
                         _("Neural style transfer was cancelled."));
  else
    g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_ENGINE,
                 _("Neural style transfer failed: %s"), err.message);
  return FALSE;
}

gchar *
nst_fe_progress_text (const nst_progress *progress,
                      gdouble             seconds_left)
{
  gchar *left, *text;

  if (seconds_left < 0.0)
    return g_strdup_printf (_("Neural style: level %d/%d, iteration %d/%d"),
                            progress->level, progress->n_levels,
                            progress->iteration, progress->n_iterations);

  left = nst_fe_format_duration (seconds_left);
  /* TRANSLATORS: the last %s is a duration such as "40 s" or "3 min" */
  text = g_strdup_printf (_("Neural style: level %d/%d, about %s left"),
                          progress->level, progress->n_levels, left);
  g_free (left);
  return text;
}

gboolean
nst_fe_job_estimate (const nst_model     *model,
                     const NstFeParams   *params,
                     gint                 content_width,
                     gint                 content_height,
                     const NstFeStyles   *styles,
                     nst_estimate        *estimate)
{
  nst_params p = nst_fe_params_to_engine (params);
  nst_style  s[NST_FE_MAX_STYLES];
  nst_error  err;

  nst_fe_styles_engine (styles, s);
  return nst_estimate_job (model, content_width, content_height, s, styles->n, &p,
                           estimate, &err) == NST_STATUS_OK;
}
