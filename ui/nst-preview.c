/* nst-preview.c - the dialog's live preview pane.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <string.h>

#include "nst-plug-error.h"
#include "nst-plug-intl.h"
#include "nst-plug-model.h"
#include "nst-preview-job.h"
#include "nst-preview.h"

#define DEBOUNCE_MS 300  /* quiet time after a change before a new run */
#define POLL_MS      50  /* how often the GTK side looks for a new image */

struct _NstPreview
{
  GtkWidget         *box;
  GtkWidget         *image;
  GtkWidget         *label;

  nst_image          content;
  gint               full_long;
  NstPreviewStyleFn  read_style;
  gpointer           style_data;
  NstPreviewNotify   notify;
  gpointer           notify_data;

  nst_image          style;
  gint32             style_id;     /* whose pixels `style` holds, -1 none */
  gchar              model_path[NST_PLUG_PATH_MAX];

  NstPlugModel       model;        /* touched by the worker while a job runs */
  gboolean           model_ready;
  gdouble            rate;

  NstPlugParams      wanted;
  gboolean           pending;      /* start a job with `wanted` when free */
  gboolean           started;      /* a job has been started once */
  NstPreviewJob     *job;
  guint              serial;
  nst_image          frame;

  guint              debounce_id;
  guint              poll_id;
  GTimer            *since_request;
  gdouble            first_image_seconds;
};

GdkPixbuf *
nst_preview_image_to_pixbuf (const nst_image *image)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                      image->width, image->height);
  guchar    *pixels = gdk_pixbuf_get_pixels (pixbuf);
  gint       stride = gdk_pixbuf_get_rowstride (pixbuf);
  gint       x, y, c;

  for (y = 0; y < image->height; y++)
    for (x = 0; x < image->width; x++)
      for (c = 0; c < 3; c++)
        {
          gfloat v = image->data[((gsize) y * image->width + x) * 3 + c];

          v = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;  /* NaN -> 0 too */
          pixels[y * stride + x * 3 + c] = (guchar) (v * 255.0f + 0.5f);
        }
  return pixbuf;
}

/* Show `image`, stretched to the content's preview size (the first
 * levels of the coarse-to-fine schedule are smaller). */
static void
show_image (NstPreview      *preview,
            const nst_image *image)
{
  GdkPixbuf *pixbuf = nst_preview_image_to_pixbuf (image);

  if (image->width != preview->content.width || image->height != preview->content.height)
    {
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (pixbuf, preview->content.width,
                                                   preview->content.height,
                                                   GDK_INTERP_BILINEAR);
      g_object_unref (pixbuf);
      pixbuf = scaled;
    }
  gtk_image_set_from_pixbuf (GTK_IMAGE (preview->image), pixbuf);
  g_object_unref (pixbuf);
}

static gboolean
ensure_style (NstPreview *preview)
{
  GError *error = NULL;

  if (preview->style_id == preview->wanted.style_drawable && preview->style.data != NULL)
    return TRUE;

  nst_image_clear (&preview->style);
  preview->style_id = -1;
  if (preview->read_style == NULL || preview->wanted.style_drawable < 0)
    {
      gtk_label_set_text (GTK_LABEL (preview->label), _("Pick a style layer."));
      return FALSE;
    }
  if (! preview->read_style (preview->wanted.style_drawable, &preview->style,
                             &error, preview->style_data))
    {
      gtk_label_set_text (GTK_LABEL (preview->label),
                          error ? error->message : _("The style layer cannot be read."));
      g_clear_error (&error);
      return FALSE;
    }
  preview->style_id = preview->wanted.style_drawable;
  return TRUE;
}

static void
start_job (NstPreview *preview)
{
  NstPlugParams params;

  preview->pending = FALSE;
  if (! ensure_style (preview))
    return;

  /* A different model file means loading it again. */
  if (strcmp (preview->model_path, preview->wanted.model_path) != 0)
    {
      nst_plug_model_close (&preview->model);
      preview->model_ready = FALSE;
      g_strlcpy (preview->model_path, preview->wanted.model_path,
                 sizeof (preview->model_path));
    }

  nst_preview_job_params (&preview->wanted, preview->full_long,
                          MAX (preview->content.width, preview->content.height),
                          &params);
  preview->serial = 0;
  preview->started = TRUE;
  preview->job = nst_preview_job_start (&preview->model, &params,
                                        &preview->content, &preview->style);
  gtk_label_set_text (GTK_LABEL (preview->label),
                      preview->model_ready ? _("Preview: starting...")
                                           : _("Preview: loading the model..."));
}

static void
take_frame (NstPreview *preview)
{
  gchar *text = NULL;

  if (! nst_preview_job_take_frame (preview->job, &preview->serial,
                                    &preview->frame, &text))
    return;

  show_image (preview, &preview->frame);
  gtk_label_set_text (GTK_LABEL (preview->label), text);
  g_free (text);
  if (preview->first_image_seconds < 0.0)
    preview->first_image_seconds = g_timer_elapsed (preview->since_request, NULL);
}

static void
finish_job (NstPreview *preview)
{
  GError  *error = NULL;
  gboolean was_ready = preview->model_ready;

  if (! nst_preview_job_finish (preview->job, NULL, &error) &&
      ! g_error_matches (error, NST_PLUG_ERROR, NST_PLUG_ERROR_CANCELLED))
    gtk_label_set_text (GTK_LABEL (preview->label), error->message);
  else if (error == NULL)
    gtk_label_set_text (GTK_LABEL (preview->label), _("Preview: done."));
  g_clear_error (&error);
  preview->job = NULL;
  preview->model_ready = preview->model.model != NULL;

  if (preview->model_ready && ! was_ready && preview->notify != NULL)
    preview->notify (preview->notify_data);
}

static gboolean
on_poll (gpointer data)
{
  NstPreview *preview = data;

  if (preview->job != NULL)
    {
      gdouble rate = nst_preview_job_rate (preview->job);

      take_frame (preview);
      if (! preview->model_ready && nst_preview_job_model_ready (preview->job))
        {
          preview->model_ready = TRUE;
          if (preview->notify != NULL)
            preview->notify (preview->notify_data);
        }
      if (rate > 0.0 && rate != preview->rate)
        {
          preview->rate = rate;
          if (preview->model_ready && preview->notify != NULL)
            preview->notify (preview->notify_data);
        }
      if (nst_preview_job_is_done (preview->job))
        {
          take_frame (preview);
          finish_job (preview);
        }
    }
  if (preview->job == NULL && preview->pending)
    start_job (preview);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_debounce (gpointer data)
{
  NstPreview *preview = data;

  preview->debounce_id = 0;
  preview->pending = TRUE;
  if (preview->job == NULL)
    start_job (preview);
  return G_SOURCE_REMOVE;
}

void
nst_preview_set_params (NstPreview          *preview,
                        const NstPlugParams *params)
{
  preview->wanted = *params;
  if (preview->job != NULL)
    nst_preview_job_cancel (preview->job);
  if (preview->debounce_id != 0)
    g_source_remove (preview->debounce_id);
  /* The first preview need not wait for the user to stop dragging. */
  preview->debounce_id = g_timeout_add (preview->started ? DEBOUNCE_MS : 0,
                                        on_debounce, preview);
}

NstPreview *
nst_preview_new (const nst_image     *content,
                 gint                 full_width,
                 gint                 full_height,
                 NstPreviewStyleFn    read_style,
                 NstPreviewContentFn  read_content,
                 gpointer             host_data,
                 NstPreviewNotify   notify,
                 gpointer           notify_data)
{
  NstPreview *preview = g_new0 (NstPreview, 1);
  GtkWidget  *frame = gtk_frame_new (NULL);
  GdkPixbuf  *pixbuf;

  nst_preview_scale_down (content, G_MAXINT, &preview->content);
  preview->full_long = MAX (full_width, full_height);
  (void) read_content;
  preview->read_style = read_style;
  preview->style_data = host_data;
  preview->notify = notify;
  preview->notify_data = notify_data;
  preview->style_id = -1;
  preview->first_image_seconds = -1.0;
  preview->since_request = g_timer_new ();

  pixbuf = nst_preview_image_to_pixbuf (&preview->content);
  preview->image = gtk_image_new_from_pixbuf (pixbuf);
  g_object_unref (pixbuf);
  gtk_widget_set_name (preview->image, "nst-preview-image");
  gtk_widget_set_size_request (preview->image, preview->content.width,
                               preview->content.height);
  gtk_frame_set_shadow_type (GTK_FRAME (frame), GTK_SHADOW_IN);
  gtk_container_add (GTK_CONTAINER (frame), preview->image);
  gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);

  preview->label = gtk_label_new (_("Preview: waiting..."));
  gtk_label_set_ellipsize (GTK_LABEL (preview->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (preview->label), 36);

  preview->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (preview->box), frame, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (preview->box), preview->label, FALSE, FALSE, 0);

  preview->poll_id = g_timeout_add (POLL_MS, on_poll, preview);
  return preview;
}

GtkWidget *
nst_preview_get_widget (NstPreview *preview)
{
  return preview->box;
}

const nst_model *
nst_preview_get_model (NstPreview   *preview,
                       const gchar **path)
{
  if (! preview->model_ready)
    return NULL;
  if (path != NULL)
    *path = preview->model.path;
  return preview->model.model;
}

gdouble
nst_preview_get_rate (NstPreview *preview)
{
  return preview->rate;
}

gdouble
nst_preview_first_image_seconds (NstPreview *preview)
{
  return preview->first_image_seconds;
}

GdkPixbuf *
nst_preview_get_pixbuf (NstPreview *preview)
{
  GdkPixbuf *pixbuf = gtk_image_get_pixbuf (GTK_IMAGE (preview->image));

  return pixbuf != NULL ? g_object_ref (pixbuf) : NULL;
}

void
nst_preview_free (NstPreview *preview)
{
  if (preview->job != NULL)
    {
      nst_preview_job_cancel (preview->job);
      nst_preview_job_finish (preview->job, NULL, NULL);
    }
  if (preview->debounce_id != 0)
    g_source_remove (preview->debounce_id);
  g_source_remove (preview->poll_id);
  g_timer_destroy (preview->since_request);
  nst_plug_model_close (&preview->model);
  nst_image_clear (&preview->content);
  nst_image_clear (&preview->style);
  nst_image_clear (&preview->frame);
  g_free (preview);
}
