/* debrief.c: the debrief after a run: one HTML page with SVG pictures drawn here, for the class. */
#include "debrief.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "brief.h"
#include "explain.h"
#include "redline.h"

typedef struct {
    brief_buf b;
    const model_scenario *scn;
    const round_transcript *t;
    const deal_analysis *a;
} page;

#define OUT(...) brief_buf_printf(&pg->b, __VA_ARGS__)

static const double PI = 3.14159265358979323846;

static void esc(page *pg, const char *s) { brief_buf_html(&pg->b, s); }
static void raw(page *pg, const char *s) { brief_buf_raw(&pg->b, s); }

/* ---- names and small facts ------------------------------------------------------------------ */

static const char *actor_name(const model_actor *a)
{
    return a->name && *a->name ? a->name : a->id;
}

static const char *issue_label(const model_issue *is)
{
    return is->label && *is->label ? is->label : is->id;
}

static const char *option_label(const model_option *o)
{
    return o->label && *o->label ? o->label : o->id;
}

static unsigned colour_of(const model_actor *a) { return a->colour & 0xFFFFFFu; }

/* The answer an actor gave in a round, or NULL. */
static const round_response *response_of(const round_record *rec, int actor)
{
    for (int j = 0; j < rec->response_count; j++)
        if (rec->responses[j].actor == actor)
            return &rec->responses[j];
    return NULL;
}

static bool present(const round_record *rec, int actor)
{
    const round_response *r = response_of(rec, actor);
    return r && r->verdict != ROUND_ABSENT;
}

static void actor_list(page *pg, model_set set)
{
    const model_scenario *scn = pg->scn;
    bool first = true;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(set, i)) {
            raw(pg, first ? "" : ", ");
            esc(pg, actor_name(&scn->actors[i]));
            if (strcmp(actor_name(&scn->actors[i]), scn->actors[i].id) != 0) {
                raw(pg, " (");
                esc(pg, scn->actors[i].id);
                raw(pg, ")");
            }
            first = false;
        }
    if (first)
        raw(pg, "nobody");
}

/* Text that fits a small SVG cell: at most max bytes, not cut inside a UTF-8 character. */
static void clipped(page *pg, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        esc(pg, s);
        return;
    }
    size_t cut = max - 1;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    char buf[128];
    if (cut >= sizeof buf - 4)
        cut = sizeof buf - 4;
    memcpy(buf, s, cut);
    memcpy(buf + cut, "..", 3);
    esc(pg, buf);
}

/* ---- SVG pieces ------------------------------------------------------------------------------ */

static void svg_begin(page *pg, double w, double h, const char *title)
{
    OUT("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
        "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"", w, h, w, h);
    esc(pg, title);
    raw(pg, "\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"12\">\n<title>");
    esc(pg, title);
    raw(pg, "</title>\n");
}

static void svg_end(page *pg) { raw(pg, "</svg>\n"); }

static void svg_text(page *pg, double x, double y, const char *anchor, const char *extra,
                     const char *s)
{
    OUT("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s>", x, y, anchor, extra ? " " : "",
        extra ? extra : "");
    esc(pg, s);
    raw(pg, "</text>\n");
}

/* A marker that tells actors apart without colour: eight shapes, then the same hollow. */
static void marker(page *pg, int actor, double x, double y, unsigned colour)
{
    int shape = actor % 8;
    bool hollow = (actor / 8) % 2 == 1;
    char fill[16];
    snprintf(fill, sizeof fill, "#%06X", colour);
    const char *f = hollow ? "#FFFFFF" : fill;
    char stroke[64];
    snprintf(stroke, sizeof stroke, hollow ? "stroke=\"%s\" stroke-width=\"1.8\""
                                           : "stroke=\"#222222\" stroke-width=\"0.8\"", fill);
    const double s = 4.5;
    switch (shape) {
    case 0:
        OUT("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" %s/>\n", x, y, s, f, stroke);
        break;
    case 1:
        OUT("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" %s/>\n",
            x - s * 0.85, y - s * 0.85, s * 1.7, s * 1.7, f, stroke);
        break;
    case 2:
        OUT("<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" %s/>\n", x,
            y - s * 1.15, x + s * 1.05, y + s * 0.8, x - s * 1.05, y + s * 0.8, f, stroke);
        break;
    case 3:
        OUT("<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" %s/>\n", x,
            y - s * 1.25, x + s * 1.05, y, x, y + s * 1.25, x - s * 1.05, y, f, stroke);
        break;
    case 4:
        OUT("<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" %s/>\n", x,
            y + s * 1.15, x + s * 1.05, y - s * 0.8, x - s * 1.05, y - s * 0.8, f, stroke);
        break;
    case 5:
    case 6: {
        /* a cross or a plus, drawn thick over a dark outline so that light colours show */
        double a = shape == 5 ? s : s * 1.2;
        char d[128];
        if (shape == 5)
            snprintf(d, sizeof d, "M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f", x - a, y - a, x + a,
                     y + a, x - a, y + a, x + a, y - a);
        else
            snprintf(d, sizeof d, "M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f", x - a, y, x + a, y,
                     x, y - a, x, y + a);
        if (!hollow)
            OUT("<path d=\"%s\" stroke=\"#222222\" stroke-width=\"3.8\" fill=\"none\"/>\n", d);
        OUT("<path d=\"%s\" stroke=\"%s\" stroke-width=\"%s\" fill=\"none\"/>\n", d, fill,
            hollow ? "1.6" : "2.2");
        break;
    }
    default: {
        raw(pg, "<polygon points=\"");
        for (int p = 0; p < 10; p++) {
            double ang = -PI / 2 + p * PI / 5, r = p % 2 ? s * 0.55 : s * 1.35;
            OUT("%s%.1f,%.1f", p ? " " : "", x + r * cos(ang), y + r * sin(ang));
        }
        OUT("\" fill=\"%s\" %s/>\n", f, stroke);
    }
    }
}

static const char *dash_of(int actor)
{
    static const char *const dashes[] = {"", " stroke-dasharray=\"7 4\"",
                                         " stroke-dasharray=\"2 3\"",
                                         " stroke-dasharray=\"9 3 2 3\""};
    return dashes[(actor / 8) % 4];
}

/* ---- the page ------------------------------------------------------------------------------- */

static const char css[] =
    "body{font-family:'DejaVu Sans',Verdana,sans-serif;color:#111;background:#fff;"
    "max-width:62em;margin:2em auto;padding:0 1em;line-height:1.45}\n"
    "h1{font-size:1.6em;margin:0 0 .2em}\n"
    "h2{font-size:1.25em;border-bottom:1px solid #777;margin-top:1.8em}\n"
    "h3{font-size:1.02em;margin:1em 0 .3em}\n"
    ".sub{color:#333;margin:0}\n"
    ".verdict{font-size:1.2em;font-weight:bold;border:2px solid #111;padding:.4em .7em;"
    "display:inline-block}\n"
    "table{border-collapse:collapse;margin:.5em 0}\n"
    "th,td{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}\n"
    "th{background:#eee}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "tr.diff td{background:#fff3cd;font-weight:bold}\n"
    ".held{color:#1a7f37;font-weight:bold}\n"
    ".crossed{color:#b71c1c;font-weight:bold}\n"
    ".source{color:#444;font-size:.9em;font-style:italic}\n"
    ".caption{color:#333;font-size:.92em}\n"
    "svg.chart{max-width:100%;height:auto;display:block;margin:.6em 0}\n"
    "footer{margin-top:2em;color:#555;font-size:.85em}\n"
    "@media print{body{margin:0;max-width:none;font-size:10pt}"
    "h2,h3{page-break-after:avoid}svg,table,li{page-break-inside:avoid}"
    "details{display:block}}\n";

static void head(page *pg)
{
    const model_scenario *scn = pg->scn;
    const char *title = scn->title ? scn->title : scn->id;
    raw(pg, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
            "Debrief: ");
    esc(pg, title);
    raw(pg, "</title>\n<style>\n");
    raw(pg, css);
    raw(pg, "</style>\n</head>\n<body>\n<header>\n<h1>Debrief: ");
    esc(pg, title);
    raw(pg, "</h1>\n<p class=\"sub\">Variant: ");
    const char *vid = scn->variant ? scn->variant : "baseline";
    esc(pg, vid);
    for (int v = 0; v < scn->variant_count; v++)
        if (strcmp(scn->variants[v].id, vid) == 0 && scn->variants[v].label) {
            raw(pg, " - ");
            esc(pg, scn->variants[v].label);
        }
    OUT(" &middot; seed %llu &middot; %d round%s played</p>\n</header>\n",
        (unsigned long long)pg->t->seed, pg->t->outcome.rounds,
        pg->t->outcome.rounds == 1 ? "" : "s");
    if (scn->description) {
        raw(pg, "<p>");
        esc(pg, scn->description);
        raw(pg, "</p>\n");
    }
}

/* ---- the outcome ----------------------------------------------------------------------------- */

static void package_rows(page *pg, const model_package *pkg)
{
    const model_scenario *scn = pg->scn;
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        raw(pg, "<tr><td>");
        esc(pg, issue_label(is));
        raw(pg, "</td><td>");
        esc(pg, option_label(&is->options[pkg->opt[k]]));
        raw(pg, "</td></tr>\n");
    }
}

static void outcome(page *pg)
{
    const model_scenario *scn = pg->scn;
    const round_outcome *o = &pg->t->outcome;
    raw(pg, "<h2>The outcome</h2>\n<p class=\"verdict\">");
    switch (o->kind) {
    case OUTCOME_AGREEMENT: raw(pg, "Agreement"); break;
    case OUTCOME_COALITION: raw(pg, "Coalition of the willing"); break;
    default: raw(pg, "No deal (breakdown)");
    }
    OUT(" after %d round%s</p>\n<p>", o->rounds, o->rounds == 1 ? "" : "s");
    esc(pg, o->reason);
    raw(pg, "</p>\n");
    if (o->has_package) {
        raw(pg, "<p><strong>Signed by:</strong> ");
        actor_list(pg, o->signatories);
        raw(pg, ".</p>\n");
        model_set out = scn->rule.parties & ~o->signatories;
        if (out) {
            raw(pg, "<p><strong>Who did not sign, and why:</strong></p>\n<ul>\n");
            for (int i = 0; i < scn->actor_count; i++) {
                if (!model_set_has(out, i))
                    continue;
                char why[1024];
                explain_non_signatory(scn, &o->package, i, why, sizeof why);
                raw(pg, "<li>");
                esc(pg, why);
                raw(pg, "</li>\n");
            }
            raw(pg, "</ul>\n");
        }
        raw(pg, "<table>\n<tr><th>Issue</th><th>What was agreed</th></tr>\n");
        package_rows(pg, &o->package);
        raw(pg, "</table>\n");
    }
    if (pg->t->record_count == 0)
        return;
    const round_record *last = &pg->t->records[pg->t->record_count - 1];
    OUT("<h3>Round %d, the last: each state's answer</h3>\n<table>\n"
        "<tr><th>State</th><th>Answer</th><th>Why</th></tr>\n", last->number);
    for (int j = 0; j < last->response_count; j++) {
        const round_response *r = &last->responses[j];
        if (r->verdict == ROUND_ABSENT && !model_set_has(scn->rule.parties, r->actor))
            continue;
        raw(pg, "<tr><td>");
        esc(pg, actor_name(&scn->actors[r->actor]));
        raw(pg, "</td><td>");
        esc(pg, round_verdict_name(r->verdict));
        raw(pg, "</td><td>");
        esc(pg, r->reason);
        raw(pg, "</td></tr>\n");
    }
    raw(pg, "</table>\n");
}

/* ---- willingness over the rounds ------------------------------------------------------------- */

static void willingness_chart(page *pg)
{
    const model_scenario *scn = pg->scn;
    const round_transcript *t = pg->t;
    int n = t->record_count;
    raw(pg, "<h2>Willingness over the rounds</h2>\n<p class=\"caption\">How far each state was "
            "ready to move, round by round: 0 holds out for its best, 1 is down to its bottom "
            "line (its alternative to a deal). Each state has its own colour, marker and "
            "label.</p>\n");
    if (n == 0) {
        raw(pg, "<p>No round was played.</p>\n");
        return;
    }
    const double W = 780, left = 52, right = 70, top = 16, ph = 260;
    const double pw = W - left - right;
    int cols = 3, rows = (scn->actor_count + cols - 1) / cols;
    const double legend_top = top + ph + 46, H = legend_top + rows * 20 + 8;
    svg_begin(pg, W, H, "Willingness over the rounds, per state");
#define XR(r) (left + (n == 1 ? pw / 2 : (double)(r) * pw / (n - 1)))
#define YV(v) (top + (1 - (v)) * ph)
    /* the frame: grid lines, axes, labels */
    for (int g = 0; g <= 4; g++) {
        double v = g / 4.0;
        OUT("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"1\"/>\n", left, YV(v), left + pw, YV(v), g ? "#dddddd" : "#666666");
        char label[16];
        snprintf(label, sizeof label, "%.2f", v);
        svg_text(pg, left - 6, YV(v) + 4, "end", NULL, label);
    }
    OUT("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666666\"/>\n", left, top,
        left, top + ph);
    int every = n <= 20 ? 1 : (n + 19) / 20;
    for (int r = 0; r < n; r++) {
        OUT("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666666\"/>\n", XR(r),
            top + ph, XR(r), top + ph + 4);
        if (r % every == 0 || r == n - 1) {
            char label[16];
            snprintf(label, sizeof label, "%d", t->records[r].number);
            svg_text(pg, XR(r), top + ph + 17, "middle", NULL, label);
        }
    }
    svg_text(pg, left + pw / 2, top + ph + 33, "middle", NULL, "round");
    OUT("<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">"
        "willingness</text>\n", top + ph / 2, top + ph / 2);

    /* one line per actor, broken where it was absent */
    double end_y[MODEL_MAX_ACTORS];
    int end_r[MODEL_MAX_ACTORS];
    bool drawn[MODEL_MAX_ACTORS];
    for (int i = 0; i < scn->actor_count; i++) {
        drawn[i] = false;
        end_r[i] = -1;
        unsigned c = colour_of(&scn->actors[i]);
        bool open = false;
        for (int r = 0; r < n; r++) {
            if (!present(&t->records[r], i)) {
                open = false;
                continue;
            }
            double v = t->records[r].willingness[i];
            if (!drawn[i]) {
                raw(pg, "<g><title>");
                esc(pg, actor_name(&scn->actors[i]));
                raw(pg, "</title>\n<path d=\"");
            }
            OUT("%s%.1f %.1f", open ? "L" : "M", XR(r), YV(v));
            drawn[i] = open = true;
            end_r[i] = r;
            end_y[i] = YV(v);
        }
        if (!drawn[i])
            continue;
        OUT("\" fill=\"none\" stroke=\"#%06X\" stroke-width=\"2\"%s/>\n", c, dash_of(i));
        if (n <= 40) {
            for (int r = 0; r < n; r++)
                if (present(&t->records[r], i))
                    marker(pg, i, XR(r), YV(t->records[r].willingness[i]), c);
        } else {
            marker(pg, i, XR(end_r[i]), end_y[i], c);
        }
        raw(pg, "</g>\n");
    }
    /* labels at the line ends, pushed apart so that none overlaps another */
    int order[MODEL_MAX_ACTORS], m = 0;
    double ly[MODEL_MAX_ACTORS];
    for (int i = 0; i < scn->actor_count; i++)
        if (drawn[i])
            order[m++] = i;
    for (int i = 1; i < m; i++)
        for (int j = i; j > 0 && end_y[order[j]] < end_y[order[j - 1]]; j--) {
            int x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
    for (int j = 0; j < m; j++) {
        ly[j] = end_y[order[j]] + 4;
        if (j > 0 && ly[j] < ly[j - 1] + 13)
            ly[j] = ly[j - 1] + 13;
    }
    if (m > 0 && ly[m - 1] > top + ph + 8) {
        ly[m - 1] = top + ph + 8;
        for (int j = m - 2; j >= 0; j--)
            if (ly[j] > ly[j + 1] - 13)
                ly[j] = ly[j + 1] - 13;
    }
    for (int j = 0; j < m; j++) {
        int i = order[j];
        double x = XR(end_r[i]);
        OUT("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999999\" "
            "stroke-width=\"0.7\"/>\n", x + 6, end_y[i], left + pw + 8, ly[j] - 4);
        svg_text(pg, left + pw + 11, ly[j], "start", "font-weight=\"bold\"", scn->actors[i].id);
    }
    /* the legend: marker, line and name */
    for (int i = 0; i < scn->actor_count; i++) {
        double x = left + (i % cols) * (pw / cols), y = legend_top + (i / cols) * 20;
        unsigned c = colour_of(&scn->actors[i]);
        OUT("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#%06X\" "
            "stroke-width=\"2\"%s/>\n", x, y, x + 26, y, c, dash_of(i));
        marker(pg, i, x + 13, y, c);
        const char *name = actor_name(&scn->actors[i]);
        char label[160];
        snprintf(label, sizeof label, "%s %s%s", scn->actors[i].id,
                 strcmp(name, scn->actors[i].id) ? name : "",
                 drawn[i] ? "" : " (not at the table)");
        OUT("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\"><title>", x + 32, y + 4);
        esc(pg, label);
        raw(pg, "</title>");
        clipped(pg, label, (size_t)((pw / cols - 40) / 7)); /* what fits the column */
        raw(pg, "</text>\n");
    }
#undef XR
#undef YV
    svg_end(pg);
    /* the same numbers as a table, folded away */
    raw(pg, "<details><summary>The numbers</summary>\n<table>\n<tr><th>Round</th>");
    for (int i = 0; i < scn->actor_count; i++) {
        raw(pg, "<th>");
        esc(pg, scn->actors[i].id);
        raw(pg, "</th>");
    }
    raw(pg, "</tr>\n");
    for (int r = 0; r < n; r++) {
        OUT("<tr><td class=\"num\">%d</td>", t->records[r].number);
        for (int i = 0; i < scn->actor_count; i++)
            if (present(&t->records[r], i))
                OUT("<td class=\"num\">%.2f</td>", t->records[r].willingness[i]);
            else
                raw(pg, "<td class=\"num\">-</td>");
        raw(pg, "</tr>\n");
    }
    raw(pg, "</table>\n</details>\n");
}

/* ---- who moved on which issue ---------------------------------------------------------------- */

static void cell_fill(char *buf, size_t size, int option, int count)
{
    /* options in order, light to darker blue: the shade says where on the scale it is */
    double f = count > 1 ? (double)option / (count - 1) : 0;
    int r = (int)lround(247 + f * (158 - 247)), g = (int)lround(247 + f * (202 - 247)),
        b = (int)lround(247 + f * (225 - 247));
    snprintf(buf, size, "#%02X%02X%02X", r, g, b);
}

/* " (better for RU, CN; worse for UA, PL)": whom a move on issue k helps and hurts. */
static void gainers(page *pg, int k, int from, int to)
{
    const model_scenario *scn = pg->scn;
    for (int side = 0; side < 2; side++) {
        bool any = false;
        for (int i = 0; i < scn->actor_count; i++) {
            const model_actor *a = &scn->actors[i];
            double d = a->salience[k] > 0 ? a->value[k][to] - a->value[k][from] : 0;
            if (side == 0 ? d > 1e-9 : d < -1e-9) {
                raw(pg, any ? ", " : (side == 0 ? " (better for " : "; worse for "));
                esc(pg, a->id);
                any = true;
            }
        }
        if (side == 0 && !any)
            raw(pg, " (better for nobody");
    }
    raw(pg, ")");
}

static void moves_chart(page *pg)
{
    const model_scenario *scn = pg->scn;
    const round_transcript *t = pg->t;
    int n = t->record_count;
    raw(pg, "<h2>Who moved on which issue</h2>\n");
    if (n == 0) {
        raw(pg, "<p>No text was put on the table.</p>\n");
        return;
    }
    /* columns: every round, or with many rounds the first, the last and those with a change */
    int *cols = malloc(sizeof *cols * (size_t)(n + 1));
    if (!cols) {
        pg->b.failed = true;
        return;
    }
    int nc = 0;
    bool all = n <= 24;
    for (int r = 0; r < n; r++)
        if (all || r == 0 || r == n - 1 ||
            memcmp(&t->records[r].offer, &t->records[r - 1].offer, sizeof(model_package)) != 0)
            cols[nc++] = r;
    bool deal_col = t->outcome.has_package;
    bool proposers = false;
    for (int r = 0; r < n; r++)
        proposers = proposers || t->records[r].proposer >= 0;
    OUT("<p class=\"caption\">The text on the table at each round, issue by issue (the option's "
        "id; hover for its name). A cell with a thick border and a black corner changed in that "
        "round. The shade says where the option sits on the issue's scale, first to last.%s%s"
        "</p>\n",
        all ? "" : " Rounds in which nothing changed are left out.",
        deal_col ? " The last column is what took effect: a coalition settles the final "
                   "text among its members, and a state's own contribution is dropped if it "
                   "does not sign." : "");
    const double label_w = 250, cw = 62, ch = 22, head_h = proposers ? 38 : 24;
    const double W = label_w + (nc + (deal_col ? 1 : 0)) * cw + 8;
    const double H = head_h + scn->issue_count * ch + 6;
    svg_begin(pg, W, H, "The text on the table, issue by issue and round by round");
    for (int c = 0; c < nc + (deal_col ? 1 : 0); c++) {
        double x = label_w + c * cw + cw / 2;
        char label[48];
        if (c < nc) {
            snprintf(label, sizeof label, "%d", t->records[cols[c]].number);
            svg_text(pg, x, 14, "middle", "font-weight=\"bold\"", label);
            if (proposers) {
                int p = t->records[cols[c]].proposer;
                svg_text(pg, x, 30, "middle", "font-size=\"10\"", p >= 0 ? scn->actors[p].id
                                                                          : "mediator");
            }
        } else {
            svg_text(pg, x, 14, "middle", "font-weight=\"bold\"", "deal");
        }
    }
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        double y = head_h + k * ch;
        OUT("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\"><title>", label_w - 8, y + 15);
        esc(pg, issue_label(is));
        raw(pg, "</title>");
        clipped(pg, issue_label(is), 34);
        raw(pg, "</text>\n");
        for (int c = 0; c < nc + (deal_col ? 1 : 0); c++) {
            const model_package *now = c < nc ? &t->records[cols[c]].offer : &t->outcome.package;
            const model_package *before =
                c < nc ? (cols[c] > 0 ? &t->records[cols[c] - 1].offer : NULL)
                       : &t->records[n - 1].offer;
            int o = now->opt[k];
            bool changed = before && before->opt[k] != o;
            double x = label_w + c * cw;
            char fill[16];
            cell_fill(fill, sizeof fill, o, is->option_count);
            if (c < nc)
                OUT("<g><title>round %d: ", t->records[cols[c]].number);
            else
                raw(pg, "<g><title>the deal: ");
            esc(pg, issue_label(is));
            raw(pg, ": ");
            esc(pg, option_label(&is->options[o]));
            if (changed) {
                raw(pg, " (was ");
                esc(pg, option_label(&is->options[before->opt[k]]));
                raw(pg, ")");
            }
            OUT("</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                "stroke=\"%s\" stroke-width=\"%s\"/>", x + 1, y + 1, cw - 2, ch - 2, fill,
                changed ? "#000000" : "#BBBBBB", changed ? "2.4" : "0.8");
            if (changed)
                OUT("<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#000000\"/>",
                    x + cw - 11, y + 1, x + cw - 1, y + 1, x + cw - 1, y + 11);
            OUT("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\"%s>",
                x + cw / 2, y + 15, changed ? " font-weight=\"bold\"" : "");
            clipped(pg, is->options[o].id, 9);
            raw(pg, "</text></g>\n");
        }
    }
    svg_end(pg);
    free(cols);
    /* the same moves in words */
    raw(pg, "<ul class=\"caption\">\n");
    int listed = 0;
    for (int r = 1; r < n; r++) {
        const round_record *rec = &t->records[r], *prev = &t->records[r - 1];
        if (memcmp(&rec->offer, &prev->offer, sizeof(model_package)) == 0)
            continue;
        OUT("<li>Round %d, ", rec->number);
        if (rec->proposer >= 0)
            esc(pg, actor_name(&scn->actors[rec->proposer]));
        else
            raw(pg, "the mediator");
        raw(pg, ": ");
        bool first = true;
        for (int k = 0; k < scn->issue_count; k++) {
            if (rec->offer.opt[k] == prev->offer.opt[k])
                continue;
            const model_issue *is = &scn->issues[k];
            raw(pg, first ? "" : "; ");
            esc(pg, issue_label(is));
            raw(pg, " ");
            esc(pg, option_label(&is->options[prev->offer.opt[k]]));
            raw(pg, " &rarr; ");
            esc(pg, option_label(&is->options[rec->offer.opt[k]]));
            gainers(pg, k, prev->offer.opt[k], rec->offer.opt[k]);
            first = false;
        }
        raw(pg, "</li>\n");
        listed++;
    }
    if (listed == 0)
        raw(pg, "<li>The text never changed after the first round.</li>\n");
    raw(pg, "</ul>\n");
}

/* ---- red lines ------------------------------------------------------------------------------- */

/* The package red lines are judged on: the deal, or else the last text on the table. */
static const model_package *judged(page *pg, const char **what)
{
    if (pg->t->outcome.has_package) {
        *what = "the deal";
        return &pg->t->outcome.package;
    }
    if (pg->t->record_count > 0) {
        *what = "the last text";
        return &pg->t->records[pg->t->record_count - 1].offer;
    }
    return NULL;
}

static void crossed_rounds(page *pg, int node)
{
    const round_transcript *t = pg->t;
    int start = -1, prev = -1;
    bool any = false;
    for (int r = 0; r <= t->record_count; r++) {
        bool crossed = r < t->record_count && !redline_eval(pg->scn, node, &t->records[r].offer);
        int num = r < t->record_count ? t->records[r].number : -1;
        if (crossed && start < 0) {
            start = prev = num;
            continue;
        }
        if (crossed && num == prev + 1) {
            prev = num;
            continue;
        }
        if (start >= 0) {
            if (start == prev)
                OUT("%s%d", any ? ", " : "", start);
            else
                OUT("%s%d-%d", any ? ", " : "", start, prev);
            any = true;
        }
        start = crossed ? num : -1;
        prev = num;
    }
    if (!any)
        raw(pg, "never");
}

static void redlines(page *pg)
{
    const model_scenario *scn = pg->scn;
    const char *what = NULL;
    const model_package *pkg = judged(pg, &what);
    raw(pg, "<h2>Which red lines held</h2>\n");
    if (!pkg) {
        raw(pg, "<p>No text was put on the table.</p>\n");
        return;
    }
    int most = 0, with = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        if (scn->actors[i].redline_count > most)
            most = scn->actors[i].redline_count;
        with += scn->actors[i].redline_count > 0;
    }
    OUT("<p class=\"caption\">Each state's red lines against %s: a ring with a tick held, a cross "
        "was crossed, a dash was not in force. The tables below name them.</p>\n", what);
    if (with == 0) {
        raw(pg, "<p>No state declared a red line.</p>\n");
        return;
    }
    const double label_w = 200, cw = 34, rh = 24;
    const double W = label_w + most * cw + 10, H = 24 + with * rh + 6;
    svg_begin(pg, W, H, "Red lines held or crossed, per state");
    for (int r = 0; r < most; r++) {
        char label[16];
        snprintf(label, sizeof label, "%d", r + 1);
        svg_text(pg, label_w + r * cw + cw / 2, 15, "middle", "font-weight=\"bold\"", label);
    }
    int row = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        const model_actor *a = &scn->actors[i];
        if (a->redline_count == 0)
            continue;
        double y = 24 + row * rh;
        char label[160];
        bool signs = pg->t->outcome.has_package && model_set_has(pg->t->outcome.signatories, i);
        snprintf(label, sizeof label, "%s%s", a->id,
                 pg->t->outcome.has_package ? (signs ? " (signed)" : " (did not sign)") : "");
        svg_text(pg, label_w - 8, y + 16, "end", NULL, label);
        for (int r = 0; r < a->redline_count; r++) {
            const model_redline *rl = &a->redlines[r];
            double cx = label_w + r * cw + cw / 2, cy = y + rh / 2;
            bool holds = redline_eval(scn, rl->node, pkg);
            raw(pg, "<g><title>");
            esc(pg, rl->label ? rl->label : rl->id);
            raw(pg, rl->dormant ? ": not in force" : holds ? ": held" : ": crossed");
            raw(pg, "</title>");
            if (rl->dormant)
                OUT("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\" "
                    "stroke-width=\"3\"/>", cx - 7, cy, cx + 7, cy);
            else if (holds)
                OUT("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"#FFFFFF\" stroke=\"#1A7F37\" "
                    "stroke-width=\"2\"/><path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1f\" fill=\"none\" "
                    "stroke=\"#1A7F37\" stroke-width=\"2.2\"/>", cx, cy, cx - 4, cy, cx - 1,
                    cy + 3.5, cx + 4.5, cy - 4);
            else
                OUT("<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\" stroke=\"#B71C1C\" "
                    "stroke-width=\"3.4\" fill=\"none\"/>", cx - 7, cy - 7, cx + 7, cy + 7,
                    cx - 7, cy + 7, cx + 7, cy - 7);
            raw(pg, "</g>\n");
        }
        row++;
    }
    svg_end(pg);
    for (int i = 0; i < scn->actor_count; i++) {
        const model_actor *a = &scn->actors[i];
        if (a->redline_count == 0)
            continue;
        raw(pg, "<h3>");
        esc(pg, actor_name(a));
        raw(pg, " (");
        esc(pg, a->id);
        raw(pg, ")");
        if (pg->t->outcome.has_package)
            raw(pg, model_set_has(pg->t->outcome.signatories, i) ? ": signed" : ": did not sign");
        OUT("</h3>\n<table>\n<tr><th>#</th><th>Red line</th><th>In %s</th>"
            "<th>Rounds whose text crossed it</th></tr>\n", what);
        for (int r = 0; r < a->redline_count; r++) {
            const model_redline *rl = &a->redlines[r];
            bool holds = redline_eval(scn, rl->node, pkg);
            OUT("<tr><td class=\"num\">%d</td><td>", r + 1);
            esc(pg, rl->label ? rl->label : rl->id);
            if (rl->source && *rl->source) {
                raw(pg, "<br><span class=\"source\">");
                esc(pg, rl->source);
                raw(pg, "</span>");
            }
            raw(pg, "</td><td>");
            if (rl->dormant)
                OUT("not in force (it would have %s)", holds ? "held" : "been crossed");
            else if (holds)
                raw(pg, "<span class=\"held\">held</span>");
            else
                raw(pg, "<span class=\"crossed\">crossed</span>");
            raw(pg, "</td><td>");
            crossed_rounds(pg, rl->node);
            raw(pg, "</td></tr>\n");
        }
        raw(pg, "</table>\n");
    }
}

/* ---- against the Nash package ---------------------------------------------------------------- */

static double run_utility(page *pg, int i)
{
    const round_outcome *o = &pg->t->outcome;
    return o->has_package ? model_utility(pg->scn, i, &o->package)
                          : pg->scn->actors[i].reservation;
}

static void nash(page *pg)
{
    const model_scenario *scn = pg->scn;
    const deal_analysis *a = pg->a;
    const round_outcome *o = &pg->t->outcome;
    if (!a)
        return;
    raw(pg, "<h2>The run against the Nash package</h2>\n");
    const deal_solution *ns = &a->nash;
    if (ns->found)
        raw(pg, "<p class=\"caption\">The deal-space analysis (<code>entente analyze</code>) "
                "looks at every package and picks the Nash bargaining solution: the deal that "
                "maximises the product of every party's gain over its alternative. How did the "
                "run compare? Solid bars: what the run's outcome is worth to each state; hollow "
                "bars: what the Nash package is worth; the black tick: its alternative to a deal "
                "(below it, a state is better off without the deal).</p>\n");
    else
        raw(pg, "<p class=\"caption\">The deal-space analysis finds no package that is a deal "
                "under the rule, so there is no Nash package to compare with. Solid bars: what "
                "the run's outcome is worth to each state; the black tick: its alternative to a "
                "deal.</p>\n");
    const double label_w = 60, bw = 420, rh = 36, top = 30;
    const double W = label_w + bw + 190, H = top + scn->actor_count * rh + 24;
    svg_begin(pg, W, H, "What the run's outcome and the Nash package are worth to each state");
    OUT("<rect x=\"%.1f\" y=\"6\" width=\"22\" height=\"11\" fill=\"#666666\"/>", label_w);
    svg_text(pg, label_w + 28, 16, "start", NULL,
             o->has_package ? "this run" : "this run (no deal: the alternative)");
    if (ns->found) {
        OUT("<rect x=\"%.1f\" y=\"6\" width=\"22\" height=\"11\" fill=\"#FFFFFF\" "
            "stroke=\"#666666\" stroke-width=\"1.5\"/>", label_w + 230);
        svg_text(pg, label_w + 258, 16, "start", NULL, "Nash package");
    }
    OUT("<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"19\" stroke=\"#000000\" "
        "stroke-width=\"2.5\"/>", label_w + 375, label_w + 375);
    svg_text(pg, label_w + 381, 16, "start", NULL, "alternative");
    for (int g = 0; g <= 4; g++) {
        double x = label_w + bw * g / 4.0;
        OUT("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#DDDDDD\"/>\n", x, top,
            x, top + scn->actor_count * rh);
        char label[16];
        snprintf(label, sizeof label, "%.2f", g / 4.0);
        svg_text(pg, x, top + scn->actor_count * rh + 15, "middle", NULL, label);
    }
    for (int i = 0; i < scn->actor_count; i++) {
        const model_actor *ac = &scn->actors[i];
        double y = top + i * rh;
        unsigned c = colour_of(ac);
        double ur = run_utility(pg, i);
        bool rs = o->has_package && model_set_has(o->signatories, i);
        raw(pg, "<g><title>");
        esc(pg, actor_name(ac));
        raw(pg, "</title>");
        svg_text(pg, label_w - 8, y + 20, "end", "font-weight=\"bold\"", ac->id);
        OUT("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"#%06X\" "
            "stroke=\"#222222\" stroke-width=\"0.6\"/>\n", label_w, y + 4, bw * ur, c);
        char label[96];
        snprintf(label, sizeof label, "run %.2f%s", ur,
                 o->has_package ? (rs ? ", signs" : ", does not sign") : "");
        svg_text(pg, label_w + bw + 10, y + 14, "start", "font-size=\"11\"", label);
        if (ns->found) {
            double un = model_utility(scn, i, &ns->package);
            bool nsig = model_set_has(ns->signatories, i);
            OUT("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"#FFFFFF\" "
                "stroke=\"#%06X\" stroke-width=\"1.8\"/>\n", label_w, y + 18, bw * un, c);
            snprintf(label, sizeof label, "Nash %.2f%s", un, nsig ? ", signs" : ", does not sign");
            svg_text(pg, label_w + bw + 10, y + 28, "start", "font-size=\"11\"", label);
        }
        double xr = label_w + bw * ac->reservation;
        OUT("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
            "stroke-width=\"2.5\"/></g>\n", xr, y + 1, xr, y + 33);
    }
    svg_end(pg);
    if (!ns->found) {
        if (a->blockers.count > 0) {
            raw(pg, "<p>Why no deal exists (each set of constraints cannot all hold together):"
                    "</p>\n<ul>\n");
            for (int s = 0; s < a->blockers.count; s++) {
                raw(pg, "<li>");
                for (int j = 0; j < a->blockers.sets[s].count; j++) {
                    explain_item item = a->blockers.sets[s].items[j];
                    char label[512];
                    explain_item_label(scn, item, label, sizeof label);
                    raw(pg, j ? " + " : "");
                    esc(pg, scn->actors[item.actor].id);
                    raw(pg, ": &ldquo;");
                    esc(pg, label);
                    raw(pg, "&rdquo;");
                }
                raw(pg, "</li>\n");
            }
            raw(pg, "</ul>\n");
        }
        return;
    }
    int same = 0;
    raw(pg, "<table>\n<tr><th>Issue</th><th>This run</th><th>Nash package</th><th></th></tr>\n");
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        bool eq = o->has_package && o->package.opt[k] == ns->package.opt[k];
        same += eq;
        OUT("<tr%s><td>", eq ? "" : " class=\"diff\"");
        esc(pg, issue_label(is));
        raw(pg, "</td><td>");
        if (o->has_package)
            esc(pg, option_label(&is->options[o->package.opt[k]]));
        else
            raw(pg, "(no deal)");
        raw(pg, "</td><td>");
        esc(pg, option_label(&is->options[ns->package.opt[k]]));
        raw(pg, eq ? "</td><td>same</td></tr>\n" : "</td><td>differs</td></tr>\n");
    }
    raw(pg, "<tr><td><strong>Signed by</strong></td><td>");
    if (o->has_package)
        actor_list(pg, o->signatories);
    else
        raw(pg, "(no deal)");
    raw(pg, "</td><td>");
    actor_list(pg, ns->signatories);
    raw(pg, "</td><td>");
    raw(pg, o->has_package && o->signatories == ns->signatories ? "same" : "differs");
    raw(pg, "</td></tr>\n</table>\n");
    if (o->has_package)
        OUT("<p>The run ended on the Nash package's option on %d of %d issues%s.</p>\n", same,
            scn->issue_count, same == scn->issue_count ? ": the very same package" : "");
    else
        raw(pg, "<p>The run ended without a deal although the analysis finds one: the "
                "negotiation, not the red lines, failed. Where did time run out?</p>\n");
}

/* ---- against history ------------------------------------------------------------------------- */

static const char *history_kind(model_history_kind k)
{
    switch (k) {
    case HISTORY_AGREEMENT: return "agreement";
    case HISTORY_COALITION: return "coalition";
    case HISTORY_BREAKDOWN: return "breakdown";
    default: return "none";
    }
}

static void mark(page *pg, bool match)
{
    raw(pg, match ? "<span class=\"held\">&#10003; match</span>"
                  : "<span class=\"crossed\">&#10007; differs</span>");
}

static void history(page *pg)
{
    const model_scenario *scn = pg->scn;
    const model_history *h = &scn->history;
    const round_outcome *o = &pg->t->outcome;
    if (h->kind == HISTORY_NONE)
        return;
    raw(pg, "<h2>What happened in history</h2>\n");
    if (h->summary) {
        raw(pg, "<p>");
        esc(pg, h->summary);
        raw(pg, "</p>\n");
    }
    if (h->source) {
        raw(pg, "<p class=\"source\">Source: ");
        esc(pg, h->source);
        raw(pg, "</p>\n");
    }
    const char *run_kind = round_outcome_name(o->kind);
    bool kind_match = strcmp(history_kind(h->kind), run_kind) == 0;
    model_set run_sig = o->has_package ? o->signatories : 0;
    int sig_match = 0;
    for (int i = 0; i < scn->actor_count; i++)
        sig_match += model_set_has(h->signatories, i) == model_set_has(run_sig, i);

    raw(pg, "<p class=\"caption\">Who signed, in history and in this run: a filled dot signed, a "
            "ring did not; the last row marks where they agree.</p>\n");
    const double label_w = 90, cw = 50, rh = 24;
    const double W = label_w + scn->actor_count * cw + 10, H = 22 + 3 * rh + 6;
    svg_begin(pg, W, H, "Signatories: history against this run");
    static const char *const rows[] = {"history", "this run", "match"};
    for (int r = 0; r < 3; r++)
        svg_text(pg, label_w - 8, 22 + r * rh + 16, "end", "font-weight=\"bold\"", rows[r]);
    for (int i = 0; i < scn->actor_count; i++) {
        double cx = label_w + i * cw + cw / 2;
        svg_text(pg, cx, 14, "middle", "font-weight=\"bold\"", scn->actors[i].id);
        bool hs = model_set_has(h->signatories, i), rs = model_set_has(run_sig, i);
        for (int r = 0; r < 2; r++) {
            bool s = r == 0 ? hs : rs;
            OUT("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"%s\" stroke=\"#222222\" "
                "stroke-width=\"1.5\"><title>", cx, 22 + r * rh + 12.0, s ? "#222222" : "#FFFFFF");
            esc(pg, actor_name(&scn->actors[i]));
            raw(pg, s ? " signed" : " did not sign");
            raw(pg, "</title></circle>\n");
        }
        svg_text(pg, cx, 22 + 2 * rh + 17, "middle",
                 hs == rs ? "fill=\"#1A7F37\" font-weight=\"bold\" font-size=\"15\""
                          : "fill=\"#B71C1C\" font-weight=\"bold\" font-size=\"15\"",
                 hs == rs ? "\xE2\x9C\x93" : "\xE2\x9C\x97");
    }
    svg_end(pg);

    raw(pg, "<table>\n<tr><th></th><th>History</th><th>This run</th><th></th></tr>\n");
    OUT("<tr><td>Outcome</td><td>%s</td><td>%s</td><td>", history_kind(h->kind), run_kind);
    mark(pg, kind_match);
    raw(pg, "</td></tr>\n<tr><td>Signed by</td><td>");
    actor_list(pg, h->signatories);
    raw(pg, "</td><td>");
    actor_list(pg, run_sig);
    raw(pg, "</td><td>");
    mark(pg, sig_match == scn->actor_count);
    raw(pg, "</td></tr>\n");
    int recorded = 0, matched = 0, decisive = 0, decisive_matched = 0;
    for (int k = 0; k < scn->issue_count; k++) {
        if (!((h->recorded >> k) & 1u))
            continue;
        const model_issue *is = &scn->issues[k];
        bool dec = (h->decisive >> k) & 1u;
        bool eq = o->has_package && o->package.opt[k] == h->package.opt[k];
        recorded++;
        matched += eq;
        decisive += dec;
        decisive_matched += dec && eq;
        raw(pg, "<tr><td>");
        esc(pg, issue_label(is));
        if (dec)
            raw(pg, " <strong>(decisive)</strong>");
        raw(pg, "</td><td>");
        esc(pg, option_label(&is->options[h->package.opt[k]]));
        raw(pg, "</td><td>");
        if (o->has_package)
            esc(pg, option_label(&is->options[o->package.opt[k]]));
        else
            raw(pg, "(no deal)");
        raw(pg, "</td><td>");
        mark(pg, eq);
        raw(pg, "</td></tr>\n");
    }
    raw(pg, "</table>\n");
    OUT("<p>Outcome: %s. Signatories: %d of %d states as in history.",
        kind_match ? "as in history" : "not as in history", sig_match, scn->actor_count);
    if (recorded > 0)
        OUT(" Recorded options: %d of %d match.", matched, recorded);
    if (decisive > 0)
        OUT(" Decisive issues: %d of %d match.", decisive_matched, decisive);
    raw(pg, "</p>\n");
}

/* ---- questions ------------------------------------------------------------------------------- */

static void questions(page *pg)
{
    const model_scenario *scn = pg->scn;
    raw(pg, "<h2>Questions for the discussion</h2>\n<ol>\n");
    if (scn->question_count == 0) {
        raw(pg, "<li>Which red line decided the outcome, and could its owner have given way?"
                "</li>\n<li>Who moved first, and did it pay?</li>\n<li>Did the run end on the "
                "Nash package? If not, what kept it away?</li>\n");
    }
    for (int q = 0; q < scn->question_count; q++) {
        raw(pg, "<li>");
        esc(pg, scn->questions[q]);
        raw(pg, "</li>\n");
    }
    raw(pg, "</ol>\n");
    if (scn->question_count == 0)
        raw(pg, "<p class=\"caption\">(The scenario provides no questions of its own; these are "
                "entente's.)</p>\n");
}

char *debrief_render(const model_scenario *scn, const round_transcript *t,
                     const deal_analysis *a)
{
    page pg = {.scn = scn, .t = t, .a = a};
    head(&pg);
    outcome(&pg);
    willingness_chart(&pg);
    moves_chart(&pg);
    redlines(&pg);
    nash(&pg);
    history(&pg);
    questions(&pg);
    brief_buf_raw(&pg.b, "<footer>entente debrief: scenario ");
    brief_buf_html(&pg.b, scn->id);
    brief_buf_raw(&pg.b, ", variant ");
    brief_buf_html(&pg.b, scn->variant ? scn->variant : "baseline");
    brief_buf_printf(&pg.b, ", seed %llu.", (unsigned long long)t->seed);
    brief_buf_raw(&pg.b, " Run it again with <code>entente run</code> and the same seed for the "
                         "same result.</footer>\n</body>\n</html>\n");
    return brief_buf_take(&pg.b);
}

ent_status debrief_write(const char *path, const model_scenario *scn, const round_transcript *t,
                         const deal_analysis *a, ent_error *err)
{
    char *html = debrief_render(scn, t, a);
    if (!html)
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    ent_status st = afile_write(path, html, strlen(html), err);
    free(html);
    return st;
}
