/* nst-fe-error.c - the GError domain of the front end.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-fe-error.h"

G_DEFINE_QUARK (nst-fe-error-quark, nst_fe_error)
