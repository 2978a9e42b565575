/* nst-fe-error.h - the GError domain of the front end.
 *
 * The codes tell a GIMP adapter which PDB status to return
 * (nst_gimp_status_for in plug-in/gimp-session.c): a bad argument is a
 * calling error, a cancel a cancel, everything else an execution error.
 * The command line turns each of them into exit code 1.
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
  NST_FE_ERROR_IMAGE,             /* the image cannot be processed as it is */
  NST_FE_ERROR_DOWNLOAD           /* the model download or its manifest failed;
                                   * nothing was installed */
} NstFeErrorCode;

GQuark nst_fe_error_quark (void);

G_END_DECLS

#endif /* NST_FE_ERROR_H */
