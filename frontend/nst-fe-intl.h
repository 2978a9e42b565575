/* nst-fe-intl.h - gettext for the front end, the dialog and the plug-in.
 *
 * Every user-visible string goes through _() or N_(); the domain is
 * GETTEXT_PACKAGE ("neural-style"), set for the whole project by meson.
 * The translations live in a locale/ folder beside the program that shows
 * them (where meson installs them and GIMP 3 looks), so a copied or moved
 * plug-in folder keeps its language.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_INTL_H
#define NST_FE_INTL_H

#include <glib/gi18n-lib.h>

/* The locale/ folder beside `program` when that is an absolute path (as
 * GIMP starts plug-ins), else a copy of `fallback`.  Free with g_free(). */
gchar *nst_fe_intl_locale_dir (const gchar *program,
                               const gchar *fallback);

/* Bind the project's domain to `locale_dir`, in UTF-8 (GTK's encoding
 * whatever the locale's).  Call after setlocale(), before the first _(). */
void   nst_fe_intl_bind       (const gchar *locale_dir);

#endif /* NST_FE_INTL_H */
