/* st-writer.h - write safetensors files for tests, good ones and bad ones.
 *
 * Tests make their own model files (no download on these machines).  The
 * simple case is one call:
 *
 *   st_write_vgg ("tiny.safetensors", st_vgg_widths_tiny, 42);
 *
 * writes the 13 convs of a VGG-19 up to conv5_1 (torchvision names
 * features.N.weight [out, in, 3, 3] and features.N.bias [out], F32) with
 * deterministic He-scaled uniform weights from the seed.  To make a bad
 * file, build an st_file, change it (every field is public and is written
 * as it stands) and write it:
 *
 *   st_file   *f = st_file_new ();
 *   st_tensor *t;
 *
 *   st_file_add_vgg (f, st_vgg_widths_tiny, 42);
 *   t = st_file_find (f, "features.0.weight");
 *   strcpy (t->dtype, "F16");           // header says F16 ...
 *   t->n_bytes /= 2;                    // ... and the size agrees
 *   st_file_write (f, path);
 *   st_file_free (f);
 *
 * st_write_raw() writes any header text and data bytes, with any value
 * in the length field, for what the structured writer cannot express.
 * Functions returning int give 0 on success and -1 on failure (after a
 * line on stderr); pointers are NULL on failure.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef ST_WRITER_H
#define ST_WRITER_H

#include <stddef.h>
#include <stdint.h>

#define ST_VGG_N_CONVS 13
#define ST_MAX_DIMS    8

/* Channel widths (c_out) of conv1_1 .. conv5_1. */
extern const int st_vgg_widths_tiny[ST_VGG_N_CONVS];   /* 4, 4, 8, 8, 16 x 4, 32 x 5 */
extern const int st_vgg_widths_full[ST_VGG_N_CONVS];   /* torchvision's: 64 .. 512 */

typedef struct
{
  char           name[128];
  char           dtype[16];          /* written as is: "F32", "F16", "Q7", ... */
  int            n_dims;
  uint64_t       shape[ST_MAX_DIMS];
  unsigned char *data;               /* owned; little-endian element bytes */
  size_t         n_bytes;            /* bytes written; may disagree with the shape, and
                                      * past n_allocated they are zeros */
  size_t         n_allocated;        /* bytes held at data */
  uint64_t       begin;              /* data_offsets written to the header, when */
  uint64_t       end;                /* the file's keep_offsets is set */
} st_tensor;

typedef struct
{
  st_tensor **tensors;         /* in header and data order */
  int         n_tensors;
  int         capacity;
  char      **metadata;        /* key, value, key, value, ... */
  int         n_metadata;
  /* Corruption hooks; all zero writes a valid file. */
  int         keep_offsets;    /* use tensors' begin/end instead of laying them out */
  uint64_t    header_len;      /* non-zero: this in the length field, not the true length */
  size_t      extra_spaces;    /* spaces after the 8-byte alignment padding (unaligned data) */
  size_t      trailing_bytes;  /* zero bytes after the last tensor's data */
  size_t      cut_bytes;       /* bytes dropped from the end of the file */
} st_file;

st_file   *st_file_new  (void);
void       st_file_free (st_file *file);

/* Append a tensor.  data (n_bytes of it) is copied; NULL gives zeros.
 * The returned pointer stays valid until the tensor is removed. */
st_tensor *st_file_add  (st_file *file, const char *name, const char *dtype,
                         int n_dims, const uint64_t *shape,
                         const void *data, size_t n_bytes);
/* Append an F32 tensor of the shape's size, He-scaled uniform values
 * drawn from *state (fan_in = product of shape[1..]; 1-D: small biases). */
st_tensor *st_file_add_random_f32 (st_file *file, const char *name,
                                   int n_dims, const uint64_t *shape,
                                   uint64_t *state);
/* First tensor of that name, or NULL. */
st_tensor *st_file_find   (st_file *file, const char *name);
/* Remove the first tensor of that name; -1 when there is none. */
int        st_file_remove (st_file *file, const char *name);
int        st_file_set_metadata (st_file *file, const char *key, const char *value);

/* Append the 26 conv tensors of conv1_1 .. conv5_1 for these widths,
 * conv by conv, weight before bias, values from the seed. */
int        st_file_add_vgg (st_file *file, const int widths[ST_VGG_N_CONVS], uint64_t seed);

/* Give each tensor contiguous data_offsets in order (begin of the first
 * is 0, end = begin + n_bytes) and set keep_offsets, so that a test can
 * then move one. */
void       st_file_layout (st_file *file);

/* Write the file: length field, JSON header (metadata first, then the
 * tensors in order, padded with spaces so that the data starts 8-byte
 * aligned), then every tensor's data in order whatever the offsets say,
 * then trailing_bytes zeros, less cut_bytes at the end. */
int        st_file_write (st_file *file, const char *path);

/* st_file_add_vgg + st_file_write. */
int        st_write_vgg (const char *path, const int widths[ST_VGG_N_CONVS], uint64_t seed);

/* Write header_len as the 8-byte little-endian length, then header_bytes
 * bytes of header, then data_bytes bytes of data (data may be NULL when
 * data_bytes is 0). */
int        st_write_raw (const char *path, uint64_t header_len,
                         const void *header, size_t header_bytes,
                         const void *data, size_t data_bytes);

/* The generator behind the weights (splitmix64), for tests that want more
 * numbers of the same kind: uniform in [-1, 1). */
float      st_random_uniform (uint64_t *state);

#endif /* ST_WRITER_H */
