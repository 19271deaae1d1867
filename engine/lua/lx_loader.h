/* lx_loader.h: inside engine/lua: the state of one scenario load, shared by the scenario API
   and the run-time callbacks. */
#ifndef LX_LOADER_H
#define LX_LOADER_H

#include <stdatomic.h>
#include <stdbool.h>

#include "lx_sandbox.h"
#include "lx_scenario.h"
#include "model.h"

typedef struct {
    lx_sandbox *sb;
    int data_ref;
    int predicate_mt_ref;
    int predicate_data_ref; /* condition proxy -> its contents, out of the script's reach */
    int issue_seq, actor_seq, variant_seq, event_seq, uncertain_seq;
    bool built;                      /* the model is built: no more declarations */
    int ref_count;                   /* functions kept for the run (callbacks, strategies) */
    int refs[MODEL_MAX_ACTORS + MODEL_MAX_EVENTS + 4];
} lx_loader;

/* Loads and builds the model, keeping the loader (and its sandbox, where callbacks live). On
   failure the loader's sandbox is already freed. */
ent_status lx_load_into(lx_loader *ld, const char *path, const char *text, size_t size,
                        const char *variant, const lx_load_limits *limits,
                        model_scenario **out, ent_error *err);
void lx_loader_release(lx_loader *ld);
extern atomic_int lx_outstanding_refs;
/* Reads a whole scenario file (at most 16 MiB); the caller frees *text. */
ent_status lx_read_file(const char *path, char **text, size_t *size, ent_error *err);

#endif
