/* check.h - the one check helper of the C tests.
 *
 * Each check is one TAP line on stdout ("ok 3 - the loss fell" or "not
 * ok 3 - ..."), the plan comes last, and meson reads them with
 * protocol: 'tap', so a failure is reported by name.  Checks go on after
 * a failure; the exit status says whether any failed.  Other output of a
 * test should be TAP comments ("# ..."), which meson shows in the log.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_TEST_CHECK_H
#define NST_TEST_CHECK_H

#include <stdbool.h>

/* Report one check, described printf-style; returns `ok`. */
bool check_report (bool ok, const char *format, ...)
  __attribute__ ((format (printf, 2, 3)));

/* Report a check that cannot run here as skipped, saying why. */
void check_skip (const char *format, ...)
  __attribute__ ((format (printf, 1, 2)));

/* The failures so far. */
int  check_failures (void);

/* Print the plan and a summary comment naming the test; the exit status
 * for main: 0 when every check passed, else 1. */
int  check_finish (const char *name);

/* `cond` is evaluated before the description's arguments, which may
 * read what it computed. */
#define CHECK(cond, ...)                                  \
  do {                                                    \
    bool check_ok_ = (cond);                              \
    check_report (check_ok_, __VA_ARGS__);                \
  } while (0)

#endif
