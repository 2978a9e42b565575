/* nst-plug-pixels.c - GEGL buffers to and from the engine's images.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-pixels.h"

/* About a million floats per block: large enough that GEGL's per-call cost
 * vanishes, small enough that huge layers need no second full-size copy. */
#define BLOCK_PIXELS (1 << 18)

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

static gfloat *
block_new (const GeglRectangle *rect,
           GError             **error)
{
  gsize   rows = (gsize) MIN (block_rows (rect->width), rect->height);
  gfloat *block = g_try_new (gfloat, (gsize) rect->width * rows * 4);

  if (block == NULL)
    g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                         _("Not enough memory to read or write the image."));
  return block;
}

gboolean
nst_plug_pixels_read (GeglBuffer          *buffer,
                      const GeglRectangle *rect,
                      nst_image           *rgb,
                      gfloat             **alpha,
                      GError             **error)
{
  const Babl *format = babl_format ("R'G'B'A float");
  nst_error   err;
  gfloat     *block = NULL;
  gfloat     *a = NULL;
  gboolean    ok = FALSE;
  gint        y0;

  if (nst_image_init (rgb, rect->width, rect->height, &err) != NST_STATUS_OK)
    {
      g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE, err.message);
      goto out;
    }
  if (alpha != NULL &&
      (a = g_try_new (gfloat, (gsize) rect->width * rect->height)) == NULL)
    {
      g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                           _("Not enough memory to read the image."));
      goto out;
    }
  if ((block = block_new (rect, error)) == NULL)
    goto out;

  for (y0 = 0; y0 < rect->height; y0 += block_rows (rect->width))
    {
      GeglRectangle part = block_at (rect, y0);
      gsize         base = (gsize) y0 * rect->width;
      gsize         i;

      gegl_buffer_get (buffer, &part, 1.0, format, block,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);

      for (i = 0; i < (gsize) part.width * part.height; i++)
        {
          rgb->data[(base + i) * 3 + 0] = block[i * 4 + 0];
          rgb->data[(base + i) * 3 + 1] = block[i * 4 + 1];
          rgb->data[(base + i) * 3 + 2] = block[i * 4 + 2];
          if (a != NULL)
            a[base + i] = block[i * 4 + 3];
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
nst_plug_pixels_write (GeglBuffer          *buffer,
                       const GeglRectangle *rect,
                       const nst_image     *rgb,
                       const gfloat        *alpha,
                       GError             **error)
{
  const Babl *format = babl_format ("R'G'B'A float");
  gfloat     *block;
  gint        y0;

  g_return_val_if_fail (rgb->width == rect->width && rgb->height == rect->height, FALSE);

  if ((block = block_new (rect, error)) == NULL)
    return FALSE;

  for (y0 = 0; y0 < rect->height; y0 += block_rows (rect->width))
    {
      GeglRectangle part = block_at (rect, y0);
      gsize         base = (gsize) y0 * rect->width;
      gsize         i;

      for (i = 0; i < (gsize) part.width * part.height; i++)
        {
          block[i * 4 + 0] = clamp_unit (rgb->data[(base + i) * 3 + 0]);
          block[i * 4 + 1] = clamp_unit (rgb->data[(base + i) * 3 + 1]);
          block[i * 4 + 2] = clamp_unit (rgb->data[(base + i) * 3 + 2]);
          block[i * 4 + 3] = alpha != NULL ? alpha[base + i] : 1.0f;
        }

      gegl_buffer_set (buffer, &part, 0, format, block, GEGL_AUTO_ROWSTRIDE);
    }

  g_free (block);
  return TRUE;
}
