/* nst-dialog.h - the plug-in's dialog, plain GTK 3 with no libgimp.
 *
 * The GIMP adapter hands it the current parameters and the layers that
 * can serve as the style (name, drawable id, optional thumbnail) and gets
 * the edited parameters back.  GTK must be initialised by the caller.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_DIALOG_H
#define NST_DIALOG_H

#include <gtk/gtk.h>

#include "nst-plug-params.h"

G_BEGIN_DECLS

/* A layer the user may pick as the style. */
typedef struct
{
  gchar     *label;      /* shown as is, e.g. "photo.png: Background" */
  gint32     id;         /* drawable id, goes into style_drawable */
  GdkPixbuf *thumbnail;  /* may be NULL */
} NstDialogLayer;

/* Show the dialog modally.  On OK copy the edits into `params` and return
 * TRUE; on Cancel or close leave `params` as it was and return FALSE.
 * `model_status` (may be NULL) is one line about the model in use. */
gboolean nst_dialog_run (NstPlugParams        *params,
                         const NstDialogLayer *layers,
                         guint                 n_layers,
                         const gchar          *model_status);

G_END_DECLS

#endif /* NST_DIALOG_H */
