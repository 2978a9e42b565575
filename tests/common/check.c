/* check.c - the one check helper of the C tests: TAP on stdout.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>

static int n_checks;
static int n_failed;

/* The description on one line: TAP ends a result at the newline, and a
 * '#' would start a directive. */
static void
print_description (const char *format,
                   va_list     args)
{
  char        text[1024];
  const char *c;

  vsnprintf (text, sizeof text, format, args);
  for (c = text; *c != '\0'; c++)
    {
      if (*c == '\n')
        fputs (" / ", stdout);
      else if (*c == '#')
        fputs ("\\#", stdout);
      else
        putchar (*c);
    }
}

bool
check_report (bool        ok,
              const char *format,
              ...)
{
  va_list args;

  n_checks++;
  if (! ok)
    n_failed++;
  printf ("%s %d - ", ok ? "ok" : "not ok", n_checks);
  va_start (args, format);
  print_description (format, args);
  va_end (args);
  putchar ('\n');
  /* nothing left in the buffer for a forked child to print again */
  fflush (stdout);
  return ok;
}

void
check_skip (const char *format,
            ...)
{
  va_list args;

  n_checks++;
  printf ("ok %d # SKIP ", n_checks);
  va_start (args, format);
  print_description (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

int
check_failures (void)
{
  return n_failed;
}

int
check_finish (const char *name)
{
  printf ("1..%d\n# %s: %d of %d checks failed\n", n_checks, name, n_failed, n_checks);
  fflush (stdout);
  return n_failed > 0 ? 1 : 0;
}
