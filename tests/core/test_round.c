/* test_round.c: negotiation over rounds: concession curves, influence, Rubinstein's alternating
   offers (closed form and the engine's subgame-perfect play), the mediator's text, coalitions,
   events and injects, walking away, determinism, and the C hook table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "model.h"
#include "redline.h"
#include "round.h"

/* ---- what a test holds: freed by the teardown, so a failing assertion leaks nothing -------- */

#define HOLD_SCENARIOS 16
#define HOLD_TRANSCRIPTS 4
#define HOLD_SIMS 2

static struct {
    int scenario_count;
    model_scenario *scenarios[HOLD_SCENARIOS];
    bool transcript_used[HOLD_TRANSCRIPTS];
    round_transcript transcripts[HOLD_TRANSCRIPTS];
    int sim_count;
    round_sim *sims[HOLD_SIMS];
} held;

static model_scenario *hold(model_scenario *scn)
{
    assert_non_null(scn);
    assert_true(held.scenario_count < HOLD_SCENARIOS);
    held.scenarios[held.scenario_count++] = scn;
    return scn;
}

static model_scenario *scenario(int issues, int options, int actors)
{
    return hold(fx_scenario(issues, options, actors));
}

static model_scenario *clone(const model_scenario *scn)
{
    return hold(model_clone(scn));
}

static void drop(model_scenario *scn)
{
    for (int k = 0; k < held.scenario_count; k++)
        if (held.scenarios[k] == scn) {
            model_free(scn);
            held.scenarios[k] = held.scenarios[--held.scenario_count];
            return;
        }
    fail_msg("dropping a scenario the test does not hold");
}

static round_transcript *transcript(void)
{
    for (int k = 0; k < HOLD_TRANSCRIPTS; k++)
        if (!held.transcript_used[k]) {
            held.transcript_used[k] = true;
            memset(&held.transcripts[k], 0, sizeof held.transcripts[k]);
            return &held.transcripts[k];
        }
    fail_msg("too many transcripts held");
    return NULL;
}

static void done(round_transcript *t)
{
    round_transcript_free(t);
    held.transcript_used[t - held.transcripts] = false;
}

static round_sim *hold_sim(round_sim *sim)
{
    assert_non_null(sim);
    assert_true(held.sim_count < HOLD_SIMS);
    held.sims[held.sim_count++] = sim;
    return sim;
}

static void drop_sim(round_sim *sim)
{
    for (int k = 0; k < held.sim_count; k++)
        if (held.sims[k] == sim) {
            round_free(sim);
            held.sims[k] = held.sims[--held.sim_count];
            return;
        }
    fail_msg("dropping a simulation the test does not hold");
}

static int release(void **state)
{
    (void)state;
    for (int k = 0; k < held.sim_count; k++)
        round_free(held.sims[k]);
    for (int k = 0; k < HOLD_TRANSCRIPTS; k++)
        if (held.transcript_used[k])
            round_transcript_free(&held.transcripts[k]);
    for (int k = 0; k < held.scenario_count; k++)
        model_free(held.scenarios[k]);
    memset(&held, 0, sizeof held);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------------- */

/* Set ROUND_DUMP=1 to print every transcript a test produces. */
static void dump(const model_scenario *scn, const round_transcript *t)
{
    if (!getenv("ROUND_DUMP"))
        return;
    for (int r = 0; r < t->record_count; r++) {
        const round_record *rec = &t->records[r];
        char pkg[256];
        fx_package_text(scn, &rec->offer, pkg, sizeof pkg);
        print_message("round %d proposer %d offer %s\n", rec->number, rec->proposer, pkg);
        for (int m = 0; m < rec->message_count; m++)
            print_message("  message: %s\n", rec->messages[m]);
        for (int j = 0; j < rec->response_count; j++) {
            const round_response *x = &rec->responses[j];
            print_message("  %d %-7s w=%.3f asp=%.3f u=%.3f rl=%d is=%d %s\n", x->actor,
                          round_verdict_name(x->verdict), rec->willingness[x->actor],
                          rec->aspiration[x->actor], x->utility, x->redline, x->issue,
                          x->reason);
        }
    }
    char pkg[256] = "-";
    if (t->outcome.has_package)
        fx_package_text(scn, &t->outcome.package, pkg, sizeof pkg);
    print_message("outcome %s after %d rounds, package %s, signatories %#llx: %s\n",
                  round_outcome_name(t->outcome.kind), t->outcome.rounds, pkg,
                  (unsigned long long)t->outcome.signatories, t->outcome.reason);
}

static void run_ok(model_scenario *scn, const round_options *opts, const round_hooks *hooks,
                   round_transcript *t)
{
    ent_error err;
    ent_error_clear(&err);
    memset(t, 0, sizeof *t);
    ent_status st = round_simulate(scn, opts, hooks, t, &err);
    if (st != ENT_OK)
        fail_msg("round_simulate failed: %s", err.message);
    dump(scn, t);
}

/* An event that does nothing yet: no condition, no signal. */
static model_event *add_event(model_scenario *scn, const char *id, const char *label,
                              const char *message)
{
    assert_true(scn->event_count < MODEL_MAX_EVENTS);
    model_event *ev = &scn->events[scn->event_count++];
    memset(ev, 0, sizeof *ev);
    snprintf(ev->id, sizeof ev->id, "%s", id);
    ev->label = label ? model_strdup(scn, label) : NULL;
    ev->message = message ? model_strdup(scn, message) : NULL;
    ev->source = model_strdup(scn, "test");
    ev->when_offer = -1;
    ev->signal_from = -1;
    return ev;
}

/* A predicate no package satisfies: a red line that is always crossed. */
static int never(model_scenario *scn)
{
    return fx_not(scn, fx_true(scn));
}

static bool crosses_redline(const model_scenario *scn, int actor, const model_package *p)
{
    const model_actor *a = &scn->actors[actor];
    for (int r = 0; r < a->redline_count; r++)
        if (!a->redlines[r].dormant && !redline_eval(scn, a->redlines[r].node, p))
            return true;
    return false;
}

static const round_response *response_of(const round_record *rec, int actor)
{
    for (int j = 0; j < rec->response_count; j++)
        if (rec->responses[j].actor == actor)
            return &rec->responses[j];
    fail_msg("round %d has no response from actor %d", rec->number, actor);
    return NULL;
}

static bool has_message(const round_record *rec, const char *text)
{
    for (int m = 0; m < rec->message_count; m++)
        if (strstr(rec->messages[m], text))
            return true;
    return false;
}

/* ---- tactic curves ------------------------------------------------------------------------- */

static double faratin(double kappa, double beta, int t, int deadline)
{
    if (t >= deadline)
        return 1;
    return kappa + (1 - kappa) * pow((double)t / deadline, 1 / beta);
}

static void test_tactic_endpoints(void **state)
{
    (void)state;
    const double kappas[] = {0, 0.1, 0.35};
    const double betas[] = {0.2, 0.5, 1, 2, 5};
    for (size_t a = 0; a < sizeof kappas / sizeof kappas[0]; a++)
        for (size_t b = 0; b < sizeof betas / sizeof betas[0]; b++) {
            model_tactic t = {.kind = TACTIC_TIME, .beta = betas[b], .kappa = kappas[a]};
            assert_near(round_tactic_willingness(&t, 0, 10), kappas[a], 1e-12);
            assert_near(round_tactic_willingness(&t, 10, 10), 1, 1e-12);
            assert_near(round_tactic_willingness(&t, 11, 10), 1, 1e-12);
            assert_near(round_tactic_willingness(&t, 40, 10), 1, 1e-12);
        }
}

static void test_tactic_boulware_and_conceder(void **state)
{
    (void)state;
    const int T = 12;
    model_tactic boulware = {.beta = 0.3}, linear = {.beta = 1}, conceder = {.beta = 3};
    for (int t = 1; t < T; t++) {
        double b = round_tactic_willingness(&boulware, t, T);
        double l = round_tactic_willingness(&linear, t, T);
        double c = round_tactic_willingness(&conceder, t, T);
        assert_near(l, (double)t / T, 1e-12);
        assert_true(b < l - 1e-6);
        assert_true(c > l + 1e-6);
    }
    /* The same holds with a starting concession kappa. */
    model_tactic bk = {.beta = 0.5, .kappa = 0.2}, ck = {.beta = 2, .kappa = 0.2};
    for (int t = 1; t < T; t++) {
        double l = 0.2 + 0.8 * (double)t / T;
        assert_true(round_tactic_willingness(&bk, t, T) < l - 1e-6);
        assert_true(round_tactic_willingness(&ck, t, T) > l + 1e-6);
    }
}

static void test_tactic_monotone(void **state)
{
    (void)state;
    const double betas[] = {0.1, 0.4, 1, 2.5, 10};
    const double kappas[] = {0, 0.25, 0.6};
    for (size_t b = 0; b < 5; b++)
        for (size_t a = 0; a < 3; a++) {
            model_tactic t = {.beta = betas[b], .kappa = kappas[a]};
            double prev = -1;
            for (int r = 0; r <= 30; r++) {
                double w = round_tactic_willingness(&t, r, 20);
                assert_true(w >= prev - 1e-15);
                assert_true(w >= 0 && w <= 1);
                prev = w;
            }
        }
}

static void test_tactic_exact_values(void **state)
{
    (void)state;
    model_tactic t1 = {.beta = 0.5, .kappa = 0};
    assert_near(round_tactic_willingness(&t1, 5, 10), 0.25, 1e-12); /* 0.5^2 */
    model_tactic t2 = {.beta = 2, .kappa = 0};
    assert_near(round_tactic_willingness(&t2, 4, 16), 0.5, 1e-12); /* 0.25^0.5 */
    model_tactic t3 = {.beta = 2, .kappa = 0.2};
    assert_near(round_tactic_willingness(&t3, 9, 25), 0.2 + 0.8 * 0.6, 1e-12);
    model_tactic t4 = {.beta = 1.0 / 3, .kappa = 0.1};
    assert_near(round_tactic_willingness(&t4, 3, 6), 0.1 + 0.9 * 0.125, 1e-12);
    /* Against the formula at a spread of points. */
    for (int r = 0; r < 7; r++)
        assert_near(round_tactic_willingness(&t4, r, 7), faratin(0.1, 1.0 / 3, r, 7), 1e-12);
}

/* ---- influence ----------------------------------------------------------------------------- */

static void test_influence_no_listens(void **state)
{
    (void)state;
    model_scenario *scn = scenario(1, 2, 3);
    scn->actors[0].tactic.susceptibility = 0.8;
    double x[3] = {0.1, 0.9, 0.5};
    assert_near(round_influence(scn, 0, 0.3, x), 0.3, 1e-15);
    /* Listening only to itself is no listening. */
    scn->actors[0].listens[0] = 5;
    assert_near(round_influence(scn, 0, 0.3, x), 0.3, 1e-15);
    /* Susceptibility 0: stubborn, whatever it listens to. */
    scn->actors[1].listens[0] = 1;
    scn->actors[1].tactic.susceptibility = 0;
    assert_near(round_influence(scn, 1, 0.7, x), 0.7, 1e-15);
    drop(scn);
}

static void test_influence_weighted(void **state)
{
    (void)state;
    model_scenario *scn = scenario(1, 2, 4);
    model_actor *a = &scn->actors[1];
    a->tactic.susceptibility = 0.4;
    a->listens[0] = 1;
    a->listens[1] = 100; /* self: excluded */
    a->listens[2] = 3;
    a->listens[3] = 0;
    double x[4] = {0.2, 0.0, 0.6, 1.0};
    double mean = (1 * 0.2 + 3 * 0.6) / 4;
    assert_near(round_influence(scn, 1, 0.5, x), 0.6 * 0.5 + 0.4 * mean, 1e-12);
    /* Scaling the weights changes nothing: rows are normalised. */
    a->listens[0] = 10;
    a->listens[2] = 30;
    assert_near(round_influence(scn, 1, 0.5, x), 0.6 * 0.5 + 0.4 * mean, 1e-12);
    /* s = 1: only the others count. */
    a->tactic.susceptibility = 1;
    assert_near(round_influence(scn, 1, 0.5, x), mean, 1e-12);
    drop(scn);
}

/* Repeated synchronous updates with s = 1 are DeGroot: x(t+1) = W x(t). */
static void degroot(const model_scenario *scn, double *x, int steps)
{
    int n = scn->actor_count;
    for (int s = 0; s < steps; s++) {
        double next[MODEL_MAX_ACTORS];
        for (int i = 0; i < n; i++)
            next[i] = round_influence(scn, i, x[i], x);
        memcpy(x, next, sizeof next[0] * (size_t)n);
    }
}

static void test_influence_degroot_consensus(void **state)
{
    (void)state;
    /* A ring of five, each listening equally to both neighbours: W is doubly stochastic and the
       graph is strongly connected with an odd cycle, so everyone converges to the mean. */
    model_scenario *ring = scenario(1, 2, 5);
    for (int i = 0; i < 5; i++) {
        ring->actors[i].tactic.susceptibility = 1;
        ring->actors[i].listens[(i + 1) % 5] = 2;
        ring->actors[i].listens[(i + 4) % 5] = 2;
    }
    double x[5] = {0, 0.1, 0.9, 0.3, 1.0};
    degroot(ring, x, 400);
    for (int i = 0; i < 5; i++)
        assert_near(x[i], 0.46, 1e-9);
    drop(ring);

    /* An asymmetric W: 0 listens to 1; 1 listens to 0 and 2 (1:3); 2 listens to 0 and 1 (1:1).
       The consensus is pi . x(0) with pi the left eigenvector of W (pi W = pi):
       pi0 = 1/4 pi1 + 1/2 pi2, pi1 = pi0 + 1/2 pi2, pi2 = 3/4 pi1. */
    model_scenario *scn = scenario(1, 2, 3);
    for (int i = 0; i < 3; i++)
        scn->actors[i].tactic.susceptibility = 1;
    scn->actors[0].listens[1] = 1;
    scn->actors[1].listens[0] = 1;
    scn->actors[1].listens[2] = 3;
    scn->actors[2].listens[0] = 1;
    scn->actors[2].listens[1] = 1;
    /* pi2 = 3/4 pi1; pi0 = pi1/4 + 3/8 pi1 = 5/8 pi1; normalise 5/8 + 1 + 3/4 = 19/8. */
    double pi[3] = {5.0 / 19, 8.0 / 19, 6.0 / 19};
    double y[3] = {1.0, 0.0, 0.5};
    double expect = pi[0] * y[0] + pi[1] * y[1] + pi[2] * y[2];
    degroot(scn, y, 400);
    for (int i = 0; i < 3; i++)
        assert_near(y[i], expect, 1e-9);
    drop(scn);
}

/* ---- Rubinstein ---------------------------------------------------------------------------- */

static void test_rubinstein_closed_form(void **state)
{
    (void)state;
    assert_near(round_rubinstein_share(0.5, 0.5), 2.0 / 3, 1e-12);
    assert_near(round_rubinstein_share(0.9, 0.9), 1 / 1.9, 1e-12);
    assert_near(round_rubinstein_share(0.9, 0.6), 0.4 / 0.46, 1e-12);
    assert_near(round_rubinstein_share(0.6, 0.9), 0.1 / 0.46, 1e-12);
    assert_near(round_rubinstein_share(0, 0.7), 0.3, 1e-12);   /* impatient first mover */
    assert_near(round_rubinstein_share(0.8, 0), 1, 1e-12);     /* responder cannot wait */
    /* Patience helps: more patient responder, smaller first-mover share. */
    assert_true(round_rubinstein_share(0.8, 0.9) < round_rubinstein_share(0.8, 0.7));
    assert_true(round_rubinstein_share(0.9, 0.8) > round_rubinstein_share(0.7, 0.8));
}

/* A bilateral division of one unit, A's share on a grid of hundredths. MODEL_MAX_OPTIONS is 16,
   so one issue cannot hold 101 options: the share is two issues, tenths (0..9, salience 0.9)
   and hundredths (0..10, salience 0.1); A's share is tenths/10 + hundredths/100 and B gets the
   rest. Both play the subgame-perfect tactic with the given patience. */
static model_scenario *division(double d1, double d2)
{
    model_scenario *scn = scenario(2, 11, 2);
    scn->issues[0].option_count = 10;
    for (int i = 0; i < 2; i++) {
        model_actor *a = &scn->actors[i];
        a->salience[0] = 9;
        a->salience[1] = 1;
        for (int k = 0; k < 10; k++)
            a->value[0][k] = i == 0 ? k / 9.0 : 1 - k / 9.0;
        for (int j = 0; j <= 10; j++)
            a->value[1][j] = i == 0 ? j / 10.0 : 1 - j / 10.0;
        a->reservation = 0;
        a->tactic.kind = TACTIC_SUBGAME_PERFECT;
        a->tactic.patience = i == 0 ? d1 : d2;
    }
    scn->protocol.kind = PROTOCOL_ALTERNATING;
    scn->protocol.order_count = 2;
    scn->protocol.order[0] = 0;
    scn->protocol.order[1] = 1;
    scn->protocol.rounds = 200;
    fx_finish(scn);
    assert_int_equal(scn->rule.required, 3);
    return scn;
}

static double share_of_a(const model_package *p)
{
    return (10.0 * p->opt[0] + p->opt[1]) / 100;
}

/* Backward induction on the grid, written independently of the engine: the last proposer takes
   everything; earlier, the responder must get its discounted value of proposing next round,
   rounded up to the grid (it accepts ties). Returns the first mover's share in hundredths. */
static int grid_first_share(double d1, double d2, int T)
{
    int next_proposer_gets = 100; /* at round T */
    for (int t = T - 1; t >= 1; t--) {
        /* The responder of round t proposes at t + 1; A responds on even rounds. */
        double d = t % 2 ? d2 : d1;
        int responder = (int)ceil(d * next_proposer_gets - 1e-6);
        next_proposer_gets = 100 - responder;
    }
    return next_proposer_gets;
}

/* The same backward induction over a continuous share. */
static double continuous_first_share(double d1, double d2, int T)
{
    double v = 1;
    for (int t = T - 1; t >= 1; t--)
        v = 1 - (t % 2 ? d2 : d1) * v;
    return v;
}

static void check_division(double d1, double d2, int T, double *share)
{
    model_scenario *scn = division(d1, d2);
    round_options opts = {.seed = 7, .rounds = T};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(t->outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(t->outcome.rounds, 1);
    assert_int_equal(t->record_count, 1);
    assert_int_equal(t->records[0].proposer, 0);
    assert_int_equal(response_of(&t->records[0], 1)->verdict, ROUND_ACCEPT);
    assert_int_equal(t->outcome.signatories, 3);
    assert_true(t->outcome.has_package);
    *share = share_of_a(&t->outcome.package);
    /* The engine's answer is the backward induction on its grid, exactly. */
    assert_near(*share, grid_first_share(d1, d2, T) / 100.0, 1e-9);
    done(t);
    drop(scn);
}

static void test_rubinstein_engine_long_horizon(void **state)
{
    (void)state;
    /* Pairs where the grid's rounding stays within one step (see the patient case below). */
    const double pairs[][2] = {{0.5, 0.5}, {0.9, 0.6}, {0.8, 0.95}, {0.3, 0.7}, {0.7, 0.2}};
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        double share;
        check_division(pairs[p][0], pairs[p][1], 200, &share);
        assert_near(share, round_rubinstein_share(pairs[p][0], pairs[p][1]), 0.01);
    }
}

/* With patient players the responder's round-up to the grid compounds through the backward
   induction: the engine gives the exact equilibrium of the game on the grid, which can sit
   several steps from Rubinstein's continuous share. */
/* B moves first: B gets the first mover's share with the roles of the discounts swapped. */
static void test_rubinstein_engine_second_mover(void **state)
{
    (void)state;
    const double pairs[][2] = {{0.5, 0.5}, {0.9, 0.6}, {0.6, 0.9}};
    for (size_t p = 0; p < 3; p++) {
        double d1 = pairs[p][0], d2 = pairs[p][1];
        model_scenario *scn = division(d1, d2);
        scn->protocol.order[0] = 1;
        scn->protocol.order[1] = 0;
        round_options opts = {.seed = 7};
        round_transcript *t = transcript();
        run_ok(scn, &opts, NULL, t);
        assert_int_equal(t->outcome.kind, OUTCOME_AGREEMENT);
        assert_int_equal(t->outcome.rounds, 1);
        assert_int_equal(t->records[0].proposer, 1);
        double b_share = 1 - share_of_a(&t->outcome.package);
        assert_near(b_share, grid_first_share(d2, d1, 200) / 100.0, 1e-9);
        assert_near(b_share, round_rubinstein_share(d2, d1), 0.02);
        done(t);
        drop(scn);
    }
}

static void test_rubinstein_engine_patient_grid(void **state)
{
    (void)state;
    double share;
    check_division(0.9, 0.9, 200, &share);
    assert_near(share, 0.50, 1e-9);
    assert_true(fabs(share - round_rubinstein_share(0.9, 0.9)) > 0.02);
}

static void test_rubinstein_engine_finite_horizon(void **state)
{
    (void)state;
    const double pairs[][2] = {{0.9, 0.8}, {0.5, 0.5}, {0.6, 0.9}};
    for (size_t p = 0; p < 3; p++)
        for (int T = 1; T <= 6; T++) {
            double d1 = pairs[p][0], d2 = pairs[p][1], share;
            check_division(d1, d2, T, &share);
            /* Rounding is at most a step a round. */
            assert_near(share, continuous_first_share(d1, d2, T), 0.01 * T);
        }
    /* Spelled out for (0.9, 0.8): the last proposer takes all; these are on the grid. */
    double share;
    check_division(0.9, 0.8, 1, &share);
    assert_near(share, 1.0, 1e-9);
    check_division(0.9, 0.8, 2, &share);
    assert_near(share, 0.2, 1e-9);
    check_division(0.9, 0.8, 3, &share);
    assert_near(share, 1 - 0.8 * 0.1, 1e-9);
}

/* ---- protocols: the mediator's text, breakdown, coalitions, alternating offers ------------- */

/* Two actors with different ideals but compatible red lines, a neutral mediator. */
static void test_mediator_agreement(void **state)
{
    (void)state;
    model_scenario *scn = scenario(2, 3, 2);
    fx_ideal(scn, 0, 0, 0, false);
    fx_ideal(scn, 0, 1, 0, false);
    fx_ideal(scn, 1, 0, 2, false);
    fx_ideal(scn, 1, 1, 2, false);
    scn->actors[0].salience[0] = 3;
    scn->actors[1].salience[1] = 3;
    fx_redline(scn, 0, fx_lit(scn, RL_LE, 0, 1), "Issue 0 at most o1");
    fx_redline(scn, 1, fx_lit(scn, RL_GE, 1, 1), "Issue 1 at least o1");
    scn->actors[0].reservation = scn->actors[1].reservation = 0.3;
    scn->protocol.rounds = 10;
    fx_finish(scn);
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(t->outcome.kind, OUTCOME_AGREEMENT);
    assert_true(t->outcome.has_package);
    assert_int_equal(t->outcome.signatories, 3);
    assert_int_equal(t->outcome.rounds, t->record_count);
    assert_true(t->record_count >= 1 && t->record_count <= 10);
    const round_record *last = &t->records[t->record_count - 1];
    assert_int_equal(last->proposer, -1); /* the neutral mediator wrote it */
    assert_true(fx_same_package(scn, &last->offer, &t->outcome.package));
    for (int i = 0; i < 2; i++) {
        assert_int_equal(response_of(last, i)->verdict, ROUND_ACCEPT);
        assert_false(crosses_redline(scn, i, &t->outcome.package));
        assert_true(model_utility(scn, i, &t->outcome.package) >= 0.3);
    }
    /* Neither gets its ideal on the issue it cares most about and gives nothing. */
    assert_true(model_rule_met(scn, &t->outcome.package, t->outcome.signatories));
    done(t);
    drop(scn);
}

static model_scenario *incompatible(void)
{
    model_scenario *scn = scenario(2, 3, 2);
    fx_ideal(scn, 0, 0, 0, false);
    fx_ideal(scn, 1, 0, 2, false);
    fx_ideal(scn, 0, 1, 1, false);
    fx_ideal(scn, 1, 1, 1, false);
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 0), "No foreign troops");
    fx_redline(scn, 1, fx_lit(scn, RL_EQ, 0, 2), "Troops on the border");
    scn->protocol.rounds = 6;
    fx_finish(scn);
    return scn;
}

static void test_breakdown_names_red_lines(void **state)
{
    (void)state;
    model_scenario *scn = incompatible();
    round_options opts = {.seed = 1, .explain = true};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(t->outcome.kind, OUTCOME_BREAKDOWN);
    assert_false(t->outcome.has_package);
    assert_int_equal(t->outcome.signatories, 0);
    assert_true(t->outcome.rounds >= 1 && t->outcome.rounds <= 6);
    assert_non_null(strstr(t->outcome.reason, "No foreign troops"));
    assert_non_null(strstr(t->outcome.reason, "Troops on the border"));
    assert_non_null(strstr(t->outcome.reason, "Actor 0"));
    assert_non_null(strstr(t->outcome.reason, "Actor 1"));
    done(t);

    /* Without explain the reason still says it ended, but runs no search for the conflict. */
    model_scenario *again = incompatible();
    opts.explain = false;
    run_ok(again, &opts, NULL, t);
    assert_int_equal(t->outcome.kind, OUTCOME_BREAKDOWN);
    assert_null(strstr(t->outcome.reason, "No package can satisfy"));
    assert_true(strncmp(t->outcome.reason, "No agreement", 12) == 0);
    done(t);
    drop(again);
    drop(scn);
}

/* P must sign, and one of the guarantors G1, G2. G2's red line (sanctions lifted) is the
   opposite of P's (sanctions stay). Each guarantor can contribute troops (an issue it owns);
   P and G1 want both contingents. */
enum { P = 0, G1 = 1, G2 = 2 };
enum { SANCTIONS = 0, G1_TROOPS = 1, G2_TROOPS = 2 };

static model_scenario *coalition_scenario(void)
{
    model_scenario *scn = scenario(3, 2, 3);
    scn->issues[G1_TROOPS].owner = G1;
    scn->issues[G2_TROOPS].owner = G2;
    /* option 0 of sanctions: lifted, option 1: kept; troops: 0 none (default), 1 deployed. */
    const double keep[] = {0, 1}, lift[] = {1, 0}, want[] = {0, 1};
    const double cost[] = {1, 0.6};
    fx_values(scn, P, SANCTIONS, keep);
    fx_values(scn, P, G1_TROOPS, want);
    fx_values(scn, P, G2_TROOPS, want);
    fx_values(scn, G1, SANCTIONS, keep);
    fx_values(scn, G1, G1_TROOPS, cost);
    fx_values(scn, G1, G2_TROOPS, want);
    fx_values(scn, G2, SANCTIONS, lift);
    fx_values(scn, G2, G1_TROOPS, want);
    fx_values(scn, G2, G2_TROOPS, cost);
    fx_redline(scn, P, fx_lit(scn, RL_EQ, SANCTIONS, 1), "Sanctions stay");
    fx_redline(scn, G2, fx_lit(scn, RL_EQ, SANCTIONS, 0), "Sanctions lifted");
    scn->rule.required = fx_bit(P);
    scn->rule.guarantors = fx_bit(G1) | fx_bit(G2);
    scn->rule.min_guarantors = 1;
    scn->protocol.rounds = 8;
    fx_finish(scn);
    return scn;
}

static void test_coalition_of_the_willing(void **state)
{
    (void)state;
    model_scenario *scn = coalition_scenario();
    round_options opts = {.seed = 3};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(t->outcome.kind, OUTCOME_COALITION);
    assert_true(t->outcome.has_package);
    assert_int_equal(t->outcome.signatories, fx_bit(P) | fx_bit(G1));
    assert_false(model_set_has(t->outcome.signatories, G2));
    const model_package *pkg = &t->outcome.package;
    assert_int_equal(pkg->opt[SANCTIONS], 1);
    assert_true(model_rule_met(scn, pkg, t->outcome.signatories));
    /* G2 does not sign, so its troops are not part of what takes effect. */
    assert_int_equal(pkg->opt[G2_TROOPS], scn->issues[G2_TROOPS].default_option);
    /* G1 signs: its own contingent, which P wants, stays in. */
    assert_int_equal(pkg->opt[G1_TROOPS], 1);
    assert_false(crosses_redline(scn, P, pkg));
    assert_non_null(strstr(t->outcome.reason, "Actor 2 does not sign"));
    assert_non_null(strstr(t->outcome.reason, "Sanctions lifted"));
    done(t);
    drop(scn);
}

/* The coalition's package drops a non-signer's contribution even when the text it negotiated
   had it in: G2 has no red line here, only a reservation no text with sanctions kept meets, and
   the text offers its troops. */
static void test_coalition_withdraws_contributions(void **state)
{
    (void)state;
    model_scenario *scn = coalition_scenario();
    scn->actors[G2].redline_count = 0;
    scn->actors[G2].reservation = 0.9;
    round_options opts = {.seed = 3};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    bool offered = false;
    for (int r = 0; r < t->record_count; r++)
        offered = offered || t->records[r].offer.opt[G2_TROOPS] != 0;
    assert_int_equal(t->outcome.kind, OUTCOME_COALITION);
    assert_false(model_set_has(t->outcome.signatories, G2));
    assert_true(model_set_has(t->outcome.signatories, P));
    assert_int_equal(t->outcome.package.opt[G2_TROOPS], 0);
    assert_true(model_rule_met(scn, &t->outcome.package, t->outcome.signatories));
    assert_true(offered); /* so the withdrawal above is the engine's doing */
    done(t);
    drop(scn);
}

static void test_alternating_rotation(void **state)
{
    (void)state;
    model_scenario *scn = scenario(3, 4, 3);
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++)
            fx_ideal(scn, i, k, (i + k) % 4, false);
        scn->actors[i].tactic.beta = 0.3;
    }
    scn->protocol.kind = PROTOCOL_ALTERNATING;
    scn->protocol.order_count = 3;
    scn->protocol.order[0] = 2;
    scn->protocol.order[1] = 0;
    scn->protocol.order[2] = 1;
    scn->protocol.rounds = 9;
    fx_finish(scn);
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    assert_true(t->record_count >= 4);
    for (int r = 0; r < t->record_count; r++) {
        const round_record *rec = &t->records[r];
        assert_int_equal(rec->number, r + 1);
        assert_int_equal(rec->proposer, scn->protocol.order[r % 3]);
        const round_response *own = response_of(rec, rec->proposer);
        assert_int_equal(own->verdict, ROUND_ACCEPT);
        assert_non_null(strstr(own->reason, "its own offer"));
    }
    done(t);
    drop(scn);
}

/* ---- bugs found in round.c: these fail until it is fixed ----------------------------------- */

/* A on o0, B and C on o2, each as a red line: no package satisfies all three. */
static model_scenario *three_way_impasse(void)
{
    model_scenario *scn = scenario(1, 3, 3);
    fx_ideal(scn, 0, 0, 0, false);
    fx_ideal(scn, 1, 0, 2, false);
    fx_ideal(scn, 2, 0, 2, false);
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 0), "A: o0 only");
    fx_redline(scn, 1, fx_lit(scn, RL_EQ, 0, 2), "B: o2 only");
    fx_redline(scn, 2, fx_lit(scn, RL_EQ, 0, 2), "C: o2 only");
    return scn;
}

/* Regression: the proposer's answer to its own offer was forced to ROUND_ACCEPT without
   checking its red lines. balance() charges the proposer's own crossed red line the same
   REQUIRED_PENALTY as one required actor's, so when every package that keeps the proposer's red
   line crosses the red lines of two required actors, the proposer offers a package crossing its
   own red line, "accepts" it, and the others sign: an agreement that breaks a signatory's red
   line. Here A (first mover) insists on issue 0 = o0, B and C on o2; no package satisfies all
   three, so the talks must not end in an agreement (it used to: round 1, on o2, signed by A). */
static void test_proposer_never_signs_across_its_red_line(void **state)
{
    (void)state;
    model_scenario *scn = three_way_impasse();
    scn->protocol.kind = PROTOCOL_ALTERNATING;
    scn->protocol.rounds = 6;
    fx_finish(scn);
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    for (int r = 0; r < t->record_count; r++)
        for (int j = 0; j < t->records[r].response_count; j++) {
            const round_response *x = &t->records[r].responses[j];
            if (x->verdict == ROUND_ACCEPT && crosses_redline(scn, x->actor, &t->records[r].offer))
                fail_msg("round %d: actor %d accepts an offer that crosses its red line (%s)",
                         r + 1, x->actor, x->reason);
        }
    assert_int_equal(t->outcome.kind, OUTCOME_BREAKDOWN);
    done(t);
    drop(scn);
}

/* Regression (as above): the same with a mediator that is itself a party (protocol.mediator = 0). */
static void test_mediating_actor_never_signs_across_its_red_line(void **state)
{
    (void)state;
    model_scenario *scn = three_way_impasse();
    scn->protocol.kind = PROTOCOL_MEDIATOR;
    scn->protocol.mediator = 0;
    scn->protocol.rounds = 6;
    fx_finish(scn);
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    if (t->outcome.has_package)
        for (int i = 0; i < 3; i++)
            if (model_set_has(t->outcome.signatories, i))
                assert_false(crosses_redline(scn, i, &t->outcome.package));
    assert_int_equal(t->outcome.kind, OUTCOME_BREAKDOWN);
    done(t);
    drop(scn);
}

/* Regression: the coalition used to be the latest candidate, however old. Here actor 0
   (the only one who must sign) accepts in round 1 while actor 1 never does, which makes {0} a
   candidate coalition; at round 2 an event imposes a red line on 0 that the text crosses, and 0
   objects from then on. The outcome must be a breakdown (nobody who must sign accepts any more),
   not the round-1 coalition on a package that crosses 0's red line in force. */
static void test_stale_coalition(void **state)
{
    (void)state;
    model_scenario *scn = scenario(1, 3, 2);
    fx_ideal(scn, 0, 0, 0, false);
    fx_ideal(scn, 1, 0, 0, false);
    fx_redline(scn, 1, never(scn), "Never");
    int late = fx_redline(scn, 0, never(scn), "Parliament says no");
    scn->actors[0].redlines[late].dormant = true;
    scn->rule.required = fx_bit(0);
    scn->protocol.rounds = 5;
    model_event *ev = add_event(scn, "vote", "Parliament votes", NULL);
    ev->at_round = 2;
    ev->impose_count = 1;
    ev->impose[0] = (model_effect){.actor = 0, .index = late};
    fx_finish(scn);
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(response_of(&t->records[0], 0)->verdict, ROUND_ACCEPT);
    for (int k = 1; k < t->record_count; k++)
        assert_int_equal(response_of(&t->records[k], 0)->verdict, ROUND_OBJECT);
    if (t->outcome.has_package)
        for (int i = 0; i < 2; i++)
            if (model_set_has(t->outcome.signatories, i))
                assert_false(crosses_redline(scn, i, &t->outcome.package));
    assert_int_equal(t->outcome.kind, OUTCOME_BREAKDOWN);
    done(t);
    drop(scn);
}

typedef struct {
    model_package counter;
} counter_ctx;

static ent_status counter_strategy(void *ctx, round_sim *sim, int actor, round_response *resp,
                                   model_package *counter, ent_error *err)
{
    (void)sim;
    (void)actor;
    (void)err;
    counter_ctx *c = ctx;
    resp->verdict = ROUND_COUNTER;
    snprintf(resp->reason, sizeof resp->reason, "counters");
    *counter = c->counter;
    return ENT_OK;
}

/* Regression: a scripted counter-offer (ROUND_COUNTER) used to replace the standing offer in
   the middle of the answers, the answers already given counting as acceptances of the new text;
   now it goes on the table the next round. Actor 0 (required, red line "o0 only") accepts the mediator's
   text o0; actor 1 (scripted, not required) counters with o2; actor 2 (required, wants o2)
   accepts o2. Accepting = {0, 2} meets the rule on o2, so o2 becomes the coalition candidate,
   and at the end conclude() keeps it (its re-optimised text loses actor 2). Expected: no
   outcome signed by actor 0 on o2, and no record showing 0 accepting o2 (it used to end as a
   coalition {0, 2} on o2, which crosses 0's red line). */
static void test_counter_offer_does_not_bind_earlier_answers(void **state)
{
    (void)state;
    model_scenario *scn = scenario(1, 3, 3);
    fx_ideal(scn, 0, 0, 0, false);
    fx_ideal(scn, 1, 0, 2, false);
    const double likes_o2[] = {0.5, 0.5, 1};
    fx_values(scn, 2, 0, likes_o2);
    scn->actors[2].reservation = 0.8;
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 0), "o0 only");
    scn->actors[1].strategy_ref = 1;
    scn->rule.required = fx_bit(0) | fx_bit(2);
    scn->protocol.rounds = 3;
    fx_finish(scn);
    counter_ctx c;
    memset(&c, 0, sizeof c);
    c.counter.opt[0] = 2;
    round_hooks hooks = {.ctx = &c, .strategy = counter_strategy};
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, &hooks, t);
    if (t->outcome.has_package)
        for (int i = 0; i < 3; i++)
            if (model_set_has(t->outcome.signatories, i) &&
                crosses_redline(scn, i, &t->outcome.package))
                fail_msg("outcome %s: actor %d signs package o%d, which crosses its red line",
                         round_outcome_name(t->outcome.kind), i, t->outcome.package.opt[0]);
    for (int k = 0; k < t->record_count; k++) {
        const round_record *rec = &t->records[k];
        for (int j = 0; j < rec->response_count; j++) {
            const round_response *x = &rec->responses[j];
            if (x->verdict == ROUND_ACCEPT && crosses_redline(scn, x->actor, &rec->offer))
                fail_msg("round %d: actor %d is recorded accepting offer o%d, which crosses its "
                         "red line", rec->number, x->actor, rec->offer.opt[0]);
        }
    }
    done(t);
    drop(scn);
}

/* ---- what is recorded each round ----------------------------------------------------------- */

static bool same_redlines(const model_scenario *a, const model_scenario *b)
{
    for (int i = 0; i < a->actor_count; i++) {
        if (a->actors[i].redline_count != b->actors[i].redline_count)
            return false;
        for (int r = 0; r < a->actors[i].redline_count; r++)
            if (a->actors[i].redlines[r].node != b->actors[i].redlines[r].node ||
                a->actors[i].redlines[r].dormant != b->actors[i].redlines[r].dormant)
                return false;
    }
    return true;
}

/* Random small scenarios under both protocols: willingness in [0, 1], aspiration between the
   reservation and the best utility (exactly the Faratin curve for stubborn actors), answers
   consistent with red lines and aspirations, and red lines unchanged without events. The
   proposer's own answer is left to test_proposer_never_signs_across_its_red_line. */
static void test_recorded_state_in_range(void **state)
{
    (void)state;
    rng_state r;
    rng_seed_stream(&r, 20240607, 1);
    fx_random_params params = {.min_issues = 1, .max_issues = 3, .min_options = 2,
                               .max_options = 4, .min_actors = 2, .max_actors = 4,
                               .max_redlines = 2, .rule_features = true};
    int agreements = 0, coalitions = 0, breakdowns = 0;
    for (int run = 0; run < 120; run++) {
        model_scenario *scn = hold(fx_random(&r, &params));
        int n = scn->actor_count;
        for (int i = 0; i < n; i++) {
            model_tactic *tc = &scn->actors[i].tactic;
            tc->beta = 0.2 + (double)rng_below(&r, 30) / 10;
            tc->kappa = (double)rng_below(&r, 4) / 10;
            tc->deadline = (int)rng_below(&r, 8);
            /* half stubborn (no influence), half listening to the others */
            if (i % 2) {
                tc->susceptibility = (double)rng_below(&r, 11) / 10;
                for (int j = 0; j < n; j++)
                    scn->actors[i].listens[j] = (double)rng_below(&r, 3);
            }
        }
        scn->protocol.kind = run % 2 ? PROTOCOL_ALTERNATING : PROTOCOL_MEDIATOR;
        scn->protocol.mediator = run % 4 == 2 ? (int)rng_below(&r, (uint64_t)n) : -1;
        scn->protocol.rounds = 3 + (int)rng_below(&r, 8);
        model_scenario *before = clone(scn);
        assert_non_null(before);
        round_options opts = {.seed = (uint64_t)run};
        round_transcript *t = transcript();
        run_ok(scn, &opts, NULL, t);
        int T = scn->protocol.rounds;
        assert_true(t->record_count >= 1 && t->record_count <= T);
        assert_int_equal(t->outcome.rounds, t->record_count);
        for (int k = 0; k < t->record_count; k++) {
            const round_record *rec = &t->records[k];
            assert_int_equal(rec->number, k + 1);
            assert_int_equal(rec->response_count, n);
            for (int i = 0; i < n; i++) {
                const model_actor *a = &scn->actors[i];
                double w = rec->willingness[i], asp = rec->aspiration[i];
                double best = model_best_utility(scn, i), d = a->reservation;
                assert_true(w >= 0 && w <= 1);
                assert_true(asp >= d - 1e-12);
                assert_true(asp <= (best > d ? best : d) + 1e-12);
                if (a->tactic.susceptibility == 0) {
                    int deadline = a->tactic.deadline > 0 ? a->tactic.deadline : T;
                    assert_near(w, faratin(a->tactic.kappa, a->tactic.beta, k + 1, deadline),
                                1e-12);
                    if (best > d)
                        assert_near(asp, best - w * (best - d), 1e-12);
                }
                const round_response *x = response_of(rec, i);
                if (i == rec->proposer || x->verdict == ROUND_ABSENT)
                    continue;
                double u = model_utility(scn, i, &rec->offer);
                assert_near(x->utility, u, 1e-12);
                if (x->verdict == ROUND_ACCEPT) {
                    assert_false(crosses_redline(scn, i, &rec->offer));
                    assert_true(u >= asp - 1e-9);
                } else if (x->redline >= 0) {
                    assert_false(redline_eval(scn, a->redlines[x->redline].node, &rec->offer));
                } else {
                    assert_true(u < asp);
                }
            }
        }
        assert_true(same_redlines(scn, before));
        const round_outcome *o = &t->outcome;
        const round_record *last = &t->records[t->record_count - 1];
        if (o->kind == OUTCOME_BREAKDOWN) {
            breakdowns++;
            assert_false(o->has_package);
        } else {
            o->kind == OUTCOME_AGREEMENT ? agreements++ : coalitions++;
            assert_true(o->has_package);
            assert_true(o->signatories != 0);
            assert_true((o->signatories & ~scn->rule.parties) == 0);
            assert_true(model_rule_met(scn, &o->package, o->signatories));
            for (int i = 0; i < n; i++)
                if (model_set_has(o->signatories, i) && i != last->proposer)
                    assert_false(crosses_redline(scn, i, &o->package));
            if (o->kind == OUTCOME_AGREEMENT) {
                assert_int_equal(o->signatories, scn->rule.parties);
                assert_true(fx_same_package(scn, &o->package, &last->offer));
            }
        }
        done(t);
        drop(before);
        drop(scn);
    }
    /* The sample exercises every ending. */
    assert_true(agreements > 0);
    assert_true(coalitions > 0);
    assert_true(breakdowns > 0);
}

/* ---- events -------------------------------------------------------------------------------- */

/* A and B pull one five-option issue to opposite ends, linear tactics over 8 rounds: the mediator
   offers the middle (worth 0.5 to each) and they accept it once their aspiration 1 - t/8 falls
   to 0.5, at round 4. */
static model_scenario *middle_ground(int actors)
{
    model_scenario *scn = scenario(1, 5, actors);
    for (int i = 0; i < actors; i++)
        fx_ideal(scn, i, 0, i % 2 ? 4 : 0, false);
    scn->protocol.rounds = 8;
    return scn;
}

static void test_event_willingness(void **state)
{
    (void)state;
    model_scenario *base = middle_ground(2);
    fx_finish(base);
    model_scenario *scn = clone(base);
    model_event *ev = add_event(scn, "pressure", "Domestic pressure", "A must show results");
    ev->at_round = 3;
    ev->willingness_count = 1;
    ev->willingness[0] = (model_effect){.actor = 0, .value = 0.3};
    round_options opts = {.seed = 5};
    round_transcript *b = transcript(), *t = transcript();
    run_ok(base, &opts, NULL, b);
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(b->outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(b->outcome.rounds, 4);
    assert_true(t->record_count >= 3);
    for (int k = 0; k < 2; k++) {
        assert_near(t->records[k].willingness[0], b->records[k].willingness[0], 1e-12);
        assert_int_equal(t->records[k].message_count, 0);
    }
    /* From round 3 on, A is 0.3 more willing (a lasting shift); B is not. */
    assert_near(t->records[2].willingness[0], 3.0 / 8 + 0.3, 1e-12);
    assert_near(t->records[2].aspiration[0], 1 - (3.0 / 8 + 0.3), 1e-12);
    assert_near(t->records[2].willingness[1], b->records[2].willingness[1], 1e-12);
    if (t->record_count >= 4)
        assert_near(t->records[3].willingness[0], 4.0 / 8 + 0.3, 1e-12);
    assert_true(has_message(&t->records[2], "Event: Domestic pressure - A must show results"));
    assert_int_equal(t->records[2].message_count, 1);
    /* The mediator balances aspirations, so the text moves toward B, who now asks more. */
    assert_int_equal(b->records[2].offer.opt[0], 2);
    assert_true(t->records[2].offer.opt[0] > 2);
    done(b);
    done(t);
    drop(base);
    drop(scn);
}

/* A signal from actor 0 at round 2 with strength 0.4: actor 1 listens to 0 and 2 equally (+0.2),
   actor 2 only to 0 (+0.4), actor 3 only to 1 (+0), actor 0 is the signaller (+0). Nobody is
   susceptible, so the signal is the only way they move each other. Actor 3's red line is never
   met, which keeps the talks going. */
static void test_event_signal(void **state)
{
    (void)state;
    model_scenario *base = middle_ground(4);
    base->actors[1].listens[0] = 1;
    base->actors[1].listens[2] = 1;
    base->actors[2].listens[0] = 3;
    base->actors[3].listens[1] = 2;
    fx_redline(base, 3, never(base), "Never");
    fx_finish(base);
    model_scenario *scn = clone(base);
    model_event *ev = add_event(scn, "signal", "A commits", NULL);
    ev->at_round = 2;
    ev->signal_from = 0;
    ev->signal_strength = 0.4;
    round_options opts = {.seed = 5};
    round_transcript *b = transcript(), *t = transcript();
    run_ok(base, &opts, NULL, b);
    run_ok(scn, &opts, NULL, t);
    assert_true(b->record_count >= 3 && t->record_count >= 3);
    const double shift[4] = {0, 0.2, 0.4, 0};
    for (int i = 0; i < 4; i++) {
        assert_near(t->records[0].willingness[i], b->records[0].willingness[i], 1e-12);
        for (int k = 1; k < 3; k++)
            assert_near(t->records[k].willingness[i], b->records[k].willingness[i] + shift[i],
                        1e-12);
    }
    assert_true(has_message(&t->records[1], "Event: A commits"));
    done(b);
    done(t);
    drop(base);
    drop(scn);
}

static void test_event_impose(void **state)
{
    (void)state;
    /* 0 and 1 want the same; 2 never accepts (keeps the talks open). 1 has a dormant red line
       that no package meets, imposed at round 3. */
    model_scenario *scn = scenario(1, 3, 3);
    for (int i = 0; i < 3; i++)
        fx_ideal(scn, i, 0, 0, false);
    int dormant = fx_redline(scn, 1, never(scn), "Imposed by parliament");
    scn->actors[1].redlines[dormant].dormant = true;
    fx_redline(scn, 2, never(scn), "Never");
    scn->protocol.rounds = 6;
    model_event *ev = add_event(scn, "vote", "Parliament votes", NULL);
    ev->at_round = 3;
    ev->impose_count = 1;
    ev->impose[0] = (model_effect){.actor = 1, .index = dormant};
    fx_finish(scn);
    round_options opts = {.seed = 2};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(t->record_count, 6);
    for (int k = 0; k < t->record_count; k++) {
        const round_response *x = response_of(&t->records[k], 1);
        if (k < 2) {
            assert_int_equal(x->verdict, ROUND_ACCEPT);
        } else {
            assert_int_equal(x->verdict, ROUND_OBJECT);
            assert_int_equal(x->redline, dormant);
            assert_non_null(strstr(x->reason, "Imposed by parliament"));
        }
    }
    assert_false(scn->actors[1].redlines[dormant].dormant);
    assert_int_equal(t->outcome.kind, OUTCOME_BREAKDOWN);
    done(t);
    drop(scn);
}

static void test_event_lift(void **state)
{
    (void)state;
    model_scenario *scn = scenario(1, 3, 2);
    fx_ideal(scn, 0, 0, 0, false);
    fx_ideal(scn, 1, 0, 0, false);
    int blocked = fx_redline(scn, 1, never(scn), "Blocked by the cabinet");
    scn->protocol.rounds = 6;
    model_event *ev = add_event(scn, "cabinet", "Cabinet reshuffle", NULL);
    ev->at_round = 3;
    ev->lift_count = 1;
    ev->lift[0] = (model_effect){.actor = 1, .index = blocked};
    fx_finish(scn);
    round_options opts = {.seed = 2};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(response_of(&t->records[k], 1)->verdict, ROUND_OBJECT);
        assert_int_equal(response_of(&t->records[k], 1)->redline, blocked);
    }
    assert_int_equal(t->outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(t->outcome.rounds, 3);
    assert_int_equal(response_of(&t->records[2], 1)->verdict, ROUND_ACCEPT);
    assert_true(scn->actors[1].redlines[blocked].dormant);
    done(t);
    drop(scn);
}

/* Join: 2 is not a party at first and joins at round 2; 1 is blocked until round 3. */
static model_scenario *membership_scenario(bool join)
{
    model_scenario *scn = scenario(1, 3, 3);
    for (int i = 0; i < 3; i++)
        fx_ideal(scn, i, 0, 0, false);
    int blocked = fx_redline(scn, 1, never(scn), "Blocked");
    scn->rule.parties = fx_bit(0) | fx_bit(1);
    scn->protocol.rounds = 6;
    model_event *lift = add_event(scn, "lift", "Lift", NULL);
    lift->at_round = 3;
    lift->lift_count = 1;
    lift->lift[0] = (model_effect){.actor = 1, .index = blocked};
    if (join) {
        model_event *ev = add_event(scn, "join", "Actor 2 joins", NULL);
        ev->at_round = 2;
        ev->join = fx_bit(2);
    }
    fx_finish(scn);
    return scn;
}

static void test_event_join(void **state)
{
    (void)state;
    round_options opts = {.seed = 2};
    round_transcript *b = transcript(), *t = transcript();
    model_scenario *base = membership_scenario(false), *scn = membership_scenario(true);
    run_ok(base, &opts, NULL, b);
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(b->outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(b->outcome.signatories, fx_bit(0) | fx_bit(1));
    assert_int_equal(t->outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(t->outcome.rounds, 3);
    assert_int_equal(t->outcome.signatories, fx_bit(0) | fx_bit(1) | fx_bit(2));
    assert_int_equal(response_of(&t->records[0], 2)->verdict, ROUND_ABSENT);
    assert_string_equal(response_of(&t->records[0], 2)->reason, "not a party");
    assert_int_equal(response_of(&t->records[1], 2)->verdict, ROUND_ACCEPT);
    done(b);
    done(t);
    drop(base);
    drop(scn);
}

/* Leave: 2 never accepts and must sign; once it leaves at round 2, 0 and 1 agree alone. */
static void test_event_leave(void **state)
{
    (void)state;
    model_scenario *base = scenario(1, 3, 3);
    for (int i = 0; i < 3; i++)
        fx_ideal(base, i, 0, 0, false);
    fx_redline(base, 2, never(base), "Never");
    base->protocol.rounds = 6;
    fx_finish(base);
    assert_int_equal(base->rule.required, 7);
    model_scenario *scn = clone(base);
    model_event *ev = add_event(scn, "walkout", "Actor 2 leaves the talks", NULL);
    ev->at_round = 2;
    ev->leave = fx_bit(2);
    round_options opts = {.seed = 2};
    round_transcript *b = transcript(), *t = transcript();
    run_ok(base, &opts, NULL, b);
    run_ok(scn, &opts, NULL, t);
    assert_int_equal(b->outcome.kind, OUTCOME_BREAKDOWN);
    assert_int_equal(t->outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(t->outcome.rounds, 2);
    assert_int_equal(t->outcome.signatories, fx_bit(0) | fx_bit(1));
    assert_int_equal(response_of(&t->records[1], 2)->verdict, ROUND_ABSENT);
    assert_true(has_message(&t->records[1], "Event: Actor 2 leaves the talks"));
    done(b);
    done(t);
    drop(base);
    drop(scn);
}

static void test_inject(void **state)
{
    (void)state;
    model_scenario *scn = middle_ground(2);
    model_event *ev = add_event(scn, "break", "Facilitator", "Take a walk in the woods");
    ev->inject = true;
    ev->at_round = 1; /* ignored: an inject fires only when injected */
    ev->willingness_count = 1;
    ev->willingness[0] = (model_effect){.actor = 1, .value = 0.5};
    fx_finish(scn);
    round_options opts = {.seed = 9};
    ent_error err;
    ent_error_clear(&err);
    round_sim *sim = hold_sim(round_new(scn, &opts, NULL, &err));
    assert_non_null(sim);
    assert_int_equal(round_number(sim), 0);
    assert_null(round_offer(sim));
    assert_true(round_step(sim, &err));
    assert_int_equal(round_number(sim), 1);
    assert_int_equal(round_inject(sim, 7, &err), ENT_ERR_USAGE);
    ent_error_clear(&err);
    assert_int_equal(round_inject(sim, 0, &err), ENT_OK);
    round_step(sim, &err);
    assert_int_equal(err.status, ENT_OK);
    const round_transcript *t = round_transcript_of(sim);
    assert_true(t->record_count >= 2);
    assert_int_equal(t->records[0].message_count, 0);
    assert_int_equal(t->records[1].message_count, 1);
    assert_string_equal(t->records[1].messages[0],
                        "Inject: Facilitator - Take a walk in the woods");
    assert_near(t->records[1].willingness[1], 2.0 / 8 + 0.5, 1e-12);
    assert_near(t->records[1].willingness[0], 2.0 / 8, 1e-12);
    while (round_step(sim, &err))
        ;
    for (int k = 2; k < t->record_count; k++)
        assert_int_equal(t->records[k].message_count, 0);
    drop_sim(sim);

    /* Never injected: it never fires. */
    round_transcript *q = transcript();
    model_scenario *again = middle_ground(2);
    ev = add_event(again, "break", "Facilitator", NULL);
    ev->inject = true;
    ev->at_round = 1;
    fx_finish(again);
    run_ok(again, &opts, NULL, q);
    for (int k = 0; k < q->record_count; k++)
        assert_int_equal(q->records[k].message_count, 0);
    done(q);
    drop(again);
    drop(scn);
}

/* ---- walking away -------------------------------------------------------------------------- */

/* Actor 1's red line is never met; its deadline is round 2. */
static model_scenario *walker(bool required)
{
    model_scenario *scn = scenario(1, 3, 3);
    for (int i = 0; i < 3; i++)
        fx_ideal(scn, i, 0, 0, false);
    fx_redline(scn, 1, never(scn), "Not with these people");
    scn->actors[1].tactic.deadline = 2;
    scn->protocol.rounds = 10;
    scn->rule.required = fx_bit(0) | (required ? fx_bit(1) : fx_bit(2));
    fx_finish(scn);
    return scn;
}

static void test_walk_away(void **state)
{
    (void)state;
    model_scenario *scn = walker(true);
    round_options opts = {.seed = 4};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    /* Objections at rounds 2 and 3 (past its deadline), the third in a row at round 4. */
    assert_int_equal(t->record_count, 4);
    for (int k = 0; k < 3; k++)
        assert_int_equal(response_of(&t->records[k], 1)->verdict, ROUND_OBJECT);
    const round_response *x = response_of(&t->records[3], 1);
    assert_int_equal(x->verdict, ROUND_WALK);
    assert_true(strncmp(x->reason, "walks away", 10) == 0);
    assert_non_null(strstr(x->reason, "Not with these people"));
    assert_int_equal(t->outcome.kind, OUTCOME_BREAKDOWN);
    assert_int_equal(t->outcome.rounds, 4);
    assert_non_null(strstr(t->outcome.reason, "required walked away"));
    done(t);
    drop(scn);
}

static void test_walk_away_not_required(void **state)
{
    (void)state;
    model_scenario *scn = walker(false);
    round_options opts = {.seed = 4};
    round_transcript *t = transcript();
    run_ok(scn, &opts, NULL, t);
    assert_true(t->record_count > 4);
    assert_int_equal(response_of(&t->records[3], 1)->verdict, ROUND_WALK);
    for (int k = 4; k < t->record_count; k++) {
        assert_int_equal(response_of(&t->records[k], 1)->verdict, ROUND_ABSENT);
        assert_string_equal(response_of(&t->records[k], 1)->reason, "has walked away");
    }
    assert_int_equal(t->outcome.kind, OUTCOME_COALITION);
    assert_int_equal(t->outcome.signatories, fx_bit(0) | fx_bit(2));
    assert_non_null(strstr(t->outcome.reason, "it walked away"));
    done(t);
    drop(scn);
}

/* ---- determinism --------------------------------------------------------------------------- */

static void assert_same_transcript(const model_scenario *scn, const round_transcript *a,
                                   const round_transcript *b)
{
    int n = scn->actor_count;
    assert_int_equal(a->seed, b->seed);
    assert_int_equal(a->record_count, b->record_count);
    for (int k = 0; k < a->record_count; k++) {
        const round_record *x = &a->records[k], *y = &b->records[k];
        assert_int_equal(x->number, y->number);
        assert_int_equal(x->proposer, y->proposer);
        assert_memory_equal(x->offer.opt, y->offer.opt, (size_t)scn->issue_count);
        assert_int_equal(x->response_count, y->response_count);
        for (int j = 0; j < x->response_count; j++) {
            const round_response *p = &x->responses[j], *q = &y->responses[j];
            assert_int_equal(p->actor, q->actor);
            assert_int_equal(p->verdict, q->verdict);
            assert_int_equal(p->redline, q->redline);
            assert_int_equal(p->issue, q->issue);
            assert_true(p->utility == q->utility);
            assert_true(p->aspiration == q->aspiration);
            assert_string_equal(p->reason, q->reason);
        }
        assert_memory_equal(x->willingness, y->willingness, sizeof(double) * (size_t)n);
        assert_memory_equal(x->aspiration, y->aspiration, sizeof(double) * (size_t)n);
        assert_int_equal(x->message_count, y->message_count);
        for (int m = 0; m < x->message_count; m++)
            assert_string_equal(x->messages[m], y->messages[m]);
    }
    const round_outcome *o = &a->outcome, *p = &b->outcome;
    assert_int_equal(o->kind, p->kind);
    assert_int_equal(o->has_package, p->has_package);
    if (o->has_package)
        assert_memory_equal(o->package.opt, p->package.opt, (size_t)scn->issue_count);
    assert_int_equal(o->signatories, p->signatories);
    assert_int_equal(o->rounds, p->rounds);
    assert_string_equal(o->reason, p->reason);
}

/* Something with everything: a random scenario with influence, a signal, a willingness shock
   and a message-bearing event. */
static model_scenario *busy_scenario(uint64_t seed, model_protocol_kind kind)
{
    rng_state r;
    rng_seed_stream(&r, seed, 2);
    fx_random_params params = {.min_issues = 3, .max_issues = 3, .min_options = 3,
                               .max_options = 4, .min_actors = 4, .max_actors = 4,
                               .max_redlines = 1, .rule_features = true};
    model_scenario *scn = hold(fx_random(&r, &params));
    for (int i = 0; i < 4; i++) {
        scn->actors[i].tactic.beta = 0.5 + i;
        scn->actors[i].tactic.susceptibility = 0.3;
        for (int j = 0; j < 4; j++)
            scn->actors[i].listens[j] = (double)((i + j) % 3);
    }
    scn->protocol.kind = kind;
    scn->protocol.rounds = 12;
    model_event *ev = add_event(scn, "sig", "Signal", "A commitment");
    ev->at_round = 2;
    ev->signal_from = 1;
    ev->signal_strength = 0.3;
    ev = add_event(scn, "shock", "Shock", "Markets fall");
    ev->at_round = 4;
    ev->willingness_count = 2;
    ev->willingness[0] = (model_effect){.actor = 0, .value = 0.2};
    ev->willingness[1] = (model_effect){.actor = 3, .value = -0.1};
    return scn;
}

static void test_determinism(void **state)
{
    (void)state;
    for (uint64_t s = 1; s <= 6; s++) {
        model_scenario *scn = busy_scenario(s, s % 2 ? PROTOCOL_MEDIATOR : PROTOCOL_ALTERNATING);
        model_scenario *one = clone(scn), *two = clone(scn);
        round_options opts = {.seed = 99 + s, .explain = true};
        round_transcript *a = transcript(), *b = transcript();
        run_ok(one, &opts, NULL, a);
        run_ok(two, &opts, NULL, b);
        assert_int_equal(a->seed, 99 + s);
        assert_same_transcript(scn, a, b);
        done(a);
        done(b);
        drop(one);
        drop(two);
        drop(scn);
    }
}

static void test_step_equals_run(void **state)
{
    (void)state;
    for (uint64_t s = 1; s <= 6; s++) {
        model_scenario *scn = busy_scenario(s, s % 2 ? PROTOCOL_ALTERNATING : PROTOCOL_MEDIATOR);
        model_scenario *one = clone(scn), *two = clone(scn);
        round_options opts = {.seed = 5};
        round_transcript *a = transcript();
        run_ok(one, &opts, NULL, a);
        ent_error err;
        ent_error_clear(&err);
        round_sim *sim = hold_sim(round_new(two, &opts, NULL, &err));
        assert_non_null(sim);
        int steps = 0;
        while (round_step(sim, &err)) {
            steps++;
            assert_int_equal(round_number(sim), steps);
            assert_false(round_finished(sim));
        }
        assert_int_equal(err.status, ENT_OK);
        assert_true(round_finished(sim));
        assert_false(round_step(sim, &err)); /* stays finished */
        assert_int_equal(steps + 1, a->record_count);
        assert_same_transcript(scn, a, round_transcript_of(sim));
        drop_sim(sim);
        done(a);
        drop(one);
        drop(two);
        drop(scn);
    }
}

/* ---- hooks --------------------------------------------------------------------------------- */

typedef struct {
    int on_round_calls, seen[64];
    int fail_at;               /* on_round fails at this round (0 = never) */
    int strategy_calls;
    bool accept;               /* the strategy accepts whatever it is offered */
    int apply_calls, applied_event;
} hook_log;

static ent_status log_round(void *ctx, round_sim *sim, ent_error *err)
{
    hook_log *h = ctx;
    int n = round_number(sim);
    if (h->on_round_calls < 64)
        h->seen[h->on_round_calls] = n;
    h->on_round_calls++;
    if (h->fail_at && n == h->fail_at)
        return ent_fail(err, ENT_ERR_SCENARIO, "scenario.lua:42: on_round: %s", "boom");
    return ENT_OK;
}

static ent_status scripted(void *ctx, round_sim *sim, int actor, round_response *resp,
                           model_package *counter, ent_error *err)
{
    (void)sim;
    (void)actor;
    (void)counter;
    (void)err;
    hook_log *h = ctx;
    h->strategy_calls++;
    if (h->accept) {
        resp->verdict = ROUND_ACCEPT;
        snprintf(resp->reason, sizeof resp->reason, "scripted yes");
    }
    return ENT_OK;
}

static ent_status apply(void *ctx, round_sim *sim, int event, ent_error *err)
{
    hook_log *h = ctx;
    h->apply_calls++;
    h->applied_event = event;
    round_add_willingness(sim, 1, 0.25);
    return round_message(sim, "applied by the script", err);
}

static void test_hook_on_round(void **state)
{
    (void)state;
    model_scenario *scn = middle_ground(2);
    fx_finish(scn);
    hook_log h = {0};
    round_hooks hooks = {.ctx = &h, .on_round = log_round};
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, &hooks, t);
    assert_int_equal(t->outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(h.on_round_calls, t->record_count);
    assert_int_equal(h.on_round_calls, 4);
    for (int k = 0; k < h.on_round_calls; k++)
        assert_int_equal(h.seen[k], k + 1);
    done(t);
    drop(scn);
}

static void test_hook_strategy_overrides(void **state)
{
    (void)state;
    /* Actor 1's red line is never met; its script says yes anyway. */
    model_scenario *scn = scenario(1, 3, 2);
    fx_ideal(scn, 0, 0, 0, false);
    fx_ideal(scn, 1, 0, 0, false);
    fx_redline(scn, 1, never(scn), "Never");
    scn->actors[1].strategy_ref = 1;
    scn->protocol.rounds = 5;
    fx_finish(scn);
    model_scenario *plain = clone(scn);
    hook_log h = {.accept = true};
    round_hooks hooks = {.ctx = &h, .strategy = scripted};
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, &hooks, t);
    assert_int_equal(h.strategy_calls, 1); /* only the scripted actor, once */
    assert_int_equal(t->outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(t->outcome.rounds, 1);
    assert_int_equal(response_of(&t->records[0], 1)->verdict, ROUND_ACCEPT);
    assert_string_equal(response_of(&t->records[0], 1)->reason, "scripted yes");
    done(t);

    /* A strategy that leaves the verdict ROUND_ABSENT falls back to the built-in answer. */
    hook_log quiet = {.accept = false};
    hooks.ctx = &quiet;
    run_ok(plain, &opts, &hooks, t);
    assert_int_equal(quiet.strategy_calls, t->record_count);
    assert_int_equal(response_of(&t->records[0], 1)->verdict, ROUND_OBJECT);
    assert_int_equal(t->outcome.kind, OUTCOME_BREAKDOWN);
    done(t);
    drop(plain);
    drop(scn);
}

static void test_hook_error_stops_run(void **state)
{
    (void)state;
    model_scenario *scn = middle_ground(2);
    scn->protocol.rounds = 10;
    fx_finish(scn);
    hook_log h = {.fail_at = 2};
    round_hooks hooks = {.ctx = &h, .on_round = log_round};
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    ent_error err;
    ent_error_clear(&err);
    assert_int_equal(round_simulate(scn, &opts, &hooks, t, &err), ENT_ERR_SCENARIO);
    assert_int_equal(err.status, ENT_ERR_SCENARIO);
    assert_string_equal(err.message, "scenario.lua:42: on_round: boom");
    assert_int_equal(h.on_round_calls, 2);
    assert_int_equal(t->record_count, 0);
    assert_null(t->records);

    /* Driven by round_step: it stops, and stays stopped. */
    hook_log again = {.fail_at = 3};
    hooks.ctx = &again;
    ent_error_clear(&err);
    round_sim *sim = hold_sim(round_new(scn, &opts, &hooks, &err));
    assert_non_null(sim);
    assert_true(round_step(sim, &err));
    assert_true(round_step(sim, &err));
    assert_false(round_step(sim, &err));
    assert_int_equal(err.status, ENT_ERR_SCENARIO);
    assert_false(round_step(sim, &err));
    assert_int_equal(again.on_round_calls, 3);
    assert_int_equal(round_transcript_of(sim)->record_count, 2);
    drop_sim(sim);
    drop(scn);
}

static void test_hook_event_apply(void **state)
{
    (void)state;
    model_scenario *scn = middle_ground(2);
    model_event *ev = add_event(scn, "scripted", "Scripted event", NULL);
    ev->at_round = 2;
    ev->apply_ref = 1;
    fx_finish(scn);
    hook_log h = {0};
    round_hooks hooks = {.ctx = &h, .event_apply = apply};
    round_options opts = {.seed = 1};
    round_transcript *t = transcript();
    run_ok(scn, &opts, &hooks, t);
    assert_int_equal(h.apply_calls, 1);
    assert_int_equal(h.applied_event, 0);
    assert_int_equal(t->records[1].message_count, 2);
    assert_string_equal(t->records[1].messages[0], "Event: Scripted event");
    assert_string_equal(t->records[1].messages[1], "applied by the script");
    assert_near(t->records[1].willingness[1], 2.0 / 8 + 0.25, 1e-12);
    done(t);
    drop(scn);
}

/* ---- main ---------------------------------------------------------------------------------- */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_tactic_endpoints, release),
        cmocka_unit_test_teardown(test_tactic_boulware_and_conceder, release),
        cmocka_unit_test_teardown(test_tactic_monotone, release),
        cmocka_unit_test_teardown(test_tactic_exact_values, release),
        cmocka_unit_test_teardown(test_influence_no_listens, release),
        cmocka_unit_test_teardown(test_influence_weighted, release),
        cmocka_unit_test_teardown(test_influence_degroot_consensus, release),
        cmocka_unit_test_teardown(test_rubinstein_closed_form, release),
        cmocka_unit_test_teardown(test_rubinstein_engine_long_horizon, release),
        cmocka_unit_test_teardown(test_rubinstein_engine_second_mover, release),
        cmocka_unit_test_teardown(test_rubinstein_engine_patient_grid, release),
        cmocka_unit_test_teardown(test_rubinstein_engine_finite_horizon, release),
        cmocka_unit_test_teardown(test_mediator_agreement, release),
        cmocka_unit_test_teardown(test_breakdown_names_red_lines, release),
        cmocka_unit_test_teardown(test_coalition_of_the_willing, release),
        cmocka_unit_test_teardown(test_coalition_withdraws_contributions, release),
        cmocka_unit_test_teardown(test_alternating_rotation, release),
        cmocka_unit_test_teardown(test_proposer_never_signs_across_its_red_line, release),
        cmocka_unit_test_teardown(test_mediating_actor_never_signs_across_its_red_line, release),
        cmocka_unit_test_teardown(test_stale_coalition, release),
        cmocka_unit_test_teardown(test_counter_offer_does_not_bind_earlier_answers, release),
        cmocka_unit_test_teardown(test_recorded_state_in_range, release),
        cmocka_unit_test_teardown(test_event_willingness, release),
        cmocka_unit_test_teardown(test_event_signal, release),
        cmocka_unit_test_teardown(test_event_impose, release),
        cmocka_unit_test_teardown(test_event_lift, release),
        cmocka_unit_test_teardown(test_event_join, release),
        cmocka_unit_test_teardown(test_event_leave, release),
        cmocka_unit_test_teardown(test_inject, release),
        cmocka_unit_test_teardown(test_walk_away, release),
        cmocka_unit_test_teardown(test_walk_away_not_required, release),
        cmocka_unit_test_teardown(test_determinism, release),
        cmocka_unit_test_teardown(test_step_equals_run, release),
        cmocka_unit_test_teardown(test_hook_on_round, release),
        cmocka_unit_test_teardown(test_hook_strategy_overrides, release),
        cmocka_unit_test_teardown(test_hook_error_stops_run, release),
        cmocka_unit_test_teardown(test_hook_event_apply, release),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
