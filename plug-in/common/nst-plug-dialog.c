/* nst-plug-dialog.c - the dialog inside GIMP (2.10 and 3).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-dialog.h"
#include "nst-plug-dialog.h"
#include "nst-fe-error.h"
#include "nst-fe-intl.h"
#include "nst-plug-run.h"
#include "nst-fe-preview-job.h"

#define THUMBNAIL_SIZE 32

/* Append `layers` (and the layers inside groups) except `skip`. */
static void
collect_layers (const NstPlugHost *host,
                GArray            *out,
                const gchar       *image_name,
                const gint32      *layers,
                gint               n_layers,
                gint32             skip)
{
  gint i;

  for (i = 0; i < n_layers; i++)
    {
      NstDialogLayer entry;
      GeglBuffer    *buffer;

      if (host->item_is_group (layers[i]))
        {
          gint    n_children;
          gint32 *children = host->item_get_children (layers[i], &n_children);

          collect_layers (host, out, image_name, children, n_children, skip);
          g_free (children);
          continue;
        }
      if (layers[i] == skip)
        continue;

      buffer = host->get_buffer (layers[i]);
      entry.image_name = g_strdup (image_name);
      entry.layer_name = host->item_get_name (layers[i]);
      entry.id = layers[i];
      entry.thumbnail = host->get_thumbnail (layers[i], THUMBNAIL_SIZE);
      entry.width = gegl_buffer_get_width (buffer);
      entry.height = gegl_buffer_get_height (buffer);
      g_object_unref (buffer);
      g_array_append_val (out, entry);
    }
}

/* Every layer of every open image but `skip`. */
static GArray *
style_candidates (const NstPlugHost *host,
                  gint32             skip)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (NstDialogLayer));
  gint    n_images;
  gint32 *images = host->list_images (&n_images);
  gint    i;

  for (i = 0; i < n_images; i++)
    {
      gchar  *image_name = host->image_get_name (images[i]);
      gint    n_layers;
      gint32 *layers = host->image_get_layers (images[i], &n_layers);

      collect_layers (host, out, image_name, layers, n_layers, skip);
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

/* Append the masks of `layers` (and of the layers inside groups). */
static void
collect_masks (const NstPlugHost *host,
               GArray            *out,
               const gint32      *layers,
               gint               n_layers)
{
  gint i;

  for (i = 0; i < n_layers; i++)
    {
      NstDialogChannel entry;
      gint32           mask;

      if (host->item_is_group (layers[i]))
        {
          gint    n_children;
          gint32 *children = host->item_get_children (layers[i], &n_children);

          collect_masks (host, out, children, n_children);
          g_free (children);
        }
      mask = host->layer_get_mask (layers[i]);
      if (mask < 0)
        continue;
      entry.name = host->item_get_name (mask);
      entry.id = mask;
      g_array_append_val (out, entry);
    }
}

/* The channels and layer masks of `image`: where a style may apply. */
static GArray *
region_candidates (const NstPlugHost *host,
                   gint32             image)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (NstDialogChannel));
  gint    n;
  gint32 *items;
  gint    i;

  if (image < 0)
    return out;

  items = host->image_get_channels (image, &n);
  for (i = 0; i < n; i++)
    {
      NstDialogChannel entry;

      entry.name = host->item_get_name (items[i]);
      entry.id = items[i];
      g_array_append_val (out, entry);
    }
  g_free (items);

  items = host->image_get_layers (image, &n);
  collect_masks (host, out, items, n);
  g_free (items);
  return out;
}

static void
region_candidates_free (GArray *regions)
{
  guint i;

  for (i = 0; i < regions->len; i++)
    g_free (g_array_index (regions, NstDialogChannel, i).name);
  g_array_free (regions, TRUE);
}

/* The layers of `image` but `skip`, to start from (refine an earlier
 * result). */
static GArray *
init_candidates (const NstPlugHost *host,
                 gint32             image,
                 gint32             skip)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (NstDialogLayer));
  gchar  *image_name;
  gint    n_layers;
  gint32 *layers;

  if (image < 0)
    return out;

  image_name = host->image_get_name (image);
  layers = host->image_get_layers (image, &n_layers);
  collect_layers (host, out, image_name, layers, n_layers, skip);
  g_free (layers);
  g_free (image_name);
  return out;
}

/* What the dialog's callbacks read from. */
typedef struct
{
  const NstPlugHost *host;
  gint32             drawable;
  GeglRectangle      rect;      /* the part a run stylises */
} DialogData;

/* The preview's styles, regions and start image over a part (x, y is
 * relative to the part a run stylises): the final run's own reader. */
static gboolean
read_inputs (const NstFeParams    *params,
             gint                  x,
             gint                  y,
             gint                  width,
             gint                  height,
             NstFeStyles          *styles,
             nst_image            *init,
             GError              **error,
             gpointer              user_data)
{
  DialogData    *data = user_data;
  GeglRectangle  part = { data->rect.x + x, data->rect.y + y, width, height };

  return nst_plug_read_inputs (data->host, data->host->item_get_image (data->drawable),
                               data->drawable, params, &part, styles, init, error);
}

/* A rectangle of a drawable, read for nst_preview_scale_rows().  Each
 * band takes the drawable's buffer afresh (nst_plug_read): one buffer held
 * for all bands keeps every tile it fetched in its cache, so the peak grows
 * with the layer again (8000 x 6000 px: 236 MiB, against 150 MiB so). */
typedef struct
{
  const NstPlugHost *host;
  gint32             drawable;
  GeglRectangle      rect;
} RowsSource;

static gboolean
read_rows (gint        y0,
           gint        n_rows,
           nst_image  *band,
           GError    **error,
           gpointer    user_data)
{
  RowsSource   *src = user_data;
  GeglRectangle rows = { src->rect.x, src->rect.y + y0, src->rect.width, n_rows };

  return nst_plug_read (src->host, src->drawable, &rows, band, NULL, error);
}

/* `rect` of `drawable` box-filtered to out_width x out_height, read a
 * band of rows at a time: the preview never holds a large layer whole. */
static gboolean
read_scaled (const NstPlugHost    *host,
             gint32                drawable,
             const GeglRectangle  *rect,
             gint                  out_width,
             gint                  out_height,
             nst_image            *rgb,
             GError              **error)
{
  RowsSource src = { host, drawable, *rect };

  return nst_preview_scale_rows (rect->width, rect->height, read_rows, &src,
                                 out_width, out_height, rgb, error);
}

/* A part of the content at the final run's scale, for the preview's 1:1
 * zoom: (x, y) is relative to the part a run stylises. */
static gboolean
read_content (gint        x,
              gint        y,
              gint        width,
              gint        height,
              gint        out_width,
              gint        out_height,
              nst_image  *rgb,
              GError    **error,
              gpointer    user_data)
{
  DialogData   *data = user_data;
  GeglRectangle part = { data->rect.x + x, data->rect.y + y, width, height };

  return read_scaled (data->host, data->drawable, &part, out_width, out_height, rgb, error);
}

/* The part of `drawable` a run would stylise, scaled down for the
 * preview.  FALSE (no preview) when it cannot be read. */
static gboolean
preview_content (const NstPlugHost *host,
                 gint32             drawable,
                 nst_image         *content,
                 GeglRectangle     *rect)
{
  gint width, height;

  if (! nst_plug_content_rect (host, drawable, rect, NULL))
    return FALSE;
  nst_preview_fit (rect->width, rect->height, NST_DIALOG_PREVIEW_SIZE, &width, &height);
  return read_scaled (host, drawable, rect, width, height, content, NULL);
}

static void
set_transient (GtkWindow *window,
               gpointer   user_data)
{
  DialogData *data = user_data;

  if (data->host->window_set_transient != NULL)
    data->host->window_set_transient (window);
}

gboolean
nst_plug_dialog_run (const NstPlugHost  *host,
                     gint32              drawable,
                     NstFeParams        *params,
                     GError            **error)
{
  NstDialogHost dialog_host = { 0 };
  DialogData    data = { host, drawable, { 0, 0, 0, 0 } };
  nst_image     content = { 0, 0, NULL };
  GArray       *candidates;
  GArray       *regions;
  GArray       *inits;
  gint32        image;
  gboolean      ok;

  if (! host->ui_init (error))
    return FALSE;

  candidates = style_candidates (host, drawable);
  dialog_host.layers = (const NstDialogLayer *) candidates->data;
  dialog_host.n_layers = candidates->len;
  image = host->item_get_image (drawable);
  regions = region_candidates (host, image);
  dialog_host.channels = (const NstDialogChannel *) regions->data;
  dialog_host.n_channels = regions->len;
  inits = init_candidates (host, image, drawable);
  dialog_host.init_layers = (const NstDialogLayer *) inits->data;
  dialog_host.n_init_layers = inits->len;
  dialog_host.read_inputs = read_inputs;
  dialog_host.set_transient = set_transient;
  dialog_host.user_data = &data;
  if (preview_content (host, drawable, &content, &data.rect))
    {
      dialog_host.content = &content;
      dialog_host.content_width = data.rect.width;
      dialog_host.content_height = data.rect.height;
      dialog_host.read_content = read_content;
    }
  ok = nst_dialog_run (params, &dialog_host, NULL);
  nst_image_clear (&content);
  style_candidates_free (candidates);
  region_candidates_free (regions);
  style_candidates_free (inits);

  if (! ok)
    g_set_error_literal (error, NST_FE_ERROR, NST_FE_ERROR_CANCELLED,
                         _("Neural style transfer was cancelled."));
  return ok;
}
