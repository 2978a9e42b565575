/* test-synth.c - the guided patch synthesis (synth.c), the starting
 * image of NST_INIT_SYNTHESIS: on images whose answer is known (a style
 * that is the content itself, flat halves that the guide must sort by
 * luminance, colours of one luminance that the guide must keep apart,
 * selections and regions), its determinism, and how a run
 * takes it up (the model's default, one level, the enum's range). */
#include "test-util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define W 64
#define H 48

/* A planar [3][h][w] image of smooth stripes and a little noise. */
static float *
textured (int w, int h, uint64_t seed)
{
  float  *x = malloc ((size_t) 3 * w * h * sizeof (float));
  nst_rng rng;
  int     c, i, j;

  nst_rng_init (&rng, seed);
  for (c = 0; c < 3; c++)
    for (j = 0; j < h; j++)
      for (i = 0; i < w; i++)
        x[((size_t) c * h + j) * w + i]
          = (float) (0.5 + 0.3 * sin (0.31 * i + 0.17 * j * (c + 1)) * cos (0.13 * j - 0.07 * i)
                     + 0.1 * (nst_rng_uniform (&rng) - 0.5));
  return x;
}

/* A planar image whose pixels are (r, g, b) where pick() is true, else
 * (r2, g2, b2). */
static float *
two_colours (int w, int h, int (*pick) (int i, int j, int w, int h),
             float r, float g, float b, float r2, float g2, float b2)
{
  float *x = malloc ((size_t) 3 * w * h * sizeof (float));
  size_t n = (size_t) w * h;
  int    i, j;

  for (j = 0; j < h; j++)
    for (i = 0; i < w; i++)
      {
        size_t p = (size_t) j * w + i;
        int    a = pick (i, j, w, h);

        x[p] = a ? r : r2;
        x[n + p] = a ? g : g2;
        x[2 * n + p] = a ? b : b2;
      }
  return x;
}

static int left_half (int i, int j, int w, int h) { (void) j; (void) h; return i < w / 2; }
static int top_half (int i, int j, int w, int h) { (void) i; (void) w; return j < h / 2; }

static nst_synthesis_style
style_of (const float *rgb, int w, int h)
{
  nst_synthesis_style s;

  memset (&s, 0, sizeof s);
  s.rgb = rgb;
  s.w = w;
  s.h = h;
  s.weight = 1.0f;
  return s;
}

/* The mean of channel c over rows [j0, j1) and columns [i0, i1). */
static double
mean_of (const float *x, int w, int h, int c, int i0, int i1, int j0, int j1)
{
  double sum = 0.0;
  int    i, j;

  for (j = j0; j < j1; j++)
    for (i = i0; i < i1; i++)
      sum += x[((size_t) c * h + j) * w + i];
  return sum / ((double) (i1 - i0) * (j1 - j0));
}

static void
test_itself (const nst_synthesis_params *sp)
{
  float              *content = textured (W, H, 7);
  float              *out = malloc ((size_t) 3 * W * H * sizeof (float));
  nst_synthesis_style st = style_of (content, W, H);
  nst_error           err;
  int                 m = 2 * sp->radius, c, i, j, exact = 0, total = 0;
  double              worst = 0.0;

  CHECK (nst_synthesis (content, W, H, &st, 1, sp, 1, out, &err) == NST_STATUS_OK,
         "a content synthesised from itself");
  /* every patch's best match is itself (distance 0), so away from the
   * edges (whose patches read repeated pixels) the votes agree on it */
  for (j = m; j < H - m; j++)
    for (i = m; i < W - m; i++, total++)
      {
        double d = 0.0;

        for (c = 0; c < 3; c++)
          {
            size_t k = ((size_t) c * H + j) * W + i;

            d = fmax (d, fabs (out[k] - content[k]));
          }
        exact += d < 1e-5;
        worst = fmax (worst, d);
      }
  CHECK (exact >= total * 95 / 100,
         "from itself, %d of %d inner pixels come back exactly (worst %.3g)", exact, total, worst);
  free (content);
  free (out);
}

static void
test_guide (const nst_synthesis_params *sp)
{
  /* the painting: dark blue on the left, light yellow on the right; the
   * photo: light at the top, dark at the bottom */
  float              *style = two_colours (W, H, left_half, 0.05f, 0.05f, 0.4f, 1.0f, 0.9f, 0.2f);
  float              *content = two_colours (W, H, top_half, 0.8f, 0.8f, 0.8f, 0.2f, 0.2f, 0.2f);
  float              *out = malloc ((size_t) 3 * W * H * sizeof (float));
  nst_synthesis_style st = style_of (style, W, H);
  nst_error           err;
  double              top_r, top_b, bottom_r, bottom_b;

  CHECK (nst_synthesis (content, W, H, &st, 1, sp, 3, out, &err) == NST_STATUS_OK,
         "light and dark halves synthesised");
  top_r = mean_of (out, W, H, 0, 0, W, 0, H / 2 - 6);
  top_b = mean_of (out, W, H, 2, 0, W, 0, H / 2 - 6);
  bottom_r = mean_of (out, W, H, 0, 0, W, H / 2 + 6, H);
  bottom_b = mean_of (out, W, H, 2, 0, W, H / 2 + 6, H);
  CHECK (top_r > 0.95 && top_b < 0.25,
         "the photo's light half takes the painting's light yellow (R %.3f, B %.3f)", top_r, top_b);
  CHECK (bottom_r < 0.1 && bottom_b > 0.35,
         "its dark half takes the painting's dark blue (R %.3f, B %.3f)", bottom_r, bottom_b);
  free (style);
  free (content);
  free (out);
}

/* A photo of two colours of one luminance, red on the left and green on
 * the right (a red roof on a green hill), under a grey texture; a
 * painting of pink and teal of one luminance, split the other way (top
 * and bottom), under another.  The luminance guide cannot tell the
 * photo's halves apart; the colour guide sends the red half to the pink
 * and the green to the teal. */
static void
test_colour_guide (const nst_synthesis_params *sp)
{
  const float         pink[3] = { 0.85f, 0.35f, 0.55f }, teal[3] = { 0.15f, 0.715f, 0.5f };
  float              *style = malloc ((size_t) 3 * W * H * sizeof (float));
  float              *content = two_colours (W, H, left_half, 0.6f, 0.3f, 0.3f,
                                             0.3f, 0.4528f, 0.3f);
  float              *out = malloc ((size_t) 3 * W * H * sizeof (float));
  nst_synthesis_style st = style_of (style, W, H);
  nst_error           err;
  size_t              n = (size_t) W * H;
  double              left, right;
  int                 c, i, j;

  for (j = 0; j < H; j++)
    for (i = 0; i < W; i++)
      {
        float grey = 0.12f * (float) (sin (0.9 * i + 0.4 * j) * cos (0.3 * i - 0.7 * j));
        float grey2 = 0.1f * (float) sin (0.5 * i + 0.8 * j);

        for (c = 0; c < 3; c++)
          {
            style[c * n + (size_t) j * W + i] = (j < H / 2 ? pink[c] : teal[c]) + grey;
            content[c * n + (size_t) j * W + i] += grey2;
          }
      }
  CHECK (nst_synthesis (content, W, H, &st, 1, sp, 4, out, &err) == NST_STATUS_OK,
         "two colours of one luminance synthesised");
  /* red less blue: pink +0.3, teal -0.35 */
  left = mean_of (out, W, H, 0, 0, W / 2 - 6, 0, H) - mean_of (out, W, H, 2, 0, W / 2 - 6, 0, H);
  right = mean_of (out, W, H, 0, W / 2 + 6, W, 0, H) - mean_of (out, W, H, 2, W / 2 + 6, W, 0, H);
  CHECK (left > 0.2 && right < -0.25,
         "the red half takes the pink, the green half the teal (R - B %.3f, %.3f)", left, right);
  free (style);
  free (content);
  free (out);
}

static void
test_colours_and_seed (const nst_synthesis_params *sp)
{
  float              *style = textured (50, 40, 11);
  float              *content = textured (W, H, 12);
  float              *a = malloc ((size_t) 3 * W * H * sizeof (float));
  float              *b = malloc ((size_t) 3 * W * H * sizeof (float));
  float              *c2 = malloc ((size_t) 3 * W * H * sizeof (float));
  nst_synthesis_style st = style_of (style, 50, 40);
  nst_error           err;
  size_t              n = (size_t) W * H, k, outside = 0, differ = 0;
  float               lo[3] = { 1e9f, 1e9f, 1e9f }, hi[3] = { -1e9f, -1e9f, -1e9f };
  int                 c;

  CHECK (nst_synthesis (content, W, H, &st, 1, sp, 5, a, &err) == NST_STATUS_OK
         && nst_synthesis (content, W, H, &st, 1, sp, 5, b, &err) == NST_STATUS_OK
         && nst_synthesis (content, W, H, &st, 1, sp, 6, c2, &err) == NST_STATUS_OK,
         "a textured style, seeds 5, 5 and 6");
  CHECK (memcmp (a, b, 3 * n * sizeof (float)) == 0, "the same seed gives the same picture");
  for (k = 0; k < 3 * n; k++)
    differ += a[k] != c2[k];
  CHECK (differ > n / 10, "another seed gives another picture (%zu values differ)", differ);
  /* every pixel is a mean of the painting's pixels */
  for (c = 0; c < 3; c++)
    for (k = 0; k < (size_t) 50 * 40; k++)
      {
        lo[c] = fminf (lo[c], style[c * 50 * 40 + k]);
        hi[c] = fmaxf (hi[c], style[c * 50 * 40 + k]);
      }
  for (c = 0; c < 3; c++)
    for (k = 0; k < n; k++)
      outside += ! (a[c * n + k] >= lo[c] - 1e-6f && a[c * n + k] <= hi[c] + 1e-6f);
  CHECK (outside == 0, "every value lies within the painting's range (%zu outside)", outside);
  free (style);
  free (content);
  free (a);
  free (b);
  free (c2);
}

static void
test_selection_and_regions (const nst_synthesis_params *sp)
{
  float              *style = two_colours (W, H, left_half, 1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 0.0f);
  float              *sel = malloc ((size_t) W * H * sizeof (float));
  float              *content = textured (W, H, 21);
  float              *out = malloc ((size_t) 3 * W * H * sizeof (float));
  float              *red = two_colours (40, 30, left_half, 1, 0, 0, 1, 0, 0);
  float              *blue = two_colours (40, 30, left_half, 0, 0, 1, 0, 0, 1);
  float              *region[2];
  nst_synthesis_style st = style_of (style, W, H), two[2];
  nst_error           err;
  double              g, r, b;
  int                 i, j, s;

  /* a selection of the green half: no red comes through */
  for (j = 0; j < H; j++)
    for (i = 0; i < W; i++)
      sel[j * W + i] = i >= W / 2 ? 1.0f : 0.0f;
  st.selection = sel;
  CHECK (nst_synthesis (content, W, H, &st, 1, sp, 1, out, &err) == NST_STATUS_OK,
         "a style from its selection");
  r = mean_of (out, W, H, 0, 0, W, 0, H);
  g = mean_of (out, W, H, 1, 0, W, 0, H);
  CHECK (r == 0.0 && g == 1.0, "only the selected green is used (R %.3f, G %.3f)", r, g);

  /* two styles, each in its half of the picture (regions of another size) */
  for (s = 0; s < 2; s++)
    {
      region[s] = malloc (32 * 16 * sizeof (float));
      for (j = 0; j < 16; j++)
        for (i = 0; i < 32; i++)
          region[s][j * 32 + i] = (i < 16) == (s == 0) ? 1.0f : 0.0f;
      two[s] = style_of (s == 0 ? red : blue, 40, 30);
      two[s].region = region[s];
      two[s].region_w = 32;
      two[s].region_h = 16;
    }
  two[1].weight = 3.0f;       /* a heavier style does not take the other's region */
  CHECK (nst_synthesis (content, W, H, two, 2, sp, 1, out, &err) == NST_STATUS_OK,
         "two styles in two regions");
  r = mean_of (out, W, H, 0, 0, W / 2 - 6, 0, H);
  b = mean_of (out, W, H, 2, W / 2 + 6, W, 0, H);
  CHECK (r == 1.0 && b == 1.0, "each region takes its own style (left R %.3f, right B %.3f)", r, b);
  free (region[0]);
  free (region[1]);
  free (red);
  free (blue);
  free (style);
  free (sel);
  free (content);
  free (out);
}

/* The run: the model's default start, one automatic level from a
 * synthesis, the enum's range. */
static void
test_run (void)
{
  nst_model   *m = test_model_new (NULL, 3);
  nst_image    content = { 0 }, style = { 0 }, a = { 0 }, b = { 0 };
  nst_style    st = { &style, 1.0f, NULL, NULL };
  nst_params   p = nst_params_default ();
  nst_estimate e;
  nst_error    err;
  size_t       k, differ = 0;
  int          levels_content;

  nst_image_init (&content, 90, 60, &err);
  nst_image_init (&style, 70, 70, &err);
  nst_image_init (&a, 90, 60, &err);
  nst_image_init (&b, 90, 60, &err);
  test_image_fill (&content, 1);
  test_image_fill (&style, 2);
  p.iterations = 2;
  p.min_size = 40;
  p.threads = 1;

  CHECK (p.init == NST_INIT_DEFAULT, "a run starts as its model says, by default");
  CHECK (nst_estimate_job (m, 90, 60, &st, 1, &p, &e, &err) == NST_STATUS_OK && e.n_levels > 1,
         "from the content (a loaded model's default), automatic levels: %d", e.n_levels);
  levels_content = e.n_levels;
  m->default_init = NST_INIT_SYNTHESIS;
  CHECK (nst_estimate_job (m, 90, 60, &st, 1, &p, &e, &err) == NST_STATUS_OK && e.n_levels == 1,
         "from the synthesis as the model's default: one level (%d, against %d)", e.n_levels,
         levels_content);
  p.levels = 2;
  CHECK (nst_estimate_job (m, 90, 60, &st, 1, &p, &e, &err) == NST_STATUS_OK && e.n_levels == 2,
         "levels stated are kept (%d)", e.n_levels);
  p.levels = 0;

  CHECK (nst_stylize (m, &content, &st, 1, &p, &a, &err) == NST_STATUS_OK,
         "a run from the model's default, the synthesis");
  p.init = NST_INIT_CONTENT;
  CHECK (nst_stylize (m, &content, &st, 1, &p, &b, &err) == NST_STATUS_OK,
         "a run from the content, stated");
  for (k = 0; k < (size_t) 3 * 90 * 60; k++)
    differ += a.data[k] != b.data[k];
  CHECK (differ > 3 * 90 * 60 / 2, "the two starts give two pictures (%zu values differ)", differ);
  p.init = NST_INIT_SYNTHESIS;
  CHECK (nst_stylize (m, &content, &st, 1, &p, &b, &err) == NST_STATUS_OK
         && memcmp (a.data, b.data, (size_t) 3 * 90 * 60 * sizeof (float)) == 0,
         "the synthesis stated is the default's picture");

  p.init = (nst_init) 4;
  CHECK (nst_stylize (m, &content, &st, 1, &p, &b, &err) == NST_STATUS_INVALID_ARGUMENT,
         "an init of 4 is refused: %s", err.message);
  p.init = (nst_init) -2;
  CHECK (nst_stylize (m, &content, &st, 1, &p, &b, &err) == NST_STATUS_INVALID_ARGUMENT,
         "an init of -2 is refused: %s", err.message);

  nst_image_clear (&content);
  nst_image_clear (&style);
  nst_image_clear (&a);
  nst_image_clear (&b);
  nst_model_free (m);
}

int
main (void)
{
  nst_synthesis_params sp;

  nst_synthesis_params_default (&sp);
  test_itself (&sp);
  test_guide (&sp);
  test_colour_guide (&sp);
  test_colours_and_seed (&sp);
  test_selection_and_regions (&sp);
  test_run ();
  return check_finish ("synth");
}
