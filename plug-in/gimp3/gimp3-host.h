/* gimp3-host.h - the shared plug-in code's way to GIMP 3.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef GIMP3_HOST_H
#define GIMP3_HOST_H

#include "nst-plug-host.h"

G_BEGIN_DECLS

/* The table of libgimp-3.0 calls (nst-plug-host.h). */
const NstPlugHost *nst_gimp3_host (void);

G_END_DECLS

#endif /* GIMP3_HOST_H */
