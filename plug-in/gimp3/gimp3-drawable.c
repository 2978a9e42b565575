/* gimp3-drawable.c - reading the content and style drawables (GIMP 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "gimp3-drawable.h"
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-pixels.h"

gboolean
nst_gimp3_content_rect (GimpDrawable   *drawable,
                        GeglRectangle  *rect,
                        GError        **error)
{
  if (gimp_item_is_group (GIMP_ITEM (drawable)))
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
nst_gimp3_read (GimpDrawable         *drawable,
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
nst_gimp3_read_style (gint32      id,
                      nst_image  *rgb,
                      GError    **error)
{
  GimpDrawable  *drawable = gimp_drawable_get_by_id (id);
  GeglRectangle  rect = { 0, 0, 0, 0 };

  if (drawable == NULL)
    {
      g_set_error (error, NST_PLUG_ERROR, NST_PLUG_ERROR_INVALID_ARGUMENT,
                   _("Argument 'style-drawable' is %d, which is not a layer "
                     "of an open image."), id);
      return FALSE;
    }

  rect.width = gimp_drawable_get_width (drawable);
  rect.height = gimp_drawable_get_height (drawable);
  return nst_gimp3_read (drawable, &rect, rgb, NULL, error);
}
