/* gimp3-args.h - the arguments of plug-in-neural-style (GIMP 3).
 *
 * Declared from the shared parameter table with gimp_procedure_add_*_argument,
 * read from and written to the procedure's config.  Each row's kind picks
 * GIMP 3's own type: choices of nicks ("none", "luminance", "match";
 * "replace", "new-layer"), a boolean, drawables, and arrays of drawables
 * or channels (Script-Fu passes items as ids, Python-Fu as objects).  In
 * NstFeParams they are the numbers and item ids GIMP 2.10 passes.
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

/* Fill `params` from `config`.  With `last_ids`, an item argument left
 * empty takes the ids the last run kept (see nst_gimp3_args_write()).
 * style-regions shorter than the styles is padded with -1 (everywhere).
 * Ranges are for nst_fe_params_validate(); the errors are a model-path
 * or an array too long (NST_FE_ERROR_INVALID_ARGUMENT). */
gboolean nst_gimp3_args_read    (GimpProcedureConfig       *config,
                                 gboolean                   last_ids,
                                 NstFeParams               *params,
                                 GError                   **error);

/* Store `params` in `config`, so GIMP keeps them as the last values.
 * GIMP 3 cannot keep items there: item arguments are not serialised and
 * their ids go to aux arguments named "last-" and the argument's name. */
void     nst_gimp3_args_write   (GimpProcedureConfig       *config,
                                 const NstFeParams         *params);

G_END_DECLS

#endif /* GIMP3_ARGS_H */
