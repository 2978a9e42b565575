/* nst-fe-intl.c - where the translations are, and binding to them.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-fe-intl.h"

gchar *
nst_fe_intl_locale_dir (const gchar *program,
                        const gchar *fallback)
{
  gchar *dir, *locale_dir;

  if (program == NULL || ! g_path_is_absolute (program))
    return g_strdup (fallback);

  dir = g_path_get_dirname (program);
  locale_dir = g_build_filename (dir, "locale", NULL);
  g_free (dir);
  return locale_dir;
}

void
nst_fe_intl_bind (const gchar *locale_dir)
{
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
