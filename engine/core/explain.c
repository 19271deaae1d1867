/* explain.c: minimal conflicting sets of red lines and reservations, and plain-words reasons. */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redline.h"
#include "textbuf.h"
#include "search.h"

/* ---- minimal unsatisfiable subsets --------------------------------------------- */

typedef struct {
    const model_scenario *scn;
    uint64_t node_limit;
    int max_sets;
    explain_conflicts *out;
    int capacity;
    /* subsets already explored (each one an enabled-mask vector) */
    uint32_t (*seen)[MODEL_MAX_ACTORS];
    int seen_count, seen_capacity;
    bool limited;
    ent_error *err;
    ent_status status;
} mus_ctx;

#define MAX_CHECKS 4000

static bool satisfiable(mus_ctx *m, const uint32_t *enabled)
{
    search_request req = {.scn = m->scn, .mode = SEARCH_SATISFY, .enabled = enabled,
                          .node_limit = m->node_limit};
    search_result res;
    m->out->checks++;
    if (search_run(&req, &res, m->err) != ENT_OK) {
        m->status = m->err ? m->err->status : ENT_ERR_NOMEM;
        return true;
    }
    if (!res.complete) {
        /* Undecided within the budget: treat as satisfiable, so what we report stays a true
           conflict; the listing is then marked incomplete. */
        m->limited = true;
        return true;
    }
    return res.found;
}

static bool already_seen(mus_ctx *m, const uint32_t *enabled)
{
    size_t bytes = sizeof(uint32_t) * (size_t)m->scn->actor_count;
    for (int s = 0; s < m->seen_count; s++)
        if (memcmp(m->seen[s], enabled, bytes) == 0)
            return true;
    if (m->seen_count == m->seen_capacity) {
        int cap = m->seen_capacity ? m->seen_capacity * 2 : 64;
        void *grown = realloc(m->seen, sizeof *m->seen * (size_t)cap);
        if (!grown) {
            m->status = ent_fail(m->err, ENT_ERR_NOMEM, "explain: out of memory");
            return true;
        }
        m->seen = grown;
        m->seen_capacity = cap;
    }
    memcpy(m->seen[m->seen_count++], enabled, sizeof m->seen[0]);
    return false;
}

static void add_set(mus_ctx *m, const uint32_t *mus)
{
    explain_set set = {0};
    int size = 0;
    for (int i = 0; i < m->scn->actor_count; i++)
        size += __builtin_popcount(mus[i]);
    if (size > EXPLAIN_SET_MAX) {
        /* Too long to list whole; a cut-down set would not be a conflict, so say less. */
        m->limited = true;
        return;
    }
    for (int i = 0; i < m->scn->actor_count; i++) {
        const model_actor *a = &m->scn->actors[i];
        for (int r = 0; r < a->redline_count; r++)
            if (mus[i] & (1u << r))
                set.items[set.count++] = (explain_item){i, r};
        if (mus[i] & MODEL_RESERVATION_BIT)
            set.items[set.count++] = (explain_item){i, EXPLAIN_RESERVATION};
    }
    for (int s = 0; s < m->out->count; s++)
        if (m->out->sets[s].count == set.count &&
            memcmp(m->out->sets[s].items, set.items, sizeof set.items[0] * (size_t)set.count) == 0)
            return;
    if (m->out->count == m->capacity) {
        int cap = m->capacity ? m->capacity * 2 : 8;
        void *grown = realloc(m->out->sets, sizeof *m->out->sets * (size_t)cap);
        if (!grown) {
            m->status = ent_fail(m->err, ENT_ERR_NOMEM, "explain: out of memory");
            return;
        }
        m->out->sets = grown;
        m->capacity = cap;
    }
    m->out->sets[m->out->count++] = set;
}

/* Deletion filter: drop each constraint in turn, keep it out while the rest stays unsatisfiable. */
static void shrink(mus_ctx *m, uint32_t *set)
{
    for (int i = 0; i < m->scn->actor_count; i++)
        for (int b = 0; b < 32; b++) {
            uint32_t bit = 1u << b;
            if (!(set[i] & bit))
                continue;
            set[i] &= ~bit;
            if (satisfiable(m, set))
                set[i] |= bit;
            if (m->status != ENT_OK)
                return;
        }
}

/* Every MUS that avoids constraint c lies inside T \ {c}, so recursing on each member of the
   MUS found reaches every MUS of T. */
static void explore(mus_ctx *m, const uint32_t *set)
{
    if (m->status != ENT_OK || m->out->checks > MAX_CHECKS) {
        m->limited = true;
        return;
    }
    if (m->out->count >= m->max_sets) {
        /* Full: only an unexplored conflict makes the listing incomplete. */
        if (!already_seen(m, set) && !satisfiable(m, set))
            m->limited = true;
        return;
    }
    if (already_seen(m, set) || satisfiable(m, set))
        return;
    uint32_t mus[MODEL_MAX_ACTORS];
    memcpy(mus, set, sizeof mus);
    shrink(m, mus);
    if (m->status != ENT_OK)
        return;
    add_set(m, mus);
    for (int i = 0; i < m->scn->actor_count; i++)
        for (int b = 0; b < 32; b++) {
            if (!(mus[i] & (1u << b)))
                continue;
            uint32_t next[MODEL_MAX_ACTORS];
            memcpy(next, set, sizeof next);
            next[i] &= ~(1u << b);
            explore(m, next);
        }
}

static int item_cmp(const void *pa, const void *pb)
{
    const explain_set *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count - b->count;
    for (int j = 0; j < a->count; j++) {
        if (a->items[j].actor != b->items[j].actor)
            return a->items[j].actor - b->items[j].actor;
        if (a->items[j].redline != b->items[j].redline)
            return a->items[j].redline - b->items[j].redline;
    }
    return 0;
}

ent_status explain_find_conflicts(const model_scenario *scn, int max_sets, uint64_t node_limit,
                                  explain_conflicts *out, ent_error *err)
{
    memset(out, 0, sizeof *out);
    mus_ctx m = {.scn = scn, .node_limit = node_limit, .max_sets = max_sets > 0 ? max_sets : 32,
                 .out = out, .err = err, .status = ENT_OK};
    /* Only actors who may have to sign can block a deal: parties, and anyone a condition or
       an owned contribution makes required. */
    model_set may_sign = scn->rule.parties | scn->rule.required;
    for (int c = 0; c < scn->rule.condition_count; c++)
        may_sign |= scn->rule.conditions[c].actors;
    for (int k = 0; k < scn->issue_count; k++)
        if (scn->issues[k].owner >= 0)
            may_sign |= 1ull << scn->issues[k].owner;
    uint32_t all[MODEL_MAX_ACTORS] = {0};
    for (int i = 0; i < scn->actor_count; i++) {
        if (!model_set_has(may_sign, i))
            continue;
        all[i] = model_active_redlines(&scn->actors[i]) | MODEL_RESERVATION_BIT;
    }
    explore(&m, all);
    free(m.seen);
    if (m.status != ENT_OK) {
        explain_conflicts_free(out);
        return m.status;
    }
    if (out->count > 1) /* qsort(NULL, 0, ...) is undefined behaviour */
        qsort(out->sets, (size_t)out->count, sizeof *out->sets, item_cmp);
    out->complete = !m.limited;
    return ENT_OK;
}

void explain_conflicts_free(explain_conflicts *c)
{
    free(c->sets);
    c->sets = NULL;
    c->count = 0;
}

/* ---- words ----------------------------------------------------------------------- */

size_t explain_item_label(const model_scenario *scn, explain_item item, char *buf, size_t size)
{
    const model_actor *a = &scn->actors[item.actor];
    int n;
    if (item.redline == EXPLAIN_RESERVATION)
        n = snprintf(buf, size, "no worse than no deal (reservation %.2f)", a->reservation);
    else
        n = snprintf(buf, size, "%s", a->redlines[item.redline].label);
    return n < 0 ? 0 : (size_t)n;
}

size_t explain_non_signatory(const model_scenario *scn, const model_package *pkg, int actor,
                             char *buf, size_t size)
{
    const model_actor *a = &scn->actors[actor];
    textbuf s = textbuf_on(buf, size);
    uint32_t broken = model_violations(scn, actor, pkg);
    double u = model_utility(scn, actor, pkg);
    if (!model_set_has(scn->rule.parties, actor)) {
        textbuf_put(&s, "%s is not a party to this agreement.", a->name);
        return s.len;
    }
    if (!broken) {
        textbuf_put(&s, "%s would accept: the package is worth %.2f to it, at least its %.2f without a deal.",
            a->name, u, a->reservation);
        return s.len;
    }
    textbuf_put(&s, "%s does not sign:", a->name);
    int said = 0;
    for (int r = 0; r < a->redline_count; r++) {
        if (!(broken & (1u << r)))
            continue;
        /* "never P" red lines are stored as not(P): say what it refuses, not a double negative. */
        const model_node *root = &scn->nodes[a->redlines[r].node];
        bool refuses = root->op == RL_NOT;
        char need[512];
        redline_describe(scn, refuses ? root->left : a->redlines[r].node, need, sizeof need);
        textbuf_put(&s, "%s the package crosses its red line \"%s\" (it %s: %s)", said ? ";" : "",
            a->redlines[r].label, refuses ? "refuses" : "needs", need);
        said++;
    }
    if (broken & MODEL_RESERVATION_BIT)
        textbuf_put(&s, "%s the package is worth %.2f to it, less than the %.2f it expects without a deal",
            said ? "; and" : "", u, a->reservation);
    textbuf_put(&s, ".");
    return s.len;
}
