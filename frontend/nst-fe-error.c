/* nst-fe-error.c - the GError domain of the GIMP adapters.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-fe-error.h"

G_DEFINE_QUARK (nst-plug-error-quark, nst_plug_error)

NstPlugStatus
nst_plug_error_status (const GError *error)
{
  if (error == NULL)
    return NST_PLUG_STATUS_SUCCESS;
  if (g_error_matches (error, NST_PLUG_ERROR, NST_PLUG_ERROR_CANCELLED))
    return NST_PLUG_STATUS_CANCEL;
  if (g_error_matches (error, NST_PLUG_ERROR, NST_PLUG_ERROR_INVALID_ARGUMENT))
    return NST_PLUG_STATUS_CALLING_ERROR;
  return NST_PLUG_STATUS_EXECUTION_ERROR;
}
