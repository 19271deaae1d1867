/* round.c: negotiation over rounds: concession tactics, influence, events, the mediator's single
   negotiating text and stacked alternating offers, and how a negotiation ends. */
#include "round.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "redline.h"
#include "textbuf.h"

#define EPS 1e-9
#define FLOOR 0.01          /* the balance objective's floor (as the outsider gain) */
#define REQUIRED_PENALTY 100.0
#define WALK_AFTER 3        /* objections in a row past its deadline before an actor walks */
#define STALL_ROUNDS 3      /* an unchanged text and still willingness for this long ends it */

struct round_sim {
    model_scenario *scn;
    round_options opts;
    round_hooks hooks;
    rng_state rng;
    int round, T;
    bool finished, failed;
    double willingness[MODEL_MAX_ACTORS];
    double shock[MODEL_MAX_ACTORS];     /* lasting shifts from events and signals */
    double aspiration[MODEL_MAX_ACTORS];
    double best[MODEL_MAX_ACTORS];      /* best utility each could get */
    model_package offer;
    bool has_offer;
    int proposer;
    model_set accepted, walked;
    int objections[MODEL_MAX_ACTORS];   /* in a row, past the deadline */
    bool fired[MODEL_MAX_EVENTS];
    int injects[MODEL_MAX_EVENTS], inject_count;
    bool have_candidate;                /* the latest text a coalition could sign */
    model_package candidate;
    model_set candidate_signers;
    int unchanged;
    bool proposed;                      /* round_propose ran; the answers are still to come */
    model_package pending_before;
    bool pending_had_offer;
    int pending_proposer;
    model_set humans;                   /* actors whose answers come from people */
    bool has_counter;                   /* a scripted counter-offer for the next round */
    model_package counter;
    int counter_by;
    int next_mover;                     /* alternating offers: index into the order */
    model_package *spe_offer;           /* subgame-perfect play: offer and threshold per round */
    double *spe_threshold;
    round_transcript t;
    round_record current;               /* being built during a round */
};

/* ---- small pieces ------------------------------------------------------------------ */

const char *round_verdict_name(round_verdict v)
{
    static const char *const names[] = {"accept", "object", "counter", "walk", "absent"};
    return (unsigned)v < 5 ? names[v] : "?";
}

const char *round_outcome_name(round_outcome_kind k)
{
    static const char *const names[] = {"agreement", "coalition", "breakdown"};
    return (unsigned)k < 3 ? names[k] : "?";
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

double round_tactic_willingness(const model_tactic *t, int round, int deadline)
{
    if (deadline <= 0)
        return 1;
    double progress = (double)round / deadline;
    if (progress >= 1)
        return 1;
    double beta = t->beta > 0 ? t->beta : 1;
    return clamp01(t->kappa + (1 - t->kappa) * pow(progress, 1 / beta));
}

double round_influence(const model_scenario *scn, int actor, double own, const double *x)
{
    const model_actor *a = &scn->actors[actor];
    double s = a->tactic.susceptibility, total = 0, pull = 0;
    for (int j = 0; j < scn->actor_count; j++)
        if (j != actor && a->listens[j] > 0) {
            total += a->listens[j];
            pull += a->listens[j] * x[j];
        }
    if (s <= 0 || total <= 0)
        return own;
    return (1 - s) * own + s * (pull / total);
}

double round_rubinstein_share(double d1, double d2)
{
    return (1 - d2) / (1 - d1 * d2);
}

static bool is_party(const round_sim *sim, int i)
{
    return model_set_has(sim->scn->rule.parties, i) && !model_set_has(sim->walked, i);
}

static double range_of(const round_sim *sim, int i)
{
    double r = sim->best[i] - sim->scn->actors[i].reservation;
    return r > 1e-6 ? r : 1e-6;
}

/* ---- messages ----------------------------------------------------------------------- */

ent_status round_message(round_sim *sim, const char *text, ent_error *err)
{
    round_record *rec = &sim->current;
    char **grown = realloc(rec->messages, sizeof *grown * (size_t)(rec->message_count + 1));
    if (!grown)
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    rec->messages = grown;
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    if (!copy)
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    memcpy(copy, text, n + 1);
    rec->messages[rec->message_count++] = copy;
    return ENT_OK;
}

static void free_record(round_record *rec)
{
    for (int m = 0; m < rec->message_count; m++)
        free(rec->messages[m]);
    free(rec->messages);
    rec->messages = NULL;
    rec->message_count = 0;
}

void round_transcript_free(round_transcript *t)
{
    for (int r = 0; r < t->record_count; r++)
        free_record(&t->records[r]);
    free(t->records);
    memset(t, 0, sizeof *t);
}

/* ---- accessors -------------------------------------------------------------------- */

const model_scenario *round_scenario(const round_sim *sim) { return sim->scn; }
int round_number(const round_sim *sim) { return sim->round; }
const model_package *round_offer(const round_sim *sim)
{
    return sim->has_offer ? &sim->offer : NULL;
}
double round_willingness(const round_sim *sim, int actor) { return sim->willingness[actor]; }
double round_aspiration(const round_sim *sim, int actor) { return sim->aspiration[actor]; }
bool round_has_accepted(const round_sim *sim, int actor)
{
    return model_set_has(sim->accepted, actor);
}
bool round_has_walked(const round_sim *sim, int actor)
{
    return model_set_has(sim->walked, actor);
}
bool round_finished(const round_sim *sim) { return sim->finished; }
rng_state *round_rng(round_sim *sim) { return &sim->rng; }
uint64_t round_seed(const round_sim *sim) { return sim->opts.seed; }
void round_set_human(round_sim *sim, int actor, bool human)
{
    if (human)
        sim->humans |= 1ull << actor;
    else
        sim->humans &= ~(1ull << actor);
}
bool round_is_human(const round_sim *sim, int actor) { return model_set_has(sim->humans, actor); }
bool round_awaiting_answers(const round_sim *sim) { return sim->proposed; }
const round_transcript *round_transcript_of(const round_sim *sim) { return &sim->t; }

void round_add_willingness(round_sim *sim, int actor, double delta)
{
    sim->shock[actor] += delta;
    sim->willingness[actor] = clamp01(sim->willingness[actor] + delta);
}

void round_set_reservation(round_sim *sim, int actor, double value)
{
    sim->scn->actors[actor].reservation = clamp01(value);
}

void round_set_redline(round_sim *sim, int actor, int redline, bool in_force)
{
    sim->scn->actors[actor].redlines[redline].dormant = !in_force;
}

void round_set_ideal(round_sim *sim, int actor, int issue, int option)
{
    model_scenario *scn = sim->scn;
    const model_issue *is = &scn->issues[issue];
    for (int o = 0; o < is->option_count; o++) {
        double dist = is->option_count > 1 ? fabs((double)(o - option)) / (is->option_count - 1)
                                           : 0;
        scn->actors[actor].value[issue][o] = 1 - dist;
    }
    sim->best[actor] = model_best_utility(scn, actor);
}

void round_set_membership(round_sim *sim, int actor, bool party)
{
    if (party) {
        sim->scn->rule.parties |= 1ull << actor;
        sim->walked &= ~(1ull << actor);
    } else {
        sim->scn->rule.parties &= ~(1ull << actor);
        sim->scn->rule.required &= ~(1ull << actor);
    }
}

/* ---- events ----------------------------------------------------------------------- */

static ent_status fire_event(round_sim *sim, int e, ent_error *err)
{
    model_scenario *scn = sim->scn;
    const model_event *ev = &scn->events[e];
    sim->fired[e] = true;
    char line[1024];
    snprintf(line, sizeof line, "%s%s%s%s", ev->inject ? "Inject: " : "Event: ",
             ev->label ? ev->label : ev->id, ev->message ? " - " : "",
             ev->message ? ev->message : "");
    ent_status st = round_message(sim, line, err);
    for (int k = 0; k < ev->willingness_count && st == ENT_OK; k++)
        round_add_willingness(sim, ev->willingness[k].actor, ev->willingness[k].value);
    for (int k = 0; k < ev->reservation_count; k++)
        round_set_reservation(sim, ev->reservation[k].actor, ev->reservation[k].value);
    for (int k = 0; k < ev->position_count; k++)
        round_set_ideal(sim, ev->positions[k].actor, ev->positions[k].index,
                        (int)ev->positions[k].value);
    for (int k = 0; k < ev->lift_count; k++)
        round_set_redline(sim, ev->lift[k].actor, ev->lift[k].index, false);
    for (int k = 0; k < ev->impose_count; k++)
        round_set_redline(sim, ev->impose[k].actor, ev->impose[k].index, true);
    for (int i = 0; i < scn->actor_count; i++) {
        if (model_set_has(ev->join, i))
            round_set_membership(sim, i, true);
        if (model_set_has(ev->leave, i))
            round_set_membership(sim, i, false);
    }
    if (ev->signal_from >= 0 && st == ENT_OK) {
        /* A commitment by a trusted actor moves those who listen to it, in proportion to how
           much they listen (the article's "impetus for other partners"). */
        int from = ev->signal_from;
        for (int i = 0; i < scn->actor_count; i++) {
            const model_actor *a = &scn->actors[i];
            double total = 0;
            for (int j = 0; j < scn->actor_count; j++)
                if (j != i)
                    total += a->listens[j];
            if (i == from || total <= 0 || a->listens[from] <= 0)
                continue;
            round_add_willingness(sim, i, ev->signal_strength * a->listens[from] / total);
        }
    }
    if (ev->apply_ref && sim->hooks.event_apply && st == ENT_OK)
        st = sim->hooks.event_apply(sim->hooks.ctx, sim, e, err);
    return st;
}

ent_status round_inject(round_sim *sim, int event, ent_error *err)
{
    if (event < 0 || event >= sim->scn->event_count)
        return ent_fail(err, ENT_ERR_USAGE, "no event number %d", event);
    if (sim->inject_count >= MODEL_MAX_EVENTS)
        return ent_fail(err, ENT_ERR_LIMIT, "too many injects waiting");
    sim->injects[sim->inject_count++] = event;
    return ENT_OK;
}

static ent_status fire_due_events(round_sim *sim, ent_error *err)
{
    model_scenario *scn = sim->scn;
    ent_status st = ENT_OK;
    for (int q = 0; q < sim->inject_count && st == ENT_OK; q++)
        st = fire_event(sim, sim->injects[q], err);
    sim->inject_count = 0;
    for (int e = 0; e < scn->event_count && st == ENT_OK; e++) {
        const model_event *ev = &scn->events[e];
        if (sim->fired[e] || ev->inject)
            continue;
        bool due = ev->at_round > 0 && ev->at_round == sim->round;
        if (!due && ev->when_offer >= 0 && sim->has_offer)
            due = redline_eval(scn, ev->when_offer, &sim->offer);
        if (!due && ev->when_accepted)
            due = (sim->accepted & ev->when_accepted) == ev->when_accepted;
        if (due)
            st = fire_event(sim, e, err);
    }
    return st;
}

/* ---- proposals: the balance objective and local search ------------------------------- */

typedef struct {
    const round_sim *sim;
    int proposer;            /* -1: a neutral mediator */
    double u[MODEL_MAX_ACTORS];
    model_package pkg;
} proposal;

static void utilities(const model_scenario *scn, const model_package *p, double *u)
{
    for (int i = 0; i < scn->actor_count; i++)
        u[i] = model_utility(scn, i, p);
}

/* How well a package balances everyone's current aspirations: a product of (1 + normalised
   surplus over aspiration), floored; crossing the red line of an actor who must sign costs far
   more than anything a surplus can buy. A proposing actor also keeps to its own aspiration. */
static double balance(const round_sim *sim, const model_package *p, const double *u, int proposer)
{
    const model_scenario *scn = sim->scn;
    model_set req = model_required(scn, p);
    double score = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        if (!is_party(sim, i))
            continue;
        const model_actor *a = &scn->actors[i];
        int crossed = 0;
        for (int r = 0; r < a->redline_count; r++)
            crossed += !a->redlines[r].dormant && !redline_eval(scn, a->redlines[r].node, p);
        if (crossed) {
            /* Per red line, so that a text crossing two moves toward crossing one; a proposer
               never offers what crosses its own red lines while anything else is possible. */
            score += i == proposer            ? -10 * REQUIRED_PENALTY * crossed
                     : model_set_has(req, i) ? -REQUIRED_PENALTY * crossed
                                             : log(FLOOR);
            continue;
        }
        double surplus = (u[i] - sim->aspiration[i]) / range_of(sim, i);
        if (i == proposer && surplus < -EPS)
            score -= REQUIRED_PENALTY * (1 - surplus);
        double x = 1 + surplus;
        score += log(x > FLOOR ? x : FLOOR);
    }
    return score;
}

/* Coordinate ascent from *p: change one issue at a time while it helps. Deterministic. */
static double improve(const round_sim *sim, model_package *p, int proposer)
{
    const model_scenario *scn = sim->scn;
    double u[MODEL_MAX_ACTORS];
    utilities(scn, p, u);
    double cur = balance(sim, p, u, proposer);
    for (int sweep = 0; sweep < 25; sweep++) {
        bool better = false;
        for (int k = 0; k < scn->issue_count; k++) {
            int keep = p->opt[k];
            for (int o = 0; o < scn->issues[k].option_count; o++) {
                if (o == keep)
                    continue;
                double trial[MODEL_MAX_ACTORS];
                for (int i = 0; i < scn->actor_count; i++)
                    trial[i] = u[i] + scn->actors[i].salience[k] *
                                          (scn->actors[i].value[k][o] - scn->actors[i].value[k][keep]);
                p->opt[k] = (uint8_t)o;
                double v = balance(sim, p, trial, proposer);
                if (v > cur + 1e-12) {
                    cur = v;
                    keep = o;
                    memcpy(u, trial, sizeof u[0] * (size_t)scn->actor_count);
                    better = true;
                }
            }
            p->opt[k] = (uint8_t)keep;
        }
        if (!better)
            break;
    }
    return cur;
}

static void ideal_package(const model_scenario *scn, int actor, model_package *p)
{
    memset(p, 0, sizeof *p);
    for (int k = 0; k < scn->issue_count; k++) {
        int best = scn->issues[k].default_option;
        for (int o = 0; o < scn->issues[k].option_count; o++)
            if (scn->actors[actor].value[k][o] > scn->actors[actor].value[k][best] + EPS)
                best = o;
        p->opt[k] = (uint8_t)best;
    }
}

static void status_quo(const model_scenario *scn, model_package *p)
{
    memset(p, 0, sizeof *p);
    for (int k = 0; k < scn->issue_count; k++)
        p->opt[k] = (uint8_t)scn->issues[k].default_option;
}

/* The text for this round: revise the standing one; the first text is the best of several
   starting points (the status quo and each party's ideal). */
static void propose(round_sim *sim, int proposer)
{
    const model_scenario *scn = sim->scn;
    model_package best;
    double best_score;
    if (sim->has_offer) {
        best = sim->offer;
        best_score = improve(sim, &best, proposer);
    } else {
        status_quo(scn, &best);
        best_score = improve(sim, &best, proposer);
    }
    /* The first text, and a proposer's own counter-offer, also try fresh starts. */
    if (!sim->has_offer || proposer >= 0)
        for (int i = 0; i < scn->actor_count; i++) {
            if (!is_party(sim, i) || (proposer >= 0 && i != proposer && sim->has_offer))
                continue;
            model_package p;
            ideal_package(scn, i, &p);
            double s = improve(sim, &p, proposer);
            if (s > best_score + 1e-12) {
                best_score = s;
                best = p;
            }
        }
    sim->offer = best;
    sim->has_offer = true;
    sim->proposer = proposer;
}

/* ---- responses ---------------------------------------------------------------------- */

static int costliest_issue(const model_scenario *scn, int i, const model_package *p)
{
    int worst = -1;
    double loss = 0;
    for (int k = 0; k < scn->issue_count; k++) {
        double top = 0;
        for (int o = 0; o < scn->issues[k].option_count; o++)
            top = scn->actors[i].value[k][o] > top ? scn->actors[i].value[k][o] : top;
        double l = scn->actors[i].salience[k] * (top - scn->actors[i].value[k][p->opt[k]]);
        if (l > loss + EPS) {
            loss = l;
            worst = k;
        }
    }
    return worst;
}

static int preferred_option(const model_scenario *scn, int i, int k)
{
    int best = 0;
    for (int o = 0; o < scn->issues[k].option_count; o++)
        if (scn->actors[i].value[k][o] > scn->actors[i].value[k][best] + EPS)
            best = o;
    return best;
}

/* The built-in answer: red lines first, then the aspiration. */
static void respond(const round_sim *sim, int i, const model_package *p, round_response *r)
{
    const model_scenario *scn = sim->scn;
    const model_actor *a = &scn->actors[i];
    r->actor = i;
    r->redline = -1;
    r->issue = -1;
    r->utility = model_utility(scn, i, p);
    r->aspiration = sim->aspiration[i];
    textbuf out = textbuf_on(r->reason, sizeof r->reason);
    for (int k = 0; k < a->redline_count; k++) {
        if (a->redlines[k].dormant || redline_eval(scn, a->redlines[k].node, p))
            continue;
        r->verdict = ROUND_OBJECT;
        r->redline = k;
        textbuf_put(&out, "crosses its red line \"%s\"", a->redlines[k].label);
        return;
    }
    if (r->utility + EPS < r->aspiration) {
        r->verdict = ROUND_OBJECT;
        r->issue = costliest_issue(scn, i, p);
        textbuf_put(&out, "worth %.2f to it, %.2f below what it still asks (%.2f)", r->utility,
                    r->aspiration - r->utility, r->aspiration);
        if (r->issue >= 0) {
            const model_issue *is = &scn->issues[r->issue];
            textbuf_put(&out, "; it wants %s to be '%s', not '%s'", is->label,
                        is->options[preferred_option(scn, i, r->issue)].id,
                        is->options[p->opt[r->issue]].id);
        }
        return;
    }
    r->verdict = ROUND_ACCEPT;
    textbuf_put(&out, "worth %.2f to it, at least the %.2f it asks", r->utility, r->aspiration);
}

/* ---- subgame-perfect play (bilateral alternating offers with discounting) -------------- */

/* Backward induction over the package space: in the last round the proposer takes everything
   the responder's reservation allows; earlier, the responder accepts anything worth its
   discounted share of the next round's agreement. As the horizon grows this converges to
   Rubinstein's (1 - d2) / (1 - d1 d2). */
static ent_status plan_subgame_perfect(round_sim *sim, ent_error *err)
{
    const model_scenario *scn = sim->scn;
    const model_protocol *pr = &scn->protocol;
    if (pr->order_count != 2)
        return ent_fail(err, ENT_ERR_SCENARIO, "the subgame-perfect tactic needs exactly two "
                        "parties moving in turn");
    double packages = model_package_count(scn);
    if (packages > 1e6)
        return ent_fail(err, ENT_ERR_SCENARIO, "the subgame-perfect tactic needs a small "
                        "package space (at most 1,000,000 packages)");
    sim->spe_offer = calloc((size_t)sim->T + 2, sizeof *sim->spe_offer);
    sim->spe_threshold = calloc((size_t)sim->T + 2, sizeof *sim->spe_threshold);
    if (!sim->spe_offer || !sim->spe_threshold)
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    double next_value[2] = {0, 0}; /* what each gets from the next round's agreement */
    for (int t = sim->T; t >= 1; t--) {
        int p = pr->order[(t - 1) % 2], r = pr->order[t % 2];
        int pi = (t - 1) % 2, ri = t % 2;
        double need = t == sim->T ? scn->actors[r].reservation
                                  : scn->actors[r].tactic.patience * next_value[ri];
        if (need < scn->actors[r].reservation)
            need = scn->actors[r].reservation;
        model_package pkg, best;
        memset(&pkg, 0, sizeof pkg);
        double best_u = -1;
        for (;;) {
            bool ok = model_utility(scn, r, &pkg) >= need - EPS &&
                      !(model_violations(scn, r, &pkg) & ~MODEL_RESERVATION_BIT);
            double up = model_utility(scn, p, &pkg);
            if (ok && up > best_u + EPS) {
                best_u = up;
                best = pkg;
            }
            int k = scn->issue_count - 1;
            for (; k >= 0; k--) {
                if (++pkg.opt[k] < scn->issues[k].option_count)
                    break;
                pkg.opt[k] = 0;
            }
            if (k < 0)
                break;
        }
        if (best_u < 0)
            status_quo(scn, &best);
        sim->spe_offer[t] = best;
        sim->spe_threshold[t] = need;
        next_value[pi] = model_utility(scn, p, &best);
        next_value[ri] = model_utility(scn, r, &best);
    }
    return ENT_OK;
}

static bool spe_actor(const round_sim *sim, int i)
{
    return sim->spe_offer && sim->scn->actors[i].tactic.kind == TACTIC_SUBGAME_PERFECT;
}

/* ---- the round ------------------------------------------------------------------- */

static void update_willingness(round_sim *sim)
{
    const model_scenario *scn = sim->scn;
    double before[MODEL_MAX_ACTORS];
    memcpy(before, sim->willingness, sizeof before);
    for (int i = 0; i < scn->actor_count; i++) {
        const model_tactic *tc = &scn->actors[i].tactic;
        int deadline = tc->deadline > 0 ? tc->deadline : sim->T;
        double own = clamp01(round_tactic_willingness(tc, sim->round, deadline) + sim->shock[i]);
        sim->willingness[i] = clamp01(round_influence(scn, i, own, before));
        double d = scn->actors[i].reservation;
        sim->aspiration[i] = sim->best[i] > d ? sim->best[i] - sim->willingness[i] * (sim->best[i] - d)
                                              : d;
    }
}

/* Contributions of actors who do not sign are withdrawn; that can change who accepts, so
   settle it a few times. Returns the signatories. */
static model_set settle(const round_sim *sim, model_package *p, model_set accepting)
{
    const model_scenario *scn = sim->scn;
    for (int pass = 0; pass < 4; pass++) {
        bool changed = false;
        for (int k = 0; k < scn->issue_count; k++) {
            int owner = scn->issues[k].owner;
            if (owner >= 0 && !model_set_has(accepting, owner) &&
                p->opt[k] != scn->issues[k].default_option) {
                p->opt[k] = (uint8_t)scn->issues[k].default_option;
                changed = true;
            }
        }
        if (!changed)
            break;
        model_set again = 0;
        for (int i = 0; i < scn->actor_count; i++) {
            if (!model_set_has(accepting, i))
                continue;
            round_response r;
            respond(sim, i, p, &r);
            if (r.verdict == ROUND_ACCEPT)
                again |= 1ull << i;
        }
        accepting = again;
    }
    return accepting & scn->rule.parties & ~sim->walked;
}

static ent_status commit_record(round_sim *sim, ent_error *err)
{
    round_transcript *t = &sim->t;
    if (t->record_count == t->record_capacity) {
        int cap = t->record_capacity ? t->record_capacity * 2 : 16;
        round_record *grown = realloc(t->records, sizeof *grown * (size_t)cap);
        if (!grown)
            return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
        t->records = grown;
        t->record_capacity = cap;
    }
    sim->current.number = sim->round;
    sim->current.proposer = sim->proposer;
    sim->current.offer = sim->offer;
    memcpy(sim->current.willingness, sim->willingness, sizeof sim->willingness);
    memcpy(sim->current.aspiration, sim->aspiration, sizeof sim->aspiration);
    t->records[t->record_count++] = sim->current;
    memset(&sim->current, 0, sizeof sim->current);
    return ENT_OK;
}

static void conclude_breakdown(round_sim *sim, const char *why)
{
    const model_scenario *scn = sim->scn;
    round_outcome *o = &sim->t.outcome;
    o->kind = OUTCOME_BREAKDOWN;
    o->has_package = false;
    o->signatories = 0;
    textbuf out = textbuf_on(o->reason, sizeof o->reason);
    textbuf_put(&out, "%s", why);
    /* Who would not sign at the end, and why: those whose signature the text needed. */
    if (sim->t.record_count > 0) {
        const round_record *last = &sim->t.records[sim->t.record_count - 1];
        model_set req = model_required(scn, &last->offer);
        for (int j = 0; j < last->response_count; j++) {
            const round_response *r = &last->responses[j];
            if (!model_set_has(req, r->actor) ||
                (r->verdict != ROUND_OBJECT && r->verdict != ROUND_WALK))
                continue;
            textbuf_put(&out, " %s: %s.", scn->actors[r->actor].name, r->reason);
        }
    }
    if (sim->opts.explain) {
        explain_conflicts c;
        ent_error ignored;
        if (explain_find_conflicts(scn, 8, 5000000, &c, &ignored) == ENT_OK) {
            if (c.count > 0)
                textbuf_put(&out, " No package can satisfy everyone who must sign:");
            for (int s = 0; s < c.count && s < 3; s++) {
                textbuf_put(&out, "%s", s ? ";" : "");
                for (int j = 0; j < c.sets[s].count; j++) {
                    char label[256];
                    explain_item_label(scn, c.sets[s].items[j], label, sizeof label);
                    textbuf_put(&out, "%s %s's \"%s\"", j ? " against" : "",
                                scn->actors[c.sets[s].items[j].actor].name, label);
                }
            }
            if (c.count > 0)
                textbuf_put(&out, ".");
            explain_conflicts_free(&c);
        }
    }
}

static void conclude(round_sim *sim, const char *why_no_deal)
{
    round_outcome *o = &sim->t.outcome;
    o->rounds = sim->round;
    sim->finished = true;
    if (sim->have_candidate) {
        /* A coalition binds only itself: its members settle the text among themselves, with
           no need to keep the non-signers' interests in it. */
        model_set saved_walked = sim->walked;
        sim->walked |= sim->scn->rule.parties & ~sim->candidate_signers;
        model_package own = sim->candidate;
        improve(sim, &own, -1);
        model_set members = 0;
        for (int i = 0; i < sim->scn->actor_count; i++) {
            round_response r;
            respond(sim, i, &own, &r);
            if (model_set_has(sim->candidate_signers, i) && r.verdict == ROUND_ACCEPT)
                members |= 1ull << i;
        }
        model_set settled = settle(sim, &own, members);
        sim->walked = saved_walked;
        if (settled == sim->candidate_signers && model_rule_met(sim->scn, &own, settled))
            sim->candidate = own;
        o->kind = OUTCOME_COALITION;
        o->has_package = true;
        o->package = sim->candidate;
        o->signatories = sim->candidate_signers;
        textbuf out = textbuf_on(o->reason, sizeof o->reason);
        textbuf_put(&out, "Not everyone signs, but those who do meet the rule: a coalition of "
                          "the willing, bound only itself.");
        /* Each non-signer in its own words, as it answered in the last round. */
        const round_record *last =
            sim->t.record_count ? &sim->t.records[sim->t.record_count - 1] : NULL;
        for (int i = 0; i < sim->scn->actor_count; i++) {
            if (!model_set_has(sim->scn->rule.parties | sim->walked, i) ||
                model_set_has(o->signatories, i))
                continue;
            const char *why = model_set_has(sim->walked, i) ? "it walked away" : NULL;
            for (int j = 0; last && !why && j < last->response_count; j++)
                if (last->responses[j].actor == i && last->responses[j].verdict != ROUND_ACCEPT)
                    why = last->responses[j].reason;
            if (why)
                textbuf_put(&out, " %s does not sign: %s.", sim->scn->actors[i].name, why);
            else
                textbuf_put(&out, " %s does not sign: it would not accept the text once the "
                                  "non-signers' contributions were withdrawn.",
                            sim->scn->actors[i].name);
        }
        return;
    }
    conclude_breakdown(sim, why_no_deal);
}

bool round_propose(round_sim *sim, ent_error *err)
{
    if (sim->proposed)
        return true;
    if (sim->finished || sim->failed)
        return false;
    model_scenario *scn = sim->scn;
    sim->round++;
    ent_status st = fire_due_events(sim, err);
    if (st == ENT_OK && sim->hooks.on_round)
        st = sim->hooks.on_round(sim->hooks.ctx, sim, err);
    if (st != ENT_OK)
        goto failed;
    update_willingness(sim);

    /* Who proposes. */
    model_package before = sim->offer;
    bool had_offer = sim->has_offer;
    int proposer = scn->protocol.kind == PROTOCOL_MEDIATOR ? scn->protocol.mediator : -1;
    if (scn->protocol.kind == PROTOCOL_ALTERNATING) {
        for (int tries = 0; tries < scn->protocol.order_count; tries++) {
            int cand = scn->protocol.order[sim->next_mover % scn->protocol.order_count];
            sim->next_mover++;
            if (is_party(sim, cand)) {
                proposer = cand;
                break;
            }
        }
    }
    if (sim->has_counter) {
        sim->offer = sim->counter;
        sim->has_offer = true;
        sim->proposer = proposer = sim->counter_by;
        sim->has_counter = false;
    } else if (proposer >= 0 && spe_actor(sim, proposer)) {
        sim->offer = sim->spe_offer[sim->round];
        sim->has_offer = true;
        sim->proposer = proposer;
    } else {
        propose(sim, proposer);
    }
    if (sim->hooks.on_offer && (st = sim->hooks.on_offer(sim->hooks.ctx, sim, err)) != ENT_OK)
        goto failed;
    sim->proposed = true;
    sim->pending_before = before;
    sim->pending_had_offer = had_offer;
    sim->pending_proposer = proposer;
    return true;
failed:
    sim->failed = true;
    free_record(&sim->current);
    return false;
}

bool round_step(round_sim *sim, ent_error *err)
{
    if (sim->finished || sim->failed)
        return false;
    if (!sim->proposed && !round_propose(sim, err))
        return false;
    sim->proposed = false;
    model_scenario *scn = sim->scn;
    ent_status st = ENT_OK;
    model_package before = sim->pending_before;
    bool had_offer = sim->pending_had_offer;
    int proposer = sim->pending_proposer;

    /* Everyone answers the standing offer. */
    round_record *rec = &sim->current;
    rec->response_count = 0;
    model_set accepting = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        round_response *r = &rec->responses[rec->response_count++];
        memset(r, 0, sizeof *r);
        r->actor = i;
        r->redline = r->issue = -1;
        if (!model_set_has(scn->rule.parties, i) || model_set_has(sim->walked, i)) {
            r->verdict = ROUND_ABSENT;
            snprintf(r->reason, sizeof r->reason, "%s",
                     model_set_has(sim->walked, i) ? "has walked away" : "not a party");
            continue;
        }
        r->verdict = ROUND_ABSENT;
        model_package counter;
        if ((scn->actors[i].strategy_ref || model_set_has(sim->humans, i)) && sim->hooks.strategy) {
            r->utility = model_utility(scn, i, &sim->offer);
            r->aspiration = sim->aspiration[i];
            if ((st = sim->hooks.strategy(sim->hooks.ctx, sim, i, r, &counter, err)) != ENT_OK)
                goto failed;
        }
        if (r->verdict == ROUND_ABSENT) {
            if (i == proposer) {
                /* Its own offer, but it still answers to its red lines and aspiration: a
                   proposer that could find nothing it can live with says so. */
                respond(sim, i, &sim->offer, r);
                /* Subgame-perfect play: the offer is its equilibrium demand by construction. */
                if (spe_actor(sim, i) && r->redline < 0) {
                    r->verdict = ROUND_ACCEPT;
                    r->aspiration = r->utility;
                }
                if (r->verdict == ROUND_ACCEPT)
                    snprintf(r->reason, sizeof r->reason, "its own offer (worth %.2f to it)",
                             r->utility);
            } else if (spe_actor(sim, i)) {
                respond(sim, i, &sim->offer, r);
                r->aspiration = sim->spe_threshold[sim->round];
                bool ok = r->redline < 0 && r->utility >= r->aspiration - EPS;
                r->verdict = ok ? ROUND_ACCEPT : ROUND_OBJECT;
                snprintf(r->reason, sizeof r->reason, "worth %.2f to it; waiting is worth %.2f",
                         r->utility, r->aspiration);
            } else {
                respond(sim, i, &sim->offer, r);
            }
        }
        if (r->verdict == ROUND_COUNTER) {
            /* The answers already given were to this round's offer: the counter-offer goes
               on the table next round, for everyone to answer. */
            sim->counter = counter;
            sim->counter_by = i;
            sim->has_counter = true;
            r->verdict = ROUND_OBJECT;
        }
        if (r->verdict == ROUND_OBJECT) {
            bool spent = sim->willingness[i] >= 1 - EPS;
            sim->objections[i] = spent ? sim->objections[i] + 1 : 0;
            if (sim->objections[i] >= WALK_AFTER && !spe_actor(sim, i)) {
                char why[ROUND_REASON_MAX];
                memcpy(why, r->reason, sizeof why);
                textbuf out = textbuf_on(r->reason, sizeof r->reason);
                textbuf_put(&out, "walks away: past its deadline the offer still %s", why);
                r->verdict = ROUND_WALK;
            }
        } else if (r->verdict == ROUND_ACCEPT) {
            sim->objections[i] = 0;
            accepting |= 1ull << i;
        }
        if (r->verdict == ROUND_WALK) {
            sim->walked |= 1ull << i;
            if (sim->has_counter && sim->counter_by == i)
                sim->has_counter = false; /* who leaves takes its offer with it */
        }
    }
    sim->accepted = accepting;

    /* Does it end here? */
    model_set parties = scn->rule.parties & ~sim->walked;
    bool everyone = (accepting & scn->rule.parties) == scn->rule.parties && !sim->walked;
    if (everyone && model_rule_met(scn, &sim->offer, accepting)) {
        if ((st = commit_record(sim, err)) != ENT_OK)
            goto failed;
        round_outcome *o = &sim->t.outcome;
        o->kind = OUTCOME_AGREEMENT;
        o->has_package = true;
        o->package = sim->offer;
        o->signatories = accepting & scn->rule.parties;
        o->rounds = sim->round;
        snprintf(o->reason, sizeof o->reason, "Every party accepts the text of round %d.",
                 sim->round);
        sim->finished = true;
        return false;
    }
    /* A coalition must hold at the end: one that stood earlier but no longer does (an event
       imposed a red line, a member walked) is not signed. */
    sim->have_candidate = false;
    model_package effective = sim->offer;
    model_set signers = settle(sim, &effective, accepting);
    if (model_rule_met(scn, &effective, signers) && signers) {
        sim->have_candidate = true;
        sim->candidate = effective;
        sim->candidate_signers = signers;
    }
    bool same = had_offer && memcmp(&before, &sim->offer, sizeof before) == 0;
    bool still = true;
    for (int i = 0; i < scn->actor_count; i++)
        still = still && sim->willingness[i] >= 1 - EPS;
    sim->unchanged = same && still ? sim->unchanged + 1 : 0;
    if ((st = commit_record(sim, err)) != ENT_OK)
        goto failed;

    bool required_gone = (scn->rule.required & sim->walked) != 0;
    if (required_gone) {
        sim->t.outcome.rounds = sim->round;
        sim->finished = true;
        sim->have_candidate = false;
        conclude_breakdown(sim, "A party whose signature is required walked away.");
        return false;
    }
    bool pending = false;
    for (int e = 0; e < scn->event_count; e++)
        pending = pending || (!sim->fired[e] && scn->events[e].at_round > sim->round);
    if (sim->round >= sim->T || (sim->unchanged >= STALL_ROUNDS && !pending) || !parties) {
        char why[160];
        snprintf(why, sizeof why, "No agreement: %s after %d round%s.",
                 sim->round >= sim->T ? "the deadline passed" : "the talks stalled",
                 sim->round, sim->round == 1 ? "" : "s");
        conclude(sim, why);
        return false;
    }
    return true;
failed:
    sim->failed = true;
    free_record(&sim->current);
    return false;
}

/* ---- lifecycle --------------------------------------------------------------------- */

round_sim *round_new(model_scenario *scn, const round_options *opts, const round_hooks *hooks,
                     ent_error *err)
{
    round_sim *sim = calloc(1, sizeof *sim);
    if (!sim) {
        ent_fail(err, ENT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    sim->scn = scn;
    if (opts)
        sim->opts = *opts;
    if (hooks)
        sim->hooks = *hooks;
    sim->T = sim->opts.rounds > 0 ? sim->opts.rounds : scn->protocol.rounds;
    if (sim->T <= 0)
        sim->T = 20;
    sim->t.seed = sim->opts.seed;
    rng_seed_stream(&sim->rng, sim->opts.seed, 0x726f756e64ull);
    sim->proposer = -1;
    for (int i = 0; i < scn->actor_count; i++) {
        sim->best[i] = model_best_utility(scn, i);
        sim->aspiration[i] = sim->best[i];
    }
    if (scn->protocol.kind == PROTOCOL_ALTERNATING && scn->protocol.order_count == 0) {
        for (int i = 0; i < scn->actor_count; i++)
            if (model_set_has(scn->rule.parties, i))
                scn->protocol.order[scn->protocol.order_count++] = i;
    }
    bool any_spe = false;
    for (int i = 0; i < scn->actor_count; i++)
        any_spe = any_spe || scn->actors[i].tactic.kind == TACTIC_SUBGAME_PERFECT;
    if (any_spe) {
        if (scn->protocol.kind != PROTOCOL_ALTERNATING) {
            ent_fail(err, ENT_ERR_SCENARIO, "the subgame-perfect tactic needs the alternating "
                     "offers protocol");
            round_free(sim);
            return NULL;
        }
        if (plan_subgame_perfect(sim, err) != ENT_OK) {
            round_free(sim);
            return NULL;
        }
    }
    return sim;
}

void round_free(round_sim *sim)
{
    if (!sim)
        return;
    free_record(&sim->current);
    round_transcript_free(&sim->t);
    free(sim->spe_offer);
    free(sim->spe_threshold);
    free(sim);
}

ent_status round_run(round_sim *sim, round_transcript *out, ent_error *err)
{
    ent_error local;
    if (!err)
        err = &local;
    ent_error_clear(err);
    while (round_step(sim, err))
        ;
    if (sim->failed)
        return err->status != ENT_OK ? err->status : ENT_ERR_SCENARIO;
    *out = sim->t;
    memset(&sim->t, 0, sizeof sim->t);
    return ENT_OK;
}

ent_status round_simulate(model_scenario *scn, const round_options *opts,
                          const round_hooks *hooks, round_transcript *out, ent_error *err)
{
    round_sim *sim = round_new(scn, opts, hooks, err);
    if (!sim)
        return err && err->status != ENT_OK ? err->status : ENT_ERR_NOMEM;
    ent_status st = round_run(sim, out, err);
    round_free(sim);
    return st;
}
