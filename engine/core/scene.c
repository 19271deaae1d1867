/* scene.c: laying out what the viewer shows: the ring of actors, the table, the timeline, the
   banner, and a map of the deal space (a 2-D projection in which near packages sit near). */
#include "scene.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redline.h"
#include "rng.h"
#include "textbuf.h"

#define PI 3.14159265358979323846

static void copy_text(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

static scene_stance stance_of(round_verdict v)
{
    switch (v) {
    case ROUND_ACCEPT: return SCENE_STANCE_ACCEPTS;
    case ROUND_OBJECT:
    case ROUND_COUNTER: return SCENE_STANCE_OBJECTS;
    case ROUND_WALK: return SCENE_STANCE_WALKED;
    case ROUND_ABSENT: return SCENE_STANCE_ABSENT;
    }
    return SCENE_STANCE_NONE;
}

static void layout_ring(scene *s, const model_scenario *scn)
{
    double top = 0;
    for (int i = 0; i < scn->actor_count; i++)
        top = scn->actors[i].capability > top ? scn->actors[i].capability : top;
    int n = scn->actor_count;
    for (int i = 0; i < n; i++) {
        scene_node *node = &s->nodes[i];
        /* Clockwise from the top, in declaration order: the same place every time. */
        double angle = -PI / 2 + 2 * PI * i / (n > 0 ? n : 1);
        double ring = n > 1 ? 0.36 : 0;
        node->x = (float)(0.5 + ring * cos(angle));
        node->y = (float)(0.5 + ring * sin(angle));
        double share = top > 0 ? scn->actors[i].capability / top : 1;
        /* Area, not radius, follows capability; the smallest stays big enough to read. */
        node->radius = (float)(0.035 + 0.045 * sqrt(share));
    }
}

static void build_edges(scene *s, const model_scenario *scn)
{
    for (int i = 0; i < scn->actor_count; i++) {
        double total = 0;
        for (int j = 0; j < scn->actor_count; j++)
            if (j != i && scn->actors[i].listens[j] > 0)
                total += scn->actors[i].listens[j];
        for (int j = 0; j < scn->actor_count && total > 0; j++) {
            if (j == i || scn->actors[i].listens[j] <= 0 || s->edge_count == SCENE_MAX_EDGES)
                continue;
            s->edges[s->edge_count++] =
                (scene_edge){i, j, (float)(scn->actors[i].listens[j] / total)};
        }
    }
}

/* Actors one of whose red lines the offer breaks, by the issues that red line mentions. */
static void mark_crossings(scene *s, const model_scenario *scn, const model_package *offer)
{
    for (int i = 0; i < scn->actor_count; i++) {
        const model_actor *a = &scn->actors[i];
        for (int r = 0; r < a->redline_count; r++) {
            if (a->redlines[r].dormant || redline_eval(scn, a->redlines[r].node, offer))
                continue;
            uint64_t issues = redline_issues(scn, a->redlines[r].node);
            for (int k = 0; k < scn->issue_count; k++)
                if ((issues >> k) & 1u)
                    s->rows[k].crosses |= 1ull << i;
        }
    }
}

static void build_banner(scene *s, const model_scenario *scn, const round_outcome *o)
{
    textbuf title = textbuf_on(s->banner_title, sizeof s->banner_title);
    switch (o->kind) {
    case OUTCOME_AGREEMENT:
        s->banner = SCENE_BANNER_AGREEMENT;
        textbuf_put(&title, "Agreement, signed by");
        break;
    case OUTCOME_COALITION:
        s->banner = SCENE_BANNER_COALITION;
        textbuf_put(&title, "Coalition of the willing:");
        break;
    case OUTCOME_BREAKDOWN:
        s->banner = SCENE_BANNER_BREAKDOWN;
        textbuf_put(&title, "Breakdown: no agreement");
        break;
    }
    for (int i = 0; i < scn->actor_count && o->has_package; i++)
        if (model_set_has(o->signatories, i))
            textbuf_put(&title, " %s", scn->actors[i].id);
    copy_text(s->banner_text, sizeof s->banner_text, o->reason);
}

ent_status scene_build(scene *out, const model_scenario *scn, const round_transcript *t,
                       int round, int selected, ent_error *err)
{
    /* The map is built separately and kept across rounds. */
    scene_point *points = out->points;
    int point_count = out->point_count;
    bool sampled = out->map_sampled;
    memset(out, 0, sizeof *out);
    out->points = points;
    out->point_count = point_count;
    out->map_sampled = sampled;
    if (!scn)
        return ent_fail(err, ENT_ERR_USAGE, "scene: no scenario");

    copy_text(out->title, sizeof out->title, scn->title ? scn->title : scn->id);
    copy_text(out->variant, sizeof out->variant, scn->variant ? scn->variant : "baseline");
    int played = t ? t->record_count : 0;
    out->rounds = played;
    out->round = round < 0 ? 0 : round > played ? played : round;
    out->deadline = scn->protocol.rounds;
    out->selected = selected >= 0 && selected < scn->actor_count ? selected : -1;
    out->selected_issue = -1;
    const round_record *rec = out->round > 0 ? &t->records[out->round - 1] : NULL;
    const round_record *prev = out->round > 1 ? &t->records[out->round - 2] : NULL;
    bool finished = t && t->outcome.rounds > 0 && out->round == played;

    out->node_count = scn->actor_count;
    layout_ring(out, scn);
    build_edges(out, scn);
    model_set required = rec ? model_required(scn, &rec->offer) : 0;
    for (int i = 0; i < scn->actor_count; i++) {
        scene_node *node = &out->nodes[i];
        copy_text(node->id, sizeof node->id, scn->actors[i].id);
        copy_text(node->name, sizeof node->name, scn->actors[i].name);
        node->colour = scn->actors[i].colour;
        node->selected = i == out->selected;
        node->required = model_set_has(required, i);
        node->stance = model_set_has(scn->rule.parties, i) ? SCENE_STANCE_NONE
                                                          : SCENE_STANCE_ABSENT;
        if (!rec)
            continue;
        node->willingness = rec->willingness[i];
        node->aspiration = rec->aspiration[i];
        for (int j = 0; j < rec->response_count; j++)
            if (rec->responses[j].actor == i) {
                node->stance = stance_of(rec->responses[j].verdict);
                node->utility = rec->responses[j].utility;
                copy_text(node->reason, sizeof node->reason, rec->responses[j].reason);
            }
        node->signatory = finished && t->outcome.has_package &&
                          model_set_has(t->outcome.signatories, i);
    }

    /* At the end the table shows what takes effect: the outcome's package (a coalition's is
       re-settled among its members and without the non-signers' contributions). */
    const model_package *table = rec ? &rec->offer : NULL;
    if (finished && t->outcome.has_package)
        table = &t->outcome.package;
    out->row_count = scn->issue_count;
    for (int k = 0; k < scn->issue_count; k++) {
        scene_row *row = &out->rows[k];
        const model_issue *is = &scn->issues[k];
        copy_text(row->id, sizeof row->id, is->id);
        copy_text(row->label, sizeof row->label, is->label);
        row->option_count = is->option_count;
        row->option_index = -1;
        if (table) {
            row->option_index = table->opt[k];
            copy_text(row->option, sizeof row->option, is->options[table->opt[k]].label);
            const model_package *before = table != &rec->offer ? &rec->offer
                                          : prev              ? &prev->offer
                                                              : NULL;
            row->changed = before && before->opt[k] != table->opt[k];
        }
    }
    if (table)
        mark_crossings(out, scn, table);

    out->tick_count = played < SCENE_MAX_ROUNDS ? played : SCENE_MAX_ROUNDS;
    for (int r = 0; r < out->tick_count; r++) {
        const round_record *rr = &t->records[r];
        out->ticks[r].number = rr->number;
        out->ticks[r].has_event = rr->message_count > 0;
        for (int j = 0; j < rr->response_count; j++)
            out->ticks[r].accepted += rr->responses[j].verdict == ROUND_ACCEPT;
    }
    for (int m = 0; rec && m < rec->message_count && m < 8; m++)
        copy_text(out->messages[out->message_count++], SCENE_TEXT, rec->messages[m]);

    textbuf status = textbuf_on(out->status, sizeof out->status);
    if (!rec)
        textbuf_put(&status, "Before the first round (%d rounds at most)", out->deadline);
    else if (rec->proposer >= 0)
        textbuf_put(&status, "Round %d of %d: %s proposes", rec->number, out->deadline,
                    scn->actors[rec->proposer].name);
    else
        textbuf_put(&status, "Round %d of %d: the mediator's text", rec->number, out->deadline);
    if (finished) {
        textbuf_put(&status, " (the end)");
        build_banner(out, scn, &t->outcome);
    }
    return ENT_OK;
}

/* ---- the map of the deal space ---------------------------------------------------------- */

/* One-hot coordinates: issue k's option o is column offset[k] + o. The first two principal
   components of these (classical MDS of the Hamming distance) put packages that differ in few
   issues close together. */
typedef struct {
    int dim;
    int offset[MODEL_MAX_ISSUES];
} encoding;

static double dot_row(const encoding *e, const model_scenario *scn, const model_package *p,
                      const double *v, const double *mean)
{
    /* (x - mean) . v for the one-hot x of p */
    double s = 0;
    for (int k = 0; k < scn->issue_count; k++)
        s += v[e->offset[k] + p->opt[k]];
    double m = 0;
    for (int c = 0; c < e->dim; c++)
        m += mean[c] * v[c];
    return s - m;
}

static void normalise(double *v, int dim)
{
    double n = 0;
    for (int c = 0; c < dim; c++)
        n += v[c] * v[c];
    n = sqrt(n);
    for (int c = 0; c < dim && n > 0; c++)
        v[c] /= n;
}

/* Power iteration for the top component, orthogonal to `away` (NULL for the first). */
static void component(const encoding *e, const model_scenario *scn, const scene_point *pts, int n,
                      const double *mean, const double *away, double *v, double *tmp)
{
    for (int c = 0; c < e->dim; c++)
        v[c] = 1.0 + 0.1 * ((c * 7919) % 13); /* fixed start: the same picture every time */
    normalise(v, e->dim);
    for (int it = 0; it < 60; it++) {
        memset(tmp, 0, sizeof *tmp * (size_t)e->dim);
        for (int p = 0; p < n; p++) {
            double w = dot_row(e, scn, &pts[p].package, v, mean);
            for (int k = 0; k < scn->issue_count; k++)
                tmp[e->offset[k] + pts[p].package.opt[k]] += w;
            for (int c = 0; c < e->dim; c++)
                tmp[c] -= w * mean[c];
        }
        if (away) {
            double d = 0;
            for (int c = 0; c < e->dim; c++)
                d += tmp[c] * away[c];
            for (int c = 0; c < e->dim; c++)
                tmp[c] -= d * away[c];
        }
        normalise(tmp, e->dim);
        memcpy(v, tmp, sizeof *v * (size_t)e->dim);
    }
}

static bool same(const model_package *a, const model_package *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

static ent_status add_point(scene *s, int *capacity, const model_package *p, ent_error *err)
{
    for (int q = 0; q < s->point_count; q++)
        if (same(&s->points[q].package, p))
            return ENT_OK;
    if (s->point_count == *capacity) {
        int cap = *capacity ? *capacity * 2 : 512;
        scene_point *grown = realloc(s->points, sizeof *grown * (size_t)cap);
        if (!grown)
            return ent_fail(err, ENT_ERR_NOMEM, "map: out of memory");
        s->points = grown;
        *capacity = cap;
    }
    scene_point *pt = &s->points[s->point_count++];
    memset(pt, 0, sizeof *pt);
    pt->package = *p;
    return ENT_OK;
}

ent_status scene_map(scene *s, const model_scenario *scn, const deal_analysis *a,
                     const model_package *current, ent_error *err)
{
    free(s->points);
    s->points = NULL;
    s->point_count = 0;
    int capacity = 0;
    ent_status st = ENT_OK;
    /* The marked packages first, so a sample never loses them. */
    if (a && a->nash.found)
        st = add_point(s, &capacity, &a->nash.package, err);
    for (int p = 0; a && p < a->pareto_count && st == ENT_OK; p++)
        st = add_point(s, &capacity, &a->pareto[p], err);
    if (current && st == ENT_OK)
        st = add_point(s, &capacity, current, err);
    double total = model_package_count(scn);
    s->map_sampled = total > SCENE_MAX_POINTS;
    if (!s->map_sampled) {
        model_package p;
        memset(&p, 0, sizeof p);
        for (bool more = true; more && st == ENT_OK;) {
            st = add_point(s, &capacity, &p, err);
            int k = scn->issue_count - 1;
            for (; k >= 0; k--) {
                if (++p.opt[k] < scn->issues[k].option_count)
                    break;
                p.opt[k] = 0;
            }
            more = k >= 0;
        }
    } else {
        rng_state r;
        rng_seed_stream(&r, scn->seed, 0x6d6170ull);
        for (int tries = 0; s->point_count < SCENE_MAX_POINTS && tries < 4 * SCENE_MAX_POINTS &&
                            st == ENT_OK;
             tries++) {
            model_package p;
            memset(&p, 0, sizeof p);
            for (int k = 0; k < scn->issue_count; k++)
                p.opt[k] = (uint8_t)rng_below(&r, (uint64_t)scn->issues[k].option_count);
            st = add_point(s, &capacity, &p, err);
        }
    }
    if (st != ENT_OK)
        return st;

    for (int q = 0; q < s->point_count; q++) {
        scene_point *pt = &s->points[q];
        model_set need = model_required(scn, &pt->package);
        model_set acc = model_accepting(scn, &pt->package);
        pt->needed = (uint8_t)model_set_count(need);
        pt->accepting = (uint8_t)model_set_count(need & acc);
        pt->deal = model_rule_met(scn, &pt->package, acc);
        pt->nash = a && a->nash.found && same(&pt->package, &a->nash.package);
        pt->current = current && same(&pt->package, current);
        for (int p = 0; a && p < a->pareto_count && !pt->pareto; p++)
            pt->pareto = same(&pt->package, &a->pareto[p]);
    }

    encoding e = {0};
    for (int k = 0; k < scn->issue_count; k++) {
        e.offset[k] = e.dim;
        e.dim += scn->issues[k].option_count;
    }
    double *mean = calloc((size_t)e.dim * 4, sizeof *mean);
    if (!mean)
        return ent_fail(err, ENT_ERR_NOMEM, "map: out of memory");
    double *v1 = mean + e.dim, *v2 = v1 + e.dim, *tmp = v2 + e.dim;
    for (int q = 0; q < s->point_count; q++)
        for (int k = 0; k < scn->issue_count; k++)
            mean[e.offset[k] + s->points[q].package.opt[k]] += 1.0 / s->point_count;
    component(&e, scn, s->points, s->point_count, mean, NULL, v1, tmp);
    component(&e, scn, s->points, s->point_count, mean, v1, v2, tmp);
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (int q = 0; q < s->point_count; q++) {
        scene_point *pt = &s->points[q];
        pt->x = (float)dot_row(&e, scn, &pt->package, v1, mean);
        pt->y = (float)dot_row(&e, scn, &pt->package, v2, mean);
        /* Packages the projection puts on one spot are spread a little, by their bytes. */
        uint32_t h = 2166136261u;
        for (int k = 0; k < scn->issue_count; k++)
            h = (h ^ pt->package.opt[k]) * 16777619u;
        pt->x += (float)((h & 0xff) / 255.0 - 0.5) * 0.15f;
        pt->y += (float)(((h >> 8) & 0xff) / 255.0 - 0.5) * 0.15f;
        lo[0] = pt->x < lo[0] ? pt->x : lo[0];
        hi[0] = pt->x > hi[0] ? pt->x : hi[0];
        lo[1] = pt->y < lo[1] ? pt->y : lo[1];
        hi[1] = pt->y > hi[1] ? pt->y : hi[1];
    }
    for (int q = 0; q < s->point_count; q++) {
        scene_point *pt = &s->points[q];
        pt->x = hi[0] > lo[0] ? 0.05f + 0.9f * (pt->x - lo[0]) / (hi[0] - lo[0]) : 0.5f;
        pt->y = hi[1] > lo[1] ? 0.05f + 0.9f * (pt->y - lo[1]) / (hi[1] - lo[1]) : 0.5f;
    }
    free(mean);
    return ENT_OK;
}

static void panel_line(scene_panel *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void panel_line(scene_panel *p, const char *fmt, ...)
{
    if (p->line_count == SCENE_PANEL_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->lines[p->line_count++], SCENE_TEXT, fmt, ap);
    va_end(ap);
}

static int ideal_of(const model_actor *a, const model_issue *is, int k)
{
    int best = 0;
    for (int o = 0; o < is->option_count; o++)
        if (a->value[k][o] > a->value[k][best] + 1e-12)
            best = o;
    return best;
}

void scene_panel_build(scene *s, const model_scenario *scn, const round_transcript *t, int actor,
                       int issue)
{
    scene_panel *p = &s->panel;
    memset(p, 0, sizeof *p);
    s->selected_issue = actor < 0 ? issue : -1;
    const round_record *rec = s->round > 0 && t ? &t->records[s->round - 1] : NULL;
    if (actor >= 0 && actor < scn->actor_count) {
        const model_actor *a = &scn->actors[actor];
        p->active = true;
        snprintf(p->heading, sizeof p->heading, "%s (%s)", a->name, a->id);
        panel_line(p, "Capability %.2f; without a deal it counts on %.2f.", a->capability,
                   a->reservation);
        if (issue >= 0 && issue < scn->issue_count)
            panel_line(p, "Weighing %s: %.0f%% of what it cares about", scn->issues[issue].label,
                       100 * a->salience[issue]);
        if (rec)
            panel_line(p, "Willingness %.2f: it asks %.2f; the text gives it %.2f.",
                       rec->willingness[actor], rec->aspiration[actor],
                       model_utility(scn, actor, &rec->offer));
        panel_line(p, "What it wants (share of what it cares about):");
        for (int k = 0; k < scn->issue_count; k++) {
            if (a->salience[k] <= 0)
                continue;
            const model_issue *is = &scn->issues[k];
            panel_line(p, "  %s: %s (%.0f%%)%s%.60s", is->label,
                       is->options[ideal_of(a, is, k)].id, 100 * a->salience[k],
                       a->position_source[k] ? " - " : "",
                       a->position_source[k] ? a->position_source[k] : "");
        }
        if (a->redline_count)
            panel_line(p, "Red lines:");
        for (int r = 0; r < a->redline_count; r++)
            panel_line(p, "  %s%s%s%.80s", a->redlines[r].label,
                       a->redlines[r].dormant ? " (not in force)" : "",
                       a->redlines[r].source ? " - " : "",
                       a->redlines[r].source ? a->redlines[r].source : "");
        for (int r = 0; t && r < s->round && r < SCENE_MAX_ROUNDS; r++)
            p->history[p->history_count++] = (float)t->records[r].willingness[actor];
        return;
    }
    if (issue < 0 || issue >= scn->issue_count)
        return;
    const model_issue *is = &scn->issues[issue];
    p->active = true;
    snprintf(p->heading, sizeof p->heading, "%s: every actor's view", is->label);
    if (rec)
        panel_line(p, "On the table: %s", is->options[rec->offer.opt[issue]].label);
    for (int i = 0; i < scn->actor_count; i++) {
        const model_actor *a = &scn->actors[i];
        if (a->salience[issue] <= 0) {
            panel_line(p, "  %s: does not care", a->id);
            continue;
        }
        panel_line(p, "  %s wants %s (%.0f%% of what it cares about)%s", a->id,
                   is->options[ideal_of(a, is, issue)].id, 100 * a->salience[issue],
                   rec ? "" : ".");
        if (rec)
            panel_line(p, "      the text's option is worth %.2f of its best to it",
                       a->value[issue][rec->offer.opt[issue]]);
    }
}

void scene_free(scene *s)
{
    free(s->points);
    s->points = NULL;
    s->point_count = 0;
}

int scene_hit_node(const scene *s, float x, float y)
{
    for (int i = s->node_count - 1; i >= 0; i--) {
        float dx = x - s->nodes[i].x, dy = y - s->nodes[i].y;
        if (dx * dx + dy * dy <= s->nodes[i].radius * s->nodes[i].radius)
            return i;
    }
    return -1;
}

int scene_hit_point(const scene *s, float x, float y, float radius)
{
    int best = -1;
    float best_d = radius * radius;
    for (int q = 0; q < s->point_count; q++) {
        float dx = x - s->points[q].x, dy = y - s->points[q].y, d = dx * dx + dy * dy;
        if (d <= best_d) {
            best_d = d;
            best = q;
        }
    }
    return best;
}
