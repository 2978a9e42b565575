/* nst-fe-download.c - download the VGG-19 model, verified, resumable.
 *
 * One libcurl easy transfer per attempt into a hidden .partial file, with
 * the decisions HTTP leaves to the client made in the header callback,
 * where the status of the final response (after redirects) is known
 * before its body: 206 appends, 200 starts the file again, an error's
 * body is thrown away.  curl's own resume (CURLOPT_RESUME_FROM) is not
 * used because it fails on a 200 answer instead of taking the whole file.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "nst.h"
#include "nst-fe-download.h"
#include "nst-fe-error.h"
#include "nst-fe-eta.h"
#include "nst-fe-intl.h"
#include "nst-fe-model.h"

#define USER_AGENT "neural-style-gimp/" G_STRINGIFY (NST_VERSION_MAJOR) "." \
                   G_STRINGIFY (NST_VERSION_MINOR) "." G_STRINGIFY (NST_VERSION_MICRO)

/* At most ten progress calls a second: a GUI redraws no faster. */
#define REPORT_INTERVAL   (G_USEC_PER_SEC / 10)
/* The speed is measured over the last RATE_SAMPLES reports (5 s or
 * more), and only once they span RATE_MIN_SPAN, so that the first burst
 * of buffered data does not show as a huge speed. */
#define RATE_SAMPLES      50
#define RATE_MIN_SPAN     (G_USEC_PER_SEC / 2)
#define HASH_CHUNK        (1 << 20)
/* "N-" for a 64-bit N */
#define RANGE_SIZE        24

typedef struct
{
  const NstFeManifest     *manifest;
  GCancellable            *cancellable;
  NstFeDownloadProgressFn  progress_fn;
  gpointer                 user_data;
  const gchar             *dir;
  gchar                   *partial;      /* dir/.NAME.partial */
  gchar                   *final;        /* dir/NAME */
  gint                     fd;           /* the .partial, open for writing; -1: closed */
  gint                     write_errno;  /* why writing the .partial failed; 0: it did not */
  gchar                   *host;         /* the host last talked to, for messages */

  /* the response being read (one per redirect) */
  glong                    status;
  gboolean                 accepting;    /* its body is the file */
  gboolean                 wrong_part;   /* a 206 for another range than asked */
  gint64                   range_start;  /* Content-Range's first byte; -1: none */
  guint64                  range_total;  /* Content-Range's "/total"; 0: none */
  guint64                  length;       /* Content-Length; 0: none */

  NstFeDownloadProgress    progress;
  gint64                   last_report;  /* monotonic µs */
  gint64                   sample_time[RATE_SAMPLES];
  guint64                  sample_bytes[RATE_SAMPLES];
  guint                    n_samples;
  guint                    next_sample;
} Download;


gchar *
nst_fe_download_default_dir (void)
{
  return nst_fe_model_dir (g_get_user_data_dir ());
}


/*  Errors: one sentence each, saying that nothing was installed  */

static gboolean
fail_cancelled (GError **error)
{
  g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_CANCELLED,
                       _("The download was cancelled; nothing was installed. "
                         "Starting it again resumes where it stopped."));
  return FALSE;
}

/* Writing into the folder failed with `errnum`: a full disk (or a file
 * size limit) can be freed and the download resumed; anything else is a
 * folder the user cannot write to. */
static gboolean
fail_write (const Download  *d,
            gint             errnum,
            GError         **error)
{
  if (errnum == ENOSPC || errnum == EFBIG || errnum == EDQUOT)
    g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
                 _("Not enough disk space in %s (%s). Free some space and try again: "
                   "the download resumes where it stopped; nothing was installed."),
                 d->dir, g_strerror (errnum));
  else
    g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
                 _("Cannot write to %s: %s. Nothing was installed."),
                 d->dir, g_strerror (errnum));
  return FALSE;
}

static const gchar *
http_reason (glong status)
{
  static const struct { glong status; const gchar *reason; } reasons[] =
  {
    { 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
    { 404, "Not Found" }, { 407, "Proxy Authentication Required" },
    { 408, "Request Timeout" }, { 410, "Gone" },
    { 416, "Range Not Satisfiable" }, { 429, "Too Many Requests" },
    { 500, "Internal Server Error" }, { 502, "Bad Gateway" },
    { 503, "Service Unavailable" }, { 504, "Gateway Timeout" },
  };
  gsize i;

  /* HTTP/2 has no reason phrase to copy, so the standard one is named */
  for (i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i].status == status)
      return reasons[i].reason;

  return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Redirection";
}

/* The transfer ended with `result` and the last response's status. */
static gboolean
fail_transfer (const Download  *d,
               CURLcode         result,
               const gchar     *detail,
               GError         **error)
{
  if (d->status >= 300 && ! d->accepting)
    g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
                 _("The server answered %ld (%s) for %s; nothing was installed."),
                 d->status, http_reason (d->status), d->manifest->url);
  else if (result == CURLE_COULDNT_RESOLVE_HOST || result == CURLE_COULDNT_RESOLVE_PROXY ||
           result == CURLE_COULDNT_CONNECT ||
           (result == CURLE_OPERATION_TIMEDOUT && d->status == 0))
    g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
                 _("Could not reach %s (%s). Check the network connection; "
                   "nothing was installed."),
                 d->host, detail);
  else
    g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
                 _("The download from %s stopped (%s). Nothing was installed; "
                   "trying again resumes where it stopped."),
                 d->host, detail);
  return FALSE;
}


/*  Progress  */

static void
rate_sample (Download *d,
             gint64    now)
{
  guint oldest;

  d->sample_time[d->next_sample] = now;
  d->sample_bytes[d->next_sample] = d->progress.received;
  d->next_sample = (d->next_sample + 1) % RATE_SAMPLES;
  d->n_samples = MIN (d->n_samples + 1, RATE_SAMPLES);

  oldest = (d->next_sample + RATE_SAMPLES - d->n_samples) % RATE_SAMPLES;
  if (now - d->sample_time[oldest] >= RATE_MIN_SPAN)
    d->progress.bytes_per_second = (gdouble) (d->progress.received - d->sample_bytes[oldest])
                                   * G_USEC_PER_SEC / (now - d->sample_time[oldest]);
}

/* Call the progress function, at most every REPORT_INTERVAL unless
 * `force`d (the end of the transfer, the start of the check). */
static void
report (Download *d,
        gboolean  force)
{
  NstFeDownloadProgress *p = &d->progress;
  gint64                 now = g_get_monotonic_time ();

  if (! force && now - d->last_report < REPORT_INTERVAL)
    return;

  rate_sample (d, now);
  d->last_report = now;
  if (p->total > p->received && p->bytes_per_second > 0.0)
    p->seconds_left = (p->total - p->received) / p->bytes_per_second;
  else
    p->seconds_left = (p->total != 0 && p->received >= p->total) ? 0.0 : -1.0;

  if (d->progress_fn != NULL)
    d->progress_fn (p, d->user_data);
}


/*  The transfer  */

/* Start the .partial again from its first byte. */
static gboolean
restart_partial (Download *d)
{
  if (ftruncate (d->fd, 0) != 0 || lseek (d->fd, 0, SEEK_SET) != 0)
    {
      d->write_errno = errno;
      return FALSE;
    }
  d->progress.received = d->progress.resumed_from = 0;
  d->n_samples = 0;
  return TRUE;
}

/* "bytes START-END/TOTAL" or "bytes * /TOTAL" (a 416's). */
static void
parse_content_range (Download    *d,
                     const gchar *value)
{
  const gchar *slash = strchr (value, '/');

  if (g_ascii_strncasecmp (value, "bytes ", 6) != 0)
    return;
  value += 6;
  if (g_ascii_isdigit (*value))
    d->range_start = g_ascii_strtoll (value, NULL, 10);
  if (slash != NULL && g_ascii_isdigit (slash[1]))
    d->range_total = g_ascii_strtoull (slash + 1, NULL, 10);
}

/* The headers of a response are complete: decide what its body is. */
static gboolean
response_ready (Download *d)
{
  /* 1xx, a redirect curl follows, an error: the body is not the file */
  if (d->status < 200 || d->status >= 300)
    return TRUE;

  if (d->status == 206)
    {
      if (d->range_start != (gint64) d->progress.resumed_from)
        {
          d->wrong_part = TRUE;
          return FALSE;
        }
      d->progress.total = d->range_total;
    }
  else
    {
      /* the whole file, whatever was asked: it replaces the partial */
      if (d->progress.resumed_from > 0 && ! restart_partial (d))
        return FALSE;
      d->progress.total = d->length != 0 ? d->length : d->manifest->size;
    }

  d->accepting = TRUE;
  return TRUE;
}

static size_t
on_header (char   *buffer,
           size_t  size,
           size_t  n,
           void   *data)
{
  Download *d = data;
  gchar    *line = g_strstrip (g_strndup (buffer, size * n));
  gboolean  ok = TRUE;

  if (g_str_has_prefix (line, "HTTP/"))
    {
      /* a new response: after a redirect, or the 100 before the answer */
      d->status = 0;
      d->accepting = FALSE;
      d->range_start = -1;
      d->range_total = d->length = 0;
      sscanf (line, "HTTP/%*s %ld", &d->status);
    }
  else if (*line == '\0')
    ok = response_ready (d);
  else if (g_ascii_strncasecmp (line, "content-range:", 14) == 0)
    parse_content_range (d, g_strchug (line + 14));
  else if (g_ascii_strncasecmp (line, "content-length:", 15) == 0)
    d->length = g_ascii_strtoull (g_strchug (line + 15), NULL, 10);

  g_free (line);
  return ok ? size * n : 0;
}

static size_t
on_body (char   *buffer,
         size_t  size,
         size_t  n,
         void   *data)
{
  Download *d = data;
  gsize     length = size * n, done = 0;

  if (! d->accepting)
    return length;
  /* stop within one buffer of a cancel, not at the next progress call */
  if (g_cancellable_is_cancelled (d->cancellable))
    return 0;

  while (done < length)
    {
      gssize written = write (d->fd, buffer + done, length - done);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          /* a short count makes curl stop with CURLE_WRITE_ERROR */
          d->write_errno = written < 0 ? errno : ENOSPC;
          return 0;
        }
      done += written;
    }

  d->progress.received += length;
  return length;
}

static int
on_transfer (void       *data,
             curl_off_t  download_total,
             curl_off_t  downloaded,
             curl_off_t  upload_total,
             curl_off_t  uploaded)
{
  Download *d = data;

  (void) download_total;
  (void) downloaded;
  (void) upload_total;
  (void) uploaded;
  if (g_cancellable_is_cancelled (d->cancellable))
    return 1;

  /* nothing to show before the first bytes: a GUI says "connecting" */
  if (d->progress.received > d->progress.resumed_from || d->last_report != 0)
    report (d, d->last_report == 0);
  return 0;
}

static void
transfer_options (CURL     *curl,
                  Download *d,
                  gchar    *errors,
                  gchar    *range)
{
  curl_easy_setopt (curl, CURLOPT_URL, d->manifest->url);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, USER_AGENT);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errors);
  /* threads: no SIGALRM for the resolver's timeout */
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 20L);
  /* a stalled connection (a sleeping laptop, a dead Wi-Fi) ends in a
   * minute instead of never; the .partial keeps what came */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, d);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, d);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_transfer);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, d);
  if (d->progress.resumed_from > 0)
    {
      g_snprintf (range, RANGE_SIZE, "%" G_GUINT64_FORMAT "-", d->progress.resumed_from);
      curl_easy_setopt (curl, CURLOPT_RANGE, range);
    }
}

/* The host of the URL curl last used (after redirects), for messages. */
static void
remember_host (Download *d,
               CURL     *curl)
{
  const gchar *url = NULL;
  GUri        *uri;

  curl_easy_getinfo (curl, CURLINFO_EFFECTIVE_URL, &url);
  uri = g_uri_parse (url != NULL ? url : d->manifest->url, G_URI_FLAGS_NONE, NULL);
  g_free (d->host);
  d->host = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL
                      ? g_uri_get_host (uri) : d->manifest->url);
  if (uri != NULL)
    g_uri_unref (uri);
}

static gpointer
curl_init_once (gpointer data)
{
  (void) data;
  return GINT_TO_POINTER (curl_global_init (CURL_GLOBAL_DEFAULT));
}

/* One request, from the .partial's end; `errors` gets curl's message. */
static CURLcode
transfer (Download *d,
          gchar    *errors)
{
  static GOnce  once = G_ONCE_INIT;
  gchar         range[RANGE_SIZE];
  CURLcode      result;
  CURL         *curl;

  errors[0] = '\0';
  result = GPOINTER_TO_INT (g_once (&once, curl_init_once, NULL));
  if (result != CURLE_OK || (curl = curl_easy_init ()) == NULL)
    return result != CURLE_OK ? result : CURLE_FAILED_INIT;

  d->status = 0;
  d->accepting = d->wrong_part = FALSE;
  d->last_report = 0;
  d->n_samples = 0;
  rate_sample (d, g_get_monotonic_time ());
  transfer_options (curl, d, errors, range);
  result = curl_easy_perform (curl);
  remember_host (d, curl);
  curl_easy_cleanup (curl);
  return result;
}

/* Transfer until the .partial holds the whole file, or fail. */
static gboolean
fetch (Download  *d,
       GError   **error)
{
  gchar        errors[CURL_ERROR_SIZE];
  CURLcode     result = transfer (d, errors);
  const gchar *detail;

  /* asked for bytes past the end: the partial is the whole file (cancelled
   * while checking), or it belongs to another one; then from zero, once */
  if (d->status == 416 && ! d->accepting && d->progress.resumed_from > 0)
    {
      if (d->range_total == d->progress.resumed_from)
        {
          d->progress.total = d->range_total;
          return TRUE;
        }
      if (! restart_partial (d))
        return fail_write (d, d->write_errno, error);
      result = transfer (d, errors);
    }

  if (g_cancellable_is_cancelled (d->cancellable))
    return fail_cancelled (error);
  if (d->write_errno != 0)
    return fail_write (d, d->write_errno, error);
  if (result == CURLE_OK && d->accepting)
    return TRUE;

  if (d->wrong_part)
    detail = _("the server sent another part of the file than the one asked for");
  else
    detail = errors[0] != '\0' ? errors : curl_easy_strerror (result);
  return fail_transfer (d, result, detail, error);
}


/*  The check and the rename  */

static gboolean
check_size (Download  *d,
            GError   **error)
{
  GStatBuf st;
  gchar   *got, *expected;

  if (d->manifest->size == 0)
    return TRUE;
  if (g_stat (d->partial, &st) != 0)
    return fail_write (d, errno, error);
  if ((guint64) st.st_size == d->manifest->size)
    return TRUE;

  g_unlink (d->partial);
  got = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) st.st_size);
  expected = g_strdup_printf ("%" G_GUINT64_FORMAT, d->manifest->size);
  g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
               _("The download has %s bytes but the manifest says %s, so it was deleted; "
                 "nothing was installed."),
               got, expected);
  g_free (got);
  g_free (expected);
  return FALSE;
}

/* The SHA-256 of the .partial, read in chunks (the model is 575 MB), or
 * NULL on a cancel (*errnum 0) or a read error (*errnum says which). */
static gchar *
partial_sha256 (Download *d,
                gint     *errnum)
{
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar    *chunk = g_malloc (HASH_CHUNK);
  gchar     *hex = NULL;
  gssize     n;
  gint       fd = g_open (d->partial, O_RDONLY | O_CLOEXEC, 0);

  *errnum = fd < 0 ? errno : 0;
  while (fd >= 0 && ! g_cancellable_is_cancelled (d->cancellable))
    {
      n = read (fd, chunk, HASH_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        *errnum = errno;
      if (n == 0)
        hex = g_strdup (g_checksum_get_string (sum));
      if (n <= 0)
        break;
      g_checksum_update (sum, chunk, n);
    }

  if (fd >= 0)
    close (fd);
  g_free (chunk);
  g_checksum_free (sum);
  return hex;
}

static gboolean
check_sha256 (Download  *d,
              GError   **error)
{
  gchar   *got;
  gint     errnum;
  gboolean ok;

  d->progress.verifying = TRUE;
  report (d, TRUE);
  if ((got = partial_sha256 (d, &errnum)) == NULL)
    {
      if (errnum == 0)
        return fail_cancelled (error);
      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
                   _("Cannot read the download %s: %s. Nothing was installed."),
                   d->partial, g_strerror (errnum));
      return FALSE;
    }

  ok = strcmp (got, d->manifest->sha256) == 0;
  if (! ok)
    {
      g_unlink (d->partial);
      g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_DOWNLOAD,
                   _("The download's SHA-256 is %s but the manifest says %s: the file "
                     "was damaged and has been deleted; nothing was installed."),
                   got, d->manifest->sha256);
    }
  g_free (got);
  return ok;
}

/* Make the finished file durable, check it, give it its name. */
static gboolean
install (Download  *d,
         GError   **error)
{
  gint fd = d->fd, dir_fd;

  if (d->progress.total == 0)
    d->progress.total = d->progress.received;
  report (d, TRUE);

  d->fd = -1;
  /* after a crash the final name must never hold a file not on disk */
  if (fsync (fd) != 0)
    {
      gint errnum = errno;

      close (fd);
      return fail_write (d, errnum, error);
    }
  if (close (fd) != 0)
    return fail_write (d, errno, error);

  if (! check_size (d, error) || ! check_sha256 (d, error))
    return FALSE;
  if (g_rename (d->partial, d->final) != 0)
    return fail_write (d, errno, error);

  /* the rename itself, durable; a failure here loses nothing */
  if ((dir_fd = g_open (d->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)) >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

/* Create the folder and open the .partial, keeping what it holds unless
 * it is longer than the stated size. */
static gboolean
open_partial (Download  *d,
              GError   **error)
{
  GStatBuf st;

  if (g_mkdir_with_parents (d->dir, 0755) != 0 ||
      (d->fd = g_open (d->partial, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0 ||
      fstat (d->fd, &st) != 0)
    return fail_write (d, errno, error);

  d->progress.received = d->progress.resumed_from = st.st_size;
  if (d->manifest->size != 0 && d->progress.received > d->manifest->size &&
      ! restart_partial (d))
    return fail_write (d, d->write_errno, error);
  if (lseek (d->fd, 0, SEEK_END) < 0)
    return fail_write (d, errno, error);
  return TRUE;
}

/* After a failure: an empty .partial has nothing to resume, and would
 * only be a hidden file left behind by a 404 or an offline attempt. */
static void
drop_empty_partial (const Download *d)
{
  GStatBuf st;

  if (g_lstat (d->partial, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0)
    g_unlink (d->partial);
}

gboolean
nst_fe_download_model (const NstFeManifest      *manifest,
                       const gchar              *dest_dir,
                       GCancellable             *cancellable,
                       NstFeDownloadProgressFn   progress,
                       gpointer                  user_data,
                       gchar                   **installed,
                       GError                  **error)
{
  gchar   *partial_name = g_strdup_printf (".%s.partial", manifest->name);
  Download d = { 0 };
  gboolean ok;

  d.manifest = manifest;
  d.cancellable = cancellable;
  d.progress_fn = progress;
  d.user_data = user_data;
  d.dir = dest_dir;
  d.partial = g_build_filename (dest_dir, partial_name, NULL);
  d.final = g_build_filename (dest_dir, manifest->name, NULL);
  d.fd = -1;
  d.host = g_strdup (manifest->url);
  d.progress.seconds_left = -1.0;

  ok = open_partial (&d, error);
  /* a partial of the stated size is complete (cancelled while checking) */
  if (ok && manifest->size != 0 && d.progress.received == manifest->size)
    d.progress.total = manifest->size;
  else if (ok)
    ok = fetch (&d, error);
  ok = ok && install (&d, error);

  if (ok && installed != NULL)
    *installed = g_strdup (d.final);
  if (d.fd >= 0)
    close (d.fd);
  if (! ok)
    drop_empty_partial (&d);
  g_free (d.host);
  g_free (d.final);
  g_free (d.partial);
  g_free (partial_name);
  return ok;
}


/*  For people  */

gchar *
nst_fe_download_describe (const NstFeDownloadProgress *progress)
{
  GPtrArray *parts;
  gchar     *received, *total, *speed, *left, *text;

  if (progress->verifying)
    return g_strdup (_("Checking the download…"));

  parts = g_ptr_array_new_with_free_func (g_free);
  received = g_format_size (progress->received);
  if (progress->total != 0)
    {
      total = g_format_size (progress->total);
      g_ptr_array_add (parts, g_strdup_printf (_("%s of %s"), received, total));
      g_free (total);
    }
  else
    g_ptr_array_add (parts, g_strdup (received));
  g_free (received);

  if (progress->bytes_per_second > 0.0)
    {
      speed = g_format_size ((guint64) progress->bytes_per_second);
      g_ptr_array_add (parts, g_strdup_printf (_("%s/s"), speed));
      g_free (speed);
    }
  if (progress->seconds_left > 0.0)
    {
      left = nst_fe_format_duration (progress->seconds_left);
      g_ptr_array_add (parts, g_strdup_printf (_("about %s left"), left));
      g_free (left);
    }

  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: between the parts of "120.0 MB of 575.1 MB, 4.2 MB/s, about 2 min left" */
  text = g_strjoinv (C_("download progress", ", "), (gchar **) parts->pdata);
  g_ptr_array_unref (parts);
  return text;
}
