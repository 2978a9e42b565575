/* nst-fe-download.h - download the VGG-19 model, verified, resumable.
 *
 * What data/fetch-model.sh does with curl in a shell, as a library call a
 * dialog can run in a worker thread: read data/models.manifest, download
 * the file into a hidden ".NAME.partial" beside its final place, check its
 * size (when the manifest states it) and SHA-256, and only then rename it
 * to NAME in one atomic step, so the model search (nst-fe-model.h) never
 * finds a partial or damaged file.  An interrupted or cancelled download
 * keeps its .partial, and the next call resumes it with an HTTP range
 * request instead of fetching 575 MB again.
 *
 * Built only with libcurl: NST_HAVE_DOWNLOAD is defined (for the users of
 * nst_frontend_dep too) when it is.
 *
 *   NstFeManifest manifest;
 *   gchar        *dir = nst_fe_download_default_dir ();
 *
 *   if (nst_fe_manifest_load (NULL, &manifest, &error))
 *     ok = nst_fe_download_model (&manifest, dir, cancellable,
 *                                 on_progress, self, NULL, &error);
 *   nst_fe_manifest_clear (&manifest);
 *   g_free (dir);
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_DOWNLOAD_H
#define NST_FE_DOWNLOAD_H

#include <gio/gio.h>

G_BEGIN_DECLS

/* One model of the manifest (data/models.manifest: key=value lines, '#'
 * starts a comment). */
typedef struct
{
  gchar   *name;    /* file name, e.g. vgg19.safetensors */
  gchar   *url;
  gchar   *sha256;  /* 64 lowercase hex digits */
  guint64  size;    /* bytes; 0: not stated, not checked */
} NstFeManifest;

/* Read the manifest at `path`; NULL means $NST_MANIFEST when set, else the
 * installed one (<datadir>/neural-style/models.manifest).  name=, url= and
 * sha256= are required; name= must be a plain file name, sha256= 64 hex
 * digits (stored in lowercase), size= empty or a number of bytes.  On
 * failure `manifest` is zeroed and the error (NST_FE_ERROR_DOWNLOAD) is a
 * sentence naming the file and the missing or bad key.  Release with
 * nst_fe_manifest_clear(). */
gboolean  nst_fe_manifest_load        (const gchar    *path,
                                       NstFeManifest  *manifest,
                                       GError        **error);

/* The manifest the build read from data/models.manifest, which
 * nst_fe_manifest_load (NULL, ...) falls back to when the installed one
 * is not there (a plug-in folder copied on its own). */
gboolean  nst_fe_manifest_load_built_in (NstFeManifest  *manifest,
                                         GError        **error);
/* Free the strings of `manifest` and zero it; a zeroed one is fine. */
void      nst_fe_manifest_clear       (NstFeManifest  *manifest);

/* $XDG_DATA_HOME/neural-style/models (after g_get_user_data_dir()), the
 * folder the model search tries first after explicit paths.  g_free() it. */
gchar    *nst_fe_download_default_dir (void);

typedef struct
{
  guint64  received;          /* bytes of the file so far, a resumed part included */
  guint64  total;             /* 0: unknown yet */
  guint64  resumed_from;      /* bytes kept from an earlier attempt */
  gdouble  bytes_per_second;  /* over the last few seconds; 0 until known */
  gdouble  seconds_left;      /* < 0: unknown */
  gboolean verifying;         /* the download is complete, the checksum is being computed */
} NstFeDownloadProgress;

typedef void (*NstFeDownloadProgressFn) (const NstFeDownloadProgress *progress,
                                         gpointer                     user_data);

/* Download manifest->url into dest_dir/.NAME.partial (creating dest_dir),
 * check it and rename it to dest_dir/NAME.  Blocking: a GUI calls it from
 * a worker thread (GTask).
 *
 * An existing .partial is resumed with "Range: bytes=N-"; a server that
 * answers 200 instead of 206 sends the whole file, which then replaces
 * the partial, and a 416 starts again from zero (or goes straight to the
 * check when the server says the partial is the whole file).  The size
 * (when stated) and the SHA-256 are checked over the finished file, read
 * in chunks; a file that fails either is deleted.
 *
 * `progress` (may be NULL) is called from the calling thread at most
 * about ten times a second, once more with received == total when the
 * transfer ends, and once with verifying = TRUE before the checksum.
 * `cancellable` (may be NULL) is polled during the transfer and the check;
 * a cancel keeps the .partial for a later resume.
 *
 * On success returns TRUE and, when `installed` is not NULL, the final
 * path in *installed (g_free() it).  On failure nothing carries the final
 * name, and the error is NST_FE_ERROR_CANCELLED for a cancel, else
 * NST_FE_ERROR_DOWNLOAD with one sentence that says what happened (host
 * unreachable, HTTP status, disk full, checksum or size mismatch, folder
 * not writable) and that nothing was installed.  The .partial is kept
 * whenever a retry can resume it (network failure, disk full, cancel). */
gboolean  nst_fe_download_model       (const NstFeManifest      *manifest,
                                       const gchar              *dest_dir,
                                       GCancellable             *cancellable,
                                       NstFeDownloadProgressFn   progress,
                                       gpointer                  user_data,
                                       gchar                   **installed,
                                       GError                  **error);

/* One translated line for a status bar, e.g. "120.0 MB of 575.1 MB,
 * 4.2 MB/s, about 2 min left", or "Checking the download…"; the parts not
 * known yet are left out.  g_free() it. */
gchar    *nst_fe_download_describe    (const NstFeDownloadProgress *progress);

G_END_DECLS

#endif /* NST_FE_DOWNLOAD_H */
