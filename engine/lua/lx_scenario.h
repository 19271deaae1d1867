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

/* ---- sessions: a loaded scenario whose script stays alive for a run ------------------- */

#include "round.h"

typedef struct lx_session lx_session;

/* Loads like lx_scenario_load, but keeps the sandbox so that the script's callbacks (on_round,
   on_offer, strategies, event apply functions) can run during a negotiation. */
ent_status lx_session_open(const char *path, const char *variant, const lx_load_limits *limits,
                           lx_session **out, ent_error *err);
ent_status lx_session_open_text(const char *path, const char *text, size_t size,
                                const char *variant, const lx_load_limits *limits,
                                lx_session **out, ent_error *err);
/* The model (owned by the session; a run may change it: clone it to keep it). */
model_scenario *lx_session_model(lx_session *s);
/* Hooks that call the script's functions, each through the sandbox with its budget. */
round_hooks lx_session_hooks(lx_session *s);
/* Script functions the session holds (registry references); 0 after close. */
int lx_session_live_refs(const lx_session *s);
/* Before each of many runs in one session (Monte Carlo): reseeds math.random from the run's
   seed, so that what a script draws does not depend on which runs came before. */
void lx_session_begin_run(lx_session *s, uint64_t seed);
/* Script functions held by all open sessions of the process (0 when every one is closed). */
int lx_live_callbacks(void);
void lx_session_close(lx_session *s);

#endif
