/* gimp3-dialog.h - the shared GTK 3 dialog inside GIMP 3.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef GIMP3_DIALOG_H
#define GIMP3_DIALOG_H

#include <libgimp/gimp.h>

#include "nst-plug-params.h"

G_BEGIN_DECLS

/* Set up GTK with gimp_ui_init(), offer every layer of every open image
 * except `drawable` as the style, and let the user edit `params` in the
 * dialog of ui/.  TRUE on OK; FALSE with NST_PLUG_ERROR_CANCELLED on
 * Cancel. */
gboolean nst_gimp3_dialog_run (GimpDrawable   *drawable,
                               NstPlugParams  *params,
                               GError        **error);

G_END_DECLS

#endif /* GIMP3_DIALOG_H */
