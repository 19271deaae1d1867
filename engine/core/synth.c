/* synth.c: synthetic scenarios shaped like real ones: few salient issues per actor, unit red
   lines on them, three required parties and a quota of guarantors. */
#include "synth.h"

#include <stdio.h>
#include <string.h>

#include "rng.h"

static int add_literal(model_scenario *scn, model_node_op op, int issue, int option)
{
    return model_add_node(scn, (model_node){.op = op, .issue = issue, .option = option,
                                            .left = -1, .right = -1});
}

static void add_redline(model_scenario *scn, model_actor *a, int node, const char *label)
{
    model_redline *r = &a->redlines[a->redline_count++];
    snprintf(r->id, sizeof r->id, "r%d", a->redline_count);
    r->label = model_strdup(scn, label);
    r->source = model_strdup(scn, "synthetic");
    r->node = node;
}

model_scenario *synth_make(const synth_params *p)
{
    if (p->issues < 1 || p->issues > MODEL_MAX_ISSUES || p->options < 2 ||
        p->options > MODEL_MAX_OPTIONS || p->actors < 4 || p->actors > MODEL_MAX_ACTORS)
        return NULL;
    model_scenario *scn = model_new();
    if (!scn)
        return NULL;
    rng_state r;
    rng_seed(&r, p->seed);
    snprintf(scn->id, sizeof scn->id, "synthetic_%dx%d_%d", p->issues, p->options, p->actors);
    scn->title = model_strdup(scn, "Synthetic scenario");
    scn->variant = model_strdup(scn, p->conflict ? "conflict" : "baseline");
    scn->seed = p->seed;
    scn->issue_count = p->issues;
    for (int k = 0; k < p->issues; k++) {
        model_issue *is = &scn->issues[k];
        snprintf(is->id, sizeof is->id, "i%02d", k);
        char label[64];
        snprintf(label, sizeof label, "Issue %d", k);
        is->label = model_strdup(scn, label);
        is->option_count = p->options;
        for (int o = 0; o < p->options; o++) {
            snprintf(is->options[o].id, sizeof is->options[o].id, "o%d", o);
            is->options[o].label = model_strdup(scn, is->options[o].id);
        }
        is->default_option = 0;
        is->owner = -1;
    }
    scn->actor_count = p->actors;
    for (int i = 0; i < p->actors; i++) {
        model_actor *a = &scn->actors[i];
        snprintf(a->id, sizeof a->id, "A%02d", i);
        char name[64];
        snprintf(name, sizeof name, "Actor %d", i);
        a->name = model_strdup(scn, name);
        a->colour = (uint32_t)(rng_next(&r) & 0xffffff);
        a->capability = 0.2 + 0.8 * rng_uniform(&r);
        /* Real actors care about a handful of issues and barely notice the rest. */
        for (int k = 0; k < p->issues; k++) {
            a->salience[k] = 0.02;
            int ideal = (int)rng_below(&r, (uint64_t)p->options);
            for (int o = 0; o < p->options; o++) {
                int dist = o > ideal ? o - ideal : ideal - o;
                a->value[k][o] = 1.0 - (double)dist / (p->options - 1);
            }
        }
        int focus = p->issues < 4 ? p->issues : 4;
        for (int f = 0; f < focus; f++) {
            int k = (int)rng_below(&r, (uint64_t)p->issues);
            a->salience[k] += 1.0 + 3.0 * rng_uniform(&r);
            /* A red line on a salient issue: never the option farthest from its ideal. */
            if (f < 2) {
                int worst = 0;
                for (int o = 0; o < p->options; o++)
                    if (a->value[k][o] < a->value[k][worst])
                        worst = o;
                char label[160];
                snprintf(label, sizeof label, "%s never accepts %s = %s", a->id,
                         scn->issues[k].id, scn->issues[k].options[worst].id);
                add_redline(scn, a, add_literal(scn, RL_NE, k, worst), label);
            }
        }
        a->reservation = 0.55;
    }
    scn->rule.required = 0x7; /* actors 0, 1, 2 */
    for (int i = 3; i < p->actors; i++)
        scn->rule.guarantors |= 1ull << i;
    scn->rule.min_guarantors = (p->actors - 3) / 3;
    if (p->conflict) {
        model_actor *a0 = &scn->actors[0], *a1 = &scn->actors[1];
        int k = p->issues - 1, o = p->options - 1;
        add_redline(scn, a0, add_literal(scn, RL_EQ, k, o), "A00 insists on the last option");
        add_redline(scn, a1, add_literal(scn, RL_NE, k, o), "A01 refuses the last option");
    }
    ent_error err;
    if (model_finish(scn, &err) != ENT_OK) {
        model_free(scn);
        return NULL;
    }
    return scn;
}
