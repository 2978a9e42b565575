/* status.c - error values and their messages. */
#include "nst-private.h"

#include <stdio.h>

const char *
nst_status_to_string (nst_status status)
{
  switch (status)
    {
    case NST_STATUS_OK:                     return "success";
    case NST_STATUS_ABORTED:                return "cancelled";
    case NST_STATUS_INVALID_ARGUMENT:       return "invalid argument";
    case NST_STATUS_OUT_OF_MEMORY:          return "out of memory";
    case NST_STATUS_TOO_LARGE:              return "the job needs more memory than allowed";
    case NST_STATUS_IO:                     return "the file could not be read";
    case NST_STATUS_INTERNAL:               return "the optimiser failed";
    case NST_STATUS_MODEL_TRUNCATED:        return "the model file is truncated";
    case NST_STATUS_MODEL_HEADER_TOO_LARGE: return "the model file's header is too large";
    case NST_STATUS_MODEL_BAD_JSON:         return "the model file's header is not valid";
    case NST_STATUS_MODEL_DUPLICATE_TENSOR: return "the model file names a tensor twice";
    case NST_STATUS_MODEL_MISSING_TENSOR:   return "the model file lacks a tensor the network needs";
    case NST_STATUS_MODEL_BAD_DTYPE:        return "a model tensor has the wrong data type";
    case NST_STATUS_MODEL_BAD_SHAPE:        return "a model tensor has the wrong shape";
    case NST_STATUS_MODEL_BAD_OFFSETS:      return "the model file's tensor offsets are inconsistent";
    case NST_STATUS_MODEL_TRAILING_BYTES:   return "the model file has bytes past its last tensor";
    case NST_STATUS_MODEL_BAD_VALUES:       return "the model holds NaN or infinite weights";
    }
  return "unknown status";
}

nst_status
nst_error_set (nst_error  *err,
               nst_status  status,
               const char *fmt,
               ...)
{
  va_list ap;

  if (err == NULL)
    return status;

  err->status = status;
  va_start (ap, fmt);
  vsnprintf (err->message, sizeof err->message, fmt, ap);
  va_end (ap);
  return status;
}

void
nst_error_clear (nst_error *err)
{
  if (err == NULL)
    return;
  err->status = NST_STATUS_OK;
  err->message[0] = '\0';
}

#define NST_STR_(x) #x
#define NST_STR(x)  NST_STR_ (x)

const char *
nst_version (void)
{
  return NST_STR (NST_VERSION_MAJOR) "." NST_STR (NST_VERSION_MINOR) "."
         NST_STR (NST_VERSION_MICRO);
}
