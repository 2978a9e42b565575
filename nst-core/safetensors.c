/* safetensors.c - a safetensors reader, whatever network the file holds.
 *
 * The file is [u64 little-endian header length N][N bytes of UTF-8 JSON]
 * [data] (shared/notes/models.md).  The whole header is validated the way
 * the reference parser does it -- every tensor, not only those a caller
 * will read -- so a damaged download is reported as damaged instead of
 * being half-loaded.  Then only the tensors asked for are read, with
 * fseeko + fread: loading VGG-19 from the 575 MB torchvision file touches
 * about 52 MB of it.
 *
 * Where the format leaves a choice, this reader decides:
 *  - a header length that runs past the end of the file is
 *    NST_STATUS_MODEL_HEADER_TOO_LARGE (the length field is what is wrong);
 *    data that stops short of the last tensor's END is ..._TRUNCATED;
 *  - an unknown dtype, on any tensor, is NST_STATUS_MODEL_BAD_DTYPE: its
 *    element size is unknown, so the offsets could not be checked;
 *  - data_offsets with BEGIN > END are a malformed field, ..._BAD_JSON;
 *    holes, overlaps and END - BEGIN != size are ..._BAD_OFFSETS;
 *  - cJSON hands numbers over as doubles, so shape dimensions and offsets
 *    must be integral values below 2^53 (8 PiB), where doubles are exact.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "safetensors.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The reference parser's limit on the JSON header. */
#define ST_HEADER_MAX   ((uint64_t) 100000000)
/* 2^53: every integer below it is exact in a double. */
#define ST_JSON_INT_MAX 9007199254740992.0
/* The largest offset fseeko can take. */
#define ST_OFF_MAX      ((((uint64_t) 1) << (sizeof (off_t) * CHAR_BIT - 1)) - 1)

typedef struct
{
  const char *name;
  int         bits;   /* per element; the sub-byte types are packed */
} st_dtype;

/* Every dtype of the safetensors specification (0.6). */
static const st_dtype st_dtypes[] =
{
  { "BOOL", 8 }, { "U8", 8 }, { "I8", 8 },
  { "F8_E5M2", 8 }, { "F8_E4M3", 8 }, { "F8_E8M0", 8 },
  { "F8_E4M3FNUZ", 8 }, { "F8_E5M2FNUZ", 8 },
  { "F4", 4 }, { "F6_E2M3", 6 }, { "F6_E3M2", 6 },
  { "I16", 16 }, { "U16", 16 }, { "F16", 16 }, { "BF16", 16 },
  { "I32", 32 }, { "U32", 32 }, { "F32", 32 },
  { "I64", 64 }, { "U64", 64 }, { "F64", 64 }, { "C64", 64 },
};

/* One tensor of the header; the strings belong to the cJSON tree. */
struct nst_safetensors_tensor
{
  const char  *name;
  const char  *dtype;
  int          dtype_bits;   /* 0 when the dtype is unknown */
  const cJSON *shape;        /* array of validated integers */
  int          n_dims;
  uint64_t     begin;        /* data_offsets, relative to the data section */
  uint64_t     end;
};

struct nst_safetensors
{
  FILE                   *file;
  uint64_t                file_size;
  uint64_t                header_len;   /* N */
  char                   *header;       /* N bytes + NUL */
  cJSON                  *root;
  nst_safetensors_tensor *entries;      /* by name after st_check_duplicates() */
  size_t                  n_entries;
  char                    path[];       /* the caller's, copied */
};

static nst_status
st_open_file (nst_safetensors *st,
              nst_error       *err)
{
  struct stat info;

  st->file = fopen (st->path, "rb");
  if (st->file == NULL)
    return nst_error_set (err, NST_STATUS_IO,
                          "Cannot open the model file '%s': %s.",
                          st->path, strerror (errno));
  if (fstat (fileno (st->file), &info) != 0)
    return nst_error_set (err, NST_STATUS_IO,
                          "Cannot find the size of the model file '%s': %s.",
                          st->path, strerror (errno));
  if (S_ISDIR (info.st_mode))
    return nst_error_set (err, NST_STATUS_IO,
                          "'%s' is a directory, not a model file.", st->path);
  if (! S_ISREG (info.st_mode) || info.st_size < 0)
    return nst_error_set (err, NST_STATUS_IO,
                          "'%s' is not a regular file; a model must be a "
                          "safetensors file.", st->path);
  st->file_size = (uint64_t) info.st_size;
  return NST_STATUS_OK;
}

/* Read exactly n bytes at absolute file offset `offset`; `what` names
 * them in the error message. */
static nst_status
st_read_at (nst_safetensors *st,
            uint64_t         offset,
            void            *buffer,
            size_t           n,
            const char      *what,
            nst_error       *err)
{
  if (offset > ST_OFF_MAX
      || fseeko (st->file, (off_t) offset, SEEK_SET) != 0)
    return nst_error_set (err, NST_STATUS_IO,
                          "Cannot seek to byte %" PRIu64 " of '%s' to read %s.",
                          offset, st->path, what);
  if (fread (buffer, 1, n, st->file) != n)
    {
      if (ferror (st->file))
        return nst_error_set (err, NST_STATUS_IO,
                              "Reading %s at byte %" PRIu64 " of '%s' failed: %s.",
                              what, offset, st->path, strerror (errno));
      return nst_error_set (err, NST_STATUS_MODEL_TRUNCATED,
                            "'%s' ended while reading %s at byte %" PRIu64
                            "; was the file changed while it was loading?",
                            st->path, what, offset);
    }
  return NST_STATUS_OK;
}

static nst_status
st_read_header (nst_safetensors *st,
                nst_error       *err)
{
  unsigned char length[8];
  nst_status    status;
  int           i;

  if (st->file_size == 0)
    return nst_error_set (err, NST_STATUS_MODEL_TRUNCATED,
                          "The model file '%s' is empty.", st->path);
  if (st->file_size < 8)
    return nst_error_set (err, NST_STATUS_MODEL_TRUNCATED,
                          "The model file '%s' is only %" PRIu64 " bytes long; a "
                          "safetensors file starts with an 8-byte header length.",
                          st->path, st->file_size);

  status = st_read_at (st, 0, length, sizeof length, "the header length", err);
  if (status != NST_STATUS_OK)
    return status;
  st->header_len = 0;
  for (i = 7; i >= 0; i--)
    st->header_len = (st->header_len << 8) | length[i];

  if (st->header_len > ST_HEADER_MAX)
    return nst_error_set (err, NST_STATUS_MODEL_HEADER_TOO_LARGE,
                          "'%s' declares a JSON header of %" PRIu64 " bytes, over the "
                          "limit of %" PRIu64 " bytes: it is damaged or not a "
                          "safetensors file.",
                          st->path, st->header_len, ST_HEADER_MAX);
  if (st->header_len > st->file_size - 8)
    return nst_error_set (err, NST_STATUS_MODEL_HEADER_TOO_LARGE,
                          "'%s' declares a JSON header of %" PRIu64 " bytes, which "
                          "runs past the end of the file (%" PRIu64 " bytes): it is "
                          "truncated or not a safetensors file.",
                          st->path, st->header_len, st->file_size);
  if (st->header_len < 2)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "'%s' declares a JSON header of %" PRIu64 " bytes, too "
                          "short for a JSON object.", st->path, st->header_len);

  /* header_len <= 1e8, so it fits size_t and + 1 cannot overflow. */
  st->header = malloc ((size_t) st->header_len + 1);
  if (st->header == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "No memory for the %" PRIu64 "-byte header of '%s'.",
                          st->header_len, st->path);
  status = st_read_at (st, 8, st->header, (size_t) st->header_len,
                       "the JSON header", err);
  if (status != NST_STATUS_OK)
    return status;
  st->header[st->header_len] = '\0';
  return NST_STATUS_OK;
}

/* Index of the first byte of s[0..n) that is not well-formed UTF-8
 * (overlong forms, surrogates and code points past U+10FFFF included),
 * or n when all of it is. */
static size_t
st_utf8_invalid_at (const unsigned char *s,
                    size_t               n)
{
  size_t i = 0;

  while (i < n)
    {
      unsigned c = s[i];
      size_t   len, k;
      uint32_t cp, min;

      if (c < 0x80)
        {
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        len = 2;
      else if (c >= 0xe0 && c <= 0xef)
        len = 3;
      else if (c >= 0xf0 && c <= 0xf4)
        len = 4;
      else
        return i;
      cp = c & (0x7fu >> len);
      min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
      if (len > n - i)
        return i;
      for (k = 1; k < len; k++)
        {
          if ((s[i + k] & 0xc0) != 0x80)
            return i;
          cp = (cp << 6) | (s[i + k] & 0x3f);
        }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return i;
      i += len;
    }
  return n;
}

/* What cJSON would let through but must not be: text that is not UTF-8,
 * control bytes (a NUL would silently end a C string), and "\u0000"
 * escapes, which cJSON decodes into a NUL that cuts a tensor's name short
 * and could make "a\u0000b" alias "a". */
static nst_status
st_check_header_text (const nst_safetensors *st,
                      nst_error             *err)
{
  const unsigned char *s = (const unsigned char *) st->header;
  size_t               n = (size_t) st->header_len;
  size_t               i;

  if (s[0] != '{')
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "The JSON header of '%s' does not start with '{' "
                          "(its first byte is 0x%02x).", st->path, s[0]);
  i = st_utf8_invalid_at (s, n);
  if (i < n)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "The JSON header of '%s' is not valid UTF-8 at header "
                          "byte %zu (file byte %zu).", st->path, i, i + 8);
  for (i = 0; i < n; i++)
    {
      if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
        return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                              "The JSON header of '%s' holds the control byte "
                              "0x%02x at header byte %zu.", st->path, s[i], i);
      if (s[i] == '\\' && i + 1 < n)
        {
          if (s[i + 1] == 'u' && n - i >= 6 && memcmp (s + i + 2, "0000", 4) == 0)
            return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                                  "The JSON header of '%s' holds a \\u0000 escape "
                                  "at header byte %zu.", st->path, i);
          i++;   /* the escaped character cannot start another escape */
        }
    }
  return NST_STATUS_OK;
}

/* A JSON number that is a non-negative integer exact in a double. */
static int
st_json_uint (const cJSON *item,
              uint64_t    *value)
{
  double d;

  if (! cJSON_IsNumber (item))
    return 0;
  d = item->valuedouble;
  if (! (d >= 0.0 && d < ST_JSON_INT_MAX) || d != floor (d))
    return 0;
  *value = (uint64_t) d;
  return 1;
}

/* A dimension that st_parse_entry() has already validated. */
static uint64_t
st_dim (const cJSON *dim)
{
  return (uint64_t) dim->valuedouble;
}

static nst_status
st_check_metadata (const nst_safetensors *st,
                   const cJSON           *metadata,
                   nst_error             *err)
{
  const cJSON *field;

  if (! cJSON_IsObject (metadata))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', \"__metadata__\" is not a JSON object.", st->path);
  cJSON_ArrayForEach (field, metadata)
    if (! cJSON_IsString (field))
      return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                            "In '%s', the metadata value \"%s\" is not a string.",
                            st->path, field->string);
  return NST_STATUS_OK;
}

/* Pick the "dtype", "shape" and "data_offsets" fields of one tensor's
 * object, each exactly once. */
static nst_status
st_entry_fields (const nst_safetensors *st,
                 const cJSON           *item,
                 const cJSON          **dtype,
                 const cJSON          **shape,
                 const cJSON          **offsets,
                 nst_error             *err)
{
  static const char *names[3] = { "dtype", "shape", "data_offsets" };
  const cJSON      **slots[3];
  const cJSON       *field;
  int                k;

  slots[0] = dtype;
  slots[1] = shape;
  slots[2] = offsets;
  for (k = 0; k < 3; k++)
    *slots[k] = NULL;

  cJSON_ArrayForEach (field, item)
    for (k = 0; k < 3; k++)
      if (strcmp (field->string, names[k]) == 0)
        {
          if (*slots[k] != NULL)
            return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                                  "In '%s', tensor \"%s\" gives \"%s\" twice.",
                                  st->path, item->string, names[k]);
          *slots[k] = field;
        }

  for (k = 0; k < 3; k++)
    if (*slots[k] == NULL)
      return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                            "In '%s', tensor \"%s\" has no \"%s\".",
                            st->path, item->string, names[k]);
  return NST_STATUS_OK;
}

static int
st_dtype_bits (const char *name)
{
  size_t k;

  for (k = 0; k < sizeof st_dtypes / sizeof st_dtypes[0]; k++)
    if (strcmp (name, st_dtypes[k].name) == 0)
      return st_dtypes[k].bits;
  return 0;
}

static nst_status
st_parse_entry (const nst_safetensors  *st,
                const cJSON            *item,
                nst_safetensors_tensor *e,
                nst_error              *err)
{
  const cJSON *dtype, *shape, *offsets, *dim;
  nst_status   status;
  uint64_t     value;
  int          k = 0;

  e->name = item->string;
  if (! cJSON_IsObject (item))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', tensor \"%s\" is not described by a JSON object.",
                          st->path, e->name);
  status = st_entry_fields (st, item, &dtype, &shape, &offsets, err);
  if (status != NST_STATUS_OK)
    return status;

  if (! cJSON_IsString (dtype))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', the \"dtype\" of tensor \"%s\" is not a string.",
                          st->path, e->name);
  e->dtype = dtype->valuestring;
  e->dtype_bits = st_dtype_bits (e->dtype);

  if (! cJSON_IsArray (shape))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', the \"shape\" of tensor \"%s\" is not an array.",
                          st->path, e->name);
  cJSON_ArrayForEach (dim, shape)
    {
      if (! st_json_uint (dim, &value))
        return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                              "In '%s', dimension %d of the shape of tensor \"%s\" "
                              "is not a non-negative integer.", st->path, k, e->name);
      k++;
    }
  e->shape = shape;
  e->n_dims = k;

  if (! cJSON_IsArray (offsets) || cJSON_GetArraySize (offsets) != 2
      || ! st_json_uint (offsets->child, &e->begin)
      || ! st_json_uint (offsets->child->next, &e->end))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', the \"data_offsets\" of tensor \"%s\" are not "
                          "two non-negative integers [BEGIN, END].", st->path, e->name);
  if (e->begin > e->end)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', tensor \"%s\" has data_offsets [%" PRIu64 ", %"
                          PRIu64 "]: it ends before it begins.",
                          st->path, e->name, e->begin, e->end);
  return NST_STATUS_OK;
}

/* Parse the header into st->entries, checking each field's type. */
static nst_status
st_parse_header (nst_safetensors *st,
                 nst_error       *err)
{
  const char  *parse_end = NULL;
  const cJSON *item;
  nst_status   status;
  size_t       i, n_items = 0;
  int          n_metadata = 0;

  st->root = cJSON_ParseWithLengthOpts (st->header, (size_t) st->header_len,
                                        &parse_end, 0);
  if (st->root == NULL)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "The header of '%s' is not valid JSON (the error is near "
                          "header byte %zu).", st->path,
                          parse_end != NULL ? (size_t) (parse_end - st->header) : 0);
  /* The official writer pads the header with spaces; anything else after
   * the object is a second value. */
  i = parse_end != NULL ? (size_t) (parse_end - st->header) : (size_t) st->header_len;
  for (; i < st->header_len; i++)
    if (strchr (" \t\r\n", st->header[i]) == NULL)
      return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                            "The header of '%s' has text after its JSON object, at "
                            "header byte %zu.", st->path, i);
  if (! cJSON_IsObject (st->root))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "The header of '%s' is not a JSON object.", st->path);

  cJSON_ArrayForEach (item, st->root)
    n_items++;
  st->entries = calloc (n_items > 0 ? n_items : 1, sizeof *st->entries);
  if (st->entries == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "No memory for the %zu tensors of '%s'.", n_items, st->path);

  cJSON_ArrayForEach (item, st->root)
    {
      if (strcmp (item->string, "__metadata__") == 0)
        {
          if (++n_metadata > 1)
            return nst_error_set (err, NST_STATUS_MODEL_DUPLICATE_TENSOR,
                                  "The header of '%s' has \"__metadata__\" twice.",
                                  st->path);
          status = st_check_metadata (st, item, err);
        }
      else
        status = st_parse_entry (st, item, &st->entries[st->n_entries++], err);
      if (status != NST_STATUS_OK)
        return status;
    }
  return NST_STATUS_OK;
}

static int
st_compare_names (const void *a,
                  const void *b)
{
  return strcmp (((const nst_safetensors_tensor *) a)->name,
                 ((const nst_safetensors_tensor *) b)->name);
}

/* cJSON keeps every copy of a repeated key; sorting by name puts copies
 * next to each other, and leaves the array ready for st_find(). */
static nst_status
st_check_duplicates (nst_safetensors *st,
                     nst_error       *err)
{
  size_t i;

  if (st->n_entries > 1)
    qsort (st->entries, st->n_entries, sizeof *st->entries, st_compare_names);
  for (i = 1; i < st->n_entries; i++)
    if (strcmp (st->entries[i - 1].name, st->entries[i].name) == 0)
      return nst_error_set (err, NST_STATUS_MODEL_DUPLICATE_TENSOR,
                            "'%s' describes tensor \"%s\" twice.",
                            st->path, st->entries[i].name);
  return NST_STATUS_OK;
}

/* The bytes the tensor's dtype and shape need, in *bytes; or what is
 * wrong with them. */
static const char *
st_entry_bytes (const nst_safetensors_tensor *e,
                uint64_t                     *bytes)
{
  const cJSON *dim;
  uint64_t     count = 1, bits = (uint64_t) e->dtype_bits;

  *bytes = 0;
  cJSON_ArrayForEach (dim, e->shape)
    if (st_dim (dim) == 0)
      return NULL;
  cJSON_ArrayForEach (dim, e->shape)
    {
      if (count > UINT64_MAX / st_dim (dim))
        return "has more elements than 64 bits can count";
      count *= st_dim (dim);
    }
  if (count > UINT64_MAX / bits)
    return "has more bits than 64 bits can count";
  if (count * bits % 8 != 0)
    return "does not fill a whole number of bytes";
  *bytes = count * bits / 8;
  return NULL;
}

/* Every tensor's byte span matches its dtype and shape. */
static nst_status
st_check_sizes (const nst_safetensors *st,
                nst_error             *err)
{
  size_t i;

  for (i = 0; i < st->n_entries; i++)
    {
      const nst_safetensors_tensor *e = &st->entries[i];
      const char                   *problem;
      uint64_t                      bytes;

      if (e->dtype_bits == 0)
        return nst_error_set (err, NST_STATUS_MODEL_BAD_DTYPE,
                              "In '%s', tensor \"%s\" has the dtype \"%s\", which is "
                              "not a safetensors dtype.", st->path, e->name, e->dtype);
      problem = st_entry_bytes (e, &bytes);
      if (problem != NULL)
        return nst_error_set (err, NST_STATUS_MODEL_BAD_OFFSETS,
                              "In '%s', the shape of tensor \"%s\" (%s) %s.",
                              st->path, e->name, e->dtype, problem);
      if (e->end - e->begin != bytes)
        return nst_error_set (err, NST_STATUS_MODEL_BAD_OFFSETS,
                              "In '%s', tensor \"%s\" (%s) needs %" PRIu64 " bytes for "
                              "its shape, but its data_offsets [%" PRIu64 ", %" PRIu64
                              "] span %" PRIu64 ".", st->path, e->name, e->dtype,
                              bytes, e->begin, e->end, e->end - e->begin);
    }
  return NST_STATUS_OK;
}

static int
st_compare_offsets (const void *a,
                    const void *b)
{
  const nst_safetensors_tensor *x = *(const nst_safetensors_tensor * const *) a;
  const nst_safetensors_tensor *y = *(const nst_safetensors_tensor * const *) b;

  if (x->begin != y->begin)
    return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

/* The tensors tile the data section: from offset 0, no holes, no
 * overlaps, and the last one ends exactly at the end of the file. */
static nst_status
st_check_layout (const nst_safetensors *st,
                 nst_error             *err)
{
  const nst_safetensors_tensor **order = NULL;
  const nst_safetensors_tensor  *prev = NULL;
  uint64_t                       covered = 0;
  uint64_t                       data_size = st->file_size - 8 - st->header_len;
  nst_status                     status = NST_STATUS_OK;
  size_t                         i;

  if (st->n_entries > 0)
    {
      order = malloc (st->n_entries * sizeof *order);
      if (order == NULL)
        return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                              "No memory to check the tensors of '%s'.", st->path);
      for (i = 0; i < st->n_entries; i++)
        order[i] = &st->entries[i];
      qsort (order, st->n_entries, sizeof *order, st_compare_offsets);
    }

  for (i = 0; i < st->n_entries; i++)
    {
      const nst_safetensors_tensor *e = order[i];

      if (e->begin > covered)
        {
          status = nst_error_set (err, NST_STATUS_MODEL_BAD_OFFSETS,
                                  "In '%s', no tensor covers data bytes [%" PRIu64 ", %"
                                  PRIu64 "), before tensor \"%s\": the offsets have "
                                  "a hole.", st->path, covered, e->begin, e->name);
          goto out;
        }
      if (e->begin < covered)
        {
          status = nst_error_set (err, NST_STATUS_MODEL_BAD_OFFSETS,
                                  "In '%s', tensor \"%s\" starts at data offset %" PRIu64
                                  ", inside tensor \"%s\" which ends at %" PRIu64
                                  ": the tensors overlap.", st->path, e->name,
                                  e->begin, prev->name, covered);
          goto out;
        }
      covered = e->end;
      prev = e;
    }

  if (covered < data_size)
    status = nst_error_set (err, NST_STATUS_MODEL_TRAILING_BYTES,
                            "'%s' has %" PRIu64 " bytes after its last tensor (the "
                            "tensors end at data offset %" PRIu64 ", the data section "
                            "is %" PRIu64 " bytes).", st->path, data_size - covered,
                            covered, data_size);
  else if (covered > data_size)
    status = nst_error_set (err, NST_STATUS_MODEL_TRUNCATED,
                            "'%s' is truncated: its tensors need %" PRIu64 " data bytes "
                            "but only %" PRIu64 " follow the header (%" PRIu64 " bytes "
                            "missing).", st->path, covered, data_size,
                            covered - data_size);
out:
  free (order);
  return status;
}

nst_status
nst_safetensors_open (const char       *path,
                      nst_safetensors **st,
                      nst_error        *err)
{
  nst_safetensors *reader = NULL;
  nst_status       status;
  size_t           path_len;

  if (st == NULL || path == NULL)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "nst_safetensors_open: no path or no place to return "
                          "the file.");
  *st = NULL;

  path_len = strlen (path);
  reader = calloc (1, sizeof *reader + path_len + 1);
  if (reader == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "No memory to open the model file '%s'.", path);
  memcpy (reader->path, path, path_len + 1);

  status = st_open_file (reader, err);
  if (status == NST_STATUS_OK)
    status = st_read_header (reader, err);
  if (status == NST_STATUS_OK)
    status = st_check_header_text (reader, err);
  if (status == NST_STATUS_OK)
    status = st_parse_header (reader, err);
  if (status == NST_STATUS_OK)
    status = st_check_duplicates (reader, err);
  if (status == NST_STATUS_OK)
    status = st_check_sizes (reader, err);
  if (status == NST_STATUS_OK)
    status = st_check_layout (reader, err);
  if (status != NST_STATUS_OK)
    goto out;

  *st = reader;
  reader = NULL;

out:
  nst_safetensors_close (reader);
  return status;
}

void
nst_safetensors_close (nst_safetensors *st)
{
  if (st == NULL)
    return;
  if (st->file != NULL)
    fclose (st->file);
  cJSON_Delete (st->root);
  free (st->header);
  free (st->entries);
  free (st);
}

const nst_safetensors_tensor *
nst_safetensors_find (const nst_safetensors *st,
                      const char            *name)
{
  nst_safetensors_tensor key;

  if (st->n_entries == 0)
    return NULL;
  memset (&key, 0, sizeof key);
  key.name = name;
  return bsearch (&key, st->entries, st->n_entries, sizeof key, st_compare_names);
}

nst_status
nst_safetensors_read_f32 (nst_safetensors              *st,
                          const nst_safetensors_tensor *tensor,
                          float                       **values,
                          nst_error                    *err)
{
  uint64_t       bytes = tensor->end - tensor->begin;
  float         *data = NULL;
  unsigned char *raw;
  size_t         k, n;
  nst_status     status;

  *values = NULL;
  /* The header check made bytes a multiple of 4 for F32 only. */
  if (strcmp (tensor->dtype, "F32") != 0)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_DTYPE,
                          "In '%s', tensor \"%s\" is %s, not F32.",
                          st->path, tensor->name, tensor->dtype);
  if (bytes > SIZE_MAX)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "Tensor \"%s\" of '%s' (%" PRIu64 " bytes) cannot be held "
                          "in memory here.", tensor->name, st->path, bytes);
  data = malloc (bytes > 0 ? (size_t) bytes : 1);
  if (data == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "No memory for tensor \"%s\" of '%s' (%" PRIu64 " bytes).",
                          tensor->name, st->path, bytes);
  status = st_read_at (st, 8 + st->header_len + tensor->begin, data, (size_t) bytes,
                       tensor->name, err);
  if (status != NST_STATUS_OK)
    goto out;

  /* The file is little-endian whatever the host is; decoding byte by
   * byte in place is right on both and costs nothing next to the read. */
  raw = (unsigned char *) data;
  n = (size_t) bytes / 4;
  for (k = 0; k < n; k++)
    {
      const unsigned char *b = raw + 4 * k;
      uint32_t             u = (uint32_t) b[0] | (uint32_t) b[1] << 8
                               | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24;

      memcpy (&data[k], &u, sizeof u);
    }
  *values = data;
  data = NULL;

out:
  free (data);
  return status;
}

const char *
nst_safetensors_tensor_get_name (const nst_safetensors_tensor *tensor)
{
  return tensor->name;
}

const char *
nst_safetensors_tensor_get_dtype (const nst_safetensors_tensor *tensor)
{
  return tensor->dtype;
}

int
nst_safetensors_tensor_get_shape (const nst_safetensors_tensor *tensor,
                                  uint64_t                     *dims,
                                  int                           max_dims)
{
  const cJSON *dim;
  int          k;

  for (k = 0; k < max_dims; k++)
    dims[k] = 0;
  k = 0;
  cJSON_ArrayForEach (dim, tensor->shape)
    {
      if (k == max_dims)
        break;
      dims[k++] = st_dim (dim);
    }
  return tensor->n_dims;
}

void
nst_safetensors_tensor_format_shape (const nst_safetensors_tensor *tensor,
                                     char                         *buffer,
                                     size_t                        size)
{
  const cJSON *dim;
  size_t       used = 0;

  used += (size_t) snprintf (buffer, size, "[");
  cJSON_ArrayForEach (dim, tensor->shape)
    {
      if (used + 32 > size)
        {
          snprintf (buffer + used, size - used, "...");
          used += 3;
          break;
        }
      used += (size_t) snprintf (buffer + used, size - used, "%s%" PRIu64,
                                 dim == tensor->shape->child ? "" : ", ", st_dim (dim));
    }
  snprintf (buffer + used, size - used, "]");
}
