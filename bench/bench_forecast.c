/* bench_forecast.c: forecasting figures: the expected utility model on a synthetic 30-actor
   issue for 50 rounds, and 10,000 Monte Carlo forecasts of the BDM 1994 emission case on 1 and
   2 threads (target: under 0.5 s on 2). Medians of several repeats. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "forecast.h"
#include "table.h"

#define REPEATS 5
#define MC_RUNS 10000
#define EU_FORECASTS 200

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

static void thirty_actors(void)
{
    enum { N = 30 };
    double x[N], s[N], c[N];
    rng_state g;
    rng_seed(&g, 2025);
    for (int i = 0; i < N; i++) {
        x[i] = 100 * rng_uniform(&g);
        s[i] = 0.1 + 0.9 * rng_uniform(&g);
        c[i] = 0.2 + rng_uniform(&g);
    }
    forecast_input in = {.n = N, .position = x, .salience = s, .capability = c};
    forecast_eu_options o = forecast_eu_defaults();
    o.rounds = 50;
    o.tolerance = 0; /* all 50 rounds, however still the positions */
    forecast_work *w = forecast_work_new(N);
    if (!w)
        exit(1);
    forecast_eu_summary sum = {0};
    double t[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        double t0 = now();
        for (int k = 0; k < EU_FORECASTS; k++)
            forecast_eu_quick(&in, &o, w, &sum);
        t[r] = (now() - t0) / EU_FORECASTS;
    }
    double one = median(t, REPEATS);
    printf("expected utility model, synthetic 30-actor issue, %d rounds played: median %.2f, "
           "mean %.2f, spread %.2f\n", sum.rounds, sum.median, sum.mean, sum.spread);
    printf("  %.3f ms per forecast (%.1f us per round); median of %d repeats of %d forecasts\n",
           one * 1e3, one / sum.rounds * 1e6, REPEATS, EU_FORECASTS);
    /* the same with the full log (every round's positions and every challenge) */
    o.log = true;
    for (int r = 0; r < REPEATS; r++) {
        forecast_eu_result res;
        double t0 = now();
        if (forecast_eu(&in, &o, &res, NULL) != ENT_OK)
            exit(1);
        t[r] = now() - t0;
        if (r == 0)
            printf("  with the log: %d challenges kept", res.challenge_count);
        forecast_eu_result_free(&res);
    }
    printf(", %.3f ms per forecast\n", median(t, REPEATS) * 1e3);
    forecast_work_free(w);
}

static double time_mc(const forecast_input *in, int threads, forecast_mc_result *keep)
{
    double t[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        forecast_mc_options o = {.runs = MC_RUNS, .threads = threads, .seed = 1,
                                 .eu = forecast_eu_defaults()};
        forecast_mc_result res;
        ent_error err;
        double t0 = now();
        if (forecast_mc(in, &o, &res, &err) != ENT_OK) {
            fprintf(stderr, "forecast_mc: %s\n", err.message);
            exit(1);
        }
        t[r] = now() - t0;
        if (keep && r == 0)
            *keep = res;
        else
            forecast_mc_result_free(&res);
    }
    return median(t, REPEATS);
}

static void emission_montecarlo(void)
{
    table_issue tab;
    ent_error err;
    const char *path = ENTENTE_SOURCE_DIR "/tests/fixtures/forecast/emission_standards.csv";
    if (table_load(path, &tab, &err) != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        exit(1);
    }
    forecast_input in = table_input(&tab);
    forecast_mc_result res;
    double one = time_mc(&in, 1, &res);
    double two = time_mc(&in, 2, NULL);
    const forecast_stats *eu = &res.stats[FORECAST_MC_EU_MEDIAN];
    printf("Monte Carlo, emission case (10 actors), default perturbation, all three models:\n");
    printf("  EU median: mean %.3f, sd %.3f, 5%% %.3f, 95%% %.3f; converged in %d of %d runs\n",
           eu->mean, eu->sd, eu->p5, eu->p95, res.converged, res.runs);
    printf("  %d forecasts, 1 thread:  %.3f s (%.1f us per forecast)\n", MC_RUNS, one,
           one / MC_RUNS * 1e6);
    printf("  %d forecasts, 2 threads: %.3f s (%.1f us per forecast; target < 0.5 s)\n", MC_RUNS,
           two, two / MC_RUNS * 1e6);
    printf("  speed-up 1 -> 2 threads: %.2fx\n", one / two);
    forecast_mc_result_free(&res);
    table_free(&tab);
}

int main(void)
{
    printf("entente forecasting benchmark (this machine is shared: medians of %d, not best "
           "runs)\n", REPEATS);
    thirty_actors();
    emission_montecarlo();
    return 0;
}
