/* st-writer.c - write safetensors files for tests (see st-writer.h).
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "st-writer.h"

#include "nst-private.h"   /* nst_vgg_torch_index: one table of the layout */

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int st_vgg_widths_tiny[ST_VGG_N_CONVS] =
  { 4, 4, 8, 8, 16, 16, 16, 16, 32, 32, 32, 32, 32 };

const int st_vgg_widths_full[ST_VGG_N_CONVS] =
  { 64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512 };

/* A growable string for the header. */
typedef struct
{
  char   *text;
  size_t  length;
  size_t  capacity;
  int     failed;
} st_text;

static void
st_text_append (st_text    *t,
                const char *fmt,
                ...) __attribute__ ((format (printf, 2, 3)));

static void
st_text_append (st_text    *t,
                const char *fmt,
                ...)
{
  va_list ap;
  int     n;

  if (t->failed)
    return;
  va_start (ap, fmt);
  n = vsnprintf (NULL, 0, fmt, ap);
  va_end (ap);
  if (n < 0)
    {
      t->failed = 1;
      return;
    }
  if (t->length + (size_t) n + 1 > t->capacity)
    {
      size_t capacity = (t->length + (size_t) n + 1) * 2;
      char  *text = realloc (t->text, capacity);

      if (text == NULL)
        {
          t->failed = 1;
          return;
        }
      t->text = text;
      t->capacity = capacity;
    }
  va_start (ap, fmt);
  vsnprintf (t->text + t->length, t->capacity - t->length, fmt, ap);
  va_end (ap);
  t->length += (size_t) n;
}

/* A JSON string literal: quotes, backslashes and control bytes escaped,
 * other bytes as they are (a test may want invalid UTF-8). */
static void
st_text_append_string (st_text    *t,
                       const char *s)
{
  st_text_append (t, "\"");
  for (; *s != '\0'; s++)
    {
      unsigned char c = (unsigned char) *s;

      if (c == '"' || c == '\\')
        st_text_append (t, "\\%c", c);
      else if (c < 0x20)
        st_text_append (t, "\\u%04x", c);
      else
        st_text_append (t, "%c", c);
    }
  st_text_append (t, "\"");
}

static char *
st_strdup (const char *s)
{
  size_t n = strlen (s) + 1;
  char  *copy = malloc (n);

  if (copy != NULL)
    memcpy (copy, s, n);
  return copy;
}

float
st_random_uniform (uint64_t *state)
{
  /* splitmix64, kept here rather than borrowed from the core so that the
   * files tests write do not change when the core's generator does. */
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  /* 24 random bits: exact in a float, the same on every machine. */
  return (float) (z >> 40) * (1.0f / 8388608.0f) - 1.0f;
}

st_file *
st_file_new (void)
{
  st_file *file = calloc (1, sizeof *file);

  if (file == NULL)
    fprintf (stderr, "st-writer: out of memory\n");
  return file;
}

static void
st_tensor_free (st_tensor *t)
{
  if (t != NULL)
    free (t->data);
  free (t);
}

void
st_file_free (st_file *file)
{
  int i;

  if (file == NULL)
    return;
  for (i = 0; i < file->n_tensors; i++)
    st_tensor_free (file->tensors[i]);
  for (i = 0; i < 2 * file->n_metadata; i++)
    free (file->metadata[i]);
  free (file->tensors);
  free (file->metadata);
  free (file);
}

st_tensor *
st_file_add (st_file        *file,
             const char     *name,
             const char     *dtype,
             int             n_dims,
             const uint64_t *shape,
             const void     *data,
             size_t          n_bytes)
{
  st_tensor *t;

  if (n_dims < 0 || n_dims > ST_MAX_DIMS
      || strlen (name) >= sizeof t->name || strlen (dtype) >= sizeof t->dtype)
    {
      fprintf (stderr, "st-writer: bad tensor \"%s\"\n", name);
      return NULL;
    }
  if (file->n_tensors == file->capacity)
    {
      int         capacity = file->capacity > 0 ? 2 * file->capacity : 32;
      st_tensor **tensors = realloc (file->tensors, (size_t) capacity * sizeof *tensors);

      if (tensors == NULL)
        goto oom;
      file->tensors = tensors;
      file->capacity = capacity;
    }
  t = calloc (1, sizeof *t);
  if (t == NULL)
    goto oom;
  t->data = calloc (n_bytes > 0 ? n_bytes : 1, 1);
  if (t->data == NULL)
    {
      free (t);
      goto oom;
    }
  if (data != NULL && n_bytes > 0)
    memcpy (t->data, data, n_bytes);
  t->n_bytes = n_bytes;
  t->n_allocated = n_bytes;
  strcpy (t->name, name);
  strcpy (t->dtype, dtype);
  t->n_dims = n_dims;
  if (n_dims > 0)
    memcpy (t->shape, shape, (size_t) n_dims * sizeof *shape);
  file->tensors[file->n_tensors++] = t;
  return t;

oom:
  fprintf (stderr, "st-writer: out of memory for \"%s\"\n", name);
  return NULL;
}

st_tensor *
st_file_add_random_f32 (st_file        *file,
                        const char     *name,
                        int             n_dims,
                        const uint64_t *shape,
                        uint64_t       *state)
{
  st_tensor *t;
  uint64_t   count = 1, fan_in = 1;
  float      scale;
  size_t     k;
  int        d;

  for (d = 0; d < n_dims; d++)
    {
      count *= shape[d];
      if (d > 0)
        fan_in *= shape[d];
    }
  /* Uniform in [-a, a) has variance a^2 / 3: a = sqrt (6 / fan_in) is
   * He's 2 / fan_in.  Biases get small values so that a loader that
   * dropped them would be caught. */
  scale = n_dims >= 2 ? sqrtf (6.0f / (float) fan_in) : 0.1f;
  t = st_file_add (file, name, "F32", n_dims, shape, NULL, (size_t) count * 4);
  if (t == NULL)
    return NULL;
  for (k = 0; k < count; k++)
    {
      float    v = scale * st_random_uniform (state);
      uint32_t u;

      memcpy (&u, &v, sizeof u);
      t->data[4 * k + 0] = (unsigned char) u;
      t->data[4 * k + 1] = (unsigned char) (u >> 8);
      t->data[4 * k + 2] = (unsigned char) (u >> 16);
      t->data[4 * k + 3] = (unsigned char) (u >> 24);
    }
  return t;
}

st_tensor *
st_file_find (st_file    *file,
              const char *name)
{
  int i;

  for (i = 0; i < file->n_tensors; i++)
    if (strcmp (file->tensors[i]->name, name) == 0)
      return file->tensors[i];
  return NULL;
}

int
st_file_remove (st_file    *file,
                const char *name)
{
  int i;

  for (i = 0; i < file->n_tensors; i++)
    if (strcmp (file->tensors[i]->name, name) == 0)
      {
        st_tensor_free (file->tensors[i]);
        memmove (file->tensors + i, file->tensors + i + 1,
                 (size_t) (file->n_tensors - i - 1) * sizeof *file->tensors);
        file->n_tensors--;
        return 0;
      }
  fprintf (stderr, "st-writer: no tensor \"%s\" to remove\n", name);
  return -1;
}

int
st_file_set_metadata (st_file    *file,
                      const char *key,
                      const char *value)
{
  char **metadata = realloc (file->metadata,
                             (size_t) (file->n_metadata + 1) * 2 * sizeof *metadata);

  if (metadata == NULL)
    goto oom;
  file->metadata = metadata;
  metadata[2 * file->n_metadata] = st_strdup (key);
  metadata[2 * file->n_metadata + 1] = st_strdup (value);
  file->n_metadata++;
  if (metadata[2 * file->n_metadata - 2] == NULL
      || metadata[2 * file->n_metadata - 1] == NULL)
    goto oom;
  return 0;

oom:
  fprintf (stderr, "st-writer: out of memory for metadata\n");
  return -1;
}

int
st_file_add_vgg (st_file   *file,
                 const int  widths[ST_VGG_N_CONVS],
                 uint64_t   seed)
{
  uint64_t state = seed;
  int      i, c_in = 3;

  for (i = 0; i < ST_VGG_N_CONVS; i++)
    {
      uint64_t w_shape[4], b_shape[1];
      char     name[64];

      if (widths[i] <= 0)
        {
          fprintf (stderr, "st-writer: conv %d has width %d\n", i, widths[i]);
          return -1;
        }
      w_shape[0] = (uint64_t) widths[i];
      w_shape[1] = (uint64_t) c_in;
      w_shape[2] = 3;
      w_shape[3] = 3;
      b_shape[0] = (uint64_t) widths[i];
      snprintf (name, sizeof name, "features.%d.weight", nst_vgg_torch_index[i]);
      if (st_file_add_random_f32 (file, name, 4, w_shape, &state) == NULL)
        return -1;
      snprintf (name, sizeof name, "features.%d.bias", nst_vgg_torch_index[i]);
      if (st_file_add_random_f32 (file, name, 1, b_shape, &state) == NULL)
        return -1;
      c_in = widths[i];
    }
  return 0;
}

void
st_file_layout (st_file *file)
{
  uint64_t offset = 0;
  int      i;

  for (i = 0; i < file->n_tensors; i++)
    {
      file->tensors[i]->begin = offset;
      offset += file->tensors[i]->n_bytes;
      file->tensors[i]->end = offset;
    }
  file->keep_offsets = 1;
}

static void
st_header_build (const st_file *file,
                 st_text       *h)
{
  int i, d;

  st_text_append (h, "{");
  if (file->n_metadata > 0)
    {
      st_text_append (h, "\"__metadata__\":{");
      for (i = 0; i < file->n_metadata; i++)
        {
          st_text_append (h, "%s", i > 0 ? "," : "");
          st_text_append_string (h, file->metadata[2 * i]);
          st_text_append (h, ":");
          st_text_append_string (h, file->metadata[2 * i + 1]);
        }
      st_text_append (h, "}");
    }
  for (i = 0; i < file->n_tensors; i++)
    {
      const st_tensor *t = file->tensors[i];

      st_text_append (h, "%s", i > 0 || file->n_metadata > 0 ? "," : "");
      st_text_append_string (h, t->name);
      st_text_append (h, ":{\"dtype\":");
      st_text_append_string (h, t->dtype);
      st_text_append (h, ",\"shape\":[");
      for (d = 0; d < t->n_dims; d++)
        st_text_append (h, "%s%" PRIu64, d > 0 ? "," : "", t->shape[d]);
      st_text_append (h, "],\"data_offsets\":[%" PRIu64 ",%" PRIu64 "]}",
                      t->begin, t->end);
    }
  st_text_append (h, "}");
  /* The official writer pads so that the data starts 8-byte aligned. */
  while ((8 + h->length) % 8 != 0)
    st_text_append (h, " ");
  st_text_append (h, "%*s", (int) file->extra_spaces, "");
}

int
st_file_write (st_file    *file,
               const char *path)
{
  st_text        header = { NULL, 0, 0, 0 };
  unsigned char *data = NULL;
  size_t         data_bytes = 0, at = 0, cut;
  uint64_t       declared;
  int            i, result = -1;

  if (! file->keep_offsets)
    {
      st_file_layout (file);
      file->keep_offsets = 0;
    }
  st_header_build (file, &header);
  if (header.failed)
    {
      fprintf (stderr, "st-writer: out of memory for the header\n");
      goto out;
    }

  for (i = 0; i < file->n_tensors; i++)
    data_bytes += file->tensors[i]->n_bytes;
  data_bytes += file->trailing_bytes;
  data = calloc (data_bytes > 0 ? data_bytes : 1, 1);
  if (data == NULL)
    {
      fprintf (stderr, "st-writer: out of memory for %zu data bytes\n", data_bytes);
      goto out;
    }
  for (i = 0; i < file->n_tensors; i++)
    {
      const st_tensor *t = file->tensors[i];

      memcpy (data + at, t->data, t->n_bytes < t->n_allocated ? t->n_bytes : t->n_allocated);
      at += t->n_bytes;
    }

  declared = file->header_len != 0 ? file->header_len : header.length;
  /* Cut from the data first, then from the header if asked for more. */
  cut = file->cut_bytes;
  if (cut <= data_bytes)
    {
      data_bytes -= cut;
      cut = 0;
    }
  else
    {
      cut -= data_bytes;
      data_bytes = 0;
      header.length = cut < header.length ? header.length - cut : 0;
    }
  result = st_write_raw (path, declared, header.text, header.length, data, data_bytes);
out:
  free (header.text);
  free (data);
  return result;
}

int
st_write_vgg (const char *path,
              const int   widths[ST_VGG_N_CONVS],
              uint64_t    seed)
{
  st_file *file = st_file_new ();
  int      result = -1;

  if (file != NULL && st_file_add_vgg (file, widths, seed) == 0)
    result = st_file_write (file, path);
  st_file_free (file);
  return result;
}

int
st_write_raw (const char *path,
              uint64_t    header_len,
              const void *header,
              size_t      header_bytes,
              const void *data,
              size_t      data_bytes)
{
  unsigned char length[8];
  FILE         *f;
  int           i, ok;

  for (i = 0; i < 8; i++)
    length[i] = (unsigned char) (header_len >> (8 * i));
  f = fopen (path, "wb");
  if (f == NULL)
    {
      perror (path);
      return -1;
    }
  ok = fwrite (length, 1, 8, f) == 8
       && (header_bytes == 0 || fwrite (header, 1, header_bytes, f) == header_bytes)
       && (data_bytes == 0 || fwrite (data, 1, data_bytes, f) == data_bytes);
  if (fclose (f) != 0)
    ok = 0;
  if (! ok)
    {
      perror (path);
      return -1;
    }
  return 0;
}
