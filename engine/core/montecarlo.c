/* montecarlo.c: Monte Carlo over uncertain parameters: sampling, applying a draw, restoring a
   worker's scenario between runs, parallel runs on independent streams, and the aggregate
   (outcome odds, signatories, most frequent packages, tornado ranking). */
#include "montecarlo.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MC_PI 3.14159265358979323846

/* ---- sampling ---------------------------------------------------------------------- */

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

static double sample_choice(const model_uncertain *u, rng_state *r)
{
    double total = 0;
    for (int i = 0; i < u->choice_count; i++)
        total += u->weights[i] > 0 ? u->weights[i] : 0;
    double x = rng_uniform(r);
    if (u->choice_count <= 0)
        return 0;
    if (!(total > 0)) /* no weights given: every choice equally likely */
        return u->choices[(int)(x * u->choice_count)];
    double target = x * total, cum = 0;
    int last = 0;
    for (int i = 0; i < u->choice_count; i++) {
        if (!(u->weights[i] > 0))
            continue;
        last = i;
        cum += u->weights[i];
        if (target < cum)
            return u->choices[i];
    }
    return u->choices[last]; /* rounding at the very top of the range */
}

double mc_sample(const model_uncertain *u, rng_state *r)
{
    double v;
    switch (u->dist) {
    case DIST_UNIFORM:
        v = u->a + (u->b - u->a) * rng_uniform(r);
        break;
    case DIST_NORMAL: {
        /* Box-Muller; 1 - u1 is in (0, 1], so the log is finite. The second value is dropped
           so that every draw takes exactly two numbers from the stream. */
        double u1 = 1.0 - rng_uniform(r), u2 = rng_uniform(r);
        v = u->a + u->b * sqrt(-2.0 * log(u1)) * cos(2.0 * MC_PI * u2);
        break;
    }
    case DIST_TRIANGULAR: {
        double x = rng_uniform(r), a = u->a, b = u->b, c = u->c;
        if (!(b > a)) {
            v = a;
            break;
        }
        double fc = (c - a) / (b - a);
        v = x < fc ? a + sqrt(x * (b - a) * (c - a)) : b - sqrt((1 - x) * (b - a) * (b - c));
        break;
    }
    case DIST_CHOICE:
        v = sample_choice(u, r);
        break;
    default:
        v = u->a;
        break;
    }
    return u->hi > u->lo ? clamp(v, u->lo, u->hi) : v;
}

/* ---- applying a draw --------------------------------------------------------------- */

/* The draw becomes issue k's weight next to the actor's other (normalised) saliences, then
   the row is normalised again. */
/* The draw is in the author's scale (as written in the scenario, e.g. 0-5): the other issues
   keep their author's weights (normalised share times the actor's salience_scale). */
static void set_salience(model_scenario *scn, model_actor *a, int k, double weight)
{
    double scale = a->salience_scale > 0 ? a->salience_scale : 1;
    for (int j = 0; j < scn->issue_count; j++)
        a->salience[j] *= scale;
    a->salience[k] = weight;
    double total = 0;
    for (int j = 0; j < scn->issue_count; j++)
        total += a->salience[j];
    if (!(total > 0)) { /* it cares about nothing else: this issue is all it has */
        a->salience[k] = 1;
        return;
    }
    for (int j = 0; j < scn->issue_count; j++)
        a->salience[j] /= total;
}

void mc_apply(model_scenario *scn, const model_uncertain *u, double value)
{
    model_actor *a = &scn->actors[u->actor];
    switch (u->target) {
    case UNCERTAIN_RESERVATION:
        a->reservation = clamp(value, 0, 1);
        break;
    case UNCERTAIN_CAPABILITY:
        a->capability = value > 0 ? value : 0;
        break;
    case UNCERTAIN_SALIENCE:
        set_salience(scn, a, u->other, value > 0 ? value : 0);
        break;
    case UNCERTAIN_BETA:
        a->tactic.beta = value > 1e-6 ? value : 1e-6;
        break;
    case UNCERTAIN_DEADLINE: {
        double d = floor(value + 0.5);
        a->tactic.deadline = d < 1 ? 1 : d > 1e6 ? 1000000 : (int)d;
        break;
    }
    case UNCERTAIN_SUSCEPTIBILITY:
        a->tactic.susceptibility = clamp(value, 0, 1);
        break;
    case UNCERTAIN_KAPPA:
        a->tactic.kappa = clamp(value, 0, 1);
        break;
    case UNCERTAIN_LISTENS:
        a->listens[u->other] = value > 0 ? value : 0;
        break;
    }
}

ent_status mc_check(const model_scenario *scn, ent_error *err)
{
    if (scn->uncertain_count < 0 || scn->uncertain_count > MODEL_MAX_UNCERTAIN)
        return ent_fail(err, ENT_ERR_USAGE, "%d uncertain parameters (at most %d)",
                        scn->uncertain_count, MODEL_MAX_UNCERTAIN);
    for (int p = 0; p < scn->uncertain_count; p++) {
        const model_uncertain *u = &scn->uncertain[p];
        const char *id = u->id;
        if (u->actor < 0 || u->actor >= scn->actor_count)
            return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': no actor %d", id,
                            u->actor);
        if ((unsigned)u->target > UNCERTAIN_LISTENS)
            return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': unknown target",
                            id);
        if (u->target == UNCERTAIN_SALIENCE && (u->other < 0 || u->other >= scn->issue_count))
            return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': no issue %d", id,
                            u->other);
        if (u->target == UNCERTAIN_LISTENS && (u->other < 0 || u->other >= scn->actor_count))
            return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': no actor %d "
                            "to listen to", id, u->other);
        if (!isfinite(u->a) || !isfinite(u->b) || !isfinite(u->c) || !isfinite(u->lo) ||
            !isfinite(u->hi))
            return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': a number is not "
                            "finite", id);
        switch (u->dist) {
        case DIST_UNIFORM:
            if (u->a > u->b)
                return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': uniform(a, b) "
                                "needs a <= b (got %g, %g)", id, u->a, u->b);
            break;
        case DIST_NORMAL:
            if (u->b < 0)
                return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': the standard "
                                "deviation is negative (%g)", id, u->b);
            break;
        case DIST_TRIANGULAR:
            if (!(u->a <= u->c && u->c <= u->b))
                return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': triangular "
                                "needs a <= mode <= b (got %g, %g, %g)", id, u->a, u->c, u->b);
            break;
        case DIST_CHOICE:
            if (u->choice_count < 1 || u->choice_count > MODEL_MAX_CHOICES)
                return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': %d choices "
                                "(1 to %d)", id, u->choice_count, MODEL_MAX_CHOICES);
            for (int i = 0; i < u->choice_count; i++)
                if (!isfinite(u->choices[i]) || !isfinite(u->weights[i]) || u->weights[i] < 0)
                    return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': choice %d "
                                    "needs a finite value and a weight >= 0", id, i + 1);
            break;
        default:
            return ent_fail(err, ENT_ERR_SCENARIO, "uncertain parameter '%s': unknown "
                            "distribution", id);
        }
    }
    return ENT_OK;
}

/* ---- snapshots: what a run may change ----------------------------------------------- */

typedef struct {
    double reservation, capability;
    double salience[MODEL_MAX_ISSUES];
    double value[MODEL_MAX_ISSUES][MODEL_MAX_OPTIONS]; /* positions: events may move them */
    model_tactic tactic;
    double listens[MODEL_MAX_ACTORS];
    bool dormant[MODEL_MAX_REDLINES];
} actor_state;

struct mc_snapshot {
    int actor_count, issue_count;
    model_rule rule;         /* parties and required change with events and scripts */
    model_protocol protocol; /* round_new fills in the alternating order */
    actor_state actors[MODEL_MAX_ACTORS];
};

mc_snapshot *mc_snapshot_take(const model_scenario *scn)
{
    mc_snapshot *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    s->actor_count = scn->actor_count;
    s->issue_count = scn->issue_count;
    s->rule = scn->rule;
    s->protocol = scn->protocol;
    for (int i = 0; i < scn->actor_count; i++) {
        const model_actor *a = &scn->actors[i];
        actor_state *st = &s->actors[i];
        st->reservation = a->reservation;
        st->capability = a->capability;
        memcpy(st->salience, a->salience, sizeof st->salience[0] * (size_t)scn->issue_count);
        memcpy(st->value, a->value, sizeof st->value[0] * (size_t)scn->issue_count);
        st->tactic = a->tactic;
        memcpy(st->listens, a->listens, sizeof st->listens[0] * (size_t)scn->actor_count);
        for (int r = 0; r < a->redline_count; r++)
            st->dormant[r] = a->redlines[r].dormant;
    }
    return s;
}

void mc_snapshot_restore(const mc_snapshot *s, model_scenario *scn)
{
    scn->rule = s->rule;
    scn->protocol = s->protocol;
    for (int i = 0; i < s->actor_count; i++) {
        model_actor *a = &scn->actors[i];
        const actor_state *st = &s->actors[i];
        a->reservation = st->reservation;
        a->capability = st->capability;
        memcpy(a->salience, st->salience, sizeof st->salience[0] * (size_t)s->issue_count);
        memcpy(a->value, st->value, sizeof st->value[0] * (size_t)s->issue_count);
        a->tactic = st->tactic;
        memcpy(a->listens, st->listens, sizeof st->listens[0] * (size_t)s->actor_count);
        for (int r = 0; r < a->redline_count; r++)
            a->redlines[r].dormant = st->dormant[r];
    }
}

void mc_snapshot_free(mc_snapshot *s)
{
    free(s);
}

/* ---- one run ------------------------------------------------------------------------ */

uint64_t mc_run_seed(uint64_t seed, int run)
{
    /* splitmix64's finaliser of the run index: neighbouring runs get unrelated seeds. */
    uint64_t z = (uint64_t)run * 0x9e3779b97f4a7c15ull + 0x6a09e667f3bcc909ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return seed ^ (z ^ (z >> 31));
}

typedef struct {
    model_package package;
    model_set signatories;
    int rounds;
    unsigned char kind;
    bool has_package;
} run_record;

typedef struct {
    const model_scenario *scn; /* the caller's: its uncertain list is read by every worker */
    int runs, rounds;
    uint64_t seed;
    run_record *records;
    double *draws;
    unsigned char *outcomes;
    atomic_int next, done, first_failed; /* first_failed = runs while none failed */
    pthread_mutex_t lock;
    ent_error fail_err;                  /* the lowest failing run's error */
    const mc_options *opts;
} shared_state;

typedef struct {
    shared_state *sh;
    int index;
    model_scenario *scn;
    round_hooks hooks;
    bool has_hooks, made, started;
    mc_snapshot *pristine;
    pthread_t thread;
    int next_report, last_reported; /* worker 0 reports progress */
} worker;

static ent_status run_one(worker *w, int k, ent_error *err)
{
    shared_state *sh = w->sh;
    const model_scenario *src = sh->scn;
    mc_snapshot_restore(w->pristine, w->scn);
    rng_state r;
    rng_seed_stream(&r, sh->seed, (uint64_t)k);
    double *d = sh->draws + (size_t)k * (size_t)src->uncertain_count;
    for (int u = 0; u < src->uncertain_count; u++) {
        d[u] = mc_sample(&src->uncertain[u], &r);
        mc_apply(w->scn, &src->uncertain[u], d[u]);
    }
    round_options ro = {.seed = mc_run_seed(sh->seed, k), .rounds = sh->rounds};
    const mc_worker_factory *f = sh->opts->factory;
    if (f && f->begin_run) {
        ent_status st = f->begin_run(f->ctx, w->index, k, ro.seed, err);
        if (st != ENT_OK)
            return st;
    }
    round_transcript t;
    memset(&t, 0, sizeof t);
    ent_status st = round_simulate(w->scn, &ro, w->has_hooks ? &w->hooks : NULL, &t, err);
    if (st != ENT_OK)
        return st;
    run_record *rec = &sh->records[k];
    memset(rec, 0, sizeof *rec);
    rec->kind = (unsigned char)t.outcome.kind;
    rec->has_package = t.outcome.has_package && t.outcome.kind != OUTCOME_BREAKDOWN;
    if (rec->has_package)
        memcpy(rec->package.opt, t.outcome.package.opt, (size_t)src->issue_count);
    rec->signatories = t.outcome.signatories;
    rec->rounds = t.outcome.rounds;
    sh->outcomes[k] = rec->kind;
    round_transcript_free(&t);
    return ENT_OK;
}

/* Worker 0 runs on the calling thread, so the caller hears of progress there only; at most
   about 200 calls. */
static void report(worker *w)
{
    const mc_options *o = w->sh->opts;
    if (!o->progress)
        return;
    int done = atomic_load(&w->sh->done);
    if (done >= w->next_report && done != w->last_reported) {
        o->progress(o->progress_ctx, done, w->sh->runs);
        w->last_reported = done;
        int step = w->sh->runs / 200 > 0 ? w->sh->runs / 200 : 1;
        w->next_report = done + step;
    }
}

static void *work(void *arg)
{
    worker *w = arg;
    shared_state *sh = w->sh;
    for (;;) {
        int k = atomic_fetch_add(&sh->next, 1);
        /* Runs are handed out in order, so every run below a failing one is (or was) taken:
           the lowest failing index is found whatever the scheduling. */
        if (k >= sh->runs || k > atomic_load(&sh->first_failed))
            break;
        ent_error err;
        ent_error_clear(&err);
        if (run_one(w, k, &err) != ENT_OK) {
            if (err.status == ENT_OK)
                err.status = ENT_ERR_SCENARIO;
            pthread_mutex_lock(&sh->lock);
            if (k < atomic_load(&sh->first_failed)) {
                sh->fail_err = err;
                size_t n = strlen(err.message);
                snprintf(sh->fail_err.message + n, sizeof sh->fail_err.message - n,
                         " (Monte Carlo run %d)", k);
                atomic_store(&sh->first_failed, k);
            }
            pthread_mutex_unlock(&sh->lock);
            break;
        }
        atomic_fetch_add(&sh->done, 1);
        if (w->index == 0)
            report(w);
    }
    return NULL;
}

/* ---- the aggregate ------------------------------------------------------------------ */

/* A run's package and kind as a sort key: packages are zero past issue_count, so whole
   packages compare like their first issue_count options. */
typedef struct {
    model_package package;
    int kind, run;
} pkg_key;

static int cmp_key(const void *a, const void *b)
{
    const pkg_key *x = a, *y = b;
    int c = memcmp(x->package.opt, y->package.opt, sizeof x->package.opt);
    if (c)
        return c;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return (x->run > y->run) - (x->run < y->run);
}

static int cmp_top(const mc_package *x, const mc_package *y)
{
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    int c = memcmp(x->package.opt, y->package.opt, sizeof x->package.opt);
    if (c)
        return c;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

static ent_status top_packages(const run_record *recs, int runs, mc_result *out, ent_error *err)
{
    pkg_key *keys = malloc(sizeof *keys * (size_t)runs);
    if (!keys)
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    int n = 0;
    for (int k = 0; k < runs; k++)
        if (recs[k].has_package)
            keys[n++] = (pkg_key){recs[k].package, recs[k].kind, k};
    if (n > 1)
        qsort(keys, (size_t)n, sizeof keys[0], cmp_key);
    for (int s = 0; s < n;) {
        int e = s + 1;
        while (e < n && keys[e].kind == keys[s].kind &&
               memcmp(keys[e].package.opt, keys[s].package.opt, sizeof keys[s].package.opt) == 0)
            e++;
        out->distinct_packages++;
        mc_package cand = {.package = keys[s].package, .kind = (round_outcome_kind)keys[s].kind,
                           .count = e - s};
        /* Insert into the sorted top list, dropping whatever falls off its end. */
        int pos = out->package_count;
        while (pos > 0 && cmp_top(&cand, &out->packages[pos - 1]) < 0)
            pos--;
        if (pos < MC_TOP_PACKAGES) {
            int last = out->package_count < MC_TOP_PACKAGES ? out->package_count
                                                             : MC_TOP_PACKAGES - 1;
            memmove(&out->packages[pos + 1], &out->packages[pos],
                    sizeof out->packages[0] * (size_t)(last - pos));
            out->packages[pos] = cand;
            if (out->package_count < MC_TOP_PACKAGES)
                out->package_count++;
        }
        s = e;
    }
    for (int p = 0; p < out->package_count; p++)
        out->packages[p].frequency = (double)out->packages[p].count / runs;
    free(keys);
    return ENT_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_tornado(const void *a, const void *b)
{
    const mc_tornado *x = a, *y = b;
    if (x->swing != y->swing)
        return x->swing > y->swing ? -1 : 1;
    return (x->uncertain > y->uncertain) - (x->uncertain < y->uncertain);
}

/* The tornado entry of parameter `param`; sorted is scratch space for `runs` doubles. */
static void tornado_entry(const model_uncertain *u, const double *draws, int stride, int param,
                          const unsigned char *outcomes, int runs, double *sorted,
                          mc_tornado *t)
{
    for (int k = 0; k < runs; k++)
        sorted[k] = draws[(size_t)k * (size_t)stride + (size_t)param];
    qsort(sorted, (size_t)runs, sizeof sorted[0], cmp_double);
    double median = runs % 2 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
    double lowest = sorted[0], highest = sorted[runs - 1];
    int below = 0, above = 0;
    for (int k = 0; k < runs; k++) {
        below += sorted[k] < median;
        above += sorted[k] > median;
    }
    /* Where the draws equal to the median go: the smaller half, or neither. */
    int eq_side = below < above ? -1 : below > above ? 1 : 0;
    memset(t, 0, sizeof *t);
    t->uncertain = param;
    t->median = median;
    int deals[2] = {0, 0};
    double sum[2] = {0, 0};
    for (int k = 0; k < runs; k++) {
        double v = draws[(size_t)k * (size_t)stride + (size_t)param];
        int side;
        if (u->dist == DIST_CHOICE)
            side = lowest == highest ? 0 : v == lowest ? -1 : v == highest ? 1 : 0;
        else
            side = v < median ? -1 : v > median ? 1 : eq_side;
        if (side == 0)
            continue;
        int h = side > 0;
        bool deal = outcomes[k] != OUTCOME_BREAKDOWN;
        if (h)
            t->high_count++;
        else
            t->low_count++;
        deals[h] += deal;
        sum[h] += v;
    }
    if (t->low_count) {
        t->low_value = sum[0] / t->low_count;
        t->low_deal = (double)deals[0] / t->low_count;
    }
    if (t->high_count) {
        t->high_value = sum[1] / t->high_count;
        t->high_deal = (double)deals[1] / t->high_count;
    }
    t->swing = fabs(t->high_deal - t->low_deal);
}

static ent_status aggregate(const model_scenario *scn, const run_record *recs, int runs,
                            mc_result *out, ent_error *err)
{
    out->runs = runs;
    out->actor_count = scn->actor_count;
    out->uncertain_count = scn->uncertain_count;
    long long rounds = 0;
    for (int k = 0; k < runs; k++) {
        const run_record *r = &recs[k];
        out->outcome_count[r->kind]++;
        rounds += r->rounds;
        if (r->kind != OUTCOME_BREAKDOWN)
            for (int i = 0; i < scn->actor_count; i++)
                out->signatory_count[i] += model_set_has(r->signatories, i);
    }
    for (int o = 0; o < MC_OUTCOME_KINDS; o++)
        out->outcome_probability[o] = (double)out->outcome_count[o] / runs;
    out->deal_count = out->outcome_count[OUTCOME_AGREEMENT] + out->outcome_count[OUTCOME_COALITION];
    out->deal_probability = (double)out->deal_count / runs;
    out->mean_rounds = (double)rounds / runs;
    for (int i = 0; i < scn->actor_count; i++)
        out->signatory_probability[i] = (double)out->signatory_count[i] / runs;
    ent_status st = top_packages(recs, runs, out, err);
    if (st != ENT_OK)
        return st;
    int n = scn->uncertain_count;
    if (n == 0)
        return ENT_OK;
    out->tornado = calloc((size_t)n, sizeof *out->tornado);
    double *sorted = malloc(sizeof *sorted * (size_t)runs);
    if (!out->tornado || !sorted) {
        free(sorted);
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    }
    for (int u = 0; u < n; u++)
        tornado_entry(&scn->uncertain[u], out->draws, n, u, out->outcomes, runs, sorted,
                      &out->tornado[u]);
    free(sorted);
    qsort(out->tornado, (size_t)n, sizeof out->tornado[0], cmp_tornado);
    return ENT_OK;
}

/* ---- mc_run --------------------------------------------------------------------------- */

static int online_processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MC_MAX_THREADS ? MC_MAX_THREADS : (int)n;
}

static ent_status make_worker(const model_scenario *scn, const mc_options *o, worker *w,
                              ent_error *err)
{
    if (o->factory) {
        ent_status st = o->factory->make(o->factory->ctx, w->index, &w->scn, &w->hooks, err);
        if (st != ENT_OK) {
            if (err->status == ENT_OK)
                ent_fail(err, st, "the worker factory could not make worker %d", w->index);
            return st;
        }
        w->made = true;
        w->has_hooks = true;
        if (!w->scn)
            return ent_fail(err, ENT_ERR_USAGE, "the worker factory gave worker %d no scenario",
                            w->index);
        if (w->scn->actor_count != scn->actor_count || w->scn->issue_count != scn->issue_count ||
            w->scn->uncertain_count != scn->uncertain_count)
            return ent_fail(err, ENT_ERR_USAGE, "the worker factory gave worker %d a different "
                            "scenario (%d actors, %d issues) than the Monte Carlo's (%d, %d)",
                            w->index, w->scn->actor_count, w->scn->issue_count,
                            scn->actor_count, scn->issue_count);
    } else {
        w->scn = model_clone(scn);
        if (!w->scn)
            return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
        w->made = true;
    }
    w->pristine = mc_snapshot_take(w->scn);
    if (!w->pristine)
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    return ENT_OK;
}

static void destroy_worker(const mc_options *o, worker *w)
{
    if (w->pristine)
        mc_snapshot_restore(w->pristine, w->scn); /* hand back the scenario as it came */
    mc_snapshot_free(w->pristine);
    if (w->made) {
        if (o->factory) {
            if (o->factory->destroy)
                o->factory->destroy(o->factory->ctx, w->index, w->scn, &w->hooks);
        } else {
            model_free(w->scn);
        }
    }
}

ent_status mc_run(const model_scenario *scn, const mc_options *opts, mc_result *out,
                  ent_error *err)
{
    ent_error local;
    if (!err)
        err = &local;
    memset(out, 0, sizeof *out);
    ent_error_clear(err);
    mc_options o = opts ? *opts : (mc_options){0};
    if (o.runs < 0 || o.runs > MC_MAX_RUNS)
        return ent_fail(err, ENT_ERR_USAGE, "%d Monte Carlo runs (1 to %d)", o.runs,
                        MC_MAX_RUNS);
    if (o.threads < 0)
        return ent_fail(err, ENT_ERR_USAGE, "%d threads", o.threads);
    if (o.factory && !o.factory->make)
        return ent_fail(err, ENT_ERR_USAGE, "a worker factory without make");
    int runs = o.runs ? o.runs : MC_DEFAULT_RUNS;
    int threads = o.threads ? o.threads : online_processors();
    threads = threads > MC_MAX_THREADS ? MC_MAX_THREADS : threads;
    threads = threads > runs ? runs : threads;
    ent_status st = mc_check(scn, err);
    if (st != ENT_OK)
        return st;

    shared_state sh = {.scn = scn, .runs = runs, .rounds = o.rounds, .seed = o.seed,
                       .opts = &o};
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.first_failed, runs);
    ent_error_clear(&sh.fail_err);
    size_t ndraws = (size_t)runs * (size_t)scn->uncertain_count;
    sh.records = calloc((size_t)runs, sizeof *sh.records);
    sh.outcomes = calloc((size_t)runs, 1);
    sh.draws = ndraws ? calloc(ndraws, sizeof *sh.draws) : NULL;
    worker *ws = calloc((size_t)threads, sizeof *ws);
    bool have_lock = pthread_mutex_init(&sh.lock, NULL) == 0;
    if (!sh.records || !sh.outcomes || (ndraws && !sh.draws) || !ws || !have_lock) {
        free(sh.records);
        free(sh.outcomes);
        free(sh.draws);
        free(ws);
        if (have_lock)
            pthread_mutex_destroy(&sh.lock);
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    }

    /* Workers are made one after the other on this thread, so a factory need not be
       thread-safe and the first worker that cannot be made is the error reported. */
    int made = 0;
    for (; made < threads && st == ENT_OK; made++) {
        ws[made].sh = &sh;
        ws[made].index = made;
        ws[made].last_reported = -1;
        st = make_worker(scn, &o, &ws[made], err);
    }
    if (st == ENT_OK) {
        /* Worker 0 runs on this thread (and reports progress); a thread that cannot be
           started leaves its share to the others, which changes nothing in the result. */
        for (int t = 1; t < threads; t++)
            ws[t].started = pthread_create(&ws[t].thread, NULL, work, &ws[t]) == 0;
        work(&ws[0]);
        for (int t = 1; t < threads; t++)
            if (ws[t].started)
                pthread_join(ws[t].thread, NULL);
        if (atomic_load(&sh.first_failed) < runs) {
            *err = sh.fail_err;
            st = err->status;
        } else if (atomic_load(&sh.done) != runs) {
            st = ent_fail(err, ENT_ERR_NOMEM, "not every Monte Carlo run was made");
        }
    }
    for (int t = 0; t < made; t++)
        destroy_worker(&o, &ws[t]);
    int last_reported = ws[0].last_reported;
    free(ws);
    pthread_mutex_destroy(&sh.lock);

    if (st == ENT_OK) {
        out->outcomes = sh.outcomes;
        out->draws = sh.draws;
        sh.outcomes = NULL;
        sh.draws = NULL;
        st = aggregate(scn, sh.records, runs, out, err);
        if (st == ENT_OK && o.progress && last_reported != runs)
            o.progress(o.progress_ctx, runs, runs);
    }
    free(sh.records);
    free(sh.outcomes);
    free(sh.draws);
    if (st != ENT_OK)
        mc_result_free(out);
    return st;
}

void mc_result_free(mc_result *r)
{
    if (!r)
        return;
    free(r->tornado);
    free(r->outcomes);
    free(r->draws);
    memset(r, 0, sizeof *r);
}
