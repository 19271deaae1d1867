/* forecast.h: forecasting models for one continuous issue: the compromise (Achen 2006), the
   weighted median (Black 1948; with a quota and a status quo, the pivots), Bueno de Mesquita's
   expected utility model as reconstructed by Scholz, Calbert & Smith (2011) with its challenge
   log, and Monte Carlo over uncertain inputs. See docs/model.md, "Forecasting models". */
#ifndef FORECAST_H
#define FORECAST_H

#include <stdbool.h>
#include <stdint.h>

#include "ent_error.h"
#include "model.h"
#include "rng.h"

#define FORECAST_MAX_ACTORS 256
#define FORECAST_MAX_ROUNDS 10000
#define FORECAST_MAX_RUNS 1000000
#define FORECAST_MAX_THREADS 64

/* One issue: n actors with a position x_i (any numeric scale), a salience s_i in [0, 1] and a
   capability c_i >= 0. The arrays belong to the caller. */
typedef struct {
    int n;
    const double *position;
    const double *salience;
    const double *capability;
} forecast_input;

/* ---- checks ---------------------------------------------------------------------------- */

typedef enum {
    FORECAST_INPUT_OK,
    FORECAST_TOO_FEW,        /* fewer than two actors */
    FORECAST_TOO_MANY,       /* more than FORECAST_MAX_ACTORS */
    FORECAST_NOT_FINITE,     /* a position, salience or capability is NaN or infinite */
    FORECAST_BAD_CAPABILITY, /* negative */
    FORECAST_BAD_SALIENCE,   /* outside [0, 1] */
    FORECAST_ALL_EQUAL,      /* every actor at the same position: nothing to forecast */
    FORECAST_NO_WEIGHT       /* every c_i s_i is 0 */
} forecast_problem;

/* The first problem of the input; *actor (if not NULL) is the actor it is about, or -1. */
forecast_problem forecast_check(const forecast_input *in, int *actor);

/* ---- compromise and weighted median -------------------------------------------------- */

/* Achen (2006): sum c_i s_i x_i / sum c_i s_i. */
double forecast_compromise(const forecast_input *in);

/* The weighted (c_i s_i) mean and median of positions x (n of them; x = NULL: the input's).
   The median is Black's (1948): sort by x, the first x whose cumulative weight reaches half the
   total. With no weight at all, every actor weighs the same. */
double forecast_weighted_mean(const forecast_input *in, const double *x);
double forecast_weighted_median(const forecast_input *in, const double *x);

typedef struct {
    double quota;        /* share of the total weight a decision needs: 0.5 (default) to 1 */
    bool has_status_quo; /* required when quota > 0.5 */
    double status_quo;
} forecast_median_options;

/* The weighted median, or with a status quo, the pivot: the decision moves from the status quo
   to the nearest point that a quota of the weight cannot overturn. The left pivot L is the
   largest position with at least `quota` of the weight at or above it, the right pivot R the
   smallest with at least `quota` at or below it; the forecast is the status quo moved into
   [min(L, R), max(L, R)] (Krehbiel 1998's gridlock interval). o = NULL: the plain median. */
double forecast_median(const forecast_input *in, const forecast_median_options *o);

/* ---- the expected utility model ------------------------------------------------------ */

/* How the probability that i beats j is normalised. */
typedef enum {
    FORECAST_DENOM_ABS,       /* sum_k c_k s_k | |x_k - x_j| - |x_k - x_i| |  (MODEL-NOTES) */
    FORECAST_DENOM_CAPABILITY /* share of sum_k c_k s_k closer to i (ties split) */
} forecast_denominator;

/* What a conflict (both expect to gain, EU_i(j) > EU_j(i) > 0) does to j. */
typedef enum {
    FORECAST_CONFLICT_NONE, /* nobody moves: both expect to win (default) */
    FORECAST_CONFLICT_MOVE  /* j moves to x_i */
} forecast_conflict;

/* When the risk exponents r_i are estimated. */
typedef enum {
    FORECAST_RISK_INITIAL, /* once, from the initial positions (default) */
    FORECAST_RISK_ROUND,   /* every round, from utilities with r = 1 */
    FORECAST_RISK_CARRY,   /* every round, from utilities with the last round's r */
    FORECAST_RISK_NEUTRAL  /* never: r = 1 throughout */
} forecast_risk;

/* Delta, the range that distances are divided by. */
typedef enum {
    FORECAST_RANGE_INITIAL, /* max x - min x of the initial positions (default) */
    FORECAST_RANGE_CURRENT  /* of the positions at the start of each round */
} forecast_range;

typedef struct {
    double q, t;                      /* Q and T of EU_i(j); 1 and 1 */
    forecast_denominator denominator; /* abs */
    forecast_conflict conflict;       /* none */
    forecast_risk risk;               /* initial */
    forecast_range range;             /* initial */
    int rounds;                       /* round cap, 1..FORECAST_MAX_ROUNDS; 100 */
    double tolerance;                 /* converged once no actor moves more than
                                         tolerance * Delta_0 in a round; 1e-3 */
    bool log;                         /* keep every round's positions and every challenge */
} forecast_eu_options;

forecast_eu_options forecast_eu_defaults(void);
/* NULL when the options are usable; else what is wrong with them. */
const char *forecast_eu_options_problem(const forecast_eu_options *o);

typedef enum { FORECAST_OFFER_CONFLICT, FORECAST_OFFER_COMPROMISE, FORECAST_OFFER_CAPITULATION }
    forecast_offer_kind;
const char *forecast_offer_name(forecast_offer_kind kind);

/* One challenge: i (challenger) challenges j (target) because EU_i(j) > 0, and what it offers j. */
typedef struct {
    int round; /* 1-based */
    int challenger, target;
    forecast_offer_kind kind;
    double eu_challenger; /* EU_i(j) */
    double eu_target;     /* EU_j(i) */
    double from, to;      /* j's position and where the offer takes it (to == from: no move) */
    bool taken;           /* the offer j took: the one that moves it least */
} forecast_challenge;

typedef struct {
    double median, mean; /* weighted (c_i s_i) median and mean of the final positions */
    double spread;       /* max - min of the final positions */
    int rounds;          /* rounds played */
    bool converged;
} forecast_eu_summary;

typedef struct {
    forecast_eu_summary summary;
    int n;
    double *final;           /* n: the final positions */
    double *risk;            /* n: r_i of the last round played */
    /* with options.log: */
    double *positions;       /* (rounds + 1) x n: row t = after round t, row 0 = initial */
    double *median_by_round; /* rounds + 1 */
    double *mean_by_round;   /* rounds + 1 */
    int challenge_count;
    forecast_challenge *challenges; /* by round, then target, then challenger */
} forecast_eu_result;

/* Runs the model (o = NULL: the defaults). The input must pass forecast_check. */
ent_status forecast_eu(const forecast_input *in, const forecast_eu_options *o,
                       forecast_eu_result *out, ent_error *err);
void forecast_eu_result_free(forecast_eu_result *r);

/* Scratch space for running the model many times without allocating (Monte Carlo). */
typedef struct forecast_work forecast_work;
forecast_work *forecast_work_new(int n); /* NULL when memory runs out */
void forecast_work_free(forecast_work *w);
/* The summary only (options.log is ignored); w must be made for at least in->n actors. */
void forecast_eu_quick(const forecast_input *in, const forecast_eu_options *o, forecast_work *w,
                       forecast_eu_summary *out);

/* ---- Monte Carlo ------------------------------------------------------------------------ */

/* Draws one run's inputs from r. The arrays hold the base values on entry. Called on worker
   threads: it must only read ctx. */
typedef void (*forecast_draw_fn)(void *ctx, rng_state *r, int n, double *position,
                                 double *salience, double *capability);

/* The default perturbation, for data that declares no uncertainty (a CSV table), at `level`
   (1 = the default): position ~ normal(x_i, 0.05 level (hi - lo)) and salience ~
   uniform(s_i - 0.1 level, s_i + 0.1 level), both clamped to their range ([lo, hi] and [0, 1]);
   capability ~ c_i uniform(1 - 0.1 level, 1 + 0.1 level), at least 0. */
typedef struct {
    double level;
    double lo, hi; /* the positions' range */
} forecast_noise;
forecast_noise forecast_noise_for(const forecast_input *in, double level);
void forecast_perturb(void *ctx, rng_state *r, int n, double *position, double *salience,
                      double *capability);

typedef struct {
    int runs;                /* 1..FORECAST_MAX_RUNS */
    int threads;             /* 0 = the processors online; at most FORECAST_MAX_THREADS */
    uint64_t seed;           /* run k draws from rng_seed_stream(seed, k): the result depends on
                                the seed and runs only, never on the threads */
    forecast_draw_fn draw;   /* NULL: forecast_perturb at level 1 */
    void *draw_ctx;
    forecast_eu_options eu;
    forecast_median_options median;
    bool no_eu;              /* skip the expected utility model (its series stay 0) */
} forecast_mc_options;

typedef struct {
    double mean, sd, min, max;
    double p5, p25, p50, p75, p95; /* percentiles, linear between order statistics */
} forecast_stats;

enum { FORECAST_MC_COMPROMISE, FORECAST_MC_MEDIAN, FORECAST_MC_EU_MEDIAN, FORECAST_MC_EU_MEAN,
       FORECAST_MC_SERIES };

typedef struct {
    int runs;
    int converged;                            /* runs whose EU model converged */
    forecast_stats stats[FORECAST_MC_SERIES]; /* indexed by FORECAST_MC_* */
    double *samples;                          /* runs x FORECAST_MC_SERIES, in run order */
} forecast_mc_result;

ent_status forecast_mc(const forecast_input *base, const forecast_mc_options *o,
                       forecast_mc_result *out, ent_error *err);
void forecast_mc_result_free(forecast_mc_result *r);

/* Mean, sd (n - 1 in the denominator; 0 for one value), extremes and percentiles of v. */
forecast_stats forecast_stats_of(const double *v, int n);

/* ---- continuous issues of a scenario ------------------------------------------------- */

/* The actors that state a position on continuous issue k, in declaration order: fills the
   arrays (MODEL_MAX_ACTORS each) and actor_of[i] = the scenario's index of actor i. Returns n. */
int forecast_issue_actors(const model_scenario *scn, int k, double *position, double *salience,
                          double *capability, int *actor_of);

/* Does any declared uncertain parameter touch issue k (ACTOR.capability of an actor on it,
   ACTOR.position.K, ACTOR.salience.K)? */
bool forecast_declared_any(const model_scenario *scn, int k);

/* Draws the scenario's declared parameters for issue k (ctx: a forecast_declared). Every
   parameter is drawn, in declaration order (the part-2 ones first, then those on continuous
   issues), so that run k draws the same numbers whatever the issue. */
typedef struct {
    const model_scenario *scn;
    int issue;
    int index_of[MODEL_MAX_ACTORS]; /* scenario actor -> input index, or -1 */
} forecast_declared;
void forecast_declared_init(forecast_declared *d, const model_scenario *scn, int k,
                            const int *actor_of, int n);
void forecast_draw_declared(void *ctx, rng_state *r, int n, double *position, double *salience,
                            double *capability);

#endif
