/* model.h: the scenario model: issues, options, actors, red lines, decision rule, utilities. */
#ifndef MODEL_H
#define MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "ent_error.h"

#define MODEL_MAX_ISSUES 64
#define MODEL_MAX_OPTIONS 16
#define MODEL_MAX_ACTORS 64    /* actor sets are uint64_t bitmasks */
#define MODEL_MAX_REDLINES 31  /* per actor; bit 31 of a constraint mask is the reservation */
#define MODEL_MAX_CONDITIONS 16
#define MODEL_MAX_NODES 4096   /* red-line expression nodes per scenario */
#define MODEL_ID_MAX 32        /* ids are short codes, including the NUL */
#define MODEL_MAX_VARIANTS 32
#define MODEL_MAX_EVENTS 64
#define MODEL_MAX_EFFECTS 16   /* per event, per kind */
#define MODEL_MAX_UNCERTAIN 64

#define MODEL_RESERVATION_BIT (1u << 31)

typedef uint64_t model_set; /* a set of actors, bit i = actor i */

typedef struct {
    char id[MODEL_ID_MAX];
    char *label;
} model_option;

typedef struct {
    char id[MODEL_ID_MAX];
    char *label;
    int option_count;
    model_option options[MODEL_MAX_OPTIONS];
    int default_option; /* the status quo */
    int owner;          /* actor whose own contribution this is, or -1 */
} model_issue;

/* Red-line predicates form a small expression tree stored in model.nodes. */
typedef enum {
    RL_TRUE,
    RL_EQ,      /* issue == option */
    RL_NE,      /* issue != option */
    RL_GE,      /* issue at least option (by option order) */
    RL_LE,      /* issue at most option */
    RL_AND,
    RL_OR,
    RL_NOT,
    RL_IMPLIES
} model_node_op;

typedef struct {
    model_node_op op;
    int issue, option; /* comparisons */
    int left, right;   /* children (node indices); NOT uses left only */
} model_node;

typedef struct {
    char id[MODEL_ID_MAX];
    char *label;
    char *source;
    int node; /* the predicate that must hold on a package */
    bool dormant; /* declared but not (yet) in force: an event can impose it, or lift it again */
} model_redline;

/* How an actor concedes over rounds (Faratin, Sierra & Jennings 1998):
   willingness(t) = kappa + (1 - kappa) (t / deadline)^(1 / beta), 0 = holds out for its best,
   1 = down to its reservation. beta < 1 Boulware, 1 linear, > 1 Conceder. */
typedef enum { TACTIC_TIME, TACTIC_SUBGAME_PERFECT } model_tactic_kind;

typedef struct {
    model_tactic_kind kind;
    double beta;
    double kappa;
    int deadline;          /* in rounds; 0 = the protocol's round limit */
    double susceptibility; /* 0..1: weight of the others' willingness (Friedkin-Johnsen) */
    double patience;       /* discount per round in (0, 1]; 1 = no discounting */
} model_tactic;

typedef struct {
    char id[MODEL_ID_MAX];
    char *name;
    char *source;
    uint32_t colour; /* 0xRRGGBB */
    double capability;
    double reservation;
    double salience[MODEL_MAX_ISSUES];             /* normalised to sum 1 */
    double salience_scale; /* the author's saliences summed: salience * scale = as written */
    double value[MODEL_MAX_ISSUES][MODEL_MAX_OPTIONS]; /* v_ik in [0,1] */
    char *position_source[MODEL_MAX_ISSUES];
    int redline_count;
    model_redline redlines[MODEL_MAX_REDLINES];
    model_tactic tactic;
    double listens[MODEL_MAX_ACTORS]; /* influence weights W_ij (row normalised when used) */
    int strategy_ref;                  /* a script's strategy function (0 = none) */
} model_actor;

/* "If the package makes `when` true, these actors must sign." */
typedef struct {
    int node;
    model_set actors;
    char *label;
} model_condition;

typedef struct {
    model_set parties;   /* who may sign at all */
    model_set required;  /* who must always sign */
    model_set guarantors; /* eligible guarantors */
    int min_guarantors;
    double min_guarantor_share; /* of the eligible guarantors' capability, 0..1 */
    int condition_count;
    model_condition conditions[MODEL_MAX_CONDITIONS];
    double outsider_gain; /* the neutral gain a non-signer enters the Nash product with */
} model_rule;

/* ---- negotiation over rounds (part 2) ---------------------------------------- */

typedef enum { PROTOCOL_MEDIATOR, PROTOCOL_ALTERNATING } model_protocol_kind;

typedef struct {
    model_protocol_kind kind;
    int mediator;        /* for the single negotiating text: an actor, or -1 = a neutral one */
    int rounds;          /* the deadline of the negotiation */
    int order_count;     /* alternating offers: who moves in which order (default: all parties) */
    int order[MODEL_MAX_ACTORS];
} model_protocol;

typedef struct {
    int actor;
    int index;    /* red line index, or issue index for positions */
    double value;
} model_effect;

/* A scripted event: fires at a round, or when a condition holds, and changes the negotiation. */
typedef struct {
    char id[MODEL_ID_MAX];
    char *label;
    char *message;     /* added to the transcript */
    char *source;
    int at_round;      /* 0 = not tied to a round */
    int when_offer;    /* predicate node on the standing offer, -1 = none */
    model_set when_accepted; /* fire once all of these accepted the standing offer */
    int signal_from;   /* -1 = none: a commitment that moves those who listen to this actor */
    double signal_strength;
    int willingness_count;
    model_effect willingness[MODEL_MAX_EFFECTS]; /* add value to the actor's willingness */
    int reservation_count;
    model_effect reservation[MODEL_MAX_EFFECTS]; /* set the actor's reservation */
    int position_count;
    model_effect positions[MODEL_MAX_EFFECTS];   /* new ideal: (actor, issue, option as value) */
    int lift_count;
    model_effect lift[MODEL_MAX_EFFECTS];        /* red lines lifted (actor, index) */
    int impose_count;
    model_effect impose[MODEL_MAX_EFFECTS];      /* dormant red lines put in force */
    model_set join, leave; /* parties (and guarantors, if eligible) joining or leaving */
    int apply_ref;     /* a script function(state) run when it fires (0 = none) */
    bool inject;       /* fired by a facilitator, not by the script's conditions */
} model_event;

/* A parameter drawn at random in each Monte Carlo run. */
typedef enum {
    UNCERTAIN_RESERVATION, UNCERTAIN_CAPABILITY, UNCERTAIN_SALIENCE, UNCERTAIN_BETA,
    UNCERTAIN_DEADLINE, UNCERTAIN_SUSCEPTIBILITY, UNCERTAIN_KAPPA, UNCERTAIN_LISTENS
} model_uncertain_target;

typedef enum { DIST_UNIFORM, DIST_NORMAL, DIST_TRIANGULAR, DIST_CHOICE } model_dist_kind;

#define MODEL_MAX_CHOICES 8

typedef struct {
    char id[64];
    model_uncertain_target target;
    int actor;
    int other;             /* issue (salience) or listened-to actor (listens) */
    model_dist_kind dist;
    double a, b, c;        /* uniform(a, b); normal(a = mean, b = sd); triangular(a, c = mode, b) */
    int choice_count;
    double choices[MODEL_MAX_CHOICES], weights[MODEL_MAX_CHOICES];
    double lo, hi;         /* the target's valid range: draws are clamped to it */
} model_uncertain;

/* A package: one option index per issue. */
typedef struct {
    uint8_t opt[MODEL_MAX_ISSUES];
} model_package;

/* What really happened, when the scenario records it: the debrief compares the run with it,
   and the library's tests check that the baseline reproduces it in kind. */
#define MODEL_MAX_QUESTIONS 16
typedef enum { HISTORY_NONE, HISTORY_AGREEMENT, HISTORY_COALITION, HISTORY_BREAKDOWN } model_history_kind;

typedef struct {
    model_history_kind kind;
    model_set signatories;
    model_package package;   /* the options agreed, on the issues in `recorded` */
    uint64_t recorded;       /* issues whose historical option is given (bit k) */
    uint64_t decisive;       /* the issues that decided it (bit k) */
    char *summary;
    char *source;
} model_history;

/* ---- continuous issues (part 4) ---------------------------------------------------------- */

#define MODEL_MAX_CONTINUOUS 16

/* An issue on a numeric scale (0-100, years ...): actors state a position, a salience (0 to 1)
   and bring their capability. Only the forecasting models read these; the deal space, the
   rounds and Monte Carlo see the discrete issues alone. */
typedef struct {
    char id[MODEL_ID_MAX];
    char *label;
    char *source;
    double lo, hi;                 /* the scale */
    bool has_status_quo, has_outcome;
    double status_quo, outcome;    /* outcome: what was decided, for scoring forecasts */
    model_set stated;              /* actors that state a position on it */
    double position[MODEL_MAX_ACTORS];
    double salience[MODEL_MAX_ACTORS];
    char *position_source[MODEL_MAX_ACTORS];
} model_continuous;

/* A parameter of a continuous issue drawn at random in forecasting Monte Carlo. */
typedef enum { CUNCERTAIN_POSITION, CUNCERTAIN_SALIENCE } model_cuncertain_field;

typedef struct {
    model_uncertain draw; /* id, actor, distribution and clamp range; draw.target is unused */
    model_cuncertain_field field;
    int issue;            /* index into continuous */
} model_cuncertain;

typedef struct model_chunk model_chunk;

typedef struct {
    char id[MODEL_ID_MAX];
    char *label;
    char *description;
} model_variant;

typedef struct {
    char id[64];
    char *title;
    char *description;
    int variant_count;
    model_variant variants[MODEL_MAX_VARIANTS]; /* every variant the scenario offers */
    char *variant; /* the variant this model was built for */
    char *source_path;
    uint64_t seed;
    int issue_count;
    model_issue issues[MODEL_MAX_ISSUES];
    int actor_count;
    model_actor actors[MODEL_MAX_ACTORS];
    int node_count;
    model_node nodes[MODEL_MAX_NODES];
    model_rule rule;
    model_protocol protocol;
    int event_count;
    model_event events[MODEL_MAX_EVENTS];
    int uncertain_count;
    model_uncertain uncertain[MODEL_MAX_UNCERTAIN];
    int continuous_count;
    model_continuous continuous[MODEL_MAX_CONTINUOUS];
    int cuncertain_count;
    model_cuncertain cuncertain[MODEL_MAX_UNCERTAIN];
    int on_round_ref, on_offer_ref; /* a script's callbacks (0 = none) */
    model_history history;
    int question_count;
    char *questions[MODEL_MAX_QUESTIONS]; /* for the class's debrief */
    model_chunk *strings; /* arena for every char * above */
} model_scenario;


/* ---- building ---------------------------------------------------------- */

model_scenario *model_new(void);
void model_free(model_scenario *scn);
/* Copies s into the scenario's arena; NULL only when memory runs out. */
char *model_strdup(model_scenario *scn, const char *s);
/* Adds a node; returns its index, or -1 when the node table is full. */
int model_add_node(model_scenario *scn, model_node node);
model_scenario *model_clone(const model_scenario *scn);

int model_find_actor(const model_scenario *scn, const char *id);
int model_find_issue(const model_scenario *scn, const char *id);
int model_find_option(const model_issue *issue, const char *id);
int model_find_continuous(const model_scenario *scn, const char *id);

/* Red lines in force (not dormant): bit r set for red line r. */
uint32_t model_active_redlines(const model_actor *a);
/* Best utility the actor could get from any package (each issue at its best option). */
double model_best_utility(const model_scenario *scn, int actor);

/* Normalises saliences and fills defaults; checks invariants the loader cannot see. A scenario
   with continuous issues only (for forecasting) needs no discrete issue, and its actors need no
   discrete salience. */
ent_status model_finish(model_scenario *scn, ent_error *err);

/* ---- evaluation -------------------------------------------------------- */

double model_package_count(const model_scenario *scn);
double model_utility(const model_scenario *scn, int actor, const model_package *pkg);
/* Bitmask of the actor's broken constraints: bit j = red line j, MODEL_RESERVATION_BIT. */
uint32_t model_violations(const model_scenario *scn, int actor, const model_package *pkg);
/* Required signatories of this package: static, conditional, and owners of contributions made. */
model_set model_required(const model_scenario *scn, const model_package *pkg);
/* Does the set of accepting actors satisfy the rule for this package? */
bool model_rule_met(const model_scenario *scn, const model_package *pkg, model_set accepting);
model_set model_accepting(const model_scenario *scn, const model_package *pkg);
/* Is pkg a deal; if so *signatories is the set of accepting parties. */
bool model_is_deal(const model_scenario *scn, const model_package *pkg, model_set *signatories);

static inline bool model_set_has(model_set s, int i) { return (s >> i) & 1u; }
int model_set_count(model_set s);
/* Total capability of the actors in the set. */
double model_capability(const model_scenario *scn, model_set set);

/* The Nash term of one actor (alpha applied by the caller). */
double model_nash_term(const model_scenario *scn, int actor, double utility, bool signs);

#endif
