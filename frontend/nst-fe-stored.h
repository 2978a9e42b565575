/* nst-fe-stored.h - the last values as GIMP 2.10 keeps them.
 *
 * gimp_set_data() keeps a blob per procedure for the session and beyond
 * (pluginrc).  Ours is a small key file, not the struct:
 *
 *   [neural-style last values]
 *   version=2
 *   style-drawable=2
 *   style-strength=50
 *   ...
 *   end=1
 *
 * one key per argument of the table (nst_fe_arg_specs(), PDB names),
 * and `end` last.
 * The group line is the magic and `version` the format's version: a blob
 * that does not begin with that line (the raw struct earlier versions
 * kept, another plug-in's data), is not a valid key file, has a version
 * this plug-in does not know, or holds a value outside its argument's
 * range, or lacks one of its version's keys (cut short) is ignored whole,
 * and the run starts from the defaults; it is never half read.  An
 * argument added, renamed or reinterpreted later bumps
 * NST_FE_STORED_VERSION, and nst_fe_stored_read() converts the older
 * versions' blobs (an argument they lack keeps its default).
 *
 * Version 2 (2026-12-05): `iterations` bounds every coarse-to-fine
 * level instead of the first one, and the presets changed with it
 * (Balanced 512 px: 80 became 48; Fine 1024 px: 100 became 60).  A
 * version 1 blob holding an old preset's pair reads as the new preset;
 * any other count is kept, as the bound it now is.
 *
 * No libgimp here: the front end is GLib-level.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_STORED_H
#define NST_FE_STORED_H

#include <glib.h>

#include "nst-fe-params.h"

G_BEGIN_DECLS

#define NST_FE_STORED_GROUP     "neural-style last values"
#define NST_FE_STORED_VERSION   2

/* `params` as a blob (text, *length bytes without the final NUL);
 * g_free() it. */
gchar    *nst_fe_stored_write (const NstFeParams   *params,
                               gsize               *length);

/* The parameters a blob of `length` bytes holds, over the defaults.
 * FALSE, with `params` untouched, when the blob is to be ignored (see
 * above). */
gboolean  nst_fe_stored_read    (const guint8        *data,
                                 gsize                length,
                                 NstFeParams         *params);

G_END_DECLS

#endif /* NST_FE_STORED_H */
