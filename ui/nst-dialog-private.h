/* nst-dialog-private.h - what the dialog's two files share: its state,
 * the style rows' columns and the small widget helpers both use.
 * nst-dialog.c builds the window and the controls around the styles;
 * nst-dialog-styles.c the style rows (picker, weight, region, add and
 * remove).  Private to ui/.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_DIALOG_PRIVATE_H
#define NST_DIALOG_PRIVATE_H

#include "nst-dialog.h"

/* The columns of a style picker's model. */
enum
{
  COLUMN_THUMBNAIL,
  COLUMN_LAYER,
  COLUMN_IMAGE,
  COLUMN_ID,
  N_COLUMNS
};

/* The default blend weight of a style row. */
#define NST_DIALOG_WEIGHT_DEFAULT 50.0

/* One style of the blend: row 0 is the first style (its picker is the
 * "Style" row), rows 1.. the added ones, built once and shown as needed. */
typedef struct
{
  GtkWidget     *box;      /* the whole row; NULL for row 0 */
  GtkWidget     *title;    /* its label in the grid; NULL for row 0 */
  GtkWidget     *picker;
  GtkWidget     *weight_box;
  GtkAdjustment *weight;
  GtkWidget     *region;
} StyleRow;

typedef struct _NstDialogDownload NstDialogDownload;

typedef struct
{
  NstFeParams          params;
  const NstDialogHost *host;
  gboolean             loading;   /* load_widgets() is setting values */

  GtkWidget           *dialog;
  GtkWidget           *style;
  GtkAdjustment       *strength;
  GtkAdjustment       *fidelity;
  GtkAdjustment       *smoothness;
  GtkAdjustment       *detail;
  GtkWidget           *quality;
  GtkWidget           *custom;
  GtkAdjustment       *working_size;
  GtkAdjustment       *iterations;
  GtkWidget           *colors;
  GtkAdjustment       *seed;
  GtkWidget           *output;
  GtkWidget           *status;

  StyleRow             rows[NST_FE_MAX_STYLES];
  gint                 n_rows;    /* styles shown, 1..NST_FE_MAX_STYLES */
  GtkWidget           *add_style;
  GtkWidget           *style_selection;
  GtkWidget           *init;
  GtkAdjustment       *opacity;
  GtkWidget           *opacity_title;
  GtkWidget           *opacity_scale;
  NstPreview          *preview;
  NstDialogDownload   *download;  /* NULL when built without the download */
} Dialog;

/* nst-dialog.c: read the widgets into the parameters, update what shows
 * and the preview; a no-op while load_widgets() sets values. */
void       nst_dialog_changed            (Dialog *d);
/* The number id of a combo of ids, -1 for none; select one, else the first. */
gint32     nst_dialog_combo_get_id       (GtkWidget *combo);
void       nst_dialog_combo_set_id       (GtkWidget *combo, gint32 id);
/* A widget shown and hidden by the dialog, not by gtk_widget_show_all(). */
void       nst_dialog_set_toggled        (GtkWidget *widget);
GtkWidget *nst_dialog_mnemonic_label_new (const gchar *text, GtkWidget *widget,
                                          const gchar *tooltip);
GtkWidget *nst_dialog_id_combo_new       (Dialog *d, const gchar *first);
void       nst_dialog_id_combo_append    (GtkWidget *combo, gint32 id, const gchar *name);

/* nst-dialog-styles.c */
GtkWidget *nst_dialog_style_picker_new   (Dialog *d);
gint32     nst_dialog_picker_get_id      (GtkWidget *picker);
void       nst_dialog_picker_set_id      (Dialog *d, GtkWidget *picker, gint32 id);
GtkWidget *nst_dialog_style_details_new  (Dialog *d, StyleRow *row);
void       nst_dialog_style_row_attach   (Dialog *d, GtkGrid *grid, gint grid_row, gint i);
void       nst_dialog_on_add_style       (GtkButton *button, Dialog *d);
/* The style rows -> the styles' parameters, and back. */
void       nst_dialog_styles_read        (Dialog *d);
void       nst_dialog_styles_load        (Dialog *d);

/* nst-dialog-download.c: the model download's button and progress line,
 * shown while runs would take the built-in network.  NULL (and a NULL
 * widget) when built without libcurl; the others accept NULL. */
NstDialogDownload *nst_dialog_download_new        (Dialog *d);
GtkWidget         *nst_dialog_download_get_widget (NstDialogDownload *dl);
void               nst_dialog_download_update     (NstDialogDownload *dl);
/* Cancels a running download and waits for its thread. */
void               nst_dialog_download_free       (NstDialogDownload *dl);

#endif /* NST_DIALOG_PRIVATE_H */
