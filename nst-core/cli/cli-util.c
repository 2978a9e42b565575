/* cli-util.c - option parsing, errors and number formats every
 * subcommand of `nst` shares.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nst-cli.h"

const char * const nst_cli_pool_names[] = { "avg", "max", NULL };

GQuark
nst_cli_error_quark (void)
{
  return g_quark_from_static_string ("nst-cli-error-quark");
}

void
nst_cli_print_error (const char *command,
                     const char *format,
                     ...)
{
  va_list ap;

  if (command != NULL)
    fprintf (stderr, "nst %s: ", command);
  else
    fputs ("nst: ", stderr);
  va_start (ap, format);
  vfprintf (stderr, format, ap);
  va_end (ap);
  fputc ('\n', stderr);
}

int
nst_cli_parse_options (GOptionContext   *context,
                       const char       *command,
                       int              *argc,
                       char           ***argv)
{
  gboolean     help = FALSE;
  GOptionEntry help_entries[] =
    {
      { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show this help and exit", NULL },
      { NULL, 0, 0, 0, NULL, NULL, NULL }
    };
  GError      *error = NULL;
  int          code = -1;

  /* GLib's own --help calls exit(); ours returns like every other path. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, help_entries, NULL);

  if (! g_option_context_parse (context, argc, argv, &error))
    {
      nst_cli_print_error (command, "%s", error->message);
      fprintf (stderr, "Try 'nst %s --help'.\n", command);
      code = NST_CLI_EXIT_USAGE;
      goto out;
    }

  if (help)
    {
      char *text = g_option_context_get_help (context, TRUE, NULL);

      fputs (text, stdout);
      g_free (text);
      code = NST_CLI_EXIT_OK;
    }

out:
  g_clear_error (&error);
  return code;
}

int
nst_cli_exit_code (const GError *error)
{
  if (error != NULL && error->domain == NST_CLI_ERROR
      && error->code == NST_CLI_ERROR_USAGE)
    return NST_CLI_EXIT_USAGE;
  return NST_CLI_EXIT_FAILURE;
}

gboolean
nst_cli_parse_bytes (const char  *text,
                     size_t      *bytes,
                     GError     **error)
{
  static const struct { const char *suffix; double factor; } units[] =
    {
      { "",    1.0 },                 { "b",   1.0 },
      { "k",   1024.0 },              { "kb",  1024.0 },       { "kib", 1024.0 },
      { "m",   1048576.0 },           { "mb",  1048576.0 },    { "mib", 1048576.0 },
      { "g",   1073741824.0 },        { "gb",  1073741824.0 }, { "gib", 1073741824.0 },
      { "t",   1099511627776.0 },     { "tb",  1099511627776.0 },
      { "tib", 1099511627776.0 },
    };
  char    *end = NULL;
  char    *suffix = NULL;
  double   value;
  gboolean ok = FALSE;
  size_t   i;

  value = g_ascii_strtod (text, &end);
  if (end == text || ! isfinite (value) || value < 0.0)
    goto out;

  suffix = g_strstrip (g_ascii_strdown (end, -1));
  for (i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (suffix, units[i].suffix) == 0)
      {
        value *= units[i].factor;
        /* 2^64 is exactly representable; anything at or above overflows */
        if (value >= 18446744073709551616.0 || value > (double) SIZE_MAX)
          goto out;
        *bytes = (size_t) llround (value);
        ok = TRUE;
        break;
      }

out:
  if (! ok)
    g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                 "'%s' is not a size in bytes (examples: 800M, 2G, 1.5GiB, 0 for no limit)",
                 text);
  g_free (suffix);
  return ok;
}

gboolean
nst_cli_parse_choice (const char         *option,
                      const char         *text,
                      const char * const *names,
                      int                *value,
                      GError            **error)
{
  char *list;
  int   i;

  for (i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *value = i;
        return TRUE;
      }

  list = g_strjoinv (", ", (char **) names);
  g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
               "%s must be one of %s, not '%s'", option, list, text);
  g_free (list);
  return FALSE;
}

char *
nst_cli_format_bytes (size_t bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

void
nst_cli_format_seconds (double  seconds,
                        char   *buf,
                        size_t  size)
{
  long s;

  if (! isfinite (seconds) || seconds < 0.0)
    {
      g_strlcpy (buf, "--", size);
      return;
    }
  if (seconds < 60.0)
    {
      g_snprintf (buf, size, "%.1fs", seconds);
      return;
    }
  s = lround (seconds);
  if (s < 3600)
    g_snprintf (buf, size, "%ldm%02lds", s / 60, s % 60);
  else
    g_snprintf (buf, size, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
}
