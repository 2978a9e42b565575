/* nst-fe-stored.c - the last values as a versioned key file.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <string.h>

#include "nst.h"
#include "nst-fe-stored.h"

gchar *
nst_fe_stored_write (const NstFeParams   *params,
                     gsize               *length)
{
  GKeyFile             *file = g_key_file_new ();
  const NstFeArgSpec   *specs;
  guint                 n_specs, i;
  gchar                *data;

  specs = nst_fe_arg_specs (&n_specs);
  g_key_file_set_integer (file, NST_FE_STORED_GROUP, "version", NST_FE_STORED_VERSION);
  for (i = 0; i < n_specs; i++)
    {
      const NstFeArgSpec *spec = &specs[i];

      if (spec->type == NST_FE_ARG_STRING)
        g_key_file_set_string (file, NST_FE_STORED_GROUP, spec->name,
                               G_STRUCT_MEMBER_P (params, spec->offset));
      else if (NST_FE_ARG_IS_ARRAY (spec))
        {
          gint     n = nst_fe_params_get_length (params, spec), k;
          gdouble *values = g_new (gdouble, MAX (n, 1));

          for (k = 0; k < n; k++)
            values[k] = nst_fe_params_get_item (params, spec, k);
          g_key_file_set_double_list (file, NST_FE_STORED_GROUP, spec->name, values, n);
          g_free (values);
        }
      else
        g_key_file_set_double (file, NST_FE_STORED_GROUP, spec->name,
                               nst_fe_params_get_number (params, spec));
    }
  /* last, so that a blob cut anywhere before its end lacks it */
  g_key_file_set_integer (file, NST_FE_STORED_GROUP, "end", 1);
  data = g_key_file_to_data (file, length, NULL);
  g_key_file_free (file);
  return data;
}

/* Argument `spec` from `file` into `params`.  FALSE when its key is
 * missing or unreadable. */
static gboolean
read_arg (GKeyFile             *file,
          const NstFeArgSpec   *spec,
          NstFeParams          *params)
{
  GError  *error = NULL;
  gboolean ok = TRUE;

  if (! g_key_file_has_key (file, NST_FE_STORED_GROUP, spec->name, NULL))
    return FALSE;

  if (spec->type == NST_FE_ARG_STRING)   /* model-path, the one string */
    {
      gchar *text = g_key_file_get_string (file, NST_FE_STORED_GROUP, spec->name, &error);

      ok = text != NULL && nst_fe_params_set_model_path (params, text);
      g_free (text);
    }
  else if (NST_FE_ARG_IS_ARRAY (spec))
    {
      gsize    n = 0;
      gdouble *values = g_key_file_get_double_list (file, NST_FE_STORED_GROUP, spec->name,
                                                    &n, &error);

      ok = error == NULL && nst_fe_params_set_array (params, spec, values, (gint) n, NULL);
      g_free (values);
    }
  else
    {
      gdouble value = g_key_file_get_double (file, NST_FE_STORED_GROUP, spec->name, &error);

      ok = error == NULL;
      if (ok)
        nst_fe_params_set_number (params, spec, value);
    }
  g_clear_error (&error);
  return ok;
}

/* Version 1's `iterations` bounded the first level, each finer one
 * running 0.8 of the one before from 300 px; its Balanced and Fine
 * presets become today's (see the header). */
static void
upgrade_from_1 (NstFeParams *params)
{
  static const struct { gint32 size, iterations; nst_quality now; } presets[] =
  {
    {  512,  80, NST_QUALITY_BALANCED },
    { 1024, 100, NST_QUALITY_FINE },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (presets); i++)
    if (params->working_size == presets[i].size && params->iterations == presets[i].iterations)
      params->iterations = nst_params_for_quality (presets[i].now).iterations;
}

gboolean
nst_fe_stored_read (const guint8  *data,
                    gsize          length,
                    NstFeParams *params)
{
  static const gchar    magic[] = "[" NST_FE_STORED_GROUP "]\n";
  NstFeParams           read;
  GKeyFile             *file;
  const NstFeArgSpec   *specs;
  guint                 n_specs, i;
  gint                  version;
  gboolean              ok;

  if (data == NULL || length < sizeof (magic) - 1 ||
      memcmp (data, magic, sizeof (magic) - 1) != 0 ||
      memchr (data, '\0', length) != NULL)
    return FALSE;

  file = g_key_file_new ();
  ok = g_key_file_load_from_data (file, (const gchar *) data, length, G_KEY_FILE_NONE, NULL);
  version = ok ? g_key_file_get_integer (file, NST_FE_STORED_GROUP, "version", NULL) : 0;

  /* The upgrade path: a later version converts an older one's values
   * here (below for version 1), and lets the arguments that version did
   * not have keep their defaults; in a blob of any version every
   * argument it had must be there (one that is not was cut short). */
  ok = ok && version >= 1 && version <= NST_FE_STORED_VERSION;

  nst_fe_params_init_defaults (&read);
  specs = nst_fe_arg_specs (&n_specs);
  for (i = 0; ok && i < n_specs; i++)
    ok = read_arg (file, &specs[i], &read);
  ok = ok && g_key_file_get_integer (file, NST_FE_STORED_GROUP, "end", NULL) == 1;
  g_key_file_free (file);
  if (ok && version == 1)
    upgrade_from_1 (&read);

  if (! ok || ! nst_fe_params_validate (&read, NULL))
    return FALSE;
  *params = read;
  return TRUE;
}
