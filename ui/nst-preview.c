/* nst-preview.c - the dialog's live preview pane.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <string.h>

#include "nst-fe-error.h"
#include "nst-fe-intl.h"
#include "nst-fe-model.h"
#include "nst-fe-preview-job.h"
#include "nst-preview.h"

#define DEBOUNCE_MS 300  /* quiet time after a change before a new run */
#define POLL_MS      50  /* how often the GTK side looks for a new image */

#define ZOOM_SIDE   320  /* the zoomed view shows at most this square, 1:1 */
#define DRAG_SLOP     4  /* a press moving less than this is a click */

struct _NstPreview
{
  GtkWidget         *box;
  GtkWidget         *events;       /* takes the drags on the image */
  GtkWidget         *image;
  GtkWidget         *label;
  GtkWidget         *zoom_button;

  nst_image          content;      /* the whole view's */
  gint               full_width;
  gint               full_height;
  gint               full_long;
  NstPreviewInputsFn read_inputs;
  NstPreviewContentFn read_content;
  gpointer           host_data;
  NstPreviewNotify   notify;
  gpointer           notify_data;

  NstFeStyles        styles;       /* the wanted inputs, read for `inputs_key` */
  nst_image          init;
  gchar             *inputs_key;   /* what `styles` and `init` were read for */
  gchar              model_path[NST_FE_PATH_MAX];

  NstFeModel         model;        /* touched by the worker while a job runs */
  gboolean           model_ready;
  gboolean           reload;       /* search and load the model again */
  nst_calibration    calibration;  /* this machine's speed; n_points 0 until known */

  NstFeParams        wanted;
  gboolean           pending;      /* start a job with `wanted` when free */
  gboolean           started;      /* a job has been started once */
  NstPreviewJob     *job;
  guint              serial;
  nst_image          frame;

  gboolean           stale;        /* the running job was cancelled */
  gint               view_width;   /* what the image shows frames at */
  gint               view_height;

  /* The 1:1 zoom: the centre the user chose, in content pixels, the part
   * it gives for the wanted parameters and the pixels read for it. */
  gboolean           zoomed;
  gdouble            zoom_cx;
  gdouble            zoom_cy;
  NstPreviewZoom     zoom;
  NstPreviewZoom     zoom_read;    /* the part `zoom_content` holds */
  nst_image          zoom_content;

  gboolean           dragging;
  gdouble            drag_x0, drag_y0, drag_x1, drag_y1;  /* widget coords */
  guint              click_id;     /* a click waits out a double-click */

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

/* Show `image`, stretched to the view's size (the first levels of the
 * coarse-to-fine schedule are smaller).  The widget keeps the largest
 * size it showed, so the dialog does not jump between views. */
static void
show_image (NstPreview      *preview,
            const nst_image *image)
{
  GdkPixbuf *pixbuf = nst_preview_image_to_pixbuf (image);
  gint       width, height;

  if (image->width != preview->view_width || image->height != preview->view_height)
    {
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (pixbuf, preview->view_width,
                                                   preview->view_height,
                                                   GDK_INTERP_BILINEAR);
      g_object_unref (pixbuf);
      pixbuf = scaled;
    }
  gtk_image_set_from_pixbuf (GTK_IMAGE (preview->image), pixbuf);
  g_object_unref (pixbuf);

  gtk_widget_get_size_request (preview->image, &width, &height);
  gtk_widget_set_size_request (preview->image, MAX (width, preview->view_width),
                               MAX (height, preview->view_height));
}

/* Read the part of the content the zoom shows for the wanted parameters,
 * unless it is already there. */
static gboolean
ensure_zoom_content (NstPreview *preview)
{
  GError *error = NULL;

  nst_preview_zoom_plan (&preview->wanted, preview->full_width, preview->full_height,
                         preview->zoom_cx, preview->zoom_cy, ZOOM_SIDE, &preview->zoom);
  if (preview->zoom_content.data != NULL &&
      memcmp (&preview->zoom, &preview->zoom_read, sizeof (preview->zoom)) == 0)
    return TRUE;

  nst_image_clear (&preview->zoom_content);
  if (! preview->read_content (preview->zoom.x, preview->zoom.y,
                               preview->zoom.width, preview->zoom.height,
                               preview->zoom.out_width, preview->zoom.out_height,
                               &preview->zoom_content, &error, preview->host_data))
    {
      gtk_label_set_text (GTK_LABEL (preview->label),
                          error ? error->message : _("The image cannot be read for the zoom."));
      g_clear_error (&error);
      nst_image_clear (&preview->zoom_content);
      return FALSE;
    }
  preview->zoom_read = preview->zoom;
  return TRUE;
}

/* What the inputs read for `params` over a part of the content depend
 * on: everything but the weights, which are taken afresh each time. */
static gchar *
inputs_key (const NstFeParams *params,
            gint                 x,
            gint                 y,
            gint                 width,
            gint                 height)
{
  GString *key = g_string_new (NULL);
  gint     i;

  g_string_append_printf (key, "%d,%d,%d,%d;sel %d;init %d;", x, y, width, height,
                          params->style_selection, params->init_drawable);
  for (i = 0; i < nst_fe_params_n_styles (params); i++)
    g_string_append_printf (key, "%d/%d,", nst_fe_params_style_id (params, i),
                            nst_fe_params_style_region (params, i));
  return g_string_free (key, FALSE);
}

/* The styles, regions and start image of the wanted run over the part of
 * the content the view shows, read through the host as the final run
 * reads them; again only when something they depend on changed. */
static gboolean
ensure_inputs (NstPreview *preview,
               gint        x,
               gint        y,
               gint        width,
               gint        height)
{
  gchar  *key;
  GError *error = NULL;
  gint    i;

  if (preview->read_inputs == NULL || preview->wanted.style_drawable < 0)
    {
      gtk_label_set_text (GTK_LABEL (preview->label), _("Pick a style layer."));
      return FALSE;
    }

  key = inputs_key (&preview->wanted, x, y, width, height);
  if (g_strcmp0 (key, preview->inputs_key) != 0)
    {
      nst_fe_styles_clear (&preview->styles);
      nst_image_clear (&preview->init);
      g_clear_pointer (&preview->inputs_key, g_free);
      if (! preview->read_inputs (&preview->wanted, x, y, width, height, &preview->styles,
                                  &preview->init, &error, preview->host_data))
        {
          gtk_label_set_text (GTK_LABEL (preview->label),
                              error ? error->message : _("The style layer cannot be read."));
          g_clear_error (&error);
          g_free (key);
          return FALSE;
        }
      preview->inputs_key = g_steal_pointer (&key);
    }
  g_free (key);

  for (i = 0; i < preview->styles.n; i++)
    preview->styles.weight[i] = (gfloat) nst_fe_params_style_weight (&preview->wanted, i);
  return TRUE;
}

static void
start_job (NstPreview *preview)
{
  const nst_image *content = &preview->content;
  NstFeParams      params;

  preview->pending = FALSE;

  /* A different model file means loading it again. */
  if (strcmp (preview->model_path, preview->wanted.model_path) != 0 || preview->reload)
    {
      preview->reload = FALSE;
      nst_fe_model_close (&preview->model);
      preview->model_ready = FALSE;
      memset (&preview->calibration, 0, sizeof (preview->calibration));
      g_strlcpy (preview->model_path, preview->wanted.model_path,
                 sizeof (preview->model_path));
    }

  /* Zoomed, the same run on a part of the content at the final scale;
   * else on the whole content, smaller. */
  if (preview->zoomed)
    {
      if (! ensure_zoom_content (preview) ||
          ! ensure_inputs (preview, preview->zoom.x, preview->zoom.y,
                           preview->zoom.width, preview->zoom.height))
        return;
      content = &preview->zoom_content;
      nst_preview_zoom_params (&preview->wanted, preview->full_long, &preview->zoom,
                               &params);
    }
  else
    {
      if (! ensure_inputs (preview, 0, 0, preview->full_width, preview->full_height))
        return;
      nst_preview_job_params (&preview->wanted, preview->full_long,
                              MAX (content->width, content->height), &params);
    }
  preview->view_width = content->width;
  preview->view_height = content->height;
  preview->serial = 0;
  preview->started = TRUE;
  preview->stale = FALSE;
  preview->job = nst_preview_job_start (&preview->model, &params, content,
                                        &preview->styles,
                                        preview->init.data != NULL ? &preview->init : NULL,
                                        preview->calibration.n_points == 0);
  gtk_label_set_text (GTK_LABEL (preview->label),
                      preview->model_ready ? _("Preview: starting...")
                                           : _("Preview: loading the model..."));
}

static void
take_frame (NstPreview *preview)
{
  gchar *text = NULL;

  /* A cancelled job's last frames may be of the other view. */
  if (preview->stale ||
      ! nst_preview_job_take_frame (preview->job, &preview->serial,
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
      ! g_error_matches (error, NST_FE_ERROR, NST_FE_ERROR_CANCELLED))
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
      take_frame (preview);
      if (! preview->model_ready && nst_preview_job_model_ready (preview->job))
        {
          preview->model_ready = TRUE;
          if (preview->notify != NULL)
            preview->notify (preview->notify_data);
        }
      if (preview->calibration.n_points == 0 &&
          nst_preview_job_calibration (preview->job, &preview->calibration) &&
          preview->notify != NULL)
        preview->notify (preview->notify_data);
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

static void
cancel_job (NstPreview *preview)
{
  if (preview->job != NULL)
    {
      nst_preview_job_cancel (preview->job);
      preview->stale = TRUE;
    }
}

void
nst_preview_set_params (NstPreview          *preview,
                        const NstFeParams   *params)
{
  preview->wanted = *params;
  cancel_job (preview);
  if (preview->debounce_id != 0)
    g_source_remove (preview->debounce_id);
  /* The first preview need not wait for the user to stop dragging. */
  preview->debounce_id = g_timeout_add (preview->started ? DEBOUNCE_MS : 0,
                                        on_debounce, preview);
}

void
nst_preview_reload_model (NstPreview *preview)
{
  preview->reload = TRUE;   /* start_job() acts on it, with no job running */
  nst_preview_set_params (preview, &preview->wanted);
}

/* Show the other view now: restart at once, without the debounce (a
 * click is not a dragged slider).  Before the first parameters nothing
 * runs yet; the first run will show the view chosen. */
static void
restart_view (NstPreview *preview)
{
  cancel_job (preview);
  if (! preview->started || preview->debounce_id != 0)
    return;
  preview->pending = TRUE;
  if (preview->job == NULL)
    start_job (preview);
}

static void
sync_zoom_button (NstPreview *preview)
{
  g_signal_handlers_block_matched (preview->zoom_button, G_SIGNAL_MATCH_DATA,
                                   0, 0, NULL, NULL, preview);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (preview->zoom_button), preview->zoomed);
  g_signal_handlers_unblock_matched (preview->zoom_button, G_SIGNAL_MATCH_DATA,
                                     0, 0, NULL, NULL, preview);
}

/* Zoom to 1:1 around (cx, cy), in content pixels; show the part read
 * until the first stylised frame arrives. */
static void
zoom_to (NstPreview *preview,
         gdouble     cx,
         gdouble     cy)
{
  preview->zoomed = TRUE;
  preview->zoom_cx = cx;
  preview->zoom_cy = cy;
  sync_zoom_button (preview);
  cancel_job (preview);
  if (ensure_zoom_content (preview))
    {
      preview->view_width = preview->zoom_content.width;
      preview->view_height = preview->zoom_content.height;
      show_image (preview, &preview->zoom_content);
    }
  restart_view (preview);
}

static void
zoom_out (NstPreview *preview)
{
  if (! preview->zoomed)
    return;
  preview->zoomed = FALSE;
  sync_zoom_button (preview);
  cancel_job (preview);
  preview->view_width = preview->content.width;
  preview->view_height = preview->content.height;
  show_image (preview, &preview->content);
  restart_view (preview);
}

/* Widget coordinates to content pixels, through the view shown: the
 * image is centred in the widget. */
static void
widget_to_content (NstPreview *preview,
                   gdouble     wx,
                   gdouble     wy,
                   gdouble    *cx,
                   gdouble    *cy)
{
  gdouble px = wx - (gtk_widget_get_allocated_width (preview->events) - preview->view_width) / 2;
  gdouble py = wy - (gtk_widget_get_allocated_height (preview->events) - preview->view_height) / 2;

  px = CLAMP (px, 0.0, preview->view_width);
  py = CLAMP (py, 0.0, preview->view_height);
  if (preview->zoomed)
    {
      *cx = preview->zoom.x + px * preview->zoom.width / preview->view_width;
      *cy = preview->zoom.y + py * preview->zoom.height / preview->view_height;
    }
  else
    {
      *cx = px * preview->full_width / preview->view_width;
      *cy = py * preview->full_height / preview->view_height;
    }
}

/* The centre of the dragged rectangle (or the clicked point). */
static void
drag_centre (NstPreview *preview,
             gdouble    *cx,
             gdouble    *cy)
{
  widget_to_content (preview, (preview->drag_x0 + preview->drag_x1) / 2.0,
                     (preview->drag_y0 + preview->drag_y1) / 2.0, cx, cy);
}

static gboolean
on_click_timeout (gpointer data)
{
  NstPreview *preview = data;
  gdouble     cx, cy;

  preview->click_id = 0;
  drag_centre (preview, &cx, &cy);
  zoom_to (preview, cx, cy);
  return G_SOURCE_REMOVE;
}

static gboolean
on_button_press (GtkWidget      *widget,
                 GdkEventButton *event,
                 NstPreview     *preview)
{
  (void) widget;
  if (event->button != GDK_BUTTON_PRIMARY || preview->read_content == NULL)
    return FALSE;

  if (event->type == GDK_2BUTTON_PRESS)
    {
      if (preview->click_id != 0)
        g_source_remove (preview->click_id);
      preview->click_id = 0;
      preview->dragging = FALSE;
      zoom_out (preview);
      return TRUE;
    }
  if (event->type != GDK_BUTTON_PRESS)
    return TRUE;

  preview->dragging = TRUE;
  preview->drag_x0 = preview->drag_x1 = event->x;
  preview->drag_y0 = preview->drag_y1 = event->y;
  return TRUE;
}

static gboolean
on_motion (GtkWidget      *widget,
           GdkEventMotion *event,
           NstPreview     *preview)
{
  if (! preview->dragging)
    return FALSE;
  preview->drag_x1 = event->x;
  preview->drag_y1 = event->y;
  gtk_widget_queue_draw (widget);
  return TRUE;
}

static gboolean
on_button_release (GtkWidget      *widget,
                   GdkEventButton *event,
                   NstPreview     *preview)
{
  gint ms = 400;

  if (event->button != GDK_BUTTON_PRIMARY || ! preview->dragging)
    return FALSE;
  preview->dragging = FALSE;
  preview->drag_x1 = event->x;
  preview->drag_y1 = event->y;
  gtk_widget_queue_draw (widget);

  if (fabs (preview->drag_x1 - preview->drag_x0) >= DRAG_SLOP ||
      fabs (preview->drag_y1 - preview->drag_y0) >= DRAG_SLOP)
    {
      on_click_timeout (preview);
      return TRUE;
    }
  /* A click zooms once it is clear it is not half a double-click. */
  g_object_get (gtk_widget_get_settings (widget), "gtk-double-click-time", &ms, NULL);
  if (preview->click_id != 0)
    g_source_remove (preview->click_id);
  preview->click_id = g_timeout_add (ms, on_click_timeout, preview);
  return TRUE;
}

/* While dragging: the rectangle dragged, and dashed, the part the zoom
 * will show around its centre. */
static gboolean
on_draw_after (GtkWidget  *widget,
               cairo_t    *cr,
               NstPreview *preview)
{
  NstPreviewZoom zoom;
  gdouble        cx, cy, sx, sy, ox, oy;

  (void) widget;
  if (! preview->dragging)
    return FALSE;

  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_rectangle (cr, MIN (preview->drag_x0, preview->drag_x1) + 0.5,
                   MIN (preview->drag_y0, preview->drag_y1) + 0.5,
                   fabs (preview->drag_x1 - preview->drag_x0),
                   fabs (preview->drag_y1 - preview->drag_y0));
  cairo_stroke (cr);

  drag_centre (preview, &cx, &cy);
  nst_preview_zoom_plan (&preview->wanted, preview->full_width, preview->full_height,
                         cx, cy, ZOOM_SIDE, &zoom);
  ox = (gtk_widget_get_allocated_width (preview->events) - preview->view_width) / 2;
  oy = (gtk_widget_get_allocated_height (preview->events) - preview->view_height) / 2;
  if (preview->zoomed)
    {
      sx = (gdouble) preview->view_width / preview->zoom.width;
      sy = (gdouble) preview->view_height / preview->zoom.height;
      ox -= preview->zoom.x * sx;
      oy -= preview->zoom.y * sy;
    }
  else
    {
      sx = (gdouble) preview->view_width / preview->full_width;
      sy = (gdouble) preview->view_height / preview->full_height;
    }
  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
  cairo_set_dash (cr, (const gdouble[]) { 4.0 }, 1, 0.0);
  cairo_rectangle (cr, floor (ox + zoom.x * sx) + 0.5, floor (oy + zoom.y * sy) + 0.5,
                   floor (zoom.width * sx), floor (zoom.height * sy));
  cairo_stroke (cr);
  return FALSE;
}

static void
on_zoom_toggled (GtkToggleButton *button,
                 NstPreview      *preview)
{
  if (! gtk_toggle_button_get_active (button))
    zoom_out (preview);
  else if (preview->zoom_content.data != NULL)
    zoom_to (preview, preview->zoom_cx, preview->zoom_cy);  /* where it was */
  else
    zoom_to (preview, preview->full_width / 2.0, preview->full_height / 2.0);
}

/* The image in a frame, in an event box for the zoom's clicks and drags. */
static GtkWidget *
image_frame_new (NstPreview *preview)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GdkPixbuf *pixbuf;

  pixbuf = nst_preview_image_to_pixbuf (&preview->content);
  preview->image = gtk_image_new_from_pixbuf (pixbuf);
  g_object_unref (pixbuf);
  gtk_widget_set_name (preview->image, "nst-preview-image");
  gtk_widget_set_size_request (preview->image, preview->content.width,
                               preview->content.height);
  preview->events = gtk_event_box_new ();
  gtk_widget_add_events (preview->events, GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
                                          GDK_BUTTON1_MOTION_MASK);
  gtk_container_add (GTK_CONTAINER (preview->events), preview->image);
  g_signal_connect (preview->events, "button-press-event",
                    G_CALLBACK (on_button_press), preview);
  g_signal_connect (preview->events, "motion-notify-event", G_CALLBACK (on_motion), preview);
  g_signal_connect (preview->events, "button-release-event",
                    G_CALLBACK (on_button_release), preview);
  g_signal_connect_after (preview->events, "draw", G_CALLBACK (on_draw_after), preview);
  gtk_frame_set_shadow_type (GTK_FRAME (frame), GTK_SHADOW_IN);
  gtk_container_add (GTK_CONTAINER (frame), preview->events);
  gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);
  return frame;
}

/* The status label and the Zoom 1:1 button, which needs the content at
 * full size (can_zoom). */
static GtkWidget *
status_row_new (NstPreview *preview,
                gboolean    can_zoom)
{
  GtkWidget *row;

  preview->label = gtk_label_new (_("Preview: waiting..."));
  gtk_label_set_ellipsize (GTK_LABEL (preview->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (preview->label), 36);
  gtk_label_set_xalign (GTK_LABEL (preview->label), 0.0);

  preview->zoom_button = gtk_toggle_button_new_with_label (_("Zoom 1:1"));
  gtk_widget_set_name (preview->zoom_button, "nst-preview-zoom");
  g_signal_connect (preview->zoom_button, "toggled", G_CALLBACK (on_zoom_toggled), preview);
  if (can_zoom)
    {
      const gchar *help =
        _("Drag a rectangle or click on the preview to see that part 1:1, "
          "as large as in the final result. "
          "Double-click or press Zoom 1:1 again to see the whole image.");

      gtk_widget_set_tooltip_text (preview->events, help);
      gtk_widget_set_tooltip_text (preview->zoom_button, help);
    }
  else
    {
      gtk_widget_set_sensitive (preview->zoom_button, FALSE);
      gtk_widget_set_tooltip_text (preview->zoom_button,
                                   _("Zooming needs the image at full size, "
                                     "which is not available here."));
    }

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_pack_start (GTK_BOX (row), preview->label, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (row), preview->zoom_button, FALSE, FALSE, 0);
  return row;
}

NstPreview *
nst_preview_new (const nst_image     *content,
                 gint                 full_width,
                 gint                 full_height,
                 NstPreviewInputsFn   read_inputs,
                 NstPreviewContentFn  read_content,
                 gpointer             host_data,
                 NstPreviewNotify   notify,
                 gpointer           notify_data)
{
  NstPreview *preview = g_new0 (NstPreview, 1);
  GtkWidget  *frame;
  GtkWidget  *row;

  nst_preview_scale_down (content, G_MAXINT, &preview->content);
  preview->full_width = full_width;
  preview->full_height = full_height;
  preview->full_long = MAX (full_width, full_height);
  preview->read_content = read_content;
  preview->view_width = preview->content.width;
  preview->view_height = preview->content.height;
  preview->read_inputs = read_inputs;
  preview->host_data = host_data;
  preview->notify = notify;
  preview->notify_data = notify_data;
  preview->first_image_seconds = -1.0;
  preview->since_request = g_timer_new ();

  frame = image_frame_new (preview);
  row = status_row_new (preview, read_content != NULL);

  preview->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (preview->box), frame, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (preview->box), row, FALSE, FALSE, 0);

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

const nst_calibration *
nst_preview_get_calibration (NstPreview *preview)
{
  return preview->calibration.n_points > 0 ? &preview->calibration : NULL;
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
  if (preview->click_id != 0)
    g_source_remove (preview->click_id);
  g_source_remove (preview->poll_id);
  g_timer_destroy (preview->since_request);
  nst_fe_model_close (&preview->model);
  nst_image_clear (&preview->content);
  nst_fe_styles_clear (&preview->styles);
  nst_image_clear (&preview->init);
  g_free (preview->inputs_key);
  nst_image_clear (&preview->frame);
  nst_image_clear (&preview->zoom_content);
  g_free (preview);
}
