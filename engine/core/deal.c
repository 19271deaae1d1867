/* deal.c: deal-space analysis by enumeration (small spaces) or sampling plus search (large). */
#include "deal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "redline.h"
#include "rng.h"
#include "search.h"

typedef struct {
    model_package pkg;
    model_set signatories;
    double utility[MODEL_MAX_ACTORS];
} zopa_entry;

typedef struct {
    zopa_entry *items;
    size_t count, capacity;
} zopa_list;

static bool zopa_push(zopa_list *z, const zopa_entry *e)
{
    if (z->count == z->capacity) {
        size_t cap = z->capacity ? z->capacity * 2 : 1024;
        void *grown = realloc(z->items, sizeof *z->items * cap);
        if (!grown)
            return false;
        z->items = grown;
        z->capacity = cap;
    }
    z->items[z->count++] = *e;
    return true;
}

void deal_describe_solution(const model_scenario *scn, const model_package *pkg,
                            deal_solution *sol)
{
    memset(sol, 0, sizeof *sol);
    sol->found = model_is_deal(scn, pkg, &sol->signatories);
    sol->package = *pkg;
    for (int i = 0; i < scn->actor_count; i++)
        sol->utility[i] = model_utility(scn, i, pkg);
    sol->score = search_nash_score(scn, NULL, pkg, sol->signatories);
}

static bool count_coalition(deal_analysis *a, model_set members, int *capacity)
{
    for (int c = 0; c < a->coalition_count; c++)
        if (a->coalitions[c].members == members) {
            a->coalitions[c].packages++;
            return true;
        }
    if (a->coalition_count == *capacity) {
        int cap = *capacity ? *capacity * 2 : 16;
        void *grown = realloc(a->coalitions, sizeof *a->coalitions * (size_t)cap);
        if (!grown)
            return false;
        a->coalitions = grown;
        *capacity = cap;
    }
    a->coalitions[a->coalition_count++] = (deal_coalition){members, 1};
    return true;
}

static int coalition_cmp(const void *pa, const void *pb)
{
    const deal_coalition *a = pa, *b = pb;
    if (a->packages != b->packages)
        return a->packages < b->packages ? 1 : -1;
    return a->members < b->members ? -1 : a->members > b->members;
}

/* Exhaustive enumeration, depth first, with running utility sums per actor so that a leaf
   costs a few red-line evaluations instead of a full utility sum per actor. */
typedef struct {
    const model_scenario *scn;
    deal_analysis *a;
    zopa_list *z;
    int *coalition_capacity;
    bool nearest;          /* second pass: rank non-deals by distance */
    bool failed;           /* out of memory */
    const double *table;   /* [actor][issue][option] = salience * value */
    model_package pkg;
    double psum[MODEL_MAX_ISSUES + 1][MODEL_MAX_ACTORS];
    /* A red line is decided once the last issue it mentions is assigned: evaluate it there
       once for the whole subtree instead of at every leaf. */
    uint32_t viol[MODEL_MAX_ISSUES + 1][MODEL_MAX_ACTORS];
    int decided_n[MODEL_MAX_ISSUES + 1];
    struct {
        int actor, redline;
    } decided[MODEL_MAX_ISSUES + 1][MODEL_MAX_ACTORS * 4];
    bool decided_overflow;
} enum_ctx;

static void near_insert(deal_analysis *a, const model_package *pkg, int cost,
                        const uint32_t *broken, int n);

static void enum_leaf(enum_ctx *c)
{
    const model_scenario *scn = c->scn;
    const double *u = c->psum[scn->issue_count];
    uint32_t viol[MODEL_MAX_ACTORS];
    model_set acc = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        const model_actor *ac = &scn->actors[i];
        uint32_t v = c->viol[scn->issue_count][i];
        if (c->decided_overflow)
            for (int r = 0; r < ac->redline_count; r++)
                if (!ac->redlines[r].dormant && !redline_eval(scn, ac->redlines[r].node, &c->pkg))
                    v |= 1u << r;
        if (u[i] < ac->reservation - 1e-12)
            v |= MODEL_RESERVATION_BIT;
        viol[i] = v;
        if (!v)
            acc |= 1ull << i;
    }
    if (c->nearest) {
        uint32_t broken[MODEL_MAX_ACTORS];
        int cost = search_cost(scn, NULL, &c->pkg, viol, broken);
        near_insert(c->a, &c->pkg, cost, broken, scn->actor_count);
        return;
    }
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(acc, i))
            c->a->acceptable[i]++;
    if (!model_rule_met(scn, &c->pkg, acc))
        return;
    c->a->zopa++;
    zopa_entry e;
    e.pkg = c->pkg;
    e.signatories = acc & scn->rule.parties;
    memcpy(e.utility, u, sizeof e.utility[0] * (size_t)scn->actor_count);
    if (!count_coalition(c->a, e.signatories, c->coalition_capacity) || !zopa_push(c->z, &e))
        c->failed = true;
}

static void enum_rec(enum_ctx *c, int k)
{
    const model_scenario *scn = c->scn;
    if (k == scn->issue_count) {
        enum_leaf(c);
        return;
    }
    for (int o = 0; o < scn->issues[k].option_count && !c->failed; o++) {
        c->pkg.opt[k] = (uint8_t)o;
        for (int i = 0; i < scn->actor_count; i++) {
            c->psum[k + 1][i] =
                c->psum[k][i] + c->table[((size_t)i * scn->issue_count + k) * MODEL_MAX_OPTIONS + o];
            c->viol[k + 1][i] = c->viol[k][i];
        }
        for (int j = 0; j < c->decided_n[k + 1]; j++) {
            int i = c->decided[k + 1][j].actor, r = c->decided[k + 1][j].redline;
            if (!redline_eval(scn, scn->actors[i].redlines[r].node, &c->pkg))
                c->viol[k + 1][i] |= 1u << r;
        }
        enum_rec(c, k + 1);
    }
}

static bool enumerate(enum_ctx *c)
{
    const model_scenario *scn = c->scn;
    double *table = calloc((size_t)scn->actor_count * scn->issue_count * MODEL_MAX_OPTIONS,
                           sizeof *table);
    if (!table)
        return false;
    for (int i = 0; i < scn->actor_count; i++)
        for (int k = 0; k < scn->issue_count; k++)
            for (int o = 0; o < scn->issues[k].option_count; o++)
                table[((size_t)i * scn->issue_count + k) * MODEL_MAX_OPTIONS + o] =
                    scn->actors[i].salience[k] * scn->actors[i].value[k][o];
    c->table = table;
    memset(&c->pkg, 0, sizeof c->pkg);
    memset(c->psum[0], 0, sizeof c->psum[0]);
    memset(c->viol[0], 0, sizeof c->viol[0]);
    memset(c->decided_n, 0, sizeof c->decided_n);
    c->decided_overflow = false;
    for (int i = 0; i < scn->actor_count; i++)
        for (int r = 0; r < scn->actors[i].redline_count; r++) {
            if (scn->actors[i].redlines[r].dormant)
                continue;
            uint64_t m = redline_issues(scn, scn->actors[i].redlines[r].node);
            int depth = m ? 64 - __builtin_clzll(m) : 0; /* after its last issue is assigned */
            if (depth == 0) {
                if (!redline_eval(scn, scn->actors[i].redlines[r].node, &c->pkg))
                    c->viol[0][i] |= 1u << r;
                continue;
            }
            if (c->decided_n[depth] == MODEL_MAX_ACTORS * 4) {
                c->decided_overflow = true; /* rare: fall back to evaluating at the leaves */
                continue;
            }
            c->decided[depth][c->decided_n[depth]].actor = i;
            c->decided[depth][c->decided_n[depth]++].redline = r;
        }
    enum_rec(c, 0);
    free(table);
    return !c->failed;
}

/* Sampling: tally one random package the same way. */
static bool visit(const model_scenario *scn, const model_package *pkg, deal_analysis *a,
                  zopa_list *z, int *coalition_capacity)
{
    zopa_entry e;
    model_set acc = 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_violations(scn, i, pkg) == 0) {
            acc |= 1ull << i;
            a->acceptable[i]++;
        }
    if (!model_rule_met(scn, pkg, acc))
        return true;
    a->zopa++;
    e.pkg = *pkg;
    e.signatories = acc & scn->rule.parties;
    for (int i = 0; i < scn->actor_count; i++)
        e.utility[i] = model_utility(scn, i, pkg);
    return count_coalition(a, e.signatories, coalition_capacity) && zopa_push(z, &e);
}

/* Packages are compared whole: every producer zeroes the options past the last issue. */
static int package_cmp(const void *pa, const void *pb)
{
    const zopa_entry *a = pa, *b = pb;
    return memcmp(a->pkg.opt, b->pkg.opt, sizeof a->pkg.opt);
}

static void zopa_unique(zopa_list *z)
{
    if (z->count < 2)
        return;
    qsort(z->items, z->count, sizeof *z->items, package_cmp);
    size_t kept = 1;
    for (size_t p = 1; p < z->count; p++)
        if (package_cmp(&z->items[p], &z->items[kept - 1]) != 0)
            z->items[kept++] = z->items[p];
    z->count = kept;
}

/* Pareto over every actor's utility: no other deal weakly better for all, strictly for one. */
static bool dominates(const zopa_entry *x, const zopa_entry *y, int n)
{
    bool strict = false;
    for (int i = 0; i < n; i++) {
        if (x->utility[i] < y->utility[i] - 1e-12)
            return false;
        if (x->utility[i] > y->utility[i] + 1e-12)
            strict = true;
    }
    return strict;
}

typedef struct {
    double sum;
    size_t index;
} ranked;

static int ranked_cmp(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->sum != b->sum)
        return a->sum < b->sum ? 1 : -1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* A dominator has a strictly larger utility sum, so scanning by descending sum, a package is
   on the frontier iff no frontier member found so far dominates it (dominance is transitive). */
static ent_status pareto_filter(const model_scenario *scn, const zopa_list *z, deal_analysis *a,
                                ent_error *err)
{
    int n = scn->actor_count;
    ranked *order = malloc(sizeof *order * (z->count ? z->count : 1));
    size_t *front = malloc(sizeof *front * (z->count ? z->count : 1));
    if (!order || !front) {
        free(order);
        free(front);
        return ent_fail(err, ENT_ERR_NOMEM, "analysis: out of memory");
    }
    for (size_t p = 0; p < z->count; p++) {
        order[p].index = p;
        order[p].sum = 0;
        for (int i = 0; i < n; i++)
            order[p].sum += z->items[p].utility[i];
    }
    if (z->count > 1)
        qsort(order, z->count, sizeof *order, ranked_cmp);
    size_t kept = 0;
    for (size_t p = 0; p < z->count; p++) {
        const zopa_entry *cand = &z->items[order[p].index];
        bool dominated = false;
        for (size_t q = 0; q < kept && !dominated; q++)
            dominated = dominates(&z->items[front[q]], cand, n);
        if (!dominated)
            front[kept++] = order[p].index;
    }
    free(order);
    a->pareto = malloc(sizeof *a->pareto * (kept ? kept : 1));
    if (!a->pareto) {
        free(front);
        return ent_fail(err, ENT_ERR_NOMEM, "analysis: out of memory");
    }
    for (size_t q = 0; q < kept; q++)
        a->pareto[a->pareto_count++] = z->items[front[q]].pkg;
    free(front);
    return ENT_OK;
}

static int double_cmp(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Kalai-Smorodinsky over the actors that sign some deal; refined by leximin, then Nash. */
static void kalai_smorodinsky(const model_scenario *scn, const zopa_list *z,
                              const deal_analysis *a, deal_solution *ks)
{
    int n = scn->actor_count;
    model_set potential = 0;
    double umax[MODEL_MAX_ACTORS];
    for (int i = 0; i < n; i++)
        umax[i] = -INFINITY;
    for (size_t p = 0; p < z->count; p++) {
        potential |= z->items[p].signatories;
        for (int i = 0; i < n; i++)
            if (model_set_has(z->items[p].signatories, i) && z->items[p].utility[i] > umax[i])
                umax[i] = z->items[p].utility[i];
    }
    double best[MODEL_MAX_ACTORS];
    double best_nash = -INFINITY;
    int m = model_set_count(potential);
    bool have = false;
    for (int f = 0; f < a->pareto_count; f++) {
        model_package pkg = a->pareto[f];
        model_set sig;
        model_is_deal(scn, &pkg, &sig);
        double g[MODEL_MAX_ACTORS];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (!model_set_has(potential, i))
                continue;
            double span = umax[i] - scn->actors[i].reservation;
            double u = model_utility(scn, i, &pkg);
            g[j++] = !model_set_has(sig, i) ? 0
                     : span > 1e-12       ? (u - scn->actors[i].reservation) / span
                                          : 1;
        }
        if (m > 1)
            qsort(g, (size_t)m, sizeof g[0], double_cmp);
        double nash = search_nash_score(scn, NULL, &pkg, sig);
        int cmp = 0;
        for (int t = 0; have && t < m && cmp == 0; t++)
            cmp = g[t] > best[t] + 1e-12 ? 1 : g[t] < best[t] - 1e-12 ? -1 : 0;
        if (!have || cmp > 0 || (cmp == 0 && nash > best_nash + 1e-12)) {
            have = true;
            memcpy(best, g, sizeof g[0] * (size_t)m);
            best_nash = nash;
            deal_describe_solution(scn, &pkg, ks);
        }
    }
}

static void random_package(const model_scenario *scn, rng_state *r, model_package *p)
{
    memset(p, 0, sizeof *p);
    for (int k = 0; k < scn->issue_count; k++)
        p->opt[k] = (uint8_t)rng_below(r, (uint64_t)scn->issues[k].option_count);
}

/* Keeps the cheapest packages, one per distinct set of broken constraints, so the list shows
   different ways to a deal rather than five variations of one. */
static void near_insert(deal_analysis *a, const model_package *pkg, int cost,
                        const uint32_t *broken, int n)
{
    if (a->near_count == DEAL_NEAR_MAX && a->near[DEAL_NEAR_MAX - 1].broken_count <= cost)
        return;
    for (int j = 0; j < a->near_count; j++)
        if (memcmp(a->near[j].broken, broken, sizeof broken[0] * (size_t)n) == 0)
            return;
    int pos = a->near_count;
    while (pos > 0 && a->near[pos - 1].broken_count > cost)
        pos--;
    if (pos >= DEAL_NEAR_MAX)
        return;
    int last = a->near_count < DEAL_NEAR_MAX ? a->near_count : DEAL_NEAR_MAX - 1;
    for (int j = last; j > pos; j--)
        a->near[j] = a->near[j - 1];
    a->near[pos].package = *pkg;
    a->near[pos].broken_count = cost;
    memset(a->near[pos].broken, 0, sizeof a->near[pos].broken);
    memcpy(a->near[pos].broken, broken, sizeof broken[0] * (size_t)n);
    if (a->near_count < DEAL_NEAR_MAX)
        a->near_count++;
}

ent_status deal_analyze(const model_scenario *scn, const deal_options *opts, deal_analysis *out,
                        ent_error *err)
{
    deal_options o = opts ? *opts : (deal_options){0};
    if (o.enumerate_limit <= 0)
        o.enumerate_limit = 2e6;
    if (o.sample_size <= 0)
        o.sample_size = 20000;
    if (o.max_blockers <= 0)
        o.max_blockers = 32;
    if (o.node_limit == 0)
        o.node_limit = 50000000;

    memset(out, 0, sizeof *out);
    deal_analysis *a = out;
    enum_ctx *walk = NULL;
    a->packages = model_package_count(scn);
    a->exhaustive = a->packages <= o.enumerate_limit;
    zopa_list z = {0};
    int coalition_capacity = 0;
    ent_status st = ENT_OK;
    model_package pkg;

    if (a->exhaustive) {
        walk = calloc(1, sizeof *walk);
        if (!walk || !(walk->scn = scn, walk->a = a, walk->z = &z,
                       walk->coalition_capacity = &coalition_capacity, enumerate(walk))) {
            st = ent_fail(err, ENT_ERR_NOMEM, "analysis: out of memory");
            goto done;
        }
    } else {
        /* Too many to list: estimate from a seeded sample (same seed, same numbers). */
        rng_state r;
        rng_seed_stream(&r, scn->seed, 0x616e616c79736973ull);
        for (int s = 0; s < o.sample_size; s++) {
            random_package(scn, &r, &pkg);
            if (!visit(scn, &pkg, a, &z, &coalition_capacity)) {
                st = ent_fail(err, ENT_ERR_NOMEM, "analysis: out of memory");
                goto done;
            }
        }
        a->sampled = o.sample_size;
        double scale = a->packages / o.sample_size;
        for (int i = 0; i < scn->actor_count; i++)
            a->acceptable[i] *= scale;
        a->zopa *= scale;
        for (int c = 0; c < a->coalition_count; c++)
            a->coalitions[c].packages *= scale;
    }

    /* Nash by branch and bound, whatever the size: exact when the search completes. */
    double weights[MODEL_MAX_ACTORS], total_cap = 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(scn->rule.parties, i))
            total_cap += scn->actors[i].capability;
    for (int i = 0; i < scn->actor_count; i++)
        weights[i] = total_cap > 0 ? scn->actors[i].capability / total_cap *
                                         model_set_count(scn->rule.parties)
                                   : 1.0;
    search_request req = {.scn = scn, .mode = SEARCH_NASH, .node_limit = o.node_limit};
    search_result res;
    if ((st = search_run(&req, &res, err)) != ENT_OK)
        goto done;
    a->nash_exact = res.complete;
    a->search_nodes = res.nodes;
    if (res.found) {
        deal_describe_solution(scn, &res.package, &a->nash);
        a->nash.score = res.score;
        /* A sampled ZOPA may miss the Nash package: add it so Pareto and KS can see it
           (duplicates are removed below). */
        if (!a->exhaustive) {
            zopa_entry e = {.pkg = res.package, .signatories = a->nash.signatories};
            memcpy(e.utility, a->nash.utility, sizeof e.utility);
            if (!zopa_push(&z, &e)) {
                st = ent_fail(err, ENT_ERR_NOMEM, "analysis: out of memory");
                goto done;
            }
        }
    }
    req.alpha = weights;
    if ((st = search_run(&req, &res, err)) != ENT_OK)
        goto done;
    a->nash_exact = a->nash_exact && res.complete;
    a->search_nodes += res.nodes;
    if (res.found) {
        deal_describe_solution(scn, &res.package, &a->nash_weighted);
        a->nash_weighted.score = res.score;
    }
    a->agreement_possible = a->nash.found || z.count > 0;

    if (a->coalition_count > 1) /* qsort(NULL, 0, ...) is undefined behaviour */
        qsort(a->coalitions, (size_t)a->coalition_count, sizeof *a->coalitions, coalition_cmp);
    if (!a->exhaustive)
        zopa_unique(&z); /* a sample drawn with replacement repeats packages */
    if ((st = pareto_filter(scn, &z, a, err)) != ENT_OK)
        goto done;
    kalai_smorodinsky(scn, &z, a, &a->ks);

    if (!a->agreement_possible) {
        if ((st = explain_find_conflicts(scn, o.max_blockers, o.node_limit / 10, &a->blockers,
                                         err)) != ENT_OK)
            goto done;
        uint32_t broken[MODEL_MAX_ACTORS];
        if (a->exhaustive) {
            walk->nearest = true;
            if (!enumerate(walk)) {
                st = ent_fail(err, ENT_ERR_NOMEM, "analysis: out of memory");
                goto done;
            }
        } else {
            search_request nreq = {.scn = scn, .mode = SEARCH_NEAREST, .node_limit = o.node_limit};
            if ((st = search_run(&nreq, &res, err)) != ENT_OK)
                goto done;
            if (res.found) {
                int cost = search_broken(scn, NULL, &res.package, broken);
                near_insert(a, &res.package, cost, broken, scn->actor_count);
            }
        }
    }
done:
    free(walk);
    free(z.items);
    if (st != ENT_OK)
        deal_analysis_free(a);
    return st;
}

void deal_analysis_free(deal_analysis *a)
{
    free(a->coalitions);
    free(a->pareto);
    explain_conflicts_free(&a->blockers);
    a->coalitions = NULL;
    a->pareto = NULL;
    a->coalition_count = a->pareto_count = 0;
}
