/* model.c: building the scenario model and evaluating packages against it. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "redline.h"

/* ---- string arena ------------------------------------------------------- */

struct model_chunk {
    model_chunk *next;
    size_t used, size;
    char data[];
};

#define CHUNK_SIZE 16384

char *model_strdup(model_scenario *scn, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    model_chunk *c = scn->strings;
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
        model_chunk *fresh = malloc(sizeof *fresh + size);
        if (!fresh)
            return NULL;
        fresh->next = c;
        fresh->used = 0;
        fresh->size = size;
        scn->strings = fresh;
        c = fresh;
    }
    char *out = c->data + c->used;
    memcpy(out, s, n);
    c->used += n;
    return out;
}

model_scenario *model_new(void)
{
    model_scenario *scn = calloc(1, sizeof *scn);
    if (!scn)
        return NULL;
    scn->rule.outsider_gain = 0.01;
    scn->protocol.kind = PROTOCOL_MEDIATOR;
    scn->protocol.mediator = -1;
    scn->protocol.rounds = 20;
    return scn;
}

static void free_chunks(model_chunk *c)
{
    while (c) {
        model_chunk *next = c->next;
        free(c);
        c = next;
    }
}

void model_free(model_scenario *scn)
{
    if (!scn)
        return;
    free_chunks(scn->strings);
    free(scn);
}

/* Re-home every string of the copy into its own arena, so the two can be freed apart. */
#define REHOME(field)                                   \
    do {                                                \
        if ((field) && !((field) = model_strdup(copy, (field)))) \
            goto fail;                                  \
    } while (0)

model_scenario *model_clone(const model_scenario *scn)
{
    model_scenario *copy = malloc(sizeof *copy);
    if (!copy)
        return NULL;
    memcpy(copy, scn, sizeof *copy);
    copy->strings = NULL;
    REHOME(copy->title);
    REHOME(copy->description);
    for (int v = 0; v < copy->variant_count; v++) {
        REHOME(copy->variants[v].label);
        REHOME(copy->variants[v].description);
    }
    REHOME(copy->variant);
    REHOME(copy->source_path);
    for (int k = 0; k < copy->issue_count; k++) {
        REHOME(copy->issues[k].label);
        for (int o = 0; o < copy->issues[k].option_count; o++)
            REHOME(copy->issues[k].options[o].label);
    }
    for (int i = 0; i < copy->actor_count; i++) {
        model_actor *a = &copy->actors[i];
        REHOME(a->name);
        REHOME(a->source);
        for (int k = 0; k < copy->issue_count; k++)
            REHOME(a->position_source[k]);
        for (int r = 0; r < a->redline_count; r++) {
            REHOME(a->redlines[r].label);
            REHOME(a->redlines[r].source);
        }
    }
    for (int c = 0; c < copy->rule.condition_count; c++)
        REHOME(copy->rule.conditions[c].label);
    REHOME(copy->history.summary);
    REHOME(copy->history.source);
    for (int q = 0; q < copy->question_count; q++)
        REHOME(copy->questions[q]);
    for (int e = 0; e < copy->event_count; e++) {
        REHOME(copy->events[e].label);
        REHOME(copy->events[e].message);
        REHOME(copy->events[e].source);
    }
    for (int k = 0; k < copy->continuous_count; k++) {
        REHOME(copy->continuous[k].label);
        REHOME(copy->continuous[k].source);
        for (int i = 0; i < copy->actor_count; i++)
            REHOME(copy->continuous[k].position_source[i]);
    }
    return copy;
fail:
    model_free(copy);
    return NULL;
}

int model_add_node(model_scenario *scn, model_node node)
{
    if (scn->node_count >= MODEL_MAX_NODES)
        return -1;
    scn->nodes[scn->node_count] = node;
    return scn->node_count++;
}

int model_find_actor(const model_scenario *scn, const char *id)
{
    for (int i = 0; i < scn->actor_count; i++)
        if (strcmp(scn->actors[i].id, id) == 0)
            return i;
    return -1;
}

int model_find_issue(const model_scenario *scn, const char *id)
{
    for (int k = 0; k < scn->issue_count; k++)
        if (strcmp(scn->issues[k].id, id) == 0)
            return k;
    return -1;
}

int model_find_option(const model_issue *issue, const char *id)
{
    for (int o = 0; o < issue->option_count; o++)
        if (strcmp(issue->options[o].id, id) == 0)
            return o;
    return -1;
}

int model_find_continuous(const model_scenario *scn, const char *id)
{
    for (int k = 0; k < scn->continuous_count; k++)
        if (strcmp(scn->continuous[k].id, id) == 0)
            return k;
    return -1;
}

int model_set_count(model_set s)
{
    return __builtin_popcountll(s);
}

uint32_t model_active_redlines(const model_actor *a)
{
    uint32_t mask = 0;
    for (int r = 0; r < a->redline_count; r++)
        if (!a->redlines[r].dormant)
            mask |= 1u << r;
    return mask;
}

double model_best_utility(const model_scenario *scn, int actor)
{
    const model_actor *a = &scn->actors[actor];
    double best = 0;
    for (int k = 0; k < scn->issue_count; k++) {
        double top = 0;
        for (int o = 0; o < scn->issues[k].option_count; o++)
            top = a->value[k][o] > top ? a->value[k][o] : top;
        best += a->salience[k] * top;
    }
    return best;
}

double model_capability(const model_scenario *scn, model_set set)
{
    double total = 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(set, i))
            total += scn->actors[i].capability;
    return total;
}

ent_status model_finish(model_scenario *scn, ent_error *err)
{
    if (scn->issue_count < 1 && scn->continuous_count < 1)
        return ent_fail(err, ENT_ERR_SCENARIO, "scenario '%s' declares no issue", scn->id);
    if (scn->actor_count < 1)
        return ent_fail(err, ENT_ERR_SCENARIO, "scenario '%s' declares no actor", scn->id);
    for (int i = 0; i < scn->actor_count; i++) {
        model_actor *a = &scn->actors[i];
        double total = 0;
        for (int k = 0; k < scn->issue_count; k++)
            total += a->salience[k];
        if (scn->issue_count == 0) /* forecasting only: nothing to normalise */
            continue;
        if (!(total > 0))
            return ent_fail(err, ENT_ERR_SCENARIO,
                            "actor '%s' cares about no issue (every salience is 0)", a->id);
        for (int k = 0; k < scn->issue_count; k++)
            a->salience[k] /= total;
        a->salience_scale = total * (a->salience_scale > 0 ? a->salience_scale : 1);
    }
    for (int i = 0; i < scn->actor_count; i++) {
        model_tactic *t = &scn->actors[i].tactic;
        if (t->beta <= 0)
            t->beta = 1;
        if (t->patience <= 0)
            t->patience = 1;
    }
    if (scn->protocol.rounds <= 0)
        scn->protocol.rounds = 20;
    if (scn->rule.parties == 0)
        scn->rule.parties = scn->actor_count >= 64 ? ~0ull : ((1ull << scn->actor_count) - 1);
    /* A rule that requires nobody and counts no guarantors would call a package nobody accepts
       a deal: with nothing said, every party must sign. */
    if (scn->rule.required == 0 && scn->rule.min_guarantors == 0 &&
        scn->rule.min_guarantor_share <= 0)
        scn->rule.required = scn->rule.parties;
    if (scn->rule.min_guarantor_share > 0 &&
        !(model_capability(scn, scn->rule.guarantors) > 0))
        return ent_fail(err, ENT_ERR_SCENARIO, "the rule asks for a share of the guarantors' "
                        "capability, but together they have none");
    return ENT_OK;
}

/* ---- evaluation --------------------------------------------------------- */

double model_package_count(const model_scenario *scn)
{
    double n = 1;
    for (int k = 0; k < scn->issue_count; k++)
        n *= scn->issues[k].option_count;
    return n;
}

double model_utility(const model_scenario *scn, int actor, const model_package *pkg)
{
    const model_actor *a = &scn->actors[actor];
    double u = 0;
    for (int k = 0; k < scn->issue_count; k++)
        u += a->salience[k] * a->value[k][pkg->opt[k]];
    return u;
}

uint32_t model_violations(const model_scenario *scn, int actor, const model_package *pkg)
{
    const model_actor *a = &scn->actors[actor];
    uint32_t broken = 0;
    for (int r = 0; r < a->redline_count; r++)
        if (!a->redlines[r].dormant && !redline_eval(scn, a->redlines[r].node, pkg))
            broken |= 1u << r;
    /* A small tolerance keeps "exactly at the reservation" stable across builds. */
    if (model_utility(scn, actor, pkg) < a->reservation - 1e-12)
        broken |= MODEL_RESERVATION_BIT;
    return broken;
}

model_set model_required(const model_scenario *scn, const model_package *pkg)
{
    model_set req = scn->rule.required;
    for (int c = 0; c < scn->rule.condition_count; c++)
        if (redline_eval(scn, scn->rule.conditions[c].node, pkg))
            req |= scn->rule.conditions[c].actors;
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        if (is->owner >= 0 && pkg->opt[k] != is->default_option)
            req |= 1ull << is->owner;
    }
    return req;
}

bool model_rule_met(const model_scenario *scn, const model_package *pkg, model_set accepting)
{
    const model_rule *rule = &scn->rule;
    model_set req = model_required(scn, pkg);
    if ((req & accepting) != req)
        return false;
    model_set g = rule->guarantors & accepting & rule->parties;
    if (model_set_count(g) < rule->min_guarantors)
        return false;
    if (rule->min_guarantor_share > 0) {
        double have = model_capability(scn, g), all = model_capability(scn, rule->guarantors);
        if (all <= 0 || have < rule->min_guarantor_share * all - 1e-12)
            return false;
    }
    return true;
}

model_set model_accepting(const model_scenario *scn, const model_package *pkg)
{
    model_set acc = 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_violations(scn, i, pkg) == 0)
            acc |= 1ull << i;
    return acc;
}

bool model_is_deal(const model_scenario *scn, const model_package *pkg, model_set *signatories)
{
    model_set acc = model_accepting(scn, pkg);
    bool ok = model_rule_met(scn, pkg, acc);
    if (signatories)
        *signatories = ok ? (acc & scn->rule.parties) : 0;
    return ok;
}

double model_nash_term(const model_scenario *scn, int actor, double utility, bool signs)
{
    double floor_gain = scn->rule.outsider_gain;
    if (!signs)
        return log(floor_gain);
    double gain = utility - scn->actors[actor].reservation;
    return log(gain > floor_gain ? gain : floor_gain);
}
