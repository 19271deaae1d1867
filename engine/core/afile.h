/* afile.h: atomic file output: write to a temp file beside the target, flush, rename. */
#ifndef AFILE_H
#define AFILE_H

#include <stddef.h>

#include "ent_error.h"

/* Writes data to path atomically: readers see the old file or the new one, never half. */
ent_status afile_write(const char *path, const void *data, size_t size, ent_error *err);

#endif
