/* gimp2-drawable.c - reading the content and style drawables (GIMP 2.10).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "gimp2-drawable.h"
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-pixels.h"

gboolean
nst_gimp2_content_rect (gint32          drawable,
                        GeglRectangle  *rect,
                        GError        **error)
{
  if (gimp_item_is_group (drawable))
    {
      g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                           _("A layer group cannot be stylised; pick a layer inside it."));
      return FALSE;
    }

  if (! gimp_drawable_mask_intersect (drawable, &rect->x, &rect->y,
                                      &rect->width, &rect->height))
    {
      g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                           _("The selection does not touch the layer: nothing to stylise."));
      return FALSE;
    }

  return TRUE;
}

gboolean
nst_gimp2_read (gint32                drawable,
                const GeglRectangle  *rect,
                nst_image            *rgb,
                gfloat              **alpha,
                GError              **error)
{
  GeglBuffer *buffer = gimp_drawable_get_buffer (drawable);
  gboolean    ok;

  ok = nst_plug_pixels_read (buffer, rect, rgb, alpha, error);
  g_object_unref (buffer);
  return ok;
}

gboolean
nst_gimp2_read_style (gint32      drawable,
                      nst_image  *rgb,
                      GError    **error)
{
  GeglRectangle rect = { 0, 0, 0, 0 };

  /* A channel or a layer mask is a drawable too, but not a picture to
   * take a style from (tests/plugin/case-bad-inputs.sh). */
  if (! gimp_item_is_valid (drawable) || ! gimp_item_is_layer (drawable))
    {
      g_set_error (error, NST_PLUG_ERROR, NST_PLUG_ERROR_INVALID_ARGUMENT,
                   _("Argument 'style-drawable' is %d, which is not a layer "
                     "of an open image."), drawable);
      return FALSE;
    }

  rect.width = gimp_drawable_width (drawable);
  rect.height = gimp_drawable_height (drawable);
  return nst_gimp2_read (drawable, &rect, rgb, NULL, error);
}
