/* test_forecast.c: the forecasting models: the compromise and the weighted median by their
   formulas, the pivots of a quota, the expected utility model against an independent
   re-implementation of MODEL-NOTES' equations, its offer rules and challenge log, every option,
   the BDM 1994 emission replication, Monte Carlo that does not depend on the threads, the CSV
   reader, and a scenario's continuous issues. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "fixture.h"
#include "forecast.h"
#include "table.h"

#define EMISSION ENTENTE_SOURCE_DIR "/tests/fixtures/forecast/emission_standards.csv"

/* ---- helpers ---------------------------------------------------------------------------- */

static table_issue load_emission(void)
{
    table_issue t;
    ent_error err = {0};
    if (table_load(EMISSION, &t, &err) != ENT_OK)
        fail_msg("%s", err.message);
    assert_int_equal(t.n, 10);
    return t;
}

static forecast_input make_input(int n, const double *x, const double *s, const double *c)
{
    return (forecast_input){.n = n, .position = x, .salience = s, .capability = c};
}

/* ---- an independent reference: MODEL-NOTES' equations, written plainly ----------------- */

static double ref_shape(double base, double r)
{
    return 2 - 4 * pow(base < 0 ? 0 : base, r);
}

static double ref_p(const forecast_input *in, const double *x, int i, int j)
{
    double num = 0, den = 0;
    for (int k = 0; k < in->n; k++) {
        double v = in->capability[k] * in->salience[k] * (fabs(x[k] - x[j]) - fabs(x[k] - x[i]));
        num += v > 0 ? v : 0;
        den += fabs(v);
    }
    return den > 0 ? num / den : 0.5;
}

static double ref_eu(const forecast_input *in, const double *x, const double *r, double delta,
                     double mu, double q, double t, int i, int j)
{
    double d = fabs(x[i] - x[j]) / delta, m = fabs(x[i] - mu) / delta;
    double us = ref_shape(0.5 - 0.5 * d, r[i]), uf = ref_shape(0.5 + 0.5 * d, r[i]);
    double ub = ref_shape(0.5 - 0.25 * (m + d), r[i]), uw = ref_shape(0.5 + 0.25 * (m + d), r[i]);
    double usq = ref_shape(0.5, r[i]), p = ref_p(in, x, i, j), s = in->salience[j];
    return s * (p * us + (1 - p) * uf) + (1 - s) * us - q * usq -
           (1 - q) * (t * ub + (1 - t) * uw);
}

/* Risk from EU computed with r = 1: S_k = sum_{j != k} EU_j(k). */
static void ref_risk(const forecast_input *in, const double *x, double delta, double mu,
                     double q, double t, double *r)
{
    int n = in->n;
    double one[FORECAST_MAX_ACTORS], s[FORECAST_MAX_ACTORS], lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++)
        one[i] = 1;
    for (int k = 0; k < n; k++) {
        s[k] = 0;
        for (int j = 0; j < n; j++)
            if (j != k)
                s[k] += ref_eu(in, x, one, delta, mu, q, t, j, k);
        lo = fmin(lo, s[k]);
        hi = fmax(hi, s[k]);
    }
    for (int k = 0; k < n; k++) {
        double big = hi > lo ? (2 * s[k] - hi - lo) / (hi - lo) : 0;
        r[k] = (1 - big / 3) / (1 + big / 3);
    }
}

/* ---- compromise and median ------------------------------------------------------------- */

static void test_compromise_and_median_on_emission(void **state)
{
    (void)state;
    table_issue t = load_emission();
    forecast_input in = table_input(&t);
    double num = 0, den = 0;
    for (int i = 0; i < in.n; i++) {
        num += in.capability[i] * in.salience[i] * in.position[i];
        den += in.capability[i] * in.salience[i];
    }
    assert_near(forecast_compromise(&in), num / den, 1e-12);
    assert_near(forecast_compromise(&in), 7.389956, 1e-6);
    /* BDM 1994: the initial weighted median is 7.0 */
    assert_near(forecast_weighted_median(&in, NULL), 7.0, 0);
    assert_near(forecast_median(&in, NULL), 7.0, 0);
    assert_int_equal(forecast_check(&in, NULL), FORECAST_INPUT_OK);
    table_free(&t);
}

static void test_median_rules(void **state)
{
    (void)state;
    /* exactly half the weight at 10: the first position reaching half is the median */
    double x[] = {10, 20, 30, 40}, s[] = {1, 1, 1, 1}, c[] = {1, 1, 1, 1};
    forecast_input in = make_input(4, x, s, c);
    assert_near(forecast_weighted_median(&in, NULL), 20, 0);
    /* unsorted input, one heavy actor */
    double x2[] = {50, 10, 90}, c2[] = {1, 1, 5};
    forecast_input in2 = make_input(3, x2, s, c2);
    assert_near(forecast_weighted_median(&in2, NULL), 90, 0);
    assert_near(forecast_compromise(&in2), (50 + 10 + 450) / 7.0, 1e-12);
    /* nobody weighs anything: every actor counts the same */
    double zero[] = {0, 0, 0};
    forecast_input in3 = make_input(3, x2, zero, c2);
    assert_near(forecast_weighted_median(&in3, NULL), 50, 0);
    assert_near(forecast_compromise(&in3), 50, 1e-12);
}

static void test_pivots_with_a_quota(void **state)
{
    (void)state;
    table_issue t = load_emission();
    forecast_input in = table_input(&t);
    /* unanimity: the status quo moves to the nearest position everyone accepts */
    forecast_median_options o = {.quota = 1, .has_status_quo = true, .status_quo = 2};
    assert_near(forecast_median(&in, &o), 4, 0);
    o.status_quo = 12;
    assert_near(forecast_median(&in, &o), 10, 0);
    o.status_quo = 6; /* inside the gridlock interval [4, 10]: nothing moves */
    assert_near(forecast_median(&in, &o), 6, 0);
    /* a qualified majority of 0.71 of the weight (EU QMV in the 1990s) */
    o.quota = 0.71;
    o.status_quo = 12;
    /* weight 0.677 in all; at or below 7: 0.341 (50%), at or below 10: all: R = 10 */
    assert_near(forecast_median(&in, &o), 10, 0);
    o.status_quo = 2;
    /* at or above 7: 0.429 (63%) < 71%; at or above 4: all: L = 4 */
    assert_near(forecast_median(&in, &o), 4, 0);
    /* a simple majority with a status quo: both pivots are the median */
    o.quota = 0.5;
    o.status_quo = 2;
    assert_near(forecast_median(&in, &o), 7, 0);
    table_free(&t);
}

static void test_checks(void **state)
{
    (void)state;
    double x[] = {1, 2, 3}, s[] = {0.5, 0.5, 0.5}, c[] = {1, 1, 1};
    int who;
    forecast_input in = make_input(1, x, s, c);
    assert_int_equal(forecast_check(&in, &who), FORECAST_TOO_FEW);
    in.n = 3;
    assert_int_equal(forecast_check(&in, &who), FORECAST_INPUT_OK);
    double bad_c[] = {1, -1, 1};
    in.capability = bad_c;
    assert_int_equal(forecast_check(&in, &who), FORECAST_BAD_CAPABILITY);
    assert_int_equal(who, 1);
    in.capability = c;
    double bad_s[] = {0.5, 0.5, 1.5};
    in.salience = bad_s;
    assert_int_equal(forecast_check(&in, &who), FORECAST_BAD_SALIENCE);
    assert_int_equal(who, 2);
    double nan_x[] = {1, NAN, 3};
    in.salience = s;
    in.position = nan_x;
    assert_int_equal(forecast_check(&in, &who), FORECAST_NOT_FINITE);
    double same[] = {4, 4, 4};
    in.position = same;
    assert_int_equal(forecast_check(&in, &who), FORECAST_ALL_EQUAL);
    double none[] = {0, 0, 0};
    in.position = x;
    in.salience = none;
    assert_int_equal(forecast_check(&in, &who), FORECAST_NO_WEIGHT);
}

/* ---- the expected utility model ------------------------------------------------------- */

/* The BDM 1994 replication: MODEL-NOTES' targets. */
static void test_emission_replication(void **state)
{
    (void)state;
    table_issue t = load_emission();
    forecast_input in = table_input(&t);
    forecast_eu_options o = forecast_eu_defaults();
    o.log = true;
    forecast_eu_result r;
    ent_error err = {0};
    assert_int_equal(forecast_eu(&in, &o, &r, &err), ENT_OK);
    const forecast_eu_summary *sm = &r.summary;
    assert_true(sm->converged);
    assert_true(fabs(sm->median - 9.9) <= 1.0);  /* Scholz et al. 2011 */
    assert_true(fabs(sm->median - 9.05) <= 1.0); /* BDM 1994's own */
    assert_near(sm->median, 9.53, 0.005);
    /* the weighted mean stays between 7 and 8 in the first rounds */
    assert_near(r.median_by_round[0], 7.0, 0);
    for (int round = 0; round <= 5 && round <= sm->rounds; round++) {
        assert_true(r.mean_by_round[round] >= 7.0);
        assert_true(r.mean_by_round[round] <= 8.0);
    }
    /* the positions do not collapse to one point */
    assert_true(sm->spread > 3);
    assert_near(sm->mean, forecast_weighted_mean(&in, r.final), 1e-12);
    assert_near(sm->median, forecast_weighted_median(&in, r.final), 0);
    /* the log has one row of positions per round and ends on the final positions */
    for (int i = 0; i < in.n; i++)
        assert_near(r.positions[(size_t)sm->rounds * (size_t)in.n + (size_t)i], r.final[i], 0);
    forecast_eu_result_free(&r);
    table_free(&t);
}

/* Round 1 of the emission case against the plain re-implementation: every EU, every offer,
   every taken move. */
static void test_round_one_matches_the_equations(void **state)
{
    (void)state;
    table_issue t = load_emission();
    forecast_input in = table_input(&t);
    forecast_eu_options o = forecast_eu_defaults();
    o.log = true;
    o.rounds = 1;
    forecast_eu_result r;
    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
    int n = in.n;
    const double *x = in.position;
    double rr[FORECAST_MAX_ACTORS];
    ref_risk(&in, x, 6, 7, 1, 1, rr);
    for (int i = 0; i < n; i++)
        assert_near(r.risk[i], rr[i], 1e-12);
    /* risk: the most exposed actor gets 0.5 and the least exposed 2 */
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        lo = fmin(lo, rr[i]);
        hi = fmax(hi, rr[i]);
    }
    assert_near(lo, 0.5, 1e-12);
    assert_near(hi, 2.0, 1e-12);
    int logged = 0;
    for (int j = 0; j < n; j++) {
        double best = x[j], best_move = INFINITY;
        for (int i = 0; i < n; i++) {
            if (i == j || x[i] == x[j])
                continue;
            double a = ref_eu(&in, x, rr, 6, 7, 1, 1, i, j);
            double b = ref_eu(&in, x, rr, 6, 7, 1, 1, j, i);
            if (!(a > 0) || b == 0 || (b > 0 && !(a > b)))
                continue;
            /* this challenge is in the log, with the same numbers */
            const forecast_challenge *c = NULL;
            for (int e = 0; e < r.challenge_count; e++)
                if (r.challenges[e].challenger == i && r.challenges[e].target == j)
                    c = &r.challenges[e];
            assert_non_null(c);
            logged++;
            assert_near(c->eu_challenger, a, 1e-12);
            assert_near(c->eu_target, b, 1e-12);
            forecast_offer_kind kind = b > 0 ? FORECAST_OFFER_CONFLICT
                                       : -b < a ? FORECAST_OFFER_COMPROMISE
                                                : FORECAST_OFFER_CAPITULATION;
            assert_int_equal(c->kind, kind);
            double to = kind == FORECAST_OFFER_CONFLICT      ? x[j] /* conflict moves nobody */
                        : kind == FORECAST_OFFER_COMPROMISE ? x[j] + (x[i] - x[j]) * fabs(b / a)
                                                            : x[i];
            assert_near(c->to, to, 1e-12);
            if (kind != FORECAST_OFFER_CONFLICT && fabs(to - x[j]) < best_move) {
                best_move = fabs(to - x[j]);
                best = to;
            }
        }
        assert_near(r.final[j], best, 1e-12); /* the offer that moves it least */
    }
    assert_int_equal(logged, r.challenge_count);
    forecast_eu_result_free(&r);
    table_free(&t);
}

/* Every option against the reference on a small case with Q, T below 1 (so Ub and Uw count). */
static void test_q_and_t_match_the_equations(void **state)
{
    (void)state;
    double x[] = {0, 30, 55, 100}, s[] = {0.9, 0.4, 0.6, 0.8}, c[] = {1, 2, 1.5, 1};
    forecast_input in = make_input(4, x, s, c);
    const double qs[] = {0, 0.5, 1}, ts[] = {0, 0.3, 1};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            forecast_eu_options o = forecast_eu_defaults();
            o.q = qs[a];
            o.t = ts[b];
            o.rounds = 1;
            o.log = true;
            forecast_eu_result r;
            assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
            double mu = forecast_weighted_median(&in, NULL), rr[4];
            ref_risk(&in, x, 100, mu, o.q, o.t, rr);
            for (int e = 0; e < r.challenge_count; e++) {
                const forecast_challenge *ch = &r.challenges[e];
                assert_near(ch->eu_challenger,
                            ref_eu(&in, x, rr, 100, mu, o.q, o.t, ch->challenger, ch->target),
                            1e-12);
                assert_near(ch->eu_target,
                            ref_eu(&in, x, rr, 100, mu, o.q, o.t, ch->target, ch->challenger),
                            1e-12);
            }
            forecast_eu_result_free(&r);
        }
}

/* The log's own rules, round after round: one taken offer per target at most, the smallest
   move among the offers, and the next positions made of exactly those moves. */
static void check_log(const forecast_input *in, const forecast_eu_result *r, bool conflict_moves)
{
    int n = in->n;
    for (int e = 0; e < r->challenge_count; e++) {
        const forecast_challenge *c = &r->challenges[e];
        assert_true(c->eu_challenger > 0);
        if (c->kind == FORECAST_OFFER_CONFLICT) {
            assert_true(c->eu_target > 0 && c->eu_challenger > c->eu_target);
            if (!conflict_moves) {
                assert_false(c->taken);
                assert_near(c->to, c->from, 0);
            }
        } else {
            assert_true(c->eu_target < 0);
        }
    }
    for (int round = 1; round <= r->summary.rounds; round++) {
        const double *before = r->positions + (size_t)(round - 1) * (size_t)n;
        const double *after = r->positions + (size_t)round * (size_t)n;
        for (int j = 0; j < n; j++) {
            int taken = -1;
            double least = INFINITY;
            for (int e = 0; e < r->challenge_count; e++) {
                const forecast_challenge *c = &r->challenges[e];
                if (c->round != round || c->target != j)
                    continue;
                assert_near(c->from, before[j], 0);
                bool offer = c->kind != FORECAST_OFFER_CONFLICT || conflict_moves;
                if (offer)
                    least = fmin(least, fabs(c->to - c->from));
                if (c->taken) {
                    assert_int_equal(taken, -1);
                    taken = e;
                }
            }
            if (taken < 0) {
                assert_near(after[j], before[j], 0);
                assert_true(least == INFINITY);
            } else {
                assert_near(after[j], r->challenges[taken].to, 0);
                assert_near(fabs(r->challenges[taken].to - before[j]), least, 0);
            }
        }
    }
}

static void test_every_option_keeps_the_rules(void **state)
{
    (void)state;
    table_issue t = load_emission();
    forecast_input in = table_input(&t);
    for (int d = 0; d <= FORECAST_DENOM_CAPABILITY; d++)
        for (int c = 0; c <= FORECAST_CONFLICT_MOVE; c++)
            for (int k = 0; k <= FORECAST_RISK_NEUTRAL; k++)
                for (int g = 0; g <= FORECAST_RANGE_CURRENT; g++) {
                    forecast_eu_options o = forecast_eu_defaults();
                    o.denominator = (forecast_denominator)d;
                    o.conflict = (forecast_conflict)c;
                    o.risk = (forecast_risk)k;
                    o.range = (forecast_range)g;
                    o.rounds = 40;
                    o.log = true;
                    forecast_eu_result r;
                    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
                    assert_true(isfinite(r.summary.median) && isfinite(r.summary.mean));
                    assert_true(r.summary.median >= 4 && r.summary.median <= 10);
                    for (int i = 0; i < in.n; i++)
                        assert_true(r.risk[i] >= 0.5 - 1e-12 && r.risk[i] <= 2 + 1e-12);
                    if (o.risk == FORECAST_RISK_NEUTRAL)
                        for (int i = 0; i < in.n; i++)
                            assert_near(r.risk[i], 1, 0);
                    check_log(&in, &r, o.conflict == FORECAST_CONFLICT_MOVE);
                    /* the quick path gives the same summary */
                    forecast_work *w = forecast_work_new(in.n);
                    assert_non_null(w);
                    forecast_eu_summary q;
                    forecast_eu_quick(&in, &o, w, &q);
                    assert_near(q.median, r.summary.median, 0);
                    assert_near(q.mean, r.summary.mean, 0);
                    assert_int_equal(q.rounds, r.summary.rounds);
                    forecast_work_free(w);
                    forecast_eu_result_free(&r);
                }
    table_free(&t);
}

/* The notes' literal conflict rule (the weaker side takes the other's position) makes the
   emission case collapse: why it is an option and not the default (docs/model.md). */
static void test_conflict_move_collapses_the_emission_case(void **state)
{
    (void)state;
    table_issue t = load_emission();
    forecast_input in = table_input(&t);
    forecast_eu_options o = forecast_eu_defaults();
    o.conflict = FORECAST_CONFLICT_MOVE;
    o.rounds = 200;
    forecast_eu_result r;
    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
    assert_true(r.summary.spread < 1);
    assert_true(fabs(r.summary.median - 9.05) > 1.0);
    forecast_eu_result_free(&r);
    table_free(&t);
}

static void test_rounds_cap_and_tolerance(void **state)
{
    (void)state;
    table_issue t = load_emission();
    forecast_input in = table_input(&t);
    forecast_eu_options o = forecast_eu_defaults();
    o.rounds = 3;
    forecast_eu_result r;
    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
    assert_int_equal(r.summary.rounds, 3);
    assert_false(r.summary.converged);
    forecast_eu_result_free(&r);
    o = forecast_eu_defaults();
    o.tolerance = 0.5; /* half the range: the first round already counts as still */
    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
    assert_true(r.summary.converged);
    assert_int_equal(r.summary.rounds, 1);
    forecast_eu_result_free(&r);
    o = forecast_eu_defaults();
    o.tolerance = 1e-4;
    o.rounds = 1000;
    int rounds_tight;
    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
    rounds_tight = r.summary.rounds;
    assert_true(r.summary.converged);
    assert_near(r.summary.median, 9.53, 0.005);
    forecast_eu_result_free(&r);
    o = forecast_eu_defaults();
    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
    assert_true(r.summary.rounds < rounds_tight);
    forecast_eu_result_free(&r);
    /* options out of range are refused */
    ent_error err = {0};
    o.q = 1.5;
    assert_int_equal(forecast_eu(&in, &o, &r, &err), ENT_ERR_USAGE);
    assert_non_null(strstr(err.message, "Q must be between 0 and 1"));
    o = forecast_eu_defaults();
    o.rounds = 0;
    assert_int_equal(forecast_eu(&in, &o, &r, &err), ENT_ERR_USAGE);
    table_free(&t);
}

/* Two actors: the stronger one's capitulation offer is taken at once. */
static void test_two_actors_capitulation(void **state)
{
    (void)state;
    double x[] = {0, 100}, s[] = {1, 0.2}, c[] = {10, 0}; /* P_01 = 1: only 0's vote counts */
    forecast_input in = make_input(2, x, s, c);
    forecast_eu_options o = forecast_eu_defaults();
    o.log = true;
    o.risk = FORECAST_RISK_NEUTRAL;
    forecast_eu_result r;
    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
    /* r = 1, d = 1: EU_i(j) = 2d (1 - 2 s_j (1 - P_ij)), so EU_0(1) = 2 (1 - 0) = 2 and
       EU_1(0) = 2 (1 - 2 * 1 * 1) = -2: |EU_1(0)| >= EU_0(1), a capitulation */
    assert_true(r.challenge_count >= 1);
    assert_int_equal(r.challenges[0].challenger, 0);
    assert_int_equal(r.challenges[0].target, 1);
    assert_near(r.challenges[0].eu_challenger, 2, 1e-12);
    assert_near(r.challenges[0].eu_target, -2, 1e-12);
    assert_int_equal(r.challenges[0].kind, FORECAST_OFFER_CAPITULATION);
    assert_true(r.challenges[0].taken);
    assert_near(r.final[1], 0, 0);
    assert_true(r.summary.converged);
    assert_near(r.summary.spread, 0, 0);
    forecast_eu_result_free(&r);
}

/* ---- a larger synthetic issue ------------------------------------------------------------- */

static void test_thirty_actors(void **state)
{
    (void)state;
    rng_state g;
    rng_seed(&g, 2024);
    double x[30], s[30], c[30];
    for (int i = 0; i < 30; i++) {
        x[i] = 100 * rng_uniform(&g);
        s[i] = rng_uniform(&g);
        c[i] = 0.1 + rng_uniform(&g);
    }
    forecast_input in = make_input(30, x, s, c);
    forecast_eu_options o = forecast_eu_defaults();
    o.rounds = 50;
    o.log = true;
    forecast_eu_result r;
    assert_int_equal(forecast_eu(&in, &o, &r, NULL), ENT_OK);
    assert_true(r.summary.rounds <= 50);
    for (int i = 0; i < 30; i++)
        assert_true(r.final[i] >= 0 && r.final[i] <= 100);
    check_log(&in, &r, false);
    forecast_eu_result_free(&r);
}

/* ---- Monte Carlo ---------------------------------------------------------------------------- */

static void test_stats(void **state)
{
    (void)state;
    double v[] = {5, 1, 4, 2, 3};
    forecast_stats st = forecast_stats_of(v, 5);
    assert_near(st.mean, 3, 1e-12);
    assert_near(st.sd, sqrt(2.5), 1e-12);
    assert_near(st.min, 1, 0);
    assert_near(st.max, 5, 0);
    assert_near(st.p50, 3, 0);
    assert_near(st.p25, 2, 0);
    assert_near(st.p5, 1.2, 1e-12);
    assert_near(st.p95, 4.8, 1e-12);
    st = forecast_stats_of(v, 1);
    assert_near(st.sd, 0, 0);
    assert_near(st.p95, 5, 0);
}

static void test_montecarlo_is_the_same_whatever_the_threads(void **state)
{
    (void)state;
    table_issue t = load_emission();
    forecast_input in = table_input(&t);
    forecast_mc_result first;
    const int threads[] = {1, 2, 5, 8};
    for (int k = 0; k < 4; k++) {
        forecast_mc_options o = {.runs = 300, .threads = threads[k], .seed = 42,
                                 .eu = forecast_eu_defaults()};
        forecast_mc_result r;
        assert_int_equal(forecast_mc(&in, &o, &r, NULL), ENT_OK);
        assert_int_equal(r.runs, 300);
        if (k == 0) {
            first = r;
            continue;
        }
        assert_memory_equal(r.samples, first.samples,
                            sizeof *r.samples * 300 * FORECAST_MC_SERIES);
        assert_int_equal(r.converged, first.converged);
        forecast_mc_result_free(&r);
    }
    /* another seed, other draws; the same seed, the same draws */
    forecast_mc_options o = {.runs = 300, .threads = 2, .seed = 43, .eu = forecast_eu_defaults()};
    forecast_mc_result other;
    assert_int_equal(forecast_mc(&in, &o, &other, NULL), ENT_OK);
    assert_true(memcmp(other.samples, first.samples, sizeof *other.samples * 300 * 4) != 0);
    forecast_mc_result_free(&other);
    /* the default perturbation keeps the compromise near its point value, and every forecast
       inside the positions' range */
    assert_true(fabs(first.stats[FORECAST_MC_COMPROMISE].mean - 7.39) < 0.1);
    assert_true(first.stats[FORECAST_MC_COMPROMISE].sd > 0);
    for (int s = 0; s < FORECAST_MC_SERIES; s++) {
        assert_true(first.stats[s].min >= 4 - 1e-9);
        assert_true(first.stats[s].max <= 10 + 1e-9);
        assert_true(first.stats[s].p5 <= first.stats[s].p50);
        assert_true(first.stats[s].p50 <= first.stats[s].p95);
    }
    forecast_mc_result_free(&first);
    /* no EU: its series stay 0 */
    o.no_eu = true;
    o.runs = 20;
    forecast_mc_result r;
    assert_int_equal(forecast_mc(&in, &o, &r, NULL), ENT_OK);
    assert_near(r.stats[FORECAST_MC_EU_MEDIAN].max, 0, 0);
    forecast_mc_result_free(&r);
    ent_error err = {0};
    o.runs = 0;
    assert_int_equal(forecast_mc(&in, &o, &r, &err), ENT_ERR_USAGE);
    table_free(&t);
}

static void test_perturbation_draws(void **state)
{
    (void)state;
    double x[] = {0, 50, 100}, s[] = {0, 0.5, 1}, c[] = {1, 2, 3};
    forecast_input in = make_input(3, x, s, c);
    forecast_noise nz = forecast_noise_for(&in, 1);
    assert_near(nz.lo, 0, 0);
    assert_near(nz.hi, 100, 0);
    double sum = 0, sum2 = 0;
    for (int k = 0; k < 4000; k++) {
        double px[] = {0, 50, 100}, ps[] = {0, 0.5, 1}, pc[] = {1, 2, 3};
        rng_state r;
        rng_seed_stream(&r, 9, (uint64_t)k);
        forecast_perturb(&nz, &r, 3, px, ps, pc);
        for (int i = 0; i < 3; i++) {
            assert_true(px[i] >= 0 && px[i] <= 100);
            assert_true(ps[i] >= 0 && ps[i] <= 1);
            assert_true(pc[i] >= 0.9 * c[i] - 1e-12 && pc[i] <= 1.1 * c[i] + 1e-12);
            assert_true(fabs(ps[i] - s[i]) <= 0.1 + 1e-12);
        }
        sum += px[1] - 50;
        sum2 += (px[1] - 50) * (px[1] - 50);
    }
    /* the middle actor's position: mean 50, sd 5 (5% of the range) */
    assert_true(fabs(sum / 4000) < 0.5);
    assert_true(fabs(sqrt(sum2 / 4000) - 5) < 0.3);
}

/* ---- the CSV reader -------------------------------------------------------------------------- */

static void test_table_formats(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF# where the numbers come from\r\n"
                        " salience ;ACTOR;Position;Capability;Notes;Outcome\r\n"
                        "80;\"Smith; J.\";10;2;\"said \"\"no\"\"\";14\r\n"
                        "\r\n"
                        "50;Jones;20;1;;\r\n"
                        "30;\"Brown\";30;1;x;14";
    table_issue t;
    ent_error err = {0};
    assert_int_equal(table_parse("mem/polls.csv", text, sizeof text - 1, &t, &err), ENT_OK);
    assert_string_equal(t.id, "polls");
    assert_int_equal(t.n, 3);
    assert_string_equal(t.actor[0], "Smith; J.");
    assert_string_equal(t.actor[2], "Brown");
    assert_int_equal(t.row[0], 3);
    assert_int_equal(t.row[1], 5);
    assert_int_equal(t.row[2], 6);
    assert_true(t.percent); /* saliences on 0-100, divided by 100 */
    assert_near(t.salience[0], 0.8, 1e-12);
    assert_near(t.capability[0], 2, 0);
    assert_near(t.position[2], 30, 0);
    assert_true(t.has_outcome);
    assert_near(t.outcome, 14, 0);
    table_free(&t);
    /* a quoted newline inside a name, and the rows after it keep their line numbers */
    const char multi[] = "Actor,Capability,Position,Salience\n\"A\nB\",1,1,1\nC,1,2,1\nC,1,3,1\n";
    assert_int_equal(table_parse("m.csv", multi, sizeof multi - 1, &t, &err), ENT_ERR_SCENARIO);
    assert_string_equal(err.message, "m.csv:5: column 'Actor': 'C' is listed twice (first on row "
                                     "4)");
}

static void test_table_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"", "t.csv:1: empty file: expected a header row Actor,Capability,Position,Salience"},
        {"Actor,Capability,Position,Salience\nA,1,abc,0.5\n",
         "t.csv:2: column 'Position': not a number ('abc')"},
        {"Actor,Capability,Position,Salience\nA,1,1,0.5\nB,-1,2,0.5\n",
         "t.csv:3: column 'Capability': -1 is negative: a capability is 0 or more"},
        {"Actor,Capability,Position,Salience\nA,1,NaN,0.5\n",
         "t.csv:2: column 'Position': not a finite number ('NaN')"},
        {"Actor,Capability,Position,Salience\nA,1,1,0.5\n",
         "t.csv:2: only one actor ('A'): a forecast needs at least two"},
        {"Actor,Capability,Position,Salience\nA,1,5,0.5\nB,1,5,0.5\n",
         "t.csv:2: column 'Position': every actor is at 5 (rows 2 to 3): nothing to forecast"},
        {"Actor,Capability,Position,Salience\nA,1,1,0.5\nA,1,2,0.5\n",
         "t.csv:3: column 'Actor': 'A' is listed twice (first on row 2)"},
        {"Actor,Position,Salience\nA,1,0.5\n",
         "t.csv:1: missing column 'Capability' (the header has Actor, Position, Salience; "
         "expected Actor,Capability,Position,Salience)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        table_issue t;
        ent_error err = {0};
        assert_int_equal(table_parse("t.csv", cases[k].text, strlen(cases[k].text), &t, &err),
                         ENT_ERR_SCENARIO);
        assert_string_equal(err.message, cases[k].message);
        assert_int_equal(t.n, 0); /* left empty */
    }
    table_issue t;
    ent_error err = {0};
    assert_int_equal(table_load("/nonexistent/dir/x.csv", &t, &err), ENT_ERR_IO);
    assert_non_null(strstr(err.message, "cannot open"));
}

/* ---- a scenario's continuous issues ---------------------------------------------------------- */

static void test_scenario_issue_and_declared_draws(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 3);
    model_continuous *is = &scn->continuous[scn->continuous_count++];
    snprintf(is->id, sizeof is->id, "tax");
    is->lo = 0;
    is->hi = 100;
    const double pos[] = {10, 0, 70}, sal[] = {0.5, 0, 0.9};
    for (int a = 0; a < 3; a++)
        if (a != 1) {
            is->stated |= 1ull << a;
            is->position[a] = pos[a];
            is->salience[a] = sal[a];
        }
    scn->actors[2].capability = 3;
    double x[MODEL_MAX_ACTORS], s[MODEL_MAX_ACTORS], c[MODEL_MAX_ACTORS];
    int of[MODEL_MAX_ACTORS];
    int n = forecast_issue_actors(scn, 0, x, s, c, of);
    assert_int_equal(n, 2);
    assert_int_equal(of[0], 0);
    assert_int_equal(of[1], 2);
    assert_near(x[1], 70, 0);
    assert_near(c[1], 3, 0);
    assert_false(forecast_declared_any(scn, 0));
    /* a capability draw for A1, who is not on the issue, does not count; one for A2 does */
    model_uncertain cap = {.target = UNCERTAIN_CAPABILITY, .actor = 1, .dist = DIST_UNIFORM,
                           .a = 1, .b = 2, .lo = 0, .hi = 1e12};
    scn->uncertain[scn->uncertain_count++] = cap;
    assert_false(forecast_declared_any(scn, 0));
    model_cuncertain pu = {.draw = {.actor = 2, .dist = DIST_UNIFORM, .a = 200, .b = 300,
                                    .lo = 0, .hi = 100},
                           .field = CUNCERTAIN_POSITION, .issue = 0};
    scn->cuncertain[scn->cuncertain_count++] = pu;
    assert_true(forecast_declared_any(scn, 0));
    forecast_declared d;
    forecast_declared_init(&d, scn, 0, of, n);
    rng_state r;
    rng_seed(&r, 1);
    forecast_draw_declared(&d, &r, n, x, s, c);
    assert_near(x[1], 100, 0); /* drawn above the scale, clamped to it */
    assert_near(c[1], 3, 0);   /* A1's capability draw is not A2's */
    assert_near(x[0], 10, 0);
    /* the copy keeps the continuous issue */
    model_scenario *copy = model_clone(scn);
    assert_non_null(copy);
    assert_int_equal(copy->continuous_count, 1);
    assert_near(copy->continuous[0].position[2], 70, 0);
    model_free(copy);
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compromise_and_median_on_emission),
        cmocka_unit_test(test_median_rules),
        cmocka_unit_test(test_pivots_with_a_quota),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_emission_replication),
        cmocka_unit_test(test_round_one_matches_the_equations),
        cmocka_unit_test(test_q_and_t_match_the_equations),
        cmocka_unit_test(test_every_option_keeps_the_rules),
        cmocka_unit_test(test_conflict_move_collapses_the_emission_case),
        cmocka_unit_test(test_rounds_cap_and_tolerance),
        cmocka_unit_test(test_two_actors_capitulation),
        cmocka_unit_test(test_thirty_actors),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_montecarlo_is_the_same_whatever_the_threads),
        cmocka_unit_test(test_perturbation_draws),
        cmocka_unit_test(test_table_formats),
        cmocka_unit_test(test_table_errors),
        cmocka_unit_test(test_scenario_issue_and_declared_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
