/* nst-plug-error.c - the GError domain of the GIMP adapters.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-plug-error.h"

G_DEFINE_QUARK (nst-plug-error-quark, nst_plug_error)
