/* test_search.c: branch and bound (SATISFY, NASH, NEAREST) against brute force over every
   package, on seeded synthetic scenarios, random small scenarios with every rule feature, and
   hand-built cases whose answer is known. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "model.h"
#include "search.h"
#include "synth.h"

#define SCORE_TOL 1e-7

/* ---- brute force ---------------------------------------------------------------------- */

typedef struct {
    bool found;
    double score;
    model_package package;
    int deals;
} brute_nash;

static brute_nash brute_force_nash(const model_scenario *scn, const double *alpha)
{
    brute_nash b = {.found = false, .score = -INFINITY};
    model_package p;
    fx_first(&p);
    do {
        model_set sig;
        if (!model_is_deal(scn, &p, &sig))
            continue;
        b.deals++;
        double s = search_nash_score(scn, alpha, &p, sig);
        if (!b.found || s > b.score) {
            b.found = true;
            b.score = s;
            b.package = p;
        }
    } while (fx_next(scn, &p));
    return b;
}

static int brute_force_nearest(const model_scenario *scn, const uint32_t *enabled)
{
    int best = -1;
    model_package p;
    fx_first(&p);
    do {
        uint32_t broken[MODEL_MAX_ACTORS];
        int cost = search_broken(scn, enabled, &p, broken);
        if (best < 0 || cost < best)
            best = cost;
    } while (fx_next(scn, &p));
    return best;
}

static search_result run(const model_scenario *scn, search_mode mode, const uint32_t *enabled,
                         const double *alpha, uint64_t node_limit)
{
    search_request req = {.scn = scn, .mode = mode, .enabled = enabled, .alpha = alpha,
                          .node_limit = node_limit};
    search_result res;
    ent_error err;
    ent_error_clear(&err);
    ent_status st = search_run(&req, &res, &err);
    if (st != ENT_OK)
        fail_msg("search_run failed: %s", err.message);
    return res;
}

/* The search's Nash answer is a deal, scores what it says, and ties the brute-force maximum.
   Returns whether a deal exists. */
static bool check_nash(const model_scenario *scn, const double *alpha, const char *what)
{
    brute_nash b = brute_force_nash(scn, alpha);
    search_result res = run(scn, SEARCH_NASH, NULL, alpha, 0);
    if (res.found != b.found)
        fail_msg("%s: search found=%d, brute force found=%d (%d deals)", what, res.found, b.found,
                 b.deals);
    assert_true(res.complete);
    if (!b.found)
        return false;
    model_set sig;
    assert_true(model_is_deal(scn, &res.package, &sig));
    double own = search_nash_score(scn, alpha, &res.package, sig);
    if (fabs(own - b.score) > SCORE_TOL || fabs(res.score - b.score) > SCORE_TOL) {
        char got[128], want[128];
        fx_package_text(scn, &res.package, got, sizeof got);
        fx_package_text(scn, &b.package, want, sizeof want);
        fail_msg("%s: search Nash %s scores %.12f (reported %.12f), brute force %s scores %.12f",
                 what, got, own, res.score, want, b.score);
    }
    return true;
}

static void check_satisfy(const model_scenario *scn, const uint32_t *enabled, const char *what)
{
    bool exists = fx_satisfiable(scn, enabled);
    search_result res = run(scn, SEARCH_SATISFY, enabled, NULL, 0);
    if (res.found != exists)
        fail_msg("%s: SATISFY found=%d, brute force says a deal %s", what, res.found,
                 exists ? "exists" : "does not exist");
    assert_true(res.complete);
    if (exists)
        assert_true(fx_is_deal(scn, &res.package, enabled, NULL));
}

static void check_nearest(const model_scenario *scn, const uint32_t *enabled, const char *what)
{
    int best = brute_force_nearest(scn, enabled);
    search_result res = run(scn, SEARCH_NEAREST, enabled, NULL, 0);
    assert_true(res.found);
    assert_true(res.complete);
    uint32_t broken[MODEL_MAX_ACTORS];
    int own = search_broken(scn, enabled, &res.package, broken);
    if ((int)res.score != best || own != best)
        fail_msg("%s: NEAREST score %g (package costs %d), brute-force minimum %d", what,
                 res.score, own, best);
}

/* ---- synthetic scenarios -------------------------------------------------------------------- */

static model_scenario *synth_small(int index)
{
    synth_params p = {.issues = 4 + index % 4,        /* 4..7 */
                      .options = 3 + (index / 4) % 2, /* 3..4 */
                      .actors = 6 + (index * 5) % 7,  /* 6..12 */
                      .seed = 1000 + (uint64_t)index * 7919,
                      .conflict = index % 5 == 4};
    model_scenario *scn = synth_make(&p);
    assert_non_null(scn);
    return scn;
}

#define SYNTH_CASES 36

static void test_nash_matches_brute_force_on_synth(void **state)
{
    (void)state;
    int with_deal = 0, conflicts = 0;
    for (int s = 0; s < SYNTH_CASES; s++) {
        model_scenario *scn = synth_small(s);
        char what[128];
        snprintf(what, sizeof what, "synth case %d (%s)", s, scn->id);
        bool found = check_nash(scn, NULL, what);
        with_deal += found;
        conflicts += s % 5 == 4;
        if (s % 5 == 4)
            assert_false(found); /* the conflict variant has no deal at all */
        model_free(scn);
    }
    /* the comparison means something only if many of them have deals */
    assert_true(with_deal >= 15);
    assert_true(conflicts >= 5);
}

static void test_weighted_nash_matches_brute_force_on_synth(void **state)
{
    (void)state;
    for (int s = 0; s < SYNTH_CASES; s++) {
        if (s % 5 == 4)
            continue;
        model_scenario *scn = synth_small(s);
        double alpha[MODEL_MAX_ACTORS], total = 0;
        for (int i = 0; i < scn->actor_count; i++)
            total += scn->actors[i].capability;
        for (int i = 0; i < scn->actor_count; i++)
            alpha[i] = scn->actors[i].capability / total * scn->actor_count;
        char what[64];
        snprintf(what, sizeof what, "weighted synth case %d", s);
        check_nash(scn, alpha, what);
        model_free(scn);
    }
}

static void test_satisfy_and_nearest_on_synth(void **state)
{
    (void)state;
    for (int s = 0; s < SYNTH_CASES; s += 2) {
        model_scenario *scn = synth_small(s);
        char what[64];
        snprintf(what, sizeof what, "synth case %d", s);
        check_satisfy(scn, NULL, what);
        check_nearest(scn, NULL, what);
        model_free(scn);
    }
}

/* ---- random scenarios with every rule feature ----------------------------------------------- */

static const fx_random_params random_params = {
    .min_issues = 2, .max_issues = 5, .min_options = 2, .max_options = 5,
    .min_actors = 2, .max_actors = 8, .max_redlines = 4, .rule_features = true};

static void random_enabled(rng_state *r, const model_scenario *scn, uint32_t *enabled)
{
    for (int i = 0; i < scn->actor_count; i++) {
        enabled[i] = (uint32_t)rng_next(r);
        if (rng_below(r, 4) == 0)
            enabled[i] = ~0u;
    }
}

static void test_all_modes_match_brute_force_on_random(void **state)
{
    (void)state;
    rng_state r;
    rng_seed(&r, 77);
    int with_deal = 0;
    for (int t = 0; t < 300; t++) {
        model_scenario *scn = fx_random(&r, &random_params);
        char what[64];
        snprintf(what, sizeof what, "random case %d", t);
        with_deal += check_nash(scn, NULL, what);
        double alpha[MODEL_MAX_ACTORS];
        for (int i = 0; i < scn->actor_count; i++)
            alpha[i] = 0.25 + (double)rng_below(&r, 12) / 4.0;
        snprintf(what, sizeof what, "random case %d, weighted", t);
        check_nash(scn, alpha, what);
        snprintf(what, sizeof what, "random case %d", t);
        check_satisfy(scn, NULL, what);
        check_nearest(scn, NULL, what);
        uint32_t enabled[MODEL_MAX_ACTORS];
        random_enabled(&r, scn, enabled);
        snprintf(what, sizeof what, "random case %d, some constraints off", t);
        check_satisfy(scn, enabled, what);
        check_nearest(scn, enabled, what);
        model_free(scn);
    }
    assert_true(with_deal >= 60);
}

/* ---- hand-built Nash cases ----------------------------------------------------------------------- */

/* Two parties split one issue of 5 options: u0 = o/4, u1 = 1 - o/4, no reservation. */
static model_scenario *split(void)
{
    model_scenario *scn = fx_scenario(1, 5, 2);
    fx_values(scn, 0, 0, (double[]){0, 0.25, 0.5, 0.75, 1});
    fx_values(scn, 1, 0, (double[]){1, 0.75, 0.5, 0.25, 0});
    scn->rule.required = 0x3;
    fx_finish(scn);
    return scn;
}

static void test_nash_symmetric_split_is_even(void **state)
{
    (void)state;
    model_scenario *scn = split();
    search_result res = run(scn, SEARCH_NASH, NULL, NULL, 0);
    assert_true(res.found);
    assert_int_equal(res.package.opt[0], 2);
    assert_near(res.score, 2 * log(0.5), 1e-12);
    check_nash(scn, NULL, "split");
    model_free(scn);
}

static void test_nash_weighted_split_favours_heavier(void **state)
{
    (void)state;
    model_scenario *scn = split();
    /* alpha (2, 1): argmax 2 log x + log(1 - x) is x = 2/3; on the grid, 0.75 wins
       (2 ln .75 + ln .25 = -1.962 against 3 ln .5 = -2.079). */
    double alpha[2] = {2, 1};
    search_result res = run(scn, SEARCH_NASH, NULL, alpha, 0);
    assert_true(res.found);
    assert_int_equal(res.package.opt[0], 3);
    assert_near(res.score, 2 * log(0.75) + log(0.25), 1e-12);
    double mirror[2] = {1, 2};
    res = run(scn, SEARCH_NASH, NULL, mirror, 0);
    assert_int_equal(res.package.opt[0], 1);
    model_free(scn);
}

static void test_nash_respects_reservation_gains(void **state)
{
    (void)state;
    /* Gains count above the reservation: with d0 = 0.5 the split moves toward actor 0.
       Option 2 gives actor 0 no gain (floored at 0.01), option 4 gives actor 1 none; option 3
       gives both 0.25. */
    model_scenario *scn = split();
    scn->actors[0].reservation = 0.5;
    search_result res = run(scn, SEARCH_NASH, NULL, NULL, 0);
    assert_true(res.found);
    assert_int_equal(res.package.opt[0], 3);
    assert_near(res.score, 2 * log(0.25), 1e-12);
    model_free(scn);
}

/* The outsider-gain choice. Package A (option 0) is signed by X and Y with gains 0.3 each;
   package B (option 1) is signed by X alone with gain 0.5, Y refusing it. A product over
   "whoever signs" would give log .5 > 2 log .3 and reward the smaller coalition; entering Y
   with the fixed neutral term (log 0.01) makes A the Nash package. */
static void test_nash_outsider_gain_does_not_reward_small_coalitions(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 2);
    fx_values(scn, 0, 0, (double[]){0.3, 0.5});
    fx_values(scn, 1, 0, (double[]){0.3, 0.9}); /* Y even likes B, but refuses it */
    fx_redline(scn, 1, fx_lit(scn, RL_NE, 0, 1), "Y never signs package B");
    scn->rule.required = fx_bit(0);
    fx_finish(scn);

    model_package a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    b.opt[0] = 1;
    model_set sa, sb;
    assert_true(model_is_deal(scn, &a, &sa));
    assert_true(model_is_deal(scn, &b, &sb));
    assert_int_equal(sa, 0x3);
    assert_int_equal(sb, 0x1);
    assert_near(search_nash_score(scn, NULL, &a, sa), 2 * log(0.3), 1e-12);
    assert_near(search_nash_score(scn, NULL, &b, sb), log(0.5) + log(0.01), 1e-12);

    search_result res = run(scn, SEARCH_NASH, NULL, NULL, 0);
    assert_true(res.found);
    assert_int_equal(res.package.opt[0], 0);
    assert_near(res.score, 2 * log(0.3), 1e-12);
    model_free(scn);
}

/* An optimum local moves cannot reach. Actors 0 and 1 (required) prefer every issue at o0;
   actor 2 (a party, not required) signs only when all four issues are o1, and then gains little.
   From every start of the local search (all at o0000), single-issue moves lose; only the tree
   search finds o1111, which beats o0000 by about 0.04 in log Nash product:
   2 ln .6 + ln .0185 = -5.0117 against 2 ln .8 + ln .01 = -5.0515. */
static void test_nash_finds_optimum_local_moves_cannot_reach(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(4, 2, 3);
    int all = -1;
    for (int k = 0; k < 4; k++) {
        fx_values(scn, 0, k, (double[]){1, 0.8});
        fx_values(scn, 1, k, (double[]){1, 0.8});
        fx_values(scn, 2, k, (double[]){1, 0.0185});
        int lit = fx_lit(scn, RL_EQ, k, 1);
        all = all < 0 ? lit : fx_bin(scn, RL_AND, all, lit);
    }
    scn->actors[0].reservation = scn->actors[1].reservation = 0.2;
    fx_redline(scn, 2, all, "everything at o1");
    scn->rule.required = 0x3;
    fx_finish(scn);
    search_result res = run(scn, SEARCH_NASH, NULL, NULL, 0);
    assert_true(res.found);
    for (int k = 0; k < 4; k++)
        assert_int_equal(res.package.opt[k], 1);
    assert_near(res.score, 2 * log(0.6) + log(0.0185), 1e-9);
    check_nash(scn, NULL, "trap");
    model_free(scn);
}

static void test_nash_none_when_no_deal(void **state)
{
    (void)state;
    model_scenario *scn = split();
    fx_redline(scn, 0, fx_lit(scn, RL_GE, 0, 3), "at least o3");
    fx_redline(scn, 1, fx_lit(scn, RL_LE, 0, 2), "at most o2");
    fx_finish(scn);
    search_result res = run(scn, SEARCH_NASH, NULL, NULL, 0);
    assert_false(res.found);
    assert_true(res.complete);
    res = run(scn, SEARCH_SATISFY, NULL, NULL, 0);
    assert_false(res.found);
    /* switching one red line off brings a deal back */
    uint32_t enabled[2] = {~0u, ~1u};
    res = run(scn, SEARCH_SATISFY, enabled, NULL, 0);
    assert_true(res.found);
    assert_true(res.package.opt[0] >= 3);
    res = run(scn, SEARCH_NEAREST, NULL, NULL, 0);
    assert_true(res.found);
    assert_near(res.score, 1, 0);
    model_free(scn);
}

/* ---- NEAREST and the distance to a deal ------------------------------------------------------------- */

static void test_nearest_is_zero_when_a_deal_exists(void **state)
{
    (void)state;
    model_scenario *scn = split();
    search_result res = run(scn, SEARCH_NEAREST, NULL, NULL, 0);
    assert_true(res.found);
    assert_true(res.complete);
    assert_near(res.score, 0, 0);
    assert_true(model_is_deal(scn, &res.package, NULL));
    model_free(scn);
}

static void test_broken_counts_required_and_missing_guarantors(void **state)
{
    (void)state;
    /* One package. Actor 0 (required) breaks 2 red lines; guarantors 1, 2, 3 need 2 signers:
       1 breaks 1 red line + reservation, 2 breaks 1, 3 accepts. Cheapest: 2 + 0 + 1 = 3. */
    model_scenario *scn = fx_scenario(1, 1, 4);
    int f = fx_not(scn, fx_true(scn));
    fx_redline(scn, 0, f, "a");
    fx_redline(scn, 0, f, "b");
    fx_redline(scn, 1, f, "c");
    scn->actors[1].reservation = 0.5;
    fx_redline(scn, 2, f, "d");
    scn->rule.required = fx_bit(0);
    scn->rule.guarantors = fx_bit(1) | fx_bit(2) | fx_bit(3);
    scn->rule.min_guarantors = 2;
    fx_finish(scn);
    model_package p;
    memset(&p, 0, sizeof p);
    uint32_t broken[MODEL_MAX_ACTORS];
    assert_int_equal(search_broken(scn, NULL, &p, broken), 3);
    assert_int_equal(broken[0], 0x3);
    assert_int_equal(broken[1], 0);
    assert_int_equal(broken[2], 0x1);
    assert_int_equal(broken[3], 0);
    /* with actor 0's second red line switched off, one fewer */
    uint32_t enabled[4] = {~2u, ~0u, ~0u, ~0u};
    assert_int_equal(search_broken(scn, enabled, &p, broken), 2);
    assert_int_equal(broken[0], 0x1);
    model_free(scn);
}

/* The true distance to a deal: the fewest constraints to drop so that the package becomes a deal,
   i.e. the cheapest set of signers (each of whose broken constraints all go) that meets the rule. */
static int true_distance(const model_scenario *scn, const model_package *pkg)
{
    int n = scn->actor_count, best = -1;
    for (model_set s = 0; s < (1ull << n); s++) {
        if (!model_rule_met(scn, pkg, s))
            continue;
        int cost = 0;
        for (int i = 0; i < n; i++)
            if (model_set_has(s, i))
                cost += __builtin_popcount(model_violations(scn, i, pkg));
        if (best < 0 || cost < best)
            best = cost;
    }
    return best;
}

static void test_broken_is_true_distance_with_guarantor_counts(void **state)
{
    (void)state;
    rng_state r;
    rng_seed(&r, 4242);
    fx_random_params params = {.min_issues = 2, .max_issues = 4, .min_options = 2,
                               .max_options = 4, .min_actors = 2, .max_actors = 6,
                               .max_redlines = 3, .rule_features = true};
    int checked = 0;
    for (int t = 0; t < 200; t++) {
        model_scenario *scn = fx_random(&r, &params);
        scn->rule.min_guarantor_share = 0; /* counts only: see the share test below */
        model_package p;
        fx_first(&p);
        do {
            int want = true_distance(scn, &p);
            if (want < 0)
                continue;
            uint32_t broken[MODEL_MAX_ACTORS];
            int got = search_broken(scn, NULL, &p, broken);
            if (got != want)
                fail_msg("random case %d: search_broken %d, true distance %d", t, got, want);
            checked++;
        } while (fx_next(scn, &p));
        model_free(scn);
    }
    assert_true(checked > 1000);
}

/* Regression: with min_guarantor_share, picking missing guarantors cheapest-first can cost more
   than bringing round one big guarantor. Here the share needs 6 of 12 capability: greedy took the
   two small guarantors (1 broken constraint each, capability 1 each) and then still needed the
   big one (2 broken, capability 10): 4 in all. Dropping the big one's 2 constraints is enough. */
static void test_broken_is_true_distance_with_guarantor_share(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 1, 4);
    int f = fx_not(scn, fx_true(scn));
    scn->rule.required = fx_bit(0);
    scn->rule.guarantors = fx_bit(1) | fx_bit(2) | fx_bit(3);
    scn->rule.min_guarantor_share = 0.5;
    scn->actors[1].capability = 10;
    fx_redline(scn, 1, f, "big guarantor, first red line");
    fx_redline(scn, 1, f, "big guarantor, second red line");
    scn->actors[2].capability = 1;
    fx_redline(scn, 2, f, "small guarantor");
    scn->actors[3].capability = 1;
    fx_redline(scn, 3, f, "other small guarantor");
    fx_finish(scn);
    model_package p;
    memset(&p, 0, sizeof p);
    int want = true_distance(scn, &p);
    uint32_t broken[MODEL_MAX_ACTORS];
    int got = search_broken(scn, NULL, &p, broken);
    model_free(scn); /* before asserting: a failure must not leak under the sanitizers */
    assert_int_equal(want, 2);
    assert_int_equal(got, 2); /* fails today: 4 */
    assert_int_equal(broken[1], 0x3);
    assert_int_equal(broken[2], 0);
    assert_int_equal(broken[3], 0);
}

/* ---- limits ------------------------------------------------------------------------------------------ */

/* A tug of war over 16 binary issues: u0 + u1 = 1 on every package and both need 0.51, so no
   deal exists, and no red line prunes: proving it takes thousands of nodes. */
static model_scenario *tug_of_war(void)
{
    model_scenario *scn = fx_scenario(16, 2, 2);
    for (int k = 0; k < 16; k++) {
        fx_values(scn, 0, k, (double[]){0, 1});
        fx_values(scn, 1, k, (double[]){1, 0});
    }
    scn->actors[0].reservation = scn->actors[1].reservation = 0.51;
    scn->rule.required = 0x3;
    fx_finish(scn);
    return scn;
}

static void test_node_limit_makes_incomplete(void **state)
{
    (void)state;
    model_scenario *scn = tug_of_war();
    search_mode modes[3] = {SEARCH_SATISFY, SEARCH_NASH, SEARCH_NEAREST};
    for (int m = 0; m < 3; m++) {
        search_result res = run(scn, modes[m], NULL, NULL, 200);
        assert_false(res.complete);
        assert_true(res.nodes <= 201);
        if (modes[m] != SEARCH_NEAREST)
            assert_false(res.found);
        /* without a limit the same search finishes and proves it */
        res = run(scn, modes[m], NULL, NULL, 0);
        assert_true(res.complete);
        assert_true(res.nodes > 200);
        if (modes[m] == SEARCH_NEAREST)
            assert_near(res.score, 1, 0); /* drop either reservation */
        else
            assert_false(res.found);
    }
    model_free(scn);
    /* the same limit is plenty for a tiny space: complete */
    scn = split();
    search_result res = run(scn, SEARCH_NASH, NULL, NULL, 200);
    assert_true(res.complete);
    assert_true(res.found);
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nash_matches_brute_force_on_synth),
        cmocka_unit_test(test_weighted_nash_matches_brute_force_on_synth),
        cmocka_unit_test(test_satisfy_and_nearest_on_synth),
        cmocka_unit_test(test_all_modes_match_brute_force_on_random),
        cmocka_unit_test(test_nash_symmetric_split_is_even),
        cmocka_unit_test(test_nash_weighted_split_favours_heavier),
        cmocka_unit_test(test_nash_respects_reservation_gains),
        cmocka_unit_test(test_nash_outsider_gain_does_not_reward_small_coalitions),
        cmocka_unit_test(test_nash_finds_optimum_local_moves_cannot_reach),
        cmocka_unit_test(test_nash_none_when_no_deal),
        cmocka_unit_test(test_nearest_is_zero_when_a_deal_exists),
        cmocka_unit_test(test_broken_counts_required_and_missing_guarantors),
        cmocka_unit_test(test_broken_is_true_distance_with_guarantor_counts),
        cmocka_unit_test(test_broken_is_true_distance_with_guarantor_share),
        cmocka_unit_test(test_node_limit_makes_incomplete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
