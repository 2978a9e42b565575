/* test-stored-values.c - GIMP 2.10's last values (nst-fe-stored.c):
 * what is written reads back the same; an old, foreign, newer, corrupt or
 * out-of-range or cut-short blob is ignored whole and leaves the
 * parameters alone.  No GIMP: the front end alone.
 * TAP-like "ok"/"FAILED" lines. */
#include <locale.h>
#include <string.h>

#include "nst-fe-stored.h"
#include "test-util.h"

/* Every argument of a and b the same (the table's view of the struct). */
static gboolean
same_params (const NstFeParams   *a,
             const NstFeParams   *b)
{
  const NstFeArgSpec *specs;
  guint                 n_specs, i;

  specs = nst_fe_arg_specs (&n_specs);
  for (i = 0; i < n_specs; i++)
    {
      const NstFeArgSpec *spec = &specs[i];

      if (spec->type == NST_FE_ARG_STRING)
        {
          if (strcmp (a->model_path, b->model_path) != 0)
            return FALSE;
        }
      else if (NST_FE_ARG_IS_ARRAY (spec))
        {
          gint n = nst_fe_params_get_length (a, spec), k;

          if (n != nst_fe_params_get_length (b, spec))
            return FALSE;
          for (k = 0; k < n; k++)
            if (nst_fe_params_get_item (a, spec, k) != nst_fe_params_get_item (b, spec, k))
              return FALSE;
        }
      else if (nst_fe_params_get_number (a, spec) != nst_fe_params_get_number (b, spec))
        return FALSE;
    }
  return TRUE;
}

/* Parameters far from the defaults, every kind of argument set. */
static NstFeParams
unusual (void)
{
  static const gdouble weights[] = { 0.125, 0.375, 0.5 };
  static const gdouble regions[] = { 7, -1, 12 };
  static const gdouble more[] = { 5, 9 };
  NstFeParams          p;

  nst_fe_params_init_defaults (&p);
  p.style_drawable = 3;
  p.style_strength = 71.25;
  p.content_weight = 0.1;   /* no short binary form: must come back exactly */
  p.smoothness = 12.5;
  p.detail_size = 1.7;
  p.working_size = 724;
  p.iterations = 37;
  p.preserve_colors = NST_FE_COLORS_MATCH;
  p.seed = -123456;
  p.output_mode = NST_FE_OUTPUT_NEW_LAYER;
  p.style_selection = 1;
  p.init_drawable = 4;
  p.result_opacity = 62.5;
  nst_fe_params_set_model_path (&p, "/tmp/models/vgg [19]; \"a\"=b\n.safetensors");
  nst_fe_params_set_array (&p, nst_fe_arg_spec_lookup ("more-styles"), more, 2, NULL);
  nst_fe_params_set_array (&p, nst_fe_arg_spec_lookup ("style-weights"), weights, 3, NULL);
  nst_fe_params_set_array (&p, nst_fe_arg_spec_lookup ("style-regions"), regions, 3, NULL);
  return p;
}

/* Read `text` over `start`: TRUE and the result in *out if it was taken. */
static gboolean
read_text (const gchar         *text,
           const NstFeParams   *start,
           NstFeParams         *out)
{
  *out = *start;
  return nst_fe_stored_read ((const guint8 *) text, strlen (text), out);
}

/* `text` with the line that begins with `key=` replaced by `line` ("" drops it). */
static gchar *
replace_line (const gchar *text,
              const gchar *key,
              const gchar *line)
{
  gchar  **lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  gchar   *prefix = g_strconcat (key, "=", NULL);
  guint    i;

  for (i = 0; lines[i] != NULL; i++)
    {
      const gchar *l = g_str_has_prefix (lines[i], prefix) ? line : lines[i];

      if (l[0] != '\0' || lines[i][0] == '\0')
        g_string_append_printf (out, "%s%s", l, lines[i + 1] != NULL ? "\n" : "");
    }
  g_strfreev (lines);
  g_free (prefix);
  return g_string_free (out, FALSE);
}

/* The blob `text` with the `key` line replaced by `line` ("" drops it)
 * is refused over `start`, which it leaves as it was. */
static gboolean
refused (const gchar         *text,
         const gchar         *key,
         const gchar         *line,
         const NstFeParams   *start)
{
  gchar        *edited = replace_line (text, key, line);
  NstFeParams   back;
  gboolean      taken = read_text (edited, start, &back);

  g_free (edited);
  return ! taken && same_params (&back, start);
}

/* `text` (a version 2 blob of unusual ()) with these lines replaced:
 * read over the defaults, the iterations it gives, or -1 if refused. */
static gint32
iterations_read (const gchar *text,
                 const gchar *version,
                 const gchar *size,
                 const gchar *iterations)
{
  gchar       *a = replace_line (text, "version", version);
  gchar       *b = replace_line (a, "working-size", size);
  gchar       *c = replace_line (b, "iterations", iterations);
  NstFeParams  defaults, back;
  gboolean     taken;

  nst_fe_params_init_defaults (&defaults);
  taken = read_text (c, &defaults, &back);
  g_free (a);
  g_free (b);
  g_free (c);
  return taken ? back.iterations : -1;
}

/* Version 1's iterations bounded the first level only: its Balanced and
 * Fine pairs read as today's presets, any other count as it was, and a
 * version 2 blob as it is. */
static void
upgrades (const gchar *text)
{
  gint32 balanced = nst_params_for_quality (NST_QUALITY_BALANCED).iterations;
  gint32 fine = nst_params_for_quality (NST_QUALITY_FINE).iterations;
  gint32 got;

  got = iterations_read (text, "version=1", "working-size=512", "iterations=80");
  CHECK (got == balanced, "version 1's Balanced (512 px, 80) reads as today's (%d): %d",
         balanced, got);
  got = iterations_read (text, "version=1", "working-size=1024", "iterations=100");
  CHECK (got == fine, "version 1's Fine (1024 px, 100) reads as today's (%d): %d", fine, got);
  got = iterations_read (text, "version=1", "working-size=512", "iterations=120");
  CHECK (got == 120, "version 1's other counts stay (512 px, 120): %d", got);
  got = iterations_read (text, "version=1", "working-size=724", "iterations=80");
  CHECK (got == 80, "... and so does 80 at another size (724 px): %d", got);
  got = iterations_read (text, "version=2", "working-size=512", "iterations=80");
  CHECK (got == 80, "a version 2 blob is read as it is (512 px, 80): %d", got);
}

int
main (void)
{
  NstFeParams   defaults, p = unusual (), back, start = unusual ();
  gsize         length;
  gchar        *text;
  gboolean      ok;

  /* the blob must not depend on the locale's decimal comma */
  setlocale (LC_ALL, "");
  nst_fe_params_init_defaults (&defaults);

  text = nst_fe_stored_write (&p, &length);
  CHECK (g_str_has_prefix (text, "[" NST_FE_STORED_GROUP "]\nversion=2\n") &&
         length == strlen (text),
         "the blob begins with its group line and version 2");
  ok = nst_fe_stored_read ((const guint8 *) text, length, &back);
  CHECK (ok && same_params (&p, &back), "every argument reads back the same");
  ok = read_text (text, &defaults, &back);
  CHECK (ok && same_params (&p, &back), "... over the defaults too");

  CHECK (refused (text, "iterations", "", &start),
         "a blob that lacks one of its version's keys is ignored, the parameters untouched");
  CHECK (refused (text, "version", "version=3", &defaults),
         "a newer version is ignored, the parameters untouched");
  upgrades (text);
  CHECK (refused (text, "version", "", &defaults), "a blob without a version is ignored");
  CHECK (refused (text, "style-strength", "style-strength=250", &defaults),
         "a value outside its range is ignored with the whole blob");
  CHECK (refused (text, "seed", "seed=many", &defaults), "a value that is no number is ignored");
  CHECK (refused (text, "style-weights", "style-weights=0.5;0.5;", &defaults),
         "weights that do not match the styles are ignored (%d styles)",
         nst_fe_params_n_styles (&p));

  /* what GIMP 2.10 kept for earlier versions: the struct itself */
  ok = nst_fe_stored_read ((const guint8 *) &p, sizeof (p), &back);
  CHECK (! ok, "the raw struct of earlier versions is ignored");
  CHECK (! nst_fe_stored_read ((const guint8 *) "[other plug-in]\nversion=1\n", 26, &back),
         "another group is ignored");
  {
    gsize cut, taken = 0;

    /* the last byte is the final newline: without it the blob is whole */
    for (cut = 0; cut + 1 < length; cut++)
      taken += nst_fe_stored_read ((const guint8 *) text, cut, &back);
    CHECK (taken == 0, "a blob cut short anywhere is ignored (%" G_GSIZE_FORMAT " of %"
           G_GSIZE_FORMAT " cuts taken)", taken, length - 1);
  }
  CHECK (! nst_fe_stored_read (NULL, 0, &back), "nothing stored: nothing read");

  g_free (text);
  return check_finish ("stored-values");
}
