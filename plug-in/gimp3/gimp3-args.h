/* gimp3-args.h - the arguments of plug-in-neural-style (GIMP 3).
 *
 * Declared from the shared parameter table with gimp_procedure_add_*_argument,
 * read from and written to the procedure's config.  style-drawable is a
 * drawable argument here (GIMP 3 passes objects, Script-Fu still passes
 * ids); in NstFeParams it is the drawable's id, as in GIMP 2.10.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef GIMP3_ARGS_H
#define GIMP3_ARGS_H

#include <libgimp/gimp.h>

#include "nst-fe-params.h"

G_BEGIN_DECLS

/* Add one argument per table row to `procedure`, each described with its
 * range and default. */
void     nst_gimp3_args_declare (GimpProcedure             *procedure);

/* Fill `params` from `config`.  Ranges are for nst_fe_params_validate();
 * the only error is a model-path too long (NST_FE_ERROR_INVALID_ARGUMENT). */
gboolean nst_gimp3_args_read    (GimpProcedureConfig       *config,
                                 NstFeParams               *params,
                                 GError                   **error);

/* Store `params` in `config`, so GIMP keeps them as the last values. */
void     nst_gimp3_args_write   (GimpProcedureConfig       *config,
                                 const NstFeParams         *params);

G_END_DECLS

#endif /* GIMP3_ARGS_H */
