/* gimp2-dialog.h - the GTK 3 dialog inside GIMP 2.10.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef GIMP2_DIALOG_H
#define GIMP2_DIALOG_H

#include <libgimp/gimp.h>

#include "nst-plug-params.h"

G_BEGIN_DECLS

/* Set up GTK 3 on GIMP's display (no gimp_ui_init(): that is GTK 2), offer
 * every layer of every open image except `drawable` as the style, and let
 * the user edit `params`.  TRUE on OK; FALSE with NST_PLUG_ERROR_CANCELLED
 * on Cancel, or NST_PLUG_ERROR_IMAGE when no display can be opened. */
gboolean nst_gimp2_dialog_run (gint32          drawable,
                               NstPlugParams  *params,
                               GError        **error);

G_END_DECLS

#endif /* GIMP2_DIALOG_H */
