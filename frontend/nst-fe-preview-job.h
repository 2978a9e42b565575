/* nst-fe-preview-job.h - one preview run in a worker thread, GTK-free.
 *
 * The preview is the final run at a smaller size: the worker calls
 * nst_fe_job_stylize(), the very function the GIMP adapters call, with
 * parameters from nst_preview_job_params().  The progress callback copies
 * each iteration's image under a mutex; the GTK side polls for it with a
 * timer and never lets the worker touch a widget.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_PREVIEW_JOB_H
#define NST_FE_PREVIEW_JOB_H

#include <glib.h>

#include "nst.h"
#include "nst-fe-job.h"
#include "nst-fe-model.h"
#include "nst-fe-params.h"

G_BEGIN_DECLS

typedef struct _NstPreviewJob NstPreviewJob;

/* The parameters of a preview of `params` on content whose long side is
 * `preview_long` px (already scaled down from `full_long` px): the same
 * values, with the working size scaled by the same factor so the preview
 * shows what the final run computes, only smaller. */
void           nst_preview_job_params      (const NstFeParams *params,
                                            gint                 full_long,
                                            gint                 preview_long,
                                            NstFeParams         *preview);

/* The preview's 1:1 zoom: a part of the content and the size it has in
 * the final run, whose working image is the content scaled to the
 * working size. */
typedef struct
{
  gint x, y, width, height;    /* the part, in content pixels */
  gint out_width, out_height;  /* its size in the final run's working image */
} NstPreviewZoom;

/* The part of a `full_width` x `full_height` content that shows at most
 * `max_side` x `max_side` pixels of the final run of `params`, 1:1,
 * centred on (cx, cy) (content pixels) as far as the content's edges
 * allow.  The final run works at params->working_size on the long side,
 * or at the content's own size when that is 0 or larger. */
void           nst_preview_zoom_plan       (const NstFeParams *params,
                                            gint                 full_width,
                                            gint                 full_height,
                                            gdouble              cx,
                                            gdouble              cy,
                                            gint                 max_side,
                                            NstPreviewZoom      *zoom);

/* The parameters of a zoomed preview of `params` (content long side
 * `full_long` px): the same values, with the zoom's own size as the
 * working size and the detail size scaled by final working long side /
 * zoom long side, so the engine (which sizes the style as style_scale x
 * working long side) paints strokes of the final run's size in pixels.
 * The factor is clamped to the engine's range of style scales
 * (NST_PREVIEW_STYLE_SCALE_MIN..MAX); returns FALSE when it had to be. */
#define NST_PREVIEW_STYLE_SCALE_MIN NST_STYLE_SCALE_MIN
#define NST_PREVIEW_STYLE_SCALE_MAX NST_STYLE_SCALE_MAX
gboolean       nst_preview_zoom_params     (const NstFeParams    *params,
                                            gint                  full_long,
                                            const NstPreviewZoom *zoom,
                                            NstFeParams          *preview);

/* Start a worker thread that stylises copies of `content`, `styles`
 * (images, weights, selections, regions) and `init` (may be NULL: start
 * from the content) with a copy of `params`, through nst_fe_job_stylize().
 * `model` stays owned by the caller and must outlive the job; when
 * model->model is NULL the worker opens it first (nst_fe_model_open()
 * with params->model_path): the caller must not read `model` until
 * nst_preview_job_finish().  With `calibrate`, the worker then gets this
 * machine's calibration for the model (nst_fe_calibration_get(): the
 * kept one, or measured before the preview runs, a few seconds) for
 * nst_preview_job_calibration(). */
NstPreviewJob *nst_preview_job_start       (NstFeModel          *model,
                                            const NstFeParams   *params,
                                            const nst_image     *content,
                                            const NstFeStyles   *styles,
                                            const nst_image     *init,
                                            gboolean             calibrate);

/* Ask the worker to stop; it does within one iteration.  Thread-safe. */
void           nst_preview_job_cancel      (NstPreviewJob       *job);

/* TRUE once the worker has returned (done, cancelled or failed). */
gboolean       nst_preview_job_is_done     (NstPreviewJob       *job);

/* When the worker has a newer image than *serial, copy it into `frame`
 * (reallocated as needed; free with nst_image_clear()), update *serial,
 * set *text to the progress line (g_free() it) and return TRUE. */
gboolean       nst_preview_job_take_frame  (NstPreviewJob       *job,
                                            guint               *serial,
                                            nst_image           *frame,
                                            gchar              **text);

/* TRUE once the model is loaded: the caller may then read the `model`
 * handed to nst_preview_job_start() (it is not written again). */
gboolean       nst_preview_job_model_ready (NstPreviewJob       *job);

/* TRUE, with a copy in `calibration`, once a job started with
 * `calibrate` has this machine's calibration.  Thread-safe. */
gboolean       nst_preview_job_calibration (NstPreviewJob       *job,
                                            nst_calibration     *calibration);

/* Wait for the worker and free the job.  TRUE when it ran to the end:
 * `result` (may be NULL) then receives the final image.  FALSE with
 * NST_FE_ERROR_CANCELLED or the run's error otherwise. */
gboolean       nst_preview_job_finish      (NstPreviewJob       *job,
                                            nst_image           *result,
                                            GError             **error);

/* Box-filter `src` down so its long side is at most `max_side` px into
 * `dst` (allocated here; a plain copy when it is already that small). */
gboolean       nst_preview_scale_down      (const nst_image     *src,
                                            gint                 max_side,
                                            nst_image           *dst);

/* Box-filter `src` to exactly `width` x `height` px into `dst` (allocated
 * here; free with nst_image_clear()); FALSE when out of memory. */
gboolean       nst_preview_scale_to        (const nst_image     *src,
                                            gint                 width,
                                            gint                 height,
                                            nst_image           *dst);

/* Rows [y0, y0 + n_rows) of a picture, its full width, into `band`
 * (allocated by the callee; nst_image_clear() frees it). */
typedef gboolean (*NstPreviewRowsFn) (gint        y0,
                                      gint        n_rows,
                                      nst_image  *band,
                                      GError    **error,
                                      gpointer    user_data);

/* nst_preview_scale_to() of a `width` x `height` picture that is read a
 * band of rows at a time (those under one output row), never whole: the
 * same pixels, and memory for one band only, so that an 8000 x 6000 px
 * layer costs the preview no 576 MB of floats.  FALSE with the reader's
 * error, or NST_FE_ERROR_IMAGE when `dst` cannot be allocated. */
gboolean       nst_preview_scale_rows      (gint                 width,
                                            gint                 height,
                                            NstPreviewRowsFn     read_rows,
                                            gpointer             user_data,
                                            gint                 out_width,
                                            gint                 out_height,
                                            nst_image           *dst,
                                            GError             **error);

/* The size nst_preview_scale_down() gives a `width` x `height` picture. */
void           nst_preview_fit             (gint                 width,
                                            gint                 height,
                                            gint                 max_side,
                                            gint                *out_width,
                                            gint                *out_height);

G_END_DECLS

#endif /* NST_FE_PREVIEW_JOB_H */
