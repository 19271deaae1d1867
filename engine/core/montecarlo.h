/* montecarlo.h: Monte Carlo over a scenario's uncertain parameters: draws, parallel runs, odds. */
#ifndef MONTECARLO_H
#define MONTECARLO_H

#include <stdbool.h>
#include <stdint.h>

#include "ent_error.h"
#include "model.h"
#include "rng.h"
#include "round.h"

#define MC_DEFAULT_RUNS 1000
#define MC_MAX_RUNS 1000000
#define MC_MAX_THREADS 64
#define MC_TOP_PACKAGES 10
#define MC_OUTCOME_KINDS 3 /* round_outcome_kind: agreement, coalition, breakdown */

/* ---- sampling ---------------------------------------------------------------------- */

/* One draw of u from r: uniform(a, b), normal(mean a, sd b; Box-Muller), triangular(a, mode c,
   b) or a weighted choice (all weights 0 = equal weights), then clamped to [lo, hi] when
   hi > lo (lo >= hi: no range given, no clamping). Every distribution uses a fixed number of
   draws from r. u must pass mc_check. */
double mc_sample(const model_uncertain *u, rng_state *r);

/* Writes value into u's target, kept inside the target's own domain:
   reservation, kappa, susceptibility in [0, 1]; capability, listens >= 0; beta > 0;
   deadline rounded to the nearest integer >= 1;
   salience: value (>= 0) becomes issue `other`'s weight next to the actor's other saliences
   as they stand (normalised, summing to 1 - the old share), then the row is
   normalised to sum 1 again (all zero: the issue gets 1). */
void mc_apply(model_scenario *scn, const model_uncertain *u, double value);

/* Is every uncertain parameter of scn well formed (actor and issue in range, finite numbers,
   a <= c <= b, sd >= 0, 1..MODEL_MAX_CHOICES choices with weights >= 0)? Names the parameter. */
ent_status mc_check(const model_scenario *scn, ent_error *err);

/* ---- running ------------------------------------------------------------------------- */

/* How each worker thread gets its own scenario and hooks (Lua callbacks need one Lua state per
   thread). make and destroy are called on the calling thread, one worker after the other,
   before any run and after the last one. The scenario a worker gets must be the one mc_run
   was given (same actors, issues and uncertain parameters); the runs change it in place and
   it is restored between runs. When make fails, nothing of that worker is destroyed.
   begin_run (optional) is called on the worker's own thread before each run, once its draws
   are applied: a script state that lives on from run to run (math.random, globals) must be
   reset there from `seed` (mc_run_seed of the run), or results would depend on which worker
   ran which run. Its failure fails the run like a script error. */
typedef struct {
    void *ctx;
    ent_status (*make)(void *ctx, int worker, model_scenario **scn, round_hooks *hooks,
                       ent_error *err);
    void (*destroy)(void *ctx, int worker, model_scenario *scn, round_hooks *hooks);
    ent_status (*begin_run)(void *ctx, int worker, int run, uint64_t seed, ent_error *err);
} mc_worker_factory;

/* Zero means default everywhere. */
typedef struct {
    int runs;           /* 0 = MC_DEFAULT_RUNS; at most MC_MAX_RUNS */
    int threads;        /* 0 = the processors online; at most MC_MAX_THREADS (and runs) */
    uint64_t seed;      /* run k draws from rng_seed_stream(seed, k): the result depends on the
                           seed only, never on the thread count or scheduling */
    int rounds;         /* 0 = the scenario's protocol.rounds */
    /* Called on the calling thread, with done non-decreasing, the last call with
       done == total once every run succeeded. */
    void (*progress)(void *ctx, int done, int total);
    void *progress_ctx;
    mc_worker_factory *factory; /* NULL: each worker runs a model_clone, without hooks */
} mc_options;

typedef struct {
    model_package package;      /* options past issue_count are 0 */
    round_outcome_kind kind;    /* agreement or coalition */
    int count;                  /* runs that ended with this package, as this kind */
    double frequency;           /* count / runs */
} mc_package;

/* How much one uncertain parameter moves the odds of a deal (agreement or coalition). Its runs
   are split at the median of its draws: a draw equal to the median joins the smaller half, or
   neither when the halves are even. For a choice, the halves are the runs that drew the lowest
   and the highest value drawn. */
typedef struct {
    int uncertain;              /* index into scn->uncertain */
    double median;
    int low_count, high_count;  /* runs in each half */
    double low_value, high_value; /* the mean draw in each half (0 for an empty half) */
    double low_deal, high_deal; /* probability of a deal in each half (0 for an empty half) */
    double swing;               /* |high_deal - low_deal| */
} mc_tornado;

typedef struct {
    int runs;
    int actor_count, uncertain_count;
    int outcome_count[MC_OUTCOME_KINDS];          /* indexed by round_outcome_kind */
    double outcome_probability[MC_OUTCOME_KINDS];
    int deal_count;                               /* agreement + coalition */
    double deal_probability;
    double mean_rounds;                           /* rounds played, over all runs */
    int signatory_count[MODEL_MAX_ACTORS];        /* runs in which the actor signs */
    double signatory_probability[MODEL_MAX_ACTORS];
    int distinct_packages;                        /* (package, kind) pairs seen */
    int package_count;                            /* entries in packages */
    mc_package packages[MC_TOP_PACKAGES];         /* by count; ties by package bytes, kind */
    mc_tornado *tornado;          /* uncertain_count entries, largest swing first (ties: the
                                     order of declaration) */
    unsigned char *outcomes;      /* per run, in run order: its round_outcome_kind */
    double *draws;                /* run k's draw of parameter u at [k * uncertain_count + u] */
} mc_result;

/* Runs the scenario opts->runs times, each with every uncertain parameter drawn from its own
   stream, and aggregates the outcomes. scn is not changed. A run that fails (a script error)
   stops the whole Monte Carlo: err is the error of the lowest failing run index, whatever the
   thread count, with " (Monte Carlo run K)" appended. On failure *out is left empty. */
ent_status mc_run(const model_scenario *scn, const mc_options *opts, mc_result *out,
                  ent_error *err);
void mc_result_free(mc_result *r);

/* ---- pieces, exposed for tests ------------------------------------------------------ */

/* What a run may change in a scenario (reservations, capabilities, saliences, positions,
   tactics, listens, red lines in force, the rule and the protocol), for actor_count actors and
   issue_count issues: taken once per worker, restored before each run. */
typedef struct mc_snapshot mc_snapshot;
mc_snapshot *mc_snapshot_take(const model_scenario *scn); /* NULL when memory runs out */
void mc_snapshot_restore(const mc_snapshot *snap, model_scenario *scn);
void mc_snapshot_free(mc_snapshot *snap);

/* The round engine's seed for run k. */
uint64_t mc_run_seed(uint64_t seed, int run);

#endif
