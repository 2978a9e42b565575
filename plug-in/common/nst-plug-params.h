/* nst-plug-params.h - the plug-in's parameters, their defaults and ranges.
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
#ifndef NST_PLUG_PARAMS_H
#define NST_PLUG_PARAMS_H

#include <glib.h>

G_BEGIN_DECLS

#define NST_PLUG_PATH_MAX 4096

/* Values of preserve-colors (public: scripts pass these numbers). */
typedef enum
{
  NST_PLUG_COLORS_NONE      = 0,  /* take the style's colours */
  NST_PLUG_COLORS_LUMINANCE = 1,  /* transfer luminance only */
  NST_PLUG_COLORS_MATCH     = 2   /* match the style's colours to the content first */
} NstPlugColors;

/* Values of output-mode (public). */
typedef enum
{
  NST_PLUG_OUTPUT_REPLACE   = 0,  /* stylise the drawable in place */
  NST_PLUG_OUTPUT_NEW_LAYER = 1   /* add a stylised copy above it */
} NstPlugOutput;

/* Everything a run needs besides the image and drawable.  Flat (no
 * pointers) so gimp_set_data() can keep it as the last values. */
typedef struct
{
  gint32  style_drawable;   /* drawable id of the style layer, any open image */
  gdouble style_strength;   /* 0..100, see nst_plug_style_weight() */
  gdouble content_weight;   /* raw engine content weight */
  gdouble smoothness;       /* 0..100, see nst_plug_tv_weight() */
  gdouble detail_size;      /* style scale, 0.25..4 */
  gint32  working_size;     /* long side in pixels, 0 = the drawable's */
  gint32  iterations;       /* per coarse-to-fine level */
  gint32  preserve_colors;  /* NstPlugColors */
  gint32  seed;
  gint32  output_mode;      /* NstPlugOutput */
  gchar   model_path[NST_PLUG_PATH_MAX];  /* "" = search the usual places */
} NstPlugParams;

typedef enum
{
  NST_PLUG_ARG_INT,
  NST_PLUG_ARG_FLOAT,
  NST_PLUG_ARG_STRING
} NstPlugArgType;

/* One argument.  `label` and `blurb` are untranslated (N_()); translate
 * them with _() where they are shown. */
typedef struct
{
  const gchar    *name;        /* PDB name, e.g. "style-strength" */
  NstPlugArgType  type;
  gsize           offset;      /* of the field in NstPlugParams */
  gboolean        ranged;      /* FALSE: any value of the type is valid */
  gdouble         min;
  gdouble         max;
  gdouble         def;         /* ignored for strings (default "") */
  const gchar    *label;       /* short, for the dialog */
  const gchar    *blurb;       /* one sentence, for the PDB */
} NstPlugArgSpec;

/* The table, in PDB order; *n_specs receives its length. */
const NstPlugArgSpec *nst_plug_arg_specs        (guint                *n_specs);
/* The spec whose PDB name is `name`, or NULL. */
const NstPlugArgSpec *nst_plug_arg_spec_lookup  (const gchar          *name);

/* Fill `params` with every default; style_drawable becomes -1 (none). */
void      nst_plug_params_init_defaults  (NstPlugParams        *params);

/* A numeric field as a double, or set one (rounding for integers). */
gdouble   nst_plug_params_get_number     (const NstPlugParams  *params,
                                          const NstPlugArgSpec *spec);
void      nst_plug_params_set_number     (NstPlugParams        *params,
                                          const NstPlugArgSpec *spec,
                                          gdouble               value);
/* Copy `path` (NULL = "") into the model-path field; FALSE if too long. */
gboolean  nst_plug_params_set_model_path (NstPlugParams        *params,
                                          const gchar          *path);

/* Check every ranged argument.  On failure sets NST_PLUG_ERROR_INVALID_ARGUMENT
 * with a message that names the argument, its value and its range. */
gboolean  nst_plug_params_validate       (const NstPlugParams  *params,
                                          GError              **error);

/* The PDB description of an argument: translated blurb plus range and
 * default, e.g. "... (0 to 100, default 50)".  Free with g_free(). */
gchar    *nst_plug_arg_describe          (const NstPlugArgSpec *spec);

G_END_DECLS

#endif /* NST_PLUG_PARAMS_H */
