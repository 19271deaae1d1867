/* lx_scenario.h: loading a Lua scenario file (and one of its variants) into a core model. */
#ifndef LX_SCENARIO_H
#define LX_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "ent_error.h"
#include "model.h"

typedef struct {
    size_t memory_limit;        /* bytes; 0 = 64 MiB */
    uint64_t instruction_limit; /* per call into the script; 0 = 100 million */
} lx_load_limits;

/* Runs the scenario in a fresh sandbox, applies `variant` (NULL or "baseline" = as declared)
   and builds the model. On failure err names "path:line: what is wrong". */
ent_status lx_scenario_load(const char *path, const char *variant, const lx_load_limits *limits,
                            model_scenario **out, ent_error *err);
/* The same from text already in memory (path is used in messages only). */
ent_status lx_scenario_load_text(const char *path, const char *text, size_t size,
                                 const char *variant, const lx_load_limits *limits,
                                 model_scenario **out, ent_error *err);

#endif
