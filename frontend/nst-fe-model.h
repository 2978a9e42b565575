/* nst-fe-model.h - find and load the VGG-19 weights for a run.
 *
 * Where the model file (NST_MODEL_FILE, from data/models.manifest) is
 * looked for, first match wins:
 *   1. the path the user gave (the plug-in's model-path argument, the
 *      command line's --model): a file, or a folder holding the file;
 *   2. $NST_MODEL (same);
 *   3. $XDG_DATA_HOME/neural-style/models/ (default ~/.local/share);
 *   4. <datadir>/neural-style/models/ of the installation.
 * A file named explicitly (1, 2) must be a regular file and load: there is
 * no silent fall-back on a bad explicit file, and a device, pipe or socket
 * is refused before loading, since the loader needs a file whose size it
 * can trust.  A file found in 3 or 4 that does not load is an error too
 * (it says how to fetch it again).  When nothing is found, the engine's
 * built-in network is used.  Every host searches with these functions, so
 * the plug-in, its dialog and the command line agree on which file a run
 * takes.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_MODEL_H
#define NST_FE_MODEL_H

#include <glib.h>

#include "nst.h"

G_BEGIN_DECLS

typedef struct
{
  nst_model *model;
  gchar     *path;   /* the file loaded, NULL for the built-in network */
} NstFeModel;

/* Where a run with this model-path argument ("" or NULL = none) would
 * take its weights from.  TRUE and *path = NULL means the built-in
 * network; TRUE and a path (g_free() it) means that file; FALSE with
 * NST_FE_ERROR_MODEL when an explicit path names no file. */
gboolean     nst_fe_model_locate           (const gchar  *model_path,
                                            gchar       **path,
                                            GError      **error);

/* nst_fe_model_locate() for a host whose explicit path has another name
 * than the plug-in's argument: `source` says where model_path came from,
 * for the message ("--model"). */
gboolean     nst_fe_model_locate_named     (const gchar  *model_path,
                                            const gchar  *source,
                                            gchar       **path,
                                            GError      **error);

/* Locate and load.  On success fill `model` (release with
 * nst_fe_model_close()); on failure `model` is zeroed and the error
 * (NST_FE_ERROR_MODEL) carries the loader's message. */
gboolean     nst_fe_model_open             (const gchar  *model_path,
                                            NstFeModel   *model,
                                            GError      **error);

/* nst_fe_model_open() with `source` as in nst_fe_model_locate_named(). */
gboolean     nst_fe_model_open_named       (const gchar  *model_path,
                                            const gchar  *source,
                                            NstFeModel   *model,
                                            GError      **error);

/* The built-in network without any search, for a host whose user asked
 * for it (the command line's --builtin).  As nst_fe_model_open(). */
gboolean     nst_fe_model_open_builtin     (NstFeModel   *model,
                                            GError      **error);

void         nst_fe_model_close            (NstFeModel *model);

/* The model folder of a data folder: data_dir/neural-style/models, where
 * the search looks (3 and 4 above) and the download puts the file.
 * g_free() it. */
gchar       *nst_fe_model_dir              (const gchar *data_dir);

/* One translated sentence saying the built-in network is in use and how
 * to get the real model.  Free with g_free(). */
gchar       *nst_fe_model_builtin_notice   (void);

G_END_DECLS

#endif /* NST_FE_MODEL_H */
