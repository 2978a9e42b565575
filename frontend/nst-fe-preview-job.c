/* nst-fe-preview-job.c - one preview run in a worker thread, GTK-free.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <string.h>

#include "nst-fe-calibration.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"
#include "nst-fe-job.h"
#include "nst-fe-mapping.h"
#include "nst-fe-preview-job.h"

struct _NstPreviewJob
{
  GThread       *thread;
  NstFeModel    *model;
  NstFeParams    params;
  nst_image      content;
  NstFeStyles    styles;
  nst_image      init;        /* data NULL: the model's start */

  gint           cancelled;   /* atomic */
  gint           done;        /* atomic */
  gint           model_ready; /* atomic: job->model is loaded */
  gboolean       calibrate;   /* measure this machine first, unless kept */
  gint           calibrated;  /* atomic: `calibration` is written */
  nst_calibration calibration;

  GMutex         lock;        /* guards everything below */
  nst_image      frame;       /* the latest iteration's image */
  guint          serial;      /* bumped with each new frame */
  gchar         *text;

  /* Written by the worker before `done`, read after the join. */
  gboolean       ok;
  GError        *error;
  nst_image      result;
};

/* The long side of the final run's working image. */
static gint
final_working_long (const NstFeParams *params,
                    gint                 full_long)
{
  return params->working_size > 0 && params->working_size < full_long
         ? params->working_size : full_long;
}

void
nst_preview_job_params (const NstFeParams *params,
                        gint                 full_long,
                        gint                 preview_long,
                        NstFeParams         *preview)
{
  *preview = *params;
  if (preview_long < full_long)
    preview->working_size = MIN (final_working_long (params, full_long), preview_long);
}

/* One axis of nst_preview_zoom_plan(): the part's start and size in
 * content pixels and its size at `scale`. */
static void
zoom_axis (gint     full,
           gdouble  centre,
           gdouble  scale,
           gint     max_out,
           gint    *start,
           gint    *size,
           gint    *out)
{
  /* as the engine sizes its working image (schedule_plan(): lround) */
  gint whole_out = MAX (1, (gint) lround (full * scale));

  *out = MIN (whole_out, max_out);
  *size = *out == whole_out ? full : CLAMP ((gint) lround (*out / scale), 1, full);
  *start = CLAMP ((gint) lround (centre - *size / 2.0), 0, full - *size);
}

void
nst_preview_zoom_plan (const NstFeParams *params,
                       gint                 full_width,
                       gint                 full_height,
                       gdouble              cx,
                       gdouble              cy,
                       gint                 max_side,
                       NstPreviewZoom      *zoom)
{
  gint    full_long = MAX (full_width, full_height);
  gdouble scale = (gdouble) final_working_long (params, full_long) / full_long;

  zoom_axis (full_width, cx, scale, max_side, &zoom->x, &zoom->width, &zoom->out_width);
  zoom_axis (full_height, cy, scale, max_side, &zoom->y, &zoom->height, &zoom->out_height);
}

gboolean
nst_preview_zoom_params (const NstFeParams    *params,
                         gint                  full_long,
                         const NstPreviewZoom *zoom,
                         NstFeParams          *preview)
{
  gint    zoom_long = MAX (zoom->out_width, zoom->out_height);
  gdouble detail = params->detail_size * final_working_long (params, full_long) / zoom_long;

  *preview = *params;
  preview->working_size = zoom_long;
  preview->detail_size = CLAMP (detail, NST_PREVIEW_STYLE_SCALE_MIN,
                                NST_PREVIEW_STYLE_SCALE_MAX);
  return preview->detail_size == detail;
}

static gboolean
image_copy (const nst_image *src,
            nst_image       *dst)
{
  nst_error err;

  if (dst->data == NULL || dst->width != src->width || dst->height != src->height)
    {
      nst_image_clear (dst);
      if (nst_image_init (dst, src->width, src->height, &err) != NST_STATUS_OK)
        return FALSE;
    }
  memcpy (dst->data, src->data, sizeof (float) * 3 * (gsize) src->width * src->height);
  return TRUE;
}

/* In the worker, once per iteration: keep a copy of the image for the
 * GTK side, and say whether to go on. */
static int
on_progress (const nst_progress *progress,
             void               *user_data)
{
  NstPreviewJob *job = user_data;

  if (g_atomic_int_get (&job->cancelled))
    return 0;

  g_mutex_lock (&job->lock);
  if (progress->current != NULL && image_copy (progress->current, &job->frame))
    job->serial++;
  g_free (job->text);
  job->text = nst_fe_progress_text (progress, -1.0);
  g_mutex_unlock (&job->lock);

  return ! g_atomic_int_get (&job->cancelled);
}

static int
keep_calibrating (void *user_data)
{
  NstPreviewJob *job = user_data;

  return ! g_atomic_int_get (&job->cancelled);
}

/* This machine's speed, kept or measured now: before the preview runs,
 * so neither slows the other down. */
static void
calibrate (NstPreviewJob *job)
{
  nst_params p = nst_fe_params_to_engine (&job->params);

  if (nst_fe_calibration_get (job->model->model, p.threads, keep_calibrating, job,
                              &job->calibration))
    g_atomic_int_set (&job->calibrated, 1);
}

static gpointer
worker (gpointer data)
{
  NstPreviewJob *job = data;

  job->ok = job->model->model != NULL ||
            nst_fe_model_open (job->params.model_path, job->model, &job->error);
  if (job->ok)
    {
      g_atomic_int_set (&job->model_ready, 1);
      if (job->calibrate)
        calibrate (job);
      job->ok = nst_fe_job_stylize (job->model->model, &job->params, &job->content,
                                    &job->styles,
                                    job->init.data != NULL ? &job->init : NULL,
                                    on_progress, job,
                                    &job->result, &job->error);
    }
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

NstPreviewJob *
nst_preview_job_start (NstFeModel          *model,
                       const NstFeParams   *params,
                       const nst_image     *content,
                       const NstFeStyles   *styles,
                       const nst_image     *init,
                       gboolean             calibrate)
{
  NstPreviewJob *job = g_new0 (NstPreviewJob, 1);
  gboolean       copied;

  job->model = model;
  job->params = *params;
  job->calibrate = calibrate;
  g_mutex_init (&job->lock);
  copied = image_copy (content, &job->content) &&
           nst_fe_styles_copy (&job->styles, styles) &&
           (init == NULL || image_copy (init, &job->init));
  if (! copied)
    {
      g_set_error_literal (&job->error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
                           _("Not enough memory for the preview."));
      job->done = 1;
      return job;
    }
  job->thread = g_thread_new ("nst-preview", worker, job);
  return job;
}

void
nst_preview_job_cancel (NstPreviewJob *job)
{
  g_atomic_int_set (&job->cancelled, 1);
}

gboolean
nst_preview_job_is_done (NstPreviewJob *job)
{
  return g_atomic_int_get (&job->done) != 0;
}

gboolean
nst_preview_job_take_frame (NstPreviewJob *job,
                            guint         *serial,
                            nst_image     *frame,
                            gchar        **text)
{
  gboolean taken = FALSE;

  g_mutex_lock (&job->lock);
  if (job->serial != *serial && image_copy (&job->frame, frame))
    {
      *serial = job->serial;
      *text = g_strdup (job->text);
      taken = TRUE;
    }
  g_mutex_unlock (&job->lock);
  return taken;
}

gboolean
nst_preview_job_model_ready (NstPreviewJob *job)
{
  return g_atomic_int_get (&job->model_ready) != 0;
}

gboolean
nst_preview_job_calibration (NstPreviewJob   *job,
                             nst_calibration *calibration)
{
  if (! g_atomic_int_get (&job->calibrated))
    return FALSE;
  *calibration = job->calibration;
  return TRUE;
}

gboolean
nst_preview_job_finish (NstPreviewJob *job,
                        nst_image     *result,
                        GError       **error)
{
  gboolean ok;

  if (job->thread != NULL)
    g_thread_join (job->thread);

  ok = job->ok;
  if (ok && result != NULL)
    {
      *result = job->result;
      memset (&job->result, 0, sizeof (job->result));
    }
  if (! ok)
    g_propagate_error (error, g_steal_pointer (&job->error));

  g_clear_error (&job->error);
  nst_image_clear (&job->result);
  nst_image_clear (&job->frame);
  nst_image_clear (&job->content);
  nst_fe_styles_clear (&job->styles);
  nst_image_clear (&job->init);
  g_free (job->text);
  g_mutex_clear (&job->lock);
  g_free (job);
  return ok;
}

/* The source rows [*y0, *y1) under destination row y. */
static void
box_rows (gint  src_height,
          gint  dst_height,
          gint  y,
          gint *y0,
          gint *y1)
{
  *y0 = (gint) ((gint64) y * src_height / dst_height);
  *y1 = MAX (*y0 + 1, (gint) ((gint64) (y + 1) * src_height / dst_height));
}

/* Destination row y: the mean of the source pixels under each of its
 * pixels.  `src` holds the rows from `row0` of a source `src_height`
 * rows high (at least those under row y). */
static void
box_row (const nst_image *src,
         gint             row0,
         gint             src_height,
         nst_image       *dst,
         gint             y)
{
  gint y0, y1, x;

  box_rows (src_height, dst->height, y, &y0, &y1);

  for (x = 0; x < dst->width; x++)
    {
      gint   x0 = x * src->width / dst->width;
      gint   x1 = MAX (x0 + 1, (x + 1) * src->width / dst->width);
      double sum[3] = { 0.0, 0.0, 0.0 };
      gint   sx, sy, c;

      for (sy = y0; sy < y1; sy++)
        for (sx = x0; sx < x1; sx++)
          for (c = 0; c < 3; c++)
            sum[c] += src->data[((gsize) (sy - row0) * src->width + sx) * 3 + c];
      for (c = 0; c < 3; c++)
        dst->data[((gsize) y * dst->width + x) * 3 + c] =
          (float) (sum[c] / ((x1 - x0) * (y1 - y0)));
    }
}

gboolean
nst_preview_scale_to (const nst_image *src,
                      gint             width,
                      gint             height,
                      nst_image       *dst)
{
  nst_error err;
  gint      y;

  memset (dst, 0, sizeof (*dst));
  if (width == src->width && height == src->height)
    return image_copy (src, dst);
  if (nst_image_init (dst, width, height, &err) != NST_STATUS_OK)
    return FALSE;

  for (y = 0; y < height; y++)
    box_row (src, 0, src->height, dst, y);
  return TRUE;
}

gboolean
nst_preview_scale_rows (gint              width,
                        gint              height,
                        NstPreviewRowsFn  read_rows,
                        gpointer          user_data,
                        gint              out_width,
                        gint              out_height,
                        nst_image        *dst,
                        GError          **error)
{
  nst_error err;
  gint      y;

  memset (dst, 0, sizeof (*dst));
  if (nst_image_init (dst, out_width, out_height, &err) != NST_STATUS_OK)
    {
      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE, "%s", err.message);
      return FALSE;
    }
  for (y = 0; y < out_height; y++)
    {
      nst_image band = { 0, 0, NULL };
      gint      y0, y1;

      box_rows (height, out_height, y, &y0, &y1);
      if (! read_rows (y0, y1 - y0, &band, error, user_data))
        {
          nst_image_clear (dst);
          return FALSE;
        }
      g_return_val_if_fail (band.width == width && band.height == y1 - y0, FALSE);
      box_row (&band, y0, height, dst, y);
      nst_image_clear (&band);
    }
  return TRUE;
}

void
nst_preview_fit (gint  width,
                 gint  height,
                 gint  max_side,
                 gint *out_width,
                 gint *out_height)
{
  gint long_side = MAX (width, height);

  *out_width = width;
  *out_height = height;
  if (long_side > max_side)
    {
      *out_width = MAX (1, (gint) ((gint64) width * max_side / long_side));
      *out_height = MAX (1, (gint) ((gint64) height * max_side / long_side));
    }
}

gboolean
nst_preview_scale_down (const nst_image *src,
                        gint             max_side,
                        nst_image       *dst)
{
  gint width, height;

  nst_preview_fit (src->width, src->height, max_side, &width, &height);
  return nst_preview_scale_to (src, width, height, dst);
}
