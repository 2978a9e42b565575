/* nst-fe-intl.h - gettext for the front end, the dialog and the plug-in.
 *
 * Every user-visible string goes through _() or N_(); the domain is
 * GETTEXT_PACKAGE ("neural-style"), set for the whole project by meson.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_INTL_H
#define NST_FE_INTL_H

#include <glib/gi18n-lib.h>

#endif /* NST_FE_INTL_H */
