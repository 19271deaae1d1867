/* synth.h: seeded synthetic scenarios for benchmarks and search tests (no Lua needed). */
#ifndef SYNTH_H
#define SYNTH_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

typedef struct {
    int issues;      /* 1..MODEL_MAX_ISSUES */
    int options;     /* 2..MODEL_MAX_OPTIONS */
    int actors;      /* 4..MODEL_MAX_ACTORS */
    uint64_t seed;
    bool conflict;   /* two required actors hold opposite red lines: no deal exists */
} synth_params;

/* NULL only when memory runs out or the parameters are out of range. */
model_scenario *synth_make(const synth_params *p);

#endif
