/* nst-fe-error.h - the GError domain of the front end.
 *
 * The codes tell a GIMP adapter which PDB status to return: a bad argument
 * is a calling error, everything else an execution error.  The command
 * line turns each of them into exit code 1.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_ERROR_H
#define NST_FE_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define NST_FE_ERROR (nst_fe_error_quark ())

typedef enum
{
  NST_FE_ERROR_INVALID_ARGUMENT,  /* an argument is out of range or names no drawable */
  NST_FE_ERROR_MODEL,             /* the model file could not be found or loaded */
  NST_FE_ERROR_ENGINE,            /* the engine failed; the message says why */
  NST_FE_ERROR_CANCELLED,         /* the user stopped the run */
  NST_FE_ERROR_IMAGE              /* the image cannot be processed as it is */
} NstFeErrorCode;

/* The PDB status of a run, with GimpPDBStatusType's values, which GIMP
 * 2.10 and GIMP 3 share (each adapter checks that as it compiles). */
typedef enum
{
  NST_FE_STATUS_EXECUTION_ERROR   = 0,
  NST_FE_STATUS_CALLING_ERROR     = 1,
  NST_FE_STATUS_SUCCESS           = 3,
  NST_FE_STATUS_CANCEL            = 4
} NstFeStatus;

GQuark        nst_fe_error_quark    (void);

/* The status for a run that ended with `error` (NULL: success). */
NstFeStatus   nst_fe_error_status   (const GError *error);

G_END_DECLS

#endif /* NST_FE_ERROR_H */
