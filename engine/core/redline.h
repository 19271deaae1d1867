/* redline.h: evaluating and describing red-line predicates over (partial) packages. */
#ifndef REDLINE_H
#define REDLINE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef enum { REDLINE_FALSE = 0, REDLINE_TRUE = 1, REDLINE_UNKNOWN = 2 } redline_truth;

bool redline_eval(const model_scenario *scn, int node, const model_package *pkg);
/* Three-valued evaluation when only the issues in `assigned` (bit k) are fixed. */
redline_truth redline_eval3(const model_scenario *scn, int node, const model_package *pkg,
                            uint64_t assigned);
/* Issues the predicate mentions (bit k). */
uint64_t redline_issues(const model_scenario *scn, int node);
/* Plain words, e.g. "US ground troops is not 'deployed'"; returns the length written. */
size_t redline_describe(const model_scenario *scn, int node, char *buf, size_t size);

#endif
