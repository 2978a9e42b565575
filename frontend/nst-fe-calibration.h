/* nst-fe-calibration.h - this machine's speed, measured once and kept.
 *
 * nst_calibrate() takes a few seconds; its numbers hold as long as the
 * machine, the thread count, the engine's kernels and the network's
 * widths stay the same.  They are kept in a key file,
 * $XDG_CACHE_HOME/neural-style/calibration-<hash of the key>.ini
 * (default ~/.cache), one per key, holding the key itself, the
 * NST_CALIBRATION_VERSION it was measured with, and the numbers.  The key
 * is the CPU's model name (/proc/cpuinfo, else "unknown"), the thread
 * count, $OPENBLAS_CORETYPE and $NST_KERNELS, and the model's conv
 * widths.  A missing, unreadable, corrupt, foreign or old file is
 * measured again and overwritten atomically; nothing here fails a run.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_CALIBRATION_H
#define NST_FE_CALIBRATION_H

#include <glib.h>

#include "nst.h"

G_BEGIN_DECLS

/* The key of a calibration of `model` with `threads` engine threads (0 =
 * all cores, as nst_params.threads).  g_free() it. */
gchar    *nst_fe_calibration_key    (const nst_model       *model,
                                     gint                   threads);

/* The file that holds the calibration for `key` in `dir` (NULL: the
 * user's cache folder, as above).  g_free() it. */
gchar    *nst_fe_calibration_path (const gchar           *dir,
                                   const gchar           *key);

/* Read the calibration for `key` from `dir` (NULL: the user's).  FALSE,
 * with `calibration` not calibrated (n_points 0), when the file is
 * missing or not a valid calibration of this key and version. */
gboolean  nst_fe_calibration_load (const gchar           *dir,
                                   const gchar           *key,
                                   nst_calibration       *calibration);

/* Write `calibration` for `key` into `dir` (NULL: the user's; created),
 * replacing any file atomically.  FALSE with an error when it cannot. */
gboolean  nst_fe_calibration_save (const gchar           *dir,
                                   const gchar           *key,
                                   const nst_calibration *calibration,
                                   GError               **error);

/* Whether `calibration` is worth keeping: measured, and while this
 * process had the cores to itself (cpu_share >= NST_CALIBRATION_QUIET). */
gboolean  nst_fe_calibration_keep (const nst_calibration *calibration);

/* The kept calibration of `model` with `threads`, or else a new one
 * measured now with nst_calibrate() (asking `keep_going` with
 * `user_data`, may be NULL) and kept when nst_fe_calibration_keep()
 * says so: one measured while other work took the cores serves this
 * dialog only.  FALSE, with `calibration` not
 * calibrated, when it was stopped or could not be measured; a file that
 * cannot be written only costs measuring again next time. */
gboolean  nst_fe_calibration_get    (const nst_model       *model,
                                     gint                   threads,
                                     nst_continue_fn        keep_going,
                                     gpointer               user_data,
                                     nst_calibration       *calibration);

G_END_DECLS

#endif /* NST_FE_CALIBRATION_H */
