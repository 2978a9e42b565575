/* gimp3-host.c - the shared plug-in code's way to GIMP 3.
 *
 * Each entry is one libgimp-3.0 call or a few; what they mean is in
 * nst-plug-host.h.  The shared code names items by id; here the ids
 * become GimpItem and GimpImage objects (owned by libgimp, not ref'd).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <libgimp/gimpui.h>

#include "gimp3-host.h"
#include "gimp-session.h"

static GimpDrawable *
drawable_of (gint32 id)
{
  return gimp_drawable_get_by_id (id);
}

static GimpImage *
image_of (gint32 id)
{
  return gimp_image_get_by_id (id);
}

/* A NULL-terminated array of items or images as an array of ids. */
static gint32 *
ids_of (gpointer *objects,
        gboolean  images,
        gint     *n)
{
  gint    count = 0;
  gint32 *ids;
  gint    i;

  while (objects != NULL && objects[count] != NULL)
    count++;

  ids = g_new (gint32, MAX (count, 1));
  for (i = 0; i < count; i++)
    ids[i] = images ? gimp_image_get_id (objects[i])
                    : gimp_item_get_id (objects[i]);
  g_free (objects);
  *n = count;
  return ids;
}

static gboolean
item_is_layer (gint32 item)
{
  return gimp_item_id_is_layer (item);
}

static gboolean
item_is_group (gint32 item)
{
  return gimp_item_id_is_group_layer (item);
}

static gboolean
item_is_channel (gint32 item)
{
  return gimp_item_id_is_channel (item) || gimp_item_id_is_layer_mask (item);
}

static gchar *
item_get_name (gint32 item)
{
  return gimp_item_get_name (gimp_item_get_by_id (item));
}

static gint32
item_get_image (gint32 item)
{
  GimpItem  *it = gimp_item_get_by_id (item);
  GimpImage *image = it != NULL ? gimp_item_get_image (it) : NULL;

  return image != NULL ? gimp_image_get_id (image) : -1;
}

static gint32 *
item_get_children (gint32  item,
                   gint   *n)
{
  return ids_of ((gpointer *) gimp_item_get_children (gimp_item_get_by_id (item)),
                 FALSE, n);
}

static gboolean
mask_intersect (gint32         drawable,
                GeglRectangle *rect)
{
  return gimp_drawable_mask_intersect (drawable_of (drawable), &rect->x, &rect->y,
                                       &rect->width, &rect->height);
}

static void
get_offsets (gint32  drawable,
             gint   *x,
             gint   *y)
{
  gimp_drawable_get_offsets (drawable_of (drawable), x, y);
}

static GeglBuffer *
get_buffer (gint32 drawable)
{
  return gimp_drawable_get_buffer (drawable_of (drawable));
}

static GeglBuffer *
get_shadow_buffer (gint32 drawable)
{
  return gimp_drawable_get_shadow_buffer (drawable_of (drawable));
}

static void
merge_shadow (gint32               drawable,
              const GeglRectangle *rect)
{
  GimpDrawable *d = drawable_of (drawable);

  gimp_drawable_merge_shadow (d, TRUE);
  gimp_drawable_update (d, rect->x, rect->y, rect->width, rect->height);
}

static GdkPixbuf *
get_thumbnail (gint32 drawable,
               gint   size)
{
  return gimp_drawable_get_thumbnail (drawable_of (drawable), size, size,
                                      GIMP_PIXBUF_SMALL_CHECKS);
}

static gint32 *
list_images (gint *n)
{
  return ids_of ((gpointer *) gimp_get_images (), TRUE, n);
}

static gchar *
image_get_name (gint32 image)
{
  return gimp_image_get_name (image_of (image));
}

static gint32 *
image_get_layers (gint32  image,
                  gint   *n)
{
  return ids_of ((gpointer *) gimp_image_get_layers (image_of (image)), FALSE, n);
}

static gint32
image_get_selection (gint32 image)
{
  return gimp_item_get_id (GIMP_ITEM (gimp_image_get_selection (image_of (image))));
}

static gboolean
selection_is_empty (gint32 image)
{
  return gimp_selection_is_empty (image_of (image));
}

static void
undo_group_start (gint32 image)
{
  gimp_image_undo_group_start (image_of (image));
}

static void
undo_group_end (gint32 image)
{
  gimp_image_undo_group_end (image_of (image));
}

static gint32
add_copy_above (gint32       image_id,
                gint32       drawable_id,
                const gchar *name)
{
  GimpImage    *image = image_of (image_id);
  GimpDrawable *drawable = drawable_of (drawable_id);
  GimpLayer    *layer = gimp_layer_new_from_drawable (drawable, image);
  GimpLayer    *parent = NULL;
  gint          position = 0;

  if (layer == NULL)
    return -1;

  if (gimp_item_is_layer (GIMP_ITEM (drawable)))
    {
      parent = GIMP_LAYER (gimp_item_get_parent (GIMP_ITEM (drawable)));
      position = gimp_image_get_item_position (image, GIMP_ITEM (drawable));
    }
  gimp_item_set_name (GIMP_ITEM (layer), name);

  if (gimp_image_insert_layer (image, layer, parent, position))
    return gimp_item_get_id (GIMP_ITEM (layer));

  gimp_item_delete (GIMP_ITEM (layer));
  return -1;
}

static void
layer_set_opacity (gint32  layer,
                   gdouble opacity)
{
  gimp_layer_set_opacity (gimp_layer_get_by_id (layer), opacity);
}

static void
remove_layer (gint32 image,
              gint32 layer)
{
  gimp_image_remove_layer (image_of (image), gimp_layer_get_by_id (layer));
}

static void
progress_update (const gchar *text,
                 gdouble      fraction)
{
  gimp_progress_set_text (text);
  gimp_progress_update (fraction);
}

static void
progress_end (void)
{
  gimp_progress_end ();
}

static void
message (const gchar *text)
{
  gimp_message (text);
}

static gboolean
ui_init (GError **error)
{
  (void) error;
  gimp_ui_init ("neural-style");
  return TRUE;
}

static gint32 *
image_get_channels (gint32  image,
                    gint   *n)
{
  return ids_of ((gpointer *) gimp_image_get_channels (image_of (image)), FALSE, n);
}

static gint32
layer_get_mask (gint32 layer)
{
  GimpLayer     *it = gimp_layer_get_by_id (layer);
  GimpLayerMask *mask = it != NULL ? gimp_layer_get_mask (it) : NULL;

  return mask != NULL ? gimp_item_get_id (GIMP_ITEM (mask)) : -1;
}

/* gimp_window_set_transient() with nothing to be transient for (batch
 * mode, gimp-console) fails an assertion when the dialog maps: only when
 * GIMP names the window its progress shows in. */
static void
window_set_transient (GtkWindow *window)
{
  GBytes *handle = gimp_progress_get_window_handle ();
  gsize   size = 0;

  if (handle != NULL)
    {
      g_bytes_get_data (handle, &size);
      g_bytes_unref (handle);
    }
  if (size > 0)
    gimp_window_set_transient (window);
}

static const NstPlugHost host =
{
  .item_is_layer       = item_is_layer,
  .item_is_group       = item_is_group,
  .item_is_channel     = item_is_channel,
  .item_get_name       = item_get_name,
  .item_get_image      = item_get_image,
  .item_get_children   = item_get_children,
  .mask_intersect      = mask_intersect,
  .get_offsets         = get_offsets,
  .get_buffer          = get_buffer,
  .get_shadow_buffer   = get_shadow_buffer,
  .merge_shadow        = merge_shadow,
  .get_thumbnail       = get_thumbnail,
  .list_images         = list_images,
  .image_get_name      = image_get_name,
  .image_get_layers    = image_get_layers,
  .image_get_selection = image_get_selection,
  .selection_is_empty  = selection_is_empty,
  .undo_group_start    = undo_group_start,
  .undo_group_end      = undo_group_end,
  .add_copy_above      = add_copy_above,
  .layer_set_opacity   = layer_set_opacity,
  .remove_layer        = remove_layer,
  .progress_init       = gimp_progress_init,
  .progress_update     = progress_update,
  .progress_end        = progress_end,
  .message             = message,
  .first_in_session    = nst_gimp_first_in_session,
  .ui_init             = ui_init,
  .window_set_transient = window_set_transient,
  .image_get_channels  = image_get_channels,
  .layer_get_mask      = layer_get_mask,
};

const NstPlugHost *
nst_gimp3_host (void)
{
  return &host;
}
