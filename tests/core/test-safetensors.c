/* test-safetensors.c - nst_model_load_safetensors() on good and bad files.
 *
 * Every file is written here (st-writer.c) into a fresh mkdtemp()
 * directory that is removed at the end.  Each bad file must give its own
 * status, a message that names the file, and a phrase that shows which
 * check fired; each check prints one line, and the exit status is the
 * number of failed checks (capped), so `meson test` sees any failure.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "check.h"
#include "nst-private.h"
#include "st-writer.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T_SEED 20261122u

typedef struct
{
  char dir[512];
  char path[1024];
} t_ctx;

static const char *
t_path (t_ctx      *ctx,
        const char *name)
{
  snprintf (ctx->path, sizeof ctx->path, "%s/%s", ctx->dir, name);
  return ctx->path;
}

static void
t_report (int         ok,
          const char *what,
          const char *detail)
{
  CHECK (ok, "%s: %s", what, detail);
}

/* Load `path` and expect `expected`, a NULL model, a message that names
 * the file and contains `needle`. */
static void
t_expect (t_ctx      *ctx,
          const char *what,
          const char *path,
          nst_status  expected,
          const char *needle)
{
  nst_model *model = (nst_model *) ctx;   /* must come back NULL */
  nst_error  err;
  nst_status status;
  char       detail[1024];
  int        ok;

  memset (&err, 0, sizeof err);
  status = nst_model_load_safetensors (path, &model, &err);
  ok = status == expected && err.status == expected && model == NULL
       && err.message[0] != '\0'
       && (path == NULL || strstr (err.message, path) != NULL)
       && (needle == NULL || strstr (err.message, needle) != NULL);
  if (ok)
    snprintf (detail, sizeof detail, "%s (%d): %s",
              nst_status_to_string (status), (int) status, err.message);
  else
    snprintf (detail, sizeof detail,
              "expected %s (%d) with \"%s\", got %s (%d), model %s, message \"%s\"",
              nst_status_to_string (expected), (int) expected,
              needle != NULL ? needle : "", nst_status_to_string (status),
              (int) status, model == NULL ? "NULL" : "set", err.message);
  t_report (ok, what, detail);
  if (status == NST_STATUS_OK && model != NULL)
    nst_model_free (model);
}

/* Write f (then free it) as `name` and expect as t_expect(). */
static void
t_expect_file (t_ctx      *ctx,
               st_file    *f,
               const char *name,
               const char *what,
               nst_status  expected,
               const char *needle)
{
  const char *path = t_path (ctx, name);

  if (f == NULL || st_file_write (f, path) != 0)
    t_report (0, what, "could not write the test file");
  else
    t_expect (ctx, what, path, expected, needle);
  st_file_free (f);
}

/* A header of text (its strlen) and n_data zero data bytes. */
static void
t_expect_raw (t_ctx      *ctx,
              const char *name,
              const char *what,
              const char *header,
              size_t      n_data,
              nst_status  expected,
              const char *needle)
{
  const char    *path = t_path (ctx, name);
  unsigned char *data = calloc (n_data > 0 ? n_data : 1, 1);

  if (data == NULL || st_write_raw (path, strlen (header), header, strlen (header),
                                    data, n_data) != 0)
    t_report (0, what, "could not write the test file");
  else
    t_expect (ctx, what, path, expected, needle);
  free (data);
}

static st_file *
t_tiny (void)
{
  st_file *f = st_file_new ();

  if (f != NULL && st_file_add_vgg (f, st_vgg_widths_tiny, T_SEED) != 0)
    {
      st_file_free (f);
      f = NULL;
    }
  return f;
}

static float
t_f32_at (const st_tensor *t,
          size_t           k)
{
  const unsigned char *b = t->data + 4 * k;
  uint32_t             u = (uint32_t) b[0] | (uint32_t) b[1] << 8
                           | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24;
  float                v;

  memcpy (&v, &u, sizeof v);
  return v;
}

static void
t_set_f32 (st_tensor *t,
           size_t     k,
           float      v)
{
  uint32_t u;
  int      i;

  memcpy (&u, &v, sizeof u);
  for (i = 0; i < 4; i++)
    t->data[4 * k + (size_t) i] = (unsigned char) (u >> (8 * i));
}

/* Compare every weight and bias of the model with what f holds. */
static int
t_same_values (const nst_model *model,
               st_file         *f,
               char            *detail,
               size_t           size)
{
  int i;

  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      const nst_conv_weights *cv = &model->conv[i];
      char                    name[64];
      const st_tensor        *w, *b;
      size_t                  k, n = (size_t) cv->c_out * (size_t) cv->c_in * 9;

      snprintf (name, sizeof name, "features.%d.weight", nst_vgg_torch_index[i]);
      w = st_file_find (f, name);
      snprintf (name, sizeof name, "features.%d.bias", nst_vgg_torch_index[i]);
      b = st_file_find (f, name);
      if (w == NULL || b == NULL || w->n_bytes != 4 * n || b->n_bytes != 4 * (size_t) cv->c_out)
        {
          snprintf (detail, size, "%s: sizes differ from the file's", nst_vgg_conv_name[i]);
          return 0;
        }
      for (k = 0; k < n; k++)
        if (cv->weight[k] != t_f32_at (w, k))
          {
            snprintf (detail, size, "%s weight %zu: %g, written %g",
                      nst_vgg_conv_name[i], k, cv->weight[k], t_f32_at (w, k));
            return 0;
          }
      for (k = 0; k < (size_t) cv->c_out; k++)
        if (cv->bias[k] != t_f32_at (b, k))
          {
            snprintf (detail, size, "%s bias %zu: %g, written %g",
                      nst_vgg_conv_name[i], k, cv->bias[k], t_f32_at (b, k));
            return 0;
          }
    }
  snprintf (detail, size, "all 13 weights and biases equal what was written");
  return 1;
}

/* Load f written as `name` and check widths, facts and every value. */
static void
t_expect_good (t_ctx      *ctx,
               st_file    *f,
               const char *name,
               const char *what,
               const int   widths[NST_VGG_N_CONVS])
{
  const char    *path = t_path (ctx, name);
  nst_model     *model = NULL;
  nst_model_info info;
  nst_error      err;
  nst_status     status;
  char           detail[1024];
  size_t         bytes = 0;
  int            i, c_in = 3, ok;

  if (f == NULL || st_file_write (f, path) != 0)
    {
      t_report (0, what, "could not write the test file");
      st_file_free (f);
      return;
    }
  status = nst_model_load_safetensors (path, &model, &err);
  snprintf (detail, sizeof detail, "%s: %s", nst_status_to_string (status),
            status == NST_STATUS_OK ? "loaded" : err.message);
  t_report (status == NST_STATUS_OK && model != NULL, what, detail);
  if (status != NST_STATUS_OK || model == NULL)
    {
      st_file_free (f);
      return;
    }

  nst_model_get_info (model, &info);
  ok = info.builtin == 0 && info.n_convs == NST_VGG_N_CONVS;
  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      ok = ok && info.widths[i] == widths[i] && model->conv[i].c_in == c_in;
      bytes += ((size_t) widths[i] * (size_t) c_in * 9 + (size_t) widths[i]) * 4;
      c_in = widths[i];
    }
  ok = ok && info.bytes == bytes;
  snprintf (detail, sizeof detail, "13 convs, widths %d..%d, %zu weight bytes",
            info.widths[0], info.widths[12], info.bytes);
  t_report (ok, "  widths and sizes", detail);

  ok = info.default_style_layers != NULL && info.default_content_layers != NULL
       && strcmp (info.default_style_layers, "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1") == 0
       && strcmp (info.default_content_layers, "relu4_2") == 0
       && model->mean[0] == 0.485f && model->mean[1] == 0.456f && model->mean[2] == 0.406f
       && model->std[0] == 0.229f && model->std[1] == 0.224f && model->std[2] == 0.225f;
  t_report (ok, "  ImageNet normalisation and default layers",
            ok ? "mean, std, relu1_1..relu5_1, relu4_2" : "differ");

  /* the trained path keeps Gatys' loss: whole-image Grams at gain 1,
   * from the content */
  ok = info.default_style_tiles == 1 && info.default_style_bands == 1 && info.style_gain == 1.0f
       && info.default_init == NST_INIT_CONTENT;
  snprintf (detail, sizeof detail, "tiles %d, bands %d, gain %g, init %d",
            info.default_style_tiles, info.default_style_bands, (double) info.style_gain,
            (int) info.default_init);
  t_report (ok, "  one style tile, one band, style gain 1, from the content", detail);

  ok = t_same_values (model, f, detail, sizeof detail);
  t_report (ok, "  values", detail);

  nst_model_free (model);
  st_file_free (f);
}

static void
t_good_files (t_ctx *ctx)
{
  static const uint64_t head_w[2] = { 10, 32 }, head_b[1] = { 10 };
  static const uint64_t pre[2] = { 8, 4 }, conv30[4] = { 32, 32, 3, 3 }, b30[1] = { 32 };
  static const uint64_t scalar[1] = { 0 }, three[1] = { 3 }, four[1] = { 4 }, empty[1] = { 0 };
  st_file  *f;
  uint64_t  state = 7;

  t_expect_good (ctx, t_tiny (), "tiny.safetensors",
                 "tiny VGG (widths 4..32) loads", st_vgg_widths_tiny);

  /* What a timm file also holds: classifier tensors, later convs, other
   * dtypes, metadata; here the classifier comes first in the file. */
  f = st_file_new ();
  if (f != NULL)
    {
      st_file_set_metadata (f, "format", "pt");
      st_file_set_metadata (f, "note", "quote \" backslash \\ tab \t");
      st_file_add_random_f32 (f, "head.fc.weight", 2, head_w, &state);
      st_file_add_random_f32 (f, "head.fc.bias", 1, head_b, &state);
      st_file_add (f, "pre_logits.fc1.weight", "F16", 2, pre, NULL, 64);
      if (st_file_add_vgg (f, st_vgg_widths_tiny, T_SEED) != 0)
        {
          st_file_free (f);
          f = NULL;
        }
    }
  if (f != NULL)
    {
      st_file_add_random_f32 (f, "features.30.weight", 4, conv30, &state);
      st_file_add_random_f32 (f, "features.30.bias", 1, b30, &state);
      st_file_add_random_f32 (f, "features.34.weight", 4, conv30, &state);
      st_file_add_random_f32 (f, "features.34.bias", 1, b30, &state);
      st_file_add (f, "num_batches_tracked", "I64", 0, scalar, NULL, 8);
      st_file_add (f, "mask", "BOOL", 1, three, NULL, 3);
      st_file_add (f, "nothing", "F32", 1, empty, NULL, 0);
      st_file_add (f, "packed.f4", "F4", 1, four, NULL, 2);
      st_file_add (f, "packed.f6", "F6_E2M3", 1, four, NULL, 3);
    }
  t_expect_good (ctx, f, "extras.safetensors",
                 "extra tensors (head.*, features.30/34, I64, BOOL, F4, empty, metadata) load",
                 st_vgg_widths_tiny);

  f = t_tiny ();
  if (f != NULL)
    f->extra_spaces = 3;   /* data section at an odd offset */
  t_expect_good (ctx, f, "unaligned.safetensors",
                 "data that is not 4-byte aligned loads", st_vgg_widths_tiny);

  f = st_file_new ();
  if (f != NULL && st_file_add_vgg (f, st_vgg_widths_full, T_SEED) != 0)
    {
      st_file_free (f);
      f = NULL;
    }
  t_expect_good (ctx, f, "full.safetensors",
                 "full VGG-19 widths (64..512, 52 MB) load", st_vgg_widths_full);
}

static void
t_writer_is_deterministic (void)
{
  st_file *a = t_tiny (), *b = t_tiny (), *c = st_file_new ();
  int      same = 0, differs = 0;

  if (a != NULL && b != NULL && c != NULL
      && st_file_add_vgg (c, st_vgg_widths_tiny, T_SEED + 1) == 0)
    {
      const st_tensor *ta = st_file_find (a, "features.28.weight");
      const st_tensor *tb = st_file_find (b, "features.28.weight");
      const st_tensor *tc = st_file_find (c, "features.28.weight");

      same = ta != NULL && tb != NULL && ta->n_bytes == tb->n_bytes
             && memcmp (ta->data, tb->data, ta->n_bytes) == 0;
      differs = tc != NULL && memcmp (ta->data, tc->data, ta->n_bytes) != 0;
      /* He scale of conv5_1: |w| < sqrt (6 / (32 * 9)). */
      same = same && fabsf (t_f32_at (ta, 0)) < sqrtf (6.0f / 288.0f);
    }
  t_report (same && differs, "st-writer: same seed same weights, other seed others",
            same && differs ? "yes" : "no");
  st_file_free (a);
  st_file_free (b);
  st_file_free (c);
}

static int
t_write_empty (const char *path)
{
  FILE *f = fopen (path, "wb");

  if (f == NULL || fclose (f) != 0)
    {
      perror (path);
      return -1;
    }
  return 0;
}

static void
t_bad_files (t_ctx *ctx)
{
  nst_error  err;
  nst_model *model = NULL;
  st_file   *f;
  st_tensor *t;
  int        ok;

  /* Arguments and the file itself. */
  ok = nst_model_load_safetensors (NULL, &model, &err) == NST_STATUS_INVALID_ARGUMENT
       && model == NULL && err.message[0] != '\0';
  t_report (ok, "NULL path", ok ? err.message : "not refused");

  t_expect (ctx, "missing file", t_path (ctx, "no-such.safetensors"),
            NST_STATUS_IO, "Cannot open");
  t_expect (ctx, "a directory", ctx->dir, NST_STATUS_IO, "is a directory");
  t_expect (ctx, "a character device (/dev/null)", "/dev/null", NST_STATUS_IO,
            "not a regular file");
  if (geteuid () != 0)
    {
      const char *path = t_path (ctx, "unreadable.safetensors");

      if (st_write_vgg (path, st_vgg_widths_tiny, T_SEED) == 0 && chmod (path, 0) == 0)
        t_expect (ctx, "unreadable file", path, NST_STATUS_IO, "Cannot open");
    }
  else
    check_skip ("unreadable file: running as root, which reads anything");

  /* The 8-byte length and the header's size. */
  if (t_write_empty (t_path (ctx, "empty.safetensors")) == 0)
    t_expect (ctx, "empty file", ctx->path, NST_STATUS_MODEL_TRUNCATED, "is empty");
  if (st_write_raw (t_path (ctx, "short.safetensors"), 0, "", 0, "abcd", 4) == 0)
    {
      /* st_write_raw always writes 8 length bytes; cut to 4 by hand. */
      if (truncate (ctx->path, 4) == 0)
        t_expect (ctx, "4-byte file", ctx->path, NST_STATUS_MODEL_TRUNCATED, "only 4 bytes");
    }
  if (st_write_raw (t_path (ctx, "over-limit.safetensors"), 100000001, "{}", 2, NULL, 0) == 0)
    t_expect (ctx, "header length 100,000,001 (over the limit)", ctx->path,
              NST_STATUS_MODEL_HEADER_TOO_LARGE, "over the limit");
  if (st_write_raw (t_path (ctx, "at-limit.safetensors"), 100000000, "{}", 2, NULL, 0) == 0)
    t_expect (ctx, "header length 100,000,000 (at the limit, past the end)", ctx->path,
              NST_STATUS_MODEL_HEADER_TOO_LARGE, "past the end");
  f = t_tiny ();
  if (f != NULL)
    f->header_len = 10000000;
  t_expect_file (ctx, f, "past-end.safetensors", "header length past the end of the file",
                 NST_STATUS_MODEL_HEADER_TOO_LARGE, "past the end");
  t_expect_raw (ctx, "zero-header.safetensors", "header length 0", "", 0,
                NST_STATUS_MODEL_BAD_JSON, "too short");

  /* The header's text and JSON. */
  t_expect_raw (ctx, "bad-json.safetensors", "bad JSON (cut in the middle)",
                "{\"features.0.weight\": {\"dtype\": \"F32\", \"shape\": [4, 3", 0,
                NST_STATUS_MODEL_BAD_JSON, "not valid JSON");
  t_expect_raw (ctx, "array.safetensors", "header is an array, not an object",
                "[1, 2, 3]", 0, NST_STATUS_MODEL_BAD_JSON, "start with '{'");
  t_expect_raw (ctx, "leading-space.safetensors", "header starts with a space",
                " {}", 0, NST_STATUS_MODEL_BAD_JSON, "start with '{'");
  t_expect_raw (ctx, "two-values.safetensors", "text after the JSON object",
                "{}  {}", 0, NST_STATUS_MODEL_BAD_JSON, "text after");
  t_expect_raw (ctx, "not-utf8.safetensors", "header is not UTF-8 (0xff)",
                "{\"\xff\": 1}", 0, NST_STATUS_MODEL_BAD_JSON, "UTF-8");
  t_expect_raw (ctx, "overlong.safetensors", "overlong UTF-8 (0xc0 0xaf)",
                "{\"\xc0\xaf\": 1}", 0, NST_STATUS_MODEL_BAD_JSON, "UTF-8");
  t_expect_raw (ctx, "surrogate.safetensors", "UTF-8 surrogate (0xed 0xa0 0x80)",
                "{\"\xed\xa0\x80\": 1}", 0, NST_STATUS_MODEL_BAD_JSON, "UTF-8");
  if (st_write_raw (t_path (ctx, "nul.safetensors"), 8, "{}\0     ", 8, NULL, 0) == 0)
    t_expect (ctx, "NUL byte in the header", ctx->path, NST_STATUS_MODEL_BAD_JSON,
              "control byte");
  t_expect_raw (ctx, "u0000.safetensors", "\\u0000 in a tensor name",
                "{\"features.0.weight\\u0000x\":{\"dtype\":\"F32\",\"shape\":[1],"
                "\"data_offsets\":[0,4]}}", 4, NST_STATUS_MODEL_BAD_JSON, "\\u0000");
  t_expect_raw (ctx, "entry-number.safetensors", "tensor entry is a number",
                "{\"a\": 1}", 0, NST_STATUS_MODEL_BAD_JSON, "not described by a JSON object");
  t_expect_raw (ctx, "dtype-number.safetensors", "dtype is a number",
                "{\"a\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
                NST_STATUS_MODEL_BAD_JSON, "\"dtype\" of tensor \"a\" is not a string");
  t_expect_raw (ctx, "shape-string.safetensors", "shape is not an array",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", 4,
                NST_STATUS_MODEL_BAD_JSON, "not an array");
  t_expect_raw (ctx, "shape-negative.safetensors", "negative dimension",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4,
                NST_STATUS_MODEL_BAD_JSON, "non-negative integer");
  t_expect_raw (ctx, "shape-fraction.safetensors", "fractional dimension",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4,
                NST_STATUS_MODEL_BAD_JSON, "non-negative integer");
  t_expect_raw (ctx, "offsets-three.safetensors", "data_offsets with three numbers",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4,
                NST_STATUS_MODEL_BAD_JSON, "[BEGIN, END]");
  t_expect_raw (ctx, "offsets-huge.safetensors", "data_offsets past 2^53",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                "\"data_offsets\":[0,18446744073709551616]}}", 4,
                NST_STATUS_MODEL_BAD_JSON, "[BEGIN, END]");
  t_expect_raw (ctx, "offsets-reversed.safetensors", "data_offsets BEGIN > END",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4,
                NST_STATUS_MODEL_BAD_JSON, "ends before it begins");
  t_expect_raw (ctx, "no-shape.safetensors", "tensor without \"shape\"",
                "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4,
                NST_STATUS_MODEL_BAD_JSON, "has no \"shape\"");
  t_expect_raw (ctx, "dtype-twice.safetensors", "tensor with \"dtype\" twice",
                "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],"
                "\"data_offsets\":[0,4]}}", 4, NST_STATUS_MODEL_BAD_JSON, "twice");
  t_expect_raw (ctx, "metadata-array.safetensors", "__metadata__ is not an object",
                "{\"__metadata__\":[\"pt\"]}", 0, NST_STATUS_MODEL_BAD_JSON,
                "\"__metadata__\" is not a JSON object");
  t_expect_raw (ctx, "metadata-number.safetensors", "__metadata__ value is a number",
                "{\"__metadata__\":{\"format\":1}}", 0, NST_STATUS_MODEL_BAD_JSON,
                "metadata value \"format\" is not a string");

  /* Names. */
  t_expect_raw (ctx, "metadata-twice.safetensors", "__metadata__ twice",
                "{\"__metadata__\":{},\"__metadata__\":{}}", 0,
                NST_STATUS_MODEL_DUPLICATE_TENSOR, "\"__metadata__\" twice");
  f = t_tiny ();
  if (f != NULL)
    st_file_add_random_f32 (f, "features.0.bias", 1, (const uint64_t[]) { 4 },
                            &(uint64_t) { 1 });
  t_expect_file (ctx, f, "duplicate.safetensors", "duplicate tensor features.0.bias",
                 NST_STATUS_MODEL_DUPLICATE_TENSOR, "\"features.0.bias\" twice");
  f = t_tiny ();
  if (f != NULL)
    st_file_remove (f, "features.28.bias");
  t_expect_file (ctx, f, "missing.safetensors", "missing tensor features.28.bias",
                 NST_STATUS_MODEL_MISSING_TENSOR, "\"features.28.bias\"");
  t_expect_raw (ctx, "no-tensors.safetensors", "no tensors at all", "{}", 0,
                NST_STATUS_MODEL_MISSING_TENSOR, "\"features.0.weight\"");

  /* Dtypes and sizes. */
  f = t_tiny ();
  if (f != NULL)
    st_file_add (f, "mystery", "Q7", 1, (const uint64_t[]) { 2 }, NULL, 2);
  t_expect_file (ctx, f, "unknown-dtype.safetensors", "unknown dtype Q7 on an extra tensor",
                 NST_STATUS_MODEL_BAD_DTYPE, "\"Q7\"");
  f = t_tiny ();
  if (f != NULL && (t = st_file_find (f, "features.0.weight")) != NULL)
    {
      strcpy (t->dtype, "F16");
      t->n_bytes /= 2;
    }
  t_expect_file (ctx, f, "f16.safetensors", "F16 for features.0.weight",
                 NST_STATUS_MODEL_BAD_DTYPE, "\"features.0.weight\" is F16");
  f = t_tiny ();
  if (f != NULL && (t = st_file_find (f, "features.5.bias")) != NULL)
    t->n_bytes += 4;
  t_expect_file (ctx, f, "size-shape.safetensors", "END-BEGIN != shape x dtype size",
                 NST_STATUS_MODEL_BAD_OFFSETS, "needs 32 bytes");
  t_expect_raw (ctx, "overflow.safetensors", "shape product overflows 64 bits",
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,2],"
                "\"data_offsets\":[0,0]}}", 0, NST_STATUS_MODEL_BAD_OFFSETS, "more elements than 64 bits");
  t_expect_raw (ctx, "f4-odd.safetensors", "3 F4 elements are not whole bytes",
                "{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2,
                NST_STATUS_MODEL_BAD_OFFSETS, "whole number of bytes");

  /* Offsets and the file's end. */
  f = t_tiny ();
  if (f != NULL && f->n_tensors > 0)
    {
      st_file_layout (f);
      t = f->tensors[f->n_tensors - 1];
      t->begin += 4;
      t->end += 4;
      f->trailing_bytes = 4;
    }
  t_expect_file (ctx, f, "hole.safetensors", "a hole in the offsets",
                 NST_STATUS_MODEL_BAD_OFFSETS, "hole");
  f = t_tiny ();
  if (f != NULL)
    {
      int i;

      st_file_layout (f);
      for (i = 0; i < f->n_tensors; i++)
        {
          f->tensors[i]->begin += 8;
          f->tensors[i]->end += 8;
        }
      f->trailing_bytes = 8;
    }
  t_expect_file (ctx, f, "not-from-0.safetensors", "data not starting at offset 0",
                 NST_STATUS_MODEL_BAD_OFFSETS, "[0, 8)");
  f = t_tiny ();
  if (f != NULL && f->n_tensors > 3)
    {
      st_file_layout (f);
      f->tensors[3]->begin -= 4;
      f->tensors[3]->end -= 4;
    }
  t_expect_file (ctx, f, "overlap.safetensors", "overlapping offsets",
                 NST_STATUS_MODEL_BAD_OFFSETS, "overlap");
  f = t_tiny ();
  if (f != NULL)
    f->trailing_bytes = 16;
  t_expect_file (ctx, f, "trailing.safetensors", "16 trailing bytes",
                 NST_STATUS_MODEL_TRAILING_BYTES, "16 bytes after its last tensor");
  f = t_tiny ();
  if (f != NULL)
    f->cut_bytes = 4;
  t_expect_file (ctx, f, "truncated.safetensors", "data cut short by 4 bytes",
                 NST_STATUS_MODEL_TRUNCATED, "4 bytes missing");

  /* Shapes. */
  f = t_tiny ();
  if (f != NULL)
    {
      st_file_remove (f, "features.0.weight");
      st_file_add_random_f32 (f, "features.0.weight", 4, (const uint64_t[]) { 4, 3, 5, 5 },
                              &(uint64_t) { 2 });
    }
  t_expect_file (ctx, f, "taps5.safetensors", "5x5 taps in features.0.weight",
                 NST_STATUS_MODEL_BAD_SHAPE, "[4, 3, 5, 5]");
  f = t_tiny ();
  if (f != NULL)
    {
      st_file_remove (f, "features.7.weight");
      st_file_add_random_f32 (f, "features.7.weight", 3, (const uint64_t[]) { 8, 8, 9 },
                              &(uint64_t) { 3 });
    }
  t_expect_file (ctx, f, "3d.safetensors", "3-D features.7.weight",
                 NST_STATUS_MODEL_BAD_SHAPE, "[8, 8, 9]");
  f = t_tiny ();
  if (f != NULL)
    {
      st_file_remove (f, "features.2.bias");
      st_file_add_random_f32 (f, "features.2.bias", 1, (const uint64_t[]) { 5 },
                              &(uint64_t) { 4 });
    }
  t_expect_file (ctx, f, "bias.safetensors", "features.2.bias of 5 for 4 outputs",
                 NST_STATUS_MODEL_BAD_SHAPE, "bias needs [4]");
  f = t_tiny ();
  if (f != NULL)
    {
      st_file_remove (f, "features.0.weight");
      st_file_add_random_f32 (f, "features.0.weight", 4, (const uint64_t[]) { 4, 4, 3, 3 },
                              &(uint64_t) { 5 });
    }
  t_expect_file (ctx, f, "rgba.safetensors", "conv1_1 takes 4 channels, not RGB",
                 NST_STATUS_MODEL_BAD_SHAPE, "the RGB image gives 3");
  f = t_tiny ();
  if (f != NULL)
    {
      st_file_remove (f, "features.21.weight");
      st_file_add_random_f32 (f, "features.21.weight", 4, (const uint64_t[]) { 32, 16, 3, 3 },
                              &(uint64_t) { 6 });
    }
  t_expect_file (ctx, f, "chain.safetensors", "chain mismatch at conv4_2 (16 in, 32 out before)",
                 NST_STATUS_MODEL_BAD_SHAPE, "conv4_1 gives 32");

  /* Values. */
  f = t_tiny ();
  if (f != NULL && (t = st_file_find (f, "features.10.weight")) != NULL)
    t_set_f32 (t, 1 * 8 * 9 + 2 * 9 + 1 * 3 + 2, NAN);
  t_expect_file (ctx, f, "nan.safetensors", "NaN in features.10.weight",
                 NST_STATUS_MODEL_BAD_VALUES, "NaN at [1][2][1][2]");
  f = t_tiny ();
  if (f != NULL && (t = st_file_find (f, "features.28.bias")) != NULL)
    t_set_f32 (t, 31, -INFINITY);
  t_expect_file (ctx, f, "inf.safetensors", "infinity in features.28.bias",
                 NST_STATUS_MODEL_BAD_VALUES, "an infinity at [31]");
}

static void
t_remove_dir (const char *dir)
{
  DIR           *d = opendir (dir);
  struct dirent *entry;
  char           path[1024];

  if (d == NULL)
    return;
  while ((entry = readdir (d)) != NULL)
    {
      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      snprintf (path, sizeof path, "%s/%s", dir, entry->d_name);
      if (unlink (path) != 0)
        perror (path);
    }
  closedir (d);
  if (rmdir (dir) != 0)
    perror (dir);
}

/* With a directory argument the files are written there and kept: the
 * loader's fuzzer (tests/fuzz) takes them as its seed corpus. */
int
main (int    argc,
      char **argv)
{
  t_ctx       ctx;
  const char *tmp = getenv ("TMPDIR");

  memset (&ctx, 0, sizeof ctx);
  if (argc > 1)
    {
      snprintf (ctx.dir, sizeof ctx.dir, "%s", argv[1]);
    }
  else
    {
      snprintf (ctx.dir, sizeof ctx.dir, "%s/nst-st-XXXXXX",
                tmp != NULL && strlen (tmp) < 400 ? tmp : "/tmp");
      if (mkdtemp (ctx.dir) == NULL)
        {
          perror ("mkdtemp");
          return 1;
        }
    }

  t_good_files (&ctx);
  t_writer_is_deterministic ();
  t_bad_files (&ctx);

  if (argc <= 1)
    t_remove_dir (ctx.dir);
  return check_finish ("safetensors");
}
