/* test_deal.c: deal-space analysis on a small hand-built scenario whose answer was worked out
   independently (package and acceptable counts, ZOPA, coalitions, Pareto, Nash symmetric and
   weighted, Kalai-Smorodinsky), in sampled mode, and when no deal exists. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deal.h"
#include "fixture.h"
#include "model.h"
#include "search.h"

enum { A, B, C, D };

/* Issues: 0 "troops" (3 options; C's contribution, default o0), 1 "money" (3), 2 "monitoring" (2).
   A and B must sign; at least one of the guarantors C, D; C must sign when it sends troops.
   Red lines: A needs troops (i0 != o0); B refuses the top money option (i1 != o2); D refuses
   "monitoring o1 with troops o2". Worked out independently (a separate script enumerating all
   18 packages):
     acceptable A 12, B 12, C 18, D 12; 8 deals; signatories {A,B,C,D} on 6, {A,B,C} on 2;
     Pareto: every deal but (1,0,0), which (2,1,1) dominates;
     symmetric Nash (1,1,1), score ln(.3786 * .1 * .45 * .2667) = -5.3942;
     capability-weighted Nash (1,0,1); Kalai-Smorodinsky (1,0,1) (worst normalised gain 0.25). */
static model_scenario *make(void)
{
    model_scenario *scn = fx_scenario(3, 3, 4);
    scn->issues[2].option_count = 2;
    static const double v[4][3][3] = {
        {{0, 0.75, 0.5}, {0.25, 0.25, 1}, {0.25, 0.75, 0}},
        {{0, 0.25, 0.75}, {0.5, 0.25, 0}, {0.75, 0.5, 0}},
        {{0.25, 0.75, 1}, {0.25, 1, 0.75}, {0.75, 0.5, 0}},
        {{0.75, 0.5, 0.5}, {0.75, 0.75, 0.25}, {0, 0.75, 0}},
    };
    static const double s[4][3] = {{3, 1, 3}, {2, 2, 1}, {1, 2, 2}, {3, 3, 3}};
    static const double res[4] = {0.3, 0.2, 0.3, 0.4};
    static const double cap[4] = {1, 3, 1, 2};
    for (int i = 0; i < 4; i++) {
        for (int k = 0; k < 3; k++) {
            fx_values(scn, i, k, v[i][k]);
            scn->actors[i].salience[k] = s[i][k];
        }
        scn->actors[i].reservation = res[i];
        scn->actors[i].capability = cap[i];
    }
    fx_redline(scn, A, fx_lit(scn, RL_NE, 0, 0), "A needs troops");
    fx_redline(scn, B, fx_lit(scn, RL_NE, 1, 2), "B pays no top money");
    fx_redline(scn, D,
               fx_not(scn, fx_bin(scn, RL_AND, fx_lit(scn, RL_EQ, 2, 1), fx_lit(scn, RL_EQ, 0, 2))),
               "D: no o1 monitoring with o2 troops");
    scn->issues[0].owner = C;
    scn->rule.required = fx_bit(A) | fx_bit(B);
    scn->rule.guarantors = fx_bit(C) | fx_bit(D);
    scn->rule.min_guarantors = 1;
    scn->seed = 11;
    fx_finish(scn);
    return scn;
}

static model_package pkg3(int a, int b, int c)
{
    model_package p;
    memset(&p, 0, sizeof p);
    p.opt[0] = (uint8_t)a;
    p.opt[1] = (uint8_t)b;
    p.opt[2] = (uint8_t)c;
    return p;
}

static void analyze(const model_scenario *scn, const deal_options *opts, deal_analysis *a)
{
    ent_error err;
    ent_error_clear(&err);
    ent_status st = deal_analyze(scn, opts, a, &err);
    if (st != ENT_OK)
        fail_msg("deal_analyze failed: %s", err.message);
}

static void assert_package(const model_scenario *scn, const model_package *got,
                           const model_package *want)
{
    if (!fx_same_package(scn, got, want)) {
        char g[64], w[64];
        fx_package_text(scn, got, g, sizeof g);
        fx_package_text(scn, want, w, sizeof w);
        fail_msg("package (%s), expected (%s)", g, w);
    }
}

static bool dominates(const model_scenario *scn, const model_package *x, const model_package *y)
{
    bool strict = false;
    for (int i = 0; i < scn->actor_count; i++) {
        double ux = model_utility(scn, i, x), uy = model_utility(scn, i, y);
        if (ux < uy - 1e-12)
            return false;
        if (ux > uy + 1e-12)
            strict = true;
    }
    return strict;
}

static int pareto_index(const model_scenario *scn, const deal_analysis *a, const model_package *p)
{
    for (int f = 0; f < a->pareto_count; f++)
        if (fx_same_package(scn, &a->pareto[f], p))
            return f;
    return -1;
}

/* ---- exhaustive analysis --------------------------------------------------------------- */

static void test_counts(void **state)
{
    (void)state;
    model_scenario *scn = make();
    deal_analysis a;
    analyze(scn, NULL, &a);
    assert_true(a.exhaustive);
    assert_near(a.packages, 18, 0);
    assert_near(a.acceptable[A], 12, 0);
    assert_near(a.acceptable[B], 12, 0);
    assert_near(a.acceptable[C], 18, 0);
    assert_near(a.acceptable[D], 12, 0);
    assert_near(a.zopa, 8, 0);
    assert_true(a.agreement_possible);
    assert_true(a.nash_exact);
    assert_int_equal(a.near_count, 0);
    assert_int_equal(a.blockers.count, 0);
    deal_analysis_free(&a);
    model_free(scn);
}

static void test_coalitions(void **state)
{
    (void)state;
    model_scenario *scn = make();
    deal_analysis a;
    analyze(scn, NULL, &a);
    assert_int_equal(a.coalition_count, 2);
    assert_int_equal(a.coalitions[0].members, 0xf);
    assert_near(a.coalitions[0].packages, 6, 0);
    assert_int_equal(a.coalitions[1].members, fx_bit(A) | fx_bit(B) | fx_bit(C));
    assert_near(a.coalitions[1].packages, 2, 0);
    deal_analysis_free(&a);
    model_free(scn);
}

static void test_pareto(void **state)
{
    (void)state;
    model_scenario *scn = make();
    deal_analysis a;
    analyze(scn, NULL, &a);
    assert_int_equal(a.pareto_count, 7);
    model_package dominated = pkg3(1, 0, 0);
    assert_int_equal(pareto_index(scn, &a, &dominated), -1);
    /* against brute-force dominance over every deal */
    int deals = 0;
    model_package p;
    fx_first(&p);
    do {
        if (!model_is_deal(scn, &p, NULL)) {
            assert_int_equal(pareto_index(scn, &a, &p), -1);
            continue;
        }
        deals++;
        bool beaten = false;
        model_package q;
        fx_first(&q);
        do
            beaten = beaten || (model_is_deal(scn, &q, NULL) && dominates(scn, &q, &p));
        while (fx_next(scn, &q));
        assert_int_equal(pareto_index(scn, &a, &p) >= 0, !beaten);
    } while (fx_next(scn, &p));
    assert_int_equal(deals, 8);
    /* each frontier package listed once */
    for (int f = 0; f < a.pareto_count; f++)
        assert_int_equal(pareto_index(scn, &a, &a.pareto[f]), f);
    deal_analysis_free(&a);
    model_free(scn);
}

static void test_nash_and_ks(void **state)
{
    (void)state;
    model_scenario *scn = make();
    deal_analysis a;
    analyze(scn, NULL, &a);
    model_package nash = pkg3(1, 1, 1), weighted = pkg3(1, 0, 1);
    assert_true(a.nash.found);
    assert_package(scn, &a.nash.package, &nash);
    assert_int_equal(a.nash.signatories, 0xf);
    assert_near(a.nash.score, -5.394199138251319, 1e-9);
    for (int i = 0; i < 4; i++)
        assert_near(a.nash.utility[i], model_utility(scn, i, &nash), 1e-12);
    assert_true(a.nash_weighted.found);
    assert_package(scn, &a.nash_weighted.package, &weighted);
    assert_true(a.ks.found);
    assert_package(scn, &a.ks.package, &weighted);
    assert_int_equal(a.ks.signatories, 0xf);

    /* the weighted one is the brute-force maximum with alpha_i = c_i / sum c * n */
    double alpha[4] = {4.0 / 7, 12.0 / 7, 4.0 / 7, 8.0 / 7};
    double best = -INFINITY;
    model_package p;
    fx_first(&p);
    do {
        model_set sig;
        if (model_is_deal(scn, &p, &sig)) {
            double s = search_nash_score(scn, alpha, &p, sig);
            best = s > best ? s : best;
        }
    } while (fx_next(scn, &p));
    model_set sig;
    assert_true(model_is_deal(scn, &weighted, &sig));
    assert_near(search_nash_score(scn, alpha, &weighted, sig), best, 1e-12);
    assert_near(a.nash_weighted.score, best, 1e-9);
    deal_analysis_free(&a);
    model_free(scn);
}

static void test_describe_solution(void **state)
{
    (void)state;
    model_scenario *scn = make();
    deal_solution sol;
    model_package p = pkg3(2, 0, 1); /* a deal D refuses: signed by A, B, C */
    deal_describe_solution(scn, &p, &sol);
    assert_true(sol.found);
    assert_int_equal(sol.signatories, fx_bit(A) | fx_bit(B) | fx_bit(C));
    assert_near(sol.score, search_nash_score(scn, NULL, &p, sol.signatories), 1e-12);
    assert_near(sol.utility[D], model_utility(scn, D, &p), 1e-12);
    p = pkg3(0, 0, 0); /* A's red line */
    deal_describe_solution(scn, &p, &sol);
    assert_false(sol.found);
    assert_int_equal(sol.signatories, 0);
    model_free(scn);
}

/* ---- sampled mode ---------------------------------------------------------------------------- */

static void test_sampled_mode(void **state)
{
    (void)state;
    model_scenario *scn = make();
    deal_options o = {.enumerate_limit = 10, .sample_size = 2000};
    deal_analysis a;
    analyze(scn, &o, &a);
    assert_false(a.exhaustive);
    assert_int_equal(a.sampled, 2000);
    assert_near(a.packages, 18, 0);
    /* estimates, scaled to the space: near the exact counts with 2000 draws of 18 */
    assert_near(a.zopa, 8, 1.0);
    assert_near(a.acceptable[C], 18, 1e-9);
    assert_near(a.acceptable[A], 12, 1.0);
    /* the Nash package comes from the search, exact whatever the sample */
    assert_true(a.nash_exact);
    model_package nash = pkg3(1, 1, 1);
    assert_package(scn, &a.nash.package, &nash);
    assert_true(a.agreement_possible);
    /* same seed, same numbers */
    deal_analysis b;
    analyze(scn, &o, &b);
    assert_near(b.zopa, a.zopa, 0);
    assert_near(b.acceptable[A], a.acceptable[A], 0);
    deal_analysis_free(&b);
    deal_analysis_free(&a);
    model_free(scn);
}

static void test_sampled_mode_finds_nash_outside_sample(void **state)
{
    (void)state;
    /* A sample of 3 draws rarely holds the Nash package; the search still finds it. */
    model_scenario *scn = make();
    deal_options o = {.enumerate_limit = 1, .sample_size = 3};
    deal_analysis a;
    analyze(scn, &o, &a);
    assert_false(a.exhaustive);
    assert_int_equal(a.sampled, 3);
    model_package nash = pkg3(1, 1, 1);
    assert_true(a.nash.found);
    assert_package(scn, &a.nash.package, &nash);
    assert_true(pareto_index(scn, &a, &nash) >= 0);
    deal_analysis_free(&a);
    model_free(scn);
}

/* Regression: sampling draws with replacement (and the Nash package is added once more), so
   without de-duplication the frontier listed the same package many times and pareto_count
   counted draws, not packages. Here 2000 draws of an 18-package space must give exactly 7. */
static void test_sampled_pareto_lists_each_package_once(void **state)
{
    (void)state;
    model_scenario *scn = make();
    deal_options o = {.enumerate_limit = 10, .sample_size = 2000};
    deal_analysis a;
    analyze(scn, &o, &a);
    int repeat = -1, count = a.pareto_count;
    for (int f = 0; f < a.pareto_count && repeat < 0; f++)
        if (pareto_index(scn, &a, &a.pareto[f]) != f)
            repeat = f;
    deal_analysis_free(&a); /* before asserting: a failure must not leak under the sanitizers */
    model_free(scn);
    if (repeat >= 0) /* fails today: 810 entries */
        fail_msg("Pareto entry %d repeats an earlier one (%d entries for a 7-package frontier)",
                 repeat, count);
    assert_int_equal(count, 7);
}

/* ---- no deal ------------------------------------------------------------------------------------ */

/* The same scenario, but B now refuses any troops: A needs them and both must sign. */
static model_scenario *make_no_deal(void)
{
    model_scenario *scn = make();
    fx_redline(scn, B, fx_lit(scn, RL_EQ, 0, 0), "B: no troops at all");
    fx_finish(scn);
    return scn;
}

typedef struct {
    uint32_t broken[MODEL_MAX_ACTORS];
    int cost;
} broken_set;

static int broken_cmp(const void *pa, const void *pb)
{
    const broken_set *a = pa, *b = pb;
    return a->cost - b->cost;
}

/* Nearest packages: sorted by broken count, distinct broken sets, the cheapest ones there are. */
static void check_near(const model_scenario *scn, const deal_analysis *a)
{
    /* nearest: sorted by broken count, distinct broken sets, the cheapest ones there are */
    broken_set all[256];
    int distinct = 0;
    model_package p;
    fx_first(&p);
    do {
        broken_set b;
        memset(&b, 0, sizeof b);
        b.cost = search_broken(scn, NULL, &p, b.broken);
        bool seen = false;
        for (int j = 0; j < distinct && !seen; j++)
            seen = memcmp(all[j].broken, b.broken, sizeof b.broken) == 0;
        if (!seen) {
            assert_true(distinct < 256);
            all[distinct++] = b;
        }
    } while (fx_next(scn, &p));
    qsort(all, (size_t)distinct, sizeof all[0], broken_cmp);
    int want = distinct < DEAL_NEAR_MAX ? distinct : DEAL_NEAR_MAX;
    if (!a->exhaustive)
        want = 1; /* large spaces: one nearest package from the search */
    assert_int_equal(a->near_count, want);
    for (int n = 0; n < a->near_count; n++) {
        const deal_near *nr = &a->near[n];
        uint32_t broken[MODEL_MAX_ACTORS] = {0};
        int cost = search_broken(scn, NULL, &nr->package, broken);
        assert_int_equal(nr->broken_count, cost);
        assert_memory_equal(nr->broken, broken, sizeof(uint32_t) * (size_t)scn->actor_count);
        assert_int_equal(nr->broken_count, all[n].cost);
        if (n > 0)
            assert_true(a->near[n - 1].broken_count <= nr->broken_count);
        for (int m = 0; m < n; m++)
            assert_memory_not_equal(a->near[m].broken, nr->broken,
                                    sizeof(uint32_t) * (size_t)scn->actor_count);
    }
}

static void check_no_deal(const model_scenario *scn, const deal_options *o)
{
    deal_analysis a;
    analyze(scn, o, &a);
    assert_false(a.agreement_possible);
    assert_false(a.nash.found);
    assert_false(a.ks.found);
    assert_near(a.zopa, 0, 0);
    assert_int_equal(a.coalition_count, 0);
    assert_int_equal(a.pareto_count, 0);

    /* blockers: each one a true conflict, and minimal */
    assert_true(a.blockers.count >= 1);
    assert_true(a.blockers.complete);
    for (int s = 0; s < a.blockers.count; s++) {
        uint32_t en[MODEL_MAX_ACTORS] = {0};
        const explain_set *set = &a.blockers.sets[s];
        for (int j = 0; j < set->count; j++)
            en[set->items[j].actor] |= set->items[j].redline == EXPLAIN_RESERVATION
                                           ? MODEL_RESERVATION_BIT
                                           : 1u << set->items[j].redline;
        assert_false(fx_satisfiable(scn, en));
        for (int i = 0; i < scn->actor_count; i++)
            for (int bit = 0; bit < 32; bit++)
                if (en[i] & (1u << bit)) {
                    en[i] &= ~(1u << bit);
                    assert_true(fx_satisfiable(scn, en));
                    en[i] |= 1u << bit;
                }
    }

    check_near(scn, &a);
    deal_analysis_free(&a);
}

/* Regression: with no deal there are no coalitions, and qsort(NULL, 0, ...) made the
   sanitizer build abort every no-deal analysis ("null pointer passed as argument 1"). */
static void test_no_deal(void **state)
{
    (void)state;
    model_scenario *scn = make_no_deal();
    check_no_deal(scn, NULL);
    /* the obvious conflict is among the blockers: A's and B's troop red lines */
    deal_analysis a;
    analyze(scn, NULL, &a);
    bool found = false;
    for (int s = 0; s < a.blockers.count; s++) {
        const explain_set *set = &a.blockers.sets[s];
        found = found || (set->count == 2 && set->items[0].actor == A &&
                          set->items[0].redline == 0 && set->items[1].actor == B &&
                          set->items[1].redline == 1);
    }
    assert_true(found);
    assert_int_equal(a.near[0].broken_count, 1);
    deal_analysis_free(&a);
    model_free(scn);
}

static void test_no_deal_sampled(void **state)
{
    (void)state;
    model_scenario *scn = make_no_deal();
    deal_options o = {.enumerate_limit = 10, .sample_size = 100};
    check_no_deal(scn, &o);
    model_free(scn);
}

static void test_no_deal_many_near(void **state)
{
    (void)state;
    /* Tug of war over 4 issues of 3 options with red lines: many distinct ways to a deal. */
    model_scenario *scn = fx_scenario(4, 3, 3);
    for (int k = 0; k < 4; k++) {
        fx_values(scn, 0, k, (double[]){0, 0.5, 1});
        fx_values(scn, 1, k, (double[]){1, 0.5, 0});
        fx_values(scn, 2, k, (double[]){0.5, 1, 0.5});
    }
    scn->actors[0].reservation = 0.6;
    scn->actors[1].reservation = 0.6;
    scn->actors[2].reservation = 0.9;
    fx_redline(scn, 0, fx_lit(scn, RL_NE, 0, 0), "A0 no o0 on issue 0");
    fx_redline(scn, 1, fx_lit(scn, RL_NE, 1, 2), "A1 no o2 on issue 1");
    fx_redline(scn, 2, fx_bin(scn, RL_OR, fx_lit(scn, RL_EQ, 2, 1), fx_lit(scn, RL_EQ, 3, 1)),
               "A2 wants o1 on issue 2 or 3");
    scn->rule.required = 0x3;
    scn->rule.guarantors = fx_bit(2);
    scn->rule.min_guarantors = 1;
    fx_finish(scn);
    check_no_deal(scn, NULL);
    deal_analysis a;
    analyze(scn, NULL, &a);
    assert_int_equal(a.near_count, DEAL_NEAR_MAX);
    deal_analysis_free(&a);
    model_free(scn);
}

/* ---- every figure against brute force, on random scenarios ------------------------------------- */

typedef struct {
    model_package pkg;
    model_set sig;
} brute_deal;

typedef struct {
    model_set members;
    double packages;
} brute_coalition;

static int brute_coalition_cmp(const void *pa, const void *pb)
{
    const brute_coalition *a = pa, *b = pb;
    if (a->packages != b->packages)
        return a->packages < b->packages ? 1 : -1;
    return a->members < b->members ? -1 : a->members > b->members;
}

/* Kalai-Smorodinsky key of a deal: normalised gains of every actor that signs some deal,
   sorted ascending (non-signers 0). */
static int ks_key(const model_scenario *scn, const brute_deal *d, model_set potential,
                  const double *umax, double *g)
{
    int m = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        if (!model_set_has(potential, i))
            continue;
        double span = umax[i] - scn->actors[i].reservation;
        double u = model_utility(scn, i, &d->pkg);
        g[m++] = !model_set_has(d->sig, i) ? 0
                 : span > 1e-12            ? (u - scn->actors[i].reservation) / span
                                           : 1;
    }
    for (int x = 1; x < m; x++) /* insertion sort */
        for (int y = x; y > 0 && g[y] < g[y - 1]; y--) {
            double t = g[y];
            g[y] = g[y - 1];
            g[y - 1] = t;
        }
    return m;
}

static void check_against_brute_force(const model_scenario *scn, const char *what)
{
    enum { MAXP = 1024 };
    assert_true(model_package_count(scn) <= MAXP);
    static brute_deal deals[MAXP];
    static brute_coalition coal[MAXP];
    int nd = 0, nc = 0;
    double acceptable[MODEL_MAX_ACTORS] = {0};
    model_package p;
    fx_first(&p);
    do {
        for (int i = 0; i < scn->actor_count; i++)
            acceptable[i] += model_violations(scn, i, &p) == 0;
        model_set sig;
        if (!model_is_deal(scn, &p, &sig))
            continue;
        deals[nd++] = (brute_deal){p, sig};
        int c = 0;
        while (c < nc && coal[c].members != sig)
            c++;
        if (c == nc)
            coal[nc++] = (brute_coalition){sig, 0};
        coal[c].packages++;
    } while (fx_next(scn, &p));
    qsort(coal, (size_t)nc, sizeof coal[0], brute_coalition_cmp);

    deal_analysis a;
    analyze(scn, NULL, &a);
    assert_true(a.exhaustive);
    assert_near(a.packages, model_package_count(scn), 0);
    for (int i = 0; i < scn->actor_count; i++)
        if (a.acceptable[i] != acceptable[i])
            fail_msg("%s: actor %d accepts %g packages, brute force %g", what, i,
                     a.acceptable[i], acceptable[i]);
    if (a.zopa != nd)
        fail_msg("%s: ZOPA %g, brute force %d", what, a.zopa, nd);
    assert_int_equal(a.agreement_possible, nd > 0);
    assert_int_equal(a.coalition_count, nc);
    for (int c = 0; c < nc; c++) {
        assert_int_equal(a.coalitions[c].members, coal[c].members);
        assert_near(a.coalitions[c].packages, coal[c].packages, 0);
    }

    /* Pareto: exactly the undominated deals, each once */
    int npareto = 0;
    for (int x = 0; x < nd; x++) {
        bool beaten = false;
        for (int y = 0; y < nd && !beaten; y++)
            beaten = dominates(scn, &deals[y].pkg, &deals[x].pkg);
        int at = pareto_index(scn, &a, &deals[x].pkg);
        if (beaten != (at < 0))
            fail_msg("%s: deal %d is %s but %s the frontier", what, x,
                     beaten ? "dominated" : "undominated", at < 0 ? "not on" : "on");
        npareto += !beaten;
    }
    assert_int_equal(a.pareto_count, npareto);

    /* Nash, symmetric and capability-weighted */
    double alpha[MODEL_MAX_ACTORS], cap = 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(scn->rule.parties, i))
            cap += scn->actors[i].capability;
    for (int i = 0; i < scn->actor_count; i++)
        alpha[i] = scn->actors[i].capability / cap * model_set_count(scn->rule.parties);
    double best = -INFINITY, wbest = -INFINITY;
    for (int x = 0; x < nd; x++) {
        double sx = search_nash_score(scn, NULL, &deals[x].pkg, deals[x].sig);
        double wx = search_nash_score(scn, alpha, &deals[x].pkg, deals[x].sig);
        best = sx > best ? sx : best;
        wbest = wx > wbest ? wx : wbest;
    }
    assert_int_equal(a.nash.found, nd > 0);
    assert_int_equal(a.nash_weighted.found, nd > 0);
    assert_int_equal(a.ks.found, nd > 0);
    if (nd > 0) {
        model_set sig;
        assert_true(model_is_deal(scn, &a.nash.package, &sig));
        assert_int_equal(a.nash.signatories, sig);
        if (fabs(search_nash_score(scn, NULL, &a.nash.package, sig) - best) > 1e-9)
            fail_msg("%s: Nash package scores %.12f, brute-force best %.12f", what,
                     search_nash_score(scn, NULL, &a.nash.package, sig), best);
        assert_near(a.nash.score, best, 1e-9);
        assert_true(model_is_deal(scn, &a.nash_weighted.package, &sig));
        assert_near(search_nash_score(scn, alpha, &a.nash_weighted.package, sig), wbest, 1e-9);

        /* Kalai-Smorodinsky: leximin over the Pareto deals, ties to the Nash product */
        model_set potential = 0;
        double umax[MODEL_MAX_ACTORS];
        for (int i = 0; i < scn->actor_count; i++)
            umax[i] = -INFINITY;
        for (int x = 0; x < nd; x++) {
            potential |= deals[x].sig;
            for (int i = 0; i < scn->actor_count; i++)
                if (model_set_has(deals[x].sig, i))
                    umax[i] = fmax(umax[i], model_utility(scn, i, &deals[x].pkg));
        }
        double kbest[MODEL_MAX_ACTORS], knash = -INFINITY;
        int m = 0;
        bool have = false;
        for (int x = 0; x < nd; x++) {
            if (pareto_index(scn, &a, &deals[x].pkg) < 0)
                continue;
            double g[MODEL_MAX_ACTORS];
            m = ks_key(scn, &deals[x], potential, umax, g);
            double nash = search_nash_score(scn, NULL, &deals[x].pkg, deals[x].sig);
            int cmp = 0;
            for (int t = 0; have && t < m && cmp == 0; t++)
                cmp = g[t] > kbest[t] + 1e-12 ? 1 : g[t] < kbest[t] - 1e-12 ? -1 : 0;
            if (!have || cmp > 0 || (cmp == 0 && nash > knash + 1e-12)) {
                have = true;
                memcpy(kbest, g, sizeof g);
                knash = nash;
            }
        }
        brute_deal ks = {a.ks.package, 0};
        assert_true(model_is_deal(scn, &ks.pkg, &ks.sig));
        double g[MODEL_MAX_ACTORS];
        int mk = ks_key(scn, &ks, potential, umax, g);
        assert_int_equal(mk, m);
        for (int t = 0; t < m; t++)
            if (fabs(g[t] - kbest[t]) > 1e-9)
                fail_msg("%s: KS package's %d-th smallest normalised gain %.6f, best %.6f", what,
                         t, g[t], kbest[t]);
        assert_near(search_nash_score(scn, NULL, &ks.pkg, ks.sig), knash, 1e-9);
    } else {
        check_near(scn, &a);
    }
    deal_analysis_free(&a);
}

static void test_analysis_matches_brute_force_on_random(void **state)
{
    (void)state;
    rng_state r;
    rng_seed(&r, 8080);
    fx_random_params params = {.min_issues = 2, .max_issues = 5, .min_options = 2,
                               .max_options = 4, .min_actors = 2, .max_actors = 7,
                               .max_redlines = 3, .rule_features = true};
    int with_deal = 0, without = 0;
    for (int t = 0; t < 120; t++) {
        model_scenario *scn = fx_random(&r, &params);
        if (model_package_count(scn) > 1024) {
            model_free(scn);
            continue;
        }
        /* every actor a party: a required non-party is another story (see test_explain) */
        scn->rule.parties = (1ull << scn->actor_count) - 1;
        char what[48];
        snprintf(what, sizeof what, "random case %d", t);
        check_against_brute_force(scn, what);
        if (fx_satisfiable(scn, NULL))
            with_deal++;
        else
            without++;
        model_free(scn);
    }
    assert_true(with_deal >= 20);
    assert_true(without >= 10);
}

static void test_analysis_with_many_red_lines_on_one_issue(void **state)
{
    (void)state;
    /* 24 actors with 14 red lines each, every one on issue 0 or on issues 0 and 1: more red lines
       are decided at one depth than the enumeration's per-depth table holds (256). */
    rng_state r;
    rng_seed(&r, 12);
    model_scenario *scn = fx_scenario(3, 3, 24);
    for (int i = 0; i < 24; i++) {
        for (int k = 0; k < 3; k++)
            for (int o = 0; o < 3; o++)
                scn->actors[i].value[k][o] = (double)rng_below(&r, 5) / 4.0;
        scn->actors[i].reservation = 0.2;
        for (int q = 0; q < 14; q++) {
            int node = fx_lit(scn, q % 2 ? RL_NE : RL_LE, 0, (int)rng_below(&r, 3));
            if (q % 7 == 3)
                node = fx_bin(scn, RL_OR, node, fx_lit(scn, RL_EQ, 1, (int)rng_below(&r, 3)));
            if (q == 13)
                node = fx_true(scn); /* mentions no issue at all */
            fx_redline(scn, i, node, "red line");
        }
    }
    scn->rule.required = fx_bit(0);
    scn->rule.guarantors = 0xffff00;
    scn->rule.min_guarantors = 3;
    fx_finish(scn);
    check_against_brute_force(scn, "many red lines");
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_coalitions),
        cmocka_unit_test(test_pareto),
        cmocka_unit_test(test_nash_and_ks),
        cmocka_unit_test(test_describe_solution),
        cmocka_unit_test(test_sampled_mode),
        cmocka_unit_test(test_sampled_mode_finds_nash_outside_sample),
        cmocka_unit_test(test_sampled_pareto_lists_each_package_once),
        cmocka_unit_test(test_no_deal),
        cmocka_unit_test(test_no_deal_sampled),
        cmocka_unit_test(test_no_deal_many_near),
        cmocka_unit_test(test_analysis_matches_brute_force_on_random),
        cmocka_unit_test(test_analysis_with_many_red_lines_on_one_issue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
