/* bench_rounds.c: how fast the default scenario negotiates: rounds per second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lx_scenario.h"
#include "round.h"

#define REPEATS 7
#define RUNS 200

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

int main(void)
{
    const char *variants[] = {"baseline", "russia_veto"};
    printf("entente round engine (medians of %d repeats of %d runs)\n", REPEATS, RUNS);
    for (int v = 0; v < 2; v++) {
        ent_error err;
        model_scenario *base;
        if (lx_scenario_load(ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua",
                             variants[v], NULL, &base, &err) != ENT_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        double rate[REPEATS], per_run[REPEATS];
        for (int rep = 0; rep < REPEATS; rep++) {
            long rounds = 0;
            double t0 = now();
            for (int r = 0; r < RUNS; r++) {
                model_scenario *scn = model_clone(base);
                round_transcript t;
                if (!scn || round_simulate(scn, &(round_options){.seed = (uint64_t)r}, NULL, &t,
                                           &err) != ENT_OK) {
                    fprintf(stderr, "run failed: %s\n", err.message);
                    return 1;
                }
                rounds += t.outcome.rounds;
                round_transcript_free(&t);
                model_free(scn);
            }
            double dt = now() - t0;
            rate[rep] = rounds / dt;
            per_run[rep] = dt / RUNS * 1e3;
        }
        qsort(rate, REPEATS, sizeof rate[0], cmp_double);
        qsort(per_run, REPEATS, sizeof per_run[0], cmp_double);
        printf("default scenario %-12s %8.0f rounds per second   %.3f ms per run (with a model "
               "copy)\n", variants[v], rate[REPEATS / 2], per_run[REPEATS / 2]);
        model_free(base);
    }
    return 0;
}
