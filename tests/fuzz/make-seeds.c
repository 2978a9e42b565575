/* make-seeds.c - valid VGG-shaped models for the loader fuzzer's corpus.
 *
 *   make-seeds DIR
 *
 * writes the smallest models the loader accepts (every conv 1 or 2
 * channels wide: a few kilobytes, so that mutations reach the header
 * more often than the weights) and the tests' usual tiny one.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "st-writer.h"

#include <stdio.h>

int
main (int    argc,
      char **argv)
{
  static const int widths_1[ST_VGG_N_CONVS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  static const int widths_2[ST_VGG_N_CONVS] = { 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2 };
  char             path[1024];
  int              failed = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DIR\n", argv[0]);
      return 2;
    }

  snprintf (path, sizeof path, "%s/seed-width-1.safetensors", argv[1]);
  failed |= st_write_vgg (path, widths_1, 1);
  snprintf (path, sizeof path, "%s/seed-width-2.safetensors", argv[1]);
  failed |= st_write_vgg (path, widths_2, 2);
  snprintf (path, sizeof path, "%s/seed-tiny.safetensors", argv[1]);
  failed |= st_write_vgg (path, st_vgg_widths_tiny, 3);

  return failed == 0 ? 0 : 1;
}
