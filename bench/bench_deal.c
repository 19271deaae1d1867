/* bench_deal.c: deal-space analysis figures: default scenario, enumeration rate, search scaling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deal.h"
#include "explain.h"
#include "lx_scenario.h"
#include "search.h"
#include "synth.h"

#define REPEATS 7

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

static void bench_default(void)
{
    const char *path = ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua";
    const char *variants[] = {"baseline", "russia_veto"};
    for (int v = 0; v < 2; v++) {
        double load[REPEATS], analyse[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            ent_error err;
            model_scenario *scn;
            double t0 = now();
            if (lx_scenario_load(path, variants[v], NULL, &scn, &err) != ENT_OK) {
                fprintf(stderr, "%s\n", err.message);
                exit(1);
            }
            double t1 = now();
            deal_analysis a;
            if (deal_analyze(scn, NULL, &a, &err) != ENT_OK) {
                fprintf(stderr, "%s\n", err.message);
                exit(1);
            }
            double t2 = now();
            load[r] = (t1 - t0) * 1e3;
            analyse[r] = (t2 - t1) * 1e3;
            deal_analysis_free(&a);
            model_free(scn);
        }
        printf("default scenario %-12s load %6.1f ms   analysis %6.1f ms (median of %d; "
               "target < 50 ms)\n",
               variants[v], median(load, REPEATS), median(analyse, REPEATS), REPEATS);
    }
}

static void bench_enumeration(void)
{
    ent_error err;
    model_scenario *scn;
    if (lx_scenario_load(ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua", NULL,
                         NULL, &scn, &err) != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        exit(1);
    }
    double rate[REPEATS];
    volatile double sink = 0;
    for (int r = 0; r < REPEATS; r++) {
        model_package p;
        memset(&p, 0, sizeof p);
        double evals = 0, t0 = now();
        for (;;) {
            for (int i = 0; i < scn->actor_count; i++)
                sink += model_utility(scn, i, &p);
            evals += scn->actor_count;
            int k = scn->issue_count - 1;
            for (; k >= 0; k--) {
                if (++p.opt[k] < scn->issues[k].option_count)
                    break;
                p.opt[k] = 0;
            }
            if (k < 0)
                break;
        }
        rate[r] = evals / (now() - t0);
    }
    printf("utility evaluations, exhaustive enumeration: %.1f million per second (median)\n",
           median(rate, REPEATS) / 1e6);
    model_free(scn);
}

static void bench_search(void)
{
    int issues[] = {7, 10, 15, 20};
    for (int c = 0; c < 2; c++)
        for (int t = 0; t < 4; t++) {
            synth_params sp = {.issues = issues[t], .options = 4, .actors = 30, .seed = 42,
                               .conflict = c == 1};
            model_scenario *scn = synth_make(&sp);
            double times[5];
            search_result res = {0};
            explain_conflicts ex = {0};
            int reps = issues[t] >= 20 ? 3 : 5;
            for (int r = 0; r < reps; r++) {
                ent_error err;
                double t0 = now();
                search_request req = {.scn = scn, .mode = SEARCH_NASH};
                search_run(&req, &res, &err);
                if (!res.found) {
                    explain_conflicts_free(&ex);
                    explain_find_conflicts(scn, 32, 5000000, &ex, &err);
                }
                times[r] = now() - t0;
            }
            printf("synthetic %2d issues x 4 options (%.2g packages), 30 actors, %s: %s in "
                   "%.3f s (median of %d; %llu nodes)%s\n",
                   issues[t], model_package_count(scn), c ? "conflict" : "deal exists",
                   res.found ? "Nash package" : "no deal + blockers", median(times, reps), reps,
                   (unsigned long long)res.nodes,
                   res.found ? "" : (ex.count ? "" : " [no blocker found]"));
            explain_conflicts_free(&ex);
            model_free(scn);
        }
}

int main(void)
{
    printf("entente deal-space benchmarks (this machine is shared: medians, not best runs)\n");
    bench_default();
    bench_enumeration();
    bench_search();
    return 0;
}
