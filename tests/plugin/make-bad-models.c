/* make-bad-models.c - broken model files for the plug-in's bad-input cases.
 *
 *   make-bad-models DIR
 *
 * writes, with the loader tests' writer (tests/core/st-writer.c):
 *   empty.safetensors        no bytes at all
 *   truncated.safetensors    a tiny model less its last 1000 bytes
 *   huge-header.safetensors  a length field of 100000001 (past the limit)
 *   wrong-shape.safetensors  conv1_1's weight [4, 3, 5, 5] instead of 3x3
 *   nan-weights.safetensors  one NaN and one infinity among the weights
 *   good.safetensors         the tiny model itself, for comparison
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "st-writer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BAD_SEED 7u

static const char *
bad_path (const char *dir,
          const char *name)
{
  static char path[1024];

  snprintf (path, sizeof path, "%s/%s.safetensors", dir, name);
  return path;
}

/* A tiny model, changed by `change` (which may be NULL), written as name. */
static int
bad_write (const char *dir,
           const char *name,
           void      (*change) (st_file *file))
{
  st_file *file = st_file_new ();
  int      status = -1;

  if (file != NULL && st_file_add_vgg (file, st_vgg_widths_tiny, BAD_SEED) == 0)
    {
      if (change != NULL)
        change (file);
      status = st_file_write (file, bad_path (dir, name));
    }
  st_file_free (file);
  return status;
}

static void
bad_truncate (st_file *file)
{
  file->cut_bytes = 1000;
}

static void
bad_shape (st_file *file)
{
  st_tensor *t = st_file_find (file, "features.0.weight");

  t->shape[2] = 5;
  t->shape[3] = 5;
  t->n_bytes = (size_t) 4 * 3 * 5 * 5 * sizeof (float);
}

static void
bad_values (st_file *file)
{
  st_tensor *t = st_file_find (file, "features.2.weight");
  float      nan_value = NAN, inf_value = INFINITY;

  memcpy (t->data + 4 * sizeof (float), &nan_value, sizeof nan_value);
  memcpy (t->data + 9 * sizeof (float), &inf_value, sizeof inf_value);
}

int
main (int    argc,
      char **argv)
{
  int failed = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DIR\n", argv[0]);
      return 2;
    }
  {
    FILE *empty = fopen (bad_path (argv[1], "empty"), "w");

    failed |= empty == NULL || fclose (empty) != 0;
  }
  failed |= bad_write (argv[1], "truncated", bad_truncate) != 0;
  failed |= st_write_raw (bad_path (argv[1], "huge-header"), 100000001, "{}", 2, NULL, 0) != 0;
  failed |= bad_write (argv[1], "wrong-shape", bad_shape) != 0;
  failed |= bad_write (argv[1], "nan-weights", bad_values) != 0;
  failed |= bad_write (argv[1], "good", NULL) != 0;
  return failed ? 1 : 0;
}
