/* report.h: the analysis as readable text or as JSON. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "deal.h"
#include "model.h"
#include "round.h"

void report_text(FILE *out, const model_scenario *scn, const deal_analysis *a);
/* The negotiation round by round, then the outcome. Needs only the scenario's names (ids,
   labels), so a model rebuilt from a replay file prints the same text. */
void report_transcript(FILE *out, const model_scenario *scn, const round_transcript *t);
/* Returns a malloc'd JSON document of a run (caller frees), or NULL when memory runs out. */
char *report_run_json(const model_scenario *scn, const round_transcript *t);
/* Returns a malloc'd JSON document (caller frees), or NULL when memory runs out. */
char *report_json(const model_scenario *scn, const deal_analysis *a);

#endif
