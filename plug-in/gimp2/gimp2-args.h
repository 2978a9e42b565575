/* gimp2-args.h - the PDB arguments of plug-in-neural-style (GIMP 2.10).
 *
 * Made from the shared parameter table: run-mode, image and drawable come
 * first, then one argument per table row, each described with its range
 * and default.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef GIMP2_ARGS_H
#define GIMP2_ARGS_H

#include <libgimp/gimp.h>

#include "nst-fe-params.h"

G_BEGIN_DECLS

/* The arguments before the table's: run-mode, image, drawable. */
#define NST_GIMP2_N_STANDARD_ARGS 3

/* The argument declarations for gimp_install_procedure(); *n_args gets
 * their number.  Free with nst_gimp2_args_free(). */
GimpParamDef *nst_gimp2_args_new    (gint             *n_args);
void          nst_gimp2_args_free   (GimpParamDef     *args,
                                     gint              n_args);

/* Fill `params` from a non-interactive call's arguments.  Checks the
 * count and the string's length only; ranges are for
 * nst_fe_params_validate().  Errors are NST_FE_ERROR_INVALID_ARGUMENT. */
gboolean      nst_gimp2_args_decode (const GimpParam  *param,
                                     gint              n_params,
                                     NstFeParams      *params,
                                     GError          **error);

G_END_DECLS

#endif /* GIMP2_ARGS_H */
