/* test-download.c - the model download (nst-fe-download.c) against
 * download-server.py on 127.0.0.1: a complete download, a resume after an
 * interrupted transfer, a server without ranges, a damaged file, a 404, a
 * full disk, no server, a cancel, bad manifests and the status line.  No
 * network beyond 127.0.0.1; the payload, manifests and destination are in
 * a temporary folder.  TAP-like "ok"/"FAILED" lines.
 *
 * Usage: test-download PYTHON3 DOWNLOAD-SERVER.PY */
#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nst-fe-download.h"
#include "nst-fe-error.h"
#include "test-util.h"

#define PAYLOAD_SIZE (3 * 1024 * 1024)
/* the file size limit of the disk-full case: a third of the payload */
#define FSIZE_LIMIT  (1024 * 1024)
#define MODEL_NAME   "vgg19.safetensors"
/* g_format_size() keeps the number and its unit together */
#define NBSP         "\xc2\xa0"

typedef struct
{
  gchar *dir;            /* the temporary folder of the whole test */
  gchar *dest;           /* dir/models: where downloads go */
  gchar *partial;        /* dest/.MODEL_NAME.partial */
  gchar *final;          /* dest/MODEL_NAME */
  gchar *payload_path;
  gchar *log_path;
  gchar *manifest_path;
  GBytes *payload;
  gchar *sha256;
  GPid   server;
  gint   port;
} Fixture;

typedef struct
{
  guint                 calls;
  gboolean              verifying;       /* a call said so */
  NstFeDownloadProgress last_transfer;   /* the last call before the check */
  GCancellable         *cancel_on_bytes; /* cancelled at the first bytes */
} Record;

static void
on_progress (const NstFeDownloadProgress *progress,
             gpointer                     user_data)
{
  Record *record = user_data;

  record->calls++;
  if (progress->verifying)
    record->verifying = TRUE;
  else
    record->last_transfer = *progress;
  if (record->cancel_on_bytes != NULL && progress->received > progress->resumed_from)
    g_cancellable_cancel (record->cancel_on_bytes);
}

static void
make_payload (Fixture *fx)
{
  GRand  *rand = g_rand_new_with_seed (20260113);
  guint32 *words = g_new (guint32, PAYLOAD_SIZE / 4);
  gsize   i;

  for (i = 0; i < PAYLOAD_SIZE / 4; i++)
    words[i] = g_rand_int (rand);
  fx->payload = g_bytes_new_take (words, PAYLOAD_SIZE);
  fx->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, fx->payload);
  g_file_set_contents (fx->payload_path, (const gchar *) words, PAYLOAD_SIZE, NULL);
  g_rand_free (rand);
}

/* The server dies with the test, even when the test crashes. */
static void
server_child_setup (gpointer data)
{
  (void) data;
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
start_server (Fixture     *fx,
              const gchar *python,
              const gchar *script)
{
  gchar  *argv[] = { (gchar *) python, (gchar *) script, fx->payload_path, fx->log_path, NULL };
  GError *error = NULL;
  gint    out;
  gchar   line[32] = "";
  FILE   *stream;

  if (! g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                  server_child_setup, NULL, &fx->server,
                                  NULL, &out, NULL, &error))
    {
      printf ("# cannot start %s: %s\n", script, error->message);
      g_error_free (error);
      return FALSE;
    }
  stream = fdopen (out, "r");
  if (fgets (line, sizeof (line), stream) == NULL || (fx->port = atoi (line)) <= 0)
    {
      printf ("# the server printed no port\n");
      return FALSE;
    }
  fclose (stream);
  return TRUE;
}

static void
stop_server (Fixture *fx)
{
  if (fx->server <= 0)
    return;
  kill (fx->server, SIGTERM);
  waitpid (fx->server, NULL, 0);
  g_spawn_close_pid (fx->server);
  fx->server = 0;
}

/* Write a manifest for `path` on the server and load it. */
static gboolean
manifest_for (Fixture       *fx,
              const gchar   *path,
              const gchar   *size,
              NstFeManifest *manifest)
{
  gchar   *text = g_strdup_printf ("# test manifest\nname=%s\n"
                                   "url=http://127.0.0.1:%d%s\nsha256=%s\nsize=%s\n",
                                   MODEL_NAME, fx->port, path, fx->sha256, size);
  GError  *error = NULL;
  gboolean ok;

  g_file_set_contents (fx->manifest_path, text, -1, NULL);
  ok = nst_fe_manifest_load (fx->manifest_path, manifest, &error);
  if (! ok)
    printf ("# manifest: %s\n", error->message);
  g_clear_error (&error);
  g_free (text);
  return ok;
}

/* Download `path` from the server; the error's message (or "") in
 * *message, its code in *code (-1: none). */
static gboolean
download (Fixture      *fx,
          const gchar  *path,
          const gchar  *size,
          Record       *record,
          GCancellable *cancellable,
          gint         *code,
          gchar       **message)
{
  NstFeManifest manifest;
  GError       *error = NULL;
  gchar        *installed = NULL;
  gboolean      ok = FALSE;

  *code = -1;
  if (manifest_for (fx, path, size, &manifest))
    ok = nst_fe_download_model (&manifest, fx->dest, cancellable, on_progress, record,
                                &installed, &error);
  *message = g_strdup (error != NULL ? error->message : "");
  if (error != NULL && error->domain == NST_FE_ERROR)
    *code = error->code;
  if (ok && g_strcmp0 (installed, fx->final) != 0)
    {
      printf ("# installed as %s\n", installed);
      ok = FALSE;
    }
  g_clear_error (&error);
  g_free (installed);
  nst_fe_manifest_clear (&manifest);
  return ok;
}

static gint64
file_size (const gchar *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

static gboolean
is_payload (Fixture     *fx,
            const gchar *path)
{
  gchar   *data = NULL;
  gsize    length = 0;
  gboolean same;

  if (! g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  same = length == PAYLOAD_SIZE && memcmp (data, g_bytes_get_data (fx->payload, NULL), length) == 0;
  g_free (data);
  return same;
}

static gboolean
log_has (Fixture     *fx,
         const gchar *line)
{
  gchar   *text = NULL, *wanted = g_strdup_printf ("%s\n", line);
  gboolean found;

  g_file_get_contents (fx->log_path, &text, NULL, NULL);
  found = text != NULL && strstr (text, wanted) != NULL;
  g_free (text);
  g_free (wanted);
  return found;
}

static void
clean_dest (Fixture *fx)
{
  g_unlink (fx->partial);
  g_unlink (fx->final);
  g_unlink (fx->log_path);
}

static void
test_complete (Fixture *fx)
{
  Record record = { 0 };
  gchar *message, *size = g_strdup_printf ("%d", PAYLOAD_SIZE);
  gint   code;

  clean_dest (fx);
  CHECK (download (fx, "/model", size, &record, NULL, &code, &message),
         "complete download (%s)", message);
  CHECK (is_payload (fx, fx->final) && file_size (fx->partial) < 0,
         "the final file holds the payload, no .partial is left");
  CHECK (record.last_transfer.received == PAYLOAD_SIZE
         && record.last_transfer.total == PAYLOAD_SIZE && record.verifying,
         "progress ended at %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
         " bytes, then the check (%u calls)",
         record.last_transfer.received, record.last_transfer.total, record.calls);
  CHECK (log_has (fx, "/model -"), "a first download asks for no range");
  g_free (message);
  g_free (size);
}

/* /cut leaves a .partial of some bytes; its size, or -1. */
static gint64
interrupted (Fixture *fx)
{
  Record  record = { 0 };
  gchar  *message;
  gint    code;
  gint64  kept;

  clean_dest (fx);
  CHECK (! download (fx, "/cut", "", &record, NULL, &code, &message)
         && code == NST_FE_ERROR_DOWNLOAD && strstr (message, "127.0.0.1") != NULL,
         "an interrupted transfer fails: %s", message);
  kept = file_size (fx->partial);
  CHECK (kept > 0 && kept < PAYLOAD_SIZE && file_size (fx->final) < 0,
         "its .partial keeps %" G_GINT64_FORMAT " bytes, no final file", kept);
  g_free (message);
  return kept;
}

static void
test_resume (Fixture *fx)
{
  Record record = { 0 };
  gint64 kept = interrupted (fx);
  gchar *message, *range = g_strdup_printf ("/model bytes=%" G_GINT64_FORMAT "-", kept);
  gint   code;

  CHECK (download (fx, "/model", "", &record, NULL, &code, &message),
         "the resumed download succeeds (%s)", message);
  CHECK (log_has (fx, range), "the resume asked for '%s'", range);
  CHECK (record.last_transfer.resumed_from == (guint64) kept
         && record.last_transfer.received == PAYLOAD_SIZE,
         "progress counts the kept bytes (resumed from %" G_GUINT64_FORMAT ")",
         record.last_transfer.resumed_from);
  CHECK (is_payload (fx, fx->final) && file_size (fx->partial) < 0,
         "the resumed file equals the payload");
  g_free (message);
  g_free (range);
}

static void
test_norange (Fixture *fx)
{
  Record record = { 0 };
  gint64 kept = interrupted (fx);
  gchar *message, *range = g_strdup_printf ("/norange bytes=%" G_GINT64_FORMAT "-", kept);
  gint   code;

  CHECK (download (fx, "/norange", "", &record, NULL, &code, &message)
         && log_has (fx, range),
         "a 200 answer to a range restarts from zero (%s)", message);
  CHECK (is_payload (fx, fx->final) && file_size (fx->partial) < 0
         && record.last_transfer.resumed_from == 0,
         "and ends with the payload");
  g_free (message);
  g_free (range);
}

/* A .partial as long as the file or longer: the server answers 416. */
static void
test_past_end (Fixture *fx)
{
  Record record = { 0 };
  gchar *message, *junk = g_malloc0 (PAYLOAD_SIZE + 10);
  gint   code;

  clean_dest (fx);
  g_mkdir_with_parents (fx->dest, 0755);
  g_file_set_contents (fx->partial, junk, PAYLOAD_SIZE + 10, NULL);
  CHECK (download (fx, "/model", "", &record, NULL, &code, &message)
         && is_payload (fx, fx->final) && log_has (fx, "/model -"),
         "a .partial longer than the file (416) starts again from zero (%s)", message);
  g_free (message);

  clean_dest (fx);
  g_file_set_contents (fx->partial, g_bytes_get_data (fx->payload, NULL), PAYLOAD_SIZE, NULL);
  CHECK (download (fx, "/model", "", &record, NULL, &code, &message)
         && is_payload (fx, fx->final) && ! log_has (fx, "/model -"),
         "a complete .partial (416 for the whole size) is checked, not fetched again (%s)",
         message);
  g_free (message);
  g_free (junk);
}

static void
test_bad_checksum (Fixture *fx)
{
  Record  record = { 0 };
  guchar *bad = g_memdup2 (g_bytes_get_data (fx->payload, NULL), PAYLOAD_SIZE);
  gchar  *message, *bad_sha;
  gint    code;

  bad[PAYLOAD_SIZE - 1] ^= 0xFF;
  bad_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bad, PAYLOAD_SIZE);
  clean_dest (fx);
  CHECK (! download (fx, "/bad", "", &record, NULL, &code, &message)
         && code == NST_FE_ERROR_DOWNLOAD,
         "a damaged download fails: %s", message);
  CHECK (strstr (message, fx->sha256) != NULL && strstr (message, bad_sha) != NULL,
         "the message gives both hashes");
  CHECK (file_size (fx->partial) < 0 && file_size (fx->final) < 0,
         "neither the .partial nor the final file remains");
  g_free (message);
  g_free (bad_sha);
  g_free (bad);
}

static void
test_not_found (Fixture *fx)
{
  Record record = { 0 };
  gchar *message;
  gint   code;

  clean_dest (fx);
  CHECK (! download (fx, "/missing", "", &record, NULL, &code, &message)
         && code == NST_FE_ERROR_DOWNLOAD && strstr (message, "404") != NULL,
         "a 404 fails: %s", message);
  CHECK (file_size (fx->partial) < 0 && file_size (fx->final) < 0, "and leaves nothing");
  g_free (message);
}

/* The child's exit status: 0 when the download failed as a full disk. */
static int
disk_full_child (Fixture *fx)
{
  struct rlimit limit = { FSIZE_LIMIT, FSIZE_LIMIT };
  Record        record = { 0 };
  gchar        *message;
  gint          code;
  gboolean      ok;

  signal (SIGXFSZ, SIG_IGN);
  if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
    return 2;
  ok = download (fx, "/model", "", &record, NULL, &code, &message);
  printf ("# (child: %s)\n", message);
  return ! ok && code == NST_FE_ERROR_DOWNLOAD
         && strstr (message, "Not enough disk space") != NULL ? 0 : 1;
}

static void
test_disk_full (Fixture *fx)
{
  pid_t pid;
  int   status = -1;

  clean_dest (fx);
  fflush (stdout);
  if ((pid = fork ()) == 0)
    {
      gint result = disk_full_child (fx);

      fflush (stdout);
      _exit (result);
    }
  waitpid (pid, &status, 0);
  CHECK (pid > 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0,
         "a full disk (file size limit) fails with the disk-space message");
  CHECK (file_size (fx->final) < 0 && file_size (fx->partial) > 0,
         "no final file; the .partial (%" G_GINT64_FORMAT " bytes) is kept for a resume",
         file_size (fx->partial));
}

/* A port on 127.0.0.1 that nobody listens on (bound, read, closed). */
static gint
free_port (void)
{
  struct sockaddr_in address = { 0 };
  socklen_t          length = sizeof (address);
  gint               fd = socket (AF_INET, SOCK_STREAM, 0), port = 0;

  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd >= 0 && bind (fd, (struct sockaddr *) &address, sizeof (address)) == 0
      && getsockname (fd, (struct sockaddr *) &address, &length) == 0)
    port = ntohs (address.sin_port);
  if (fd >= 0)
    close (fd);
  return port;
}

static void
test_offline (Fixture *fx)
{
  Record record = { 0 };
  gint   code, server_port = fx->port;
  gchar *message;
  gint64 start = g_get_monotonic_time ();
  gdouble seconds;

  clean_dest (fx);
  fx->port = free_port ();
  CHECK (! download (fx, "/model", "", &record, NULL, &code, &message)
         && code == NST_FE_ERROR_DOWNLOAD && strstr (message, "Could not reach 127.0.0.1") != NULL,
         "no server: %s", message);
  seconds = (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC;
  CHECK (seconds < 5.0 && file_size (fx->partial) < 0 && file_size (fx->final) < 0,
         "at once (%.2f s), leaving nothing", seconds);
  fx->port = server_port;
  g_free (message);
}

static void
test_cancel (Fixture *fx)
{
  Record  record = { 0 };
  gchar  *message;
  gint    code;
  gint64  kept;

  clean_dest (fx);
  record.cancel_on_bytes = g_cancellable_new ();
  CHECK (! download (fx, "/model", "", &record, record.cancel_on_bytes, &code, &message)
         && code == NST_FE_ERROR_CANCELLED,
         "cancelled at the first bytes: %s", message);
  kept = file_size (fx->partial);
  CHECK (kept > 0 && kept < PAYLOAD_SIZE && file_size (fx->final) < 0,
         "the .partial keeps %" G_GINT64_FORMAT " bytes for a resume, no final file", kept);
  g_object_unref (record.cancel_on_bytes);
  g_free (message);
}

#define SHA_UPPER "11AEA017B543FF59233749D8F1CF544CDA749378F5790D2FEDAB841FB86B7669"

/* A manifest of `text` must be refused with a sentence naming the file
 * and `key`. */
static void
check_refused (Fixture     *fx,
               const gchar *text,
               const gchar *key,
               const gchar *what)
{
  NstFeManifest manifest;
  GError       *error = NULL;

  g_file_set_contents (fx->manifest_path, text, -1, NULL);
  CHECK (! nst_fe_manifest_load (fx->manifest_path, &manifest, &error)
         && error != NULL && strstr (error->message, key) != NULL
         && strstr (error->message, fx->manifest_path) != NULL,
         "%s is refused: %s", what, error != NULL ? error->message : "(loaded)");
  g_clear_error (&error);
  nst_fe_manifest_clear (&manifest);
}

static void
test_manifest (Fixture *fx)
{
  gchar        *lower = g_ascii_strdown (SHA_UPPER, -1);
  NstFeManifest manifest;

  check_refused (fx, "name=a.safetensors\nurl=http://x/a\n# sha256=" SHA_UPPER "\nsize=\n",
                 "sha256=", "a manifest without sha256=");
  check_refused (fx, "name=a.safetensors\nurl=http://x/a\nsha256=" SHA_UPPER "\nsize=12x\n",
                 "size=", "one with a bad size");
  check_refused (fx, "name=../a\nurl=http://x/a\nsha256=" SHA_UPPER "\n",
                 "name=", "one whose name leaves the folder");

  g_file_set_contents (fx->manifest_path, "name=a.safetensors \r\nurl=http://x/a\n"
                       "sha256=" SHA_UPPER "\nsize= 42\n", -1, NULL);
  g_setenv ("NST_MANIFEST", fx->manifest_path, TRUE);
  CHECK (nst_fe_manifest_load (NULL, &manifest, NULL)
         && strcmp (manifest.name, "a.safetensors") == 0 && manifest.size == 42
         && strcmp (manifest.sha256, lower) == 0,
         "$NST_MANIFEST is read, values stripped, the hash in lowercase");
  g_unsetenv ("NST_MANIFEST");
  nst_fe_manifest_clear (&manifest);
  g_free (lower);
}

/* The manifest built in (for a plug-in folder copied without its data)
 * is data/models.manifest's. */
static void
test_built_in_manifest (const gchar *source_path)
{
  NstFeManifest built_in, source;
  gboolean      ok_built_in = nst_fe_manifest_load_built_in (&built_in, NULL);
  gboolean      ok_source = nst_fe_manifest_load (source_path, &source, NULL);

  CHECK (ok_built_in && ok_source && strcmp (built_in.name, source.name) == 0
         && strcmp (built_in.url, source.url) == 0
         && strcmp (built_in.sha256, source.sha256) == 0 && built_in.size == source.size
         && g_str_has_prefix (built_in.url, "https://"),
         "the built-in manifest is data/models.manifest's (%s)",
         ok_built_in ? built_in.url : "does not load");
  nst_fe_manifest_clear (&built_in);
  nst_fe_manifest_clear (&source);
}

static void
test_describe (void)
{
  NstFeDownloadProgress running = { 120000000, 575000000, 0, 4200000.0, 108.0, FALSE };
  NstFeDownloadProgress starting = { 1500000, 0, 0, 0.0, -1.0, FALSE };
  NstFeDownloadProgress checking = { 575000000, 575000000, 0, 0.0, 0.0, TRUE };
  gchar                *text;

  text = nst_fe_download_describe (&running);
  CHECK (strstr (text, "120.0" NBSP "MB of 575.0" NBSP "MB") != NULL
         && strstr (text, "4.2" NBSP "MB/s") != NULL
         && strstr (text, "about 2 min left") != NULL, "running: '%s'", text);
  g_free (text);
  text = nst_fe_download_describe (&starting);
  CHECK (strstr (text, "1.5" NBSP "MB") != NULL && strstr (text, "left") == NULL
         && strstr (text, "/s") == NULL, "unknown total and speed left out: '%s'", text);
  g_free (text);
  text = nst_fe_download_describe (&checking);
  CHECK (strstr (text, "Checking") != NULL, "checking: '%s'", text);
  g_free (text);
}

static void
fixture_init (Fixture *fx)
{
  fx->dir = g_dir_make_tmp ("nst-download-XXXXXX", NULL);
  fx->dest = g_build_filename (fx->dir, "models", NULL);
  fx->partial = g_build_filename (fx->dest, "." MODEL_NAME ".partial", NULL);
  fx->final = g_build_filename (fx->dest, MODEL_NAME, NULL);
  fx->payload_path = g_build_filename (fx->dir, "payload", NULL);
  fx->log_path = g_build_filename (fx->dir, "requests.log", NULL);
  fx->manifest_path = g_build_filename (fx->dir, "models.manifest", NULL);
  make_payload (fx);
}

static void
fixture_clear (Fixture *fx)
{
  gchar *cmd = g_strdup_printf ("rm -rf '%s'", fx->dir);

  stop_server (fx);
  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", fx->dir);
  g_free (cmd);
  g_free (fx->dir);
  g_free (fx->dest);
  g_free (fx->partial);
  g_free (fx->final);
  g_free (fx->payload_path);
  g_free (fx->log_path);
  g_free (fx->manifest_path);
  g_free (fx->sha256);
  g_bytes_unref (fx->payload);
}

int
main (int    argc,
      char **argv)
{
  Fixture fx = { 0 };

  if (argc != 4)
    {
      g_printerr ("usage: %s PYTHON3 DOWNLOAD-SERVER.PY MODELS.MANIFEST\n", argv[0]);
      return 2;
    }
  setlocale (LC_ALL, "C");
  /* straight to 127.0.0.1, whatever proxy the machine has */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  fixture_init (&fx);

  if (start_server (&fx, argv[1], argv[2]))
    {
      test_complete (&fx);
      test_resume (&fx);
      test_norange (&fx);
      test_past_end (&fx);
      test_bad_checksum (&fx);
      test_not_found (&fx);
      test_disk_full (&fx);
      test_offline (&fx);
      test_cancel (&fx);
    }
  else
    check_report (false, "the fixture was set up");
  test_manifest (&fx);
  test_built_in_manifest (argv[3]);
  test_describe ();

  fixture_clear (&fx);
  return check_finish ("download");
}
