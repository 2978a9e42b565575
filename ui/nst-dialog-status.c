/* nst-dialog-status.c - the dialog's status line: model and estimate.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-dialog-status.h"
#include "nst-fe-eta.h"
#include "nst-fe-intl.h"
#include "nst-fe-mapping.h"
#include "nst-fe-model.h"

static gchar *
model_line (const NstFeParams   *params,
            NstPreview          *preview)
{
  const gchar *loaded = NULL;
  GError      *error = NULL;
  gchar       *path = NULL;
  gchar       *line;

  if (preview != NULL && nst_preview_get_model (preview, &loaded) != NULL)
    path = g_strdup (loaded);
  else if (! nst_fe_model_locate (params->model_path, &path, &error))
    {
      line = g_strdup (error->message);
      g_error_free (error);
      return line;
    }

  if (path == NULL)
    return nst_fe_model_builtin_notice ();

  line = g_strdup_printf (_("Model: VGG-19 from %s."), path);
  g_free (path);
  return line;
}

static const NstDialogLayer *
find_layer (const NstDialogHost *host,
            gint32               id)
{
  guint i;

  for (i = 0; i < host->n_layers; i++)
    if (host->layers[i].id == id)
      return &host->layers[i];
  return NULL;
}

static gchar *
estimate_line (const NstFeParams   *params,
               const NstDialogHost *host,
               NstPreview          *preview)
{
  const nst_model *model = preview ? nst_preview_get_model (preview, NULL) : NULL;
  nst_params       p = nst_fe_params_to_engine (params);
  float            unused = 0.0f;
  nst_image        sizes[NST_FE_MAX_STYLES];
  nst_mask         region = { host->content_width, host->content_height, &unused };
  nst_style        styles[NST_FE_MAX_STYLES];
  gint             n = nst_fe_params_n_styles (params), i;
  nst_estimate     estimate;
  nst_error        err;
  const nst_calibration *calibration = preview ? nst_preview_get_calibration (preview) : NULL;
  gchar           *duration;
  gchar           *line;

  if (model == NULL)
    return g_strdup (_("Final run: estimate once the preview has loaded the model."));

  /* The estimate reads the styles' sizes only, but wants images, and
   * whether regions are used.  Whole style layers: a style taken from a
   * selection is smaller, so the estimate is then an upper bound. */
  for (i = 0; i < n; i++)
    {
      const NstDialogLayer *layer = find_layer (host, nst_fe_params_style_id (params, i));

      if (layer == NULL)
        return g_strdup (_("Final run: estimate once the preview has loaded the model."));
      sizes[i].width = layer->width;
      sizes[i].height = layer->height;
      sizes[i].data = &unused;
      styles[i].image = &sizes[i];
      styles[i].weight = (float) nst_fe_params_style_weight (params, i);
      styles[i].region = nst_fe_params_style_region (params, i) != -1 ? &region : NULL;
      styles[i].selection = NULL;
    }
  if (nst_estimate_job (model, host->content_width, host->content_height,
                        styles, n, &p, &estimate, &err) != NST_STATUS_OK)
    return g_strdup_printf (_("Final run: no estimate (%s)."), err.message);

  if (calibration == NULL)
    return g_strdup (_("Final run: measuring this machine's speed..."));

  duration = nst_fe_format_duration (nst_calibration_job_seconds (calibration, &estimate));
  line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Final run: about %s and %.0f MiB at %d x %d px, "
                                       "%d level.",
                                       "Final run: about %s and %.0f MiB at %d x %d px, "
                                       "%d levels.", estimate.n_levels),
                          duration, estimate.peak_bytes / (1024.0 * 1024.0),
                          estimate.work_width, estimate.work_height, estimate.n_levels);
  g_free (duration);
  return line;
}

gchar *
nst_dialog_status_text (const NstFeParams   *params,
                        const NstDialogHost *host,
                        NstPreview          *preview)
{
  gchar *model = model_line (params, preview);
  gchar *estimate = estimate_line (params, host, preview);
  gchar *text = g_strdup_printf ("%s\n%s", model, estimate);

  g_free (model);
  g_free (estimate);
  return text;
}
