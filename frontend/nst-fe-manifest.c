/* nst-fe-manifest.c - read data/models.manifest, the model's name, URL,
 * SHA-256 and size, for the download (nst-fe-download.h declares it).
 *
 * The format is data/fetch-model.sh's: key=value lines, the key at the
 * start of its line, the first line of a key wins, '#' starts a comment.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <string.h>

#include "nst-fe-download.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"

#ifndef NST_DATADIR
#error "NST_DATADIR (the installation's data folder) must be set by the build"
#endif

#define MANIFEST_INSTALLED NST_DATADIR "/neural-style/models.manifest"
#define SHA256_HEX_LENGTH  64

/* The stripped value of the first `key`= line, or NULL; as in
 * data/fetch-model.sh, the key starts its line. */
static const gchar *
manifest_value (gchar       **lines,
                const gchar  *key)
{
  gsize n = strlen (key);

  for (; *lines != NULL; lines++)
    if (strncmp (*lines, key, n) == 0 && (*lines)[n] == '=')
      return g_strstrip (*lines + n + 1);

  return NULL;
}

static gboolean
manifest_require (const gchar  *path,
                  const gchar  *key,
                  const gchar  *value,
                  GError      **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;

  g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
               _("The model manifest %s has no %s= line; nothing can be downloaded."),
               path, key);
  return FALSE;
}

static gboolean
manifest_bad (const gchar  *path,
              const gchar  *key,
              const gchar  *value,
              const gchar  *expected,
              GError      **error)
{
  g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
               _("The model manifest %s has a bad %s= line ('%s'): it must be %s."),
               path, key, value, expected);
  return FALSE;
}

static gboolean
is_sha256 (const gchar *text)
{
  gsize i;

  for (i = 0; i < SHA256_HEX_LENGTH; i++)
    if (! g_ascii_isxdigit (text[i]))
      return FALSE;

  return text[i] == '\0';
}

static gboolean
manifest_parse (const gchar    *path,
                gchar         **lines,
                NstFeManifest  *manifest,
                GError        **error)
{
  const gchar *name = manifest_value (lines, "name");
  const gchar *url = manifest_value (lines, "url");
  const gchar *sha256 = manifest_value (lines, "sha256");
  const gchar *size = manifest_value (lines, "size");

  if (! manifest_require (path, "name", name, error) ||
      ! manifest_require (path, "url", url, error) ||
      ! manifest_require (path, "sha256", sha256, error))
    return FALSE;

  /* the name is joined to the destination folder: no way out of it */
  if (strchr (name, '/') != NULL || name[0] == '.')
    return manifest_bad (path, "name", name, _("a plain file name"), error);
  if (! is_sha256 (sha256))
    return manifest_bad (path, "sha256", sha256, _("64 hexadecimal digits"), error);
  if (size != NULL && *size != '\0' &&
      ! g_ascii_string_to_unsigned (size, 10, 1, G_MAXUINT64, &manifest->size, NULL))
    return manifest_bad (path, "size", size, _("empty or a number of bytes"), error);

  manifest->name = g_strdup (name);
  manifest->url = g_strdup (url);
  manifest->sha256 = g_ascii_strdown (sha256, -1);
  return TRUE;
}

/* Parse `text` (freed here), naming it `source` in messages. */
static gboolean
manifest_from_text (const gchar    *source,
                    gchar          *text,
                    NstFeManifest  *manifest,
                    GError        **error)
{
  gchar  **lines = g_strsplit (text, "\n", -1);
  gboolean ok = manifest_parse (source, lines, manifest, error);

  g_strfreev (lines);
  g_free (text);
  if (! ok)
    nst_fe_manifest_clear (manifest);
  return ok;
}

gboolean
nst_fe_manifest_load_built_in (NstFeManifest  *manifest,
                               GError        **error)
{
  memset (manifest, 0, sizeof (*manifest));
  /* meson joined its lines with ';' */
  return manifest_from_text (_("the manifest built into the plug-in"),
                             g_strdelimit (g_strdup (NST_MANIFEST_BUILT_IN), ";", '\n'),
                             manifest, error);
}

gboolean
nst_fe_manifest_load (const gchar    *path,
                      NstFeManifest  *manifest,
                      GError        **error)
{
  const gchar *env = g_getenv ("NST_MANIFEST");
  GError      *local = NULL;
  gchar       *text = NULL;

  memset (manifest, 0, sizeof (*manifest));
  if (path == NULL && env != NULL && *env != '\0')
    path = env;
  else if (path == NULL)
    {
      /* a plug-in folder copied to another machine has no installed
       * data: the manifest it was built with still says what to fetch */
      if (! g_file_test (MANIFEST_INSTALLED, G_FILE_TEST_EXISTS))
        return nst_fe_manifest_load_built_in (manifest, error);
      path = MANIFEST_INSTALLED;
    }

  if (! g_file_get_contents (path, &text, NULL, &local))
    {
      /* GLib's message names the file */
      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
                   _("Cannot read the model manifest: %s"), local->message);
      g_error_free (local);
      return FALSE;
    }
  return manifest_from_text (path, text, manifest, error);
}

void
nst_fe_manifest_clear (NstFeManifest *manifest)
{
  g_free (manifest->name);
  g_free (manifest->url);
  g_free (manifest->sha256);
  memset (manifest, 0, sizeof (*manifest));
}
