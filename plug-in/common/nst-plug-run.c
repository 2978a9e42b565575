/* nst-plug-run.c - one run of plug-in-neural-style, start to end.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-fe-calibration.h"
#include "nst-fe-error.h"
#include "nst-fe-eta.h"
#include "nst-fe-intl.h"
#include "nst-fe-job.h"
#include "nst-fe-mapping.h"
#include "nst-fe-model.h"
#include "nst-fe-pixels.h"
#include "nst-plug-run.h"

gboolean
nst_plug_content_rect (const NstPlugHost  *host,
                       gint32              drawable,
                       GeglRectangle      *rect,
                       GError            **error)
{
  if (host->item_is_group (drawable))
    {
      g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
                           _("A layer group cannot be stylised; pick a layer inside it."));
      return FALSE;
    }

  if (! host->mask_intersect (drawable, rect))
    {
      g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
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

  ok = nst_fe_pixels_read (buffer, rect, rgb, alpha, error);
  g_object_unref (buffer);
  return ok;
}

/* What the caller passed as item `id`: the item's name and id when it
 * names a layer, channel or mask (GIMP 3 passes objects, not numbers),
 * else the number.  Free with g_free(). */
static gchar *
item_describe (const NstPlugHost *host,
               gint32             id)
{
  gchar *name, *text;

  if (! host->item_is_layer (id) && ! host->item_is_channel (id))
    return g_strdup_printf ("%d", id);

  name = host->item_get_name (id);
  text = g_strdup_printf (_("'%s' (id %d)"), name, id);
  g_free (name);
  return text;
}

/* FALSE with an error naming the argument when `id` is not a layer. */
static gboolean
check_style_layer (const NstPlugHost  *host,
                   gint32              id,
                   gint                index,
                   GError            **error)
{
  /* A channel or a layer mask is a drawable too, but not a picture to
   * take a style from (tests/plugin/case-bad-inputs.sh). */
  if (host->item_is_layer (id))
    return TRUE;

  if (index == 0 && id == -1)   /* GIMP 3: no drawable given; 2.10: -1 */
    g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                         _("Argument 'style-drawable' names no layer: give the layer "
                           "whose style to take."));
  else
    {
      gchar *what = item_describe (host, id);

      if (index == 0)
        g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                     _("Argument 'style-drawable' is %s, which is not a layer "
                       "of an open image."), what);
      else
        g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                     _("Argument 'more-styles' has %s at entry %d, which is not a layer "
                       "of an open image."), what, index - 1);
      g_free (what);
    }
  return FALSE;
}

/* All of style layer `id` (checked to be a layer). */
static gboolean
read_whole_style (const NstPlugHost  *host,
                  gint32              id,
                  nst_image          *rgb,
                  GError            **error)
{
  GeglBuffer    *buffer = host->get_buffer (id);
  GeglRectangle  rect = *gegl_buffer_get_extent (buffer);
  gboolean       ok;

  ok = nst_fe_pixels_read (buffer, &rect, rgb, NULL, error);
  g_object_unref (buffer);
  return ok;
}

/* `rect` of `drawable` mapped into the coordinates of `other` (both
 * items of one image). */
static GeglRectangle
map_rect (const NstPlugHost   *host,
          gint32               drawable,
          const GeglRectangle *rect,
          gint32               other)
{
  GeglRectangle r = *rect;
  gint          dx, dy, ox, oy;

  host->get_offsets (drawable, &dx, &dy);
  host->get_offsets (other, &ox, &oy);
  r.x += dx - ox;
  r.y += dy - oy;
  return r;
}

/* Read a one-channel drawable (a channel, a mask, the selection) over
 * `rect` given in its own coordinates. */
static gboolean
read_mask (const NstPlugHost    *host,
           gint32                channel,
           const GeglRectangle  *rect,
           nst_mask             *mask,
           GError              **error)
{
  GeglBuffer *buffer = host->get_buffer (channel);
  gboolean    ok = nst_fe_pixels_read_mask (buffer, rect, mask, error);

  g_object_unref (buffer);
  return ok;
}

/* Style i: the layer, or with style-selection and a selection in its
 * image only the selected part of it (its bounding box, and the
 * selection's coverage as the engine's style selection). */
static gboolean
read_style_i (const NstPlugHost    *host,
              const NstFeParams    *params,
              gint                  i,
              NstFeStyles          *styles,
              GError              **error)
{
  gint32        id = nst_fe_params_style_id (params, i);
  gint32        image, selection;
  GeglRectangle rect, in_selection;

  if (! check_style_layer (host, id, i, error))
    return FALSE;

  image = host->item_get_image (id);
  if (! params->style_selection || host->selection_is_empty (image))
    return read_whole_style (host, id, &styles->image[i], error);

  if (! host->mask_intersect (id, &rect))
    {
      gchar *name = host->item_get_name (id);

      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
                   _("The selection does not touch the style layer '%s'."), name);
      g_free (name);
      return FALSE;
    }
  if (! nst_plug_read (host, id, &rect, &styles->image[i], NULL, error))
    return FALSE;

  selection = host->image_get_selection (image);
  in_selection = map_rect (host, id, &rect, selection);
  return read_mask (host, selection, &in_selection, &styles->selection[i], error);
}

/* Style i's region over the content's `rect` of `drawable`, if it has one. */
static gboolean
read_region_i (const NstPlugHost    *host,
               const NstFeParams    *params,
               gint                  i,
               gint32                image,
               gint32                drawable,
               const GeglRectangle  *rect,
               NstFeStyles          *styles,
               GError              **error)
{
  gint32        region = nst_fe_params_style_region (params, i);
  GeglRectangle in_region;

  if (region == -1)
    return TRUE;

  if (! host->item_is_channel (region) || host->item_get_image (region) != image)
    {
      gchar *what = item_describe (host, region);

      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                   _("Argument 'style-regions' has %s at entry %d, which is not a channel "
                     "or layer mask of the image."), what, i);
      g_free (what);
      return FALSE;
    }

  in_region = map_rect (host, drawable, rect, region);
  return read_mask (host, region, &in_region, &styles->region[i], error);
}

/* Every style of the run, with its weight, selection and region. */
static gboolean
read_styles (const NstPlugHost    *host,
             const NstFeParams    *params,
             gint32                image,
             gint32                drawable,
             const GeglRectangle  *rect,
             NstFeStyles          *styles,
             GError              **error)
{
  gint i;

  styles->n = nst_fe_params_n_styles (params);
  for (i = 0; i < styles->n; i++)
    {
      styles->weight[i] = (gfloat) nst_fe_params_style_weight (params, i);
      if (! read_style_i (host, params, i, styles, error) ||
          ! read_region_i (host, params, i, image, drawable, rect, styles, error))
        return FALSE;
    }
  return TRUE;
}

/* init-drawable: the same part of that layer as the content's `rect`. */
static gboolean
read_init (const NstPlugHost    *host,
           const NstFeParams    *params,
           gint32                drawable,
           const GeglRectangle  *rect,
           nst_image            *init,
           GError              **error)
{
  GeglRectangle in_init;

  if (! host->item_is_layer (params->init_drawable) ||
      host->item_get_image (params->init_drawable) != host->item_get_image (drawable))
    {
      gchar *what = item_describe (host, params->init_drawable);

      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT,
                   _("Argument 'init-drawable' is %s, which is not a layer of the image."),
                   what);
      g_free (what);
      return FALSE;
    }

  in_init = map_rect (host, drawable, rect, params->init_drawable);
  return nst_plug_read (host, params->init_drawable, &in_init, init, NULL, error);
}

gboolean
nst_plug_read_inputs (const NstPlugHost    *host,
                      gint32                image,
                      gint32                drawable,
                      const NstFeParams    *params,
                      const GeglRectangle  *rect,
                      NstFeStyles          *styles,
                      nst_image            *init,
                      GError              **error)
{
  if (read_styles (host, params, image, drawable, rect, styles, error) &&
      (params->init_drawable == -1 || read_init (host, params, drawable, rect, init, error)))
    return TRUE;

  nst_fe_styles_clear (styles);
  nst_image_clear (init);
  return FALSE;
}

/* What on_progress() needs: the host and the time-left follower. */
typedef struct
{
  const NstPlugHost *host;
  gboolean           planned;   /* the plan is known */
  NstFeEta           eta;
} RunProgress;

/* Once per engine iteration.  GIMP's own Cancel ends this process, so
 * there is nothing to ask: the run always goes on. */
static int
on_progress (const nst_progress *progress,
             void               *user_data)
{
  RunProgress *run = user_data;
  gdouble      left = run->planned ? nst_fe_eta_update (&run->eta, progress) : -1.0;
  gchar       *text = nst_fe_progress_text (progress, left);

  run->host->progress_update (text, progress->fraction);
  g_free (text);
  return 1;
}

/* Measuring this machine costs about as much as 6 evaluations at
 * 256 px; a run of less than twenty times that work (pixels x
 * evaluations, by its plan) goes by its own pace instead. */
#define CALIBRATION_WORTH (20.0 * 6.0 * 256.0 * 256.0)

/* The plan of the run and this machine's calibration: the kept one, or
 * one measured now when the run is large enough for it to matter. */
static void
plan_progress (const NstPlugHost   *host,
               const nst_model     *model,
               const NstFeParams   *params,
               const nst_image     *content,
               const NstFeStyles   *styles,
               RunProgress         *run)
{
  gint            threads = nst_fe_params_to_engine (params).threads;
  gchar          *key = nst_fe_calibration_key (model, threads);
  nst_calibration calibration;
  nst_estimate    estimate;
  gdouble         work = 0.0;
  gint            i;

  run->host = host;
  run->planned = nst_fe_job_estimate (model, params, content->width, content->height,
                                      styles, &estimate);
  for (i = 0; run->planned && i < estimate.n_levels; i++)
    work += estimate.level_evaluations[i] * estimate.level_width[i] * estimate.level_height[i];

  if (run->planned && ! nst_fe_calibration_load (NULL, key, &calibration) &&
      work >= CALIBRATION_WORTH)
    {
      host->progress_update (_("Neural style: measuring this machine's speed..."), 0.0);
      nst_fe_calibration_get (model, threads, NULL, NULL, &calibration);
    }
  if (run->planned)
    nst_fe_eta_init (&run->eta, &calibration, &estimate);
  g_free (key);
}

/* Say once per GIMP session that the built-in network is used and how
 * to get the real model (the dialog's status line says it too). */
static void
announce_builtin (const NstPlugHost *host,
                  gboolean           interactive)
{
  gchar *notice;

  if (! host->first_in_session ("neural-style-builtin-notice"))
    return;
  notice = nst_fe_model_builtin_notice ();

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
    g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
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
  gboolean    ok = nst_fe_pixels_write (shadow, rect, rgb, alpha, error);

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
              const NstFeParams    *params,
              const GeglRectangle  *rect,
              const nst_image      *rgb,
              const gfloat         *alpha,
              GError              **error)
{
  gint32   target = drawable;
  gboolean ok = FALSE;

  host->undo_group_start (image);

  if (params->output_mode == NST_FE_OUTPUT_NEW_LAYER)
    {
      if ((target = add_result_layer (host, image, drawable, error)) == -1)
        goto out;
      /* The mix with the original, changeable later without a new run. */
      host->layer_set_opacity (target, params->result_opacity);
    }

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
              const NstFeParams *params,
              gboolean             interactive,
              GError             **error)
{
  NstFeModel    model = { NULL, NULL };
  NstFeStyles   styles = { 0 };
  nst_image     content = { 0, 0, NULL };
  nst_image     init = { 0, 0, NULL };
  nst_image     output = { 0, 0, NULL };
  gfloat       *alpha = NULL;
  GeglRectangle rect;
  RunProgress   run;
  gboolean      progress_shown = FALSE;
  gboolean      ok = FALSE;

  if (! nst_fe_params_validate (params, error) ||
      ! nst_plug_content_rect (host, drawable, &rect, error) ||
      ! nst_plug_read_inputs (host, image, drawable, params, &rect, &styles, &init, error) ||
      ! nst_fe_model_open (params->model_path, &model, error))
    goto out;

  if (model.path == NULL)
    announce_builtin (host, interactive);

  if (! nst_plug_read (host, drawable, &rect, &content, &alpha, error))
    goto out;

  progress_shown = host->progress_init (_("Neural style transfer"));
  plan_progress (host, model.model, params, &content, &styles, &run);
  if (! nst_fe_job_stylize (model.model, params, &content, &styles,
                            init.data != NULL ? &init : NULL,
                            on_progress, &run, &output, error))
    goto out;

  ok = write_output (host, image, drawable, params, &rect, &output, alpha, error);

out:
  if (progress_shown)
    host->progress_end ();
  nst_image_clear (&output);
  nst_image_clear (&content);
  nst_image_clear (&init);
  nst_fe_styles_clear (&styles);
  g_free (alpha);
  nst_fe_model_close (&model);
  return ok;
}
