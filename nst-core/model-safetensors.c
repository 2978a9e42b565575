/* model-safetensors.c - being written. */
#include "nst-private.h"

nst_status
nst_model_load_safetensors (const char *path, nst_model **model, nst_error *err)
{
  (void) path;
  *model = NULL;
  return nst_error_set (err, NST_STATUS_INTERNAL, "not implemented yet");
}
