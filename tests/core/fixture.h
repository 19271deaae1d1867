/* fixture.h: helpers shared by the core unit tests: building scenarios in C, enumerating every
   package, brute-force oracles, and a seeded generator of small random scenarios.
   Everything is static inline so a test file that uses only part of it still builds cleanly
   under -Wall -Wextra -Werror. Include cmocka.h (and its prerequisites) before this file. */
#ifndef ENTENTE_TEST_FIXTURE_H
#define ENTENTE_TEST_FIXTURE_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "redline.h"
#include "rng.h"

/* ---- assertions ------------------------------------------------------------------------ */

/* cmocka 1.1 has no assert_double_equal: |a - b| <= tol, printing both values on failure. */
#define assert_near(a, b, tol) fx_near((a), (b), (tol), #a, __FILE__, __LINE__)

static inline void fx_near(double a, double b, double tol, const char *expr, const char *file,
                           int line)
{
    if (!(fabs(a - b) <= tol)) {
        print_error("%s = %.17g, expected %.17g (tolerance %g)\n", expr, a, b, tol);
        _fail(file, line);
    }
}

/* ---- building ------------------------------------------------------------------------- */

/* A scenario with `issues` issues of `options` options each (ids i0.., options o0..,
   labels "Issue k"), and `actors` actors (ids A0.., names "Actor i"), every salience 1, every
   value 0, reservation 0, capability 1, no owner, default option 0. Not finished. */
static inline model_scenario *fx_scenario(int issues, int options, int actors)
{
    model_scenario *scn = model_new();
    assert_non_null(scn);
    snprintf(scn->id, sizeof scn->id, "fixture");
    scn->title = model_strdup(scn, "Fixture scenario");
    scn->issue_count = issues;
    for (int k = 0; k < issues; k++) {
        model_issue *is = &scn->issues[k];
        char label[32];
        snprintf(is->id, sizeof is->id, "i%d", k);
        snprintf(label, sizeof label, "Issue %d", k);
        is->label = model_strdup(scn, label);
        is->option_count = options;
        for (int o = 0; o < options; o++) {
            snprintf(is->options[o].id, sizeof is->options[o].id, "o%d", o);
            is->options[o].label = model_strdup(scn, is->options[o].id);
        }
        is->default_option = 0;
        is->owner = -1;
    }
    scn->actor_count = actors;
    for (int i = 0; i < actors; i++) {
        model_actor *a = &scn->actors[i];
        char name[32];
        snprintf(a->id, sizeof a->id, "A%d", i);
        snprintf(name, sizeof name, "Actor %d", i);
        a->name = model_strdup(scn, name);
        a->capability = 1.0;
        for (int k = 0; k < issues; k++)
            a->salience[k] = 1.0;
    }
    return scn;
}

static inline void fx_finish(model_scenario *scn)
{
    ent_error err;
    ent_error_clear(&err);
    ent_status st = model_finish(scn, &err);
    if (st != ENT_OK)
        fail_msg("model_finish failed: %s", err.message);
}

static inline int fx_lit(model_scenario *scn, model_node_op op, int issue, int option)
{
    int n = model_add_node(scn, (model_node){.op = op, .issue = issue, .option = option,
                                             .left = -1, .right = -1});
    assert_true(n >= 0);
    return n;
}

static inline int fx_bin(model_scenario *scn, model_node_op op, int left, int right)
{
    int n = model_add_node(scn, (model_node){.op = op, .left = left, .right = right});
    assert_true(n >= 0);
    return n;
}

static inline int fx_not(model_scenario *scn, int inner)
{
    int n = model_add_node(scn, (model_node){.op = RL_NOT, .left = inner, .right = -1});
    assert_true(n >= 0);
    return n;
}

static inline int fx_true(model_scenario *scn)
{
    int n = model_add_node(scn, (model_node){.op = RL_TRUE, .left = -1, .right = -1});
    assert_true(n >= 0);
    return n;
}

/* Adds a red line (predicate that must hold) to actor; returns its index. */
static inline int fx_redline(model_scenario *scn, int actor, int node, const char *label)
{
    model_actor *a = &scn->actors[actor];
    assert_true(a->redline_count < MODEL_MAX_REDLINES);
    int r = a->redline_count++;
    snprintf(a->redlines[r].id, sizeof a->redlines[r].id, "r%d", r);
    a->redlines[r].label = model_strdup(scn, label);
    a->redlines[r].source = model_strdup(scn, "test");
    a->redlines[r].node = node;
    return r;
}

static inline void fx_values(model_scenario *scn, int actor, int issue, const double *v)
{
    for (int o = 0; o < scn->issues[issue].option_count; o++)
        scn->actors[actor].value[issue][o] = v[o];
}

/* The documented ideal-point derivation: v = 1 - |o - ideal| / (options - 1), or its square
   form 1 - (|o - ideal| / (options - 1))^2 when quadratic. */
static inline void fx_ideal(model_scenario *scn, int actor, int issue, int ideal, bool quadratic)
{
    int n = scn->issues[issue].option_count;
    for (int o = 0; o < n; o++) {
        double d = fabs((double)(o - ideal)) / (n - 1);
        scn->actors[actor].value[issue][o] = 1.0 - (quadratic ? d * d : d);
    }
}

static inline model_set fx_bit(int i)
{
    return 1ull << i;
}

/* ---- enumerating packages ---------------------------------------------------------------- */

static inline void fx_first(model_package *p)
{
    memset(p, 0, sizeof *p);
}

static inline bool fx_next(const model_scenario *scn, model_package *p)
{
    for (int k = scn->issue_count - 1; k >= 0; k--) {
        if (++p->opt[k] < scn->issues[k].option_count)
            return true;
        p->opt[k] = 0;
    }
    return false;
}

static inline bool fx_same_package(const model_scenario *scn, const model_package *a,
                                   const model_package *b)
{
    for (int k = 0; k < scn->issue_count; k++)
        if (a->opt[k] != b->opt[k])
            return false;
    return true;
}

static inline void fx_package_text(const model_scenario *scn, const model_package *p, char *buf,
                                   size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < scn->issue_count && len + 4 < size; k++)
        len += (size_t)snprintf(buf + len, size - len, "%s%d", k ? "," : "", p->opt[k]);
}

/* ---- brute-force oracles ------------------------------------------------------------------ */

/* Actors that accept pkg when only the constraints in enabled (NULL = all) count. */
static inline model_set fx_accepting(const model_scenario *scn, const model_package *pkg,
                                     const uint32_t *enabled)
{
    model_set acc = 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (!(model_violations(scn, i, pkg) & (enabled ? enabled[i] : ~0u)))
            acc |= 1ull << i;
    return acc;
}

static inline bool fx_is_deal(const model_scenario *scn, const model_package *pkg,
                              const uint32_t *enabled, model_set *signatories)
{
    model_set acc = fx_accepting(scn, pkg, enabled);
    bool ok = model_rule_met(scn, pkg, acc);
    if (signatories)
        *signatories = ok ? acc & scn->rule.parties : 0;
    return ok;
}

static inline bool fx_satisfiable(const model_scenario *scn, const uint32_t *enabled)
{
    model_package p;
    fx_first(&p);
    do
        if (fx_is_deal(scn, &p, enabled, NULL))
            return true;
    while (fx_next(scn, &p));
    return false;
}

/* ---- random small scenarios ------------------------------------------------------------- */

static inline int fx_random_literal(model_scenario *scn, rng_state *r)
{
    static const model_node_op ops[] = {RL_EQ, RL_NE, RL_GE, RL_LE};
    int k = (int)rng_below(r, (uint64_t)scn->issue_count);
    int o = (int)rng_below(r, (uint64_t)scn->issues[k].option_count);
    return fx_lit(scn, ops[rng_below(r, 4)], k, o);
}

static inline int fx_random_predicate(model_scenario *scn, rng_state *r)
{
    switch (rng_below(r, 6)) {
    case 0:
    case 1: return fx_random_literal(scn, r);
    case 2: return fx_not(scn, fx_random_literal(scn, r));
    case 3: return fx_bin(scn, RL_AND, fx_random_literal(scn, r), fx_random_literal(scn, r));
    case 4: return fx_bin(scn, RL_OR, fx_random_literal(scn, r), fx_random_literal(scn, r));
    default: return fx_bin(scn, RL_IMPLIES, fx_random_literal(scn, r), fx_random_literal(scn, r));
    }
}

typedef struct {
    int min_issues, max_issues;
    int min_options, max_options;
    int min_actors, max_actors;
    int max_redlines;    /* per actor */
    bool rule_features;  /* owners, conditions, guarantors, shares, non-party actors */
} fx_random_params;

/* A finished scenario drawn from r: values on a 1/8 grid, saliences 0..3 (never all 0),
   reservations 0..0.6, random red lines, and (optionally) every feature of the rule. */
static inline model_scenario *fx_random(rng_state *r, const fx_random_params *p)
{
    int K = p->min_issues + (int)rng_below(r, (uint64_t)(p->max_issues - p->min_issues + 1));
    int O = p->min_options + (int)rng_below(r, (uint64_t)(p->max_options - p->min_options + 1));
    int n = p->min_actors + (int)rng_below(r, (uint64_t)(p->max_actors - p->min_actors + 1));
    model_scenario *scn = fx_scenario(K, O, n);
    for (int i = 0; i < n; i++) {
        model_actor *a = &scn->actors[i];
        a->capability = 0.5 + (double)rng_below(r, 8) / 4.0;
        for (int k = 0; k < K; k++) {
            a->salience[k] = (double)rng_below(r, 4);
            for (int o = 0; o < O; o++)
                a->value[k][o] = (double)rng_below(r, 9) / 8.0;
        }
        a->salience[rng_below(r, (uint64_t)K)] += 1.0;
        a->reservation = (double)rng_below(r, 7) / 10.0;
        int reds = (int)rng_below(r, (uint64_t)p->max_redlines + 1);
        for (int q = 0; q < reds; q++) {
            char label[48];
            snprintf(label, sizeof label, "A%d red line %d", i, q);
            fx_redline(scn, i, fx_random_predicate(scn, r), label);
        }
    }
    scn->rule.required = fx_bit((int)rng_below(r, (uint64_t)n));
    if (rng_below(r, 2))
        scn->rule.required |= fx_bit((int)rng_below(r, (uint64_t)n));
    if (p->rule_features) {
        if (n > 2 && rng_below(r, 3) == 0) {
            /* someone outside the agreement altogether (never required) */
            int out = (int)rng_below(r, (uint64_t)n);
            scn->rule.required &= ~fx_bit(out);
            scn->rule.parties = ((1ull << n) - 1) & ~fx_bit(out);
            if (!scn->rule.required)
                scn->rule.required = fx_bit(out == 0 ? 1 : 0);
        }
        for (int i = 0; i < n; i++)
            if (rng_below(r, 2))
                scn->rule.guarantors |= fx_bit(i);
        int g = model_set_count(scn->rule.guarantors);
        scn->rule.min_guarantors = g ? (int)rng_below(r, (uint64_t)(g < 2 ? g : 2) + 1) : 0;
        if (g && rng_below(r, 3) == 0)
            scn->rule.min_guarantor_share = 0.25 + (double)rng_below(r, 3) / 8.0;
        int conds = (int)rng_below(r, 3);
        for (int c = 0; c < conds; c++) {
            model_condition *cd = &scn->rule.conditions[scn->rule.condition_count++];
            cd->node = fx_random_literal(scn, r);
            cd->actors = fx_bit((int)rng_below(r, (uint64_t)n));
            cd->label = model_strdup(scn, "condition");
        }
        for (int k = 0; k < K; k++)
            if (rng_below(r, 4) == 0) {
                scn->issues[k].owner = (int)rng_below(r, (uint64_t)n);
                scn->issues[k].default_option = (int)rng_below(r, (uint64_t)O);
            }
        if (rng_below(r, 3) == 0)
            scn->rule.outsider_gain = 0.05;
    }
    fx_finish(scn);
    return scn;
}

#endif
