/* round.h: negotiation over rounds: willingness, concessions, signals, events, protocols. */
#ifndef ROUND_H
#define ROUND_H

#include <stdbool.h>
#include <stdint.h>

#include "ent_error.h"
#include "model.h"
#include "rng.h"

#define ROUND_REASON_MAX 320

typedef enum {
    ROUND_ACCEPT,   /* the standing offer meets its red lines and its aspiration */
    ROUND_OBJECT,   /* it does not; the reason says which red line or issue */
    ROUND_COUNTER,  /* alternating offers: it puts its own offer on the table */
    ROUND_WALK,     /* it leaves the negotiation for good, saying why */
    ROUND_ABSENT    /* it left earlier, or is not a party */
} round_verdict;

typedef struct {
    int actor;
    round_verdict verdict;
    int redline;    /* the red line crossed, or -1 */
    int issue;      /* the issue that costs it most, or -1 */
    double utility;
    double aspiration;
    char reason[ROUND_REASON_MAX];
} round_response;

typedef struct {
    int number;                    /* 1-based */
    int proposer;                  /* actor, or -1 = the mediator */
    model_package offer;
    int response_count;
    round_response responses[MODEL_MAX_ACTORS];
    double willingness[MODEL_MAX_ACTORS];
    double aspiration[MODEL_MAX_ACTORS];
    int message_count;
    char **messages;               /* events fired and script messages, in order */
} round_record;

typedef enum { OUTCOME_AGREEMENT, OUTCOME_COALITION, OUTCOME_BREAKDOWN } round_outcome_kind;

typedef struct {
    round_outcome_kind kind;
    bool has_package;
    model_package package;         /* what takes effect (contributions of non-signers removed) */
    model_set signatories;
    int rounds;                    /* rounds played */
    char reason[1024];             /* in words: why it ended like this */
} round_outcome;

typedef struct {
    uint64_t seed;
    int record_count, record_capacity;
    round_record *records;
    round_outcome outcome;
} round_transcript;

typedef struct round_sim round_sim;

/* Calls into scripts (engine/lua provides them; core only knows these pointers). Each returns
   ENT_OK, or an error that stops the run with the script's path:line in err. */
typedef struct {
    void *ctx;
    ent_status (*on_round)(void *ctx, round_sim *sim, ent_error *err);
    ent_status (*on_offer)(void *ctx, round_sim *sim, ent_error *err);
    /* A scripted actor's answer to the standing offer. Leave resp->verdict as ROUND_ABSENT to
       fall back to the built-in behaviour; for ROUND_COUNTER fill *counter. */
    ent_status (*strategy)(void *ctx, round_sim *sim, int actor, round_response *resp,
                           model_package *counter, ent_error *err);
    /* An event's apply(state) function. */
    ent_status (*event_apply)(void *ctx, round_sim *sim, int event, ent_error *err);
} round_hooks;

typedef struct {
    uint64_t seed;
    int rounds;            /* 0 = the scenario's protocol.rounds */
    bool explain;          /* on breakdown, name the conflicting red lines (costs a search) */
} round_options;

/* ---- running ---------------------------------------------------------------------- */

/* The simulation works on scn in place (events change it): pass a copy to keep the original.
   hooks may be NULL. */
round_sim *round_new(model_scenario *scn, const round_options *opts, const round_hooks *hooks,
                     ent_error *err);
void round_free(round_sim *sim);
/* Plays one round; false once the negotiation has ended (or on error: see err->status). */
bool round_step(round_sim *sim, ent_error *err);
/* The first half of a round: events, on_round, willingness, the offer, on_offer; the offer is
   then round_offer() and the answers wait for the next round_step (people playing actors
   answer in between). False on error. */
bool round_propose(round_sim *sim, ent_error *err);
bool round_awaiting_answers(const round_sim *sim);
/* Actors played by people: their answers come from the strategy hook, as a script's do. */
void round_set_human(round_sim *sim, int actor, bool human);
bool round_is_human(const round_sim *sim, int actor);
bool round_finished(const round_sim *sim);
/* Plays to the end and hands over the transcript (caller frees with round_transcript_free). */
ent_status round_run(round_sim *sim, round_transcript *out, ent_error *err);
/* Convenience: new + run + free. */
ent_status round_simulate(model_scenario *scn, const round_options *opts,
                          const round_hooks *hooks, round_transcript *out, ent_error *err);
const round_transcript *round_transcript_of(const round_sim *sim);
void round_transcript_free(round_transcript *t);

/* A facilitator's inject: fires event `event` before the next round. */
ent_status round_inject(round_sim *sim, int event, ent_error *err);

/* ---- what scripts (and the viewer) may read and change -------------------------------- */

const model_scenario *round_scenario(const round_sim *sim);
int round_number(const round_sim *sim);           /* the round being played (0 before any) */
const model_package *round_offer(const round_sim *sim);   /* NULL before the first offer */
double round_willingness(const round_sim *sim, int actor);
double round_aspiration(const round_sim *sim, int actor);
bool round_has_accepted(const round_sim *sim, int actor); /* the standing offer */
bool round_has_walked(const round_sim *sim, int actor);
void round_add_willingness(round_sim *sim, int actor, double delta);
void round_set_reservation(round_sim *sim, int actor, double value);
void round_set_redline(round_sim *sim, int actor, int redline, bool in_force);
/* A new ideal option on an issue: values fall off linearly from it, as for `ideal`. */
void round_set_ideal(round_sim *sim, int actor, int issue, int option);
void round_set_membership(round_sim *sim, int actor, bool party);
/* Adds a line to the current round's transcript. */
ent_status round_message(round_sim *sim, const char *text, ent_error *err);
rng_state *round_rng(round_sim *sim);
uint64_t round_seed(const round_sim *sim);

/* ---- pieces, exposed for tests ------------------------------------------------------ */

/* Faratin et al.: kappa + (1 - kappa) (t / deadline)^(1 / beta), clamped to [0, 1]. */
double round_tactic_willingness(const model_tactic *t, int round, int deadline);
/* Friedkin-Johnsen step for one actor: (1 - s) * own + s * sum_j W_ij x_j (W row-normalised
   over the others; no weights: own). */
double round_influence(const model_scenario *scn, int actor, double own, const double *x);
/* Rubinstein (1982): the first mover's share (1 - d2) / (1 - d1 d2). */
double round_rubinstein_share(double d1, double d2);

const char *round_verdict_name(round_verdict v);
const char *round_outcome_name(round_outcome_kind k);

#endif
