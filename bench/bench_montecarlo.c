/* bench_montecarlo.c: Monte Carlo figures: median time of 10,000 runs on 1 and 2 threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lx_scenario.h"
#include "montecarlo.h"
#include "synth.h"

#define RUNS 10000
#define REPEATS 5

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void add(model_scenario *scn, const char *id, model_uncertain_target target, int actor,
                int other, model_dist_kind dist, double a, double b, double c, double lo,
                double hi)
{
    model_uncertain *u = &scn->uncertain[scn->uncertain_count++];
    memset(u, 0, sizeof *u);
    snprintf(u->id, sizeof u->id, "%s", id);
    u->target = target;
    u->actor = actor;
    u->other = other;
    u->dist = dist;
    u->a = a;
    u->b = b;
    u->c = c;
    u->lo = lo;
    u->hi = hi;
}

/* A synthetic scenario of the default one's size class (10 actors, 12 issues, 3 options) with
   a few uncertain parameters added in C: a second, Lua-free point of comparison. */
static model_scenario *synthetic(void)
{
    synth_params sp = {.issues = 12, .options = 3, .actors = 10, .seed = 2025};
    model_scenario *scn = synth_make(&sp);
    if (!scn) {
        fprintf(stderr, "synth_make failed\n");
        exit(1);
    }
    for (int i = 0; i < scn->actor_count; i++) {
        scn->actors[i].tactic.beta = 1;
        scn->actors[i].tactic.deadline = 0;
        scn->actors[i].tactic.susceptibility = 0;
        scn->actors[i].reservation = 0.4; /* synth's 0.55 leaves no deal at all */
    }
    scn->actors[4].tactic.susceptibility = 0.3;
    scn->actors[4].listens[0] = 1;
    scn->protocol.rounds = 20;
    add(scn, "a00_reservation", UNCERTAIN_RESERVATION, 0, 0, DIST_UNIFORM, 0.35, 0.6, 0, 0, 1);
    add(scn, "a01_reservation", UNCERTAIN_RESERVATION, 1, 0, DIST_UNIFORM, 0.4, 0.65, 0, 0, 1);
    add(scn, "a01_beta", UNCERTAIN_BETA, 1, 0, DIST_TRIANGULAR, 0.3, 3, 1, 0.01, 100);
    add(scn, "a02_salience", UNCERTAIN_SALIENCE, 2, 0, DIST_NORMAL, 0.1, 0.03, 0, 0, 1e9);
    add(scn, "a04_listens", UNCERTAIN_LISTENS, 4, 1, DIST_UNIFORM, 0, 1, 0, 0, 1e6);
    add(scn, "a05_kappa", UNCERTAIN_KAPPA, 5, 0, DIST_UNIFORM, 0, 0.3, 0, 0, 1);
    model_uncertain *d = &scn->uncertain[scn->uncertain_count];
    add(scn, "a03_deadline", UNCERTAIN_DEADLINE, 3, 0, DIST_CHOICE, 0, 0, 0, 1, 10000);
    d->choice_count = 3;
    d->choices[0] = 10, d->choices[1] = 15, d->choices[2] = 20;
    d->weights[0] = 1, d->weights[1] = 2, d->weights[2] = 1;
    return scn;
}

static double time_runs(const model_scenario *scn, int threads, mc_result *keep)
{
    double t[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        mc_result res;
        ent_error err;
        mc_options o = {.runs = RUNS, .threads = threads, .seed = 42};
        double t0 = now();
        if (mc_run(scn, &o, &res, &err) != ENT_OK) {
            fprintf(stderr, "mc_run: %s\n", err.message);
            exit(1);
        }
        t[r] = now() - t0;
        if (keep && r == 0)
            *keep = res;
        else
            mc_result_free(&res);
    }
    return median(t, REPEATS);
}

static void report(const char *what, const model_scenario *scn)
{
    mc_result res;
    double one = time_runs(scn, 1, &res);
    double two = time_runs(scn, 2, NULL);
    printf("%s, %d uncertain parameters: agreement %.1f%%, coalition %.1f%%, breakdown %.1f%%, "
           "%.1f rounds on average; top of the tornado: %s (swing %.2f)\n",
           what, scn->uncertain_count, 100 * res.outcome_probability[OUTCOME_AGREEMENT],
           100 * res.outcome_probability[OUTCOME_COALITION],
           100 * res.outcome_probability[OUTCOME_BREAKDOWN], res.mean_rounds,
           scn->uncertain[res.tornado[0].uncertain].id, res.tornado[0].swing);
    printf("  %d runs, 1 thread:  %.3f s (%.0f us per run)\n", RUNS, one, one / RUNS * 1e6);
    printf("  %d runs, 2 threads: %.3f s (%.0f us per run; target < 2 s)\n", RUNS, two,
           two / RUNS * 1e6);
    printf("  speed-up 1 -> 2 threads: %.2fx\n", one / two);
    mc_result_free(&res);
}

int main(void)
{
    printf("entente Monte Carlo benchmark (this machine is shared: medians of %d, not best "
           "runs)\n", REPEATS);
    ent_error err;
    model_scenario *ukraine;
    if (lx_scenario_load(ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua", NULL,
                         NULL, &ukraine, &err) != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    report("default scenario (Ukraine, baseline)", ukraine);
    model_free(ukraine);
    model_scenario *scn = synthetic();
    report("synthetic 10 actors x 12 issues x 3 options", scn);
    model_free(scn);
    return 0;
}
