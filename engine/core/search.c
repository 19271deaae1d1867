/* search.c: depth-first branch and bound over packages (satisfy, Nash, nearest-to-deal). */
#include "search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "redline.h"

#define EPS 1e-12

typedef struct {
    int actor, redline;
} redline_ref;

typedef struct {
    const model_scenario *scn;
    search_mode mode;
    int n, K;
    uint64_t node_limit;
    int order[MODEL_MAX_ISSUES];          /* issue assigned at each depth */
    uint32_t enabled[MODEL_MAX_ACTORS];
    double alpha[MODEL_MAX_ACTORS];
    double *util;                         /* [actor][issue][option] = salience * value */
    double best_rest[MODEL_MAX_ISSUES + 1][MODEL_MAX_ACTORS];  /* best utility still to come */
    double worst_rest[MODEL_MAX_ISSUES + 1][MODEL_MAX_ACTORS];
    int domain_n[MODEL_MAX_ISSUES];
    uint8_t domain[MODEL_MAX_ISSUES][MODEL_MAX_OPTIONS]; /* allowed options, best first */
    redline_ref *touch[MODEL_MAX_ISSUES];  /* enabled red lines that mention each issue */
    int touch_n[MODEL_MAX_ISSUES];
    /* state along the current path */
    model_package pkg;
    uint64_t assigned;
    double psum[MODEL_MAX_ISSUES + 1][MODEL_MAX_ACTORS];
    uint32_t dead[MODEL_MAX_ISSUES + 1][MODEL_MAX_ACTORS]; /* enabled red lines broken for sure */
    /* result */
    bool found, aborted;
    model_package best;
    double best_score;
    double incumbent_gain[MODEL_MAX_ACTORS];
    model_set incumbent_signers;
    uint64_t nodes;
} search_ctx;

static inline double util_at(const search_ctx *c, int i, int k, int o)
{
    return c->util[((size_t)i * c->K + k) * MODEL_MAX_OPTIONS + o];
}

/* ---- shared scoring ------------------------------------------------------ */

double search_nash_score(const model_scenario *scn, const double *alpha, const model_package *pkg,
                         model_set signatories)
{
    double score = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        if (!model_set_has(scn->rule.parties, i))
            continue;
        double a = alpha ? alpha[i] : 1.0;
        score += a * model_nash_term(scn, i, model_utility(scn, i, pkg),
                                     model_set_has(signatories, i));
    }
    return score;
}

/* The cheapest set of candidate guarantors that brings at least need_count more signers and
   need_cap more capability; returns its cost (-1: impossible). A count alone is met exactly by
   the cheapest candidates; a capability share needs a knapsack over cost (costs are small
   integers: broken constraints). */
static int guarantor_shortfall(const model_scenario *scn, model_set candidates, const int *cost,
                               int need_count, double need_cap, model_set *chosen)
{
    int ids[MODEL_MAX_ACTORS], n = 0, cost_sum = 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(candidates, i)) {
            ids[n++] = i;
            cost_sum += cost[i];
        }
    *chosen = 0;
    if (need_cap <= 0) {
        if (n < need_count)
            return -1;
        int total = 0;
        model_set used = 0;
        for (int t = 0; t < need_count; t++) {
            int pick = -1;
            for (int j = 0; j < n; j++) {
                int i = ids[j];
                if (model_set_has(used, i))
                    continue;
                if (pick < 0 || cost[i] < cost[pick] ||
                    (cost[i] == cost[pick] &&
                     scn->actors[i].capability > scn->actors[pick].capability))
                    pick = i;
            }
            used |= 1ull << pick;
            total += cost[pick];
        }
        *chosen = used;
        return total;
    }
    /* dp[j][c]: most capability from j (capped at need_count) candidates costing exactly c. */
    int rows = need_count + 1, cols = cost_sum + 1;
    double *cap = malloc(sizeof *cap * (size_t)rows * (size_t)cols);
    model_set *set = malloc(sizeof *set * (size_t)rows * (size_t)cols);
    if (!cap || !set) {
        free(cap);
        free(set);
        return -1;
    }
    for (int x = 0; x < rows * cols; x++) {
        cap[x] = -1;
        set[x] = 0;
    }
    cap[0] = 0;
    for (int t = 0; t < n; t++) {
        int i = ids[t];
        double gain = scn->actors[i].capability;
        /* Downward over (j, c), and the set check, so each candidate counts at most once. */
        for (int j = rows - 1; j >= 0; j--)
            for (int c = cols - 1; c >= cost[i]; c--) {
                /* Row j is reached from row j - 1; the last row also from itself (extra
                   guarantors beyond the count still add capability). */
                int lowest = j > 0 ? j - 1 : j, highest = j == rows - 1 ? j : j - 1;
                for (int fj = lowest; fj <= highest; fj++) {
                    int from = fj * cols + c - cost[i], to = j * cols + c;
                    if (cap[from] < 0 || model_set_has(set[from], i))
                        continue;
                    if (cap[from] + gain > cap[to] + 1e-12) {
                        cap[to] = cap[from] + gain;
                        set[to] = set[from] | (1ull << i);
                    }
                }
            }
    }
    int best = -1;
    for (int c = 0; c < cols && best < 0; c++)
        if (cap[(rows - 1) * cols + c] >= need_cap - EPS) {
            best = c;
            *chosen = set[(rows - 1) * cols + c];
        }
    free(cap);
    free(set);
    return best;
}

int search_broken(const model_scenario *scn, const uint32_t *enabled, const model_package *pkg,
                  uint32_t broken[MODEL_MAX_ACTORS])
{
    uint32_t viol[MODEL_MAX_ACTORS];
    for (int i = 0; i < scn->actor_count; i++)
        viol[i] = model_violations(scn, i, pkg);
    return search_cost(scn, enabled, pkg, viol, broken);
}

int search_cost(const model_scenario *scn, const uint32_t *enabled, const model_package *pkg,
                const uint32_t *viol, uint32_t broken[MODEL_MAX_ACTORS])
{
    const model_rule *rule = &scn->rule;
    int cost[MODEL_MAX_ACTORS];
    model_set accepting = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        uint32_t v = viol[i] & (enabled ? enabled[i] : ~0u);
        broken[i] = v;
        cost[i] = __builtin_popcount(v);
        if (!v)
            accepting |= 1ull << i;
    }
    model_set req = model_required(scn, pkg);
    model_set chosen = req;
    int total = 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(req, i))
            total += cost[i];
    /* Guarantors short: the cheapest eligible actors that would have to be brought round. */
    model_set signers = chosen | accepting;
    model_set g = rule->guarantors & rule->parties & signers;
    double have = model_capability(scn, g), all = model_capability(scn, rule->guarantors);
    int need_count = rule->min_guarantors - model_set_count(g);
    if (need_count < 0)
        need_count = 0;
    double need_cap = rule->min_guarantor_share > 0 ? rule->min_guarantor_share * all - have : 0;
    if (rule->min_guarantor_share > 0 && all <= 0)
        return 1 << 20;
    if (need_cap <= EPS)
        need_cap = 0;
    if (need_count > 0 || need_cap > 0) {
        model_set extra;
        int added = guarantor_shortfall(scn, rule->guarantors & rule->parties & ~signers, cost,
                                        need_count, need_cap, &extra);
        if (added < 0)
            return 1 << 20; /* no package change can meet the rule: not near at all */
        chosen |= extra;
        total += added;
    }
    for (int i = 0; i < scn->actor_count; i++)
        if (!model_set_has(chosen, i))
            broken[i] = 0;
    return total;
}

/* ---- preparation ----------------------------------------------------------- */


typedef struct {
    int issue;
    int mentions;
    double weight;
} issue_rank;

static int rank_cmp(const void *pa, const void *pb)
{
    const issue_rank *a = pa, *b = pb;
    if (a->mentions != b->mentions)
        return b->mentions - a->mentions;
    if (a->weight != b->weight)
        return a->weight < b->weight ? 1 : -1;
    return a->issue - b->issue;
}

static bool unit_literal(const model_scenario *scn, int node, int *issue, bool allowed[])
{
    const model_node *nd = &scn->nodes[node];
    bool negate = false;
    if (nd->op == RL_NOT) {
        negate = true;
        nd = &scn->nodes[nd->left];
    }
    if (nd->op < RL_EQ || nd->op > RL_LE)
        return false;
    const model_issue *is = &scn->issues[nd->issue];
    model_package p;
    memset(&p, 0, sizeof p);
    for (int o = 0; o < is->option_count; o++) {
        p.opt[nd->issue] = (uint8_t)o;
        bool v = redline_eval(scn, (int)(nd - scn->nodes), &p);
        allowed[o] = negate ? !v : v;
    }
    *issue = nd->issue;
    return true;
}

static ent_status prepare(search_ctx *c, const search_request *req, ent_error *err)
{
    const model_scenario *scn = req->scn;
    c->scn = scn;
    c->mode = req->mode;
    c->n = scn->actor_count;
    c->K = scn->issue_count;
    c->node_limit = req->node_limit;
    for (int i = 0; i < c->n; i++) {
        /* Dormant red lines are not in force: never count them. */
        c->enabled[i] = (req->enabled ? req->enabled[i] : ~0u) &
                        (model_active_redlines(&scn->actors[i]) | MODEL_RESERVATION_BIT);
        c->alpha[i] = req->alpha ? req->alpha[i] : 1.0;
    }
    c->util = calloc((size_t)c->n * c->K * MODEL_MAX_OPTIONS, sizeof *c->util);
    if (!c->util)
        return ent_fail(err, ENT_ERR_NOMEM, "search: out of memory");
    for (int i = 0; i < c->n; i++)
        for (int k = 0; k < c->K; k++)
            for (int o = 0; o < scn->issues[k].option_count; o++)
                c->util[((size_t)i * c->K + k) * MODEL_MAX_OPTIONS + o] =
                    scn->actors[i].salience[k] * scn->actors[i].value[k][o];

    /* Issue order: the most constrained first, so red lines prune near the root;
       then the issues that weigh most. */
    issue_rank rank[MODEL_MAX_ISSUES];
    for (int k = 0; k < c->K; k++) {
        rank[k].issue = k;
        rank[k].mentions = 0;
        rank[k].weight = 0;
        for (int i = 0; i < c->n; i++)
            rank[k].weight += c->alpha[i] * scn->actors[i].salience[k];
    }
    for (int i = 0; i < c->n; i++)
        for (int r = 0; r < scn->actors[i].redline_count; r++) {
            if (!(c->enabled[i] & (1u << r)))
                continue;
            uint64_t m = redline_issues(scn, scn->actors[i].redlines[r].node);
            for (int k = 0; k < c->K; k++)
                if ((m >> k) & 1u)
                    rank[k].mentions++;
        }
    for (int q = 0; q < scn->rule.condition_count; q++) {
        uint64_t m = redline_issues(scn, scn->rule.conditions[q].node);
        for (int k = 0; k < c->K; k++)
            if ((m >> k) & 1u)
                rank[k].mentions++;
    }
    qsort(rank, (size_t)c->K, sizeof rank[0], rank_cmp);
    for (int d = 0; d < c->K; d++)
        c->order[d] = rank[d].issue;

    for (int d = c->K; d >= 0; d--)
        for (int i = 0; i < c->n; i++) {
            if (d == c->K) {
                c->best_rest[d][i] = c->worst_rest[d][i] = 0;
                continue;
            }
            int k = c->order[d];
            double hi = -INFINITY, lo = INFINITY;
            for (int o = 0; o < scn->issues[k].option_count; o++) {
                double u = util_at(c, i, k, o);
                hi = u > hi ? u : hi;
                lo = u < lo ? u : lo;
            }
            c->best_rest[d][i] = c->best_rest[d + 1][i] + hi;
            c->worst_rest[d][i] = c->worst_rest[d + 1][i] + lo;
        }

    /* Domains: an always-required actor's one-issue red lines remove options outright. */
    for (int k = 0; k < c->K; k++) {
        bool allowed[MODEL_MAX_OPTIONS];
        for (int o = 0; o < MODEL_MAX_OPTIONS; o++)
            allowed[o] = true;
        if (c->mode != SEARCH_NEAREST)
            for (int i = 0; i < c->n; i++) {
                if (!model_set_has(scn->rule.required, i))
                    continue;
                for (int r = 0; r < scn->actors[i].redline_count; r++) {
                    bool here[MODEL_MAX_OPTIONS];
                    int issue;
                    if (!(c->enabled[i] & (1u << r)) ||
                        !unit_literal(scn, scn->actors[i].redlines[r].node, &issue, here) ||
                        issue != k)
                        continue;
                    for (int o = 0; o < scn->issues[k].option_count; o++)
                        allowed[o] = allowed[o] && here[o];
                }
            }
        /* Value order: what the weighted parties like best comes first. */
        double score[MODEL_MAX_OPTIONS];
        int n = 0;
        for (int o = 0; o < scn->issues[k].option_count; o++) {
            if (!allowed[o])
                continue;
            score[o] = 0;
            for (int i = 0; i < c->n; i++)
                if (model_set_has(scn->rule.parties, i))
                    score[o] += c->alpha[i] * util_at(c, i, k, o);
            c->domain[k][n++] = (uint8_t)o;
        }
        for (int a = 1; a < n; a++) /* insertion sort, stable */
            for (int b = a; b > 0 && score[c->domain[k][b]] > score[c->domain[k][b - 1]] + EPS; b--) {
                uint8_t t = c->domain[k][b];
                c->domain[k][b] = c->domain[k][b - 1];
                c->domain[k][b - 1] = t;
            }
        c->domain_n[k] = n;
    }

    /* Which enabled red lines each issue can decide. */
    for (int k = 0; k < c->K; k++) {
        int count = 0;
        for (int i = 0; i < c->n; i++)
            for (int r = 0; r < scn->actors[i].redline_count; r++)
                if ((c->enabled[i] & (1u << r)) &&
                    ((redline_issues(scn, scn->actors[i].redlines[r].node) >> k) & 1u))
                    count++;
        c->touch[k] = count ? malloc(sizeof(redline_ref) * (size_t)count) : NULL;
        if (count && !c->touch[k])
            return ent_fail(err, ENT_ERR_NOMEM, "search: out of memory");
        c->touch_n[k] = 0;
        for (int i = 0; i < c->n; i++)
            for (int r = 0; r < scn->actors[i].redline_count; r++)
                if ((c->enabled[i] & (1u << r)) &&
                    ((redline_issues(scn, scn->actors[i].redlines[r].node) >> k) & 1u))
                    c->touch[k][c->touch_n[k]++] = (redline_ref){i, r};
    }
    for (int i = 0; i < c->n; i++) {
        c->psum[0][i] = 0;
        c->dead[0][i] = 0;
        /* Red lines on no issue at all (always true/false) are decided at the root. */
        for (int r = 0; r < scn->actors[i].redline_count; r++)
            if ((c->enabled[i] & (1u << r)) &&
                redline_eval3(scn, scn->actors[i].redlines[r].node, &c->pkg, 0) == REDLINE_FALSE)
                c->dead[0][i] |= 1u << r;
    }
    return ENT_OK;
}

static void release(search_ctx *c)
{
    free(c->util);
    for (int k = 0; k < c->K; k++)
        free(c->touch[k]);
}

/* ---- node evaluation ---------------------------------------------------- */

static bool reservation_dead(const search_ctx *c, int d, int i)
{
    return (c->enabled[i] & MODEL_RESERVATION_BIT) &&
           c->psum[d][i] + c->best_rest[d][i] < c->scn->actors[i].reservation - EPS;
}

static model_set dead_set(const search_ctx *c, int d)
{
    model_set dead = 0;
    for (int i = 0; i < c->n; i++)
        if (c->dead[d][i] || reservation_dead(c, d, i))
            dead |= 1ull << i;
    return dead;
}

/* Actors that must sign whatever the rest of the package turns out to be. */
static model_set required_now(const search_ctx *c)
{
    const model_scenario *scn = c->scn;
    model_set req = scn->rule.required;
    for (int q = 0; q < scn->rule.condition_count; q++)
        if (redline_eval3(scn, scn->rule.conditions[q].node, &c->pkg, c->assigned) == REDLINE_TRUE)
            req |= scn->rule.conditions[q].actors;
    for (int k = 0; k < c->K; k++) {
        const model_issue *is = &scn->issues[k];
        if (is->owner >= 0 && ((c->assigned >> k) & 1u) && c->pkg.opt[k] != is->default_option)
            req |= 1ull << is->owner;
    }
    return req;
}

static bool guarantors_possible(const search_ctx *c, model_set alive)
{
    const model_rule *rule = &c->scn->rule;
    model_set g = rule->guarantors & rule->parties & alive;
    if (model_set_count(g) < rule->min_guarantors)
        return false;
    if (rule->min_guarantor_share > 0) {
        double have = model_capability(c->scn, g);
        double all = model_capability(c->scn, rule->guarantors);
        if (all <= 0 || have < rule->min_guarantor_share * all - EPS)
            return false;
    }
    return true;
}

static double log_floor(const search_ctx *c)
{
    return log(c->scn->rule.outsider_gain);
}

/* Upper bound on the Nash objective below this node: the smaller of two valid bounds. */
static double nash_bound(const search_ctx *c, int d, model_set dead)
{
    const model_scenario *scn = c->scn;
    double lf = log_floor(c), floor_gain = scn->rule.outsider_gain;
    double per_actor = 0;
    for (int i = 0; i < c->n; i++) {
        if (!model_set_has(scn->rule.parties, i))
            continue;
        if (model_set_has(dead, i)) {
            per_actor += c->alpha[i] * lf;
            continue;
        }
        double g = c->psum[d][i] + c->best_rest[d][i] - scn->actors[i].reservation;
        per_actor += c->alpha[i] * log(g > floor_gain ? g : floor_gain);
    }
    if (!c->found || d >= c->K - 1)
        return per_actor;
    /* Tangent bound: log is concave, so log g <= log x0 + (g - x0)/x0 for every x0 > 0; the
       right side is additive over issues, so one joint choice per issue bounds all actors at
       once (tighter than every actor getting its own best option). A shift keeps it above
       the floor term on the reachable range. */
    double x0[MODEL_MAX_ACTORS], lin = 0;
    for (int i = 0; i < c->n; i++) {
        if (!model_set_has(scn->rule.parties, i))
            continue;
        if (model_set_has(dead, i)) {
            lin += c->alpha[i] * lf;
            x0[i] = 0;
            continue;
        }
        double res = scn->actors[i].reservation;
        double ub = c->psum[d][i] + c->best_rest[d][i] - res;
        double guess = model_set_has(c->incumbent_signers, i) ? c->incumbent_gain[i] : ub / 2;
        if (guess > ub)
            guess = ub;
        if (guess < floor_gain)
            guess = floor_gain;
        x0[i] = guess;
        double gmin = c->psum[d][i] + c->worst_rest[d][i] - res;
        double t_at_min = log(guess) + (gmin - guess) / guess;
        double shift = lf - t_at_min > 0 ? lf - t_at_min : 0;
        lin += c->alpha[i] * (log(guess) - 1 + shift + (c->psum[d][i] - res) / guess);
    }
    for (int dd = d; dd < c->K; dd++) {
        int k = c->order[dd];
        double best = -INFINITY;
        for (int o = 0; o < scn->issues[k].option_count; o++) {
            double s = 0;
            for (int i = 0; i < c->n; i++)
                if (x0[i] > 0)
                    s += c->alpha[i] * util_at(c, i, k, o) / x0[i];
            best = s > best ? s : best;
        }
        lin += best;
        if (lin >= per_actor)
            return per_actor;
    }
    return lin < per_actor ? lin : per_actor;
}

static int nearest_lower_bound(const search_ctx *c, int d, model_set required)
{
    int lb = 0;
    for (int i = 0; i < c->n; i++) {
        if (!model_set_has(required, i))
            continue;
        lb += __builtin_popcount(c->dead[d][i]);
        if (reservation_dead(c, d, i))
            lb++;
    }
    return lb;
}

static bool prune(search_ctx *c, int d)
{
    model_set dead = dead_set(c, d);
    model_set req = required_now(c);
    if (c->mode == SEARCH_NEAREST)
        return c->found && nearest_lower_bound(c, d, req) >= c->best_score;
    if (req & dead)
        return true;
    if (!guarantors_possible(c, ~dead))
        return true;
    if (c->mode == SEARCH_NASH && c->found && nash_bound(c, d, dead) <= c->best_score + 1e-9)
        return true;
    return false;
}

static void leaf(search_ctx *c)
{
    const model_scenario *scn = c->scn;
    int d = c->K;
    if (c->mode == SEARCH_NEAREST) {
        uint32_t broken[MODEL_MAX_ACTORS];
        int cost = search_broken(scn, c->enabled, &c->pkg, broken);
        if (!c->found || cost < c->best_score) {
            c->found = true;
            c->best_score = cost;
            c->best = c->pkg;
        }
        return;
    }
    model_set accepting = 0;
    for (int i = 0; i < c->n; i++)
        if (!c->dead[d][i] && !reservation_dead(c, d, i))
            accepting |= 1ull << i;
    if (!model_rule_met(scn, &c->pkg, accepting))
        return;
    if (c->mode == SEARCH_SATISFY) {
        c->found = true;
        c->best = c->pkg;
        return;
    }
    model_set signers = accepting & scn->rule.parties;
    double score = 0;
    for (int i = 0; i < c->n; i++)
        if (model_set_has(scn->rule.parties, i))
            score += c->alpha[i] * model_nash_term(scn, i, c->psum[d][i], model_set_has(signers, i));
    if (!c->found || score > c->best_score + 1e-12) {
        c->found = true;
        c->best_score = score;
        c->best = c->pkg;
        c->incumbent_signers = signers;
        for (int i = 0; i < c->n; i++)
            c->incumbent_gain[i] = c->psum[d][i] - scn->actors[i].reservation;
    }
}

static void dfs(search_ctx *c, int d)
{
    if (c->node_limit && ++c->nodes > c->node_limit) {
        c->aborted = true;
        return;
    }
    if (!c->node_limit)
        c->nodes++;
    if (d == c->K) {
        leaf(c);
        return;
    }
    const model_scenario *scn = c->scn;
    int k = c->order[d];
    for (int j = 0; j < c->domain_n[k]; j++) {
        int o = c->domain[k][j];
        c->pkg.opt[k] = (uint8_t)o;
        c->assigned |= 1ull << k;
        for (int i = 0; i < c->n; i++) {
            c->psum[d + 1][i] = c->psum[d][i] + util_at(c, i, k, o);
            c->dead[d + 1][i] = c->dead[d][i];
        }
        for (int t = 0; t < c->touch_n[k]; t++) {
            redline_ref ref = c->touch[k][t];
            if (redline_eval3(scn, scn->actors[ref.actor].redlines[ref.redline].node, &c->pkg,
                              c->assigned) == REDLINE_FALSE)
                c->dead[d + 1][ref.actor] |= 1u << ref.redline;
        }
        if (!prune(c, d + 1))
            dfs(c, d + 1);
        c->assigned &= ~(1ull << k);
        if (c->aborted || (c->found && c->mode == SEARCH_SATISFY))
            return;
        if (c->found && c->mode == SEARCH_NEAREST && c->best_score == 0)
            return;
    }
}

/* ---- incumbent by local search ----------------------------------------------- */

/* A deal scores its Nash product; a non-deal is ranked far below by its distance. */
static double local_objective(const search_ctx *c, const model_package *pkg, bool *is_deal)
{
    model_set signers;
    uint32_t broken[MODEL_MAX_ACTORS];
    model_set acc = 0;
    for (int i = 0; i < c->n; i++)
        if (!(model_violations(c->scn, i, pkg) & c->enabled[i]))
            acc |= 1ull << i;
    *is_deal = model_rule_met(c->scn, pkg, acc);
    if (*is_deal) {
        signers = acc & c->scn->rule.parties;
        return search_nash_score(c->scn, c->alpha, pkg, signers);
    }
    return -1e6 - 1e3 * search_broken(c->scn, c->enabled, pkg, broken);
}

static void seed_incumbent(search_ctx *c)
{
    const model_scenario *scn = c->scn;
    /* Starts: each domain's first (jointly preferred) option, and each party's ideal. */
    for (int start = -1; start < c->n; start++) {
        if (start >= 0 && !model_set_has(scn->rule.parties, start))
            continue;
        model_package p;
        memset(&p, 0, sizeof p);
        for (int k = 0; k < c->K; k++) {
            if (c->domain_n[k] == 0)
                return;
            int pick = c->domain[k][0];
            if (start >= 0)
                for (int j = 0; j < c->domain_n[k]; j++)
                    if (util_at(c, start, k, c->domain[k][j]) > util_at(c, start, k, pick) + EPS)
                        pick = c->domain[k][j];
            p.opt[k] = (uint8_t)pick;
        }
        bool deal;
        double cur = local_objective(c, &p, &deal);
        for (int sweep = 0; sweep < 50; sweep++) {
            bool improved = false;
            for (int k = 0; k < c->K; k++) {
                int keep = p.opt[k];
                for (int j = 0; j < c->domain_n[k]; j++) {
                    int o = c->domain[k][j];
                    if (o == keep)
                        continue;
                    p.opt[k] = (uint8_t)o;
                    bool dl;
                    double v = local_objective(c, &p, &dl);
                    if (v > cur + 1e-12) {
                        cur = v;
                        deal = dl;
                        keep = o;
                        improved = true;
                    }
                }
                p.opt[k] = (uint8_t)keep;
            }
            if (!improved)
                break;
        }
        if (deal && (!c->found || cur > c->best_score + 1e-12)) {
            c->found = true;
            c->best_score = cur;
            c->best = p;
            model_set acc = 0;
            for (int i = 0; i < c->n; i++)
                if (!(model_violations(scn, i, &p) & c->enabled[i]))
                    acc |= 1ull << i;
            c->incumbent_signers = acc & scn->rule.parties;
            for (int i = 0; i < c->n; i++)
                c->incumbent_gain[i] = model_utility(scn, i, &p) - scn->actors[i].reservation;
        }
    }
}

ent_status search_run(const search_request *req, search_result *out, ent_error *err)
{
    search_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ent_fail(err, ENT_ERR_NOMEM, "search: out of memory");
    ent_status st = prepare(c, req, err);
    if (st == ENT_OK) {
        bool empty = false;
        for (int k = 0; k < c->K; k++)
            empty = empty || c->domain_n[k] == 0;
        if (!empty) {
            if (c->mode == SEARCH_NASH)
                seed_incumbent(c);
            if (!prune(c, 0))
                dfs(c, 0);
        }
        memset(out, 0, sizeof *out);
        out->found = c->found;
        out->complete = !c->aborted;
        out->package = c->best;
        out->score = c->best_score;
        out->nodes = c->nodes;
    }
    release(c);
    free(c);
    return st;
}
