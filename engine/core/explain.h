/* explain.h: why there is no deal (minimal conflicting sets) and why an actor does not sign. */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "ent_error.h"
#include "model.h"

#define EXPLAIN_RESERVATION (-1)
#define EXPLAIN_SET_MAX 24

/* One constraint: an actor's red line, or its reservation (redline == EXPLAIN_RESERVATION). */
typedef struct {
    int actor;
    int redline;
} explain_item;

typedef struct {
    int count;
    explain_item items[EXPLAIN_SET_MAX];
} explain_set;

typedef struct {
    int count;
    explain_set *sets;
    bool complete;      /* every minimal set was found (no cap or search limit reached) */
    int checks;         /* satisfiability checks made */
} explain_conflicts;

/* Every minimal set of constraints that no package satisfies together (up to max_sets). */
ent_status explain_find_conflicts(const model_scenario *scn, int max_sets, uint64_t node_limit,
                                  explain_conflicts *out, ent_error *err);
void explain_conflicts_free(explain_conflicts *c);

/* The constraint's label, e.g. "No US ground troops" or "reservation (0.45)". */
size_t explain_item_label(const model_scenario *scn, explain_item item, char *buf, size_t size);

/* One sentence a class can read on why `actor` does not sign pkg (or that it would). */
size_t explain_non_signatory(const model_scenario *scn, const model_package *pkg, int actor,
                             char *buf, size_t size);

#endif
