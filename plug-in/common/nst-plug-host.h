/* nst-plug-host.h - what a GIMP version does for the shared plug-in code.
 *
 * The run sequence (check the arguments, read the style and the content,
 * load the model, run the engine, write the result as one undo step) and
 * the dialog's view of the open images are written once, in
 * nst-plug-run.c and nst-plug-dialog.c.  They reach GIMP only through
 * this table, which each adapter (plug-in/gimp2, plug-in/gimp3) fills
 * with thin calls to its own libgimp.  Images and items are named by
 * their PDB ids, which both libgimp versions have.
 *
 * No libgimp here (tests/plugin/check-gimp-free.sh).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_PLUG_HOST_H
#define NST_PLUG_HOST_H

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gegl.h>

G_BEGIN_DECLS

struct _GtkWindow;   /* the dialog's window, for window_set_transient */

typedef struct
{
  /* ---- Items (layers, channels, masks) ---- */
  /* What `item` is; FALSE for an id that names nothing. */
  gboolean    (*item_is_layer)     (gint32 item);
  gboolean    (*item_is_group)     (gint32 item);
  /* A channel or a layer mask: something that can serve as a region. */
  gboolean    (*item_is_channel)   (gint32 item);
  gchar      *(*item_get_name)     (gint32 item);
  /* The image holding `item`, -1 when none. */
  gint32      (*item_get_image)    (gint32 item);
  /* The layers inside a group, top first; *n receives their number. */
  gint32     *(*item_get_children) (gint32 item, gint *n);

  /* ---- Drawables ---- */
  /* The part of `drawable` inside its image's selection (all of it
   * without one), in drawable coordinates; FALSE when they do not meet. */
  gboolean    (*mask_intersect)    (gint32 drawable, GeglRectangle *rect);
  /* The drawable's offsets in its image. */
  void        (*get_offsets)       (gint32 drawable, gint *x, gint *y);
  GeglBuffer *(*get_buffer)        (gint32 drawable);
  GeglBuffer *(*get_shadow_buffer) (gint32 drawable);
  /* Merge the shadow buffer (as an undo step) and redraw `rect`. */
  void        (*merge_shadow)      (gint32 drawable, const GeglRectangle *rect);
  GdkPixbuf  *(*get_thumbnail)     (gint32 drawable, gint size);

  /* ---- Images ---- */
  /* The open images; *n receives their number. */
  gint32     *(*list_images)       (gint *n);
  gchar      *(*image_get_name)    (gint32 image);
  /* The image's top-level layers, top first. */
  gint32     *(*image_get_layers)  (gint32 image, gint *n);
  /* The selection channel; never -1 (an empty selection selects all). */
  gint32      (*image_get_selection) (gint32 image);
  gboolean    (*selection_is_empty) (gint32 image);
  void        (*undo_group_start)  (gint32 image);
  void        (*undo_group_end)    (gint32 image);
  /* A copy of `drawable` named `name`, inserted just above it (at the top
   * for channels) with the same offsets; -1 on failure. */
  gint32      (*add_copy_above)    (gint32 image, gint32 drawable, const gchar *name);
  void        (*layer_set_opacity) (gint32 layer, gdouble opacity);
  void        (*remove_layer)      (gint32 image, gint32 layer);

  /* ---- The user ---- */
  gboolean    (*progress_init)     (const gchar *text);
  void        (*progress_update)   (const gchar *text, gdouble fraction);
  void        (*progress_end)      (void);
  /* A message in GIMP's error console or message box. */
  void        (*message)           (const gchar *text);
  /* TRUE the first time this GIMP session asks with `name`, FALSE after:
   * a notice is then said once per GIMP run, not once per call (each
   * call is a process of its own).  Kept in GIMP as a global parasite
   * that is not persistent, so it ends with the session. */
  gboolean    (*first_in_session)  (const gchar *name);
  /* Make GTK usable for the dialog; FALSE with an error without display. */
  gboolean    (*ui_init)           (GError **error);
  /* Tell the window manager that `window` (a GtkWindow) is a dialog of
   * the GIMP window the plug-in was started from, so it stays above it;
   * a no-op where GIMP shows no window (batch, gimp-console). */
  void        (*window_set_transient) (struct _GtkWindow *window);

  /* ---- Regions, for the dialog ---- */
  /* The image's channels (not its selection), top first. */
  gint32     *(*image_get_channels) (gint32 image, gint *n);
  /* The layer's mask, -1 when it has none. */
  gint32      (*layer_get_mask)    (gint32 layer);
} NstPlugHost;

G_END_DECLS

#endif /* NST_PLUG_HOST_H */
