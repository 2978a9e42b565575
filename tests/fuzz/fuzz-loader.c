/* fuzz-loader.c - libFuzzer target over nst_model_load_safetensors().
 *
 * The loader takes a path, so each input goes into a memfd and is loaded
 * through /proc/self/fd/N: no disk writes, and the same code path as a
 * user's file.  A model that loads is freed; a failure must leave a NULL
 * model and a message.  Anything else (a crash, a leak, a sanitizer
 * report) is the finding.  run-fuzz.sh builds and runs it.
 *
 * Copyright (C) 2026 The NST for GIMP authors.  GPL-3.0-or-later.
 */
#include "nst.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
fuzz_write_all (int            fd,
                const uint8_t *data,
                size_t         size)
{
  while (size > 0)
    {
      ssize_t n = write (fd, data, size);

      if (n <= 0)
        return -1;
      data += n;
      size -= (size_t) n;
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  nst_model *model = NULL;
  nst_error  err;
  nst_status status;
  char       path[64];
  int        fd;

  fd = memfd_create ("nst-fuzz", 0);
  if (fd < 0)
    {
      perror ("memfd_create");
      abort ();
    }
  if (fuzz_write_all (fd, data, size) != 0)
    {
      perror ("write");
      abort ();
    }
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);

  memset (&err, 0, sizeof err);
  status = nst_model_load_safetensors (path, &model, &err);
  if (status == NST_STATUS_OK)
    {
      if (model == NULL)
        abort ();
      nst_model_free (model);
    }
  else if (model != NULL || err.message[0] == '\0')
    {
      /* the contract: a failure gives no model and says why */
      abort ();
    }

  close (fd);
  return 0;
}
