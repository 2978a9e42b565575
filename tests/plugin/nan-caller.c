/* nan-caller.c - a GIMP 2.10 test plug-in that calls plug-in-neural-style
 * with NaN and infinite floats, as a C plug-in can and Script-Fu cannot.
 *
 * Registers `nst-test-nan-caller' (run-mode, image, drawable, style,
 * control).  It reads plug-in-neural-style's arguments from the PDB (so a
 * new argument needs no change here), then:
 *   1. calls it once with valid values on `control', which must succeed:
 *      the calls below are then well formed but for the one bad value;
 *   2. for each float argument, once with NaN and once with +infinity on
 *      `drawable', all other arguments valid: each must come back as a
 *      calling error whose message names the argument;
 *   3. the same for each float array, as its one entry (one style, one
 *      weight).  GIMP refuses a NaN float itself (case-nan-pdb.sh says
 *      why) but does not look inside arrays, so these reach the plug-in's
 *      own check.
 * Each check prints one line ("ok: ..." or "FAILED: ...") on stdout, which
 * gimp-console passes to its log; the procedure fails when a check does.
 * Whether the image is unchanged is for the case to check (case-nan-pdb.sh).
 *
 * Built for the tests only, never installed.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <string.h>

#include <libgimp/gimp.h>

#define CALLER_PROC "nst-test-nan-caller"
#define TARGET_PROC "plug-in-neural-style"

/* Valid values for the target's arguments, by name: small and quick, as
 * tests/plugin/lib.scm's nst-stylize.  Arguments not listed get 0 (ints,
 * floats) or "" (strings). */
typedef struct
{
  const gchar *name;
  gdouble      value;
} NamedValue;

static const NamedValue valid_values[] =
{
  { "style-strength", 75.0 },
  { "content-weight", 1.0 },
  { "smoothness",     50.0 },
  { "detail-size",    1.0 },
  { "working-size",   32.0 },
  { "iterations",     2.0 },
  { "seed",           7.0 },
  { "init-drawable",  -1.0 },
  { "result-opacity", 100.0 },
};

static gdouble
valid_value (const gchar *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (valid_values); i++)
    if (strcmp (valid_values[i].name, name) == 0)
      return valid_values[i].value;
  return 0.0;
}

/* The target's arguments with valid values: `drawable' the content, and
 * `style-drawable' the style.  Arrays go empty (their lengths are 0). */
static GimpParam *
valid_args (const GimpParamDef *defs,
            gint                n_defs,
            gint32              image,
            gint32              drawable,
            gint32              style)
{
  GimpParam *args = g_new0 (GimpParam, n_defs);
  gint       i;

  for (i = 0; i < n_defs; i++)
    {
      args[i].type = defs[i].type;
      switch (defs[i].type)
        {
        case GIMP_PDB_IMAGE:
          args[i].data.d_image = image;
          break;
        case GIMP_PDB_DRAWABLE:
          args[i].data.d_drawable = strcmp (defs[i].name, "style-drawable") == 0
                                    ? style : drawable;
          break;
        case GIMP_PDB_INT32:
          if (strcmp (defs[i].name, "run-mode") == 0)
            args[i].data.d_int32 = GIMP_RUN_NONINTERACTIVE;
          else if (strcmp (defs[i].name, "style-drawable") == 0)
            args[i].data.d_int32 = style;
          else
            args[i].data.d_int32 = (gint32) valid_value (defs[i].name);
          break;
        case GIMP_PDB_FLOAT:
          args[i].data.d_float = valid_value (defs[i].name);
          break;
        case GIMP_PDB_STRING:
          args[i].data.d_string = (gchar *) "";
          break;
        default:
          break;
        }
    }
  return args;
}

/* Run the target; returns its status and sets *message to its error
 * message (or "").  Free *message with g_free(). */
static GimpPDBStatusType
call_target (GimpParam  *args,
             gint        n_args,
             gchar     **message)
{
  GimpParam        *ret;
  gint              n_ret = 0;
  GimpPDBStatusType status;

  ret = gimp_run_procedure2 (TARGET_PROC, &n_ret, n_args, args);
  status = n_ret > 0 ? ret[0].data.d_status : GIMP_PDB_EXECUTION_ERROR;
  *message = g_strdup (n_ret > 1 && ret[1].type == GIMP_PDB_STRING && ret[1].data.d_string
                       ? ret[1].data.d_string : "");
  gimp_destroy_params (ret, n_ret);
  return status;
}

static const gchar *
status_name (GimpPDBStatusType status)
{
  switch (status)
    {
    case GIMP_PDB_EXECUTION_ERROR: return "execution error";
    case GIMP_PDB_CALLING_ERROR:   return "calling error";
    case GIMP_PDB_PASS_THROUGH:    return "pass through";
    case GIMP_PDB_SUCCESS:         return "success";
    case GIMP_PDB_CANCEL:          return "cancel";
    }
  return "?";
}

/* One call that must come back as a calling error naming the argument
 * `name'; `what' says which call.  Returns 1 when it does not. */
static gint
expect_refused (GimpParam   *args,
                gint         n_args,
                const gchar *name,
                const gchar *what)
{
  gchar            *message;
  GimpPDBStatusType status = call_target (args, n_args, &message);
  gboolean          named = strstr (message, name) != NULL;
  gint              failed = status != GIMP_PDB_CALLING_ERROR || ! named;

  if (! failed)
    g_print ("ok: %s is a calling error: %s\n", what, message);
  else
    g_print ("FAILED: %s gave %s%s: %s\n", what, status_name (status),
             named ? "" : " not naming the argument", message);
  g_free (message);
  return failed;
}

/* The checks; returns the number that failed. */
static gint
check_all (gint32 image,
           gint32 drawable,
           gint32 style,
           gint32 control)
{
  static const struct { const gchar *label; gdouble value; } bad[] =
  {
    { "NaN",       NAN },
    { "+infinity", INFINITY },
  };
  gchar            *blurb, *help, *author, *copyright, *date;
  GimpPDBProcType   proc_type;
  GimpParamDef     *defs = NULL, *return_defs = NULL;
  gint              n_defs = 0, n_return_defs = 0, i, failed = 0, n_floats = 0;
  GimpParam        *args;
  GimpPDBStatusType status;
  gchar            *message;

  if (! gimp_procedural_db_proc_info (TARGET_PROC, &blurb, &help, &author, &copyright,
                                      &date, &proc_type, &n_defs, &n_return_defs,
                                      &defs, &return_defs))
    {
      g_print ("FAILED: %s is not in the PDB\n", TARGET_PROC);
      return 1;
    }
  g_free (blurb); g_free (help); g_free (author); g_free (copyright); g_free (date);

  args = valid_args (defs, n_defs, gimp_item_get_image (control), control, style);
  status = call_target (args, n_defs, &message);
  if (status == GIMP_PDB_SUCCESS)
    g_print ("ok: valid values from C succeed\n");
  else
    {
      g_print ("FAILED: valid values from C: %s: %s\n", status_name (status), message);
      failed++;
    }
  g_free (message);
  g_free (args);

  args = valid_args (defs, n_defs, image, drawable, style);
  for (i = 0; i < n_defs; i++)
    {
      guint   b;
      gdouble keep;

      if (defs[i].type != GIMP_PDB_FLOAT)
        continue;
      n_floats++;
      keep = args[i].data.d_float;
      for (b = 0; b < G_N_ELEMENTS (bad); b++)
        {
          gchar *what = g_strdup_printf ("%s %s", defs[i].name, bad[b].label);

          args[i].data.d_float = bad[b].value;
          failed += expect_refused (args, n_defs, defs[i].name, what);
          g_free (what);
        }
      args[i].data.d_float = keep;
    }
  for (i = 1; i < n_defs; i++)
    {
      guint b;

      /* GIMP 2.10 passes an array's length in the int before it */
      if (defs[i].type != GIMP_PDB_FLOATARRAY || defs[i - 1].type != GIMP_PDB_INT32)
        continue;
      n_floats++;
      for (b = 0; b < G_N_ELEMENTS (bad); b++)
        {
          gdouble one = bad[b].value;
          gchar  *what = g_strdup_printf ("%s[0] %s", defs[i].name, bad[b].label);

          args[i - 1].data.d_int32 = 1;
          args[i].data.d_floatarray = &one;
          failed += expect_refused (args, n_defs, defs[i].name, what);
          g_free (what);
        }
      args[i - 1].data.d_int32 = 0;
      args[i].data.d_floatarray = NULL;
    }
  if (n_floats == 0)
    {
      g_print ("FAILED: %s has no float argument\n", TARGET_PROC);
      failed++;
    }
  g_free (args);
  gimp_destroy_paramdefs (defs, n_defs);
  gimp_destroy_paramdefs (return_defs, n_return_defs);
  return failed;
}

static void
query (void)
{
  static const GimpParamDef args[] =
  {
    { GIMP_PDB_INT32,    "run-mode", "The run mode { RUN-NONINTERACTIVE (1) }" },
    { GIMP_PDB_IMAGE,    "image",    "The image of the drawable" },
    { GIMP_PDB_DRAWABLE, "drawable", "Content drawable: must stay unchanged" },
    { GIMP_PDB_DRAWABLE, "style",    "Style drawable" },
    { GIMP_PDB_DRAWABLE, "control",  "Drawable of another image, for a valid call" },
  };

  gimp_install_procedure (CALLER_PROC,
                          "Test: plug-in-neural-style with NaN and infinite floats",
                          "Test plug-in of the neural-style test suite.",
                          "The NST for GIMP authors", "GPL-3.0-or-later", "2026",
                          NULL, "RGB*", GIMP_PLUGIN,
                          G_N_ELEMENTS (args), 0, args, NULL);
}

static void
run (const gchar      *name,
     gint              n_params,
     const GimpParam  *param,
     gint             *n_return_vals,
     GimpParam       **return_vals)
{
  static GimpParam values[2];
  gint             failed;

  *return_vals = values;
  *n_return_vals = 1;
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = GIMP_PDB_CALLING_ERROR;
  if (n_params != 5 || strcmp (name, CALLER_PROC) != 0)
    return;

  failed = check_all (param[1].data.d_image, param[2].data.d_drawable,
                      param[3].data.d_drawable, param[4].data.d_drawable);
  values[0].data.d_status = failed == 0 ? GIMP_PDB_SUCCESS : GIMP_PDB_EXECUTION_ERROR;
  if (failed > 0)
    {
      *n_return_vals = 2;
      values[1].type = GIMP_PDB_STRING;
      values[1].data.d_string = (gchar *) "checks failed (FAILED lines above)";
    }
}

const GimpPlugInInfo PLUG_IN_INFO = { NULL, NULL, query, run };

MAIN ()
