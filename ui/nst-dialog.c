/* nst-dialog.c - the plug-in's dialog, plain GTK 3 with no libgimp.
 *
 * The darktable split: the widgets only edit a private copy of the
 * parameters (read_widgets() after every change, load_widgets() after a
 * reset); the preview and the final run read committed copies.  Ranges
 * come from the parameter table (nst-fe-params.h), written once.  The
 * style rows are nst-dialog-styles.c's.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst-dialog-private.h"
#include "nst-dialog-status.h"
#include "nst-fe-intl.h"
#include "nst-fe-mapping.h"

enum { RESPONSE_RESET = 1 };

/* The quality presets: the engine's (nst_params_for_quality) working
 * size and iterations per level. */
typedef struct
{
  const gchar *label;
  nst_quality  quality;
} Preset;

static const Preset presets[] =
{
  { N_("Draft (256 px)"),    NST_QUALITY_DRAFT },
  { N_("Balanced (512 px)"), NST_QUALITY_BALANCED },
  { N_("Fine (1024 px)"),    NST_QUALITY_FINE },
};
#define PRESET_CUSTOM G_N_ELEMENTS (presets)

static gint
preset_of (const NstFeParams *params)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      nst_params p = nst_params_for_quality (presets[i].quality);

      if (p.size == params->working_size && p.iterations == params->iterations)
        return (gint) i;
    }
  return PRESET_CUSTOM;
}

static gint32
selected_style (Dialog *d)
{
  return nst_dialog_picker_get_id (d->style);
}

/* The id of a GtkComboBoxText whose ids are numbers; -1 for none. */
gint32
nst_dialog_combo_get_id (GtkWidget *combo)
{
  const gchar *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));

  return id != NULL ? (gint32) g_ascii_strtoll (id, NULL, 10) : -1;
}

/* Select the entry with the number `id`, else the first ("Everywhere",
 * "A fresh start"). */
void
nst_dialog_combo_set_id (GtkWidget *combo,
              gint32     id)
{
  gchar text[16];

  g_snprintf (text, sizeof (text), "%d", id);
  if (! gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), text))
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
}

/* TRUE when OK can run: a style, and not every weight 0. */
static gboolean
can_run (Dialog *d)
{
  const NstFeParams *p = &d->params;
  gdouble              sum = 0.0;
  gint                 i;

  if (p->style_drawable < 0)
    return FALSE;
  for (i = 0; i < p->n_style_weights; i++)
    sum += p->style_weights[i];
  return p->n_style_weights == 0 || sum > 0.0;
}

/* Widgets -> parameters. */
static void
read_widgets (Dialog *d)
{
  NstFeParams *p = &d->params;
  gint           quality = gtk_combo_box_get_active (GTK_COMBO_BOX (d->quality));

  p->style_drawable  = selected_style (d);
  p->style_strength  = gtk_adjustment_get_value (d->strength);
  p->content_weight  = nst_fe_content_weight (gtk_adjustment_get_value (d->fidelity));
  p->smoothness      = gtk_adjustment_get_value (d->smoothness);
  p->detail_size     = gtk_adjustment_get_value (d->detail);
  p->preserve_colors = gtk_combo_box_get_active (GTK_COMBO_BOX (d->colors));
  p->seed            = (gint32) gtk_adjustment_get_value (d->seed);
  p->output_mode     = gtk_combo_box_get_active (GTK_COMBO_BOX (d->output));
  p->style_selection = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d->style_selection));
  p->init_drawable   = nst_dialog_combo_get_id (d->init);
  p->result_opacity  = gtk_adjustment_get_value (d->opacity);
  nst_dialog_styles_read (d);

  if (quality >= 0 && quality < (gint) PRESET_CUSTOM)
    {
      nst_params q = nst_params_for_quality (presets[quality].quality);

      p->working_size = q.size;
      p->iterations   = q.iterations;
    }
  else
    {
      p->working_size = (gint32) gtk_adjustment_get_value (d->working_size);
      p->iterations   = (gint32) gtk_adjustment_get_value (d->iterations);
    }
}

static void
select_style (Dialog *d,
              gint32  id)
{
  nst_dialog_picker_set_id (d, d->style, id);
}

/* Parameters -> widgets. */
static void
load_widgets (Dialog *d)
{
  const NstFeParams *p = &d->params;

  d->loading = TRUE;
  select_style (d, p->style_drawable);
  gtk_adjustment_set_value (d->strength, p->style_strength);
  gtk_adjustment_set_value (d->fidelity, nst_fe_content_fidelity (p->content_weight));
  gtk_adjustment_set_value (d->smoothness, p->smoothness);
  gtk_adjustment_set_value (d->detail, p->detail_size);
  gtk_adjustment_set_value (d->working_size, p->working_size);
  gtk_adjustment_set_value (d->iterations, p->iterations);
  gtk_combo_box_set_active (GTK_COMBO_BOX (d->quality), preset_of (p));
  gtk_combo_box_set_active (GTK_COMBO_BOX (d->colors), p->preserve_colors);
  gtk_adjustment_set_value (d->seed, p->seed);
  gtk_combo_box_set_active (GTK_COMBO_BOX (d->output), p->output_mode);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->style_selection),
                                p->style_selection != 0);
  nst_dialog_combo_set_id (d->init, p->init_drawable);
  gtk_adjustment_set_value (d->opacity, p->result_opacity);
  nst_dialog_styles_load (d);
  d->loading = FALSE;
}

static void
update_status (gpointer data)
{
  Dialog *d = data;
  gchar  *text = nst_dialog_status_text (&d->params, d->host, d->preview);

  gtk_label_set_text (GTK_LABEL (d->status), text);
  g_free (text);
  if (d->download != NULL)
    nst_dialog_download_update (d->download);
}

/* A widget update_visibility() shows and hides: gtk_widget_show_all()
 * leaves it as it is, so the window is not first sized with every
 * hidden row (without a window manager it would not shrink again). */
void
nst_dialog_set_toggled (GtkWidget *widget)
{
  gtk_widget_show_all (widget);
  gtk_widget_set_no_show_all (widget, TRUE);
}

/* Show the style rows in use, the weights with two styles or more, the
 * opacity in new-layer mode. */
static void
update_visibility (Dialog *d)
{
  gint i;

  for (i = 0; i < NST_FE_MAX_STYLES; i++)
    {
      if (d->rows[i].box != NULL)
        {
          gtk_widget_set_visible (d->rows[i].box, i < d->n_rows);
          gtk_widget_set_visible (d->rows[i].title, i < d->n_rows);
        }
      gtk_widget_set_visible (d->rows[i].weight_box, d->n_rows > 1);
    }
  gtk_widget_set_sensitive (d->add_style, d->n_rows < NST_FE_MAX_STYLES);
  gtk_widget_set_visible (d->opacity_title,
                          d->params.output_mode == NST_FE_OUTPUT_NEW_LAYER);
  gtk_widget_set_visible (d->opacity_scale,
                          d->params.output_mode == NST_FE_OUTPUT_NEW_LAYER);
}

void
nst_dialog_changed (Dialog *d)
{
  if (d->loading)
    return;

  read_widgets (d);
  gtk_widget_set_visible (d->custom,
                          gtk_combo_box_get_active (GTK_COMBO_BOX (d->quality)) ==
                          (gint) PRESET_CUSTOM);
  update_visibility (d);
  gtk_dialog_set_response_sensitive (GTK_DIALOG (d->dialog), GTK_RESPONSE_OK, can_run (d));
  if (d->preview != NULL)
    nst_preview_set_params (d->preview, &d->params);
  update_status (d);
}

/* Enter means OK wherever the focus is (a focused combo box or button
 * would take it otherwise); Escape is GtkDialog's own Cancel. */
static gboolean
on_key_press (GtkWidget   *widget,
              GdkEventKey *event,
              Dialog      *d)
{
  (void) widget;
  if (event->keyval != GDK_KEY_Return && event->keyval != GDK_KEY_KP_Enter &&
      event->keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  if ((event->state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  if (can_run (d))
    gtk_dialog_response (GTK_DIALOG (d->dialog), GTK_RESPONSE_OK);
  return TRUE;
}

static void
on_new_seed (GtkButton *button,
             Dialog    *d)
{
  (void) button;
  gtk_adjustment_set_value (d->seed, g_random_int_range (0, G_MAXINT32));
}

static void
attach_row (GtkGrid     *grid,
            gint         row,
            const gchar *label,
            GtkWidget   *widget,
            const gchar *tooltip)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_widget_set_halign (title, GTK_ALIGN_START);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_widget_set_tooltip_text (title, tooltip);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
}

static GtkAdjustment *
add_scale (Dialog      *d,
           GtkGrid     *grid,
           gint         row,
           const gchar *label,
           const gchar *tooltip,
           gdouble      min,
           gdouble      max,
           gdouble      step,
           gint         digits)
{
  GtkAdjustment *adj = gtk_adjustment_new (min, min, max, step, step * 10.0, 0.0);
  GtkWidget     *scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, adj);

  gtk_scale_set_digits (GTK_SCALE (scale), digits);
  gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_RIGHT);
  gtk_widget_set_size_request (scale, 200, -1);
  g_signal_connect_swapped (adj, "value-changed", G_CALLBACK (nst_dialog_changed), d);
  attach_row (grid, row, label, scale, tooltip);
  return adj;
}

static GtkWidget *
add_combo (Dialog            *d,
           GtkGrid           *grid,
           gint               row,
           const gchar       *label,
           const gchar       *tooltip,
           const gchar *const choices[],
           guint              n_choices)
{
  GtkWidget *combo = gtk_combo_box_text_new ();
  guint      i;

  for (i = 0; i < n_choices; i++)
    gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), _(choices[i]));
  g_signal_connect_swapped (combo, "changed", G_CALLBACK (nst_dialog_changed), d);
  attach_row (grid, row, label, combo, tooltip);
  return combo;
}

static GtkWidget *
spin_new (Dialog        *d,
          GtkAdjustment *adj)
{
  GtkWidget *spin = gtk_spin_button_new (adj, 1.0, 0);

  gtk_entry_set_activates_default (GTK_ENTRY (spin), TRUE);
  g_signal_connect_swapped (adj, "value-changed", G_CALLBACK (nst_dialog_changed), d);
  return spin;
}

/* A combo of ids: `first` (id -1), then the entries appended. */
GtkWidget *
nst_dialog_id_combo_new (Dialog      *d,
              const gchar *first)
{
  GtkWidget *combo = gtk_combo_box_text_new ();

  gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "-1", first);
  gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
  g_signal_connect_swapped (combo, "changed", G_CALLBACK (nst_dialog_changed), d);
  return combo;
}

void
nst_dialog_id_combo_append (GtkWidget   *combo,
                 gint32       id,
                 const gchar *name)
{
  gchar text[16];

  g_snprintf (text, sizeof (text), "%d", id);
  gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), text, name);
}

/* A label with a mnemonic for `widget`, both with `tooltip`. */
GtkWidget *
nst_dialog_mnemonic_label_new (const gchar *text,
                    GtkWidget   *widget,
                    const gchar *tooltip)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_set_tooltip_text (label, tooltip);
  gtk_widget_set_tooltip_text (widget, tooltip);
  return label;
}

/* "A fresh start" (the model's own start), then the content image's
 * other layers. */
static GtkWidget *
init_combo_new (Dialog *d)
{
  GtkWidget *combo = nst_dialog_id_combo_new (d, _("A fresh start"));
  guint      i;

  for (i = 0; i < d->host->n_init_layers; i++)
    nst_dialog_id_combo_append (combo, d->host->init_layers[i].id,
                                d->host->init_layers[i].layer_name);
  return combo;
}

/* Working size and iterations, shown for the Custom quality only. */
static GtkWidget *
custom_row_new (Dialog *d)
{
  const NstFeArgSpec   *size = nst_fe_arg_spec_lookup ("working-size");
  const NstFeArgSpec   *iter = nst_fe_arg_spec_lookup ("iterations");
  GtkWidget            *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget            *spin;
  GtkWidget            *label;

  d->working_size = gtk_adjustment_new (size->def, size->min, size->max, 16, 128, 0);
  spin = spin_new (d, d->working_size);
  label = gtk_label_new_with_mnemonic (_("_Working size (px):"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_widget_set_tooltip_text (spin, _(size->blurb));
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), spin, FALSE, FALSE, 0);

  d->iterations = gtk_adjustment_new (iter->def, iter->min, iter->max, 10, 100, 0);
  spin = spin_new (d, d->iterations);
  label = gtk_label_new_with_mnemonic (_("_Iterations:"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_widget_set_tooltip_text (spin, _(iter->blurb));
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), spin, FALSE, FALSE, 0);
  return box;
}

static GtkWidget *
seed_row_new (Dialog *d)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_New seed"));
  GtkWidget *spin;

  d->seed = gtk_adjustment_new (0, G_MININT32, G_MAXINT32, 1, 100, 0);
  spin = spin_new (d, d->seed);
  gtk_widget_set_name (spin, "nst-seed");
  gtk_widget_set_tooltip_text (button, _("Pick another random seed: a different "
                                         "variation of the same look"));
  g_signal_connect (button, "clicked", G_CALLBACK (on_new_seed), d);
  gtk_box_pack_start (GTK_BOX (box), spin, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), button, FALSE, FALSE, 0);
  g_object_set_data (G_OBJECT (box), "spin", spin);
  return box;
}

/* The style picker with its weight and region, the added style rows,
 * "Add style" and the style-selection switch, from grid row *row on. */
static void
style_controls_attach (Dialog  *d,
                       GtkGrid *grid,
                       gint    *row)
{
  gint i;

  d->style = nst_dialog_style_picker_new (d);
  attach_row (grid, (*row)++, _("St_yle:"), d->style,
              _("The picture whose brush strokes, textures and colours are used: "
                "any layer of any open image"));
  d->rows[0].picker = d->style;
  gtk_grid_attach (grid, nst_dialog_style_details_new (d, &d->rows[0]), 1, (*row)++, 1, 1);
  for (i = 1; i < NST_FE_MAX_STYLES; i++)
    nst_dialog_style_row_attach (d, grid, (*row)++, i);
  d->add_style = gtk_button_new_with_mnemonic (_("_Add style"));
  gtk_widget_set_tooltip_text (d->add_style,
                               _("Blend another style into the result (up to four styles)"));
  gtk_widget_set_halign (d->add_style, GTK_ALIGN_START);
  g_signal_connect (d->add_style, "clicked", G_CALLBACK (nst_dialog_on_add_style), d);
  gtk_grid_attach (grid, d->add_style, 1, (*row)++, 1, 1);
  d->style_selection =
    gtk_check_button_new_with_mnemonic (_("Use only the selected _part of style images"));
  gtk_widget_set_tooltip_text (d->style_selection,
                               _("Take each style only from the selection of its image, "
                                 "e.g. one figure of a painting; an image without a "
                                 "selection gives all of its layer"));
  g_signal_connect_swapped (d->style_selection, "toggled", G_CALLBACK (nst_dialog_changed), d);
  gtk_grid_attach (grid, d->style_selection, 1, (*row)++, 1, 1);
}

/* The labels of a choice argument of the table, in the order of its
 * values (0, 1, ...), which is the order of its combo's entries. */
static guint
choice_labels (const gchar  *arg,
               const gchar **labels,
               guint         max)
{
  const NstFeChoice *choice = nst_fe_arg_spec_lookup (arg)->choices;
  guint              n = 0;

  for (; choice->nick != NULL && n < max; choice++)
    labels[n++] = choice->label;
  return n;
}

static GtkWidget *
controls_new (Dialog *d)
{
  const gchar *colors[3], *outputs[2];
  guint        n_colors = choice_labels ("preserve-colors", colors, G_N_ELEMENTS (colors));
  guint        n_outputs = choice_labels ("output-mode", outputs, G_N_ELEMENTS (outputs));
  const gchar *qualities[PRESET_CUSTOM + 1];
  GtkGrid     *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget   *seed;
  guint        i;
  gint         row = 0;

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  for (i = 0; i < PRESET_CUSTOM; i++)
    qualities[i] = presets[i].label;
  qualities[PRESET_CUSTOM] = N_("Custom");

  style_controls_attach (d, grid, &row);
  d->strength = add_scale (d, grid, row++, _("Style _strength:"),
                           _("How strongly the style shows; each 25 steps "
                             "multiply the style's weight by ten"), 0, 100, 1, 0);
  d->fidelity = add_scale (d, grid, row++, _("Content _fidelity:"),
                           _("How much of the original's shapes is kept; each 25 "
                             "steps multiply the content's weight by ten"), 0, 100, 1, 0);
  d->smoothness = add_scale (d, grid, row++, _("S_moothness:"),
                             _("Evens out noise and speckles; 0 turns smoothing off"),
                             0, 100, 1, 0);
  d->detail = add_scale (d, grid, row++, _("_Detail size:"),
                         _("Size of the style's brush strokes: above 1 larger, "
                           "below 1 finer"), 0.25, 4, 0.05, 2);
  d->quality = add_combo (d, grid, row++, _("_Quality:"),
                          _("Working size and iterations of the final run: "
                            "finer costs more time"), qualities, PRESET_CUSTOM + 1);
  d->custom = custom_row_new (d);
  gtk_grid_attach (grid, d->custom, 1, row++, 1, 1);
  d->colors = add_combo (d, grid, row++, _("_Colours:"),
                         _("Keep the original colours and take only the style's "
                           "strokes and textures, or take the style's colours"),
                         colors, n_colors);
  seed = seed_row_new (d);
  attach_row (grid, row++, _("S_eed:"), seed,
              _("The same seed gives the same picture; change it for a variation"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (gtk_grid_get_child_at (grid, 0, row - 1)),
                                 g_object_get_data (G_OBJECT (seed), "spin"));
  d->output = add_combo (d, grid, row++, _("O_utput:"),
                         _("Repaint the layer itself or add the result as a new layer"),
                         outputs, n_outputs);
  d->opacity = add_scale (d, grid, row++, _("Resu_lt opacity:"),
                          _("The mix of the result with the original: the new layer's "
                            "opacity, which you can change later in the Layers dialog "
                            "without computing again"), 0, 100, 1, 0);
  d->opacity_title = gtk_grid_get_child_at (grid, 0, row - 1);
  d->opacity_scale = gtk_grid_get_child_at (grid, 1, row - 1);
  nst_dialog_set_toggled (d->opacity_title);
  nst_dialog_set_toggled (d->opacity_scale);
  d->init = init_combo_new (d);
  attach_row (grid, row++, _("S_tart from:"), d->init,
              _("Start afresh (the built-in network first lays the painting's "
                "patches along the photo; a VGG-19 model starts from the photo), "
                "or refine an earlier result, e.g. the \"(neural style)\" layer "
                "of a previous run"));
  return GTK_WIDGET (grid);
}

static void
dialog_build (Dialog *d)
{
  GtkWidget *box;
  GtkWidget *row;

  d->dialog = gtk_dialog_new_with_buttons (_("Neural Style Transfer"), NULL, GTK_DIALOG_MODAL,
                                           _("_Reset"), RESPONSE_RESET,
                                           _("_Cancel"), GTK_RESPONSE_CANCEL,
                                           _("_OK"), GTK_RESPONSE_OK,
                                           NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (d->dialog), GTK_RESPONSE_OK);
  g_signal_connect (d->dialog, "key-press-event", G_CALLBACK (on_key_press), d);
  gtk_widget_set_tooltip_text (gtk_dialog_get_widget_for_response (GTK_DIALOG (d->dialog),
                                                                  RESPONSE_RESET),
                               _("Set every control back to its default"));

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_box_pack_start (GTK_BOX (row), controls_new (d), TRUE, TRUE, 0);
  if (d->preview != NULL)
    gtk_box_pack_start (GTK_BOX (row), nst_preview_get_widget (d->preview), FALSE, FALSE, 0);

  d->status = gtk_label_new (NULL);
  gtk_widget_set_name (d->status, "nst-dialog-status");   /* for tests/ui */
  gtk_label_set_line_wrap (GTK_LABEL (d->status), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (d->status), 90);
  gtk_label_set_xalign (GTK_LABEL (d->status), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (d->status), TRUE);
  gtk_widget_set_can_focus (d->status, FALSE);

  box = gtk_dialog_get_content_area (GTK_DIALOG (d->dialog));
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_box_set_spacing (GTK_BOX (box), 12);
  gtk_box_pack_start (GTK_BOX (box), row, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), d->status, FALSE, FALSE, 0);
  d->download = nst_dialog_download_new (d);
  if (d->download != NULL)
    gtk_box_pack_start (GTK_BOX (box), nst_dialog_download_get_widget (d->download),
                        FALSE, FALSE, 0);
  gtk_widget_grab_focus (d->style);
}

gboolean
nst_dialog_run (NstFeParams         *params,
                const NstDialogHost *host,
                NstDialogReport     *report)
{
  Dialog   d = { 0 };
  gint     response;

  d.params = *params;
  d.host = host;
  if (host->content != NULL)
    d.preview = nst_preview_new (host->content,
                                 host->content_width, host->content_height,
                                 host->read_inputs, host->read_content,
                                 host->user_data,
                                 update_status, &d);
  dialog_build (&d);
  if (host->set_transient != NULL)
    host->set_transient (GTK_WINDOW (d.dialog), host->user_data);
  load_widgets (&d);
  nst_dialog_changed (&d);
  gtk_widget_show_all (d.dialog);
  nst_dialog_changed (&d);  /* hides the custom row again unless it is chosen */

  while ((response = gtk_dialog_run (GTK_DIALOG (d.dialog))) == RESPONSE_RESET)
    {
      gint32 style = d.params.style_drawable;

      nst_fe_params_init_defaults (&d.params);
      d.params.style_drawable = style;
      g_strlcpy (d.params.model_path, params->model_path, sizeof (d.params.model_path));
      load_widgets (&d);
      nst_dialog_changed (&d);
    }

  if (report != NULL)
    {
      report->preview = d.preview ? nst_preview_get_pixbuf (d.preview) : NULL;
      report->first_image_seconds =
        d.preview ? nst_preview_first_image_seconds (d.preview) : -1.0;
    }
  nst_dialog_download_free (d.download);
  if (d.preview != NULL)
    nst_preview_free (d.preview);
  gtk_widget_destroy (d.dialog);

  if (response != GTK_RESPONSE_OK)
    return FALSE;
  *params = d.params;
  return TRUE;
}
