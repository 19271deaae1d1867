/* deal.h: deal-space analysis: acceptable sets, ZOPA, coalitions, Pareto, Nash, Kalai-Smorodinsky. */
#ifndef DEAL_H
#define DEAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ent_error.h"
#include "explain.h"
#include "model.h"

#define DEAL_NEAR_MAX 5

typedef struct {
    bool found;
    model_package package;
    model_set signatories;
    double utility[MODEL_MAX_ACTORS];
    double score;
} deal_solution;

typedef struct {
    model_set members;
    double packages; /* how many ZOPA packages this set of signatories signs */
} deal_coalition;

typedef struct {
    model_package package;
    int broken_count;
    uint32_t broken[MODEL_MAX_ACTORS]; /* per actor: red-line bits and MODEL_RESERVATION_BIT */
} deal_near;

typedef struct {
    double enumerate_limit;  /* enumerate spaces up to this size; 0 = 2,000,000 */
    int sample_size;         /* packages sampled in larger spaces; 0 = 20,000 */
    int max_blockers;        /* 0 = 32 */
    uint64_t node_limit;     /* per search; 0 = 50,000,000 */
} deal_options;

typedef struct {
    double packages;
    bool exhaustive;          /* counts are exact; otherwise estimated from `sampled` packages */
    int sampled;
    double acceptable[MODEL_MAX_ACTORS];
    double zopa;
    int coalition_count;
    deal_coalition *coalitions; /* sorted: most packages first */
    int pareto_count;
    model_package *pareto;
    deal_solution nash, nash_weighted, ks;
    bool nash_exact;            /* the search covered the whole space */
    bool agreement_possible;
    explain_conflicts blockers; /* filled when no deal exists */
    int near_count;
    deal_near near[DEAL_NEAR_MAX];
    uint64_t search_nodes;
} deal_analysis;

ent_status deal_analyze(const model_scenario *scn, const deal_options *opts, deal_analysis *out,
                        ent_error *err);
void deal_analysis_free(deal_analysis *a);

/* Fills a solution record (signatories, utilities, symmetric Nash score) for a deal package. */
void deal_describe_solution(const model_scenario *scn, const model_package *pkg,
                            deal_solution *sol);

#endif
