/* search.h: depth-first branch and bound over packages, pruned by red lines and utility bounds. */
#ifndef SEARCH_H
#define SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "ent_error.h"
#include "model.h"

typedef enum {
    SEARCH_SATISFY, /* any deal under the enabled constraints */
    SEARCH_NASH,    /* the deal maximising the (weighted) Nash product */
    SEARCH_NEAREST  /* the package with the fewest broken constraints */
} search_mode;

typedef struct {
    const model_scenario *scn;
    search_mode mode;
    /* Per actor, which constraints count: bit r = red line r, MODEL_RESERVATION_BIT.
       NULL means every constraint is on. */
    const uint32_t *enabled;
    /* Nash weights per actor; NULL means 1 for everyone. */
    const double *alpha;
    /* Give up after this many nodes (0 = no limit); the result then says complete = false. */
    uint64_t node_limit;
} search_request;

typedef struct {
    bool found;
    bool complete; /* the whole space was covered (the answer is exact) */
    model_package package;
    double score;  /* Nash: log product; NEAREST: broken constraints */
    uint64_t nodes;
} search_result;

ent_status search_run(const search_request *req, search_result *out, ent_error *err);

/* Number of constraints that must be dropped for pkg to become a deal (the "distance to a deal"),
   and which: broken[a] gets actor a's constraints that count. */
int search_broken(const model_scenario *scn, const uint32_t *enabled, const model_package *pkg,
                  uint32_t broken[MODEL_MAX_ACTORS]);

/* The same distance when the broken constraints are already known: viol[a] holds actor a's
   broken constraints (model_violations) before `enabled` is applied. */
int search_cost(const model_scenario *scn, const uint32_t *enabled, const model_package *pkg,
                const uint32_t *viol, uint32_t broken[MODEL_MAX_ACTORS]);

/* Nash objective of a deal for the given weights (NULL = symmetric). */
double search_nash_score(const model_scenario *scn, const double *alpha, const model_package *pkg,
                         model_set signatories);

#endif
