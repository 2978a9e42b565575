/* nst-fe-error.c - the GError domain of the GIMP adapters.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-fe-error.h"

G_DEFINE_QUARK (nst-fe-error-quark, nst_fe_error)

NstFeStatus
nst_fe_error_status (const GError *error)
{
  if (error == NULL)
    return NST_FE_STATUS_SUCCESS;
  if (g_error_matches (error, NST_FE_ERROR, NST_FE_ERROR_CANCELLED))
    return NST_FE_STATUS_CANCEL;
  if (g_error_matches (error, NST_FE_ERROR, NST_FE_ERROR_INVALID_ARGUMENT))
    return NST_FE_STATUS_CALLING_ERROR;
  return NST_FE_STATUS_EXECUTION_ERROR;
}
