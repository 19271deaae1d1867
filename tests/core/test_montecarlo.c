/* test_montecarlo.c: Monte Carlo: the distributions drawn, what a draw changes, complete
   restores between runs, identical results whatever the thread count, the tornado ranking on a
   scenario whose answer is known, progress, and errors from worker factories and scripts.
   Every statistical check uses a fixed seed, so it is deterministic; bounds are several
   standard errors wide so that a change of seed would not make them fail either. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>

#include "fixture.h"
#include "montecarlo.h"
#include "round.h"
#include "synth.h"

/* ---- helpers ---------------------------------------------------------------------------- */

static model_uncertain dist(model_dist_kind kind, double a, double b, double c, double lo,
                            double hi)
{
    model_uncertain u;
    memset(&u, 0, sizeof u);
    snprintf(u.id, sizeof u.id, "u");
    u.dist = kind;
    u.a = a;
    u.b = b;
    u.c = c;
    u.lo = lo;
    u.hi = hi;
    return u;
}

static model_uncertain *add_uncertain(model_scenario *scn, const char *id,
                                      model_uncertain_target target, int actor, int other,
                                      model_uncertain u)
{
    assert_true(scn->uncertain_count < MODEL_MAX_UNCERTAIN);
    model_uncertain *p = &scn->uncertain[scn->uncertain_count++];
    *p = u;
    snprintf(p->id, sizeof p->id, "%s", id);
    p->target = target;
    p->actor = actor;
    p->other = other;
    return p;
}

static void plain_tactics(model_scenario *scn)
{
    for (int i = 0; i < scn->actor_count; i++) {
        model_tactic *t = &scn->actors[i].tactic;
        t->beta = 1;
        t->deadline = 0;
        t->susceptibility = 0;
        t->kappa = 0;
    }
}

enum { DRAWS = 200000 };

typedef struct {
    double mean, var, lo, hi;
} moments;

static moments draw_moments(const model_uncertain *u, uint64_t seed, double *out)
{
    rng_state r;
    rng_seed_stream(&r, seed, 0);
    moments m = {0, 0, INFINITY, -INFINITY};
    for (int i = 0; i < DRAWS; i++) {
        double x = mc_sample(u, &r);
        if (out)
            out[i] = x;
        m.mean += x;
        m.lo = x < m.lo ? x : m.lo;
        m.hi = x > m.hi ? x : m.hi;
    }
    m.mean /= DRAWS;
    rng_seed_stream(&r, seed, 0);
    for (int i = 0; i < DRAWS; i++) {
        double d = mc_sample(u, &r) - m.mean;
        m.var += d * d;
    }
    m.var /= DRAWS - 1;
    return m;
}

static bool same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Every field, doubles byte for byte. */
static void assert_same_result(const mc_result *a, const mc_result *b)
{
    assert_int_equal(a->runs, b->runs);
    assert_int_equal(a->actor_count, b->actor_count);
    assert_int_equal(a->uncertain_count, b->uncertain_count);
    for (int o = 0; o < MC_OUTCOME_KINDS; o++) {
        assert_int_equal(a->outcome_count[o], b->outcome_count[o]);
        assert_true(same_double(a->outcome_probability[o], b->outcome_probability[o]));
    }
    assert_int_equal(a->deal_count, b->deal_count);
    assert_true(same_double(a->deal_probability, b->deal_probability));
    assert_true(same_double(a->mean_rounds, b->mean_rounds));
    assert_memory_equal(a->signatory_count, b->signatory_count, sizeof a->signatory_count);
    assert_memory_equal(a->signatory_probability, b->signatory_probability,
                        sizeof a->signatory_probability);
    assert_int_equal(a->distinct_packages, b->distinct_packages);
    assert_int_equal(a->package_count, b->package_count);
    for (int p = 0; p < a->package_count; p++) {
        assert_memory_equal(&a->packages[p].package, &b->packages[p].package,
                            sizeof a->packages[p].package);
        assert_int_equal(a->packages[p].kind, b->packages[p].kind);
        assert_int_equal(a->packages[p].count, b->packages[p].count);
        assert_true(same_double(a->packages[p].frequency, b->packages[p].frequency));
    }
    for (int u = 0; u < a->uncertain_count; u++) {
        const mc_tornado *x = &a->tornado[u], *y = &b->tornado[u];
        assert_int_equal(x->uncertain, y->uncertain);
        assert_int_equal(x->low_count, y->low_count);
        assert_int_equal(x->high_count, y->high_count);
        assert_true(same_double(x->median, y->median));
        assert_true(same_double(x->low_value, y->low_value));
        assert_true(same_double(x->high_value, y->high_value));
        assert_true(same_double(x->low_deal, y->low_deal));
        assert_true(same_double(x->high_deal, y->high_deal));
        assert_true(same_double(x->swing, y->swing));
    }
    assert_memory_equal(a->outcomes, b->outcomes, (size_t)a->runs);
    if (a->uncertain_count)
        assert_memory_equal(a->draws, b->draws,
                            sizeof a->draws[0] * (size_t)a->runs * (size_t)a->uncertain_count);
}

static mc_result run_ok(const model_scenario *scn, mc_options o)
{
    mc_result res;
    ent_error err;
    ent_status st = mc_run(scn, &o, &res, &err);
    if (st != ENT_OK)
        fail_msg("mc_run: %s", err.message);
    return res;
}

/* ---- sampling ------------------------------------------------------------------------- */

static void test_uniform(void **state)
{
    (void)state;
    model_uncertain u = dist(DIST_UNIFORM, 2, 5, 0, 0, 100);
    moments m = draw_moments(&u, 1, NULL);
    assert_near(m.mean, 3.5, 0.01);       /* standard error 0.002 */
    assert_near(m.var, 0.75, 0.01);       /* 9 / 12; standard error 0.0015 */
    assert_true(m.lo >= 2 && m.lo < 2.001);
    assert_true(m.hi < 5 && m.hi > 4.999);
}

static void test_normal(void **state)
{
    (void)state;
    model_uncertain u = dist(DIST_NORMAL, 10, 2, 0, -1e9, 1e9);
    double *x = malloc(sizeof *x * DRAWS);
    assert_non_null(x);
    moments m = draw_moments(&u, 2, x);
    assert_near(m.mean, 10, 0.03);        /* standard error 0.0045 */
    assert_near(m.var, 4, 0.08);          /* standard error 0.013 */
    int within = 0, beyond3 = 0;
    for (int i = 0; i < DRAWS; i++) {
        within += fabs(x[i] - 10) < 2;
        beyond3 += fabs(x[i] - 10) > 6;
    }
    assert_near((double)within / DRAWS, 0.6827, 0.006);
    assert_near((double)beyond3 / DRAWS, 0.0027, 0.001);
    free(x);
    /* sd 0 is the mean itself */
    model_uncertain fixed = dist(DIST_NORMAL, 0.3, 0, 0, 0, 1);
    rng_state r;
    rng_seed(&r, 3);
    for (int i = 0; i < 100; i++)
        assert_true(mc_sample(&fixed, &r) == 0.3);
}

static void test_triangular(void **state)
{
    (void)state;
    model_uncertain u = dist(DIST_TRIANGULAR, 0, 1, 0.25, 0, 1);
    double *x = malloc(sizeof *x * DRAWS);
    assert_non_null(x);
    moments m = draw_moments(&u, 4, x);
    assert_near(m.mean, 1.25 / 3, 0.005);         /* (a + b + c) / 3 */
    assert_near(m.var, 0.8125 / 18, 0.002);       /* (a²+b²+c²-ab-ac-bc) / 18 */
    assert_true(m.lo >= 0 && m.hi <= 1);
    /* The fullest of 20 bins is the one starting at the mode: [0.25, 0.30) holds 9.7% of the
       mass, its neighbours 9.0% (a gap of 10 standard errors). */
    int bins[20] = {0};
    for (int i = 0; i < DRAWS; i++)
        bins[(int)(x[i] * 20)]++;
    int top = 0;
    for (int b = 1; b < 20; b++)
        top = bins[b] > bins[top] ? b : top;
    assert_int_equal(top, 5);
    free(x);
    /* a mode at an end: the density falls from it */
    model_uncertain edge = dist(DIST_TRIANGULAR, 1, 3, 1, 0, 10);
    moments e = draw_moments(&edge, 5, NULL);
    assert_near(e.mean, 5.0 / 3, 0.01);
    assert_true(e.lo >= 1 && e.lo < 1.01 && e.hi <= 3);
}

static void test_choice(void **state)
{
    (void)state;
    model_uncertain u = dist(DIST_CHOICE, 0, 0, 0, 0, 10);
    u.choice_count = 4;
    double choices[4] = {1, 2, 3, 4}, weights[4] = {1, 2, 7, 0};
    memcpy(u.choices, choices, sizeof choices);
    memcpy(u.weights, weights, sizeof weights);
    rng_state r;
    rng_seed_stream(&r, 6, 0);
    int count[5] = {0};
    for (int i = 0; i < DRAWS; i++) {
        double x = mc_sample(&u, &r);
        assert_true(x == 1 || x == 2 || x == 3 || x == 4);
        count[(int)x]++;
    }
    assert_near((double)count[1] / DRAWS, 0.1, 0.004); /* standard errors below 0.001 */
    assert_near((double)count[2] / DRAWS, 0.2, 0.004);
    assert_near((double)count[3] / DRAWS, 0.7, 0.004);
    assert_int_equal(count[4], 0); /* weight 0: never */
    /* no weights at all: every choice equally likely */
    memset(u.weights, 0, sizeof u.weights);
    u.choice_count = 2;
    int low = 0;
    for (int i = 0; i < DRAWS; i++)
        low += mc_sample(&u, &r) == 1;
    assert_near((double)low / DRAWS, 0.5, 0.005);
}

static void test_clamping(void **state)
{
    (void)state;
    model_uncertain u = dist(DIST_NORMAL, 0.5, 1, 0, 0, 1);
    rng_state r;
    rng_seed_stream(&r, 7, 0);
    int at_lo = 0, at_hi = 0;
    for (int i = 0; i < DRAWS; i++) {
        double x = mc_sample(&u, &r);
        assert_true(x >= 0 && x <= 1);
        at_lo += x == 0;
        at_hi += x == 1;
    }
    assert_near((double)at_lo / DRAWS, 0.3085, 0.01); /* P(Z < -0.5) */
    assert_near((double)at_hi / DRAWS, 0.3085, 0.01);
    /* uniform(-1, 2) into [0, 1]: a third piles up at each end */
    model_uncertain w = dist(DIST_UNIFORM, -1, 2, 0, 0, 1);
    at_lo = 0;
    for (int i = 0; i < DRAWS; i++)
        at_lo += mc_sample(&w, &r) == 0;
    assert_near((double)at_lo / DRAWS, 1.0 / 3, 0.01);
    /* choices outside the range are clamped too */
    model_uncertain c = dist(DIST_CHOICE, 0, 0, 0, 0, 1);
    c.choice_count = 1;
    c.choices[0] = 7;
    c.weights[0] = 1;
    assert_true(mc_sample(&c, &r) == 1);
    /* lo >= hi: no range given, nothing clamped */
    model_uncertain free_range = dist(DIST_NORMAL, 0, 1, 0, 0, 0);
    bool neg = false, pos = false;
    for (int i = 0; i < 100; i++) {
        double x = mc_sample(&free_range, &r);
        neg = neg || x < 0;
        pos = pos || x > 0;
    }
    assert_true(neg && pos);
}

static void test_streams(void **state)
{
    (void)state;
    model_uncertain kinds[4] = {dist(DIST_UNIFORM, 0, 1, 0, 0, 1),
                                dist(DIST_NORMAL, 0, 1, 0, -10, 10),
                                dist(DIST_TRIANGULAR, 0, 1, 0.5, 0, 1),
                                dist(DIST_CHOICE, 0, 0, 0, 0, 10)};
    kinds[3].choice_count = 3;
    for (int c = 0; c < 3; c++) {
        kinds[3].choices[c] = c;
        kinds[3].weights[c] = 1;
    }
    rng_state a, b, other;
    rng_seed_stream(&a, 42, 9);
    rng_seed_stream(&b, 42, 9);
    rng_seed_stream(&other, 42, 10);
    int differ = 0;
    for (int i = 0; i < 400; i++) {
        const model_uncertain *u = &kinds[i % 4];
        double x = mc_sample(u, &a), y = mc_sample(u, &b), z = mc_sample(u, &other);
        assert_true(same_double(x, y));
        differ += !same_double(x, z);
    }
    assert_true(differ > 300);
}

/* ---- applying a draw ------------------------------------------------------------------ */

static void test_apply(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(4, 2, 3);
    scn->actors[0].salience[0] = 2;
    scn->actors[0].salience[1] = 1;
    scn->actors[0].salience[2] = 1;
    scn->actors[0].salience[3] = 0;
    fx_finish(scn); /* actor 0: 0.5, 0.25, 0.25, 0 */
    model_uncertain u = dist(DIST_UNIFORM, 0, 1, 0, 0, 1);
    u.actor = 1;
    u.target = UNCERTAIN_RESERVATION;
    mc_apply(scn, &u, 0.37);
    assert_true(scn->actors[1].reservation == 0.37);
    mc_apply(scn, &u, 1.5);
    assert_true(scn->actors[1].reservation == 1);
    u.target = UNCERTAIN_CAPABILITY;
    mc_apply(scn, &u, 2.5);
    assert_true(scn->actors[1].capability == 2.5);
    mc_apply(scn, &u, -1);
    assert_true(scn->actors[1].capability == 0);
    u.target = UNCERTAIN_BETA;
    mc_apply(scn, &u, 0.4);
    assert_true(scn->actors[1].tactic.beta == 0.4);
    mc_apply(scn, &u, 0);
    assert_true(scn->actors[1].tactic.beta > 0);
    u.target = UNCERTAIN_KAPPA;
    mc_apply(scn, &u, 0.2);
    assert_true(scn->actors[1].tactic.kappa == 0.2);
    u.target = UNCERTAIN_SUSCEPTIBILITY;
    mc_apply(scn, &u, 0.6);
    assert_true(scn->actors[1].tactic.susceptibility == 0.6);
    u.target = UNCERTAIN_DEADLINE;
    static const double in[] = {2.4, 2.5, 7.9, 0.2, -3};
    static const int want[] = {2, 3, 8, 1, 1};
    for (int t = 0; t < 5; t++) {
        mc_apply(scn, &u, in[t]);
        assert_int_equal(scn->actors[1].tactic.deadline, want[t]);
    }
    u.target = UNCERTAIN_LISTENS;
    u.other = 2;
    mc_apply(scn, &u, 0.8);
    assert_true(scn->actors[1].listens[2] == 0.8);
    assert_true(scn->actors[1].listens[0] == 0);
    /* salience: the draw is in the author's scale (here 2, 1, 1, 0 as written): issue 1 drawn
       3 weighs 3 next to the others' 2 and 1, then the row is normalised again */
    u.actor = 0;
    u.other = 1;
    u.target = UNCERTAIN_SALIENCE;
    mc_apply(scn, &u, 3);
    const double *s = scn->actors[0].salience;
    assert_near(s[0], 2.0 / 6, 1e-15);
    assert_near(s[1], 3.0 / 6, 1e-15);
    assert_near(s[2], 1.0 / 6, 1e-15);
    assert_true(s[3] == 0);
    assert_near(s[0] + s[1] + s[2] + s[3], 1, 1e-15);
    mc_apply(scn, &u, 0);
    assert_true(s[1] == 0);
    assert_near(s[0] + s[2], 1, 1e-15);
    /* an actor that cares about one issue only, drawn 0 there: it keeps caring about it */
    model_actor *a2 = &scn->actors[2];
    for (int k = 0; k < 4; k++)
        a2->salience[k] = k == 3;
    u.actor = 2;
    u.other = 3;
    mc_apply(scn, &u, 0);
    assert_true(a2->salience[3] == 1);
    model_free(scn);
}

static void test_check(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(2, 2, 2);
    fx_finish(scn);
    ent_error err;
    add_uncertain(scn, "ok", UNCERTAIN_RESERVATION, 0, 0, dist(DIST_UNIFORM, 0, 1, 0, 0, 1));
    assert_int_equal(mc_check(scn, &err), ENT_OK);
    model_uncertain *bad = add_uncertain(scn, "who", UNCERTAIN_LISTENS, 1, 2,
                                         dist(DIST_UNIFORM, 0, 1, 0, 0, 1));
    assert_int_equal(mc_check(scn, &err), ENT_ERR_SCENARIO);
    assert_string_equal(err.message, "uncertain parameter 'who': no actor 2 to listen to");
    bad->other = 0;
    bad->dist = DIST_TRIANGULAR;
    bad->c = 2;
    assert_int_equal(mc_check(scn, &err), ENT_ERR_SCENARIO);
    assert_string_equal(err.message, "uncertain parameter 'who': triangular needs a <= mode <= "
                                     "b (got 0, 2, 1)");
    bad->dist = DIST_CHOICE;
    assert_int_equal(mc_check(scn, &err), ENT_ERR_SCENARIO);
    assert_string_equal(err.message, "uncertain parameter 'who': 0 choices (1 to 8)");
    mc_result res;
    assert_int_equal(mc_run(scn, &(mc_options){.runs = 10}, &res, &err), ENT_ERR_SCENARIO);
    assert_null(res.tornado);
    assert_int_equal(res.runs, 0);
    scn->uncertain_count = 1;
    assert_int_equal(mc_run(scn, &(mc_options){.runs = -1}, &res, &err), ENT_ERR_USAGE);
    model_free(scn);
}

/* ---- restoring a worker's scenario ----------------------------------------------------- */

static model_event *add_event(model_scenario *scn, const char *id, int at_round)
{
    model_event *ev = &scn->events[scn->event_count++];
    memset(ev, 0, sizeof *ev);
    snprintf(ev->id, sizeof ev->id, "%s", id);
    ev->label = model_strdup(scn, id);
    ev->at_round = at_round;
    ev->when_offer = -1;
    ev->signal_from = -1;
    return ev;
}

/* Events that change reservations, red lines in force and membership; an alternating protocol
   whose order round_new fills in; every kind of uncertain parameter. */
static model_scenario *eventful(void)
{
    model_scenario *scn = fx_scenario(3, 3, 4);
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 3; k++)
            fx_ideal(scn, i, k, (i + k) % 3, false);
    fx_redline(scn, 0, fx_lit(scn, RL_NE, 0, 2), "A0 refuses i0 = o2");
    int dormant = fx_redline(scn, 0, fx_lit(scn, RL_NE, 1, 0), "A0 may come to refuse i1 = o0");
    scn->actors[0].redlines[dormant].dormant = true;
    scn->rule.parties = 0x7;
    scn->rule.required = 0x7;
    scn->protocol.kind = PROTOCOL_ALTERNATING;
    scn->protocol.rounds = 8;
    plain_tactics(scn);
    scn->actors[1].listens[0] = 1;
    model_event *e = add_event(scn, "shift", 2);
    e->reservation[e->reservation_count++] = (model_effect){.actor = 1, .value = 0.05};
    e->lift[e->lift_count++] = (model_effect){.actor = 0, .index = 0};
    e->impose[e->impose_count++] = (model_effect){.actor = 0, .index = dormant};
    e->leave = fx_bit(2);
    e->join = fx_bit(3);
    model_event *s = add_event(scn, "signal", 3);
    s->signal_from = 0;
    s->signal_strength = 0.2;
    fx_finish(scn);
    add_uncertain(scn, "res", UNCERTAIN_RESERVATION, 0, 0, dist(DIST_UNIFORM, 0.1, 0.3, 0, 0, 1));
    add_uncertain(scn, "cap", UNCERTAIN_CAPABILITY, 1, 0, dist(DIST_UNIFORM, 1, 2, 0, 0, 10));
    add_uncertain(scn, "sal", UNCERTAIN_SALIENCE, 2, 1, dist(DIST_UNIFORM, 0.1, 2, 0, 0, 1e9));
    add_uncertain(scn, "beta", UNCERTAIN_BETA, 3, 0, dist(DIST_TRIANGULAR, 0.5, 3, 1, 0.01, 100));
    add_uncertain(scn, "deadline", UNCERTAIN_DEADLINE, 0, 0,
                  dist(DIST_UNIFORM, 3, 7, 0, 1, 10000));
    add_uncertain(scn, "susc", UNCERTAIN_SUSCEPTIBILITY, 1, 0,
                  dist(DIST_UNIFORM, 0.2, 0.8, 0, 0, 1));
    add_uncertain(scn, "kappa", UNCERTAIN_KAPPA, 2, 0, dist(DIST_NORMAL, 0.1, 0.05, 0, 0, 1));
    add_uncertain(scn, "listens", UNCERTAIN_LISTENS, 1, 2, dist(DIST_UNIFORM, 0, 1, 0, 0, 1e6));
    return scn;
}

static void test_snapshot_restores_everything(void **state)
{
    (void)state;
    model_scenario *scn = eventful();
    model_scenario *before = malloc(sizeof *before);
    assert_non_null(before);
    memcpy(before, scn, sizeof *scn);
    mc_snapshot *snap = mc_snapshot_take(scn);
    assert_non_null(snap);
    for (int run = 0; run < 5; run++) {
        rng_state r;
        rng_seed_stream(&r, 11, (uint64_t)run);
        for (int u = 0; u < scn->uncertain_count; u++)
            mc_apply(scn, &scn->uncertain[u], mc_sample(&scn->uncertain[u], &r));
        round_transcript t;
        ent_error err;
        assert_int_equal(round_simulate(scn, &(round_options){.seed = 1}, NULL, &t, &err),
                         ENT_OK);
        round_transcript_free(&t);
        /* the run did change what it may change ... */
        assert_true(scn->rule.parties != before->rule.parties);
        assert_true(scn->protocol.order_count != 0);
        assert_true(scn->actors[0].redlines[1].dormant != before->actors[0].redlines[1].dormant);
        assert_true(memcmp(scn, before, sizeof *scn) != 0);
        /* ... and the restore puts back every byte */
        mc_snapshot_restore(snap, scn);
        assert_memory_equal(scn, before, sizeof *scn);
    }
    mc_snapshot_free(snap);
    free(before);
    model_free(scn);
}

/* ---- whole runs ----------------------------------------------------------------------- */

/* A synthetic scenario with agreements, coalitions and breakdowns, and every kind of draw. */
static model_scenario *synthetic(void)
{
    synth_params sp = {.issues = 10, .options = 3, .actors = 8, .seed = 77};
    model_scenario *scn = synth_make(&sp);
    assert_non_null(scn);
    plain_tactics(scn);
    for (int i = 0; i < scn->actor_count; i++)
        scn->actors[i].reservation = 0.4;
    scn->protocol.rounds = 12;
    add_uncertain(scn, "r0", UNCERTAIN_RESERVATION, 0, 0, dist(DIST_UNIFORM, 0.5, 0.95, 0, 0, 1));
    add_uncertain(scn, "r1", UNCERTAIN_RESERVATION, 1, 0, dist(DIST_NORMAL, 0.5, 0.1, 0, 0, 1));
    add_uncertain(scn, "r5", UNCERTAIN_RESERVATION, 5, 0, dist(DIST_UNIFORM, 0.3, 0.9, 0, 0, 1));
    add_uncertain(scn, "b2", UNCERTAIN_BETA, 2, 0, dist(DIST_TRIANGULAR, 0.3, 3, 1, 0.01, 100));
    add_uncertain(scn, "s3", UNCERTAIN_SALIENCE, 3, 4, dist(DIST_UNIFORM, 0, 0.5, 0, 0, 1e9));
    add_uncertain(scn, "l4", UNCERTAIN_LISTENS, 4, 0, dist(DIST_UNIFORM, 0, 1, 0, 0, 1e6));
    add_uncertain(scn, "c5", UNCERTAIN_SUSCEPTIBILITY, 4, 0,
                  dist(DIST_UNIFORM, 0, 0.5, 0, 0, 1));
    add_uncertain(scn, "k6", UNCERTAIN_KAPPA, 6, 0, dist(DIST_UNIFORM, 0, 0.3, 0, 0, 1));
    add_uncertain(scn, "cap7", UNCERTAIN_CAPABILITY, 7, 0, dist(DIST_UNIFORM, 0.5, 2, 0, 0, 10));
    model_uncertain *d = add_uncertain(scn, "d3", UNCERTAIN_DEADLINE, 3, 0,
                                       dist(DIST_CHOICE, 0, 0, 0, 1, 10000));
    d->choice_count = 3;
    d->choices[0] = 4, d->choices[1] = 8, d->choices[2] = 12;
    d->weights[0] = 1, d->weights[1] = 1, d->weights[2] = 2;
    return scn;
}

static void test_threads_identical(void **state)
{
    (void)state;
    model_scenario *scn = synthetic();
    mc_result one = run_ok(scn, (mc_options){.runs = 300, .threads = 1, .seed = 5});
    /* the scenario is varied enough to be a real test */
    assert_true(one.outcome_count[OUTCOME_AGREEMENT] > 0);
    assert_true(one.outcome_count[OUTCOME_BREAKDOWN] > 0);
    assert_true(one.distinct_packages > 1);
    int threads[] = {2, 5, 8};
    for (int t = 0; t < 3; t++) {
        mc_result many = run_ok(scn, (mc_options){.runs = 300, .threads = threads[t], .seed = 5});
        assert_same_result(&one, &many);
        mc_result_free(&many);
    }
    /* more threads than runs */
    mc_result few1 = run_ok(scn, (mc_options){.runs = 3, .threads = 1, .seed = 5});
    mc_result few8 = run_ok(scn, (mc_options){.runs = 3, .threads = 8, .seed = 5});
    assert_same_result(&few1, &few8);
    /* the first runs are the same runs whatever their number */
    assert_memory_equal(few1.draws, one.draws,
                        sizeof one.draws[0] * 3 * (size_t)scn->uncertain_count);
    assert_memory_equal(few1.outcomes, one.outcomes, 3);
    mc_result_free(&few1);
    mc_result_free(&few8);
    mc_result_free(&one);
    model_free(scn);
}

static void test_seeds(void **state)
{
    (void)state;
    model_scenario *scn = synthetic();
    mc_result a = run_ok(scn, (mc_options){.runs = 100, .threads = 2, .seed = 9});
    mc_result b = run_ok(scn, (mc_options){.runs = 100, .threads = 2, .seed = 9});
    mc_result c = run_ok(scn, (mc_options){.runs = 100, .threads = 2, .seed = 10});
    assert_same_result(&a, &b);
    size_t n = (size_t)a.runs * (size_t)a.uncertain_count;
    int same = 0;
    for (size_t i = 0; i < n; i++)
        same += same_double(a.draws[i], c.draws[i]);
    assert_true(same < (int)(n / 10)); /* only choices can coincide */
    assert_true(!same_double(a.draws[0], c.draws[0]));
    /* the result's consistency */
    int kinds[MC_OUTCOME_KINDS] = {0};
    for (int k = 0; k < a.runs; k++)
        kinds[a.outcomes[k]]++;
    for (int o = 0; o < MC_OUTCOME_KINDS; o++)
        assert_int_equal(kinds[o], a.outcome_count[o]);
    assert_int_equal(a.deal_count,
                     a.outcome_count[OUTCOME_AGREEMENT] + a.outcome_count[OUTCOME_COALITION]);
    int listed = 0;
    for (int p = 0; p < a.package_count; p++) {
        listed += a.packages[p].count;
        assert_true(a.packages[p].kind != OUTCOME_BREAKDOWN);
        assert_true(a.packages[p].frequency == (double)a.packages[p].count / a.runs);
        if (p > 0) {
            const mc_package *x = &a.packages[p - 1], *y = &a.packages[p];
            assert_true(x->count > y->count ||
                        (x->count == y->count &&
                         memcmp(x->package.opt, y->package.opt, sizeof x->package.opt) <= 0));
        }
    }
    assert_true(listed <= a.deal_count);
    for (int u = 1; u < a.uncertain_count; u++)
        assert_true(a.tornado[u - 1].swing > a.tornado[u].swing ||
                    (a.tornado[u - 1].swing == a.tornado[u].swing &&
                     a.tornado[u - 1].uncertain < a.tornado[u].uncertain));
    mc_result_free(&a);
    mc_result_free(&b);
    mc_result_free(&c);
    model_free(scn);
}

/* Two required actors split one issue; a deal exists only if both reservations are at most 0.5
   (the middle option gives each 0.5). A0's reservation is drawn on both sides of 0.5, A1's
   mostly below, and a third actor's capability changes nothing. */
enum { KEY, MIDDLE, DECOY };

static model_scenario *known_answer(void)
{
    model_scenario *scn = fx_scenario(2, 3, 3);
    double a0[] = {0, 0.5, 1}, a1[] = {1, 0.5, 0};
    fx_values(scn, 0, 0, a0);
    fx_values(scn, 1, 0, a1);
    fx_ideal(scn, 2, 1, 1, false);
    scn->actors[0].salience[1] = 0;
    scn->actors[1].salience[1] = 0;
    scn->actors[2].salience[0] = 0;
    fx_redline(scn, 1, fx_lit(scn, RL_NE, 0, 2), "A1 never accepts i0 = o2");
    scn->rule.required = fx_bit(0) | fx_bit(1);
    scn->protocol.rounds = 10;
    plain_tactics(scn);
    fx_finish(scn);
    add_uncertain(scn, "a0_reservation", UNCERTAIN_RESERVATION, 0, 0,
                  dist(DIST_UNIFORM, 0.3, 0.7, 0, 0, 1));
    add_uncertain(scn, "a1_reservation", UNCERTAIN_RESERVATION, 1, 0,
                  dist(DIST_UNIFORM, 0.3, 0.55, 0, 0, 1));
    add_uncertain(scn, "a2_capability", UNCERTAIN_CAPABILITY, 2, 0,
                  dist(DIST_UNIFORM, 0.5, 2, 0, 0, 10));
    return scn;
}

static void test_tornado_known_answer(void **state)
{
    (void)state;
    model_scenario *scn = known_answer();
    mc_result res = run_ok(scn, (mc_options){.runs = 1000, .threads = 2, .seed = 2025});
    /* P(deal) = P(r0 <= 0.5) P(r1 <= 0.5) = 0.5 * 0.8 */
    assert_near(res.deal_probability, 0.4, 0.05);
    assert_int_equal(res.outcome_count[OUTCOME_COALITION], 0);
    assert_true(res.signatory_probability[0] == res.deal_probability);
    assert_true(res.signatory_probability[2] == res.deal_probability);
    /* every run checks out against the rule it was drawn under */
    for (int k = 0; k < res.runs; k++) {
        const double *d = &res.draws[(size_t)k * 3];
        bool deal = d[KEY] <= 0.5 && d[MIDDLE] <= 0.5;
        if (deal != (res.outcomes[k] == OUTCOME_AGREEMENT))
            fail_msg("run %d: reservations %.4f, %.4f, outcome %s", k, d[KEY], d[MIDDLE],
                     round_outcome_name((round_outcome_kind)res.outcomes[k]));
    }
    /* the deal is the middle option on the contested issue, and A2's ideal on its own */
    assert_int_equal(res.package_count, 1);
    assert_int_equal(res.packages[0].package.opt[0], 1);
    assert_int_equal(res.packages[0].package.opt[1], 1);
    assert_int_equal(res.packages[0].kind, OUTCOME_AGREEMENT);
    assert_int_equal(res.packages[0].count, res.deal_count);
    /* the tornado: A0's reservation first, A1's next, the decoy last */
    assert_int_equal(res.tornado[0].uncertain, KEY);
    assert_int_equal(res.tornado[1].uncertain, MIDDLE);
    assert_int_equal(res.tornado[2].uncertain, DECOY);
    const mc_tornado *key = &res.tornado[0];
    assert_near(key->median, 0.5, 0.03);
    assert_int_equal(key->low_count, 500);
    assert_int_equal(key->high_count, 500);
    assert_true(key->high_deal < 0.03);    /* only draws just past the median can sign */
    assert_near(key->low_deal, 0.8, 0.06);
    assert_true(key->low_value < key->high_value);
    assert_true(same_double(key->swing, fabs(key->high_deal - key->low_deal)));
    assert_near(res.tornado[1].swing, 0.2, 0.08);
    assert_true(res.tornado[2].swing < 0.1);
    mc_result_free(&res);

    /* A choice: the halves are the lowest and the highest value drawn. */
    model_uncertain *u = &scn->uncertain[KEY];
    u->dist = DIST_CHOICE;
    u->choice_count = 3;
    u->choices[0] = 0.3, u->choices[1] = 0.45, u->choices[2] = 0.6;
    u->weights[0] = u->weights[1] = u->weights[2] = 1;
    res = run_ok(scn, (mc_options){.runs = 600, .threads = 2, .seed = 1});
    const mc_tornado *c = NULL;
    for (int t = 0; t < 3; t++)
        if (res.tornado[t].uncertain == KEY)
            c = &res.tornado[t];
    assert_non_null(c);
    assert_true(c == &res.tornado[0]);
    assert_near(c->low_value, 0.3, 1e-12); /* a mean of equal draws */
    assert_near(c->high_value, 0.6, 1e-12);
    assert_true(c->high_deal == 0);
    assert_true(c->low_count > 150 && c->high_count > 150);
    assert_true(c->low_count + c->high_count < res.runs); /* the 0.45 draws are in neither */
    mc_result_free(&res);
    model_free(scn);
}

static void test_default_options(void **state)
{
    (void)state;
    model_scenario *scn = known_answer();
    mc_result res = run_ok(scn, (mc_options){0});
    assert_int_equal(res.runs, MC_DEFAULT_RUNS);
    mc_result other;
    ent_error err;
    assert_int_equal(mc_run(scn, NULL, &other, &err), ENT_OK);
    assert_same_result(&res, &other); /* NULL options are the zero options */
    mc_result_free(&other);
    mc_result_free(&res);
    /* no uncertain parameter: every run is the same negotiation */
    scn->uncertain_count = 0;
    res = run_ok(scn, (mc_options){.runs = 20, .threads = 2});
    assert_null(res.tornado);
    assert_null(res.draws);
    assert_int_equal(res.outcome_count[OUTCOME_AGREEMENT] + res.outcome_count[OUTCOME_BREAKDOWN],
                     20);
    assert_true(res.outcome_count[OUTCOME_AGREEMENT] == 0 ||
                res.outcome_count[OUTCOME_AGREEMENT] == 20);
    mc_result_free(&res);
    mc_result_free(&res); /* freeing twice is harmless */
    model_free(scn);
}

/* ---- progress ------------------------------------------------------------------------- */

typedef struct {
    pthread_t caller;
    int calls, last_done, total, at_end, wrong_thread, backwards;
} progress_log;

static void on_progress(void *ctx, int done, int total)
{
    progress_log *p = ctx;
    p->wrong_thread += !pthread_equal(pthread_self(), p->caller);
    p->backwards += done < p->last_done;
    p->calls++;
    p->last_done = done;
    p->total = total;
    p->at_end += done == total;
}

static void test_progress(void **state)
{
    (void)state;
    model_scenario *scn = known_answer();
    int threads[] = {1, 2};
    for (int t = 0; t < 2; t++) {
        progress_log log = {.caller = pthread_self()};
        mc_result res = run_ok(scn, (mc_options){.runs = 500, .threads = threads[t],
                                                 .progress = on_progress, .progress_ctx = &log});
        assert_true(log.calls >= 1);
        assert_int_equal(log.last_done, 500);
        assert_int_equal(log.total, 500);
        assert_int_equal(log.at_end, 1);
        assert_int_equal(log.wrong_thread, 0);
        assert_int_equal(log.backwards, 0);
        mc_result_free(&res);
    }
    model_free(scn);
}

/* ---- worker factories ----------------------------------------------------------------- */

typedef struct {
    const model_scenario *src;
    int fail_worker;          /* make fails for this worker (-1: none) */
    double fail_reservation;  /* on_round fails when actor 0's reservation is above this */
    int made, destroyed;
    int rounds[MC_MAX_THREADS];
    uint64_t seed;            /* of the Monte Carlo, for begin_run's check */
    unsigned char *seen;      /* begin_run calls per run (100 for a wrong seed) */
    int fail_run[2];          /* begin_run fails for these runs */
} factory_ctx;

typedef struct {
    factory_ctx *f;
    int worker;
} hook_ctx;

static ent_status hook_on_round(void *ctx, round_sim *sim, ent_error *err)
{
    hook_ctx *h = ctx;
    h->f->rounds[h->worker]++;
    if (round_scenario(sim)->actors[0].reservation > h->f->fail_reservation)
        return ent_fail(err, ENT_ERR_SCENARIO, "hook.lua:7: reservation too high (%.3f)",
                        round_scenario(sim)->actors[0].reservation);
    return ENT_OK;
}

static ent_status factory_make(void *ctx, int worker, model_scenario **scn, round_hooks *hooks,
                               ent_error *err)
{
    factory_ctx *f = ctx;
    if (worker == f->fail_worker)
        return ent_fail(err, ENT_ERR_SCENARIO, "boom.lua:3: cannot load worker %d", worker);
    *scn = model_clone(f->src);
    hook_ctx *h = malloc(sizeof *h);
    if (!*scn || !h) {
        model_free(*scn);
        free(h);
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    }
    *h = (hook_ctx){f, worker};
    memset(hooks, 0, sizeof *hooks);
    hooks->ctx = h;
    hooks->on_round = hook_on_round;
    f->made++;
    return ENT_OK;
}

static void factory_destroy(void *ctx, int worker, model_scenario *scn, round_hooks *hooks)
{
    factory_ctx *f = ctx;
    (void)worker;
    f->destroyed++;
    free(hooks->ctx);
    model_free(scn);
}

static ent_status factory_begin_run(void *ctx, int worker, int run, uint64_t seed,
                                    ent_error *err)
{
    factory_ctx *f = ctx;
    (void)worker;
    /* each run is made by one worker: no two threads touch the same byte */
    f->seen[run] += seed == mc_run_seed(f->seed, run) ? 1 : 100;
    if (run == f->fail_run[0] || run == f->fail_run[1])
        return ent_fail(err, ENT_ERR_SCENARIO, "reset.lua:2: cannot reset for run %d", run);
    return ENT_OK;
}

static void test_factory_begin_run(void **state)
{
    (void)state;
    model_scenario *scn = known_answer();
    unsigned char seen[300];
    int threads[] = {1, 2, 5};
    for (int t = 0; t < 3; t++) {
        memset(seen, 0, sizeof seen);
        factory_ctx f = {.src = scn, .fail_worker = -1, .fail_reservation = 2, .seed = 4,
                         .seen = seen, .fail_run = {-1, -1}};
        mc_worker_factory fac = {.ctx = &f, .make = factory_make, .destroy = factory_destroy,
                                 .begin_run = factory_begin_run};
        mc_result res = run_ok(scn, (mc_options){.runs = 300, .threads = threads[t], .seed = 4,
                                                 .factory = &fac});
        for (int k = 0; k < 300; k++)
            assert_int_equal(seen[k], 1);
        mc_result_free(&res);
        /* its failure is the run's failure: the lowest failing run is reported */
        f.fail_run[0] = 211;
        f.fail_run[1] = 37;
        memset(seen, 0, sizeof seen);
        ent_error err;
        assert_int_equal(mc_run(scn, &(mc_options){.runs = 300, .threads = threads[t], .seed = 4,
                                                   .factory = &fac},
                                &res, &err),
                         ENT_ERR_SCENARIO);
        assert_string_equal(err.message,
                            "reset.lua:2: cannot reset for run 37 (Monte Carlo run 37)");
        assert_int_equal(f.made, f.destroyed);
    }
    model_free(scn);
}

static void test_factory_make_fails(void **state)
{
    (void)state;
    model_scenario *scn = known_answer();
    factory_ctx f = {.src = scn, .fail_worker = 1, .fail_reservation = 2};
    mc_worker_factory fac = {.ctx = &f, .make = factory_make, .destroy = factory_destroy};
    mc_result res;
    ent_error err;
    ent_status st = mc_run(scn, &(mc_options){.runs = 50, .threads = 3, .factory = &fac}, &res,
                           &err);
    assert_int_equal(st, ENT_ERR_SCENARIO);
    assert_int_equal(err.status, ENT_ERR_SCENARIO);
    assert_string_equal(err.message, "boom.lua:3: cannot load worker 1");
    assert_int_equal(f.made, 1);      /* worker 2 was never asked for */
    assert_int_equal(f.destroyed, 1); /* worker 0 was handed back */
    assert_int_equal(res.runs, 0);
    assert_null(res.tornado);
    assert_null(res.outcomes);
    model_free(scn);
}

static void test_factory_runs_like_clones(void **state)
{
    (void)state;
    model_scenario *scn = known_answer();
    mc_result plain = run_ok(scn, (mc_options){.runs = 200, .threads = 2, .seed = 3});
    factory_ctx f = {.src = scn, .fail_worker = -1, .fail_reservation = 2};
    mc_worker_factory fac = {.ctx = &f, .make = factory_make, .destroy = factory_destroy};
    mc_result hooked = run_ok(scn, (mc_options){.runs = 200, .threads = 2, .seed = 3,
                                                .factory = &fac});
    assert_same_result(&plain, &hooked);
    assert_int_equal(f.made, 2);
    assert_int_equal(f.destroyed, 2);
    assert_true(f.rounds[0] + f.rounds[1] > 0); /* the hooks did run */
    mc_result_free(&plain);
    mc_result_free(&hooked);
    model_free(scn);
}

static void test_failing_run_is_deterministic(void **state)
{
    (void)state;
    model_scenario *scn = known_answer();
    /* The first run whose draw of A0's reservation exceeds 0.69 is the one to report, even if
       a later failing run finishes first on another thread. */
    const double limit = 0.69;
    int first = -1;
    double drawn = 0;
    for (int k = 0; first < 0; k++) {
        rng_state r;
        rng_seed_stream(&r, 77, (uint64_t)k);
        drawn = mc_sample(&scn->uncertain[KEY], &r);
        if (drawn > limit)
            first = k;
    }
    assert_true(first > 0);
    char want[256];
    snprintf(want, sizeof want, "hook.lua:7: reservation too high (%.3f) (Monte Carlo run %d)",
             drawn, first);
    int threads[] = {1, 2, 5};
    for (int t = 0; t < 3; t++) {
        factory_ctx f = {.src = scn, .fail_worker = -1, .fail_reservation = limit};
        mc_worker_factory fac = {.ctx = &f, .make = factory_make, .destroy = factory_destroy};
        progress_log log = {.caller = pthread_self()};
        mc_result res;
        ent_error err;
        ent_status st = mc_run(scn, &(mc_options){.runs = 2000, .threads = threads[t],
                                                  .seed = 77, .factory = &fac,
                                                  .progress = on_progress,
                                                  .progress_ctx = &log},
                               &res, &err);
        assert_int_equal(st, ENT_ERR_SCENARIO);
        assert_string_equal(err.message, want);
        assert_int_equal(f.made, threads[t]);
        assert_int_equal(f.destroyed, threads[t]);
        assert_int_equal(log.at_end, 0); /* never "all done" */
        assert_null(res.tornado);
    }
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_normal),
        cmocka_unit_test(test_triangular),
        cmocka_unit_test(test_choice),
        cmocka_unit_test(test_clamping),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_snapshot_restores_everything),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_tornado_known_answer),
        cmocka_unit_test(test_default_options),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_factory_make_fails),
        cmocka_unit_test(test_factory_runs_like_clones),
        cmocka_unit_test(test_factory_begin_run),
        cmocka_unit_test(test_failing_run_is_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
