/* mem-estimate.c - nst_estimate_job()'s peak beside the measured one.
 *
 *   mem-estimate [SIZE ...]          print a table (default 256 512 1024)
 *   mem-estimate --check SIZE ...    the same, and exit 1 when a size
 *                                    disagrees by more than 15 %, or when
 *                                    a job over the memory limit is not
 *                                    refused before it allocates
 *
 * Each size runs in its own child process (so peaks do not carry over):
 * the built-in network, random content and style at SIZE x SIZE, one
 * level, 42 L-BFGS iterations without the tolerance test (the history's
 * pages are first touched as its pairs fill: up to 40 pairs, and the
 * estimate counts them all, as a real run of 48 touches them).  "measured" is the child's peak RSS less its RSS just before
 * nst_stylize(), i.e. the run's own memory, which is what the estimate
 * predicts.  Then the same job with memory_limit at half the estimate must
 * fail at once without raising the peak RSS by more than 1 MiB.
 *
 * Built with AddressSanitizer (the build-sanitize pass of run-all.sh) the
 * RSS says nothing about the estimate: every allocation carries redzones
 * and its shadow, and freed blocks wait in a quarantine of up to 256 MiB.
 * The comparison is then printed but not checked ("not compared"); the
 * runs themselves and the refusal of the over-limit job still are.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MEM_ITERATIONS 42
#define MEM_TOLERANCE  0.15
#define MEM_MIB        (1024.0 * 1024.0)

/* GCC says __SANITIZE_ADDRESS__, clang __has_feature (address_sanitizer). */
#if defined (__SANITIZE_ADDRESS__)
#define MEM_RSS_MEANINGFUL 0
#elif defined (__has_feature)
#if __has_feature (address_sanitizer)
#define MEM_RSS_MEANINGFUL 0
#endif
#endif
#ifndef MEM_RSS_MEANINGFUL
#define MEM_RSS_MEANINGFUL 1
#endif

typedef struct
{
  double predicted;   /* bytes */
  double measured;    /* bytes */
  int    refused;     /* the over-limit job failed without growing */
  double refused_growth;
  int    ok;          /* the run itself succeeded */
} mem_result;

static size_t
mem_peak_rss (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (size_t) ru.ru_maxrss * 1024;
}

static size_t
mem_current_rss (void)
{
  FILE         *f = fopen ("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;

  if (f == NULL)
    return 0;
  if (fscanf (f, "%lu %lu", &size, &resident) != 2)
    resident = 0;
  fclose (f);
  return (size_t) resident * (size_t) sysconf (_SC_PAGESIZE);
}

static void
mem_fill (nst_image *image,
          unsigned   seed)
{
  size_t i, n = (size_t) image->width * image->height * 3;

  for (i = 0; i < n; i++)
    {
      seed = seed * 1664525u + 1013904223u;
      image->data[i] = (float) (seed >> 8) / 16777216.0f;
    }
}

/* In the child: run one size and fill *r. */
static void
mem_measure (int         size,
             mem_result *r)
{
  nst_model   *model = NULL;
  nst_image    content = { 0 }, style_image = { 0 }, output = { 0 };
  nst_style    style = { 0 };   /* fields added later (selection) stay NULL */
  nst_params   params = nst_params_default ();
  nst_estimate est;
  nst_error    err;
  size_t       before, peak;

  memset (r, 0, sizeof *r);
  if (nst_model_new_builtin (&model, &err) != NST_STATUS_OK
      || nst_image_init (&content, size, size, &err) != NST_STATUS_OK
      || nst_image_init (&style_image, size, size, &err) != NST_STATUS_OK
      || nst_image_init (&output, size, size, &err) != NST_STATUS_OK)
    {
      fprintf (stderr, "set-up: %s\n", err.message);
      return;
    }
  mem_fill (&content, 1);
  mem_fill (&style_image, 2);
  memcpy (output.data, content.data, sizeof (float) * 3 * size * size);
  style.image = &style_image;
  style.weight = 1.0f;
  style.region = NULL;
  params.size = size;
  params.min_size = size;
  params.levels = 1;
  params.iterations = MEM_ITERATIONS;
  params.tolerance = 0.0f;

  if (nst_estimate_job (model, size, size, &style, 1, &params, &est, &err) != NST_STATUS_OK)
    {
      fprintf (stderr, "estimate: %s\n", err.message);
      return;
    }
  r->predicted = (double) est.peak_bytes;

  /* the refusal first, while the peak is still low enough to see growth */
  params.memory_limit = est.peak_bytes / 2;
  before = mem_peak_rss ();
  r->refused = nst_stylize (model, &content, &style, 1, &params, &output, &err)
               != NST_STATUS_OK;
  r->refused_growth = (double) (mem_peak_rss () - before);
  r->refused = r->refused && r->refused_growth <= MEM_MIB;
  params.memory_limit = 0;

  before = mem_current_rss ();
  r->ok = nst_stylize (model, &content, &style, 1, &params, &output, &err) == NST_STATUS_OK;
  if (! r->ok)
    fprintf (stderr, "run: %s\n", err.message);
  peak = mem_peak_rss ();
  r->measured = peak > before ? (double) (peak - before) : 0.0;

  nst_image_clear (&content);
  nst_image_clear (&style_image);
  nst_image_clear (&output);
  nst_model_free (model);
}

/* Run mem_measure() in a child and read its result through a pipe. */
static int
mem_run_child (int         size,
               mem_result *r)
{
  int   fds[2];
  pid_t pid;
  int   status;

  memset (r, 0, sizeof *r);
  if (pipe (fds) != 0)
    return -1;
  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    return -1;
  if (pid == 0)
    {
      mem_result child;

      close (fds[0]);
      mem_measure (size, &child);
      _exit (write (fds[1], &child, sizeof child) == (ssize_t) sizeof child ? 0 : 1);
    }
  close (fds[1]);
  if (read (fds[0], r, sizeof *r) != (ssize_t) sizeof *r)
    memset (r, 0, sizeof *r);
  close (fds[0]);
  waitpid (pid, &status, 0);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0 ? 0 : -1;
}

int
main (int    argc,
      char **argv)
{
  static const char *default_sizes[] = { "256", "512", "1024" };
  const char       **sizes = default_sizes;
  int                n_sizes = 3;
  int                check = 0, failed = 0, i;

  if (argc > 1 && strcmp (argv[1], "--check") == 0)
    {
      check = 1;
      argc--;
      argv++;
    }
  if (argc > 1)
    {
      sizes = (const char **) argv + 1;
      n_sizes = argc - 1;
    }

  printf ("built-in VGG-19, 1 style, 1 level, %d L-BFGS iterations\n", MEM_ITERATIONS);
  if (! MEM_RSS_MEANINGFUL)
    printf ("built with AddressSanitizer: estimate and RSS not compared\n");
  printf ("%6s %14s %14s %8s  %s\n", "size", "estimate MiB", "measured MiB", "diff",
          "over-limit job");
  for (i = 0; i < n_sizes; i++)
    {
      int        size = atoi (sizes[i]);
      mem_result r;
      double     diff;
      int        agree;

      if (mem_run_child (size, &r) != 0 || ! r.ok || r.predicted <= 0)
        {
          printf ("%6d  run failed\n", size);
          failed++;
          continue;
        }
      diff = (r.measured - r.predicted) / r.predicted;
      agree = fabs (diff) <= MEM_TOLERANCE || ! MEM_RSS_MEANINGFUL;
      printf ("%6d %14.1f %14.1f %+7.1f%%  %s (peak grew %.2f MiB)%s\n", size,
              r.predicted / MEM_MIB, r.measured / MEM_MIB, 100.0 * diff,
              r.refused ? "refused" : "NOT REFUSED", r.refused_growth / MEM_MIB,
              ! MEM_RSS_MEANINGFUL ? "  (not compared)"
              : agree ? "" : "  <- more than 15 % apart");
      if (! agree || ! r.refused)
        failed++;
    }
  return check && failed > 0 ? 1 : 0;
}
