/* report.h: the analysis as readable text or as JSON. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "deal.h"
#include "model.h"

void report_text(FILE *out, const model_scenario *scn, const deal_analysis *a);
/* Returns a malloc'd JSON document (caller frees), or NULL when memory runs out. */
char *report_json(const model_scenario *scn, const deal_analysis *a);

#endif
