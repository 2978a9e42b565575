/* cli-test-tool.c - what the `nst` command-line tests make and measure:
 * deterministic images and model files, and a comparison of two images.
 *
 *   cli-test-tool make OUT.png WIDTH HEIGHT SEED [alpha]
 *       an 8-bit PNG: gradients and stripes that depend on SEED; with
 *       "alpha", a radial alpha from 1 in the centre to 0.25 in the corners
 *   cli-test-tool compare A B
 *       prints "WIDTH_A HEIGHT_A WIDTH_B HEIGHT_B RGB_MEAN_ABS_DIFF
 *       ALPHA_MAX_ABS_DIFF ALPHA_A ALPHA_B" (alpha flags 0/1)
 *   cli-test-tool model OUT.safetensors tiny|constant
 *       a tiny VGG-19-shaped model (tests/core/st-writer.c); "constant"
 *       sets every weight of conv3_2 to 0.25, which loads but is wrong
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gegl.h>

#include "st-writer.h"

static int
tool_make (const char *path,
           int         width,
           int         height,
           int         seed,
           gboolean    alpha)
{
  GeglRectangle extent = { 0, 0, width, height };
  const Babl   *format = babl_format ("R'G'B'A float");
  GeglBuffer   *buffer = gegl_buffer_new (&extent, format);
  GeglNode     *graph, *source, *save;
  float        *px = g_new (float, (size_t) width * height * 4);
  double        angle = 0.7 * seed, freq = 0.15 + 0.05 * (seed % 5);
  int           x, y;

  for (y = 0; y < height; y++)
    for (x = 0; x < width; x++)
      {
        float *p = px + ((size_t) y * width + x) * 4;
        double u = (double) x / width, v = (double) y / height;
        double s = 0.5 + 0.5 * sin (freq * (x * cos (angle) + y * sin (angle)));
        double r = hypot (u - 0.5, v - 0.5) / hypot (0.5, 0.5);

        p[0] = (float) (0.2 + 0.6 * u * s);
        p[1] = (float) (0.2 + 0.6 * v * (1.0 - s));
        p[2] = (float) (0.5 + 0.4 * sin (3.0 * (u + v) + seed));
        p[3] = alpha ? (float) (1.0 - 0.75 * r) : 1.0f;
      }
  gegl_buffer_set (buffer, &extent, 0, format, px, GEGL_AUTO_ROWSTRIDE);
  g_free (px);

  graph = gegl_node_new ();
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                "buffer", buffer, NULL);
  /* without alpha, save RGB so the file really has none */
  if (! alpha)
    {
      GeglNode *convert = gegl_node_new_child (graph, "operation", "gegl:convert-format",
                                               "format", babl_format ("R'G'B' u8"), NULL);

      gegl_node_link (source, convert);
      source = convert;
    }
  save = gegl_node_new_child (graph, "operation", "gegl:png-save",
                              "path", path, "bitdepth", 8, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_object_unref (graph);
  g_object_unref (buffer);
  return 0;
}

/* The image at path as RGBA floats (g_free), or NULL. */
static float *
tool_read (const char *path,
           int        *width,
           int        *height,
           gboolean   *alpha)
{
  GeglNode   *graph = gegl_node_new ();
  GeglBuffer *buffer = NULL;
  GeglNode   *load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  GeglNode   *sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink",
                                          "buffer", &buffer, NULL);
  float      *px = NULL;

  gegl_node_link (load, sink);
  gegl_node_process (sink);
  if (buffer != NULL)
    {
      const GeglRectangle *e = gegl_buffer_get_extent (buffer);

      *width = e->width;
      *height = e->height;
      *alpha = babl_format_has_alpha (gegl_buffer_get_format (buffer));
      px = g_new (float, (size_t) e->width * e->height * 4);
      gegl_buffer_get (buffer, e, 1.0, babl_format ("R'G'B'A float"), px,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      g_object_unref (buffer);
    }
  g_object_unref (graph);
  return px;
}

static int
tool_compare (const char *a,
              const char *b)
{
  int      wa = 0, ha = 0, wb = 0, hb = 0;
  gboolean alpha_a = FALSE, alpha_b = FALSE;
  float   *pa = tool_read (a, &wa, &ha, &alpha_a);
  float   *pb = tool_read (b, &wb, &hb, &alpha_b);
  double   diff = -1.0, alpha_diff = -1.0;
  size_t   i, n;
  int      code = 1;

  if (pa != NULL && pb != NULL)
    {
      code = 0;
      if (wa == wb && ha == hb)
        {
          n = (size_t) wa * ha;
          diff = alpha_diff = 0.0;
          for (i = 0; i < n; i++)
            {
              diff += fabs (pa[i * 4] - pb[i * 4]) + fabs (pa[i * 4 + 1] - pb[i * 4 + 1])
                      + fabs (pa[i * 4 + 2] - pb[i * 4 + 2]);
              alpha_diff = fmax (alpha_diff, fabs (pa[i * 4 + 3] - pb[i * 4 + 3]));
            }
          diff /= 3.0 * n;
        }
    }
  printf ("%d %d %d %d %.6f %.6f %d %d\n", wa, ha, wb, hb, diff, alpha_diff,
          alpha_a ? 1 : 0, alpha_b ? 1 : 0);
  g_free (pa);
  g_free (pb);
  return code;
}

static int
tool_model (const char *path,
            const char *kind)
{
  st_file   *file = st_file_new ();
  st_tensor *conv3_2;
  size_t     i;
  int        code = 1;

  if (file == NULL || st_file_add_vgg (file, st_vgg_widths_tiny, 42) != 0)
    goto out;
  if (strcmp (kind, "constant") == 0)
    {
      conv3_2 = st_file_find (file, "features.12.weight");
      if (conv3_2 == NULL)
        goto out;
      for (i = 0; i + sizeof (float) <= conv3_2->n_bytes; i += sizeof (float))
        {
          float quarter = 0.25f;

          memcpy (conv3_2->data + i, &quarter, sizeof quarter);
        }
    }
  else if (strcmp (kind, "tiny") != 0)
    goto out;
  code = st_file_write (file, path) == 0 ? 0 : 1;

out:
  if (file != NULL)
    st_file_free (file);
  return code;
}

int
main (int    argc,
      char **argv)
{
  int code = 2;

  gegl_init (&argc, &argv);
  if (argc >= 6 && strcmp (argv[1], "make") == 0)
    code = tool_make (argv[2], atoi (argv[3]), atoi (argv[4]), atoi (argv[5]),
                      argc > 6 && strcmp (argv[6], "alpha") == 0);
  else if (argc == 4 && strcmp (argv[1], "compare") == 0)
    code = tool_compare (argv[2], argv[3]);
  else if (argc == 4 && strcmp (argv[1], "model") == 0)
    code = tool_model (argv[2], argv[3]);
  else
    fprintf (stderr, "usage: cli-test-tool make OUT.png W H SEED [alpha] | compare A B"
             " | model OUT.safetensors tiny|constant\n");
  gegl_exit ();
  return code;
}
