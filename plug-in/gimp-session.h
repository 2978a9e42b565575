/* gimp-session.h - host calls both GIMP adapters make with the same
 * libgimp functions.  gimp-session.c is compiled into each adapter
 * against its own libgimp (2.10 or 3): the calls it makes are spelled
 * the same in both, so it is written once.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_GIMP_SESSION_H
#define NST_GIMP_SESSION_H

#include <glib.h>

G_BEGIN_DECLS

/* NstPlugHost.first_in_session: TRUE the first time this GIMP session
 * asks with `name`, FALSE after. */
gboolean nst_gimp_first_in_session (const gchar *name);

G_END_DECLS

#endif /* NST_GIMP_SESSION_H */
