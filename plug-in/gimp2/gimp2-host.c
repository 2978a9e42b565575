/* gimp2-host.c - the shared plug-in code's way to GIMP 2.10.
 *
 * Each entry is one libgimp-2.0 call or a few; what they mean is in
 * nst-plug-host.h.  GIMP 2.10 names items by their ids already.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>
#endif
#include <libgimp/gimp.h>

#include "gimp2-host.h"
#include "gimp-session.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"

static gboolean
item_is_layer (gint32 item)
{
  return gimp_item_is_valid (item) && gimp_item_is_layer (item);
}

static gboolean
item_is_group (gint32 item)
{
  return gimp_item_is_valid (item) && gimp_item_is_group (item);
}

static gboolean
item_is_channel (gint32 item)
{
  return gimp_item_is_valid (item) &&
         (gimp_item_is_channel (item) || gimp_item_is_layer_mask (item));
}

static gint32 *
item_get_children (gint32  item,
                   gint   *n)
{
  return gimp_item_get_children (item, n);
}

static gboolean
mask_intersect (gint32         drawable,
                GeglRectangle *rect)
{
  return gimp_drawable_mask_intersect (drawable, &rect->x, &rect->y,
                                       &rect->width, &rect->height);
}

static void
merge_shadow (gint32               drawable,
              const GeglRectangle *rect)
{
  gimp_drawable_merge_shadow (drawable, TRUE);
  gimp_drawable_update (drawable, rect->x, rect->y, rect->width, rect->height);
}

static void
get_offsets (gint32  drawable,
             gint   *x,
             gint   *y)
{
  gimp_drawable_offsets (drawable, x, y);
}

static GdkPixbuf *
get_thumbnail (gint32 drawable,
               gint   size)
{
  return gimp_drawable_get_thumbnail (drawable, size, size, GIMP_PIXBUF_SMALL_CHECKS);
}

static gint32 *
list_images (gint *n)
{
  return gimp_image_list (n);
}

static gint32 *
image_get_layers (gint32  image,
                  gint   *n)
{
  return gimp_image_get_layers (image, n);
}

static void
undo_group_start (gint32 image)
{
  gimp_image_undo_group_start (image);
}

static void
undo_group_end (gint32 image)
{
  gimp_image_undo_group_end (image);
}

static gint32
add_copy_above (gint32       image,
                gint32       drawable,
                const gchar *name)
{
  gint32 layer = gimp_layer_new_from_drawable (drawable, image);
  gint32 parent = -1;
  gint   position = 0;

  if (layer == -1)
    return -1;

  if (gimp_item_is_layer (drawable))
    {
      parent = gimp_item_get_parent (drawable);
      position = gimp_image_get_item_position (image, drawable);
    }
  gimp_item_set_name (layer, name);

  if (gimp_image_insert_layer (image, layer, parent, position))
    return layer;

  gimp_item_delete (layer);
  return -1;
}

static void
layer_set_opacity (gint32  layer,
                   gdouble opacity)
{
  gimp_layer_set_opacity (layer, opacity);
}

static void
remove_layer (gint32 image,
              gint32 layer)
{
  gimp_image_remove_layer (image, layer);
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
  const gchar *display = gimp_display_name ();

  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  if (gtk_init_check (NULL, NULL))
    return TRUE;

  g_set_error (error, NST_FE_ERROR, NST_FE_ERROR_IMAGE,
               _("Cannot open the display '%s' for the dialog."),
               display != NULL ? display : g_getenv ("DISPLAY"));
  return FALSE;
}

/* GIMP 2.10's own helper (gimp_window_set_transient) lives in
 * libgimpui-2.0, which is GTK 2: the same by hand.  GIMP names the X
 * window its progress shows in (the image window the filter was started
 * from; 0 in batch mode), and GDK makes ours transient for it once it
 * exists. */
static void
on_realize_transient (GtkWidget *widget,
                      gpointer   data)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display (widget);
  guint32     handle = GPOINTER_TO_UINT (data);

  if (GDK_IS_X11_DISPLAY (display))
    {
      GdkWindow *parent = gdk_x11_window_foreign_new_for_display (display, handle);

      if (parent != NULL)
        {
          gdk_window_set_transient_for (gtk_widget_get_window (widget), parent);
          g_object_unref (parent);
        }
    }
#else
  (void) widget;
  (void) data;
#endif
}

static void
window_set_transient (GtkWindow *window)
{
  guint32 handle = (guint32) gimp_progress_get_window_handle ();

  if (handle == 0)
    return;
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize_transient (GTK_WIDGET (window), GUINT_TO_POINTER (handle));
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize_transient),
                      GUINT_TO_POINTER (handle));
}

static gint32 *
image_get_channels (gint32  image,
                    gint   *n)
{
  return gimp_image_get_channels (image, n);
}

static const NstPlugHost host =
{
  .item_is_layer       = item_is_layer,
  .item_is_group       = item_is_group,
  .item_is_channel     = item_is_channel,
  .item_get_name       = gimp_item_get_name,
  .item_get_image      = gimp_item_get_image,
  .item_get_children   = item_get_children,
  .mask_intersect      = mask_intersect,
  .get_offsets         = get_offsets,
  .get_buffer          = gimp_drawable_get_buffer,
  .get_shadow_buffer   = gimp_drawable_get_shadow_buffer,
  .merge_shadow        = merge_shadow,
  .get_thumbnail       = get_thumbnail,
  .list_images         = list_images,
  .image_get_name      = gimp_image_get_name,
  .image_get_layers    = image_get_layers,
  .image_get_selection = gimp_image_get_selection,
  .selection_is_empty  = gimp_selection_is_empty,
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
  .layer_get_mask      = gimp_layer_get_mask,
};

const NstPlugHost *
nst_gimp2_host (void)
{
  return &host;
}
