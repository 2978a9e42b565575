/* nst-preview.h - the dialog's live preview pane.
 *
 * Shows the effect of the current parameters on the content at preview
 * size.  Each change cancels the running preview and, after a short pause
 * (so a dragged slider does not start a run per pixel), starts a new one
 * in a worker thread (nst-fe-preview-job.h).  A timer on the GTK main loop
 * shows each iteration's image as it arrives; the worker never touches GTK.
 *
 * A drag (or a click) on the image zooms to a 1:1 view: a part of at most
 * 320 x 320 px of the final run's working image around the place dragged,
 * read from the host at that scale and stylised by the same job with the
 * same parameters, only its size and the style's scale (so strokes keep
 * their size in pixels) adjusted.  A double-click or the Zoom 1:1 button
 * returns to the whole view; parameter changes keep the zoom.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_PREVIEW_H
#define NST_PREVIEW_H

#include <gtk/gtk.h>

#include "nst.h"
#include "nst-fe-job.h"
#include "nst-fe-params.h"

G_BEGIN_DECLS

/* Reads what a run of `params` needs besides the content (every style
 * with its weight and, when asked, its selection; each style's region;
 * the init-drawable's pixels) over the part (x, y), width x height of the
 * content, in the coordinates of the region the final run stylises, the
 * way the final run reads them (nst_plug_read_inputs()).  On the GTK main
 * thread.  Fills `styles` and `init` (freed by the preview). */
typedef gboolean (*NstPreviewInputsFn) (const NstFeParams *params,
                                        gint                 x,
                                        gint                 y,
                                        gint                 width,
                                        gint                 height,
                                        NstFeStyles         *styles,
                                        nst_image           *init,
                                        GError             **error,
                                        gpointer             user_data);

/* Reads the part of the content at (x, y), width x height, in the
 * coordinates of the region the final run stylises (0, 0 is its top left
 * corner), scaled to out_width x out_height, on the GTK main thread.
 * Fills `rgb` (freed by the preview with nst_image_clear()).  For the
 * preview's 1:1 zoom. */
typedef gboolean (*NstPreviewContentFn) (gint        x,
                                         gint        y,
                                         gint        width,
                                         gint        height,
                                         gint        out_width,
                                         gint        out_height,
                                         nst_image  *rgb,
                                         GError    **error,
                                         gpointer    user_data);

/* Called on the GTK main thread when the model got loaded or this
 * machine's calibration arrived, so the dialog can update its estimate. */
typedef void     (*NstPreviewNotify)  (gpointer    user_data);

typedef struct _NstPreview NstPreview;

/* A preview of `content` (already at preview size; copied), which the
 * final run sees at `full_width` x `full_height` px.  `read_content` (may
 * be NULL: no zoom) and `read_inputs` get `host_data`.  Nothing runs until
 * the first nst_preview_set_params(). */
NstPreview      *nst_preview_new            (const nst_image     *content,
                                             gint                 full_width,
                                             gint                 full_height,
                                             NstPreviewInputsFn   read_inputs,
                                             NstPreviewContentFn  read_content,
                                             gpointer             host_data,
                                             NstPreviewNotify     notify,
                                             gpointer             notify_data);

/* The pane: the image and a line of progress text. */
GtkWidget       *nst_preview_get_widget     (NstPreview          *preview);

/* The parameters changed: cancel the running preview, start anew soon. */
void             nst_preview_set_params     (NstPreview          *preview,
                                             const NstFeParams   *params);

/* The model the previews run on, once the first preview has loaded it
 * (NULL before); *path is its file, NULL for the built-in network. */
const nst_model *nst_preview_get_model      (NstPreview          *preview,
                                             const gchar        **path);

/* Look for the model again and load what is found (a download just put
 * the real one in place): the next preview starts on it. */
void             nst_preview_reload_model   (NstPreview          *preview);
/* This machine's calibration for the previews' model, got by the worker
 * before the first preview ran (kept, or measured then); NULL before. */
const nst_calibration *nst_preview_get_calibration (NstPreview   *preview);

/* Seconds from the first request to the first image shown; < 0 before. */
gdouble          nst_preview_first_image_seconds (NstPreview     *preview);

/* The image shown now (a new reference), or NULL. */
GdkPixbuf       *nst_preview_get_pixbuf     (NstPreview          *preview);

/* Cancel and wait for the worker (within one iteration), then free. */
void             nst_preview_free           (NstPreview          *preview);

/* An 8-bit RGB pixbuf of `image` (clamped to [0, 1]). */
GdkPixbuf       *nst_preview_image_to_pixbuf (const nst_image    *image);

G_END_DECLS

#endif /* NST_PREVIEW_H */
