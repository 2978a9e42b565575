/* nst-plug-dialog.h - the dialog inside GIMP: the open images seen
 * through the host table, handed to ui/'s GTK dialog.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_PLUG_DIALOG_H
#define NST_PLUG_DIALOG_H

#include "nst-plug-host.h"
#include "nst-fe-params.h"

G_BEGIN_DECLS

/* Show the dialog for stylising `drawable`, starting from `params`.  TRUE
 * with the edits in `params` on OK; FALSE with NST_FE_ERROR_CANCELLED
 * on Cancel (params untouched), or another error when there is no
 * display. */
gboolean nst_plug_dialog_run (const NstPlugHost *host,
                              gint32             drawable,
                              NstFeParams       *params,
                              GError           **error);

G_END_DECLS

#endif /* NST_PLUG_DIALOG_H */
