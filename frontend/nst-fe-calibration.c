/* nst-fe-calibration.c - this machine's speed, measured once and kept.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "nst-fe-calibration.h"
#include "nst-fe-intl.h"

#define GROUP "calibration"

/* The CPU's model name, or "unknown" (not Linux, or no such line). */
static gchar *
cpu_model (void)
{
  gchar  *text = NULL, *name = NULL;
  gchar **lines, **line;

  if (! g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (text, "\n", -1);
  for (line = lines; *line != NULL && name == NULL; line++)
    if (g_str_has_prefix (*line, "model name") && strchr (*line, ':') != NULL)
      name = g_strstrip (g_strdup (strchr (*line, ':') + 1));
  g_strfreev (lines);
  g_free (text);
  return name != NULL ? name : g_strdup ("unknown");
}

gchar *
nst_fe_calibration_key (const nst_model *model,
                        gint             threads)
{
  nst_model_info info;
  GString       *key = g_string_new (NULL);
  gchar         *cpu = cpu_model ();
  gint           i;

  nst_model_get_info (model, &info);
  g_string_append_printf (key, "cpu=%s;threads=%d;OPENBLAS_CORETYPE=%s;NST_KERNELS=%s;widths=",
                          cpu, threads > 0 ? threads : nst_default_threads (),
                          g_getenv ("OPENBLAS_CORETYPE") ? g_getenv ("OPENBLAS_CORETYPE") : "",
                          g_getenv ("NST_KERNELS") ? g_getenv ("NST_KERNELS") : "");
  for (i = 0; i < info.n_convs && i < (gint) G_N_ELEMENTS (info.widths); i++)
    g_string_append_printf (key, i > 0 ? ",%d" : "%d", info.widths[i]);
  g_free (cpu);
  return g_string_free (key, FALSE);
}

gchar *
nst_fe_calibration_path (const gchar *dir,
                         const gchar *key)
{
  gchar *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  gchar *name = g_strdup_printf ("calibration-%.16s.ini", sum);
  gchar *path = dir != NULL ? g_build_filename (dir, name, NULL)
                            : g_build_filename (g_get_user_cache_dir (), "neural-style",
                                                name, NULL);

  g_free (name);
  g_free (sum);
  return path;
}

/* NST_CALIBRATION_POINTS positive finite numbers, ascending when asked. */
static gboolean
read_list (GKeyFile    *file,
           const gchar *name,
           gboolean     ascending,
           gdouble     *out)
{
  gsize    n = 0, i;
  gdouble *v = g_key_file_get_double_list (file, GROUP, name, &n, NULL);
  gboolean ok = v != NULL && n == NST_CALIBRATION_POINTS;

  for (i = 0; ok && i < n; i++)
    {
      ok = isfinite (v[i]) && v[i] > 0.0 && (! ascending || i == 0 || v[i] > v[i - 1]);
      out[i] = v[i];
    }
  g_free (v);
  return ok;
}

/* The calibration in `file`, when it is one of `key` and this version. */
static gboolean
read_calibration (GKeyFile        *file,
                  const gchar     *key,
                  nst_calibration *c)
{
  gchar   *stored = g_key_file_get_string (file, GROUP, "key", NULL);
  gboolean ok = g_strcmp0 (stored, key) == 0 &&
                g_key_file_get_integer (file, GROUP, "version", NULL) == NST_CALIBRATION_VERSION &&
                read_list (file, "pixels", TRUE, c->pixels) &&
                read_list (file, "evaluation-seconds", FALSE, c->evaluation_seconds) &&
                read_list (file, "setup-seconds", FALSE, c->setup_seconds);

  g_free (stored);
  c->version = NST_CALIBRATION_VERSION;
  c->threads = g_key_file_get_integer (file, GROUP, "threads", NULL);
  c->cpu_share = g_key_file_get_double (file, GROUP, "cpu-share", NULL);
  c->n_points = ok ? NST_CALIBRATION_POINTS : 0;
  return ok;
}

gboolean
nst_fe_calibration_load (const gchar     *dir,
                         const gchar     *key,
                         nst_calibration *calibration)
{
  gchar    *path = nst_fe_calibration_path (dir, key);
  GKeyFile *file = g_key_file_new ();
  gboolean  ok;

  memset (calibration, 0, sizeof (*calibration));
  ok = g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL) &&
       read_calibration (file, key, calibration);
  if (! ok)
    memset (calibration, 0, sizeof (*calibration));
  g_key_file_free (file);
  g_free (path);
  return ok;
}

gboolean
nst_fe_calibration_save (const gchar           *dir,
                         const gchar           *key,
                         const nst_calibration *calibration,
                         GError               **error)
{
  gchar    *path = nst_fe_calibration_path (dir, key);
  gchar    *folder = g_path_get_dirname (path);
  GKeyFile *file = g_key_file_new ();
  gchar    *data = NULL;
  gsize     length = 0;
  gboolean  ok = FALSE;

  g_key_file_set_string (file, GROUP, "key", key);
  g_key_file_set_integer (file, GROUP, "version", calibration->version);
  g_key_file_set_integer (file, GROUP, "threads", calibration->threads);
  g_key_file_set_double (file, GROUP, "cpu-share", calibration->cpu_share);
  g_key_file_set_double_list (file, GROUP, "pixels", (gdouble *) calibration->pixels,
                              NST_CALIBRATION_POINTS);
  g_key_file_set_double_list (file, GROUP, "evaluation-seconds",
                              (gdouble *) calibration->evaluation_seconds,
                              NST_CALIBRATION_POINTS);
  g_key_file_set_double_list (file, GROUP, "setup-seconds",
                              (gdouble *) calibration->setup_seconds, NST_CALIBRATION_POINTS);
  data = g_key_file_to_data (file, &length, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                 _("Cannot create %s: %s"), folder, g_strerror (errno));
  else
    ok = g_file_set_contents (path, data, length, error);

  g_free (data);
  g_key_file_free (file);
  g_free (folder);
  g_free (path);
  return ok;
}

gboolean
nst_fe_calibration_keep (const nst_calibration *calibration)
{
  return calibration->n_points > 0 && calibration->cpu_share >= NST_CALIBRATION_QUIET;
}

gboolean
nst_fe_calibration_get (const nst_model *model,
                        gint             threads,
                        nst_continue_fn  keep_going,
                        gpointer         user_data,
                        nst_calibration *calibration)
{
  gchar    *key = nst_fe_calibration_key (model, threads);
  nst_error err;
  GError   *error = NULL;
  gboolean  ok = nst_fe_calibration_load (NULL, key, calibration);

  if (! ok)
    {
      ok = nst_calibrate (model, threads, keep_going, user_data, calibration, &err)
           == NST_STATUS_OK;
      /* measured while something else took the cores: good for now, too
       * slow to keep for every later dialog */
      if (ok && ! nst_fe_calibration_keep (calibration))
        g_printerr (_("neural-style: the speed was measured while other work held the "
                      "processor (this process had %.0f%% of it); it is not kept\n"),
                    100.0 * calibration->cpu_share);
      else if (ok && ! nst_fe_calibration_save (NULL, key, calibration, &error))
        {
          g_printerr (_("neural-style: the speed measured is not kept: %s\n"), error->message);
          g_error_free (error);
        }
    }
  g_free (key);
  return ok;
}
