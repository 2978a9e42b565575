/* gimp-session.h - what both GIMP adapters do with libgimp calls and
 * types spelled the same in 2.10 and 3.  gimp-session.c is compiled into
 * each adapter against its own libgimp, so it is written once.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_GIMP_SESSION_H
#define NST_GIMP_SESSION_H

#include <libgimp/gimp.h>

G_BEGIN_DECLS

/* NstPlugHost.first_in_session: TRUE the first time this GIMP session
 * asks with `name`, FALSE after. */
gboolean          nst_gimp_first_in_session (const gchar *name);

/* The PDB status of a run that ended with `error` (NULL: success), from
 * its NST_FE_ERROR code. */
GimpPDBStatusType nst_gimp_status_for       (const GError *error);

G_END_DECLS

#endif /* NST_GIMP_SESSION_H */
