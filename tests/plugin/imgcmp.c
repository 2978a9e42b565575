/* imgcmp.c - image checks for the plug-in tests, on GEGL.
 *
 * Loads PNGs written by GIMP and answers one question per call through
 * its exit status (0 yes, 1 no, 2 usage or I/O trouble), printing the
 * numbers it compared so a failing test shows why:
 *
 *   imgcmp same   A B [X Y W H [outside]]  every pixel (RGBA) equal, within
 *                                          the rectangle or outside it
 *   imgcmp differ A B [X Y W H]            mean |A - B| over RGB > 0.01
 *   imgcmp alpha  A B                      alpha channels equal
 *   imgcmp toward CONTENT RESULT STYLE     RESULT's mean colour and mean
 *                                          chroma are nearer STYLE's than
 *                                          CONTENT's are
 *   imgcmp fine   A                        over 10% of A's colour values are
 *                                          off the 8-bit grid (high bit depth)
 *   imgcmp stats  A                        print size and mean RGBA
 *   imgcmp redder A B [X Y W H]            mean (R - B) of A exceeds B's by
 *                                          over 0.03, within the rectangle
 *   imgcmp ratio  A B C X Y W H LO HI      mean |B - A| / mean |C - A| over RGB
 *                                          within the rectangle is in (LO, HI)
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gegl.h>

typedef struct
{
  gint    width;
  gint    height;
  gfloat *rgba;
} Image;

typedef struct
{
  gint     x, y, width, height;
  gboolean outside;   /* count the pixels outside the rectangle instead */
} Region;

static gboolean
image_load (const gchar *path,
            Image       *image)
{
  GeglNode      *graph;
  GeglNode      *load;
  GeglNode      *sink;
  GeglBuffer    *buffer = NULL;
  GeglRectangle  extent;

  /* gegl:load makes a placeholder image for a missing file. */
  if (! g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      fprintf (stderr, "imgcmp: %s does not exist\n", path);
      return FALSE;
    }

  graph = gegl_node_new ();
  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink",
                              "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);

  if (buffer == NULL || gegl_buffer_get_extent (buffer)->width == 0)
    {
      fprintf (stderr, "imgcmp: cannot load %s\n", path);
      g_clear_object (&buffer);
      return FALSE;
    }

  extent = *gegl_buffer_get_extent (buffer);
  image->width = extent.width;
  image->height = extent.height;
  image->rgba = g_new (gfloat, (gsize) extent.width * extent.height * 4);
  gegl_buffer_get (buffer, &extent, 1.0, babl_format ("R'G'B'A float"),
                   image->rgba, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  return TRUE;
}

static gboolean
in_region (const Region *r,
           gint          x,
           gint          y)
{
  gboolean inside = x >= r->x && x < r->x + r->width &&
                    y >= r->y && y < r->y + r->height;

  return r->outside ? ! inside : inside;
}

/* Largest and mean absolute difference of channels [c0, c1) over the
 * region; FALSE when the sizes differ. */
static gboolean
difference (const Image  *a,
            const Image  *b,
            const Region *r,
            gint          c0,
            gint          c1,
            gdouble      *max_diff,
            gdouble      *mean_diff)
{
  gdouble sum = 0.0;
  gsize   n = 0;
  gint    x, y, c;

  if (a->width != b->width || a->height != b->height)
    {
      printf ("sizes differ: %dx%d vs %dx%d\n", a->width, a->height, b->width, b->height);
      return FALSE;
    }

  *max_diff = 0.0;
  for (y = 0; y < a->height; y++)
    for (x = 0; x < a->width; x++)
      if (in_region (r, x, y))
        for (c = c0; c < c1; c++)
          {
            gsize   i = ((gsize) y * a->width + x) * 4 + c;
            gdouble d = fabs ((gdouble) a->rgba[i] - b->rgba[i]);

            *max_diff = MAX (*max_diff, d);
            sum += d;
            n++;
          }

  *mean_diff = n > 0 ? sum / n : 0.0;
  return TRUE;
}

static void
mean_rgba (const Image *image,
           gdouble      mean[4])
{
  gsize n = (gsize) image->width * image->height;
  gsize i;
  gint  c;

  for (c = 0; c < 4; c++)
    mean[c] = 0.0;
  for (i = 0; i < n; i++)
    for (c = 0; c < 4; c++)
      mean[c] += image->rgba[i * 4 + c];
  for (c = 0; c < 4; c++)
    mean[c] /= MAX (n, 1);
}

static gdouble
colour_distance (const gdouble a[4],
                 const gdouble b[4])
{
  return sqrt ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
               (a[2] - b[2]) * (a[2] - b[2]));
}

/* Mean of max(R,G,B) - min(R,G,B): how colourful an image is. */
static gdouble
mean_chroma (const Image *image)
{
  gsize   n = (gsize) image->width * image->height;
  gdouble sum = 0.0;
  gsize   i;

  for (i = 0; i < n; i++)
    {
      const gfloat *p = &image->rgba[i * 4];

      sum += MAX (p[0], MAX (p[1], p[2])) - MIN (p[0], MIN (p[1], p[2]));
    }
  return sum / MAX (n, 1);
}

static int
check_fine (const Image *image)
{
  gsize n = (gsize) image->width * image->height;
  gsize off = 0;
  gsize i;
  gint  c;

  for (i = 0; i < n; i++)
    for (c = 0; c < 3; c++)
      {
        gdouble v = image->rgba[i * 4 + c] * 255.0;

        if (fabs (v - floor (v + 0.5)) > 0.01)
          off++;
      }

  printf ("values off the 8-bit grid: %.1f%%\n", 100.0 * off / MAX (3 * n, 1));
  return off * 10 > 3 * n ? 0 : 1;
}

static int
check_toward (const Image *content,
              const Image *result,
              const Image *style)
{
  gdouble mc[4], mr[4], ms[4];
  gdouble before, after;

  mean_rgba (content, mc);
  mean_rgba (result, mr);
  mean_rgba (style, ms);
  before = colour_distance (mc, ms);
  after = colour_distance (mr, ms);
  printf ("mean colour: content %.4f %.4f %.4f, result %.4f %.4f %.4f, style %.4f %.4f %.4f\n",
          mc[0], mc[1], mc[2], mr[0], mr[1], mr[2], ms[0], ms[1], ms[2]);
  printf ("distance to the style's mean colour: before %.4f, after %.4f\n", before, after);
  if (! (after < before))
    return 1;

  before = fabs (mean_chroma (content) - mean_chroma (style));
  after = fabs (mean_chroma (result) - mean_chroma (style));
  printf ("mean chroma: content %.4f, result %.4f, style %.4f\n",
          mean_chroma (content), mean_chroma (result), mean_chroma (style));
  return after < before ? 0 : 1;
}

/* Mean of red minus blue over `region` (inside it only). */
static gdouble
red_minus_blue (const Image  *image,
                const Region *region)
{
  gdouble sum = 0.0;
  gsize   n = 0;
  gint    x, y;

  for (y = MAX (region->y, 0); y < MIN ((gint64) region->y + region->height, image->height); y++)
    for (x = MAX (region->x, 0); x < MIN ((gint64) region->x + region->width, image->width); x++)
      {
        const gfloat *p = image->rgba + ((gsize) y * image->width + x) * 4;

        sum += p[0] - p[2];
        n++;
      }
  return n > 0 ? sum / n : 0.0;
}

static int
check_redder (const Image  *a,
              const Image  *b,
              const Region *region)
{
  gdouble ra = red_minus_blue (a, region);
  gdouble rb = red_minus_blue (b, region);

  printf ("mean red - blue: %.4f vs %.4f\n", ra, rb);
  return ra > rb + 0.03 ? 0 : 1;
}

/* How much of C's change from A the image B made, within `region`. */
static int
check_ratio (const Image  *a,
             const Image  *b,
             const Image  *c,
             const Region *region,
             gdouble       lo,
             gdouble       hi)
{
  gdouble max_diff, ab, ac, ratio;

  if (! difference (a, b, region, 0, 3, &max_diff, &ab) ||
      ! difference (a, c, region, 0, 3, &max_diff, &ac))
    return 1;
  ratio = ac > 0.0 ? ab / ac : 0.0;
  printf ("mean |B - A| %.5f, mean |C - A| %.5f: ratio %.3f, wanted %g to %g\n",
          ab, ac, ratio, lo, hi);
  return ratio > lo && ratio < hi ? 0 : 1;
}

static int
check_pair (const gchar  *command,
            const Image  *a,
            const Image  *b,
            const Region *region)
{
  gboolean alpha_only = strcmp (command, "alpha") == 0;
  gboolean with_alpha = strcmp (command, "same") == 0;
  gdouble  max_diff, mean_diff;

  if (! difference (a, b, region, alpha_only ? 3 : 0, with_alpha || alpha_only ? 4 : 3,
                    &max_diff, &mean_diff))
    return 1;

  printf ("%s: max |a - b| = %.6f, mean = %.6f\n", command, max_diff, mean_diff);

  if (strcmp (command, "differ") == 0)
    return mean_diff > 0.01 ? 0 : 1;
  return max_diff == 0.0 ? 0 : 1;
}

static int
run (int    argc,
     char **argv)
{
  Image  images[3] = { { 0, 0, NULL }, { 0, 0, NULL }, { 0, 0, NULL } };
  Region region = { 0, 0, G_MAXINT, G_MAXINT, FALSE };
  gint   n_images = strcmp (argv[1], "stats") == 0 || strcmp (argv[1], "fine") == 0 ? 1 :
                    strcmp (argv[1], "toward") == 0 || strcmp (argv[1], "ratio") == 0 ? 3 : 2;
  gint   status = 2;
  gint   i;

  if (argc < 2 + n_images)
    return 2;
  if (argc >= 2 + n_images + 4)
    {
      region.x = atoi (argv[2 + n_images]);
      region.y = atoi (argv[3 + n_images]);
      region.width = atoi (argv[4 + n_images]);
      region.height = atoi (argv[5 + n_images]);
      region.outside = argc > 6 + n_images && strcmp (argv[6 + n_images], "outside") == 0;
    }

  for (i = 0; i < n_images; i++)
    if (! image_load (argv[2 + i], &images[i]))
      goto out;

  if (strcmp (argv[1], "fine") == 0)
    status = check_fine (&images[0]);
  else if (n_images == 1)
    {
      gdouble mean[4];

      mean_rgba (&images[0], mean);
      printf ("%dx%d mean %.4f %.4f %.4f %.4f\n", images[0].width, images[0].height,
              mean[0], mean[1], mean[2], mean[3]);
      status = 0;
    }
  else if (strcmp (argv[1], "ratio") == 0)
    status = argc == 2 + n_images + 6
             ? check_ratio (&images[0], &images[1], &images[2], &region,
                            g_ascii_strtod (argv[6 + n_images], NULL),
                            g_ascii_strtod (argv[7 + n_images], NULL))
             : 2;
  else if (n_images == 3)
    status = check_toward (&images[0], &images[1], &images[2]);
  else if (strcmp (argv[1], "redder") == 0)
    status = check_redder (&images[0], &images[1], &region);
  else
    status = check_pair (argv[1], &images[0], &images[1], &region);

out:
  for (i = 0; i < 3; i++)
    g_free (images[i].rgba);
  return status;
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (argc < 3)
    {
      fprintf (stderr, "usage: imgcmp same|differ|alpha|toward|redder|ratio|fine|stats FILE... [X Y W H [outside]]\n");
      return 2;
    }

  gegl_init (&argc, &argv);
  status = run (argc, argv);
  gegl_exit ();
  return status;
}
