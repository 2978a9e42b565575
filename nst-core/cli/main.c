/* main.c - `nst`, the command-line front end of libnst: dispatch to the
 * subcommands (stylize, model info, bench).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "nst-cli.h"

#ifndef NST_VERSION
#define NST_VERSION "unknown"
#endif

static void
main_usage (FILE *to)
{
  fputs ("Usage: nst COMMAND [OPTION...] [ARGUMENT...]\n"
         "\n"
         "Neural style transfer (Gatys et al.) on the CPU.\n"
         "\n"
         "Commands:\n"
         "  stylize CONTENT STYLE [STYLE...] -o OUT   repaint CONTENT in the style of STYLE\n"
         "  model info [FILE | --builtin]             describe a VGG-19 model file\n"
         "  bench [--size N] [--json]                 measure the engine's speed and memory\n"
         "\n"
         "Run 'nst COMMAND --help' for a command's options; 'nst --version' for the version.\n"
         "Environment: NST_MODEL names the model file; NST_DEBUG=1 shows GEGL's warnings.\n",
         to);
}

/* GEGL and its loaders warn on stderr about files they cannot read;
 * nst reports those itself, in one sentence, so their warnings are
 * shown only with NST_DEBUG set (or --verbose, which sets it). */
static GLogWriterOutput
main_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  const char *debug = g_getenv ("NST_DEBUG");

  (void) user_data;
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0
      || (debug != NULL && *debug != '\0' && strcmp (debug, "0") != 0))
    return g_log_writer_default (level, fields, n_fields, NULL);
  return G_LOG_WRITER_HANDLED;
}

int
main (int    argc,
      char **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;
  int         i;

  setlocale (LC_ALL, "");
  /* numbers in files and JSON use '.', whatever the locale */
  setlocale (LC_NUMERIC, "C");
  g_log_set_writer_func (main_log_writer, NULL, NULL);

  /* --verbose anywhere shows GEGL's warnings too */
  for (i = 2; i < argc; i++)
    if (strcmp (argv[i], "--verbose") == 0 || strcmp (argv[i], "-v") == 0)
      g_setenv ("NST_DEBUG", "1", FALSE);

  if (command == NULL)
    {
      main_usage (stderr);
      return NST_CLI_EXIT_USAGE;
    }
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0
      || strcmp (command, "help") == 0)
    {
      main_usage (stdout);
      return NST_CLI_EXIT_OK;
    }
  if (strcmp (command, "--version") == 0)
    {
      printf ("nst %s\n", NST_VERSION);
      return NST_CLI_EXIT_OK;
    }
  if (strcmp (command, "stylize") == 0 || strcmp (command, "stylise") == 0)
    return nst_cli_stylize (argc - 1, argv + 1);
  if (strcmp (command, "model") == 0)
    return nst_cli_model (argc - 1, argv + 1);
  if (strcmp (command, "bench") == 0)
    return nst_cli_bench (argc - 1, argv + 1);

  nst_cli_print_error (NULL, "unknown command '%s'", command);
  main_usage (stderr);
  return NST_CLI_EXIT_USAGE;
}
