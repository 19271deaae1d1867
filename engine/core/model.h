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
} model_redline;

typedef struct {
    char id[MODEL_ID_MAX];
    char *name;
    char *source;
    uint32_t colour; /* 0xRRGGBB */
    double capability;
    double reservation;
    double salience[MODEL_MAX_ISSUES];             /* normalised to sum 1 */
    double value[MODEL_MAX_ISSUES][MODEL_MAX_OPTIONS]; /* v_ik in [0,1] */
    char *position_source[MODEL_MAX_ISSUES];
    int redline_count;
    model_redline redlines[MODEL_MAX_REDLINES];
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
    model_chunk *strings; /* arena for every char * above */
} model_scenario;

/* A package: one option index per issue. */
typedef struct {
    uint8_t opt[MODEL_MAX_ISSUES];
} model_package;

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

/* Normalises saliences and fills defaults; checks invariants the loader cannot see. */
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
