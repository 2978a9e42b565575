/* nst-dialog-styles.c - the dialog's style rows: the first style's
 * picker with its weight and region, up to three added rows, "Add style"
 * and "Remove", and their reading and loading from the parameters.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-dialog-private.h"
#include "nst-fe-intl.h"

gint32
nst_dialog_picker_get_id (GtkWidget *picker)
{
  GtkTreeIter iter;
  gint        id = -1;

  if (gtk_combo_box_get_active_iter (GTK_COMBO_BOX (picker), &iter))
    gtk_tree_model_get (gtk_combo_box_get_model (GTK_COMBO_BOX (picker)), &iter,
                        COLUMN_ID, &id, -1);
  return id;
}

/* The style rows -> the styles' parameters. */
void
nst_dialog_styles_read (Dialog *d)
{
  NstFeParams *p = &d->params;
  gboolean       any_region = FALSE;
  gint           i;

  p->n_more_styles = d->n_rows - 1;
  for (i = 1; i < d->n_rows; i++)
    p->more_styles[i - 1] = nst_dialog_picker_get_id (d->rows[i].picker);

  p->n_style_weights = d->n_rows > 1 ? d->n_rows : 0;
  for (i = 0; i < d->n_rows; i++)
    {
      p->style_weights[i] = d->n_rows > 1 ? gtk_adjustment_get_value (d->rows[i].weight) : 0.0;
      p->style_regions[i] = nst_dialog_combo_get_id (d->rows[i].region);
      any_region = any_region || p->style_regions[i] >= 0;
    }
  p->n_style_regions = any_region ? d->n_rows : 0;
}

void
nst_dialog_picker_set_id (Dialog    *d,
               GtkWidget *picker,
               gint32     id)
{
  GtkTreeModel *model = gtk_combo_box_get_model (GTK_COMBO_BOX (picker));
  GtkTreeIter   iter;
  gboolean      valid;

  /* The last used style when it still exists, else the first layer. */
  gtk_combo_box_set_active (GTK_COMBO_BOX (picker), d->host->n_layers > 0 ? 0 : -1);
  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      gint row_id;

      gtk_tree_model_get (model, &iter, COLUMN_ID, &row_id, -1);
      if (row_id == id)
        gtk_combo_box_set_active_iter (GTK_COMBO_BOX (picker), &iter);
    }
}

/* The styles' parameters -> the style rows.  Weights default to 50 when
 * the last run gave none (equal blend). */
void
nst_dialog_styles_load (Dialog *d)
{
  const NstFeParams *p = &d->params;
  gint                 n = nst_fe_params_n_styles (p);
  gint                 i;

  d->n_rows = CLAMP (n, 1, NST_FE_MAX_STYLES);
  for (i = 0; i < NST_FE_MAX_STYLES; i++)
    {
      gboolean used = i < d->n_rows;

      if (i > 0)
        nst_dialog_picker_set_id (d, d->rows[i].picker, used ? nst_fe_params_style_id (p, i) : -1);
      gtk_adjustment_set_value (d->rows[i].weight,
                                used && p->n_style_weights == n
                                ? p->style_weights[i] : NST_DIALOG_WEIGHT_DEFAULT);
      nst_dialog_combo_set_id (d->rows[i].region, used ? nst_fe_params_style_region (p, i) : -1);
    }
}

/* Thumbnail, layer name and image name of every candidate layer. */
GtkWidget *
nst_dialog_style_picker_new (Dialog *d)
{
  GtkListStore    *store = gtk_list_store_new (N_COLUMNS, GDK_TYPE_PIXBUF, G_TYPE_STRING,
                                               G_TYPE_STRING, G_TYPE_INT);
  GtkWidget       *combo = gtk_combo_box_new_with_model (GTK_TREE_MODEL (store));
  GtkCellRenderer *cell;
  guint            i;

  for (i = 0; i < d->host->n_layers; i++)
    {
      const NstDialogLayer *layer = &d->host->layers[i];

      gtk_list_store_insert_with_values (store, NULL, -1,
                                         COLUMN_THUMBNAIL, layer->thumbnail,
                                         COLUMN_LAYER, layer->layer_name,
                                         COLUMN_IMAGE, layer->image_name,
                                         COLUMN_ID, layer->id, -1);
    }
  g_object_unref (store);

  cell = gtk_cell_renderer_pixbuf_new ();
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (combo), cell, FALSE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (combo), cell, "pixbuf", COLUMN_THUMBNAIL);
  cell = gtk_cell_renderer_text_new ();
  g_object_set (cell, "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (combo), cell, FALSE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (combo), cell, "text", COLUMN_LAYER);
  cell = gtk_cell_renderer_text_new ();
  g_object_set (cell, "style", PANGO_STYLE_ITALIC, NULL);
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (combo), cell, TRUE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (combo), cell, "text", COLUMN_IMAGE);

  g_signal_connect_swapped (combo, "changed", G_CALLBACK (nst_dialog_changed), d);
  return combo;
}

/* A style not yet in the blend, else the first layer; -1 without layers. */
static gint32
unused_style (Dialog *d)
{
  guint i;
  gint  j;

  for (i = 0; i < d->host->n_layers; i++)
    {
      gboolean used = FALSE;

      for (j = 0; j < d->n_rows; j++)
        used = used || nst_dialog_picker_get_id (d->rows[j].picker) == d->host->layers[i].id;
      if (! used)
        return d->host->layers[i].id;
    }
  return d->host->n_layers > 0 ? d->host->layers[0].id : -1;
}

void
nst_dialog_on_add_style (GtkButton *button,
              Dialog    *d)
{
  StyleRow *row;

  (void) button;
  if (d->n_rows >= NST_FE_MAX_STYLES)
    return;

  row = &d->rows[d->n_rows];
  d->loading = TRUE;
  nst_dialog_picker_set_id (d, row->picker, unused_style (d));
  gtk_adjustment_set_value (row->weight, NST_DIALOG_WEIGHT_DEFAULT);
  nst_dialog_combo_set_id (row->region, -1);
  d->loading = FALSE;
  d->n_rows++;
  nst_dialog_changed (d);
  gtk_widget_grab_focus (row->picker);
}

/* Take row i out: the rows below move up one. */
static void
on_remove_style (GtkButton *button,
                 Dialog    *d)
{
  gint i = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "nst-row"));

  if (i < 1 || i >= d->n_rows)
    return;

  d->loading = TRUE;
  for (; i + 1 < d->n_rows; i++)
    {
      StyleRow *row = &d->rows[i];
      StyleRow *next = &d->rows[i + 1];

      nst_dialog_picker_set_id (d, row->picker, nst_dialog_picker_get_id (next->picker));
      gtk_adjustment_set_value (row->weight, gtk_adjustment_get_value (next->weight));
      nst_dialog_combo_set_id (row->region, nst_dialog_combo_get_id (next->region));
    }
  d->loading = FALSE;
  d->n_rows--;
  nst_dialog_changed (d);
  gtk_widget_grab_focus (d->add_style);
}

/* "Everywhere", then the channels and layer masks of the content's image. */
static GtkWidget *
region_combo_new (Dialog *d)
{
  GtkWidget *combo = nst_dialog_id_combo_new (d, _("Everywhere"));
  guint      i;

  for (i = 0; i < d->host->n_channels; i++)
    nst_dialog_id_combo_append (combo, d->host->channels[i].id, d->host->channels[i].name);
  return combo;
}

/* A style row's weight (shown with two styles or more) and region. */
GtkWidget *
nst_dialog_style_details_new (Dialog   *d,
                   StyleRow *row)
{
  const gchar *weight_tip = _("How much of this style goes into the blend, "
                              "relative to the other styles' weights");
  const gchar *region_tip = _("Where this style applies: everywhere, or inside a "
                              "channel or layer mask of the image (soft edges blend)");
  GtkWidget   *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget   *scale;

  row->weight = gtk_adjustment_new (NST_DIALOG_WEIGHT_DEFAULT, 0, 100, 1, 10, 0);
  scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, row->weight);
  gtk_scale_set_digits (GTK_SCALE (scale), 0);
  gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_RIGHT);
  gtk_widget_set_size_request (scale, 100, -1);
  g_signal_connect_swapped (row->weight, "value-changed", G_CALLBACK (nst_dialog_changed), d);
  row->weight_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_pack_start (GTK_BOX (row->weight_box),
                      nst_dialog_mnemonic_label_new (_("Weig_ht:"), scale, weight_tip),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (row->weight_box), scale, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), row->weight_box, TRUE, TRUE, 0);
  nst_dialog_set_toggled (row->weight_box);

  row->region = region_combo_new (d);
  gtk_box_pack_start (GTK_BOX (box),
                      nst_dialog_mnemonic_label_new (_("Re_gion:"), row->region, region_tip),
                      FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), row->region, FALSE, FALSE, 0);
  return box;
}

/* Added style i (1..): a picker like the first, a remove button, its
 * weight and region; hidden until "Add style" shows it. */
void
nst_dialog_style_row_attach (Dialog  *d,
                  GtkGrid *grid,
                  gint     grid_row,
                  gint     i)
{
  StyleRow  *row = &d->rows[i];
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_with_mnemonic (_("Remo_ve"));
  gchar     *title = g_strdup_printf (_("Style _%d:"), i + 1);

  row->picker = nst_dialog_style_picker_new (d);
  gtk_widget_set_tooltip_text (remove, _("Take this style out of the blend"));
  g_object_set_data (G_OBJECT (remove), "nst-row", GINT_TO_POINTER (i));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_style), d);
  gtk_box_pack_start (GTK_BOX (line), row->picker, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (line), remove, FALSE, FALSE, 0);

  row->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (row->box), line, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (row->box), nst_dialog_style_details_new (d, row), FALSE, FALSE, 0);
  gtk_widget_set_hexpand (row->box, TRUE);

  row->title = nst_dialog_mnemonic_label_new (title, row->picker,
                                   _("Another style blended into the result"));
  gtk_widget_set_halign (row->title, GTK_ALIGN_START);
  gtk_widget_set_valign (row->title, GTK_ALIGN_START);
  gtk_grid_attach (grid, row->title, 0, grid_row, 1, 1);
  gtk_grid_attach (grid, row->box, 1, grid_row, 1, 1);
  nst_dialog_set_toggled (row->title);
  nst_dialog_set_toggled (row->box);
  g_free (title);
}
