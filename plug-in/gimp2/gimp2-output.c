/* gimp2-output.c - putting the result into the image (GIMP 2.10).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "gimp2-output.h"
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-pixels.h"

/* A copy of `drawable` inserted just above it (at the top for channels),
 * or -1.  The copy keeps the original's offsets, so the selection and
 * `rect` mean the same on both. */
static gint32
add_copy_above (gint32   image,
                gint32   drawable,
                GError **error)
{
  gint32  layer = gimp_layer_new_from_drawable (drawable, image);
  gint32  parent = -1;
  gint    position = 0;
  gchar  *original;
  gchar  *name;

  if (layer == -1)
    goto fail;

  if (gimp_item_is_layer (drawable))
    {
      parent = gimp_item_get_parent (drawable);
      position = gimp_image_get_item_position (image, drawable);
    }

  original = gimp_item_get_name (drawable);
  name = g_strdup_printf (_("%s (neural style)"), original);
  gimp_item_set_name (layer, name);
  g_free (name);
  g_free (original);

  if (gimp_image_insert_layer (image, layer, parent, position))
    return layer;

  gimp_item_delete (layer);

fail:
  g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                       _("Could not add a layer for the result."));
  return -1;
}

static gboolean
write_shadow (gint32               target,
              const GeglRectangle *rect,
              const nst_image     *rgb,
              const gfloat        *alpha,
              GError             **error)
{
  GeglBuffer *shadow = gimp_drawable_get_shadow_buffer (target);
  gboolean    ok = nst_plug_pixels_write (shadow, rect, rgb, alpha, error);

  gegl_buffer_flush (shadow);
  g_object_unref (shadow);

  if (! ok)
    return FALSE;

  gimp_drawable_merge_shadow (target, TRUE);
  gimp_drawable_update (target, rect->x, rect->y, rect->width, rect->height);
  return TRUE;
}

gboolean
nst_gimp2_output_write (gint32               image,
                        gint32               drawable,
                        NstPlugOutput        output_mode,
                        const GeglRectangle *rect,
                        const nst_image     *rgb,
                        const gfloat        *alpha,
                        GError             **error)
{
  gint32   target = drawable;
  gboolean ok = FALSE;

  gimp_image_undo_group_start (image);

  if (output_mode == NST_PLUG_OUTPUT_NEW_LAYER &&
      (target = add_copy_above (image, drawable, error)) == -1)
    goto out;

  ok = write_shadow (target, rect, rgb, alpha, error);

  if (! ok && target != drawable)
    gimp_image_remove_layer (image, target);

out:
  gimp_image_undo_group_end (image);
  return ok;
}
