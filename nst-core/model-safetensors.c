/* model-safetensors.c - VGG-19 conv weights from a safetensors file.
 *
 * The file is [u64 little-endian header length N][N bytes of UTF-8 JSON]
 * [data] (shared/notes/models.md).  The whole header is validated the way
 * the reference parser does it -- every tensor, not only the 26 the network
 * uses -- so a damaged download is reported as damaged instead of being
 * half-loaded.  Then only the needed tensors are read with fseeko + fread:
 * loading the 575 MB torchvision file touches about 52 MB of it.
 *
 * Where the format leaves a choice, this loader decides:
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
#include "nst-private.h"

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
typedef struct
{
  const char  *name;
  const char  *dtype;
  int          dtype_bits;   /* 0 when the dtype is unknown */
  const cJSON *shape;        /* array of validated integers */
  int          n_dims;
  uint64_t     begin;        /* data_offsets, relative to the data section */
  uint64_t     end;
} st_entry;

typedef struct
{
  const char *path;
  FILE       *file;
  uint64_t    file_size;
  uint64_t    header_len;   /* N */
  char       *header;       /* N bytes + NUL */
  cJSON      *root;
  st_entry   *entries;      /* sorted by name after st_check_duplicates() */
  size_t      n_entries;
} st_reader;

static void
st_reader_clear (st_reader *rd)
{
  if (rd->file != NULL)
    fclose (rd->file);
  cJSON_Delete (rd->root);
  free (rd->header);
  free (rd->entries);
}

static nst_status
st_open (st_reader *rd,
         nst_error *err)
{
  struct stat st;

  rd->file = fopen (rd->path, "rb");
  if (rd->file == NULL)
    return nst_error_set (err, NST_STATUS_IO,
                          "Cannot open the model file '%s': %s.",
                          rd->path, strerror (errno));
  if (fstat (fileno (rd->file), &st) != 0)
    return nst_error_set (err, NST_STATUS_IO,
                          "Cannot find the size of the model file '%s': %s.",
                          rd->path, strerror (errno));
  if (S_ISDIR (st.st_mode))
    return nst_error_set (err, NST_STATUS_IO,
                          "'%s' is a directory, not a model file.", rd->path);
  if (! S_ISREG (st.st_mode) || st.st_size < 0)
    return nst_error_set (err, NST_STATUS_IO,
                          "'%s' is not a regular file; a model must be a "
                          "safetensors file.", rd->path);
  rd->file_size = (uint64_t) st.st_size;
  return NST_STATUS_OK;
}

/* Read exactly n bytes at absolute file offset `offset`; `what` names
 * them in the error message. */
static nst_status
st_read_at (st_reader  *rd,
            uint64_t    offset,
            void       *buffer,
            size_t      n,
            const char *what,
            nst_error  *err)
{
  if (offset > ST_OFF_MAX
      || fseeko (rd->file, (off_t) offset, SEEK_SET) != 0)
    return nst_error_set (err, NST_STATUS_IO,
                          "Cannot seek to byte %" PRIu64 " of '%s' to read %s.",
                          offset, rd->path, what);
  if (fread (buffer, 1, n, rd->file) != n)
    {
      if (ferror (rd->file))
        return nst_error_set (err, NST_STATUS_IO,
                              "Reading %s at byte %" PRIu64 " of '%s' failed: %s.",
                              what, offset, rd->path, strerror (errno));
      return nst_error_set (err, NST_STATUS_MODEL_TRUNCATED,
                            "'%s' ended while reading %s at byte %" PRIu64
                            "; was the file changed while it was loading?",
                            rd->path, what, offset);
    }
  return NST_STATUS_OK;
}

static nst_status
st_read_header (st_reader *rd,
                nst_error *err)
{
  unsigned char length[8];
  nst_status    status;
  int           i;

  if (rd->file_size == 0)
    return nst_error_set (err, NST_STATUS_MODEL_TRUNCATED,
                          "The model file '%s' is empty.", rd->path);
  if (rd->file_size < 8)
    return nst_error_set (err, NST_STATUS_MODEL_TRUNCATED,
                          "The model file '%s' is only %" PRIu64 " bytes long; a "
                          "safetensors file starts with an 8-byte header length.",
                          rd->path, rd->file_size);

  status = st_read_at (rd, 0, length, sizeof length, "the header length", err);
  if (status != NST_STATUS_OK)
    return status;
  rd->header_len = 0;
  for (i = 7; i >= 0; i--)
    rd->header_len = (rd->header_len << 8) | length[i];

  if (rd->header_len > ST_HEADER_MAX)
    return nst_error_set (err, NST_STATUS_MODEL_HEADER_TOO_LARGE,
                          "'%s' declares a JSON header of %" PRIu64 " bytes, over the "
                          "limit of %" PRIu64 " bytes: it is damaged or not a "
                          "safetensors file.",
                          rd->path, rd->header_len, ST_HEADER_MAX);
  if (rd->header_len > rd->file_size - 8)
    return nst_error_set (err, NST_STATUS_MODEL_HEADER_TOO_LARGE,
                          "'%s' declares a JSON header of %" PRIu64 " bytes, which "
                          "runs past the end of the file (%" PRIu64 " bytes): it is "
                          "truncated or not a safetensors file.",
                          rd->path, rd->header_len, rd->file_size);
  if (rd->header_len < 2)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "'%s' declares a JSON header of %" PRIu64 " bytes, too "
                          "short for a JSON object.", rd->path, rd->header_len);

  /* header_len <= 1e8, so it fits size_t and + 1 cannot overflow. */
  rd->header = malloc ((size_t) rd->header_len + 1);
  if (rd->header == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "No memory for the %" PRIu64 "-byte header of '%s'.",
                          rd->header_len, rd->path);
  status = st_read_at (rd, 8, rd->header, (size_t) rd->header_len,
                       "the JSON header", err);
  if (status != NST_STATUS_OK)
    return status;
  rd->header[rd->header_len] = '\0';
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
st_check_header_text (const st_reader *rd,
                      nst_error       *err)
{
  const unsigned char *s = (const unsigned char *) rd->header;
  size_t               n = (size_t) rd->header_len;
  size_t               i;

  if (s[0] != '{')
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "The JSON header of '%s' does not start with '{' "
                          "(its first byte is 0x%02x).", rd->path, s[0]);
  i = st_utf8_invalid_at (s, n);
  if (i < n)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "The JSON header of '%s' is not valid UTF-8 at header "
                          "byte %zu (file byte %zu).", rd->path, i, i + 8);
  for (i = 0; i < n; i++)
    {
      if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
        return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                              "The JSON header of '%s' holds the control byte "
                              "0x%02x at header byte %zu.", rd->path, s[i], i);
      if (s[i] == '\\' && i + 1 < n)
        {
          if (s[i + 1] == 'u' && n - i >= 6 && memcmp (s + i + 2, "0000", 4) == 0)
            return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                                  "The JSON header of '%s' holds a \\u0000 escape "
                                  "at header byte %zu.", rd->path, i);
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
st_check_metadata (const st_reader *rd,
                   const cJSON     *metadata,
                   nst_error       *err)
{
  const cJSON *field;

  if (! cJSON_IsObject (metadata))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', \"__metadata__\" is not a JSON object.", rd->path);
  cJSON_ArrayForEach (field, metadata)
    if (! cJSON_IsString (field))
      return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                            "In '%s', the metadata value \"%s\" is not a string.",
                            rd->path, field->string);
  return NST_STATUS_OK;
}

/* Pick the "dtype", "shape" and "data_offsets" fields of one tensor's
 * object, each exactly once. */
static nst_status
st_entry_fields (const st_reader *rd,
                 const cJSON     *item,
                 const cJSON    **dtype,
                 const cJSON    **shape,
                 const cJSON    **offsets,
                 nst_error       *err)
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
                                  rd->path, item->string, names[k]);
          *slots[k] = field;
        }

  for (k = 0; k < 3; k++)
    if (*slots[k] == NULL)
      return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                            "In '%s', tensor \"%s\" has no \"%s\".",
                            rd->path, item->string, names[k]);
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
st_parse_entry (const st_reader *rd,
                const cJSON     *item,
                st_entry        *e,
                nst_error       *err)
{
  const cJSON *dtype, *shape, *offsets, *dim;
  nst_status   status;
  uint64_t     value;
  int          k = 0;

  e->name = item->string;
  if (! cJSON_IsObject (item))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', tensor \"%s\" is not described by a JSON object.",
                          rd->path, e->name);
  status = st_entry_fields (rd, item, &dtype, &shape, &offsets, err);
  if (status != NST_STATUS_OK)
    return status;

  if (! cJSON_IsString (dtype))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', the \"dtype\" of tensor \"%s\" is not a string.",
                          rd->path, e->name);
  e->dtype = dtype->valuestring;
  e->dtype_bits = st_dtype_bits (e->dtype);

  if (! cJSON_IsArray (shape))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', the \"shape\" of tensor \"%s\" is not an array.",
                          rd->path, e->name);
  cJSON_ArrayForEach (dim, shape)
    {
      if (! st_json_uint (dim, &value))
        return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                              "In '%s', dimension %d of the shape of tensor \"%s\" "
                              "is not a non-negative integer.", rd->path, k, e->name);
      k++;
    }
  e->shape = shape;
  e->n_dims = k;

  if (! cJSON_IsArray (offsets) || cJSON_GetArraySize (offsets) != 2
      || ! st_json_uint (offsets->child, &e->begin)
      || ! st_json_uint (offsets->child->next, &e->end))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', the \"data_offsets\" of tensor \"%s\" are not "
                          "two non-negative integers [BEGIN, END].", rd->path, e->name);
  if (e->begin > e->end)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "In '%s', tensor \"%s\" has data_offsets [%" PRIu64 ", %"
                          PRIu64 "]: it ends before it begins.",
                          rd->path, e->name, e->begin, e->end);
  return NST_STATUS_OK;
}

/* Parse the header into rd->entries, checking each field's type. */
static nst_status
st_parse_header (st_reader *rd,
                 nst_error *err)
{
  const char  *parse_end = NULL;
  const cJSON *item;
  nst_status   status;
  size_t       i, n_items = 0;
  int          n_metadata = 0;

  rd->root = cJSON_ParseWithLengthOpts (rd->header, (size_t) rd->header_len,
                                        &parse_end, 0);
  if (rd->root == NULL)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "The header of '%s' is not valid JSON (the error is near "
                          "header byte %zu).", rd->path,
                          parse_end != NULL ? (size_t) (parse_end - rd->header) : 0);
  /* The official writer pads the header with spaces; anything else after
   * the object is a second value. */
  i = parse_end != NULL ? (size_t) (parse_end - rd->header) : (size_t) rd->header_len;
  for (; i < rd->header_len; i++)
    if (strchr (" \t\r\n", rd->header[i]) == NULL)
      return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                            "The header of '%s' has text after its JSON object, at "
                            "header byte %zu.", rd->path, i);
  if (! cJSON_IsObject (rd->root))
    return nst_error_set (err, NST_STATUS_MODEL_BAD_JSON,
                          "The header of '%s' is not a JSON object.", rd->path);

  cJSON_ArrayForEach (item, rd->root)
    n_items++;
  rd->entries = calloc (n_items > 0 ? n_items : 1, sizeof *rd->entries);
  if (rd->entries == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "No memory for the %zu tensors of '%s'.", n_items, rd->path);

  cJSON_ArrayForEach (item, rd->root)
    {
      if (strcmp (item->string, "__metadata__") == 0)
        {
          if (++n_metadata > 1)
            return nst_error_set (err, NST_STATUS_MODEL_DUPLICATE_TENSOR,
                                  "The header of '%s' has \"__metadata__\" twice.",
                                  rd->path);
          status = st_check_metadata (rd, item, err);
        }
      else
        status = st_parse_entry (rd, item, &rd->entries[rd->n_entries++], err);
      if (status != NST_STATUS_OK)
        return status;
    }
  return NST_STATUS_OK;
}

static int
st_compare_names (const void *a,
                  const void *b)
{
  return strcmp (((const st_entry *) a)->name, ((const st_entry *) b)->name);
}

/* cJSON keeps every copy of a repeated key; sorting by name puts copies
 * next to each other, and leaves the array ready for st_find(). */
static nst_status
st_check_duplicates (st_reader *rd,
                     nst_error *err)
{
  size_t i;

  if (rd->n_entries > 1)
    qsort (rd->entries, rd->n_entries, sizeof *rd->entries, st_compare_names);
  for (i = 1; i < rd->n_entries; i++)
    if (strcmp (rd->entries[i - 1].name, rd->entries[i].name) == 0)
      return nst_error_set (err, NST_STATUS_MODEL_DUPLICATE_TENSOR,
                            "'%s' describes tensor \"%s\" twice.",
                            rd->path, rd->entries[i].name);
  return NST_STATUS_OK;
}

/* The bytes the tensor's dtype and shape need, in *bytes; or what is
 * wrong with them. */
static const char *
st_entry_bytes (const st_entry *e,
                uint64_t       *bytes)
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
st_check_sizes (const st_reader *rd,
                nst_error       *err)
{
  size_t i;

  for (i = 0; i < rd->n_entries; i++)
    {
      const st_entry *e = &rd->entries[i];
      const char     *problem;
      uint64_t        bytes;

      if (e->dtype_bits == 0)
        return nst_error_set (err, NST_STATUS_MODEL_BAD_DTYPE,
                              "In '%s', tensor \"%s\" has the dtype \"%s\", which is "
                              "not a safetensors dtype.", rd->path, e->name, e->dtype);
      problem = st_entry_bytes (e, &bytes);
      if (problem != NULL)
        return nst_error_set (err, NST_STATUS_MODEL_BAD_OFFSETS,
                              "In '%s', the shape of tensor \"%s\" (%s) %s.",
                              rd->path, e->name, e->dtype, problem);
      if (e->end - e->begin != bytes)
        return nst_error_set (err, NST_STATUS_MODEL_BAD_OFFSETS,
                              "In '%s', tensor \"%s\" (%s) needs %" PRIu64 " bytes for "
                              "its shape, but its data_offsets [%" PRIu64 ", %" PRIu64
                              "] span %" PRIu64 ".", rd->path, e->name, e->dtype,
                              bytes, e->begin, e->end, e->end - e->begin);
    }
  return NST_STATUS_OK;
}

static int
st_compare_offsets (const void *a,
                    const void *b)
{
  const st_entry *x = *(const st_entry * const *) a;
  const st_entry *y = *(const st_entry * const *) b;

  if (x->begin != y->begin)
    return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

/* The tensors tile the data section: from offset 0, no holes, no
 * overlaps, and the last one ends exactly at the end of the file. */
static nst_status
st_check_layout (const st_reader *rd,
                 nst_error       *err)
{
  const st_entry **order = NULL;
  const st_entry  *prev = NULL;
  uint64_t         covered = 0;
  uint64_t         data_size = rd->file_size - 8 - rd->header_len;
  nst_status       status = NST_STATUS_OK;
  size_t           i;

  if (rd->n_entries > 0)
    {
      order = malloc (rd->n_entries * sizeof *order);
      if (order == NULL)
        return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                              "No memory to check the tensors of '%s'.", rd->path);
      for (i = 0; i < rd->n_entries; i++)
        order[i] = &rd->entries[i];
      qsort (order, rd->n_entries, sizeof *order, st_compare_offsets);
    }

  for (i = 0; i < rd->n_entries; i++)
    {
      const st_entry *e = order[i];

      if (e->begin > covered)
        {
          status = nst_error_set (err, NST_STATUS_MODEL_BAD_OFFSETS,
                                  "In '%s', no tensor covers data bytes [%" PRIu64 ", %"
                                  PRIu64 "), before tensor \"%s\": the offsets have "
                                  "a hole.", rd->path, covered, e->begin, e->name);
          goto out;
        }
      if (e->begin < covered)
        {
          status = nst_error_set (err, NST_STATUS_MODEL_BAD_OFFSETS,
                                  "In '%s', tensor \"%s\" starts at data offset %" PRIu64
                                  ", inside tensor \"%s\" which ends at %" PRIu64
                                  ": the tensors overlap.", rd->path, e->name,
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
                            "is %" PRIu64 " bytes).", rd->path, data_size - covered,
                            covered, data_size);
  else if (covered > data_size)
    status = nst_error_set (err, NST_STATUS_MODEL_TRUNCATED,
                            "'%s' is truncated: its tensors need %" PRIu64 " data bytes "
                            "but only %" PRIu64 " follow the header (%" PRIu64 " bytes "
                            "missing).", rd->path, covered, data_size,
                            covered - data_size);
out:
  free (order);
  return status;
}

static const st_entry *
st_find (const st_reader *rd,
         const char      *name)
{
  st_entry key;

  if (rd->n_entries == 0)
    return NULL;
  memset (&key, 0, sizeof key);
  key.name = name;
  return bsearch (&key, rd->entries, rd->n_entries, sizeof key, st_compare_names);
}

/* The first n (<= 4) dimensions of a validated shape. */
static void
st_entry_dims (const st_entry *e,
               uint64_t        dims[4])
{
  const cJSON *dim;
  int          k = 0;

  memset (dims, 0, 4 * sizeof dims[0]);
  cJSON_ArrayForEach (dim, e->shape)
    {
      if (k == 4)
        break;
      dims[k++] = st_dim (dim);
    }
}

/* "[64, 3, 3, 3]", cut short with "...]" when it does not fit. */
static void
st_format_shape (const st_entry *e,
                 char           *buffer,
                 size_t          size)
{
  const cJSON *dim;
  size_t       used = 0;

  used += (size_t) snprintf (buffer, size, "[");
  cJSON_ArrayForEach (dim, e->shape)
    {
      if (used + 32 > size)
        {
          snprintf (buffer + used, size - used, "...");
          used += 3;
          break;
        }
      used += (size_t) snprintf (buffer + used, size - used, "%s%" PRIu64,
                                 dim == e->shape->child ? "" : ", ", st_dim (dim));
    }
  snprintf (buffer + used, size - used, "]");
}

/* Find conv i's weight and bias and check their dtype and shape against
 * c_in, the channels the layer before gives.  Sets *c_out. */
static nst_status
st_check_conv (const st_reader  *rd,
               int               i,
               int               c_in,
               const st_entry  **weight,
               const st_entry  **bias,
               int              *c_out,
               nst_error        *err)
{
  const char *layer = nst_vgg_conv_name[i];
  const char *source = i == 0 ? "the RGB image" : nst_vgg_conv_name[i - 1];
  char        w_name[48], b_name[48], shape[96];
  uint64_t    w_dims[4], b_dims[4];

  snprintf (w_name, sizeof w_name, "features.%d.weight", nst_vgg_torch_index[i]);
  snprintf (b_name, sizeof b_name, "features.%d.bias", nst_vgg_torch_index[i]);
  *weight = st_find (rd, w_name);
  *bias = st_find (rd, b_name);
  if (*weight == NULL || *bias == NULL)
    return nst_error_set (err, NST_STATUS_MODEL_MISSING_TENSOR,
                          "'%s' has no tensor \"%s\" (the %s of %s): it is not a "
                          "VGG-19 with torchvision's names.", rd->path,
                          *weight == NULL ? w_name : b_name,
                          *weight == NULL ? "weights" : "bias", layer);
  if (strcmp ((*weight)->dtype, "F32") != 0 || strcmp ((*bias)->dtype, "F32") != 0)
    {
      const st_entry *e = strcmp ((*weight)->dtype, "F32") != 0 ? *weight : *bias;

      return nst_error_set (err, NST_STATUS_MODEL_BAD_DTYPE,
                            "In '%s', tensor \"%s\" is %s; the network needs F32.",
                            rd->path, e->name, e->dtype);
    }

  st_entry_dims (*weight, w_dims);
  st_entry_dims (*bias, b_dims);
  st_format_shape (*weight, shape, sizeof shape);
  if ((*weight)->n_dims != 4 || w_dims[2] != 3 || w_dims[3] != 3
      || w_dims[0] == 0 || w_dims[0] > INT_MAX)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_SHAPE,
                          "In '%s', tensor \"%s\" has the shape %s; %s needs "
                          "[out, %d, 3, 3] with out > 0.",
                          rd->path, w_name, shape, layer, c_in);
  if (w_dims[1] != (uint64_t) c_in)
    return nst_error_set (err, NST_STATUS_MODEL_BAD_SHAPE,
                          "In '%s', tensor \"%s\" has the shape %s: %s would take %"
                          PRIu64 " channels, but %s gives %d.",
                          rd->path, w_name, shape, layer, w_dims[1], source, c_in);
  if ((*bias)->n_dims != 1 || b_dims[0] != w_dims[0])
    {
      st_format_shape (*bias, shape, sizeof shape);
      return nst_error_set (err, NST_STATUS_MODEL_BAD_SHAPE,
                            "In '%s', tensor \"%s\" has the shape %s; %s's bias "
                            "needs [%" PRIu64 "].", rd->path, b_name, shape, layer,
                            w_dims[0]);
    }
  *c_out = (int) w_dims[0];
  return NST_STATUS_OK;
}

/* Read a validated F32 tensor into a new array. */
static nst_status
st_read_f32 (st_reader      *rd,
             const st_entry *e,
             float         **values,
             nst_error      *err)
{
  uint64_t       bytes = e->end - e->begin;
  unsigned char *raw;
  size_t         k, n;
  nst_status     status;

  *values = NULL;
  if (bytes > SIZE_MAX)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "Tensor \"%s\" of '%s' (%" PRIu64 " bytes) cannot be held "
                          "in memory here.", e->name, rd->path, bytes);
  *values = malloc (bytes > 0 ? (size_t) bytes : 1);
  if (*values == NULL)
    return nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                          "No memory for tensor \"%s\" of '%s' (%" PRIu64 " bytes).",
                          e->name, rd->path, bytes);
  status = st_read_at (rd, 8 + rd->header_len + e->begin, *values, (size_t) bytes,
                       e->name, err);
  if (status != NST_STATUS_OK)
    return status;

  /* The file is little-endian whatever the host is; decoding byte by
   * byte in place is right on both and costs nothing next to the read. */
  raw = (unsigned char *) *values;
  n = (size_t) bytes / 4;
  for (k = 0; k < n; k++)
    {
      const unsigned char *b = raw + 4 * k;
      uint32_t             u = (uint32_t) b[0] | (uint32_t) b[1] << 8
                               | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24;

      memcpy (&(*values)[k], &u, sizeof u);
    }
  return NST_STATUS_OK;
}

/* Name the first NaN or infinity, with its index, so that a user can
 * tell a damaged file from a wrong one. */
static nst_status
st_check_finite (const st_reader *rd,
                 const char      *name,
                 const float     *values,
                 size_t           n,
                 int              c_in,
                 nst_error       *err)
{
  size_t k;

  for (k = 0; k < n; k++)
    if (! isfinite (values[k]))
      {
        const char *what = isnan (values[k]) ? "NaN" : "an infinity";

        if (c_in > 0)
          return nst_error_set (err, NST_STATUS_MODEL_BAD_VALUES,
                                "In '%s', tensor \"%s\" holds %s at [%zu][%zu][%zu][%zu].",
                                rd->path, name, what, k / ((size_t) c_in * 9),
                                k / 9 % (size_t) c_in, k / 3 % 3, k % 3);
        return nst_error_set (err, NST_STATUS_MODEL_BAD_VALUES,
                              "In '%s', tensor \"%s\" holds %s at [%zu].",
                              rd->path, name, what, k);
      }
  return NST_STATUS_OK;
}

/* Check and read the 13 convolutions into model. */
static nst_status
st_read_convs (st_reader *rd,
               nst_model *model,
               nst_error *err)
{
  const st_entry *weight[NST_VGG_N_CONVS], *bias[NST_VGG_N_CONVS];
  nst_status      status;
  int             i, c_in = 3;

  /* Every shape first, so no data is read from a file that cannot load. */
  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      nst_conv_weights *cv = &model->conv[i];

      status = st_check_conv (rd, i, c_in, &weight[i], &bias[i], &cv->c_out, err);
      if (status != NST_STATUS_OK)
        return status;
      cv->c_in = c_in;
      c_in = cv->c_out;
    }

  for (i = 0; i < NST_VGG_N_CONVS; i++)
    {
      nst_conv_weights *cv = &model->conv[i];

      status = st_read_f32 (rd, weight[i], &cv->weight, err);
      if (status == NST_STATUS_OK)
        status = st_read_f32 (rd, bias[i], &cv->bias, err);
      if (status == NST_STATUS_OK)
        status = st_check_finite (rd, weight[i]->name, cv->weight,
                                  (size_t) cv->c_out * (size_t) cv->c_in * 9,
                                  cv->c_in, err);
      if (status == NST_STATUS_OK)
        status = st_check_finite (rd, bias[i]->name, cv->bias,
                                  (size_t) cv->c_out, 0, err);
      if (status != NST_STATUS_OK)
        return status;
    }
  model->n_convs = NST_VGG_N_CONVS;
  return NST_STATUS_OK;
}

/* Load the conv weights of VGG-19 up to conv5_1 from the safetensors file
 * at `path` (UTF-8 or the platform's encoding, as fopen takes it).  The
 * whole header is validated as the reference parser does (header length,
 * UTF-8 JSON, field types, duplicate names, dtype sizes, tensors tiling the
 * data section exactly), then the 26 tensors features.N.weight/.bias with
 * N in nst_vgg_torch_index are checked (present, F32, [out, in, 3, 3] and
 * [out], chaining from 3 input channels) and read, and their values must
 * be finite.  Channel widths come from the shapes, so smaller VGG-shaped
 * files load too.  On success *model (mean/std of ImageNet, default layers
 * relu1_1..relu5_1 and relu4_2) belongs to the caller, who frees it with
 * nst_model_free(), and err, when not NULL, holds NST_STATUS_OK.  On failure
 * *model is NULL and the returned status, also in err, is NST_STATUS_IO,
 * NST_STATUS_OUT_OF_MEMORY, NST_STATUS_INVALID_ARGUMENT or one of the
 * NST_STATUS_MODEL_* codes, with a message naming the file and what is
 * wrong in it. */
nst_status
nst_model_load_safetensors (const char  *path,
                            nst_model  **model,
                            nst_error   *err)
{
  static const float imagenet_mean[3] = { 0.485f, 0.456f, 0.406f };
  static const float imagenet_std[3] = { 0.229f, 0.224f, 0.225f };
  st_reader  rd;
  nst_model *m = NULL;
  nst_status status;

  if (model == NULL)
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "nst_model_load_safetensors: no place to return the model.");
  *model = NULL;
  if (path == NULL || path[0] == '\0')
    return nst_error_set (err, NST_STATUS_INVALID_ARGUMENT,
                          "No model file was given.");

  memset (&rd, 0, sizeof rd);
  rd.path = path;

  status = st_open (&rd, err);
  if (status == NST_STATUS_OK)
    status = st_read_header (&rd, err);
  if (status == NST_STATUS_OK)
    status = st_check_header_text (&rd, err);
  if (status == NST_STATUS_OK)
    status = st_parse_header (&rd, err);
  if (status == NST_STATUS_OK)
    status = st_check_duplicates (&rd, err);
  if (status == NST_STATUS_OK)
    status = st_check_sizes (&rd, err);
  if (status == NST_STATUS_OK)
    status = st_check_layout (&rd, err);
  if (status != NST_STATUS_OK)
    goto out;

  m = nst_model_alloc ();
  if (m == NULL)
    {
      status = nst_error_set (err, NST_STATUS_OUT_OF_MEMORY,
                              "No memory for a model.");
      goto out;
    }
  status = st_read_convs (&rd, m, err);
  if (status != NST_STATUS_OK)
    goto out;

  m->builtin = 0;
  memcpy (m->mean, imagenet_mean, sizeof m->mean);
  memcpy (m->std, imagenet_std, sizeof m->std);
  m->default_style_layers = "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1";
  m->default_content_layers = "relu4_2";

  /* The checks above cover it; this keeps the loader honest to the
   * invariants the rest of the core relies on. */
  status = nst_model_validate (m, err);
  if (status != NST_STATUS_OK)
    goto out;

  *model = m;
  m = NULL;
  if (err != NULL)
    {
      err->status = NST_STATUS_OK;
      err->message[0] = '\0';
    }

out:
  nst_model_free (m);
  st_reader_clear (&rd);
  return status;
}
