/* nst-dialog.c - the plug-in's dialog, plain GTK 3 with no libgimp.
 *
 * The dialog only edits a private copy of the parameters; the copy goes
 * back to the caller on OK.  Numeric widgets are made from the parameter
 * table (nst-plug-params.h), so ranges and labels are written once.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-dialog.h"
#include "nst-plug-intl.h"

enum
{
  COLUMN_THUMBNAIL,
  COLUMN_LABEL,
  COLUMN_ID,
  N_COLUMNS
};

#define SPEC_KEY "nst-arg-spec"

static void
on_number_changed (GtkAdjustment *adjustment,
                   NstPlugParams *params)
{
  const NstPlugArgSpec *spec = g_object_get_data (G_OBJECT (adjustment), SPEC_KEY);

  nst_plug_params_set_number (params, spec, gtk_adjustment_get_value (adjustment));
}

static void
on_choice_changed (GtkComboBox   *combo,
                   NstPlugParams *params)
{
  const NstPlugArgSpec *spec = g_object_get_data (G_OBJECT (combo), SPEC_KEY);

  nst_plug_params_set_number (params, spec, gtk_combo_box_get_active (combo));
}

static void
on_style_changed (GtkComboBox   *combo,
                  NstPlugParams *params)
{
  GtkTreeIter iter;
  gint        id;

  if (! gtk_combo_box_get_active_iter (combo, &iter))
    return;

  gtk_tree_model_get (gtk_combo_box_get_model (combo), &iter, COLUMN_ID, &id, -1);
  params->style_drawable = id;
}

static void
attach_row (GtkGrid     *grid,
            gint         row,
            const gchar *label,
            GtkWidget   *widget)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_widget_set_halign (title, GTK_ALIGN_START);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
}

/* A slider (or, for wide integer ranges, a spin button) bound to one
 * numeric parameter. */
static void
add_number (GtkGrid       *grid,
            gint           row,
            const gchar   *name,
            NstPlugParams *params)
{
  const NstPlugArgSpec *spec = nst_plug_arg_spec_lookup (name);
  gboolean              is_int = spec->type == NST_PLUG_ARG_INT;
  gdouble               step = is_int ? 1.0 : (spec->max - spec->min) / 100.0;
  GtkAdjustment        *adj;
  GtkWidget            *widget;

  adj = gtk_adjustment_new (nst_plug_params_get_number (params, spec),
                            spec->min, spec->max, step, step * 10.0, 0.0);
  g_object_set_data (G_OBJECT (adj), SPEC_KEY, (gpointer) spec);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_number_changed), params);

  if (is_int && spec->max - spec->min > 2000.0)
    {
      widget = gtk_spin_button_new (adj, 1.0, 0);
    }
  else
    {
      widget = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, adj);
      gtk_scale_set_digits (GTK_SCALE (widget), is_int ? 0 : 2);
      gtk_scale_set_value_pos (GTK_SCALE (widget), GTK_POS_RIGHT);
    }

  gtk_widget_set_tooltip_text (widget, _(spec->blurb));
  attach_row (grid, row, _(spec->label), widget);
}

/* A drop-down for a parameter whose values are 0, 1, 2, ... */
static void
add_choice (GtkGrid           *grid,
            gint               row,
            const gchar       *name,
            const gchar *const choices[],
            NstPlugParams     *params)
{
  const NstPlugArgSpec *spec = nst_plug_arg_spec_lookup (name);
  GtkWidget            *combo = gtk_combo_box_text_new ();
  gint                  i;

  for (i = 0; choices[i] != NULL; i++)
    gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), _(choices[i]));

  gtk_combo_box_set_active (GTK_COMBO_BOX (combo),
                            (gint) nst_plug_params_get_number (params, spec));
  g_object_set_data (G_OBJECT (combo), SPEC_KEY, (gpointer) spec);
  g_signal_connect (combo, "changed", G_CALLBACK (on_choice_changed), params);
  gtk_widget_set_tooltip_text (combo, _(spec->blurb));
  attach_row (grid, row, _(spec->label), combo);
}

static GtkWidget *
style_picker_new (const NstDialogLayer *layers,
                  guint                 n_layers,
                  NstPlugParams        *params)
{
  GtkListStore    *store = gtk_list_store_new (N_COLUMNS, GDK_TYPE_PIXBUF,
                                               G_TYPE_STRING, G_TYPE_INT);
  GtkWidget       *combo = gtk_combo_box_new_with_model (GTK_TREE_MODEL (store));
  GtkCellRenderer *cell;
  gint             active = 0;
  guint            i;

  for (i = 0; i < n_layers; i++)
    {
      gtk_list_store_insert_with_values (store, NULL, -1,
                                         COLUMN_THUMBNAIL, layers[i].thumbnail,
                                         COLUMN_LABEL, layers[i].label,
                                         COLUMN_ID, layers[i].id, -1);
      if (layers[i].id == params->style_drawable)
        active = (gint) i;
    }
  g_object_unref (store);

  cell = gtk_cell_renderer_pixbuf_new ();
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (combo), cell, FALSE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (combo), cell, "pixbuf", COLUMN_THUMBNAIL);
  cell = gtk_cell_renderer_text_new ();
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (combo), cell, TRUE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (combo), cell, "text", COLUMN_LABEL);

  g_signal_connect (combo, "changed", G_CALLBACK (on_style_changed), params);
  if (n_layers > 0)
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), active);

  return combo;
}

static GtkWidget *
parameter_grid_new (const NstDialogLayer *layers,
                    guint                 n_layers,
                    NstPlugParams        *params)
{
  static const gchar *const colors[] =
    { N_("None: take the style's colours"), N_("Keep the image's colours"),
      N_("Match the style's colours to the image"), NULL };
  static const gchar *const outputs[] =
    { N_("Replace the layer's pixels"), N_("New layer above"), NULL };
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  gint     row = 0;

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);

  attach_row (grid, row++, _("_Style layer"), style_picker_new (layers, n_layers, params));
  add_number (grid, row++, "style-strength", params);
  add_number (grid, row++, "smoothness", params);
  add_number (grid, row++, "detail-size", params);
  add_number (grid, row++, "working-size", params);
  add_number (grid, row++, "iterations", params);
  add_choice (grid, row++, "preserve-colors", colors, params);
  add_choice (grid, row++, "output-mode", outputs, params);
  add_number (grid, row++, "seed", params);

  return GTK_WIDGET (grid);
}

static GtkWidget *
status_label_new (const gchar *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  return label;
}

gboolean
nst_dialog_run (NstPlugParams        *params,
                const NstDialogLayer *layers,
                guint                 n_layers,
                const gchar          *model_status)
{
  NstPlugParams edited = *params;
  GtkWidget    *dialog;
  GtkWidget    *box;
  gboolean      ok;

  dialog = gtk_dialog_new_with_buttons (_("Neural Style Transfer"), NULL, GTK_DIALOG_MODAL,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_OK"), GTK_RESPONSE_OK,
                                        NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  gtk_dialog_set_response_sensitive (GTK_DIALOG (dialog), GTK_RESPONSE_OK, n_layers > 0);

  box = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_box_set_spacing (GTK_BOX (box), 12);
  gtk_box_pack_start (GTK_BOX (box), parameter_grid_new (layers, n_layers, &edited),
                      TRUE, TRUE, 0);
  if (n_layers == 0)
    gtk_box_pack_start (GTK_BOX (box),
                        status_label_new (_("Open an image to use as the style first: "
                                            "any layer of any open image will do.")),
                        FALSE, FALSE, 0);
  if (model_status != NULL)
    gtk_box_pack_start (GTK_BOX (box), status_label_new (model_status), FALSE, FALSE, 0);

  gtk_widget_show_all (dialog);
  ok = gtk_dialog_run (GTK_DIALOG (dialog)) == GTK_RESPONSE_OK;
  gtk_widget_destroy (dialog);

  if (ok)
    *params = edited;
  return ok;
}
