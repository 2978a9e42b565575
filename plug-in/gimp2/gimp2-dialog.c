/* gimp2-dialog.c - the GTK 3 dialog inside GIMP 2.10.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <gtk/gtk.h>

#include "gimp2-dialog.h"
#include "gimp2-drawable.h"
#include "nst-dialog.h"
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-preview-job.h"

#define THUMBNAIL_SIZE 32

static gboolean
gtk_setup (GError **error)
{
  const gchar *display = gimp_display_name ();

  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  if (gtk_init_check (NULL, NULL))
    return TRUE;

  g_set_error (error, NST_PLUG_ERROR, NST_PLUG_ERROR_IMAGE,
               _("Cannot open the display '%s' for the dialog."),
               display != NULL ? display : g_getenv ("DISPLAY"));
  return FALSE;
}

/* Append `layers` (and the layers inside groups) except `skip`. */
static void
collect_layers (GArray      *out,
                const gchar *image_name,
                const gint  *layers,
                gint         n_layers,
                gint32       skip)
{
  gint i;

  for (i = 0; i < n_layers; i++)
    {
      NstDialogLayer entry;

      if (gimp_item_is_group (layers[i]))
        {
          gint  n_children;
          gint *children = gimp_item_get_children (layers[i], &n_children);

          collect_layers (out, image_name, children, n_children, skip);
          g_free (children);
          continue;
        }
      if (layers[i] == skip)
        continue;

      entry.image_name = g_strdup (image_name);
      entry.layer_name = gimp_item_get_name (layers[i]);
      entry.id = layers[i];
      entry.thumbnail = gimp_drawable_get_thumbnail (layers[i], THUMBNAIL_SIZE,
                                                     THUMBNAIL_SIZE,
                                                     GIMP_PIXBUF_SMALL_CHECKS);
      entry.width = gimp_drawable_width (layers[i]);
      entry.height = gimp_drawable_height (layers[i]);
      g_array_append_val (out, entry);
    }
}

static GArray *
style_candidates (gint32 skip)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (NstDialogLayer));
  gint    n_images;
  gint   *images = gimp_image_list (&n_images);
  gint    i;

  for (i = 0; i < n_images; i++)
    {
      gchar *image_name = gimp_image_get_name (images[i]);
      gint   n_layers;
      gint  *layers = gimp_image_get_layers (images[i], &n_layers);

      collect_layers (out, image_name, layers, n_layers, skip);
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
  return nst_gimp2_read_style (id, rgb, error);
}

/* The part of `drawable` a run would stylise, scaled down for the
 * preview.  FALSE (no preview) when it cannot be read. */
static gboolean
preview_content (gint32         drawable,
                 nst_image     *content,
                 GeglRectangle *rect)
{
  nst_image full = { 0, 0, NULL };
  gboolean  ok;

  ok = nst_gimp2_content_rect (drawable, rect, NULL) &&
       nst_gimp2_read (drawable, rect, &full, NULL, NULL) &&
       nst_preview_scale_down (&full, NST_DIALOG_PREVIEW_SIZE, content);
  nst_image_clear (&full);
  return ok;
}

gboolean
nst_gimp2_dialog_run (gint32          drawable,
                      NstPlugParams  *params,
                      GError        **error)
{
  NstDialogHost host = { 0 };
  nst_image     content = { 0, 0, NULL };
  GeglRectangle rect;
  GArray       *candidates;
  gboolean      ok;

  if (! gtk_setup (error))
    return FALSE;

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
