/* cmd_forecast.c: `entente forecast`: the compromise, weighted median and expected utility
   forecasts of a CSV table or of a scenario's continuous issues, Monte Carlo over their inputs,
   and `--batch`, which scores the models against observed outcomes. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "forecast.h"
#include "lx_scenario.h"
#include "table.h"

enum { M_COMPROMISE = 1, M_MEDIAN = 2, M_EU = 4, M_ALL = 7 };

#define BATCH_MAX_FILES 10000

static const char forecast_help[] =
    "usage: entente forecast FILE [OPTIONS]\n"
    "       entente forecast --batch DIR_OR_FILE [OPTIONS]\n"
    "\n"
    "Forecasts the outcome of an issue on a numeric scale with three spatial models: the\n"
    "compromise (Achen 2006), the weighted median (Black 1948) and Bueno de Mesquita's expected\n"
    "utility model as reconstructed by Scholz, Calbert & Smith (2011). FILE is a CSV table\n"
    "(a header row Actor,Capability,Position,Salience, then one actor a row; saliences on 0-1\n"
    "or 0-100) or a Lua scenario, whose issues with a `scale` are forecast. See docs/model.md.\n"
    "\n"
    "Options:\n"
    "  --model M          compromise, median, eu or all (default), or a list: compromise,eu\n"
    "  --json             print JSON instead of a report\n"
    "  --variant NAME     a scenario's variant (default: baseline)\n"
    "  --issue ID         only this continuous issue of a scenario\n"
    "  --runs N           Monte Carlo: N forecasts with the inputs drawn anew: a scenario's\n"
    "                     declared uncertain parameters, or else the default perturbation\n"
    "                     (position sd 5% of the range, salience +-0.1, capability +-10%)\n"
    "  --seed N           Monte Carlo seed (default: the scenario's, 1 for a table)\n"
    "  --threads T        Monte Carlo worker threads (default: the processors); the results\n"
    "                     are the same whatever the thread count\n"
    "  --noise K          scale the default perturbation by K (default 1)\n"
    "  --quota Q          median: the share of the weight a decision needs, 0.5 to 1\n"
    "                     (above 0.5 it needs a status quo)\n"
    "  --status-quo X     median: the status quo; the forecast is the pivot nearest to it\n"
    "Expected utility model:\n"
    "  --q Q, --t T       Q and T of the expected utility of a challenge (default 1 and 1)\n"
    "  --denominator D    the probability that i beats j: abs (default: the votes' absolute\n"
    "                     sum) or capability (the share of weight closer to i)\n"
    "  --conflict C       none (default: both expect to win, nobody moves) or move (the\n"
    "                     weaker side moves to the stronger's position)\n"
    "  --risk R           initial (default: risk estimated once, from the initial\n"
    "                     positions), round (re-estimated every round), carry (every round,\n"
    "                     from the last round's risk) or neutral (r = 1 throughout)\n"
    "  --range G          initial (default) or current: the range distances are divided by\n"
    "  --rounds N         the round cap (default 100)\n"
    "  --tolerance F      converged once no actor moves more than F times the initial range\n"
    "                     in a round (default 0.001)\n"
    "Batch:\n"
    "  --batch DIR_OR_FILE  every *.csv in DIR (or one table or scenario); tables with an\n"
    "                     Outcome column (the same value on each row, or on one) are scored:\n"
    "                     each model's mean absolute error and error distribution\n"
    "\n"
    "Exit status: 0 ok, 1 bad table or scenario, 2 bad usage, 3 input/output error.\n";

/* ---- arguments ------------------------------------------------------------------------ */

typedef struct {
    const char *file, *batch, *variant, *issue;
    bool json;
    unsigned models;
    int runs, threads;
    bool has_seed;
    uint64_t seed;
    double noise;
    double quota;
    bool has_status_quo;
    double status_quo;
    forecast_eu_options eu;
} fc_args;

static int usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "entente: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'entente forecast --help'.\n");
    return CLI_EXIT_USAGE;
}

static bool real(const char *text, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end || !isfinite(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool whole(const char *text, double lo, double hi, double *out)
{
    return real(text, lo, hi, out) && *out == floor(*out);
}

/* One of the names (its index), or -1. */
static int choice(const char *text, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (strcmp(text, names[i]) == 0)
            return i;
    return -1;
}

static bool parse_models(const char *text, unsigned *models)
{
    char buf[128];
    if (strlen(text) >= sizeof buf)
        return false;
    snprintf(buf, sizeof buf, "%s", text);
    *models = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        static const char *const names[] = {"compromise", "median", "eu", "all"};
        static const unsigned bits[] = {M_COMPROMISE, M_MEDIAN, M_EU, M_ALL};
        int c = choice(tok, names, 4);
        if (c < 0)
            return false;
        *models |= bits[c];
    }
    return *models != 0;
}

static const char *const denominator_names[] = {"abs", "capability"};
static const char *const conflict_names[] = {"none", "move"};
static const char *const risk_names[] = {"initial", "round", "carry", "neutral"};
static const char *const range_names[] = {"initial", "current"};

static int parse(int argc, char **argv, fc_args *a)
{
    a->models = M_ALL;
    a->noise = 1;
    a->eu = forecast_eu_defaults();
    static const char *const takes_value[] = {
        "--model", "--variant", "--issue", "--runs", "--seed", "--threads", "--noise",
        "--quota", "--status-quo", "--q", "--t", "--denominator", "--conflict", "--risk",
        "--range", "--rounds", "--tolerance", "--batch"};
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i];
        bool takes = choice(opt, takes_value, (int)(sizeof takes_value / sizeof *takes_value)) >= 0;
        if (takes && i + 1 >= argc)
            return usage("%s needs a value", opt);
        const char *val = takes ? argv[++i] : NULL;
        double n;
        int c;
        if (strcmp(opt, "--json") == 0) {
            a->json = true;
        } else if (strcmp(opt, "--model") == 0) {
            if (!parse_models(val, &a->models))
                return usage("--model needs compromise, median, eu or all, or a list such as "
                             "compromise,eu (got '%s')", val);
        } else if (strcmp(opt, "--variant") == 0) {
            a->variant = val;
        } else if (strcmp(opt, "--issue") == 0) {
            a->issue = val;
        } else if (strcmp(opt, "--batch") == 0) {
            a->batch = val;
        } else if (strcmp(opt, "--runs") == 0) {
            if (!whole(val, 1, FORECAST_MAX_RUNS, &n))
                return usage("--runs needs a whole number from 1 to 1000000 (got '%s')", val);
            a->runs = (int)n;
        } else if (strcmp(opt, "--seed") == 0) {
            if (!whole(val, 0, 9007199254740991.0, &n))
                return usage("--seed needs a whole number from 0 to 2^53 - 1 (got '%s')", val);
            a->seed = (uint64_t)n;
            a->has_seed = true;
        } else if (strcmp(opt, "--threads") == 0) {
            if (!whole(val, 1, FORECAST_MAX_THREADS, &n))
                return usage("--threads needs a whole number from 1 to 64 (got '%s')", val);
            a->threads = (int)n;
        } else if (strcmp(opt, "--noise") == 0) {
            if (!real(val, 0, 10, &n) || !(n > 0))
                return usage("--noise needs a number above 0, at most 10 (got '%s')", val);
            a->noise = n;
        } else if (strcmp(opt, "--quota") == 0) {
            if (!real(val, 0.5, 1, &n))
                return usage("--quota needs a number from 0.5 to 1 (got '%s')", val);
            a->quota = n;
        } else if (strcmp(opt, "--status-quo") == 0) {
            if (!real(val, -1e300, 1e300, &n))
                return usage("--status-quo needs a number (got '%s')", val);
            a->status_quo = n;
            a->has_status_quo = true;
        } else if (strcmp(opt, "--q") == 0 || strcmp(opt, "--t") == 0) {
            if (!real(val, 0, 1, &n))
                return usage(strcmp(opt, "--q") == 0 ? "--q needs a number from 0 to 1 (got '%s')"
                                                     : "--t needs a number from 0 to 1 (got '%s')",
                             val);
            *(strcmp(opt, "--q") == 0 ? &a->eu.q : &a->eu.t) = n;
        } else if (strcmp(opt, "--denominator") == 0) {
            if ((c = choice(val, denominator_names, 2)) < 0)
                return usage("--denominator needs abs or capability (got '%s')", val);
            a->eu.denominator = (forecast_denominator)c;
        } else if (strcmp(opt, "--conflict") == 0) {
            if ((c = choice(val, conflict_names, 2)) < 0)
                return usage("--conflict needs none or move (got '%s')", val);
            a->eu.conflict = (forecast_conflict)c;
        } else if (strcmp(opt, "--risk") == 0) {
            if ((c = choice(val, risk_names, 4)) < 0)
                return usage("--risk needs initial, round, carry or neutral (got '%s')", val);
            a->eu.risk = (forecast_risk)c;
        } else if (strcmp(opt, "--range") == 0) {
            if ((c = choice(val, range_names, 2)) < 0)
                return usage("--range needs initial or current (got '%s')", val);
            a->eu.range = (forecast_range)c;
        } else if (strcmp(opt, "--rounds") == 0) {
            if (!whole(val, 1, FORECAST_MAX_ROUNDS, &n))
                return usage("--rounds needs a whole number from 1 to 10000 (got '%s')", val);
            a->eu.rounds = (int)n;
        } else if (strcmp(opt, "--tolerance") == 0) {
            if (!real(val, 0, 1, &n) || !(n < 1))
                return usage("--tolerance needs a number from 0 to below 1 (got '%s')", val);
            a->eu.tolerance = n;
        } else if (opt[0] == '-' && opt[1]) {
            return usage("forecast: unknown option '%s'", opt);
        } else if (!a->file) {
            a->file = opt;
        } else {
            return usage("forecast: one file at a time (extra argument '%s'; several tables: "
                         "--batch DIR)", opt);
        }
    }
    if (a->batch && a->file)
        return usage("forecast: give a FILE or --batch DIR_OR_FILE, not both (got '%s')",
                     a->file);
    if (!a->batch && !a->file)
        return usage("%s", "forecast needs a file: a CSV table or a scenario");
    if (a->batch && a->runs)
        return usage("%s", "--batch scores the models' forecasts; it takes no --runs");
    return CLI_EXIT_OK;
}

/* ---- cases: one issue to forecast ------------------------------------------------------ */

typedef struct {
    char id[256];
    const char *label;       /* NULL for a table */
    const char *source;      /* the file */
    int n;
    const char *names[FORECAST_MAX_ACTORS];
    double x[FORECAST_MAX_ACTORS], s[FORECAST_MAX_ACTORS], c[FORECAST_MAX_ACTORS];
    int actor_of[MODEL_MAX_ACTORS]; /* a scenario's: input index -> actor */
    bool from_table, percent;
    bool has_outcome, has_status_quo;
    double outcome, status_quo;
    double lo, hi;           /* the scale (a scenario's) or the positions' range (a table) */
    const model_scenario *scn;
    int k;                   /* the scenario's continuous issue */
} fc_case;

typedef struct {
    double compromise, median;
    forecast_eu_result eu;
    bool has_eu;
    forecast_mc_result mc;
    bool has_mc, mc_declared;
} fc_result;

static forecast_input input_of(const fc_case *cs)
{
    return (forecast_input){.n = cs->n, .position = cs->x, .salience = cs->s,
                            .capability = cs->c};
}

static bool ends_with_csv(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

static void case_from_table(const table_issue *t, fc_case *cs)
{
    memset(cs, 0, sizeof *cs);
    snprintf(cs->id, sizeof cs->id, "%s", t->id);
    cs->source = t->path;
    cs->n = t->n;
    for (int i = 0; i < t->n; i++) {
        cs->names[i] = t->actor[i];
        cs->x[i] = t->position[i];
        cs->s[i] = t->salience[i];
        cs->c[i] = t->capability[i];
    }
    cs->from_table = true;
    cs->percent = t->percent;
    cs->has_outcome = t->has_outcome;
    cs->outcome = t->outcome;
    forecast_input in = input_of(cs);
    forecast_noise nz = forecast_noise_for(&in, 1);
    cs->lo = nz.lo;
    cs->hi = nz.hi;
}

static void case_from_scenario(const model_scenario *scn, int k, const char *path, fc_case *cs)
{
    memset(cs, 0, sizeof *cs);
    const model_continuous *is = &scn->continuous[k];
    snprintf(cs->id, sizeof cs->id, "%s", is->id);
    cs->label = is->label;
    cs->source = path;
    cs->n = forecast_issue_actors(scn, k, cs->x, cs->s, cs->c, cs->actor_of);
    for (int i = 0; i < cs->n; i++)
        cs->names[i] = scn->actors[cs->actor_of[i]].id;
    cs->has_outcome = is->has_outcome;
    cs->outcome = is->outcome;
    cs->has_status_quo = is->has_status_quo;
    cs->status_quo = is->status_quo;
    cs->lo = is->lo;
    cs->hi = is->hi;
    cs->scn = scn;
    cs->k = k;
}

/* What a file holds: one table, or a scenario with its continuous issues. */
typedef struct {
    const char *path;
    table_issue table;
    model_scenario *scn;
    int count;
    fc_case *cases;
} fc_file;

static void file_free(fc_file *f)
{
    table_free(&f->table);
    model_free(f->scn);
    free(f->cases);
    memset(f, 0, sizeof *f);
}

static int exit_for(ent_status st)
{
    return st == ENT_ERR_IO ? CLI_EXIT_IO : st == ENT_ERR_USAGE ? CLI_EXIT_USAGE
                                                                : CLI_EXIT_SCENARIO;
}

/* Loads path (a table when it ends in .csv, a scenario otherwise); prints the error and returns
   the exit status on failure. */
static int load_file(const char *path, const fc_args *a, fc_file *f)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    ent_error err = {0};
    if (ends_with_csv(path)) {
        if (a->variant)
            return usage("--variant is for scenarios; '%s' is a table", path);
        ent_status st = table_load(path, &f->table, &err);
        if (st != ENT_OK) {
            fprintf(stderr, "%s\n", err.message);
            return exit_for(st);
        }
        f->cases = malloc(sizeof *f->cases);
        if (!f->cases) {
            fprintf(stderr, "entente: out of memory\n");
            return CLI_EXIT_IO;
        }
        case_from_table(&f->table, &f->cases[0]);
        f->count = 1;
        if (a->issue && strcmp(a->issue, f->cases[0].id) != 0) {
            fprintf(stderr, "%s: no issue '%s': a table is one issue, '%s' (its file name)\n",
                    path, a->issue, f->cases[0].id);
            return CLI_EXIT_USAGE;
        }
        return CLI_EXIT_OK;
    }
    ent_status st = lx_scenario_load(path, a->variant, NULL, &f->scn, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return exit_for(st);
    }
    if (f->scn->continuous_count == 0) {
        fprintf(stderr, "%s: scenario '%s' has no continuous issue to forecast (declare one: "
                "issue { id = ..., label = ..., scale = { low, high } })\n", path, f->scn->id);
        return CLI_EXIT_SCENARIO;
    }
    f->cases = calloc((size_t)f->scn->continuous_count, sizeof *f->cases);
    if (!f->cases) {
        fprintf(stderr, "entente: out of memory\n");
        return CLI_EXIT_IO;
    }
    for (int k = 0; k < f->scn->continuous_count; k++) {
        if (a->issue && strcmp(a->issue, f->scn->continuous[k].id) != 0)
            continue;
        case_from_scenario(f->scn, k, path, &f->cases[f->count++]);
    }
    if (f->count == 0) {
        char list[600] = "";
        for (int k = 0; k < f->scn->continuous_count; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
                     f->scn->continuous[k].id);
        fprintf(stderr, "%s: no continuous issue '%s' (continuous issues: %s)\n", path,
                a->issue, list);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* ---- computing -------------------------------------------------------------------------- */

static forecast_median_options median_options(const fc_args *a, const fc_case *cs)
{
    forecast_median_options m = {.quota = a->quota > 0 ? a->quota : 0.5};
    if (a->has_status_quo) {
        m.has_status_quo = true;
        m.status_quo = a->status_quo;
    } else if (a->quota > 0.5 && cs->has_status_quo) {
        m.has_status_quo = true;
        m.status_quo = cs->status_quo;
    }
    return m;
}

static int compute(const fc_args *a, const fc_case *cs, fc_result *res, bool log)
{
    memset(res, 0, sizeof *res);
    forecast_input in = input_of(cs);
    forecast_median_options mo = median_options(a, cs);
    if (mo.quota > 0.5 && !mo.has_status_quo) {
        fprintf(stderr, "entente: --quota above 0.5 needs a status quo: --status-quo X, or "
                "status_quo in the issue ('%s' has none)\nTry 'entente forecast --help'.\n",
                cs->id);
        return CLI_EXIT_USAGE;
    }
    res->compromise = forecast_compromise(&in);
    res->median = forecast_median(&in, &mo);
    ent_error err = {0};
    if (a->models & M_EU) {
        forecast_eu_options eo = a->eu;
        eo.log = log;
        ent_status st = forecast_eu(&in, &eo, &res->eu, &err);
        if (st != ENT_OK) {
            fprintf(stderr, "%s: %s\n", cs->source, err.message);
            return exit_for(st);
        }
        res->has_eu = true;
    }
    if (a->runs) {
        forecast_mc_options mc = {.runs = a->runs, .threads = a->threads, .eu = a->eu,
                                  .median = mo, .no_eu = !(a->models & M_EU)};
        mc.seed = a->has_seed ? a->seed : cs->scn ? cs->scn->seed : 1;
        forecast_noise noise = forecast_noise_for(&in, a->noise);
        forecast_declared declared;
        if (cs->scn && forecast_declared_any(cs->scn, cs->k)) {
            forecast_declared_init(&declared, cs->scn, cs->k, cs->actor_of, cs->n);
            mc.draw = forecast_draw_declared;
            mc.draw_ctx = &declared;
            res->mc_declared = true;
        } else {
            if (cs->scn) { /* a scenario's positions stay on its scale */
                noise.lo = cs->lo;
                noise.hi = cs->hi;
            }
            mc.draw = forecast_perturb;
            mc.draw_ctx = &noise;
        }
        ent_status st = forecast_mc(&in, &mc, &res->mc, &err);
        if (st != ENT_OK) {
            fprintf(stderr, "%s: %s\n", cs->source, err.message);
            return exit_for(st);
        }
        res->has_mc = true;
    }
    return CLI_EXIT_OK;
}

static void result_free(fc_result *res)
{
    forecast_eu_result_free(&res->eu);
    forecast_mc_result_free(&res->mc);
}

/* ---- JSON -------------------------------------------------------------------------------- */

/* Rounded so that the text is stable across compilers and optimisation levels. */
static double stable(double v)
{
    double r = round(v * 1e6) / 1e6;
    return r == 0 ? 0 : r; /* no "-0" */
}

static cJSON *numbers(const double *v, int n)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateNumber(stable(v[i])));
    return arr;
}

static cJSON *by_actor(const fc_case *cs, const double *v)
{
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < cs->n; i++)
        cJSON_AddNumberToObject(o, cs->names[i], stable(v[i]));
    return o;
}

static cJSON *stats_json(const forecast_stats *st)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "mean", stable(st->mean));
    cJSON_AddNumberToObject(o, "sd", stable(st->sd));
    cJSON_AddNumberToObject(o, "min", stable(st->min));
    cJSON_AddNumberToObject(o, "p5", stable(st->p5));
    cJSON_AddNumberToObject(o, "p25", stable(st->p25));
    cJSON_AddNumberToObject(o, "p50", stable(st->p50));
    cJSON_AddNumberToObject(o, "p75", stable(st->p75));
    cJSON_AddNumberToObject(o, "p95", stable(st->p95));
    cJSON_AddNumberToObject(o, "max", stable(st->max));
    return o;
}

static cJSON *eu_options_json(const forecast_eu_options *o)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "q", o->q);
    cJSON_AddNumberToObject(j, "t", o->t);
    cJSON_AddStringToObject(j, "denominator", denominator_names[o->denominator]);
    cJSON_AddStringToObject(j, "conflict", conflict_names[o->conflict]);
    cJSON_AddStringToObject(j, "risk", risk_names[o->risk]);
    cJSON_AddStringToObject(j, "range", range_names[o->range]);
    cJSON_AddNumberToObject(j, "rounds", o->rounds);
    cJSON_AddNumberToObject(j, "tolerance", o->tolerance);
    return j;
}

static cJSON *eu_json(const fc_case *cs, const forecast_eu_result *eu)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "median", stable(eu->summary.median));
    cJSON_AddNumberToObject(o, "mean", stable(eu->summary.mean));
    cJSON_AddNumberToObject(o, "rounds_played", eu->summary.rounds);
    cJSON_AddBoolToObject(o, "converged", eu->summary.converged);
    cJSON_AddNumberToObject(o, "spread", stable(eu->summary.spread));
    cJSON_AddStringToObject(o, "source", "Bueno de Mesquita 1994; Scholz, Calbert & Smith 2011");
    cJSON_AddItemToObject(o, "final", by_actor(cs, eu->final));
    cJSON_AddItemToObject(o, "risk", by_actor(cs, eu->risk));
    if (eu->positions) {
        cJSON *rounds = cJSON_AddArrayToObject(o, "rounds");
        for (int t = 0; t <= eu->summary.rounds; t++)
            cJSON_AddItemToArray(rounds, numbers(eu->positions + (size_t)t * (size_t)cs->n,
                                                 cs->n));
        cJSON_AddItemToObject(o, "median_by_round",
                              numbers(eu->median_by_round, eu->summary.rounds + 1));
        cJSON_AddItemToObject(o, "mean_by_round",
                              numbers(eu->mean_by_round, eu->summary.rounds + 1));
        cJSON *ch = cJSON_AddArrayToObject(o, "challenges");
        for (int c = 0; c < eu->challenge_count; c++) {
            const forecast_challenge *x = &eu->challenges[c];
            cJSON *one = cJSON_CreateObject();
            cJSON_AddNumberToObject(one, "round", x->round);
            cJSON_AddStringToObject(one, "challenger", cs->names[x->challenger]);
            cJSON_AddStringToObject(one, "target", cs->names[x->target]);
            cJSON_AddStringToObject(one, "kind", forecast_offer_name(x->kind));
            cJSON_AddNumberToObject(one, "eu_challenger", stable(x->eu_challenger));
            cJSON_AddNumberToObject(one, "eu_target", stable(x->eu_target));
            cJSON_AddNumberToObject(one, "from", stable(x->from));
            cJSON_AddNumberToObject(one, "to", stable(x->to));
            cJSON_AddNumberToObject(one, "move", stable(fabs(x->to - x->from)));
            cJSON_AddBoolToObject(one, "taken", x->taken);
            cJSON_AddItemToArray(ch, one);
        }
    }
    return o;
}

static const char *draws_text(const fc_args *a, const fc_result *res, char *buf, size_t size)
{
    if (res->mc_declared)
        snprintf(buf, size, "the scenario's declared uncertain parameters");
    else
        snprintf(buf, size, "the default perturbation%s (position sd %g%% of the range, "
                 "salience +-%g, capability +-%g%%)", a->noise != 1 ? ", scaled" : "",
                 5 * a->noise, 0.1 * a->noise, 10 * a->noise);
    return buf;
}

static cJSON *issue_json(const fc_args *a, const fc_case *cs, const fc_result *res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", cs->id);
    if (cs->label)
        cJSON_AddStringToObject(o, "label", cs->label);
    cJSON_AddStringToObject(o, "source", cs->source);
    cJSON_AddStringToObject(o, "salience_scale", cs->percent ? "0-100" : "0-1");
    cJSON *scale = cJSON_AddArrayToObject(o, "scale");
    cJSON_AddItemToArray(scale, cJSON_CreateNumber(stable(cs->lo)));
    cJSON_AddItemToArray(scale, cJSON_CreateNumber(stable(cs->hi)));
    if (cs->has_outcome)
        cJSON_AddNumberToObject(o, "outcome", stable(cs->outcome));
    cJSON *actors = cJSON_AddArrayToObject(o, "actors");
    for (int i = 0; i < cs->n; i++) {
        cJSON *one = cJSON_CreateObject();
        cJSON_AddStringToObject(one, "id", cs->names[i]);
        cJSON_AddNumberToObject(one, "capability", stable(cs->c[i]));
        cJSON_AddNumberToObject(one, "position", stable(cs->x[i]));
        cJSON_AddNumberToObject(one, "salience", stable(cs->s[i]));
        cJSON_AddItemToArray(actors, one);
    }
    cJSON *models = cJSON_AddObjectToObject(o, "models");
    if (a->models & M_COMPROMISE) {
        cJSON *m = cJSON_AddObjectToObject(models, "compromise");
        cJSON_AddNumberToObject(m, "forecast", stable(res->compromise));
        cJSON_AddStringToObject(m, "source", "Achen 2006");
        if (cs->has_outcome)
            cJSON_AddNumberToObject(m, "error", stable(res->compromise - cs->outcome));
    }
    if (a->models & M_MEDIAN) {
        forecast_median_options mo = median_options(a, cs);
        cJSON *m = cJSON_AddObjectToObject(models, "median");
        cJSON_AddNumberToObject(m, "forecast", stable(res->median));
        cJSON_AddStringToObject(m, "source", mo.has_status_quo ? "Black 1948; Krehbiel 1998"
                                                               : "Black 1948");
        cJSON_AddNumberToObject(m, "quota", mo.quota);
        if (mo.has_status_quo)
            cJSON_AddNumberToObject(m, "status_quo", stable(mo.status_quo));
        if (cs->has_outcome)
            cJSON_AddNumberToObject(m, "error", stable(res->median - cs->outcome));
    }
    if (res->has_eu) {
        cJSON *m = eu_json(cs, &res->eu);
        if (cs->has_outcome)
            cJSON_AddNumberToObject(m, "error", stable(res->eu.summary.median - cs->outcome));
        cJSON_AddItemToObject(models, "eu", m);
    }
    if (res->has_mc) {
        cJSON *m = cJSON_AddObjectToObject(o, "montecarlo");
        char buf[200];
        cJSON_AddNumberToObject(m, "runs", res->mc.runs);
        cJSON_AddStringToObject(m, "draws", res->mc_declared ? "declared" : "default");
        cJSON_AddStringToObject(m, "draws_text", draws_text(a, res, buf, sizeof buf));
        if (!res->mc_declared)
            cJSON_AddNumberToObject(m, "noise", a->noise);
        static const char *const keys[FORECAST_MC_SERIES] = {"compromise", "median",
                                                             "eu_median", "eu_mean"};
        static const unsigned bits[FORECAST_MC_SERIES] = {M_COMPROMISE, M_MEDIAN, M_EU, M_EU};
        for (int s = 0; s < FORECAST_MC_SERIES; s++)
            if (a->models & bits[s])
                cJSON_AddItemToObject(m, keys[s], stats_json(&res->mc.stats[s]));
        if (a->models & M_EU)
            cJSON_AddNumberToObject(m, "eu_converged", res->mc.converged);
    }
    return o;
}

static int print_json(cJSON *root)
{
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text) {
        fprintf(stderr, "entente: out of memory\n");
        return CLI_EXIT_IO;
    }
    fputs(text, stdout);
    fputc('\n', stdout);
    free(text);
    return CLI_EXIT_OK;
}

/* ---- the report ------------------------------------------------------------------------- */

static int name_width(const fc_case *cs, int least)
{
    int w = least;
    for (int i = 0; i < cs->n; i++) {
        int len = (int)strlen(cs->names[i]);
        w = len > w ? len : w;
    }
    return w > 24 ? 24 : w;
}

static void print_rounds(FILE *out, const fc_case *cs, const forecast_eu_result *eu, int w)
{
    /* The first rounds and the last: where the model moves, and where it ends. */
    int shown[8], count = 0, last = eu->summary.rounds;
    for (int t = 0; t <= last && t <= 5; t++)
        shown[count++] = t;
    if (last > 5)
        shown[count++] = last;
    fprintf(out, "\nExpected utility model, positions by round:\n  %-*s", w, "round");
    for (int c = 0; c < count; c++)
        fprintf(out, " %s%7d", c == count - 1 && last > 5 ? "..." : "", shown[c]);
    fputc('\n', out);
    for (int i = 0; i < cs->n; i++) {
        fprintf(out, "  %-*.*s", w, w, cs->names[i]);
        for (int c = 0; c < count; c++)
            fprintf(out, " %s%7.3f", c == count - 1 && last > 5 ? "   " : "",
                    eu->positions[(size_t)shown[c] * (size_t)cs->n + (size_t)i]);
        fputc('\n', out);
    }
    const double *rows[2] = {eu->median_by_round, eu->mean_by_round};
    const char *labels[2] = {"weighted median", "weighted mean"};
    for (int r = 0; r < 2; r++) {
        fprintf(out, "  %-*s", w, labels[r]);
        for (int c = 0; c < count; c++)
            fprintf(out, " %s%7.3f", c == count - 1 && last > 5 ? "   " : "", rows[r][shown[c]]);
        fputc('\n', out);
    }
}

static void print_challenges(FILE *out, const fc_case *cs, const forecast_eu_result *eu, int w)
{
    int kinds[3] = {0, 0, 0}, first_round = 0, later = 0, later_moves = 0;
    for (int c = 0; c < eu->challenge_count; c++) {
        const forecast_challenge *x = &eu->challenges[c];
        if (x->round == 1) {
            kinds[x->kind]++;
            first_round++;
        } else {
            later++;
            later_moves += x->taken && x->to != x->from;
        }
    }
    if (eu->challenge_count == 0) {
        fputs("\nNo actor challenged another: nobody moves.\n", out);
        return;
    }
    fprintf(out, "\nRound 1: %d challenge%s (%d conflict%s, %d compromise%s, %d capitulation%s); "
            "the offers taken:\n", first_round, first_round == 1 ? "" : "s", kinds[0],
            kinds[0] == 1 ? "" : "s", kinds[1], kinds[1] == 1 ? "" : "s", kinds[2],
            kinds[2] == 1 ? "" : "s");
    int moves = 0;
    for (int c = 0; c < eu->challenge_count; c++) {
        const forecast_challenge *x = &eu->challenges[c];
        if (x->round != 1 || !x->taken)
            continue;
        moves++;
        fprintf(out, "  %-*.*s %8.3f -> %8.3f  %s offered by %s (EU %.3f against %.3f)\n", w, w,
                cs->names[x->target], x->from, x->to, forecast_offer_name(x->kind),
                cs->names[x->challenger], x->eu_challenger, x->eu_target);
    }
    if (!moves)
        fputs("  none: every challenge was a conflict, which moves nobody\n", out);
    if (eu->summary.rounds > 1)
        fprintf(out, "Rounds 2 to %d: %d more challenge%s, %d move%s (--json lists every one).\n",
                eu->summary.rounds, later, later == 1 ? "" : "s", later_moves,
                later_moves == 1 ? "" : "s");
}

static void print_stats_row(FILE *out, const char *label, const forecast_stats *st)
{
    fprintf(out, "  %-18s %8.3f %7.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n", label, st->mean, st->sd,
            st->p5, st->p25, st->p50, st->p75, st->p95);
}

static void print_issue(FILE *out, const fc_args *a, const fc_case *cs, const fc_result *res)
{
    int w = name_width(cs, 16);
    fprintf(out, "%s%s%s (%s)\n", cs->id, cs->label ? ": " : "", cs->label ? cs->label : "",
            cs->source);
    fprintf(out, "%d actors; saliences on a %s scale%s; positions from %g to %g\n\n", cs->n,
            cs->percent ? "0-100" : "0-1", cs->percent ? " (divided by 100)" : "",
            forecast_noise_for(&(forecast_input){cs->n, cs->x, cs->s, cs->c}, 1).lo,
            forecast_noise_for(&(forecast_input){cs->n, cs->x, cs->s, cs->c}, 1).hi);
    fprintf(out, "  %-*s %10s %9s %9s\n", w, "Actor", "Capability", "Salience", "Position");
    for (int i = 0; i < cs->n; i++)
        fprintf(out, "  %-*.*s %10.3f %9.3f %9.3f\n", w, w, cs->names[i], cs->c[i], cs->s[i],
                cs->x[i]);
    fputs("\nForecasts:\n", out);
    char err[64] = "";
    if (a->models & M_COMPROMISE) {
        if (cs->has_outcome)
            snprintf(err, sizeof err, "   error %+.3f", res->compromise - cs->outcome);
        fprintf(out, "  %-44s %9.3f%s\n", "compromise (Achen 2006)", res->compromise, err);
    }
    if (a->models & M_MEDIAN) {
        forecast_median_options mo = median_options(a, cs);
        char label[96];
        if (mo.has_status_quo)
            snprintf(label, sizeof label, "pivot (quota %g, status quo %g)", mo.quota,
                     mo.status_quo);
        else
            snprintf(label, sizeof label, "weighted median (Black 1948)");
        if (cs->has_outcome)
            snprintf(err, sizeof err, "   error %+.3f", res->median - cs->outcome);
        fprintf(out, "  %-44s %9.3f%s\n", label, res->median, err);
    }
    if (res->has_eu) {
        const forecast_eu_summary *sm = &res->eu.summary;
        if (cs->has_outcome)
            snprintf(err, sizeof err, "   error %+.3f", sm->median - cs->outcome);
        fprintf(out, "  %-44s %9.3f%s\n", "expected utility, median (BDM; Scholz 2011)",
                sm->median, err);
        fprintf(out, "  %-44s %9.3f\n", "expected utility, weighted mean", sm->mean);
        fprintf(out, "  %s after %d round%s; the final positions spread over %.3f\n",
                sm->converged ? "converged" : "stopped at the round cap", sm->rounds,
                sm->rounds == 1 ? "" : "s", sm->spread);
    }
    if (cs->has_outcome)
        fprintf(out, "  %-44s %9.3f\n", "observed outcome", cs->outcome);
    if (res->has_eu && res->eu.positions) {
        print_rounds(out, cs, &res->eu, w);
        print_challenges(out, cs, &res->eu, w);
    }
    if (res->has_mc) {
        char buf[200];
        fprintf(out, "\nMonte Carlo: %d run%s; draws: %s\n", res->mc.runs,
                res->mc.runs == 1 ? "" : "s", draws_text(a, res, buf, sizeof buf));
        fprintf(out, "  %-18s %8s %7s %8s %8s %8s %8s %8s\n", "", "mean", "sd", "5%", "25%",
                "median", "75%", "95%");
        if (a->models & M_COMPROMISE)
            print_stats_row(out, "compromise", &res->mc.stats[FORECAST_MC_COMPROMISE]);
        if (a->models & M_MEDIAN)
            print_stats_row(out, "weighted median", &res->mc.stats[FORECAST_MC_MEDIAN]);
        if (a->models & M_EU) {
            print_stats_row(out, "EU median", &res->mc.stats[FORECAST_MC_EU_MEDIAN]);
            print_stats_row(out, "EU mean", &res->mc.stats[FORECAST_MC_EU_MEAN]);
            fprintf(out, "  the expected utility model converged in %d of %d runs\n",
                    res->mc.converged, res->mc.runs);
        }
    }
}

static void print_options(FILE *out, const forecast_eu_options *o)
{
    fprintf(out, "\nExpected utility options: Q %g, T %g, denominator %s, conflict %s, risk %s, "
            "range %s, round cap %d, tolerance %g\n", o->q, o->t,
            denominator_names[o->denominator], conflict_names[o->conflict], risk_names[o->risk],
            range_names[o->range], o->rounds, o->tolerance);
}

/* ---- one file --------------------------------------------------------------------------- */

static int forecast_file(const fc_args *a)
{
    fc_file f;
    int rc = load_file(a->file, a, &f);
    if (rc != CLI_EXIT_OK) {
        file_free(&f);
        return rc;
    }
    fc_result *res = calloc((size_t)f.count, sizeof *res);
    if (!res) {
        file_free(&f);
        fprintf(stderr, "entente: out of memory\n");
        return CLI_EXIT_IO;
    }
    for (int c = 0; c < f.count && rc == CLI_EXIT_OK; c++)
        rc = compute(a, &f.cases[c], &res[c], true);
    if (rc == CLI_EXIT_OK && a->json) {
        cJSON *root = cJSON_CreateObject();
        cJSON *issues = cJSON_AddArrayToObject(root, "issues");
        for (int c = 0; c < f.count; c++)
            cJSON_AddItemToArray(issues, issue_json(a, &f.cases[c], &res[c]));
        cJSON_AddStringToObject(root, "source", a->file);
        cJSON_AddStringToObject(root, "kind", f.scn ? "scenario" : "table");
        if (f.scn) {
            cJSON_AddStringToObject(root, "scenario", f.scn->id);
            cJSON_AddStringToObject(root, "variant", f.scn->variant ? f.scn->variant
                                                                    : "baseline");
        }
        if (a->runs)
            cJSON_AddNumberToObject(root, "seed", (double)(a->has_seed ? a->seed
                                                           : f.scn ? f.scn->seed : 1));
        cJSON *opts = cJSON_AddObjectToObject(root, "options");
        cJSON_AddItemToObject(opts, "expected_utility", eu_options_json(&a->eu));
        rc = print_json(root);
    } else if (rc == CLI_EXIT_OK) {
        if (f.scn)
            printf("%s (variant %s)\n\n", f.scn->title ? f.scn->title : f.scn->id,
                   f.scn->variant ? f.scn->variant : "baseline");
        for (int c = 0; c < f.count; c++) {
            if (c)
                fputs("\n----\n\n", stdout);
            print_issue(stdout, a, &f.cases[c], &res[c]);
        }
        if (a->models & M_EU)
            print_options(stdout, &a->eu);
        if (a->runs)
            printf("Monte Carlo seed %llu\n",
                   (unsigned long long)(a->has_seed ? a->seed : f.scn ? f.scn->seed : 1));
    }
    if (rc == CLI_EXIT_OK && fflush(stdout) != 0)
        rc = CLI_EXIT_IO;
    for (int c = 0; c < f.count; c++)
        result_free(&res[c]);
    free(res);
    file_free(&f);
    return rc;
}

/* ---- batch ------------------------------------------------------------------------------ */

static int compare_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The tables of a directory (*.csv, sorted by name), or the one file given. */
static int batch_paths(const char *where, char ***paths, int *count)
{
    *paths = NULL;
    *count = 0;
    struct stat sb;
    if (stat(where, &sb) != 0) {
        fprintf(stderr, "%s: cannot open: %s\n", where, strerror(errno));
        return CLI_EXIT_IO;
    }
    if (!S_ISDIR(sb.st_mode)) {
        *paths = malloc(sizeof **paths);
        if (!*paths || !((*paths)[0] = strdup(where))) {
            free(*paths);
            *paths = NULL;
            fprintf(stderr, "entente: out of memory\n");
            return CLI_EXIT_IO;
        }
        *count = 1;
        return CLI_EXIT_OK;
    }
    DIR *dir = opendir(where);
    if (!dir) {
        fprintf(stderr, "%s: cannot open: %s\n", where, strerror(errno));
        return CLI_EXIT_IO;
    }
    int cap = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.' || !ends_with_csv(e->d_name))
            continue;
        if (*count == BATCH_MAX_FILES)
            break;
        if (*count == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(*paths, sizeof *grown * (size_t)cap);
            if (!grown)
                break;
            *paths = grown;
        }
        size_t len = strlen(where) + strlen(e->d_name) + 2;
        char *p = malloc(len);
        if (!p)
            break;
        snprintf(p, len, "%s%s%s", where, where[strlen(where) - 1] == '/' ? "" : "/",
                 e->d_name);
        (*paths)[(*count)++] = p;
    }
    closedir(dir);
    if (*count > 1)
        qsort(*paths, (size_t)*count, sizeof **paths, compare_names);
    if (*count == 0) {
        fprintf(stderr, "%s: no *.csv table in this directory\n", where);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

enum { B_COMPROMISE, B_MEDIAN, B_EU, B_MODELS };
static const char *const batch_model_names[B_MODELS] = {"compromise", "median", "eu"};
static const unsigned batch_model_bits[B_MODELS] = {M_COMPROMISE, M_MEDIAN, M_EU};

typedef struct {
    char *id, *source;
    bool has_outcome;
    double outcome;
    double forecast[B_MODELS];
    bool converged;
} batch_row;

typedef struct {
    int count;
    double mae, rmse, bias;
    forecast_stats abs; /* of the absolute errors */
    int best;           /* cases where this model's error is the smallest (ties count for each) */
} batch_score;

static void score(const batch_row *rows, int n, int m, batch_score *out)
{
    memset(out, 0, sizeof *out);
    double *e = malloc(sizeof *e * (size_t)(n > 0 ? n : 1));
    if (!e)
        return;
    for (int r = 0; r < n; r++) {
        if (!rows[r].has_outcome)
            continue;
        double err = rows[r].forecast[m] - rows[r].outcome;
        e[out->count++] = fabs(err);
        out->bias += err;
        out->rmse += err * err;
    }
    if (out->count) {
        out->abs = forecast_stats_of(e, out->count);
        out->mae = out->abs.mean;
        out->bias /= out->count;
        out->rmse = sqrt(out->rmse / out->count);
    }
    free(e);
}

static int batch(const fc_args *a)
{
    char **paths;
    int count;
    int rc = batch_paths(a->batch, &paths, &count);
    if (rc != CLI_EXIT_OK)
        return rc;
    batch_row *rows = NULL;
    int nrows = 0, cap = 0, worst = CLI_EXIT_OK;
    /* Every file is read before anything is printed: a bad one fails the batch, named with
       its row and column, and no partial report reaches standard output. */
    for (int p = 0; p < count; p++) {
        fc_file f;
        int frc = load_file(paths[p], a, &f);
        if (frc != CLI_EXIT_OK) {
            worst = worst == CLI_EXIT_OK || frc > worst ? frc : worst;
            file_free(&f);
            continue;
        }
        for (int c = 0; c < f.count && worst == CLI_EXIT_OK; c++) {
            fc_result res;
            fc_args one = *a;
            one.models = M_ALL;
            frc = compute(&one, &f.cases[c], &res, false);
            if (frc != CLI_EXIT_OK) {
                worst = frc;
                result_free(&res);
                break;
            }
            if (nrows == cap) {
                cap = cap ? cap * 2 : 32;
                batch_row *grown = realloc(rows, sizeof *grown * (size_t)cap);
                if (!grown) {
                    result_free(&res);
                    worst = CLI_EXIT_IO;
                    fprintf(stderr, "entente: out of memory\n");
                    break;
                }
                rows = grown;
            }
            batch_row *row = &rows[nrows++];
            memset(row, 0, sizeof *row);
            row->id = strdup(f.cases[c].id);
            row->source = strdup(paths[p]);
            row->has_outcome = f.cases[c].has_outcome;
            row->outcome = f.cases[c].outcome;
            row->forecast[B_COMPROMISE] = res.compromise;
            row->forecast[B_MEDIAN] = res.median;
            row->forecast[B_EU] = res.eu.summary.median;
            row->converged = res.eu.summary.converged;
            result_free(&res);
            if (!row->id || !row->source) {
                worst = CLI_EXIT_IO;
                fprintf(stderr, "entente: out of memory\n");
            }
        }
        file_free(&f);
    }
    if (worst == CLI_EXIT_OK) {
        batch_score sc[B_MODELS];
        int scored = 0;
        for (int r = 0; r < nrows; r++)
            scored += rows[r].has_outcome;
        for (int m = 0; m < B_MODELS; m++)
            score(rows, nrows, m, &sc[m]);
        for (int r = 0; r < nrows; r++) {
            if (!rows[r].has_outcome)
                continue;
            double best = INFINITY;
            for (int m = 0; m < B_MODELS; m++)
                best = fmin(best, fabs(rows[r].forecast[m] - rows[r].outcome));
            for (int m = 0; m < B_MODELS; m++)
                sc[m].best += fabs(rows[r].forecast[m] - rows[r].outcome) <= best + 1e-12;
        }
        if (a->json) {
            cJSON *root = cJSON_CreateObject();
            cJSON_AddStringToObject(root, "batch", a->batch);
            cJSON_AddNumberToObject(root, "issues", nrows);
            cJSON_AddNumberToObject(root, "scored", scored);
            cJSON *cases = cJSON_AddArrayToObject(root, "cases");
            for (int r = 0; r < nrows; r++) {
                cJSON *one = cJSON_CreateObject();
                cJSON_AddStringToObject(one, "id", rows[r].id);
                cJSON_AddStringToObject(one, "source", rows[r].source);
                if (rows[r].has_outcome)
                    cJSON_AddNumberToObject(one, "outcome", stable(rows[r].outcome));
                cJSON *models = cJSON_AddObjectToObject(one, "models");
                for (int m = 0; m < B_MODELS; m++) {
                    if (!(a->models & batch_model_bits[m]))
                        continue;
                    cJSON *mm = cJSON_AddObjectToObject(models, batch_model_names[m]);
                    cJSON_AddNumberToObject(mm, "forecast", stable(rows[r].forecast[m]));
                    if (rows[r].has_outcome)
                        cJSON_AddNumberToObject(mm, "error",
                                                stable(rows[r].forecast[m] - rows[r].outcome));
                    if (m == B_EU)
                        cJSON_AddBoolToObject(mm, "converged", rows[r].converged);
                }
                cJSON_AddItemToArray(cases, one);
            }
            cJSON *errors = cJSON_AddObjectToObject(root, "errors");
            for (int m = 0; m < B_MODELS && scored; m++) {
                if (!(a->models & batch_model_bits[m]))
                    continue;
                cJSON *e = cJSON_AddObjectToObject(errors, batch_model_names[m]);
                cJSON_AddNumberToObject(e, "count", sc[m].count);
                cJSON_AddNumberToObject(e, "mae", stable(sc[m].mae));
                cJSON_AddNumberToObject(e, "rmse", stable(sc[m].rmse));
                cJSON_AddNumberToObject(e, "bias", stable(sc[m].bias));
                cJSON_AddNumberToObject(e, "best", sc[m].best);
                cJSON_AddItemToObject(e, "absolute", stats_json(&sc[m].abs));
            }
            cJSON *opts = cJSON_AddObjectToObject(root, "options");
            cJSON_AddItemToObject(opts, "expected_utility", eu_options_json(&a->eu));
            worst = print_json(root);
        } else {
            printf("Batch %s: %d issue%s, %d with an observed outcome\n\n", a->batch, nrows,
                   nrows == 1 ? "" : "s", scored);
            int w = 12;
            for (int r = 0; r < nrows; r++)
                w = (int)strlen(rows[r].id) > w ? (int)strlen(rows[r].id) : w;
            w = w > 32 ? 32 : w;
            printf("  %-*s %9s", w, "issue", "outcome");
            for (int m = 0; m < B_MODELS; m++)
                if (a->models & batch_model_bits[m])
                    printf(" %11s", batch_model_names[m]);
            putchar('\n');
            for (int r = 0; r < nrows; r++) {
                printf("  %-*.*s ", w, w, rows[r].id);
                if (rows[r].has_outcome)
                    printf("%9.3f", rows[r].outcome);
                else
                    printf("%9s", "-");
                for (int m = 0; m < B_MODELS; m++)
                    if (a->models & batch_model_bits[m])
                        printf(" %11.3f", rows[r].forecast[m]);
                putchar('\n');
            }
            if (scored) {
                printf("\nAbsolute errors over %d issue%s:\n  %-*s %9s", scored,
                       scored == 1 ? "" : "s", w, "", "");
                for (int m = 0; m < B_MODELS; m++)
                    if (a->models & batch_model_bits[m])
                        printf(" %11s", batch_model_names[m]);
                putchar('\n');
                static const char *const labels[] = {
                    "mean (MAE)", "root mean square", "median", "75th percentile",
                    "95th percentile", "largest", "mean signed (bias)", "best on"};
                for (int l = 0; l < 8; l++) {
                    printf("  %-*s %9s", w, labels[l], "");
                    for (int m = 0; m < B_MODELS; m++) {
                        if (!(a->models & batch_model_bits[m]))
                            continue;
                        const batch_score *s = &sc[m];
                        double v[] = {s->mae, s->rmse, s->abs.p50, s->abs.p75, s->abs.p95,
                                      s->abs.max, s->bias, s->best};
                        if (l == 7)
                            printf(" %11d", s->best);
                        else
                            printf(" %11.3f", v[l]);
                    }
                    putchar('\n');
                }
            } else {
                puts("\nNo table has an Outcome column: nothing to score.");
            }
            print_options(stdout, &a->eu);
            if (fflush(stdout) != 0)
                worst = CLI_EXIT_IO;
        }
    }
    for (int r = 0; r < nrows; r++) {
        free(rows[r].id);
        free(rows[r].source);
    }
    free(rows);
    for (int p = 0; p < count; p++)
        free(paths[p]);
    free(paths);
    return worst;
}

/* ---- the verb ----------------------------------------------------------------------------- */

int cmd_forecast(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(forecast_help, stdout);
            return CLI_EXIT_OK;
        }
    fc_args a;
    memset(&a, 0, sizeof a);
    int rc = parse(argc, argv, &a);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (a.quota > 0.5 && !a.has_status_quo && a.file && ends_with_csv(a.file))
        return usage("%s", "--quota above 0.5 needs a status quo: --status-quo X");
    return a.batch ? batch(&a) : forecast_file(&a);
}
