/* nst-fe-model.c - find and load the VGG-19 weights for a run.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <string.h>

#include "nst-fe-error.h"
#include "nst-fe-intl.h"
#include "nst-fe-model.h"

#ifndef NST_MODEL_FILE
#error "NST_MODEL_FILE (the model's file name) must be set by the build"
#endif
#ifndef NST_DATADIR
#error "NST_DATADIR (the installation's data folder) must be set by the build"
#endif

#define FETCH_SCRIPT NST_DATADIR "/neural-style/fetch-model.sh"

/* A file, or a folder that holds the model file: the file to load. */
static gchar *
resolve (const gchar *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_build_filename (path, NST_MODEL_FILE, NULL);

  return g_strdup (path);
}

/* An explicitly named model: it must exist.  `source` names where the
 * path came from, for the message. */
static gboolean
locate_explicit (const gchar  *given,
                 const gchar  *source,
                 gchar       **path,
                 GError      **error)
{
  gchar *file = resolve (given);

  if (! g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      /* a device, pipe or socket exists but cannot be mapped and checked */
      if (g_file_test (file, G_FILE_TEST_EXISTS))
        g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_MODEL,
                     _("The model file '%s' given in %s is not a regular file."),
                     file, source);
      else
        g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_MODEL,
                     _("The model file '%s' given in %s does not exist."),
                     file, source);
      g_free (file);
      return FALSE;
    }

  *path = file;
  return TRUE;
}

gchar *
nst_fe_model_dir (const gchar *data_dir)
{
  return g_build_filename (data_dir, "neural-style", "models", NULL);
}

/* The model file in a data folder, or NULL. */
static gchar *
find_in (const gchar *data_dir)
{
  gchar *dir = nst_fe_model_dir (data_dir);
  gchar *file = g_build_filename (dir, NST_MODEL_FILE, NULL);

  g_free (dir);
  if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return file;

  g_free (file);
  return NULL;
}

/* Where an explicit path comes from in the GIMP procedure and its dialog,
 * the callers of the functions without a source. */
static const gchar *
model_path_argument (void)
{
  return _("the argument 'model-path'");
}

gboolean
nst_fe_model_locate (const gchar  *model_path,
                     gchar       **path,
                     GError      **error)
{
  return nst_fe_model_locate_named (model_path, model_path_argument (), path, error);
}

gboolean
nst_fe_model_locate_named (const gchar  *model_path,
                           const gchar  *source,
                           gchar       **path,
                           GError      **error)
{
  const gchar *env = g_getenv ("NST_MODEL");

  *path = NULL;

  if (model_path != NULL && *model_path != '\0')
    return locate_explicit (model_path, source, path, error);

  if (env != NULL && *env != '\0')
    return locate_explicit (env, _("the environment variable NST_MODEL"), path, error);

  if ((*path = find_in (g_get_user_data_dir ())) == NULL)
    *path = find_in (NST_DATADIR);

  return TRUE;
}

static gboolean
load (const gchar  *path,
      nst_model   **model,
      GError      **error)
{
  nst_error err;

  if (path == NULL)
    {
      if (nst_model_new_builtin (model, &err) == NST_STATUS_OK)
        return TRUE;

      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_MODEL,
                   _("The built-in network could not be made: %s"), err.message);
      return FALSE;
    }

  if (nst_model_load_safetensors (path, model, &err) == NST_STATUS_OK)
    return TRUE;

  g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_MODEL,
               _("The model file '%s' could not be loaded: %s "
                 "(fetch it again with %s)"),
               path, err.message, FETCH_SCRIPT);
  return FALSE;
}

gboolean
nst_fe_model_open (const gchar  *model_path,
                   NstFeModel   *model,
                   GError      **error)
{
  return nst_fe_model_open_named (model_path, model_path_argument (), model, error);
}

gboolean
nst_fe_model_open_named (const gchar  *model_path,
                         const gchar  *source,
                         NstFeModel   *model,
                         GError      **error)
{
  memset (model, 0, sizeof (*model));

  if (! nst_fe_model_locate_named (model_path, source, &model->path, error))
    return FALSE;

  if (! load (model->path, &model->model, error))
    {
      nst_fe_model_close (model);
      return FALSE;
    }

  return TRUE;
}

gboolean
nst_fe_model_open_builtin (NstFeModel  *model,
                           GError     **error)
{
  memset (model, 0, sizeof (*model));

  return load (NULL, &model->model, error);
}

void
nst_fe_model_close (NstFeModel *model)
{
  if (model->model != NULL)
    nst_model_free (model->model);
  g_free (model->path);
  memset (model, 0, sizeof (*model));
}

gchar *
nst_fe_model_builtin_notice (void)
{
  return g_strdup_printf (_("VGG-19 model not found; using the built-in network. "
                            "Results improve with the real model: run %s"),
                          FETCH_SCRIPT);
}
