/* safetensors.h - a reader for safetensors files, whatever network they
 * hold.  Private to the core (model-safetensors.c maps VGG-19 onto it);
 * not installed; not part of the API.
 *
 * Usage:
 *
 *   nst_safetensors              *st;
 *   const nst_safetensors_tensor *t;
 *   float                        *w;
 *
 *   if (nst_safetensors_open (path, &st, err) != NST_STATUS_OK)
 *     return err->status;
 *   t = nst_safetensors_find (st, "features.0.weight");
 *   if (t != NULL && strcmp (nst_safetensors_tensor_get_dtype (t), "F32") == 0)
 *     nst_safetensors_read_f32 (st, t, &w, err);
 *   nst_safetensors_close (st);
 *
 * cJSON, which parses the header, keeps a global error pointer: open files
 * in one thread at a time.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#ifndef NST_SAFETENSORS_H
#define NST_SAFETENSORS_H

#include "nst-private.h"

#include <stddef.h>
#include <stdint.h>

/* An open safetensors file with its validated header. */
typedef struct nst_safetensors        nst_safetensors;
/* One tensor described in the header; belongs to its nst_safetensors. */
typedef struct nst_safetensors_tensor nst_safetensors_tensor;

/* Open the safetensors file at `path` (as fopen takes it) and validate its
 * whole header the way the reference parser does: header length, UTF-8
 * JSON, field types, duplicate names, dtype sizes, and tensors tiling the
 * data section exactly.  No tensor data is read.  On success *st belongs to
 * the caller, who closes it with nst_safetensors_close(); it keeps its own
 * copy of `path`.  On failure *st is NULL and the returned status, also in
 * err, is NST_STATUS_IO, NST_STATUS_OUT_OF_MEMORY,
 * NST_STATUS_INVALID_ARGUMENT or an NST_STATUS_MODEL_* code, with a message
 * naming the file.  err is left alone on success. */
nst_status nst_safetensors_open  (const char *path, nst_safetensors **st, nst_error *err);

/* Close the file and free everything it holds, tensors included
 * (NULL-safe). */
void       nst_safetensors_close (nst_safetensors *st);

/* The tensor called `name`, or NULL when the header has none: whether that
 * is an error is the caller's to say.  Valid until the file is closed. */
const nst_safetensors_tensor *
           nst_safetensors_find  (const nst_safetensors *st, const char *name);

/* Read an F32 tensor from the file into a new array of its elements,
 * decoded from little-endian; the caller frees it with free().  On failure
 * *values is NULL and the status, also in err, is NST_STATUS_IO,
 * NST_STATUS_OUT_OF_MEMORY, NST_STATUS_MODEL_TRUNCATED (the file shrank
 * since it was opened) or NST_STATUS_MODEL_BAD_DTYPE (not F32). */
nst_status nst_safetensors_read_f32 (nst_safetensors              *st,
                                     const nst_safetensors_tensor *tensor,
                                     float                       **values,
                                     nst_error                    *err);

/* The tensor's name and dtype ("F32", "BF16", ...: always one of the
 * specification's); the strings belong to the file. */
const char *nst_safetensors_tensor_get_name  (const nst_safetensors_tensor *tensor);
const char *nst_safetensors_tensor_get_dtype (const nst_safetensors_tensor *tensor);

/* Return the number of dimensions and fill dims[0..max_dims) with the
 * first ones, 0 past the last. */
int        nst_safetensors_tensor_get_shape (const nst_safetensors_tensor *tensor,
                                             uint64_t                     *dims,
                                             int                           max_dims);

/* Write the shape as "[64, 3, 3, 3]" into buffer, cut short with "...]"
 * when it does not fit; size must be at least 40. */
void       nst_safetensors_tensor_format_shape (const nst_safetensors_tensor *tensor,
                                                char                         *buffer,
                                                size_t                        size);

#endif /* NST_SAFETENSORS_H */
