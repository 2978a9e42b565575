/* nst-cli.h - what the files of the `nst` command line share.
 *
 * The command line is a host of libnst like the GIMP plug-ins: it may use
 * GLib (options, files) and GEGL (image files); the engine may not.
 *
 * Exit codes, for every subcommand:
 *   0    success
 *   1    the run failed for a reason the user can act on: a file that is
 *        missing, unreadable or corrupt, an unsupported file type, a job
 *        the engine refuses
 *   2    the command line itself is wrong: an unknown option, a missing or
 *        extra argument, an option value not in its accepted form
 *   130  cancelled with Ctrl-C (128 + SIGINT, as shells report it)
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_CLI_H
#define NST_CLI_H

#include <glib.h>

#include "nst.h"
#include "nst-fe-model.h"

#define NST_CLI_EXIT_OK        0
#define NST_CLI_EXIT_FAILURE   1
#define NST_CLI_EXIT_USAGE     2
#define NST_CLI_EXIT_CANCELLED 130

/* The subcommands: argv[0] is the subcommand's name ("stylize", ...).
 * Each returns one of the exit codes above. */
int nst_cli_stylize (int argc, char **argv);
int nst_cli_model   (int argc, char **argv);
int nst_cli_bench   (int argc, char **argv);

/* `nst bench --presets`: Draft and Balanced on two drawn image pairs,
 * printed (cli-bench-presets.c). */
gboolean nst_cli_bench_presets (const nst_model *model, int threads, GError **error);

/* ---- cli-util.c ------------------------------------------------------ */

#define NST_CLI_ERROR (nst_cli_error_quark ())
GQuark nst_cli_error_quark (void);

/* Codes of NST_CLI_ERROR; each maps to an exit code. */
typedef enum
{
  NST_CLI_ERROR_FAILED,   /* exit 1 */
  NST_CLI_ERROR_USAGE     /* exit 2 */
} NstCliError;

/* Print "nst COMMAND: MESSAGE" on stderr. */
void     nst_cli_print_error  (const char *command,
                               const char *format,
                               ...) G_GNUC_PRINTF (2, 3);

/* Parse the options of a subcommand and leave its positional arguments
 * in argc/argv (argv[0] stays the subcommand).  Returns -1 to go on, or
 * the exit code to return at once (0 after --help, 2 after an error,
 * which has been printed). */
int      nst_cli_parse_options (GOptionContext   *context,
                                const char       *command,
                                int              *argc,
                                char           ***argv);

/* The exit code for an error of NST_CLI_ERROR or any other domain. */
int      nst_cli_exit_code    (const GError *error);

/* "512M", "2G", "1.5GiB", "65536", "0": bytes (binary multiples).  FALSE
 * with a usage error when the text is not a size or overflows. */
gboolean nst_cli_parse_bytes  (const char  *text,
                               size_t      *bytes,
                               GError     **error);

/* Match `text` against a NULL-terminated list of names; the index in
 * *value.  FALSE with a usage error that lists the choices. */
gboolean nst_cli_parse_choice (const char         *option,
                               const char         *text,
                               const char * const *names,
                               int                *value,
                               GError            **error);

/* "avg" / "max", shared by stylize and bench. */
extern const char * const nst_cli_pool_names[];

/* A size in bytes for people: "1.2 GiB".  Free with g_free(). */
char    *nst_cli_format_bytes (size_t bytes);

/* A duration for people: "3m05s", "12.3s", "1h02m". */
void     nst_cli_format_seconds (double seconds,
                                 char  *buf,
                                 size_t size);

/* ---- cli-model.c: opening the network --------------------------------- */

/* Open the network for a run through the front end's one model search
 * (nst-fe-model.h, shared with the plug-in).  With `path` (a file, or a
 * folder holding the model file) that file must load; `source` names
 * where the path came from for messages ("--model").  Without it and with
 * `search`, $NST_MODEL, then the user's and the system's data folders are
 * tried; when none holds the model, the built-in network is used and
 * *used_builtin_fallback (may be NULL) is set.  Without `search`, the
 * built-in network.  Release with nst_fe_model_close(); errors come back
 * in the front end's domain (exit code 1) naming the file. */
gboolean nst_cli_model_open   (const char   *path,
                               const char   *source,
                               gboolean      search,
                               NstFeModel   *model,
                               gboolean     *used_builtin_fallback,
                               GError      **error);

/* ---- cli-image.c: image files through GEGL ---------------------------- */

/* Load an image file (PNG, JPEG, TIFF, OpenEXR, WebP, PNM; 8/16-bit or
 * float) as R'G'B' floats.  When `alpha` is not NULL, *alpha receives the
 * file's alpha (width x height floats, g_free()) or NULL when the file has
 * none.  The file type is told from its first bytes, not its name. */
gboolean nst_cli_image_load   (const char  *path,
                               nst_image   *image,
                               float      **alpha,
                               GError     **error);

/* Check before a long run that `path` can be written: a known extension,
 * `bits` (0 = the format's default) allowed by it, and a writable
 * folder.  *bits_out receives the bit depth to save with. */
gboolean nst_cli_image_check_output (const char  *path,
                                     int          bits,
                                     int         *bits_out,
                                     GError     **error);

/* Save image (+ alpha when not NULL) to `path` with `bits` per channel
 * (8, 16 or 32 = float), atomically: written to PATH.tmp-XXXXXX in the
 * same folder, then renamed, so a failure leaves no partial file. */
gboolean nst_cli_image_save   (const char      *path,
                               const nst_image *image,
                               const float     *alpha,
                               int              bits,
                               GError         **error);

#endif /* NST_CLI_H */
