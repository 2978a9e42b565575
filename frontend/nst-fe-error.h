/* nst-fe-error.h - the GError domain of the GIMP adapters.
 *
 * The codes tell the adapter which PDB status to return: a bad argument is
 * a calling error, everything else an execution error.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_PLUG_ERROR_H
#define NST_PLUG_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define NST_PLUG_ERROR (nst_plug_error_quark ())

typedef enum
{
  NST_PLUG_ERROR_INVALID_ARGUMENT,  /* an argument is out of range or names no drawable */
  NST_PLUG_ERROR_MODEL,             /* the model file could not be found or loaded */
  NST_PLUG_ERROR_ENGINE,            /* the engine failed; the message says why */
  NST_PLUG_ERROR_CANCELLED,         /* the user stopped the run */
  NST_PLUG_ERROR_IMAGE              /* the image cannot be processed as it is */
} NstPlugErrorCode;

/* The PDB status of a run, with GimpPDBStatusType's values, which GIMP
 * 2.10 and GIMP 3 share (each adapter checks that as it compiles). */
typedef enum
{
  NST_PLUG_STATUS_EXECUTION_ERROR = 0,
  NST_PLUG_STATUS_CALLING_ERROR   = 1,
  NST_PLUG_STATUS_SUCCESS         = 3,
  NST_PLUG_STATUS_CANCEL          = 4
} NstPlugStatus;

GQuark        nst_plug_error_quark  (void);

/* The status for a run that ended with `error` (NULL: success). */
NstPlugStatus nst_plug_error_status (const GError *error);

G_END_DECLS

#endif /* NST_PLUG_ERROR_H */
