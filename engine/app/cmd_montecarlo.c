/* cmd_montecarlo.c: `entente montecarlo`: many runs with the uncertain parameters drawn anew,
   and what the odds of each outcome, signatory and package are. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "cli.h"
#include "lx_scenario.h"
#include "montecarlo.h"

typedef struct {
    const char *file, *variant, *json;
    int runs, threads, rounds;
    bool has_seed;
    uint64_t seed;
} mc_args;

/* Each worker thread gets its own sandbox: script callbacks cannot share a Lua state. */
typedef struct {
    const char *file, *variant;
    lx_session *sessions[MC_MAX_THREADS];
} worker_ctx;

static ent_status make_worker(void *ctx, int worker, model_scenario **scn, round_hooks *hooks,
                              ent_error *err)
{
    worker_ctx *w = ctx;
    ent_status st = lx_session_open(w->file, w->variant, NULL, &w->sessions[worker], err);
    if (st != ENT_OK)
        return st;
    *scn = lx_session_model(w->sessions[worker]);
    *hooks = lx_session_hooks(w->sessions[worker]);
    return ENT_OK;
}

static void destroy_worker(void *ctx, int worker, model_scenario *scn, round_hooks *hooks)
{
    (void)scn;
    (void)hooks;
    worker_ctx *w = ctx;
    lx_session_close(w->sessions[worker]);
    w->sessions[worker] = NULL;
}

static ent_status begin_run(void *ctx, int worker, int run, uint64_t seed, ent_error *err)
{
    (void)run;
    (void)err;
    worker_ctx *w = ctx;
    lx_session_begin_run(w->sessions[worker], seed);
    return ENT_OK;
}

/* A bar on standard error, only when someone watches it. */
static void progress_bar(void *ctx, int done, int total)
{
    int *last = ctx;
    int percent = total ? (int)((long long)done * 100 / total) : 100;
    if (percent == *last)
        return;
    *last = percent;
    char bar[41];
    int filled = percent * 40 / 100;
    for (int i = 0; i < 40; i++)
        bar[i] = i < filled ? '=' : ' ';
    bar[40] = '\0';
    fprintf(stderr, "\r[%s] %3d%% %d/%d runs", bar, percent, done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "entente: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\nTry 'entente --help'.\n");
    return CLI_EXIT_USAGE;
}

static bool whole(const char *text, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (*end || end == text || !(v >= lo && v <= hi) || v != floor(v))
        return false;
    *out = v;
    return true;
}

static int parse(int argc, char **argv, mc_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i];
        bool takes = strcmp(opt, "--runs") == 0 || strcmp(opt, "--threads") == 0 ||
                     strcmp(opt, "--seed") == 0 || strcmp(opt, "--json") == 0 ||
                     strcmp(opt, "--variant") == 0 || strcmp(opt, "--rounds") == 0;
        if (takes && i + 1 >= argc)
            return usage("%s needs a value", opt);
        const char *val = takes ? argv[++i] : NULL;
        double n;
        if (strcmp(opt, "--runs") == 0) {
            if (!whole(val, 1, MC_MAX_RUNS, &n))
                return usage("--runs needs a whole number from 1 to 1000000 (got '%s')", val);
            a->runs = (int)n;
        } else if (strcmp(opt, "--threads") == 0) {
            if (!whole(val, 1, MC_MAX_THREADS, &n))
                return usage("--threads needs a whole number from 1 to 64 (got '%s')", val);
            a->threads = (int)n;
        } else if (strcmp(opt, "--rounds") == 0) {
            if (!whole(val, 1, 1000, &n))
                return usage("--rounds needs a whole number from 1 to 1000 (got '%s')", val);
            a->rounds = (int)n;
        } else if (strcmp(opt, "--seed") == 0) {
            if (!whole(val, 0, 9007199254740991.0, &n))
                return usage("--seed needs a whole number from 0 to 2^53 - 1 (got '%s')", val);
            a->seed = (uint64_t)n;
            a->has_seed = true;
        } else if (strcmp(opt, "--json") == 0) {
            a->json = val;
        } else if (strcmp(opt, "--variant") == 0) {
            a->variant = val;
        } else if (opt[0] == '-' && opt[1]) {
            return usage("montecarlo: unknown option '%s'", opt);
        } else if (!a->file) {
            a->file = opt;
        } else {
            return usage("montecarlo: one scenario at a time (extra argument '%s')", opt);
        }
    }
    if (!a->file)
        return usage("%s", "montecarlo needs a scenario file");
    if (!a->runs)
        return usage("%s", "montecarlo needs --runs N");
    return CLI_EXIT_OK;
}

static double stable(double v)
{
    return round(v * 1e6) / 1e6;
}

static cJSON *package_json(const model_scenario *scn, const model_package *p)
{
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; k < scn->issue_count; k++)
        cJSON_AddStringToObject(o, scn->issues[k].id, scn->issues[k].options[p->opt[k]].id);
    return o;
}

static const char *target_name(const model_scenario *scn, const model_uncertain *u, char *buf,
                               size_t size)
{
    static const char *const fields[] = {"reservation", "capability", "salience", "beta",
                                         "deadline", "susceptibility", "kappa", "listens"};
    const char *field = fields[u->target];
    if (u->target == UNCERTAIN_SALIENCE)
        snprintf(buf, size, "%s.%s.%s", scn->actors[u->actor].id, field, scn->issues[u->other].id);
    else if (u->target == UNCERTAIN_LISTENS)
        snprintf(buf, size, "%s.%s.%s", scn->actors[u->actor].id, field, scn->actors[u->other].id);
    else
        snprintf(buf, size, "%s.%s", scn->actors[u->actor].id, field);
    return buf;
}

static char *result_json(const model_scenario *scn, const mc_args *a, uint64_t seed,
                         const mc_result *r)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "scenario", scn->id);
    cJSON_AddStringToObject(root, "variant", a->variant ? a->variant : "baseline");
    cJSON_AddNumberToObject(root, "seed", (double)seed);
    cJSON_AddNumberToObject(root, "runs", r->runs);
    cJSON *outcomes = cJSON_AddObjectToObject(root, "outcomes");
    cJSON *counts = cJSON_AddObjectToObject(root, "outcome_counts");
    for (int k = 0; k < MC_OUTCOME_KINDS; k++) {
        cJSON_AddNumberToObject(outcomes, round_outcome_name((round_outcome_kind)k),
                                stable(r->outcome_probability[k]));
        cJSON_AddNumberToObject(counts, round_outcome_name((round_outcome_kind)k),
                                r->outcome_count[k]);
    }
    cJSON_AddNumberToObject(root, "deal_probability", stable(r->deal_probability));
    cJSON_AddNumberToObject(root, "mean_rounds", stable(r->mean_rounds));
    cJSON *sig = cJSON_AddObjectToObject(root, "signatories");
    for (int i = 0; i < scn->actor_count; i++)
        cJSON_AddNumberToObject(sig, scn->actors[i].id, stable(r->signatory_probability[i]));
    cJSON *top = cJSON_AddArrayToObject(root, "top_packages");
    for (int p = 0; p < r->package_count; p++) {
        cJSON *one = cJSON_CreateObject();
        cJSON_AddItemToObject(one, "package", package_json(scn, &r->packages[p].package));
        cJSON_AddStringToObject(one, "outcome", round_outcome_name(r->packages[p].kind));
        cJSON_AddNumberToObject(one, "runs", r->packages[p].count);
        cJSON_AddNumberToObject(one, "frequency", stable(r->packages[p].frequency));
        cJSON_AddItemToArray(top, one);
    }
    cJSON *tornado = cJSON_AddArrayToObject(root, "tornado");
    for (int t = 0; t < r->uncertain_count; t++) {
        const mc_tornado *tt = &r->tornado[t];
        const model_uncertain *u = &scn->uncertain[tt->uncertain];
        char target[160];
        cJSON *one = cJSON_CreateObject();
        cJSON_AddStringToObject(one, "id", u->id);
        cJSON_AddStringToObject(one, "target", target_name(scn, u, target, sizeof target));
        cJSON_AddNumberToObject(one, "swing", stable(tt->swing));
        cJSON_AddNumberToObject(one, "median", stable(tt->median));
        cJSON *low = cJSON_AddObjectToObject(one, "low");
        cJSON_AddNumberToObject(low, "runs", tt->low_count);
        cJSON_AddNumberToObject(low, "mean_value", stable(tt->low_value));
        cJSON_AddNumberToObject(low, "deal_probability", stable(tt->low_deal));
        cJSON *high = cJSON_AddObjectToObject(one, "high");
        cJSON_AddNumberToObject(high, "runs", tt->high_count);
        cJSON_AddNumberToObject(high, "mean_value", stable(tt->high_value));
        cJSON_AddNumberToObject(high, "deal_probability", stable(tt->high_deal));
        cJSON_AddItemToArray(tornado, one);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

static void print_result(FILE *out, const model_scenario *scn, uint64_t seed, const mc_result *r)
{
    fprintf(out, "%s: Monte Carlo, %d runs, seed %llu, %d uncertain parameter%s\n",
            scn->title ? scn->title : scn->id, r->runs, (unsigned long long)seed,
            r->uncertain_count, r->uncertain_count == 1 ? "" : "s");
    fputs("\nOutcomes:", out);
    for (int k = 0; k < MC_OUTCOME_KINDS; k++)
        fprintf(out, "  %s %.1f%%", round_outcome_name((round_outcome_kind)k),
                100 * r->outcome_probability[k]);
    fprintf(out, "   (a deal in %.1f%% of runs; %.1f rounds on average)\n",
            100 * r->deal_probability, r->mean_rounds);
    fputs("\nChance of signing:\n", out);
    for (int i = 0; i < scn->actor_count; i++)
        fprintf(out, "  %-4s %-28s %5.1f%%\n", scn->actors[i].id, scn->actors[i].name,
                100 * r->signatory_probability[i]);
    fprintf(out, "\nMost frequent packages (%d different):\n", r->distinct_packages);
    for (int p = 0; p < r->package_count; p++) {
        fprintf(out, "  %2d. %5.1f%% %-9s", p + 1, 100 * r->packages[p].frequency,
                round_outcome_name(r->packages[p].kind));
        /* The first in full; the others by how they differ from it, which is what one reads. */
        const model_package *first = &r->packages[0].package, *this = &r->packages[p].package;
        if (p > 0)
            fputs(memcmp(this, first, sizeof *this) == 0 ? " the same package as 1" : " as 1, but",
                  out);
        for (int k = 0; k < scn->issue_count; k++)
            if (p == 0 || this->opt[k] != first->opt[k])
                fprintf(out, " %s=%s", scn->issues[k].id, scn->issues[k].options[this->opt[k]].id);
        fputc('\n', out);
    }
    if (r->uncertain_count > 0) {
        fputs("\nWhat moves the outcome most (chance of a deal when the parameter is low vs "
              "high):\n", out);
        for (int t = 0; t < r->uncertain_count; t++) {
            const mc_tornado *tt = &r->tornado[t];
            const model_uncertain *u = &scn->uncertain[tt->uncertain];
            char target[160];
            int bar = (int)lround(tt->swing * 40);
            fprintf(out, "  %-28s low %7.3f: %5.1f%%   high %7.3f: %5.1f%%   swing %4.1f  ",
                    target_name(scn, u, target, sizeof target), tt->low_value,
                    100 * tt->low_deal, tt->high_value, 100 * tt->high_deal, 100 * tt->swing);
            for (int b = 0; b < bar; b++)
                fputc('#', out);
            fputc('\n', out);
        }
    }
}

int cmd_montecarlo(int argc, char **argv)
{
    mc_args a = {0};
    int rc = parse(argc, argv, &a);
    if (rc != CLI_EXIT_OK)
        return rc;
    ent_error err = {0};
    lx_session *main_session = NULL;
    ent_status st = lx_session_open(a.file, a.variant, NULL, &main_session, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return st == ENT_ERR_IO ? CLI_EXIT_IO : CLI_EXIT_SCENARIO;
    }
    model_scenario *scn = lx_session_model(main_session);
    uint64_t seed = a.has_seed ? a.seed : scn->seed;
    worker_ctx workers = {.file = a.file, .variant = a.variant};
    mc_worker_factory factory = {.ctx = &workers, .make = make_worker, .destroy = destroy_worker,
                                 .begin_run = begin_run};
    int last_percent = -1;
    mc_options opts = {.runs = a.runs, .threads = a.threads, .seed = seed, .rounds = a.rounds,
                       .factory = &factory};
    if (isatty(STDERR_FILENO)) {
        opts.progress = progress_bar;
        opts.progress_ctx = &last_percent;
    }
    mc_result r;
    st = mc_run(scn, &opts, &r, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        lx_session_close(main_session);
        return st == ENT_ERR_IO ? CLI_EXIT_IO : CLI_EXIT_SCENARIO;
    }
    print_result(stdout, scn, seed, &r);
    if (fflush(stdout) != 0)
        rc = CLI_EXIT_IO;
    if (a.json && rc == CLI_EXIT_OK) {
        char *doc = result_json(scn, &a, seed, &r);
        if (!doc) {
            rc = CLI_EXIT_IO;
        } else {
            size_t n = strlen(doc);
            doc[n] = '\n'; /* the terminating NUL becomes the final newline */
            if (afile_write(a.json, doc, n + 1, &err) != ENT_OK) {
                fprintf(stderr, "%s\n", err.message);
                rc = CLI_EXIT_IO;
            }
            free(doc);
        }
    }
    mc_result_free(&r);
    lx_session_close(main_session);
    return rc;
}
