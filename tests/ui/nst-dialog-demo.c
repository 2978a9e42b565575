/* nst-dialog-demo.c - the dialog without GIMP, for tests under Xvfb.
 *
 * Feeds the dialog generated candidate layers (three "paintings") and a
 * generated content image, runs it, and prints the outcome on stdout as
 * key=value lines: result=ok|cancel, one line per parameter (PDB names;
 * arrays as comma-separated values plus NAME-count=N), first-preview-seconds.
 * The content's image has two regions (channel "Sky" 200, layer mask
 * "House mask" 201) and one layer to start from ("Background (neural
 * style)" 300).  Options:
 *   --preview-png FILE   save the last preview image shown
 *   --content-png FILE   save the content at preview size, to compare with
 *   --last-style ID      the style of the "last run", to be preselected
 *   --iterations N       start with N iterations per level (Custom quality)
 *   --frames-dir DIR     save each preview image shown as DIR/preview-N.png
 *   --zoom-png FILE      save the content the last 1:1 zoom read
 *   --no-zoom            a host without read_content: no zoom
 *   --no-preview         a host without content: no preview (fast)
 *   --last-more-style ID a second style of the "last run", weights 30 and 60
 *   --locale-dir DIR     take the translations from DIR (LANGUAGE picks one)
 *   --check-labels       two seconds after the first preview image, report
 *                        every label on screen that is cut off or shows a
 *                        character no font has (see report_labels)
 * While the dialog runs, each preview image shown prints a line
 * "preview-image N SECONDS WxH+X+Y" (N counts from 1; the image's size
 * and its place on the screen), so a test can wait for the preview
 * instead of sleeping and knows where to drag.  Each read of the content
 * for the zoom prints "zoom-read X Y W H OUT_W OUT_H" (the part in
 * content pixels and the size it was scaled to), and the zoom button's
 * state prints once as "zoom-button sensitive=0|1", and each text of the
 * status line as "status-line TEXT" (its lines joined by " | ").
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nst-dialog.h"
#include "nst-fe-intl.h"
#include "nst-fe-preview-job.h"

#define CONTENT_WIDTH  640
#define CONTENT_HEIGHT 480
#define STYLE_SIZE     256
#define N_STYLES       3

/* A photo-like scene: sky gradient, a sun, a hill and a house. */
static void
draw_content (nst_image *image)
{
  gint x, y;

  for (y = 0; y < image->height; y++)
    for (x = 0; x < image->width; x++)
      {
        float *p = image->data + ((gsize) y * image->width + x) * 3;
        float  v = (float) y / image->height;
        float  dx = x - 0.7f * image->width, dy = y - 0.25f * image->height;
        float  hill = 0.6f * image->height + 40.0f * sinf (x * 0.01f);

        p[0] = 0.3f + 0.3f * v; p[1] = 0.5f + 0.2f * v; p[2] = 0.9f - 0.2f * v;
        if (dx * dx + dy * dy < 50.0f * 50.0f)
          { p[0] = 1.0f; p[1] = 0.85f; p[2] = 0.2f; }
        if (y > hill)
          { p[0] = 0.2f; p[1] = 0.55f - 0.2f * v; p[2] = 0.15f; }
        if (x > 150 && x < 300 && y > 250 && y < 380)
          { p[0] = 0.8f; p[1] = 0.3f; p[2] = 0.25f; }
      }
}

/* Three distinct textures: wavy stripes, swirls, blotches. */
static void
draw_style (nst_image *image,
            gint       kind)
{
  gint x, y;

  for (y = 0; y < image->height; y++)
    for (x = 0; x < image->width; x++)
      {
        float *p = image->data + ((gsize) y * image->width + x) * 3;
        float  a = sinf (x * 0.15f + 3.0f * sinf (y * 0.05f));
        float  b = sinf (hypotf (x - 128.0f, y - 128.0f) * 0.2f + atan2f (y - 128.0f, x - 128.0f) * 3.0f);
        float  c = sinf (x * 0.07f) * cosf (y * 0.09f);
        float  t = kind == 0 ? a : kind == 1 ? b : c;

        p[0] = 0.5f + 0.5f * t * (kind == 1 ? -1.0f : 1.0f);
        p[1] = 0.4f + 0.3f * sinf (t * 2.0f + kind);
        p[2] = 0.5f - 0.4f * t;
      }
}

typedef struct
{
  nst_image  styles[N_STYLES];
  nst_image  content;    /* at full size */
  gchar     *zoom_png;
} Demo;

/* The host's read_inputs, as a GIMP without GIMP: the styles are the
 * generated ones (ids 100...), region 200 ("Sky") is the top half of the
 * content and 201 the bottom half, and layer 300 (to start from) is the
 * content inverted; masks and the start image cover the part asked for. */
static gboolean
read_inputs (const NstFeParams *params,
             gint                 x,
             gint                 y,
             gint                 width,
             gint                 height,
             NstFeStyles         *styles,
             nst_image           *init,
             GError             **error,
             gpointer             user_data)
{
  Demo *demo = user_data;
  gint  i, px, py;

  (void) error;
  styles->n = nst_fe_params_n_styles (params);
  for (i = 0; i < styles->n; i++)
    {
      gint32 region = nst_fe_params_style_region (params, i);

      styles->weight[i] = (gfloat) nst_fe_params_style_weight (params, i);
      if (! nst_preview_scale_down (&demo->styles[nst_fe_params_style_id (params, i) - 100],
                                    G_MAXINT, &styles->image[i]))
        return FALSE;
      if (region != 200 && region != 201)
        continue;
      styles->region[i].width = width;
      styles->region[i].height = height;
      styles->region[i].data = g_new (gfloat, (gsize) width * height);
      for (py = 0; py < height; py++)
        for (px = 0; px < width; px++)
          styles->region[i].data[py * width + px] =
            (y + py < CONTENT_HEIGHT / 2) == (region == 200) ? 1.0f : 0.0f;
    }
  if (params->init_drawable == 300)
    {
      nst_error err;

      nst_image_init (init, width, height, &err);
      for (py = 0; py < height; py++)
        for (px = 0; px < width * 3; px++)
          init->data[py * width * 3 + px] =
            1.0f - demo->content.data[((gsize) (y + py) * CONTENT_WIDTH + x) * 3 + px];
    }
  return TRUE;
}

static void
save_png (const nst_image *image,
          const gchar     *path)
{
  GdkPixbuf *pixbuf = nst_preview_image_to_pixbuf (image);

  gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL);
  g_object_unref (pixbuf);
}

/* The host's read_content: a part of the full-size content, box-filtered
 * to the size asked for, as the GIMP glue does. */
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
  Demo     *demo = user_data;
  nst_image part;
  nst_error err;
  gint      row;

  (void) error;
  printf ("zoom-read %d %d %d %d %d %d\n", x, y, width, height, out_width, out_height);
  fflush (stdout);
  g_assert (x >= 0 && y >= 0 && x + width <= demo->content.width &&
            y + height <= demo->content.height);
  if (nst_image_init (&part, width, height, &err) != NST_STATUS_OK)
    return FALSE;
  for (row = 0; row < height; row++)
    memcpy (part.data + (gsize) row * width * 3,
            demo->content.data + ((gsize) (y + row) * demo->content.width + x) * 3,
            sizeof (float) * 3 * width);
  if (! nst_preview_scale_to (&part, out_width, out_height, rgb))
    {
      nst_image_clear (&part);
      return FALSE;
    }
  nst_image_clear (&part);
  if (demo->zoom_png != NULL)
    save_png (rgb, demo->zoom_png);
  return TRUE;
}

typedef struct
{
  GTimer *timer;
  guint    n_images;
  gchar   *frames_dir;
  gboolean check_labels;
} Watch;

typedef struct
{
  gint n_labels, n_cut, n_unknown;
} LabelCount;

/* One label of the dialog: cut off when Pango ellipsized it or GTK gave
 * it less room than it needs (narrower than its minimum width, or lower
 * than its height at the width it got); unknown glyphs are characters
 * that no installed font has, drawn as boxes. */
static void
check_label (GtkWidget *widget,
             gpointer   data)
{
  LabelCount *count = data;

  if (! gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      PangoLayout  *layout = gtk_label_get_layout (GTK_LABEL (widget));
      const gchar  *text = gtk_label_get_text (GTK_LABEL (widget));
      gint          min_w, nat_w, min_h, nat_h, unknown;
      GtkAllocation a;

      count->n_labels++;
      gtk_widget_get_allocation (widget, &a);
      gtk_widget_get_preferred_width (widget, &min_w, &nat_w);
      gtk_widget_get_preferred_height_for_width (widget, a.width, &min_h, &nat_h);
      if (pango_layout_is_ellipsized (layout) || a.width < min_w || a.height < min_h)
        {
          printf ("label-cut %dx%d, needs %dx%d: %s\n", a.width, a.height, min_w, min_h, text);
          count->n_cut++;
        }
      unknown = pango_layout_get_unknown_glyphs_count (layout);
      if (unknown > 0)
        {
          printf ("label-unknown-glyphs %d: %s\n", unknown, text);
          count->n_unknown++;
        }
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), check_label, count);
}

/* "labels N cut C unknown-glyphs U window WxH": every label of every
 * window on screen. */
static gboolean
report_labels (gpointer data)
{
  GList     *toplevels = gtk_window_list_toplevels ();
  GList     *l;
  LabelCount count = { 0, 0, 0 };
  gint       width = 0, height = 0;

  (void) data;
  for (l = toplevels; l != NULL; l = l->next)
    if (gtk_widget_get_mapped (l->data))
      {
        check_label (l->data, &count);
        if (gtk_window_get_transient_for (l->data) == NULL)
          gtk_window_get_size (l->data, &width, &height);
      }
  g_list_free (toplevels);
  printf ("labels %d cut %d unknown-glyphs %d window %dx%d\n",
          count.n_labels, count.n_cut, count.n_unknown, width, height);
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static void
on_preview_image (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    data)
{
  Watch     *watch = data;
  GtkWidget *image = GTK_WIDGET (object);
  GdkPixbuf *pixbuf = gtk_image_get_pixbuf (GTK_IMAGE (image));
  GtkWidget *toplevel = gtk_widget_get_toplevel (image);
  gint       width = pixbuf ? gdk_pixbuf_get_width (pixbuf) : 0;
  gint       height = pixbuf ? gdk_pixbuf_get_height (pixbuf) : 0;
  gint       x = -1, y = -1, wx, wy;

  (void) pspec;
  /* Where the pixbuf is on the screen: GtkImage centres it. */
  if (gtk_widget_get_realized (toplevel) &&
      gtk_widget_translate_coordinates (image, toplevel, 0, 0, &wx, &wy))
    {
      gdk_window_get_origin (gtk_widget_get_window (toplevel), &x, &y);
      x += wx + (gtk_widget_get_allocated_width (image) - width) / 2;
      y += wy + (gtk_widget_get_allocated_height (image) - height) / 2;
    }
  printf ("preview-image %u %.2f %dx%d+%d+%d\n", ++watch->n_images,
          g_timer_elapsed (watch->timer, NULL), width, height, x, y);
  fflush (stdout);
  if (watch->check_labels && watch->n_images == 1)
    g_timeout_add_seconds (2, report_labels, NULL);
  if (watch->frames_dir != NULL && pixbuf != NULL)
    {
      gchar *name = g_strdup_printf ("%s/preview-%u.png", watch->frames_dir, watch->n_images);

      gdk_pixbuf_save (pixbuf, name, "png", NULL, NULL);
      g_free (name);
    }
}

/* Each text of the status line, on one line ("\n" as " | "). */
static void
on_status (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  gchar **lines = g_strsplit (gtk_label_get_text (GTK_LABEL (object)), "\n", -1);
  gchar  *text = g_strjoinv (" | ", lines);

  (void) pspec;
  (void) data;
  printf ("status-line %s\n", text);
  fflush (stdout);
  g_free (text);
  g_strfreev (lines);
}

static GtkWidget *
find_named (GtkWidget   *widget,
            const gchar *name)
{
  GtkWidget *found = NULL;
  GList     *children, *l;

  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  if (! GTK_IS_CONTAINER (widget))
    return NULL;

  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (l = children; l != NULL && found == NULL; l = l->next)
    found = find_named (l->data, name);
  g_list_free (children);
  return found;
}

/* Watch the preview image of the dialog, once it exists. */
static gboolean
watch_preview (gpointer data)
{
  GList    *toplevels = gtk_window_list_toplevels ();
  GList    *l;
  gboolean  found = FALSE;

  for (l = toplevels; l != NULL && ! found; l = l->next)
    {
      GtkWidget *image = find_named (l->data, "nst-preview-image");

      if (image != NULL)
        {
          GtkWidget *zoom = find_named (l->data, "nst-preview-zoom");
          GtkWidget *status = find_named (l->data, "nst-dialog-status");

          g_signal_connect (image, "notify::pixbuf", G_CALLBACK (on_preview_image), data);
          if (status != NULL)
            {
              on_status (G_OBJECT (status), NULL, NULL);
              g_signal_connect (status, "notify::label", G_CALLBACK (on_status), NULL);
            }
          printf ("zoom-button sensitive=%d\n",
                  zoom != NULL && gtk_widget_get_sensitive (zoom));
          fflush (stdout);
          found = TRUE;
        }
    }
  g_list_free (toplevels);
  return found ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
print_params (const NstFeParams *params)
{
  guint                 n, i;
  const NstFeArgSpec *specs = nst_fe_arg_specs (&n);

  for (i = 0; i < n; i++)
    if (specs[i].type == NST_FE_ARG_INT)
      printf ("%s=%.0f\n", specs[i].name, nst_fe_params_get_number (params, &specs[i]));
    else if (specs[i].type == NST_FE_ARG_FLOAT)
      printf ("%s=%g\n", specs[i].name, nst_fe_params_get_number (params, &specs[i]));
    else if (NST_FE_ARG_IS_ARRAY (&specs[i]))
      {
        gint n_items = nst_fe_params_get_length (params, &specs[i]);
        gint j;

        printf ("%s-count=%d\n%s=", specs[i].name, n_items, specs[i].name);
        for (j = 0; j < n_items; j++)
          printf ("%s%g", j > 0 ? "," : "", nst_fe_params_get_item (params, &specs[i], j));
        printf ("\n");
      }
}

static void
make_layers (Demo           *demo,
             NstDialogLayer *layers)
{
  static const gchar *const names[N_STYLES][2] =
    { { "waves.png", "Background" }, { "swirl.jpg", "Paint" }, { "swirl.jpg", "Blotches" } };
  nst_error err;
  gint      i;

  for (i = 0; i < N_STYLES; i++)
    {
      GdkPixbuf *full;

      nst_image_init (&demo->styles[i], STYLE_SIZE, STYLE_SIZE, &err);
      draw_style (&demo->styles[i], i);
      full = nst_preview_image_to_pixbuf (&demo->styles[i]);
      layers[i].image_name = (gchar *) names[i][0];
      layers[i].layer_name = (gchar *) names[i][1];
      layers[i].id = 100 + i;
      layers[i].thumbnail = gdk_pixbuf_scale_simple (full, 32, 32, GDK_INTERP_BILINEAR);
      layers[i].width = STYLE_SIZE;
      layers[i].height = STYLE_SIZE;
      g_object_unref (full);
    }
}

int
main (int    argc,
      char **argv)
{
  gchar          *preview_png = NULL, *content_png = NULL;
  gchar          *frames_dir = NULL, *zoom_png = NULL, *locale_dir = NULL;
  gboolean        no_zoom = FALSE, no_preview = FALSE, check_labels = FALSE;
  gint            last_style = -1, iterations = 0, last_more_style = -1;
  GOptionEntry    entries[] = {
    { "preview-png", 0, 0, G_OPTION_ARG_FILENAME, &preview_png, "save the preview", "FILE" },
    { "content-png", 0, 0, G_OPTION_ARG_FILENAME, &content_png, "save the content", "FILE" },
    { "last-style", 0, 0, G_OPTION_ARG_INT, &last_style, "last used style id", "ID" },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, "iterations per level", "N" },
    { "frames-dir", 0, 0, G_OPTION_ARG_FILENAME, &frames_dir, "save each preview", "DIR" },
    { "zoom-png", 0, 0, G_OPTION_ARG_FILENAME, &zoom_png, "save the zoom's content", "FILE" },
    { "no-zoom", 0, 0, G_OPTION_ARG_NONE, &no_zoom, "no read_content", NULL },
    { "no-preview", 0, 0, G_OPTION_ARG_NONE, &no_preview, "no content", NULL },
    { "last-more-style", 0, 0, G_OPTION_ARG_INT, &last_more_style, "a second style", "ID" },
    { "locale-dir", 0, 0, G_OPTION_ARG_FILENAME, &locale_dir, "translations", "DIR" },
    { "check-labels", 0, 0, G_OPTION_ARG_NONE, &check_labels, "report cut labels", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL } };
  Demo            demo = { 0 };
  NstDialogLayer  layers[N_STYLES];
  NstDialogChannel channels[] = { { (gchar *) "Sky", 200 }, { (gchar *) "House mask", 201 } };
  NstDialogLayer  init_layer = { (gchar *) "photo.jpg", (gchar *) "Background (neural style)",
                                 300, NULL, CONTENT_WIDTH, CONTENT_HEIGHT };
  NstDialogHost   host = { 0 };
  NstDialogReport report = { NULL, -1.0 };
  NstFeParams     params;
  nst_image       small;
  nst_error       err;
  GError         *error = NULL;
  Watch           watch;
  gboolean        ok;
  gint            i;

  if (! gtk_init_with_args (&argc, &argv, NULL, entries, NULL, &error))
    {
      fprintf (stderr, "nst-dialog-demo: %s\n", error ? error->message : "no display");
      return 2;
    }
  /* gtk_init has called setlocale; the plug-ins bind the domain the same
   * way, to the locale/ folder beside them */
  if (locale_dir != NULL)
    nst_fe_intl_bind (locale_dir);

  nst_image_init (&demo.content, CONTENT_WIDTH, CONTENT_HEIGHT, &err);
  draw_content (&demo.content);
  demo.zoom_png = zoom_png;
  nst_preview_scale_down (&demo.content, NST_DIALOG_PREVIEW_SIZE, &small);
  if (content_png != NULL)
    save_png (&small, content_png);
  make_layers (&demo, layers);

  nst_fe_params_init_defaults (&params);
  params.style_drawable = last_style;
  if (last_more_style >= 0)
    {
      params.n_more_styles = 1;
      params.more_styles[0] = last_more_style;
      params.n_style_weights = 2;
      params.style_weights[0] = 30.0;
      params.style_weights[1] = 60.0;
    }
  if (iterations > 0)
    params.iterations = iterations;

  host.layers = layers;
  host.n_layers = N_STYLES;
  host.content = no_preview ? NULL : &small;
  host.content_width = CONTENT_WIDTH;
  host.content_height = CONTENT_HEIGHT;
  host.read_inputs = read_inputs;
  host.read_content = no_zoom ? NULL : read_content;
  host.user_data = &demo;
  host.channels = channels;
  host.n_channels = G_N_ELEMENTS (channels);
  host.init_layers = &init_layer;
  host.n_init_layers = 1;

  watch.timer = g_timer_new ();
  watch.n_images = 0;
  watch.frames_dir = frames_dir;
  watch.check_labels = check_labels;
  g_timeout_add (20, watch_preview, &watch);
  ok = nst_dialog_run (&params, &host, &report);
  printf ("result=%s\n", ok ? "ok" : "cancel");
  print_params (&params);
  printf ("first-preview-seconds=%.2f\n", report.first_image_seconds);
  if (preview_png != NULL && report.preview != NULL)
    gdk_pixbuf_save (report.preview, preview_png, "png", NULL, NULL);

  g_clear_object (&report.preview);
  g_timer_destroy (watch.timer);
  for (i = 0; i < N_STYLES; i++)
    {
      g_object_unref (layers[i].thumbnail);
      nst_image_clear (&demo.styles[i]);
    }
  nst_image_clear (&demo.content);
  nst_image_clear (&small);
  return 0;
}
