/* cli-image.c - image files <-> nst_image through GEGL.
 *
 * Reading picks GEGL's loader from the file's first bytes rather than
 * going through gegl:load: gegl:load renders "file not found" as an
 * image and hands unknown types to ImageMagick, where a clear error is
 * wanted.  Pixels cross GEGL through the front end's converter
 * (frontend/nst-fe-pixels.c), the plug-in's: sRGB-encoded, as VGG was
 * trained on, with 8 and 16-bit values scaled exactly by it rather than
 * by whichever babl path timed fastest, so a file gives the same floats
 * on every run.  Alpha travels beside the RGB image.
 *
 * Writing is atomic: the saver writes PATH.tmp-XXXXXX in the destination
 * folder, which is renamed over PATH only once it is complete.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gegl.h>
#include <glib/gstdio.h>

#include "nst-cli.h"
#include "nst-fe-pixels.h"

#define BITS_8  (1 << 0)
#define BITS_16 (1 << 1)
#define BITS_32 (1 << 2)   /* float */

typedef struct
{
  const char *name;          /* for messages */
  const char *extensions;    /* lower case, space separated */
  const char *load_op;
  const char *save_op;
  int         bits;          /* BITS_* the saver can write */
  int         default_bits;
  const char *bits_property; /* the saver's bit depth property, or NULL */
  gboolean    fp_property;   /* the saver has "fp" (TIFF: float samples) */
} ImageFormat;

static const ImageFormat image_formats[] =
  {
    { "PNG",     "png",      "gegl:png-load",  "gegl:png-save",  BITS_8 | BITS_16, 8,
      "bitdepth", FALSE },
    { "JPEG",    "jpg jpeg", "gegl:jpg-load",  "gegl:jpg-save",  BITS_8, 8, NULL, FALSE },
    { "TIFF",    "tif tiff", "gegl:tiff-load", "gegl:tiff-save", BITS_8 | BITS_16 | BITS_32, 8,
      "bitdepth", TRUE },
    { "OpenEXR", "exr",      "gegl:exr-load",  "gegl:exr-save",  BITS_32, 32, NULL, FALSE },
    { "WebP",    "webp",     "gegl:webp-load", "gegl:webp-save", BITS_8, 8, NULL, FALSE },
    { "PNM",     "ppm pnm",  "gegl:ppm-load",  "gegl:ppm-save",  BITS_8 | BITS_16, 8,
      "bitdepth", FALSE },
  };

#define SUPPORTED_TYPES "PNG, JPEG, TIFF, OpenEXR, WebP or PNM (.ppm)"

/* The format whose signature starts `head` (n bytes), or NULL. */
static const ImageFormat *
format_from_signature (const guchar *head,
                       size_t        n)
{
  if (n >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return &image_formats[0];
  if (n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    return &image_formats[1];
  if (n >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return &image_formats[2];
  if (n >= 4 && memcmp (head, "\x76\x2f\x31\x01", 4) == 0)
    return &image_formats[3];
  if (n >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0)
    return &image_formats[4];
  if (n >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6')
    return &image_formats[5];
  return NULL;
}

/* Whether the end marker of a PNG (IEND) or JPEG (EOI) is in the file's
 * last 64 KiB: a cut-off download lacks it, and the decoders would hand
 * back a partial image rather than fail. */
static gboolean
format_file_complete (FILE              *fp,
                      const ImageFormat *format)
{
  const char *marker = NULL;
  guchar     *tail;
  long        size, n;
  gboolean    found = TRUE;

  if (format == &image_formats[0])
    marker = "IEND";
  else if (format == &image_formats[1])
    marker = "\xff\xd9";
  if (marker == NULL || fseek (fp, 0, SEEK_END) != 0 || (size = ftell (fp)) < 0)
    return TRUE;

  n = MIN (size, 65536);
  tail = g_malloc (n);
  if (fseek (fp, size - n, SEEK_SET) == 0 && fread (tail, 1, n, fp) == (size_t) n)
    found = memmem (tail, n, marker, strlen (marker)) != NULL;
  g_free (tail);
  return found;
}

/* The format a file holds, from its first bytes. */
static const ImageFormat *
format_sniff (const char  *path,
              GError     **error)
{
  const ImageFormat *format = NULL;
  guchar             head[16];
  size_t             n;
  FILE              *fp;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "'%s' is a folder, not an image", path);
      return NULL;
    }
  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved = errno;

      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "cannot open '%s': %s", path, g_strerror (saved));
      return NULL;
    }
  n = fread (head, 1, sizeof head, fp);

  if (n == 0)
    g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED, "'%s' is empty", path);
  else if ((format = format_from_signature (head, n)) == NULL)
    g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                 "'%s' is not a " SUPPORTED_TYPES " image", path);
  else if (! format_file_complete (fp, format))
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "'%s' is truncated: the %s image ends before its end marker",
                   path, format->name);
      format = NULL;
    }
  else if (! gegl_has_operation (format->load_op))
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "cannot read '%s': this GEGL has no %s to read %s files",
                   path, format->load_op, format->name);
      format = NULL;
    }
  fclose (fp);
  return format;
}

/* The format to write, from the file name's extension, or NULL. */
static const ImageFormat *
format_from_name (const char  *path,
                  GError     **error)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);
  char       *ext = NULL;
  size_t      i;

  if (dot != NULL && (slash == NULL || dot > slash) && dot[1] != '\0')
    {
      ext = g_ascii_strdown (dot + 1, -1);
      for (i = 0; i < G_N_ELEMENTS (image_formats); i++)
        {
          char   **names = g_strsplit (image_formats[i].extensions, " ", -1);
          gboolean hit = g_strv_contains ((const char * const *) names, ext);

          g_strfreev (names);
          if (hit)
            {
              g_free (ext);
              return &image_formats[i];
            }
        }
    }
  g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
               "cannot tell which image type to write from the name '%s': "
               "end it with .png, .jpg, .tif, .exr, .webp or .ppm", path);
  g_free (ext);
  return NULL;
}

/* Copy the buffer into image (allocated here) and *alpha, when asked and
 * the file has alpha: *alpha stays NULL for an opaque file. */
static gboolean
buffer_to_image (GeglBuffer  *buffer,
                 nst_image   *image,
                 float      **alpha,
                 GError     **error)
{
  gboolean want_alpha = alpha != NULL
                        && babl_format_has_alpha (gegl_buffer_get_format (buffer));

  return nst_fe_pixels_read (buffer, gegl_buffer_get_extent (buffer), image,
                             want_alpha ? alpha : NULL, error);
}

gboolean
nst_cli_image_load (const char  *path,
                    nst_image   *image,
                    float      **alpha,
                    GError     **error)
{
  const ImageFormat   *format;
  GeglNode            *graph = NULL, *load, *sink;
  GeglBuffer          *buffer = NULL;
  const GeglRectangle *extent;
  gboolean             ok = FALSE;

  memset (image, 0, sizeof *image);
  if (alpha != NULL)
    *alpha = NULL;

  format = format_sniff (path, error);
  if (format == NULL)
    goto out;

  graph = gegl_node_new ();
  load = gegl_node_new_child (graph, "operation", format->load_op, "path", path, NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);

  extent = buffer ? gegl_buffer_get_extent (buffer) : NULL;
  if (extent == NULL || extent->width <= 0 || extent->height <= 0)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "cannot decode '%s' as a %s image (the file is damaged or truncated)",
                   path, format->name);
      goto out;
    }
  ok = buffer_to_image (buffer, image, alpha, error);
  if (! ok)
    g_prefix_error (error, "cannot read '%s': ", path);

out:
  g_clear_object (&buffer);
  g_clear_object (&graph);
  return ok;
}

/* Non-zero when `bits` is allowed by the format, as a BITS_* flag. */
static int
bits_flag (int bits)
{
  return bits == 8 ? BITS_8 : bits == 16 ? BITS_16 : bits == 32 ? BITS_32 : 0;
}

gboolean
nst_cli_image_check_output (const char  *path,
                            int          bits,
                            int         *bits_out,
                            GError     **error)
{
  const ImageFormat *format = format_from_name (path, error);
  char              *dir = NULL;
  gboolean           ok = FALSE;

  if (format == NULL)
    goto out;
  if (bits != 0 && (format->bits & bits_flag (bits)) == 0)
    {
      GString *allowed = g_string_new (NULL);

      if (format->bits & BITS_8)
        g_string_append (allowed, " 8");
      if (format->bits & BITS_16)
        g_string_append (allowed, " 16");
      if (format->bits & BITS_32)
        g_string_append (allowed, " 32");
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_USAGE,
                   "--bits %d is not possible for %s files (possible:%s)",
                   bits, format->name, allowed->str);
      g_string_free (allowed, TRUE);
      goto out;
    }
  if (! gegl_has_operation (format->save_op))
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "cannot write %s files: this GEGL has no %s", format->name, format->save_op);
      goto out;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "the output '%s' is a folder", path);
      goto out;
    }
  dir = g_path_get_dirname (path);
  if (! g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "the folder '%s' does not exist", dir);
      goto out;
    }
  if (g_access (dir, W_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "cannot write in the folder '%s': %s", dir, g_strerror (saved));
      goto out;
    }
  *bits_out = bits != 0 ? bits : format->default_bits;
  ok = TRUE;

out:
  g_free (dir);
  return ok;
}

/* A new buffer holding image (+ alpha) in the component type the file is
 * written with (`bits` 8, 16 or 32 = float), so that the front end's
 * converter, not the saver's babl path, turns the floats into integers.
 * NULL with the converter's error when memory runs out. */
static GeglBuffer *
image_to_buffer (const nst_image *image,
                 const float     *alpha,
                 int              bits,
                 GError         **error)
{
  GeglRectangle  extent = { 0, 0, image->width, image->height };
  char          *name = g_strdup_printf ("%s %s", alpha != NULL ? "R'G'B'A" : "R'G'B'",
                                         bits == 8 ? "u8" : bits == 16 ? "u16" : "float");
  GeglBuffer    *buffer = gegl_buffer_new (&extent, babl_format (name));

  g_free (name);
  if (! nst_fe_pixels_write (buffer, &extent, image, alpha, error))
    g_clear_object (&buffer);
  return buffer;
}

/* Run the format's saver on buffer into `file`. */
static void
buffer_save (GeglBuffer        *buffer,
             const ImageFormat *format,
             int                bits,
             const char        *file)
{
  GeglNode *graph = gegl_node_new ();
  GeglNode *source = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                          "buffer", buffer, NULL);
  GeglNode *save = gegl_node_new_child (graph, "operation", format->save_op,
                                        "path", file, NULL);

  if (format->bits_property != NULL)
    gegl_node_set (save, format->bits_property, bits, NULL);
  if (format->fp_property)
    gegl_node_set (save, "fp", bits == 32 ? 1 : 0, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_object_unref (graph);
}

gboolean
nst_cli_image_save (const char      *path,
                    const nst_image *image,
                    const float     *alpha,
                    int              bits,
                    GError         **error)
{
  const ImageFormat *format = format_from_name (path, error);
  GeglBuffer        *buffer = NULL;
  char              *tmp = NULL;
  GStatBuf           st;
  gboolean           ok = FALSE;
  int                fd;

  if (format == NULL)
    goto out;

  /* 0666 less the umask, as a file the saver created itself would be */
  tmp = g_strconcat (path, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_RDWR, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "cannot create a file beside '%s': %s", path, g_strerror (saved));
      g_clear_pointer (&tmp, g_free);
      goto out;
    }
  close (fd);

  buffer = image_to_buffer (image, alpha, bits, error);
  if (buffer == NULL)
    goto out;
  buffer_save (buffer, format, bits, tmp);

  /* GEGL's savers report nothing; an empty file means the write failed */
  if (g_stat (tmp, &st) != 0 || st.st_size == 0)
    {
      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "writing '%s' failed (%s could not write the file; is the disk full?)",
                   path, format->save_op);
      goto out;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, NST_CLI_ERROR, NST_CLI_ERROR_FAILED,
                   "cannot rename '%s' to '%s': %s", tmp, path, g_strerror (saved));
      goto out;
    }
  ok = TRUE;

out:
  if (! ok && tmp != NULL)
    g_unlink (tmp);
  g_free (tmp);
  g_clear_object (&buffer);
  return ok;
}
