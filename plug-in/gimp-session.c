/* gimp-session.c - see gimp-session.h.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <libgimp/gimp.h>

#include "gimp-session.h"
#include "nst-fe-error.h"

/* A global parasite without GIMP_PARASITE_PERSISTENT marks `name` as
 * seen: GIMP keeps it for the session and drops it when it quits. */
gboolean
nst_gimp_first_in_session (const gchar *name)
{
  GimpParasite *parasite = gimp_get_parasite (name);

  if (parasite != NULL)
    {
      gimp_parasite_free (parasite);
      return FALSE;
    }
  parasite = gimp_parasite_new (name, 0, 1, "1");
  gimp_attach_parasite (parasite);
  gimp_parasite_free (parasite);
  return TRUE;
}

GimpPDBStatusType
nst_gimp_status_for (const GError *error)
{
  if (error == NULL)
    return GIMP_PDB_SUCCESS;
  if (g_error_matches (error, NST_FE_ERROR, NST_FE_ERROR_CANCELLED))
    return GIMP_PDB_CANCEL;
  if (g_error_matches (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT))
    return GIMP_PDB_CALLING_ERROR;
  return GIMP_PDB_EXECUTION_ERROR;
}
