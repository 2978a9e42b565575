/* gimp3-output.c - putting the result into the image (GIMP 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "gimp3-output.h"
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-pixels.h"

/* A copy of `drawable` inserted just above it (at the top for channels),
 * or NULL.  The copy keeps the original's offsets, so the selection and
 * `rect` mean the same on both. */
static GimpDrawable *
add_copy_above (GimpImage     *image,
                GimpDrawable  *drawable,
                GError       **error)
{
  GimpLayer *layer = gimp_layer_new_from_drawable (drawable, image);
  GimpLayer *parent = NULL;
  gint       position = 0;
  gchar     *original;
  gchar     *name;

  if (layer == NULL)
    goto fail;

  if (gimp_item_is_layer (GIMP_ITEM (drawable)))
    {
      parent = GIMP_LAYER (gimp_item_get_parent (GIMP_ITEM (drawable)));
      position = gimp_image_get_item_position (image, GIMP_ITEM (drawable));
    }

  original = gimp_item_get_name (GIMP_ITEM (drawable));
  name = g_strdup_printf (_("%s (neural style)"), original);
  gimp_item_set_name (GIMP_ITEM (layer), name);
  g_free (name);
  g_free (original);

  if (gimp_image_insert_layer (image, layer, parent, position))
    return GIMP_DRAWABLE (layer);

  gimp_item_delete (GIMP_ITEM (layer));

fail:
  g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
                       _("Could not add a layer for the result."));
  return NULL;
}

static gboolean
write_shadow (GimpDrawable        *target,
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
nst_gimp3_output_write (GimpImage           *image,
                        GimpDrawable        *drawable,
                        NstPlugOutput        output_mode,
                        const GeglRectangle *rect,
                        const nst_image     *rgb,
                        const gfloat        *alpha,
                        GError             **error)
{
  GimpDrawable *target = drawable;
  gboolean      ok = FALSE;

  gimp_image_undo_group_start (image);

  if (output_mode == NST_PLUG_OUTPUT_NEW_LAYER &&
      (target = add_copy_above (image, drawable, error)) == NULL)
    goto out;

  ok = write_shadow (target, rect, rgb, alpha, error);

  if (! ok && target != drawable)
    gimp_image_remove_layer (image, GIMP_LAYER (target));

out:
  gimp_image_undo_group_end (image);
  return ok;
}
