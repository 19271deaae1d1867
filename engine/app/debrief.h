/* debrief.h: the debrief after a run: what happened and why, in pictures, for the class. */
#ifndef DEBRIEF_H
#define DEBRIEF_H

#include "deal.h"
#include "ent_error.h"
#include "model.h"
#include "round.h"

/* The debrief of a run as one self-contained HTML page (inline CSS and SVG pictures drawn
   here; no scripts, no external files): the outcome and its reasons, willingness over the
   rounds, who moved on which issue, which red lines held, the outcome against the Nash
   package, the historical outcome where the scenario records one, and the scenario's
   questions. scn is the scenario as it stood when the run began (names, red lines, values);
   a is deal_analyze() of it, or NULL to leave the Nash comparison out. Deterministic bytes:
   the same run gives the same file. Returns a malloc'd string (caller frees), or NULL when
   memory runs out. */
char *debrief_render(const model_scenario *scn, const round_transcript *t,
                     const deal_analysis *a);
/* Renders the debrief and writes it to path atomically (the old file survives a failure). */
ent_status debrief_write(const char *path, const model_scenario *scn, const round_transcript *t,
                         const deal_analysis *a, ent_error *err);

#endif
