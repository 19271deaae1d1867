/* forecast.c: the forecasting models for one continuous issue (compromise, weighted median,
   expected utility), Monte Carlo over their inputs on parallel independent streams, and the
   bridge from a scenario's continuous issues. */
#include "forecast.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "montecarlo.h"

#define FORECAST_PI 3.14159265358979323846

/* ---- checks ---------------------------------------------------------------------------- */

forecast_problem forecast_check(const forecast_input *in, int *actor)
{
    int dummy;
    if (!actor)
        actor = &dummy;
    *actor = -1;
    if (in->n < 2)
        return FORECAST_TOO_FEW;
    if (in->n > FORECAST_MAX_ACTORS)
        return FORECAST_TOO_MANY;
    double weight = 0;
    bool spread = false;
    for (int i = 0; i < in->n; i++) {
        *actor = i;
        double x = in->position[i], s = in->salience[i], c = in->capability[i];
        if (!isfinite(x) || !isfinite(s) || !isfinite(c))
            return FORECAST_NOT_FINITE;
        if (c < 0)
            return FORECAST_BAD_CAPABILITY;
        if (s < 0 || s > 1)
            return FORECAST_BAD_SALIENCE;
        weight += c * s;
        spread = spread || x != in->position[0];
    }
    *actor = -1;
    if (!spread)
        return FORECAST_ALL_EQUAL;
    if (!(weight > 0))
        return FORECAST_NO_WEIGHT;
    return FORECAST_INPUT_OK;
}

/* ---- compromise and weighted median -------------------------------------------------- */

static double weight_of(const forecast_input *in, int i)
{
    return in->capability[i] * in->salience[i];
}

static double total_weight(const forecast_input *in)
{
    double total = 0;
    for (int i = 0; i < in->n; i++)
        total += weight_of(in, i);
    return total;
}

double forecast_weighted_mean(const forecast_input *in, const double *x)
{
    if (!x)
        x = in->position;
    double num = 0, den = 0;
    for (int i = 0; i < in->n; i++) {
        num += weight_of(in, i) * x[i];
        den += weight_of(in, i);
    }
    if (!(den > 0)) { /* nobody weighs anything: everyone counts the same */
        num = 0;
        for (int i = 0; i < in->n; i++)
            num += x[i];
        return in->n > 0 ? num / in->n : 0;
    }
    return num / den;
}

double forecast_compromise(const forecast_input *in)
{
    return forecast_weighted_mean(in, NULL);
}

/* Indices 0..n-1 sorted by x (ties by index): insertion sort, n is small and it is stable. */
static void sort_by_position(const double *x, int n, int *order)
{
    for (int i = 0; i < n; i++) {
        int v = order[i] = i, j = i;
        while (j > 0 && x[order[j - 1]] > x[v]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
}

/* The half-way test with a hair of slack, so that a weight that reaches exactly half the total
   in exact arithmetic does so in floating point too, whatever the summation order. */
static bool reaches(double cumulative, double share, double total)
{
    return cumulative >= share * total - 1e-12 * total;
}

static double median_sorted(const forecast_input *in, const double *x, const int *order)
{
    double total = total_weight(in);
    bool equal = !(total > 0);
    if (equal)
        total = in->n;
    double cum = 0;
    for (int r = 0; r < in->n; r++) {
        int i = order[r];
        cum += equal ? 1 : weight_of(in, i);
        if (reaches(cum, 0.5, total))
            return x[i];
    }
    return x[order[in->n - 1]];
}

/* The weighted median of x, sorting into order (n entries). */
static double median_of(const forecast_input *in, const double *x, int *order)
{
    sort_by_position(x, in->n, order);
    return median_sorted(in, x, order);
}

double forecast_weighted_median(const forecast_input *in, const double *x)
{
    if (!x)
        x = in->position;
    int order[FORECAST_MAX_ACTORS];
    assert(in->n >= 1 && in->n <= FORECAST_MAX_ACTORS);
    sort_by_position(x, in->n, order);
    return median_sorted(in, x, order);
}

double forecast_median(const forecast_input *in, const forecast_median_options *o)
{
    double quota = o && o->quota > 0 ? o->quota : 0.5;
    if (!o || !o->has_status_quo)
        return forecast_weighted_median(in, NULL);
    const double *x = in->position;
    int order[FORECAST_MAX_ACTORS];
    assert(in->n >= 1 && in->n <= FORECAST_MAX_ACTORS);
    sort_by_position(x, in->n, order);
    double total = total_weight(in);
    bool equal = !(total > 0);
    if (equal)
        total = in->n;
    /* Right pivot: the smallest x with `quota` of the weight at or below it; left pivot: the
       largest x with `quota` of the weight at or above it. */
    double right = x[order[in->n - 1]], left = x[order[0]], cum = 0;
    for (int r = 0; r < in->n; r++) {
        cum += equal ? 1 : weight_of(in, order[r]);
        if (reaches(cum, quota, total)) {
            right = x[order[r]];
            break;
        }
    }
    cum = 0;
    for (int r = in->n - 1; r >= 0; r--) {
        cum += equal ? 1 : weight_of(in, order[r]);
        if (reaches(cum, quota, total)) {
            left = x[order[r]];
            break;
        }
    }
    double lo = left < right ? left : right, hi = left < right ? right : left;
    double sq = o->status_quo;
    return sq < lo ? lo : sq > hi ? hi : sq;
}

/* ---- the expected utility model ------------------------------------------------------ */

forecast_eu_options forecast_eu_defaults(void)
{
    return (forecast_eu_options){.q = 1, .t = 1, .denominator = FORECAST_DENOM_ABS,
                                 .conflict = FORECAST_CONFLICT_NONE,
                                 .risk = FORECAST_RISK_INITIAL, .range = FORECAST_RANGE_INITIAL,
                                 .rounds = 100, .tolerance = 1e-3};
}

const char *forecast_eu_options_problem(const forecast_eu_options *o)
{
    if (!(o->q >= 0 && o->q <= 1))
        return "Q must be between 0 and 1";
    if (!(o->t >= 0 && o->t <= 1))
        return "T must be between 0 and 1";
    if (o->rounds < 1 || o->rounds > FORECAST_MAX_ROUNDS)
        return "the round cap must be from 1 to 10000";
    if (!(o->tolerance >= 0 && o->tolerance < 1))
        return "the tolerance must be at least 0 and below 1";
    if ((unsigned)o->denominator > FORECAST_DENOM_CAPABILITY ||
        (unsigned)o->conflict > FORECAST_CONFLICT_MOVE ||
        (unsigned)o->risk > FORECAST_RISK_NEUTRAL || (unsigned)o->range > FORECAST_RANGE_CURRENT)
        return "an option has an unknown value";
    return NULL;
}

const char *forecast_offer_name(forecast_offer_kind kind)
{
    switch (kind) {
    case FORECAST_OFFER_CONFLICT: return "conflict";
    case FORECAST_OFFER_COMPROMISE: return "compromise";
    case FORECAST_OFFER_CAPITULATION: return "capitulation";
    }
    return "?";
}

struct forecast_work {
    int cap;
    double *x, *next, *r, *w, *p, *eu, *score;
    int *order;
    /* The utilities of success and failure of each ordered pair, kept while r and Delta stay
       the same: a pair whose distance did not change needs no new logarithm or exponential. */
    double *cdist, *us, *uf;
    int *pair;                       /* the pairs to recompute, and their bases and logs */
    double *bs, *bf, *ls, *lf;
    double *dist, *sums, *acc; /* the probabilities' scratch */
    bool cached;
};

forecast_work *forecast_work_new(int n)
{
    if (n < 1 || n > FORECAST_MAX_ACTORS)
        return NULL;
    forecast_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t nn = (size_t)n * (size_t)n;
    w->cap = n;
    w->x = malloc(sizeof *w->x * (size_t)n);
    w->next = malloc(sizeof *w->next * (size_t)n);
    w->r = malloc(sizeof *w->r * (size_t)n);
    w->w = malloc(sizeof *w->w * (size_t)n);
    w->score = malloc(sizeof *w->score * (size_t)n);
    w->p = malloc(sizeof *w->p * nn);
    w->eu = malloc(sizeof *w->eu * nn);
    w->order = malloc(sizeof *w->order * (size_t)n);
    w->cdist = malloc(sizeof *w->cdist * nn);
    w->pair = malloc(sizeof *w->pair * nn);
    w->bs = malloc(sizeof *w->bs * nn);
    w->bf = malloc(sizeof *w->bf * nn);
    w->ls = malloc(sizeof *w->ls * nn);
    w->lf = malloc(sizeof *w->lf * nn);
    w->dist = malloc(sizeof *w->dist * nn);
    w->sums = malloc(sizeof *w->sums * (size_t)n);
    w->acc = malloc(sizeof *w->acc * (size_t)n);
    w->us = malloc(sizeof *w->us * nn);
    w->uf = malloc(sizeof *w->uf * nn);
    if (!w->x || !w->next || !w->r || !w->w || !w->score || !w->p || !w->eu || !w->order ||
        !w->cdist || !w->dist || !w->sums || !w->acc || !w->us || !w->uf || !w->pair ||
        !w->bs || !w->bf || !w->ls || !w->lf) {
        forecast_work_free(w);
        return NULL;
    }
    return w;
}

void forecast_work_free(forecast_work *w)
{
    if (!w)
        return;
    free(w->x);
    free(w->next);
    free(w->r);
    free(w->w);
    free(w->score);
    free(w->p);
    free(w->eu);
    free(w->order);
    free(w->cdist);
    free(w->pair);
    free(w->bs);
    free(w->bf);
    free(w->ls);
    free(w->lf);
    free(w->dist);
    free(w->sums);
    free(w->acc);
    free(w->us);
    free(w->uf);
    free(w);
}

/* What a run records as it goes (NULL in Monte Carlo). */
typedef struct {
    forecast_eu_result *res;
    int pos_cap, chal_cap;
    bool failed; /* memory ran out */
} eu_log;

static void log_round(eu_log *log, const forecast_input *in, const double *x, int round)
{
    forecast_eu_result *res = log->res;
    int n = in->n;
    if (round + 1 > log->pos_cap) {
        int cap = log->pos_cap ? log->pos_cap * 2 : 64;
        double *p = realloc(res->positions, sizeof *p * (size_t)cap * (size_t)n);
        double *med = realloc(res->median_by_round, sizeof *med * (size_t)cap);
        if (p)
            res->positions = p;
        if (med)
            res->median_by_round = med;
        double *mean = realloc(res->mean_by_round, sizeof *mean * (size_t)cap);
        if (mean)
            res->mean_by_round = mean;
        if (!p || !med || !mean) {
            log->failed = true;
            return;
        }
        log->pos_cap = cap;
    }
    memcpy(res->positions + (size_t)round * (size_t)n, x, sizeof *x * (size_t)n);
    res->median_by_round[round] = forecast_weighted_median(in, x);
    res->mean_by_round[round] = forecast_weighted_mean(in, x);
}

static void log_challenge(eu_log *log, forecast_challenge c)
{
    forecast_eu_result *res = log->res;
    if (res->challenge_count == log->chal_cap) {
        int cap = log->chal_cap ? log->chal_cap * 2 : 256;
        forecast_challenge *grown = realloc(res->challenges, sizeof *grown * (size_t)cap);
        if (!grown) {
            log->failed = true;
            return;
        }
        res->challenges = grown;
        log->chal_cap = cap;
    }
    res->challenges[res->challenge_count++] = c;
}

/* 2 - 4 base^r, the utility shape of Scholz et al.; r = 1 needs no pow. */
static double shape(double base, double r)
{
    if (base < 0) /* only by rounding: distances never exceed Delta */
        base = 0;
    return 2 - 4 * (r == 1 ? base : pow(base, r));
}

/* P_ij for every ordered pair, into p[i * n + j]. With the votes v_k = c_k s_k (|x_k - x_j| -
   |x_k - x_i|), the positive ones sum to (sum |v_k| + sum v_k) / 2, and sum v_k = S_j - S_i with
   S_i = sum_k c_k s_k |x_k - x_i|: only sum |v_k| needs a pass over the voters, and for a fixed
   i it runs over every j at once (independent sums the compiler can vectorise, each still
   added in voter order). */
static void probabilities(const forecast_input *in, const forecast_eu_options *o,
                          const double *x, const double *w, double total, forecast_work *wk)
{
    int n = in->n;
    double *p = wk->p, *dist = wk->dist, *sums = wk->sums, *acc = wk->acc;
    if (o->denominator == FORECAST_DENOM_CAPABILITY) {
        for (int i = 0; i < n; i++) {
            p[i * n + i] = 0.5;
            for (int j = i + 1; j < n; j++) {
                double pos = 0, tie = 0;
                for (int k = 0; k < n; k++) {
                    double diff = fabs(x[k] - x[j]) - fabs(x[k] - x[i]); /* > 0: closer to i */
                    pos += diff > 0 ? w[k] : 0;
                    tie += diff == 0 ? w[k] : 0;
                }
                double pij = total > 0 ? (pos + 0.5 * tie) / total : 0.5;
                p[i * n + j] = pij;
                p[j * n + i] = 1 - pij;
            }
        }
        return;
    }
    for (int k = 0; k < n; k++)
        for (int j = 0; j < n; j++)
            dist[k * n + j] = fabs(x[k] - x[j]);
    for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int k = 0; k < n; k++)
            sum += w[k] * dist[k * n + i];
        sums[i] = sum;
    }
    for (int i = 0; i < n; i++) {
        p[i * n + i] = 0.5;
        for (int j = i + 1; j < n; j++)
            acc[j] = 0;
        for (int k = 0; k < n; k++) {
            const double *row = dist + (size_t)k * (size_t)n;
            double wk_ = w[k], dki = row[i];
            for (int j = i + 1; j < n; j++)
                acc[j] += wk_ * fabs(row[j] - dki);
        }
        for (int j = i + 1; j < n; j++) {
            double all = acc[j];
            double pij = all > 0 ? 0.5 + 0.5 * (sums[j] - sums[i]) / all : 0.5;
            pij = pij < 0 ? 0 : pij > 1 ? 1 : pij; /* rounding, at the extremes */
            p[i * n + j] = pij;
            p[j * n + i] = 1 - pij;
        }
    }
}

/* 2 - 4 2^(r lb), lb = log2(base): the shape from a logarithm shared by both sides of a pair
   (base 2: glibc's exp2 and log2 are the fastest of their kind). */
static double shape_log(double lb, double base, double r)
{
    return 2 - 4 * (r == 1 ? base : exp2(r * lb));
}

/* EU_i(j) for every ordered pair (0 on the diagonal), with risk exponents r. Both directions
   of a pair share the distance, so the logarithms of 0.5 -+ 0.5 d are taken once per pair and
   each side raises them to its own r (2^(r log2 b) rather than pow: Monte Carlo runs this
   some hundred million times). With `reuse`, r and Delta are those of the last call, and a
   pair at the same distance as then keeps its utilities. */
static void expected_utilities(const forecast_input *in, const forecast_eu_options *o,
                               const double *x, const double *p, const double *r, double delta,
                               double mu, forecast_work *w, bool reuse)
{
    int n = in->n;
    const double *s = in->salience;
    double *eu = w->eu;
    double qusq[FORECAST_MAX_ACTORS];
    bool neutral = true; /* every r is 1: no logarithm needed */
    for (int i = 0; i < n; i++) {
        /* Usq = 2 - 4 (1/2)^r = 2 - 4 2^-r */
        qusq[i] = o->q * (r[i] == 1 ? 0 : 2 - 4 * exp2(-r[i]));
        eu[i * n + i] = 0;
        neutral = neutral && r[i] == 1;
    }
    /* The pairs whose utilities must be (re)computed, then their logarithms and powers in
       tight loops of independent calls, which the processor overlaps. */
    int m = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double dist = fabs(x[i] - x[j]);
            int ij = i * n + j;
            if (reuse && w->cdist[ij] == dist)
                continue;
            w->cdist[ij] = dist;
            double d = dist / delta;
            double bs = 0.5 - 0.5 * d;
            w->pair[m] = ij;
            w->bs[m] = bs > 0 ? bs : 0; /* d never exceeds 1 but by rounding */
            w->bf[m] = 0.5 + 0.5 * d;
            m++;
        }
    if (!neutral)
        for (int t = 0; t < m; t++) {
            w->ls[t] = log2(w->bs[t]);
            w->lf[t] = log2(w->bf[t]);
        }
    for (int t = 0; t < m; t++) {
        int ij = w->pair[t], i = ij / n, j = ij % n, ji = j * n + i;
        double ls = neutral ? 0 : w->ls[t], lf = neutral ? 0 : w->lf[t];
        w->us[ij] = shape_log(ls, w->bs[t], r[i]);
        w->uf[ij] = shape_log(lf, w->bf[t], r[i]);
        w->us[ji] = shape_log(ls, w->bs[t], r[j]);
        w->uf[ji] = shape_log(lf, w->bf[t], r[j]);
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            int ij = i * n + j, ji = j * n + i;
            /* s_j (P Us + (1 - P) Uf) + (1 - s_j) Us - Q Usq, rearranged */
            double us = w->us[ij], uf = w->uf[ij];
            eu[ij] = us - s[j] * (1 - p[ij]) * (us - uf) - qusq[i];
            us = w->us[ji];
            uf = w->uf[ji];
            eu[ji] = us - s[i] * (1 - p[ji]) * (us - uf) - qusq[j];
        }
    if (o->q >= 1)
        return;
    /* - (1 - Q) (T Ub + (1 - T) Uw), which needs the median */
    for (int a = 0; a < n; a++) {
        double mm = fabs(x[a] - mu) / delta;
        for (int b = 0; b < n; b++) {
            if (a == b)
                continue;
            double d = fabs(x[a] - x[b]) / delta;
            double ub = shape(0.5 - 0.25 * (mm + d), r[a]);
            double uw = shape(0.5 + 0.25 * (mm + d), r[a]);
            eu[a * n + b] -= (1 - o->q) * (o->t * ub + (1 - o->t) * uw);
        }
    }
}

/* Risk: S_k = sum_{j != k} EU_j(k); R_k = (2 S_k - max S - min S) / (max S - min S);
   r_k = (1 - R_k / 3) / (1 + R_k / 3). All S equal: R = 0, r = 1. */
static void risk_from(const double *eu, int n, double *score, double *r)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < n; k++) {
        double sum = 0;
        for (int j = 0; j < n; j++)
            if (j != k)
                sum += eu[j * n + k];
        score[k] = sum;
        lo = sum < lo ? sum : lo;
        hi = sum > hi ? sum : hi;
    }
    for (int k = 0; k < n; k++) {
        double big_r = hi > lo ? (2 * score[k] - hi - lo) / (hi - lo) : 0;
        r[k] = (1 - big_r / 3) / (1 + big_r / 3);
    }
}

static void range_of(const double *x, int n, double *lo, double *hi)
{
    *lo = *hi = x[0];
    for (int i = 1; i < n; i++) {
        *lo = x[i] < *lo ? x[i] : *lo;
        *hi = x[i] > *hi ? x[i] : *hi;
    }
}

/* One whole run of the model. Leaves the final positions in w->x and the risk in w->r. */
static void eu_run(const forecast_input *in, const forecast_eu_options *o, forecast_work *w,
                   eu_log *log, forecast_eu_summary *out)
{
    int n = in->n;
    double *x = w->x, *next = w->next, *r = w->r, *p = w->p, *eu = w->eu;
    double total = 0;
    for (int i = 0; i < n; i++) {
        x[i] = in->position[i];
        w->w[i] = weight_of(in, i);
        total += w->w[i];
        r[i] = 1;
    }
    double lo, hi;
    range_of(x, n, &lo, &hi);
    double delta0 = hi - lo;
    double step_limit = o->tolerance * delta0;
    memset(out, 0, sizeof *out);
    w->cached = false;
    if (log)
        log_round(log, in, x, 0);
    int round = 0;
    bool converged = !(delta0 > 0);
    while (!converged && round < o->rounds) {
        round++;
        double delta = delta0;
        if (o->range == FORECAST_RANGE_CURRENT) {
            range_of(x, n, &lo, &hi);
            delta = hi - lo;
            if (!(delta > 0)) { /* everyone at one point: nothing left to move */
                converged = true;
                round--;
                break;
            }
        }
        double mu = o->q < 1 ? median_of(in, x, w->order) : 0;
        probabilities(in, o, x, w->w, total, w);
        bool estimate = o->risk == FORECAST_RISK_ROUND || o->risk == FORECAST_RISK_CARRY ||
                        (o->risk == FORECAST_RISK_INITIAL && round == 1);
        if (estimate) {
            if (o->risk != FORECAST_RISK_CARRY)
                for (int i = 0; i < n; i++)
                    r[i] = 1;
            expected_utilities(in, o, x, p, r, delta, mu, w, false);
            risk_from(eu, n, w->score, r);
        }
        /* The cached utilities hold while r and Delta do. */
        bool reuse = w->cached && !estimate && o->range == FORECAST_RANGE_INITIAL;
        expected_utilities(in, o, x, p, r, delta, mu, w, reuse);
        w->cached = true;

        /* Offers, seen from each target j: the one that moves it least is taken. */
        double biggest = 0;
        for (int j = 0; j < n; j++) {
            next[j] = x[j];
            double best_move = INFINITY;
            int best_entry = -1;
            for (int i = 0; i < n; i++) {
                if (i == j || x[i] == x[j])
                    continue;
                double a = eu[i * n + j], b = eu[j * n + i];
                if (!(a > 0) || b == 0 || (b > 0 && !(a > b)))
                    continue; /* no challenge, or j is the stronger one */
                forecast_offer_kind kind;
                double to;
                if (b > 0) {
                    kind = FORECAST_OFFER_CONFLICT;
                    to = o->conflict == FORECAST_CONFLICT_MOVE ? x[i] : x[j];
                } else if (-b < a) {
                    kind = FORECAST_OFFER_COMPROMISE;
                    to = x[j] + (x[i] - x[j]) * (-b / a);
                } else {
                    kind = FORECAST_OFFER_CAPITULATION;
                    to = x[i];
                }
                /* A conflict that moves nobody is no offer to take. */
                bool offer = kind != FORECAST_OFFER_CONFLICT ||
                             o->conflict == FORECAST_CONFLICT_MOVE;
                double move = fabs(to - x[j]);
                int entry = -1;
                if (log) {
                    entry = log->res->challenge_count;
                    log_challenge(log, (forecast_challenge){.round = round, .challenger = i,
                                                            .target = j, .kind = kind,
                                                            .eu_challenger = a, .eu_target = b,
                                                            .from = x[j], .to = to});
                    if (log->failed)
                        entry = -1;
                }
                if (offer && move < best_move) {
                    best_move = move;
                    next[j] = to;
                    best_entry = entry;
                }
            }
            if (best_entry >= 0)
                log->res->challenges[best_entry].taken = true;
            double moved = fabs(next[j] - x[j]);
            biggest = moved > biggest ? moved : biggest;
        }
        memcpy(x, next, sizeof *x * (size_t)n);
        if (log)
            log_round(log, in, x, round);
        converged = biggest <= step_limit;
    }
    out->rounds = round;
    out->converged = converged;
    out->median = median_of(in, x, w->order);
    out->mean = forecast_weighted_mean(in, x);
    range_of(x, n, &lo, &hi);
    out->spread = hi - lo;
}

void forecast_eu_quick(const forecast_input *in, const forecast_eu_options *o, forecast_work *w,
                       forecast_eu_summary *out)
{
    forecast_eu_options opts = o ? *o : forecast_eu_defaults();
    assert(w && in->n <= w->cap);
    eu_run(in, &opts, w, NULL, out);
}

ent_status forecast_eu(const forecast_input *in, const forecast_eu_options *o,
                       forecast_eu_result *out, ent_error *err)
{
    memset(out, 0, sizeof *out);
    forecast_eu_options opts = o ? *o : forecast_eu_defaults();
    const char *bad = forecast_eu_options_problem(&opts);
    if (bad)
        return ent_fail(err, ENT_ERR_USAGE, "expected utility model: %s", bad);
    if (in->n < 1 || in->n > FORECAST_MAX_ACTORS)
        return ent_fail(err, ENT_ERR_USAGE, "expected utility model: %d actors (1 to %d)", in->n,
                        FORECAST_MAX_ACTORS);
    forecast_work *w = forecast_work_new(in->n);
    out->n = in->n;
    out->final = malloc(sizeof *out->final * (size_t)in->n);
    out->risk = malloc(sizeof *out->risk * (size_t)in->n);
    if (!w || !out->final || !out->risk) {
        forecast_work_free(w);
        forecast_eu_result_free(out);
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    }
    eu_log log = {.res = out};
    eu_run(in, &opts, w, opts.log ? &log : NULL, &out->summary);
    memcpy(out->final, w->x, sizeof *out->final * (size_t)in->n);
    memcpy(out->risk, w->r, sizeof *out->risk * (size_t)in->n);
    forecast_work_free(w);
    if (log.failed) {
        forecast_eu_result_free(out);
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    }
    return ENT_OK;
}

void forecast_eu_result_free(forecast_eu_result *r)
{
    if (!r)
        return;
    free(r->final);
    free(r->risk);
    free(r->positions);
    free(r->median_by_round);
    free(r->mean_by_round);
    free(r->challenges);
    memset(r, 0, sizeof *r);
}

/* ---- Monte Carlo ------------------------------------------------------------------------ */

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

forecast_noise forecast_noise_for(const forecast_input *in, double level)
{
    forecast_noise nz = {.level = level};
    if (in->n > 0)
        range_of(in->position, in->n, &nz.lo, &nz.hi);
    return nz;
}

void forecast_perturb(void *ctx, rng_state *r, int n, double *position, double *salience,
                      double *capability)
{
    const forecast_noise *nz = ctx;
    double sd = 0.05 * nz->level * (nz->hi - nz->lo), half = 0.1 * nz->level;
    for (int i = 0; i < n; i++) {
        /* Box-Muller with a fixed number of draws per actor, whatever the values. */
        double u1 = 1.0 - rng_uniform(r), u2 = rng_uniform(r);
        double z = sqrt(-2.0 * log(u1)) * cos(2.0 * FORECAST_PI * u2);
        position[i] = clampd(position[i] + sd * z, nz->lo, nz->hi);
        salience[i] = clampd(salience[i] + half * (2 * rng_uniform(r) - 1), 0, 1);
        double f = 1 + half * (2 * rng_uniform(r) - 1);
        capability[i] = capability[i] * (f > 0 ? f : 0);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

forecast_stats forecast_stats_of(const double *v, int n)
{
    forecast_stats st;
    memset(&st, 0, sizeof st);
    if (n < 1)
        return st;
    double *sorted = malloc(sizeof *sorted * (size_t)n);
    double sum = 0;
    for (int k = 0; k < n; k++)
        sum += v[k];
    st.mean = sum / n;
    double ss = 0;
    for (int k = 0; k < n; k++)
        ss += (v[k] - st.mean) * (v[k] - st.mean);
    st.sd = n > 1 ? sqrt(ss / (n - 1)) : 0;
    if (!sorted) { /* the percentiles need a copy; without memory, the mean is all we give */
        st.min = st.max = st.p5 = st.p25 = st.p50 = st.p75 = st.p95 = st.mean;
        return st;
    }
    memcpy(sorted, v, sizeof *sorted * (size_t)n);
    qsort(sorted, (size_t)n, sizeof *sorted, cmp_double);
    st.min = sorted[0];
    st.max = sorted[n - 1];
    const double qs[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    double *outs[5] = {&st.p5, &st.p25, &st.p50, &st.p75, &st.p95};
    for (int q = 0; q < 5; q++) {
        double h = (n - 1) * qs[q];
        int lo = (int)floor(h);
        int hi = lo + 1 < n ? lo + 1 : lo;
        *outs[q] = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
    free(sorted);
    return st;
}

typedef struct {
    const forecast_input *base;
    const forecast_mc_options *o;
    forecast_noise noise;
    int runs;
    double *samples;
    unsigned char *converged;
    atomic_int next;
    atomic_bool failed; /* a worker could not get its memory */
} mc_shared;

typedef struct {
    mc_shared *sh;
    pthread_t thread;
    bool started;
} mc_worker;

static void *mc_work(void *arg)
{
    mc_worker *me = arg;
    mc_shared *sh = me->sh;
    const forecast_input *base = sh->base;
    int n = base->n;
    double *buf = malloc(sizeof *buf * 3 * (size_t)n);
    forecast_work *w = forecast_work_new(n);
    if (!buf || !w) {
        atomic_store(&sh->failed, true);
        free(buf);
        forecast_work_free(w);
        return NULL;
    }
    double *x = buf, *s = buf + n, *c = buf + 2 * n;
    forecast_input in = {.n = n, .position = x, .salience = s, .capability = c};
    forecast_draw_fn draw = sh->o->draw ? sh->o->draw : forecast_perturb;
    void *ctx = sh->o->draw ? sh->o->draw_ctx : &sh->noise;
    for (;;) {
        int k = atomic_fetch_add(&sh->next, 1);
        if (k >= sh->runs || atomic_load(&sh->failed))
            break;
        memcpy(x, base->position, sizeof *x * (size_t)n);
        memcpy(s, base->salience, sizeof *s * (size_t)n);
        memcpy(c, base->capability, sizeof *c * (size_t)n);
        rng_state r;
        rng_seed_stream(&r, sh->o->seed, (uint64_t)k);
        draw(ctx, &r, n, x, s, c);
        double *out = sh->samples + (size_t)k * FORECAST_MC_SERIES;
        out[FORECAST_MC_COMPROMISE] = forecast_compromise(&in);
        out[FORECAST_MC_MEDIAN] = forecast_median(&in, &sh->o->median);
        forecast_eu_summary sum = {0};
        if (!sh->o->no_eu)
            eu_run(&in, &sh->o->eu, w, NULL, &sum);
        out[FORECAST_MC_EU_MEDIAN] = sum.median;
        out[FORECAST_MC_EU_MEAN] = sum.mean;
        sh->converged[k] = sum.converged;
    }
    free(buf);
    forecast_work_free(w);
    return NULL;
}

static int processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > FORECAST_MAX_THREADS ? FORECAST_MAX_THREADS : (int)n;
}

ent_status forecast_mc(const forecast_input *base, const forecast_mc_options *o,
                       forecast_mc_result *out, ent_error *err)
{
    memset(out, 0, sizeof *out);
    if (o->runs < 1 || o->runs > FORECAST_MAX_RUNS)
        return ent_fail(err, ENT_ERR_USAGE, "%d Monte Carlo runs (1 to %d)", o->runs,
                        FORECAST_MAX_RUNS);
    if (o->threads < 0)
        return ent_fail(err, ENT_ERR_USAGE, "%d threads", o->threads);
    const char *bad = forecast_eu_options_problem(&o->eu);
    if (bad)
        return ent_fail(err, ENT_ERR_USAGE, "expected utility model: %s", bad);
    if (base->n < 1 || base->n > FORECAST_MAX_ACTORS)
        return ent_fail(err, ENT_ERR_USAGE, "%d actors (1 to %d)", base->n, FORECAST_MAX_ACTORS);
    int threads = o->threads ? o->threads : processors();
    threads = threads > FORECAST_MAX_THREADS ? FORECAST_MAX_THREADS : threads;
    threads = threads > o->runs ? o->runs : threads;
    mc_shared sh = {.base = base, .o = o, .noise = forecast_noise_for(base, 1), .runs = o->runs};
    atomic_init(&sh.next, 0);
    atomic_init(&sh.failed, false);
    sh.samples = malloc(sizeof *sh.samples * (size_t)o->runs * FORECAST_MC_SERIES);
    sh.converged = calloc((size_t)o->runs, 1);
    mc_worker *ws = calloc((size_t)threads, sizeof *ws);
    double *series = malloc(sizeof *series * (size_t)o->runs);
    if (!sh.samples || !sh.converged || !ws || !series) {
        free(sh.samples);
        free(sh.converged);
        free(ws);
        free(series);
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    }
    /* Worker 0 is this thread; a thread that cannot start leaves its runs to the others,
       which changes nothing in the result: run k's numbers depend on (seed, k) only. */
    for (int t = 0; t < threads; t++)
        ws[t].sh = &sh;
    for (int t = 1; t < threads; t++)
        ws[t].started = pthread_create(&ws[t].thread, NULL, mc_work, &ws[t]) == 0;
    mc_work(&ws[0]);
    for (int t = 1; t < threads; t++)
        if (ws[t].started)
            pthread_join(ws[t].thread, NULL);
    free(ws);
    if (atomic_load(&sh.failed)) {
        free(sh.samples);
        free(sh.converged);
        free(series);
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    }
    out->runs = o->runs;
    out->samples = sh.samples;
    for (int k = 0; k < o->runs; k++)
        out->converged += sh.converged[k];
    for (int m = 0; m < FORECAST_MC_SERIES; m++) {
        for (int k = 0; k < o->runs; k++)
            series[k] = sh.samples[(size_t)k * FORECAST_MC_SERIES + (size_t)m];
        out->stats[m] = forecast_stats_of(series, o->runs);
    }
    free(sh.converged);
    free(series);
    return ENT_OK;
}

void forecast_mc_result_free(forecast_mc_result *r)
{
    if (!r)
        return;
    free(r->samples);
    memset(r, 0, sizeof *r);
}

/* ---- continuous issues of a scenario ------------------------------------------------- */

int forecast_issue_actors(const model_scenario *scn, int k, double *position, double *salience,
                          double *capability, int *actor_of)
{
    const model_continuous *is = &scn->continuous[k];
    int n = 0;
    for (int a = 0; a < scn->actor_count; a++) {
        if (!model_set_has(is->stated, a))
            continue;
        position[n] = is->position[a];
        salience[n] = is->salience[a];
        capability[n] = scn->actors[a].capability;
        if (actor_of)
            actor_of[n] = a;
        n++;
    }
    return n;
}

bool forecast_declared_any(const model_scenario *scn, int k)
{
    const model_continuous *is = &scn->continuous[k];
    for (int u = 0; u < scn->uncertain_count; u++)
        if (scn->uncertain[u].target == UNCERTAIN_CAPABILITY &&
            model_set_has(is->stated, scn->uncertain[u].actor))
            return true;
    for (int u = 0; u < scn->cuncertain_count; u++)
        if (scn->cuncertain[u].issue == k &&
            model_set_has(is->stated, scn->cuncertain[u].draw.actor))
            return true;
    return false;
}

void forecast_declared_init(forecast_declared *d, const model_scenario *scn, int k,
                            const int *actor_of, int n)
{
    d->scn = scn;
    d->issue = k;
    for (int a = 0; a < MODEL_MAX_ACTORS; a++)
        d->index_of[a] = -1;
    for (int i = 0; i < n; i++)
        d->index_of[actor_of[i]] = i;
}

void forecast_draw_declared(void *ctx, rng_state *r, int n, double *position, double *salience,
                            double *capability)
{
    const forecast_declared *d = ctx;
    const model_scenario *scn = d->scn;
    (void)n;
    /* Every parameter takes its draws from the stream, used or not, so that run k sees the
       same numbers on every issue (a capability is one draw shared by all issues). */
    for (int u = 0; u < scn->uncertain_count; u++) {
        double v = mc_sample(&scn->uncertain[u], r);
        int i = d->index_of[scn->uncertain[u].actor];
        if (scn->uncertain[u].target == UNCERTAIN_CAPABILITY && i >= 0)
            capability[i] = v > 0 ? v : 0;
    }
    for (int u = 0; u < scn->cuncertain_count; u++) {
        const model_cuncertain *cu = &scn->cuncertain[u];
        double v = mc_sample(&cu->draw, r);
        int i = d->index_of[cu->draw.actor];
        if (cu->issue != d->issue || i < 0)
            continue;
        const model_continuous *is = &scn->continuous[cu->issue];
        if (cu->field == CUNCERTAIN_POSITION)
            position[i] = clampd(v, is->lo, is->hi);
        else
            salience[i] = clampd(v, 0, 1);
    }
}
