/* gimp2-dialog.c - the GTK 3 dialog inside GIMP 2.10.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <gtk/gtk.h>

#include "gimp2-dialog.h"
#include "nst-dialog.h"
#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-model.h"

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
      gchar         *name;

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

      name = gimp_item_get_name (layers[i]);
      entry.label = g_strdup_printf ("%s: %s", image_name, name);
      entry.id = layers[i];
      entry.thumbnail = gimp_drawable_get_thumbnail (layers[i], THUMBNAIL_SIZE,
                                                     THUMBNAIL_SIZE,
                                                     GIMP_PIXBUF_SMALL_CHECKS);
      g_array_append_val (out, entry);
      g_free (name);
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

      g_free (entry->label);
      g_clear_object (&entry->thumbnail);
    }
  g_array_free (candidates, TRUE);
}

/* One line for the dialog: which weights a run would use. */
static gchar *
model_status (const NstPlugParams *params)
{
  GError *error = NULL;
  gchar  *path = NULL;
  gchar  *status;

  if (! nst_plug_model_locate (params->model_path, &path, &error))
    status = g_strdup (error->message);
  else if (path == NULL)
    status = nst_plug_model_builtin_notice ();
  else
    status = g_strdup_printf (_("Model: %s"), path);

  g_clear_error (&error);
  g_free (path);
  return status;
}

gboolean
nst_gimp2_dialog_run (gint32          drawable,
                      NstPlugParams  *params,
                      GError        **error)
{
  GArray  *candidates;
  gchar   *status;
  gboolean ok;

  if (! gtk_setup (error))
    return FALSE;

  candidates = style_candidates (drawable);
  status = model_status (params);
  ok = nst_dialog_run (params, (const NstDialogLayer *) candidates->data,
                       candidates->len, status);
  g_free (status);
  style_candidates_free (candidates);

  if (! ok)
    g_set_error_literal (error, NST_PLUG_ERROR, NST_PLUG_ERROR_CANCELLED,
                         _("Neural style transfer was cancelled."));
  return ok;
}
