/* nst-dialog.h - the plug-in's dialog, plain GTK 3 with no libgimp.
 *
 * The GIMP adapter (2.10 or 3) hands it the current parameters, the layers
 * that can serve as the style, the content at preview size and a way to
 * read a style layer's pixels; it gets the edited parameters back.  GTK
 * must be initialised by the caller.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_DIALOG_H
#define NST_DIALOG_H

#include <gtk/gtk.h>

#include "nst.h"
#include "nst-fe-params.h"
#include "nst-preview.h"

G_BEGIN_DECLS

/* The long side of the preview, in pixels. */
#define NST_DIALOG_PREVIEW_SIZE 320

/* A layer the user may pick as the style. */
typedef struct
{
  gchar     *image_name;  /* e.g. "painting.jpg" */
  gchar     *layer_name;  /* e.g. "Background" */
  gint32     id;          /* drawable id, goes into style_drawable */
  GdkPixbuf *thumbnail;   /* may be NULL */
  gint       width;       /* the layer's size, for the estimate */
  gint       height;
} NstDialogLayer;

/* A channel or layer mask that can limit where a style applies. */
typedef struct
{
  gchar  *name;  /* e.g. "Sky" or "Background mask" */
  gint32  id;    /* item id, goes into style_regions */
} NstDialogChannel;

/* What the host knows and the dialog needs. */
typedef struct
{
  const NstDialogLayer *layers;
  guint                 n_layers;
  const nst_image      *content;        /* at preview size (see
                                           nst_preview_scale_down()); NULL: no preview */
  gint                  content_width;  /* the region the final run stylises */
  gint                  content_height;
  NstPreviewInputsFn    read_inputs;    /* the styles, regions and start image
                                           for the preview; on the GTK thread */
  NstPreviewContentFn   read_content;   /* a part of the content at the final
                                           run's scale, for the preview's 1:1
                                           zoom; NULL: no zoom */
  gpointer              user_data;

  /* Appended for several styles, regions and refining. */
  const NstDialogChannel *channels;     /* channels and layer masks of the
                                           content's image, for the regions */
  guint                   n_channels;
  const NstDialogLayer   *init_layers;  /* the content image's other layers,
                                           to start from (refine) */
  guint                   n_init_layers;
  /* Make the dialog's window a transient of the host's (called once,
   * before it is shown, with user_data); NULL: a window of its own. */
  void                  (*set_transient) (GtkWindow *window,
                                          gpointer   user_data);
} NstDialogHost;

/* What happened, for tests and the demo.  May be NULL. */
typedef struct
{
  GdkPixbuf *preview;              /* the last preview image shown, or NULL; unref it */
  gdouble    first_image_seconds;  /* dialog creation to the first preview image; < 0 none */
} NstDialogReport;

/* Show the dialog modally.  On OK copy the edits into `params` and return
 * TRUE; on Cancel, Escape or close leave `params` as it was and return
 * FALSE.  The preview runs in a worker thread and is stopped before this
 * returns. */
gboolean nst_dialog_run (NstFeParams         *params,
                         const NstDialogHost *host,
                         NstDialogReport     *report);

G_END_DECLS

#endif /* NST_DIALOG_H */
