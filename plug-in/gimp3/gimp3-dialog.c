/* gimp3-dialog.c - the shared GTK 3 dialog inside GIMP 3.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <libgimp/gimpui.h>

#include "gimp3-dialog.h"
#include "gimp3-drawable.h"
#include "nst-dialog.h"
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-preview-job.h"

#define THUMBNAIL_SIZE 32

/* Append `items` (NULL-terminated; the layers inside groups too) except
 * `skip`. */
static void
collect_layers (GArray       *out,
                const gchar  *image_name,
                GimpItem    **items,
                GimpItem     *skip)
{
  gint i;

  for (i = 0; items[i] != NULL; i++)
    {
      GimpDrawable  *drawable = GIMP_DRAWABLE (items[i]);
      NstDialogLayer entry;

      if (gimp_item_is_group (items[i]))
        {
          GimpItem **children = gimp_item_get_children (items[i]);

          collect_layers (out, image_name, children, skip);
          g_free (children);
          continue;
        }
      if (items[i] == skip)
        continue;

      entry.image_name = g_strdup (image_name);
      entry.layer_name = gimp_item_get_name (items[i]);
      entry.id = gimp_item_get_id (items[i]);
      entry.thumbnail = gimp_drawable_get_thumbnail (drawable, THUMBNAIL_SIZE,
                                                     THUMBNAIL_SIZE,
                                                     GIMP_PIXBUF_SMALL_CHECKS);
      entry.width = gimp_drawable_get_width (drawable);
      entry.height = gimp_drawable_get_height (drawable);
      g_array_append_val (out, entry);
    }
}

static GArray *
style_candidates (GimpDrawable *skip)
{
  GArray     *out = g_array_new (FALSE, FALSE, sizeof (NstDialogLayer));
  GimpImage **images = gimp_get_images ();
  gint        i;

  for (i = 0; images[i] != NULL; i++)
    {
      gchar      *image_name = gimp_image_get_name (images[i]);
      GimpLayer **layers = gimp_image_get_layers (images[i]);

      collect_layers (out, image_name, (GimpItem **) layers, GIMP_ITEM (skip));
      g_free (layers);
      g_free (image_name);
    }
  g_free (images);
  return out;
}

static void
style_candidates_free (GArray *candidates)
{
  guint i;

  for (i = 0; i < candidates->len; i++)
    {
      NstDialogLayer *entry = &g_array_index (candidates, NstDialogLayer, i);

      g_free (entry->image_name);
      g_free (entry->layer_name);
      g_clear_object (&entry->thumbnail);
    }
  g_array_free (candidates, TRUE);
}

/* The dialog's way to the style's pixels, for the preview. */
static gboolean
read_style (gint32      id,
            nst_image  *rgb,
            GError    **error,
            gpointer    user_data)
{
  (void) user_data;
  return nst_gimp3_read_style (id, rgb, error);
}

/* The part of `drawable` a run would stylise, scaled down for the
 * preview.  FALSE (no preview) when it cannot be read. */
static gboolean
preview_content (GimpDrawable  *drawable,
                 nst_image     *content,
                 GeglRectangle *rect)
{
  nst_image full = { 0, 0, NULL };
  gboolean  ok;

  ok = nst_gimp3_content_rect (drawable, rect, NULL) &&
       nst_gimp3_read (drawable, rect, &full, NULL, NULL) &&
       nst_preview_scale_down (&full, NST_DIALOG_PREVIEW_SIZE, content);
  nst_image_clear (&full);
  return ok;
}

gboolean
nst_gimp3_dialog_run (GimpDrawable   *drawable,
                      NstPlugParams  *params,
                      GError        **error)
{
  NstDialogHost host = { 0 };
  nst_image     content = { 0, 0, NULL };
  GeglRectangle rect;
  GArray       *candidates;
  gboolean      ok;

  gimp_ui_init ("neural-style");

  candidates = style_candidates (drawable);
  host.layers = (const NstDialogLayer *) candidates->data;
  host.n_layers = candidates->len;
  host.read_style = read_style;
  if (preview_content (drawable, &content, &rect))
    {
      host.content = &content;
      host.content_width = rect.width;
      host.content_height = rect.height;
    }
  ok = nst_dialog_run (params, &host, NULL);
  nst_image_clear (&content);
  style_candidates_free (candidates);

  if (! ok)
    g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_CANCELLED,
                         _("Neural style transfer was cancelled."));
  return ok;
}
