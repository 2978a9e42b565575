/* nst-fe-pixels.c - GEGL buffers to and from the engine's images.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <string.h>

#include "nst-fe-error.h"
#include "nst-fe-intl.h"
#include "nst-fe-pixels.h"

/* About a million components per block: large enough that GEGL's per-call
 * cost vanishes, small enough that huge layers need no second full-size
 * copy. */
#define BLOCK_PIXELS (1 << 18)

/* How pixels cross GEGL: R'G'B'A in the buffer's own component type when
 * that is u8 or u16, with the scaling to [0, 1] done here, exactly; float
 * otherwise.  Asking babl for u8 -> float directly is not reproducible:
 * babl times its candidate conversion paths and keeps the fastest, so
 * under load a run may take another path whose floats differ in the last
 * bits, and the optimiser turns that into visibly different pixels for
 * the same image and seed.
 *
 * Reading, an integer buffer whose components are R'G'B'A, R'G'B', Y'A or
 * Y' is asked for in exactly those: babl copies them.  Asking for
 * R'G'B'A u8 from R'G'B' u8 (GIMP's default 8-bit image) or Y' u8 made
 * babl build a lookup table of some 330 MB the first time, whatever the
 * image's size (the dialog on a 64 x 48 px layer peaked at 438 MB). */
typedef struct
{
  const Babl *format;
  gint        bytes;     /* per component: 1, 2 or 4 (float) */
  gint        channels;  /* 4: R'G'B'A, 3: R'G'B', 2: Y'A, 1: Y' */
} Transfer;

static Transfer
transfer_for (GeglBuffer *buffer)
{
  const Babl *type = babl_format_get_type (gegl_buffer_get_format (buffer), 0);
  Transfer    t = { babl_format ("R'G'B'A float"), 4, 4 };

  if (type == babl_type ("u8"))
    {
      t.format = babl_format ("R'G'B'A u8");
      t.bytes = 1;
    }
  else if (type == babl_type ("u16"))
    {
      t.format = babl_format ("R'G'B'A u16");
      t.bytes = 2;
    }
  return t;
}

/* The transfer for reading: as transfer_for(), in the buffer's own
 * components where those are perceptual RGB or gray of an integer type. */
static Transfer
read_transfer_for (GeglBuffer *buffer)
{
  static const gchar *const models[] = { "R'G'B'A", "R'G'B'", "Y'A", "Y'" };
  static const gint         channels[] = { 4, 3, 2, 1 };
  const Babl               *stored = gegl_buffer_get_format (buffer);
  const gchar              *model = babl_get_name (babl_format_get_model (stored));
  Transfer                  t = transfer_for (buffer);
  guint                     i;

  if (t.bytes == 4)
    return t;
  for (i = 0; i < G_N_ELEMENTS (models); i++)
    if (strcmp (model, models[i]) == 0)
      {
        gchar *name = g_strdup_printf ("%s %s", models[i], t.bytes == 1 ? "u8" : "u16");

        t.format = babl_format (name);
        t.channels = channels[i];
        g_free (name);
        break;
      }
  return t;
}

static gfloat
component_get (const Transfer *t,
               const guint8   *block,
               gsize           i)
{
  switch (t->bytes)
    {
    case 1:
      return block[i] / 255.0f;
    case 2:
      return ((const guint16 *) block)[i] / 65535.0f;
    default:
      return ((const gfloat *) block)[i];
    }
}

/* `v` must be in [0, 1] for the integer types. */
static void
component_set (const Transfer *t,
               guint8         *block,
               gsize           i,
               gfloat          v)
{
  switch (t->bytes)
    {
    case 1:
      block[i] = (guint8) (v * 255.0f + 0.5f);
      return;
    case 2:
      ((guint16 *) block)[i] = (guint16) (v * 65535.0f + 0.5f);
      return;
    default:
      ((gfloat *) block)[i] = v;
      return;
    }
}

static gint
block_rows (gint width)
{
  return MAX (1, BLOCK_PIXELS / MAX (width, 1));
}

/* The block of `rect` that starts `y0` rows down. */
static GeglRectangle
block_at (const GeglRectangle *rect,
          gint                 y0)
{
  GeglRectangle part = { rect->x, rect->y + y0, rect->width,
                         MIN (block_rows (rect->width), rect->height - y0) };

  return part;
}

static guint8 *
block_new (const GeglRectangle *rect,
           const Transfer      *t,
           GError             **error)
{
  gsize   rows = (gsize) MIN (block_rows (rect->width), rect->height);
  guint8 *block = g_try_malloc ((gsize) rect->width * rows * 4 * t->bytes);

  if (block == NULL)
    g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
                         _("Not enough memory to read or write the image."));
  return block;
}

gboolean
nst_fe_pixels_read (GeglBuffer          *buffer,
                    const GeglRectangle *rect,
                    nst_image           *rgb,
                    gfloat             **alpha,
                    GError             **error)
{
  Transfer   t = read_transfer_for (buffer);
  nst_error  err;
  guint8    *block = NULL;
  gfloat    *a = NULL;
  gboolean   ok = FALSE;
  gint       y0;

  if (nst_image_init (rgb, rect->width, rect->height, &err) != NST_STATUS_OK)
    {
      g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE, err.message);
      goto out;
    }
  if (alpha != NULL &&
      (a = g_try_new (gfloat, (gsize) rect->width * rect->height)) == NULL)
    {
      g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
                           _("Not enough memory to read the image."));
      goto out;
    }
  if ((block = block_new (rect, &t, error)) == NULL)
    goto out;

  for (y0 = 0; y0 < rect->height; y0 += block_rows (rect->width))
    {
      GeglRectangle part = block_at (rect, y0);
      gsize         base = (gsize) y0 * rect->width;
      gsize         i;

      gegl_buffer_get (buffer, &part, 1.0, t.format, block,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);

      for (i = 0; i < (gsize) part.width * part.height; i++)
        {
          gsize  at = i * t.channels;
          gfloat *p = &rgb->data[(base + i) * 3];

          if (t.channels >= 3)
            {
              p[0] = component_get (&t, block, at + 0);
              p[1] = component_get (&t, block, at + 1);
              p[2] = component_get (&t, block, at + 2);
            }
          else   /* gray: Y' into R'G'B', as babl would */
            p[0] = p[1] = p[2] = component_get (&t, block, at);
          if (a != NULL)
            a[base + i] = t.channels % 2 == 0 ? component_get (&t, block, at + t.channels - 1)
                                              : 1.0f;
        }
    }

  ok = TRUE;

out:
  g_free (block);
  if (! ok)
    {
      nst_image_clear (rgb);
      g_clear_pointer (&a, g_free);
    }
  if (alpha != NULL)
    *alpha = a;
  return ok;
}

static gfloat
clamp_unit (gfloat v)
{
  /* The comparison is false for NaN, which thus becomes 0. */
  if (! (v > 0.0f))
    return 0.0f;
  return MIN (v, 1.0f);
}

gboolean
nst_fe_pixels_write (GeglBuffer          *buffer,
                     const GeglRectangle *rect,
                     const nst_image     *rgb,
                     const gfloat        *alpha,
                     GError             **error)
{
  Transfer  t = transfer_for (buffer);
  guint8   *block;
  gint      y0;

  g_return_val_if_fail (rgb->width == rect->width && rgb->height == rect->height, FALSE);

  if ((block = block_new (rect, &t, error)) == NULL)
    return FALSE;

  for (y0 = 0; y0 < rect->height; y0 += block_rows (rect->width))
    {
      GeglRectangle part = block_at (rect, y0);
      gsize         base = (gsize) y0 * rect->width;
      gsize         i;

      for (i = 0; i < (gsize) part.width * part.height; i++)
        {
          const gfloat *p = &rgb->data[(base + i) * 3];
          gfloat        a = alpha != NULL ? alpha[base + i] : 1.0f;

          component_set (&t, block, i * 4 + 0, clamp_unit (p[0]));
          component_set (&t, block, i * 4 + 1, clamp_unit (p[1]));
          component_set (&t, block, i * 4 + 2, clamp_unit (p[2]));
          /* Float alpha goes back exactly as it came. */
          component_set (&t, block, i * 4 + 3, t.bytes == 4 ? a : clamp_unit (a));
        }

      gegl_buffer_set (buffer, &part, 0, t.format, block, GEGL_AUTO_ROWSTRIDE);
    }

  g_free (block);
  return TRUE;
}

gboolean
nst_fe_pixels_read_mask (GeglBuffer          *buffer,
                         const GeglRectangle *rect,
                         nst_mask            *mask,
                         GError             **error)
{
  const Babl *stored = gegl_buffer_get_format (buffer);
  const Babl *type = babl_format_get_type (stored, 0);
  /* Y' for a perceptual channel, so a half-selected pixel stays 0.5. */
  const gchar *model = g_str_has_prefix (babl_get_name (babl_format_get_model (stored)), "Y'")
                       ? "Y'" : "Y";
  Transfer     t = { NULL, 4, 1 };
  gsize        n = (gsize) rect->width * rect->height, i;
  gchar       *name;
  guint8      *raw;

  if (type == babl_type ("u8"))
    t.bytes = 1;
  else if (type == babl_type ("u16"))
    t.bytes = 2;
  name = g_strdup_printf ("%s %s", model, t.bytes == 1 ? "u8" : t.bytes == 2 ? "u16" : "float");
  t.format = babl_format (name);
  g_free (name);

  raw = g_try_malloc (MAX (n, 1) * t.bytes);
  mask->data = g_try_new (gfloat, MAX (n, 1));
  if (raw == NULL || mask->data == NULL)
    {
      g_free (raw);
      g_clear_pointer (&mask->data, g_free);
      g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
                           _("Not enough memory to read a mask."));
      return FALSE;
    }

  gegl_buffer_get (buffer, rect, 1.0, t.format, raw, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (i = 0; i < n; i++)
    mask->data[i] = CLAMP (component_get (&t, raw, i), 0.0f, 1.0f);
  mask->width = rect->width;
  mask->height = rect->height;
  g_free (raw);
  return TRUE;
}
