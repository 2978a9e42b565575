/* nst-fe-params.h - the plug-in's parameters, their defaults and ranges.
 *
 * One table describes every argument of plug-in-neural-style after the
 * standard run-mode, image and drawable: its PDB name, type, range,
 * default, dialog label and description.  The PDB declaration, the
 * argument decoding, the range checks and the dialog's widgets are all
 * generated from it, so a range is written down once.
 *
 * No libgimp here: both GIMP adapters and the dialog share this file.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_FE_PARAMS_H
#define NST_FE_PARAMS_H

#include <glib.h>

G_BEGIN_DECLS

#define NST_FE_PATH_MAX 4096

/* Styles a run blends: style-drawable and up to three more-styles. */
#define NST_FE_MAX_STYLES 4

/* Values of preserve-colors (public: scripts pass these numbers). */
typedef enum
{
  NST_FE_COLORS_NONE        = 0,  /* take the style's colours */
  NST_FE_COLORS_LUMINANCE   = 1,  /* transfer luminance only */
  NST_FE_COLORS_MATCH       = 2   /* match the style's colours to the content first */
} NstFeColors;

/* Values of output-mode (public). */
typedef enum
{
  NST_FE_OUTPUT_REPLACE     = 0,  /* stylise the drawable in place */
  NST_FE_OUTPUT_NEW_LAYER   = 1   /* add a stylised copy above it */
} NstFeOutput;

/* Everything a run needs besides the image and drawable.  Flat (no
 * pointers) so gimp_set_data() can keep it as the last values. */
typedef struct
{
  gint32  style_drawable;   /* drawable id of the style layer, any open image */
  gdouble style_strength;   /* 0..100, see nst_fe_style_weight() */
  gdouble content_weight;   /* raw engine content weight */
  gdouble smoothness;       /* 0..100, see nst_fe_tv_weight() */
  gdouble detail_size;      /* style scale, 0.25..4 */
  gint32  working_size;     /* long side in pixels, 0 = the drawable's */
  gint32  iterations;       /* per coarse-to-fine level */
  gint32  preserve_colors;  /* NstFeColors */
  gint32  seed;
  gint32  output_mode;      /* NstFeOutput   */
  gchar   model_path[NST_FE_PATH_MAX];  /* "" = search the usual places */

  /* Several styles: the arrays' lengths are the n_ fields.  Weights and
   * regions, when given, have one entry per style, style_drawable first. */
  gint32  n_more_styles;
  gint32  more_styles[NST_FE_MAX_STYLES - 1];   /* layer ids */
  gint32  n_style_weights;
  gdouble style_weights[NST_FE_MAX_STYLES];     /* blend, normalised; none = equal */
  gint32  n_style_regions;
  gint32  style_regions[NST_FE_MAX_STYLES];     /* channel/mask ids, -1 = everywhere */
  gint32  style_selection;  /* 1: only the selected part of each style's image */
  gint32  init_drawable;    /* -1: the model's start; a layer: refine it */
  gdouble result_opacity;   /* 0..100, the new layer's opacity */
} NstFeParams;

typedef enum
{
  NST_FE_ARG_INT,
  NST_FE_ARG_FLOAT,
  NST_FE_ARG_STRING,
  NST_FE_ARG_INT_ARRAY,    /* gint32 field[max_count], length in count_offset */
  NST_FE_ARG_FLOAT_ARRAY     /* gdouble field[max_count], the same */
} NstFeArgType;

/* What an argument is beyond its C type.  GIMP 2.10 passes every kind
 * as its type says (ints, id arrays); GIMP 3 has an argument type of its
 * own for each kind but VALUE. */
typedef enum
{
  NST_FE_KIND_VALUE,      /* a number or a string */
  NST_FE_KIND_CHOICE,     /* an int among `choices`; GIMP 3: a choice of nicks */
  NST_FE_KIND_BOOLEAN,    /* an int, 0 or 1; GIMP 3: a boolean */
  NST_FE_KIND_DRAWABLE,   /* an item id, -1 for none; GIMP 3: a drawable or none */
  NST_FE_KIND_DRAWABLES,  /* item ids; GIMP 3: an array of drawables */
  NST_FE_KIND_CHANNELS    /* item ids; GIMP 3: an array of drawables, as every object
                           * array (plug-in/gimp3/gimp3-args.c), each of which the run
                           * checks is a channel or a mask */
} NstFeArgKind;

/* One value of a CHOICE argument; a table of them ends with nick NULL. */
typedef struct
{
  gint            value;       /* the int field's value, GIMP 2.10's number */
  const gchar    *nick;        /* GIMP 3's name of it, e.g. "luminance" */
  const gchar    *label;       /* untranslated (N_()) */
} NstFeChoice;

/* One argument.  `label` and `blurb` are untranslated (N_()); translate
 * them with _() where they are shown. */
typedef struct
{
  const gchar    *name;        /* PDB name, e.g. "style-strength" */
  NstFeArgType    type;
  gsize           offset;      /* of the field in NstFeParams */
  gboolean        ranged;      /* FALSE: any value of the type is valid */
  gdouble         min;
  gdouble         max;
  gdouble         def;         /* ignored for strings (default "") and arrays (empty) */
  const gchar    *label;       /* short, for the dialog */
  const gchar    *blurb;       /* one sentence, for the PDB */
  gsize           count_offset;/* arrays: of the gint32 length field */
  gint            max_count;   /* arrays: the most entries; ranges apply to each */
  NstFeArgKind    kind;
  const NstFeChoice *choices;  /* CHOICE: its values, the default among them */
  const gchar    *blurb_gimp3; /* GIMP 3's words where they differ (objects for
                                * ids, nicks for numbers); NULL: `blurb` */
} NstFeArgSpec;

#define NST_FE_ARG_IS_ARRAY(spec) \
  ((spec)->type == NST_FE_ARG_INT_ARRAY || (spec)->type == NST_FE_ARG_FLOAT_ARRAY)

/* The table, in PDB order; *n_specs receives its length. */
const NstFeArgSpec   *nst_fe_arg_specs          (guint                *n_specs);
/* The spec whose PDB name is `name`, or NULL. */
const NstFeArgSpec   *nst_fe_arg_spec_lookup    (const gchar          *name);

/* Fill `params` with every default; style_drawable becomes -1 (none). */
void      nst_fe_params_init_defaults    (NstFeParams          *params);

/* A numeric field as a double, or set one (rounding for integers). */
gdouble   nst_fe_params_get_number       (const NstFeParams    *params,
                                          const NstFeArgSpec   *spec);
void      nst_fe_params_set_number       (NstFeParams          *params,
                                          const NstFeArgSpec   *spec,
                                          gdouble               value);
/* An array argument: its length, and entry i as a double. */
gint      nst_fe_params_get_length       (const NstFeParams    *params,
                                          const NstFeArgSpec   *spec);
gdouble   nst_fe_params_get_item         (const NstFeParams    *params,
                                          const NstFeArgSpec   *spec,
                                          gint                  i);
/* Set an array argument from `n` doubles (rounded for integers).  FALSE
 * with NST_FE_ERROR_INVALID_ARGUMENT, naming it, when n is above its
 * max_count (the array is then left as it was). */
gboolean  nst_fe_params_set_array        (NstFeParams          *params,
                                          const NstFeArgSpec   *spec,
                                          const gdouble        *values,
                                          gint                  n,
                                          GError              **error);

/* The number of styles of a run: style-drawable and the more-styles. */
gint      nst_fe_params_n_styles         (const NstFeParams    *params);
/* Style i's layer id, weight (1 when none given) and region (-1: none). */
gint32    nst_fe_params_style_id         (const NstFeParams    *params,
                                          gint                  i);
gdouble   nst_fe_params_style_weight     (const NstFeParams    *params,
                                          gint                  i);
gint32    nst_fe_params_style_region     (const NstFeParams    *params,
                                          gint                  i);

/* Copy `path` (NULL = "") into the model-path field; FALSE if too long. */
gboolean  nst_fe_params_set_model_path   (NstFeParams          *params,
                                          const gchar          *path);

/* Check every ranged argument (each entry of ranged arrays) and that
 * style-weights and style-regions are empty or have one entry per style.
 * On failure sets NST_FE_ERROR_INVALID_ARGUMENT with a message that
 * names the argument, its value and its range. */
gboolean  nst_fe_params_validate         (const NstFeParams    *params,
                                          GError              **error);

/* The choice of a CHOICE argument whose value is `value`, or NULL. */
const NstFeChoice    *nst_fe_arg_choice          (const NstFeArgSpec *spec,
                                                  gint                value);

/* The PDB description of an argument: translated blurb plus range and
 * default, e.g. "... (0 to 100, default 50)".  Free with g_free(). */
gchar    *nst_fe_arg_describe            (const NstFeArgSpec *spec);

G_END_DECLS

#endif /* NST_FE_PARAMS_H */
