/* nst-plug-run.c - one run of plug-in-neural-style, start to end.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-job.h"
#include "nst-plug-model.h"
#include "nst-plug-pixels.h"
#include "nst-plug-run.h"

gboolean
nst_plug_content_rect (const NstPlugHost  *host,
                       gint32              drawable,
                       GeglRectangle      *rect,
                       GError            **error)
{
  if (host->item_is_group (drawable))
    {
      g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                           _("A layer group cannot be stylised; pick a layer inside it."));
      return FALSE;
    }

  if (! host->mask_intersect (drawable, rect))
    {
      g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                           _("The selection does not touch the layer: nothing to stylise."));
      return FALSE;
    }

  return TRUE;
}

gboolean
nst_plug_read (const NstPlugHost    *host,
               gint32                drawable,
               const GeglRectangle  *rect,
               nst_image            *rgb,
               gfloat              **alpha,
               GError              **error)
{
  GeglBuffer *buffer = host->get_buffer (drawable);
  gboolean    ok;

  ok = nst_plug_pixels_read (buffer, rect, rgb, alpha, error);
  g_object_unref (buffer);
  return ok;
}

gboolean
nst_plug_read_style (const NstPlugHost  *host,
                     gint32              id,
                     nst_image          *rgb,
                     GError            **error)
{
  GeglBuffer    *buffer;
  GeglRectangle  rect;
  gboolean       ok;

  /* A channel or a layer mask is a drawable too, but not a picture to
   * take a style from (tests/plugin/case-bad-inputs.sh). */
  if (! host->item_is_layer (id))
    {
      g_set_error (error, NST_PLUG_ERROR, NST_PLUG_ERROR_INVALID_ARGUMENT,
                   _("Argument 'style-drawable' is %d, which is not a layer "
                     "of an open image."), id);
      return FALSE;
    }

  buffer = host->get_buffer (id);
  rect = *gegl_buffer_get_extent (buffer);
  ok = nst_plug_pixels_read (buffer, &rect, rgb, NULL, error);
  g_object_unref (buffer);
  return ok;
}

/* Once per engine iteration.  GIMP's own Cancel ends this process, so
 * there is nothing to ask: the run always goes on. */
static int
on_progress (const nst_progress *progress,
             void               *user_data)
{
  const NstPlugHost *host = user_data;
  gchar             *text = nst_plug_progress_text (progress);

  host->progress_update (text, progress->fraction);
  g_free (text);
  return 1;
}

static void
announce_builtin (const NstPlugHost *host,
                  gboolean           interactive)
{
  gchar *notice = nst_plug_model_builtin_notice ();

  if (interactive)
    host->message (notice);
  else
    g_printerr ("neural-style: %s\n", notice);
  g_free (notice);
}

/* A copy of `drawable` above it, named after it, or -1. */
static gint32
add_result_layer (const NstPlugHost  *host,
                  gint32              image,
                  gint32              drawable,
                  GError            **error)
{
  gchar  *original = host->item_get_name (drawable);
  gchar  *name = g_strdup_printf (_("%s (neural style)"), original);
  gint32  layer = host->add_copy_above (image, drawable, name);

  g_free (name);
  g_free (original);

  if (layer == -1)
    g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                         _("Could not add a layer for the result."));
  return layer;
}

/* The result into `rect` of `target` through its shadow buffer: GIMP
 * blends it with the selection (feathering included) as it merges. */
static gboolean
write_shadow (const NstPlugHost    *host,
              gint32                target,
              const GeglRectangle  *rect,
              const nst_image      *rgb,
              const gfloat         *alpha,
              GError              **error)
{
  GeglBuffer *shadow = host->get_shadow_buffer (target);
  gboolean    ok = nst_plug_pixels_write (shadow, rect, rgb, alpha, error);

  gegl_buffer_flush (shadow);
  g_object_unref (shadow);

  if (ok)
    host->merge_shadow (target, rect);
  return ok;
}

/* Write the result as one undo step: into `drawable`, or into a new layer
 * above it.  A failed write leaves no new layer behind. */
static gboolean
write_output (const NstPlugHost    *host,
              gint32                image,
              gint32                drawable,
              const NstPlugParams  *params,
              const GeglRectangle  *rect,
              const nst_image      *rgb,
              const gfloat         *alpha,
              GError              **error)
{
  gint32   target = drawable;
  gboolean ok = FALSE;

  host->undo_group_start (image);

  if (params->output_mode == NST_PLUG_OUTPUT_NEW_LAYER &&
      (target = add_result_layer (host, image, drawable, error)) == -1)
    goto out;

  ok = write_shadow (host, target, rect, rgb, alpha, error);

  if (! ok && target != drawable)
    host->remove_layer (image, target);

out:
  host->undo_group_end (image);
  return ok;
}

gboolean
nst_plug_run (const NstPlugHost   *host,
              gint32               image,
              gint32               drawable,
              const NstPlugParams *params,
              gboolean             interactive,
              GError             **error)
{
  NstPlugModel  model = { NULL, NULL };
  nst_image     content = { 0, 0, NULL };
  nst_image     style = { 0, 0, NULL };
  nst_image     output = { 0, 0, NULL };
  gfloat       *alpha = NULL;
  GeglRectangle rect;
  gboolean      progress_shown = FALSE;
  gboolean      ok = FALSE;

  if (! nst_plug_params_validate (params, error) ||
      ! nst_plug_read_style (host, params->style_drawable, &style, error) ||
      ! nst_plug_content_rect (host, drawable, &rect, error) ||
      ! nst_plug_model_open (params->model_path, &model, error))
    goto out;

  if (model.path == NULL)
    announce_builtin (host, interactive);

  if (! nst_plug_read (host, drawable, &rect, &content, &alpha, error))
    goto out;

  progress_shown = host->progress_init (_("Neural style transfer"));
  if (! nst_plug_job_run (model.model, params, &content, &style,
                          on_progress, (gpointer) host, &output, error))
    goto out;

  ok = write_output (host, image, drawable, params, &rect, &output, alpha, error);

out:
  if (progress_shown)
    host->progress_end ();
  nst_image_clear (&output);
  nst_image_clear (&content);
  nst_image_clear (&style);
  g_free (alpha);
  nst_plug_model_close (&model);
  return ok;
}
