/* brief.c: `entente brief`: a printable role brief for the student who plays one state. */
#include "brief.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "afile.h"
#include "cli.h"
#include "lx_names.h"
#include "lx_scenario.h"
#include "redline.h"

/* ---- the growable text ------------------------------------------------------------------ */

static bool reserve(brief_buf *b, size_t more)
{
    if (b->failed)
        return false;
    if (b->len + more + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

static void put(brief_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void brief_buf_raw(brief_buf *b, const char *s)
{
    if (s)
        put(b, s, strlen(s));
}

void brief_buf_printf(brief_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void brief_buf_html(brief_buf *b, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': brief_buf_raw(b, "&amp;"); break;
        case '<': brief_buf_raw(b, "&lt;"); break;
        case '>': brief_buf_raw(b, "&gt;"); break;
        case '"': brief_buf_raw(b, "&quot;"); break;
        case '\'': brief_buf_raw(b, "&#39;"); break;
        default: put(b, p, 1);
        }
    }
}

void brief_buf_md(brief_buf *b, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t') {
            put(b, " ", 1);
            continue;
        }
        if (strchr("\\`*_[]<>|#&!~", *p))
            put(b, "\\", 1);
        put(b, p, 1);
    }
}

char *brief_buf_take(brief_buf *b)
{
    char *out = b->failed ? NULL : b->data;
    if (b->failed)
        free(b->data);
    else if (!out)
        out = calloc(1, 1);
    memset(b, 0, sizeof *b);
    return out;
}

/* ---- one document, two formats ---------------------------------------------------------- */

typedef struct {
    brief_buf b;
    brief_format fmt;
} doc;

static void raw(doc *d, const char *html, const char *md)
{
    brief_buf_raw(&d->b, d->fmt == BRIEF_HTML ? html : md);
}

static void text(doc *d, const char *s)
{
    if (d->fmt == BRIEF_HTML)
        brief_buf_html(&d->b, s);
    else
        brief_buf_md(&d->b, s);
}

static void textf(doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void textf(doc *d, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        text(d, small);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        d->b.failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    text(d, big);
    free(big);
}

static void heading(doc *d, int level, const char *s)
{
    static const char *const open[] = {"", "<h1>", "<h2>", "<h3>"};
    static const char *const close[] = {"", "</h1>\n", "</h2>\n", "</h3>\n"};
    static const char *const md[] = {"", "# ", "## ", "### "};
    raw(d, open[level], md[level]);
    text(d, s);
    raw(d, close[level], "\n\n");
}

static void para_begin(doc *d) { raw(d, "<p>", ""); }
static void para_end(doc *d) { raw(d, "</p>\n", "\n\n"); }
static void list_begin(doc *d) { raw(d, "<ul>\n", ""); }
static void list_end(doc *d) { raw(d, "</ul>\n", "\n"); }
static void item_begin(doc *d) { raw(d, "<li>", "- "); }
static void item_end(doc *d) { raw(d, "</li>\n", "\n"); }
static void strong(doc *d, const char *s)
{
    raw(d, "<strong>", "**");
    text(d, s);
    raw(d, "</strong>", "**");
}

/* A source note, set apart: who said it, or "[J]" for the author's judgement. */
static void source(doc *d, const char *s)
{
    if (!s || !*s)
        return;
    raw(d, " <span class=\"source\">Source: ", " *Source: ");
    text(d, s);
    raw(d, "</span>", "*");
}

static void table_begin(doc *d, int cols, const char *const *head)
{
    raw(d, "<table>\n<tr>", "");
    for (int c = 0; c < cols; c++) {
        raw(d, "<th>", "| ");
        text(d, head[c]);
        raw(d, "</th>", " ");
    }
    raw(d, "</tr>\n", "|\n");
    if (d->fmt == BRIEF_MARKDOWN) {
        for (int c = 0; c < cols; c++)
            brief_buf_raw(&d->b, "|---");
        brief_buf_raw(&d->b, "|\n");
    }
}

static void row_begin(doc *d) { raw(d, "<tr>", ""); }
static void row_end(doc *d) { raw(d, "</tr>\n", "|\n"); }
static void cell_begin(doc *d) { raw(d, "<td>", "| "); }
static void cell_end(doc *d) { raw(d, "</td>", " "); }
static void cell(doc *d, const char *s)
{
    cell_begin(d);
    text(d, s);
    cell_end(d);
}
static void table_end(doc *d) { raw(d, "</table>\n", "\n"); }

/* ---- names ------------------------------------------------------------------------------- */

static const char *or_empty(const char *s) { return s ? s : ""; }

static const char *issue_label(const model_issue *is)
{
    return is->label && *is->label ? is->label : is->id;
}

static const char *option_label(const model_option *o)
{
    return o->label && *o->label ? o->label : o->id;
}

/* "Ukraine (UA)", or just "UA" when the actor has no other name. */
static void actor_name(const model_actor *a, char *buf, size_t size)
{
    if (a->name && *a->name && strcmp(a->name, a->id) != 0)
        snprintf(buf, size, "%s (%s)", a->name, a->id);
    else
        snprintf(buf, size, "%s", a->id);
}

/* "United States (US), United Kingdom (UK) and France (FR)" */
static void actor_list(doc *d, const model_scenario *scn, model_set set)
{
    int n = model_set_count(set), seen = 0;
    for (int i = 0; i < scn->actor_count; i++) {
        if (!model_set_has(set, i))
            continue;
        char name[256];
        actor_name(&scn->actors[i], name, sizeof name);
        if (seen > 0)
            text(d, seen == n - 1 ? " and " : ", ");
        text(d, name);
        seen++;
    }
    if (n == 0)
        text(d, "nobody");
}

/* The options the actor values most on issue k (usually one), as "'A'" or "'A' or 'B'". */
static void preferred(doc *d, const model_scenario *scn, int actor, int k)
{
    const model_issue *is = &scn->issues[k];
    const model_actor *a = &scn->actors[actor];
    double best = -1;
    for (int o = 0; o < is->option_count; o++)
        if (a->value[k][o] > best)
            best = a->value[k][o];
    bool first = true;
    for (int o = 0; o < is->option_count; o++)
        if (a->value[k][o] >= best - 1e-9) {
            if (!first)
                text(d, " or ");
            text(d, option_label(&is->options[o]));
            first = false;
        }
}

/* How much an actor cares about issue k, in words, relative to what it cares about most. */
static const char *care_words(const model_actor *a, int k, int issue_count)
{
    double top = 0;
    for (int j = 0; j < issue_count; j++)
        if (a->salience[j] > top)
            top = a->salience[j];
    double r = top > 0 ? a->salience[k] / top : 0;
    if (r >= 0.8)
        return "a great deal";
    if (r >= 0.5)
        return "much";
    if (r >= 0.25)
        return "somewhat";
    return "a little";
}

/* Issues the actor cares about, most first (declaration order breaks ties); returns the count. */
static int issues_by_care(const model_scenario *scn, int actor, int *order)
{
    const model_actor *a = &scn->actors[actor];
    int n = 0;
    for (int k = 0; k < scn->issue_count; k++)
        if (a->salience[k] > 0)
            order[n++] = k;
    for (int i = 1; i < n; i++) /* insertion sort: stable, and n is small */
        for (int j = i; j > 0 && a->salience[order[j]] > a->salience[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return n;
}

/* ---- the sections ------------------------------------------------------------------------- */

static const char css[] =
    "body{font-family:'DejaVu Serif',Georgia,serif;color:#111;background:#fff;"
    "max-width:52em;margin:2em auto;padding:0 1em;line-height:1.45}\n"
    "h1{font-size:1.7em;margin:0 0 .2em}\n"
    "h2{font-size:1.25em;border-bottom:1px solid #777;margin-top:1.6em}\n"
    "h3{font-size:1.05em;margin:1.1em 0 .3em}\n"
    ".sub{color:#333;margin:0}\n"
    "table{border-collapse:collapse;width:100%;margin:.5em 0}\n"
    "th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}\n"
    "th{background:#eee}\n"
    ".source{color:#444;font-size:.9em;font-style:italic}\n"
    ".box{border:1px solid #999;padding:.2em .8em;margin:.6em 0}\n"
    "footer{margin-top:2em;color:#555;font-size:.85em}\n"
    "@media print{body{margin:0;max-width:none;font-size:10.5pt}"
    "h2,h3{page-break-after:avoid}tr,li,.box{page-break-inside:avoid}}\n";

static void head(doc *d, const model_scenario *scn, int actor)
{
    const model_actor *a = &scn->actors[actor];
    char name[256];
    actor_name(a, name, sizeof name);
    if (d->fmt == BRIEF_HTML) {
        raw(d, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>", "");
        textf(d, "Role brief: %s - %s", name, scn->title ? scn->title : scn->id);
        raw(d, "</title>\n<style>\n", "");
        raw(d, css, "");
        raw(d, "</style>\n</head>\n<body>\n<header>\n", "");
    }
    char title[300];
    snprintf(title, sizeof title, "Role brief: you are %s", name);
    heading(d, 1, title);
    raw(d, "<p class=\"sub\">", "");
    text(d, scn->title ? scn->title : scn->id);
    raw(d, "<br>", "  \n");
    text(d, "Variant: ");
    const char *vid = scn->variant ? scn->variant : "baseline";
    text(d, vid);
    for (int v = 0; v < scn->variant_count; v++)
        if (strcmp(scn->variants[v].id, vid) == 0 && scn->variants[v].label) {
            text(d, " - ");
            text(d, scn->variants[v].label);
        }
    raw(d, "</p>\n</header>\n", "\n\n");
}

static void situation(doc *d, const model_scenario *scn, int actor)
{
    heading(d, 2, "The situation");
    if (scn->description) {
        para_begin(d);
        text(d, scn->description);
        para_end(d);
    }
    const char *vid = scn->variant ? scn->variant : "baseline";
    for (int v = 0; v < scn->variant_count; v++)
        if (strcmp(vid, "baseline") != 0 && strcmp(scn->variants[v].id, vid) == 0 &&
            scn->variants[v].description) {
            para_begin(d);
            strong(d, "What if: ");
            text(d, scn->variants[v].description);
            para_end(d);
        }
    const model_actor *a = &scn->actors[actor];
    para_begin(d);
    char name[256];
    actor_name(a, name, sizeof name);
    textf(d, "You negotiate for %s. There are %d states at the table and %d issues to settle; "
             "this brief tells you what your government wants, what it will not accept, what "
             "happens to it if there is no deal, and what the others have said in public.",
          name, scn->actor_count, scn->issue_count);
    source(d, a->source);
    para_end(d);
}

static void goals(doc *d, const model_scenario *scn, int actor)
{
    const model_actor *a = &scn->actors[actor];
    heading(d, 2, "Your goals");
    int order[MODEL_MAX_ISSUES];
    int n = issues_by_care(scn, actor, order);
    if (n == 0) {
        para_begin(d);
        text(d, "Your government has stated no interest in any issue on the table.");
        para_end(d);
        return;
    }
    para_begin(d);
    text(d, "The issues you care about, most important first. \"Weight\" is how much each one "
            "counts for you, as your government put it; a package is worth more to you the "
            "more of it goes your way on the issues with the most weight.");
    para_end(d);
    static const char *const cols[] = {"Issue", "You want", "How much you care",
                                       "Options, best for you first (worth 0 to 1)", "Source"};
    table_begin(d, 5, cols);
    for (int j = 0; j < n; j++) {
        int k = order[j];
        const model_issue *is = &scn->issues[k];
        row_begin(d);
        cell(d, issue_label(is));
        cell_begin(d);
        raw(d, "<strong>", "**");
        preferred(d, scn, actor, k);
        raw(d, "</strong>", "**");
        cell_end(d);
        cell_begin(d);
        textf(d, "%s (weight %g, %.0f%% of your concerns)", care_words(a, k, scn->issue_count),
              a->salience[k] * a->salience_scale, 100 * a->salience[k]);
        cell_end(d);
        cell_begin(d);
        int by[MODEL_MAX_OPTIONS];
        for (int o = 0; o < is->option_count; o++)
            by[o] = o;
        for (int i = 1; i < is->option_count; i++)
            for (int m = i; m > 0 && a->value[k][by[m]] > a->value[k][by[m - 1]]; m--) {
                int t = by[m];
                by[m] = by[m - 1];
                by[m - 1] = t;
            }
        for (int o = 0; o < is->option_count; o++)
            textf(d, "%s%s %.2f", o ? "; " : "", option_label(&is->options[by[o]]),
                  a->value[k][by[o]]);
        cell_end(d);
        cell(d, or_empty(a->position_source[k]));
        row_end(d);
    }
    table_end(d);
    if (n < scn->issue_count) {
        para_begin(d);
        text(d, "You have no stated interest in: ");
        bool first = true;
        for (int k = 0; k < scn->issue_count; k++)
            if (!(a->salience[k] > 0)) {
                text(d, first ? "" : ", ");
                text(d, issue_label(&scn->issues[k]));
                first = false;
            }
        text(d, ". You can trade them away.");
        para_end(d);
    }
}

static void red_lines(doc *d, const model_scenario *scn, int actor)
{
    const model_actor *a = &scn->actors[actor];
    heading(d, 2, "Your red lines");
    if (a->redline_count == 0) {
        para_begin(d);
        text(d, "You have declared no red lines: everything is negotiable, as long as the "
                "package is worth more to you than no deal.");
        para_end(d);
        return;
    }
    para_begin(d);
    text(d, "You will not sign a package that crosses any of these, however good the rest is.");
    para_end(d);
    list_begin(d);
    for (int r = 0; r < a->redline_count; r++) {
        const model_redline *rl = &a->redlines[r];
        item_begin(d);
        strong(d, rl->label ? rl->label : rl->id);
        char words[512];
        redline_describe(scn, rl->node, words, sizeof words);
        textf(d, " (that is: %s).", words);
        if (rl->dormant)
            text(d, " Not in force when the talks open: events may put it in force.");
        source(d, rl->source);
        item_end(d);
    }
    list_end(d);
}

static void alternative(doc *d, const model_scenario *scn, int actor)
{
    const model_actor *a = &scn->actors[actor];
    heading(d, 2, "Your alternative to a deal");
    model_package sq;
    memset(&sq, 0, sizeof sq);
    for (int k = 0; k < scn->issue_count; k++)
        sq.opt[k] = (uint8_t)scn->issues[k].default_option;
    double r = a->reservation, now = model_utility(scn, actor, &sq);
    para_begin(d);
    if (r <= 0) {
        text(d, "No deal leaves you with nothing: you have no declared alternative, so any "
                "package that respects your red lines is better for you than none.");
    } else {
        textf(d, "If there is no deal, you are left with your alternative, worth %.2f to you on "
                 "a scale from 0 (nothing you want) to 1 (everything you want). Do not sign a "
                 "package worth less to you than that: walking away would be better. ", r);
        if (r < 0.25)
            text(d, "That is a weak alternative: no deal hurts you, so you need an agreement "
                    "more than most.");
        else if (r < 0.5)
            text(d, "That is a middling alternative: you need a deal, but not at any price.");
        else
            text(d, "That is a strong alternative: you can afford to walk away from a poor "
                    "deal, and the others know it.");
    }
    para_end(d);
    para_begin(d);
    textf(d, "For comparison, the status quo (every issue left as it stands today) is worth "
             "%.2f to you, and the best package you could imagine %.2f.",
          now, model_best_utility(scn, actor));
    para_end(d);
}

static bool tactic_declared(const model_scenario *scn, int actor)
{
    const model_actor *a = &scn->actors[actor];
    const model_tactic *t = &a->tactic;
    if (t->kind != TACTIC_TIME || t->beta != 1 || t->kappa > 0 || t->deadline > 0 ||
        t->patience < 1 || t->susceptibility > 0 || a->strategy_ref)
        return true;
    for (int j = 0; j < scn->actor_count; j++)
        if (a->listens[j] > 0)
            return true;
    return false;
}

static void tactic(doc *d, const model_scenario *scn, int actor)
{
    if (!tactic_declared(scn, actor))
        return;
    const model_actor *a = &scn->actors[actor];
    const model_tactic *t = &a->tactic;
    heading(d, 2, "How you negotiate");
    list_begin(d);
    item_begin(d);
    if (t->kind == TACTIC_SUBGAME_PERFECT)
        textf(d, "You bargain by the book (Rubinstein's alternating offers): you ask for what "
                 "your patience can win (each round is worth %.0f%% of the one before).",
              100 * t->patience);
    else if (t->beta < 0.95)
        text(d, "You hold out (a \"Boulware\" negotiator): you concede little until the deadline "
                "comes close.");
    else if (t->beta > 1.05)
        text(d, "You concede early (a \"Conceder\"): you move towards your bottom line quickly, "
                "keen to show a result.");
    else
        text(d, "You concede steadily, a little every round, from your best towards your "
                "bottom line.");
    item_end(d);
    if (t->kind == TACTIC_TIME && t->kappa > 0) {
        item_begin(d);
        textf(d, "You open %.0f%% of the way from your best towards your bottom line.",
              100 * t->kappa);
        item_end(d);
    }
    if (t->deadline > 0) {
        item_begin(d);
        textf(d, "Your own deadline: by round %d you want this settled.", t->deadline);
        item_end(d);
    }
    if (t->kind == TACTIC_TIME && t->patience < 1) {
        item_begin(d);
        textf(d, "Time costs you: a deal one round later is worth only %.0f%% as much.",
              100 * t->patience);
        item_end(d);
    }
    if (a->strategy_ref) {
        item_begin(d);
        text(d, "In the simulation your moves follow a strategy written for this scenario.");
        item_end(d);
    }
    int order[MODEL_MAX_ACTORS], n = 0;
    for (int j = 0; j < scn->actor_count; j++)
        if (a->listens[j] > 0)
            order[n++] = j;
    for (int i = 1; i < n; i++)
        for (int m = i; m > 0 && a->listens[order[m]] > a->listens[order[m - 1]]; m--) {
            int x = order[m];
            order[m] = order[m - 1];
            order[m - 1] = x;
        }
    if (t->susceptibility > 0 || n > 0) {
        item_begin(d);
        if (t->susceptibility > 0)
            textf(d, "You take your cue from others: about %.0f%% of how far you are willing to "
                     "move follows how far they move. ",
                  100 * t->susceptibility);
        if (n > 0) {
            text(d, "You listen most to: ");
            for (int i = 0; i < n; i++) {
                char name[256];
                actor_name(&scn->actors[order[i]], name, sizeof name);
                textf(d, "%s%s (weight %g)", i ? ", " : "", name, a->listens[order[i]]);
            }
            text(d, ".");
        }
        item_end(d);
    }
    list_end(d);
}

static void others(doc *d, const model_scenario *scn, int actor)
{
    heading(d, 2, "What the others have said");
    para_begin(d);
    text(d, "What each of the other states has said in public: the lines it says it will not "
            "cross, and the issues it cares most about. What they would settle for if it came "
            "to it, they have not told you.");
    para_end(d);
    for (int j = 0; j < scn->actor_count; j++) {
        if (j == actor)
            continue;
        const model_actor *o = &scn->actors[j];
        char name[256];
        actor_name(o, name, sizeof name);
        raw(d, "<div class=\"box\">\n", "");
        heading(d, 3, name);
        list_begin(d);
        int stated = 0;
        for (int r = 0; r < o->redline_count; r++) {
            if (o->redlines[r].dormant)
                continue; /* not (yet) a line it has drawn */
            item_begin(d);
            text(d, "Red line: ");
            strong(d, o->redlines[r].label ? o->redlines[r].label : o->redlines[r].id);
            source(d, o->redlines[r].source);
            item_end(d);
            stated++;
        }
        if (stated == 0) {
            item_begin(d);
            text(d, "No red lines stated.");
            item_end(d);
        }
        int order[MODEL_MAX_ISSUES];
        int n = issues_by_care(scn, j, order);
        for (int i = 0; i < n && i < 3; i++) {
            int k = order[i];
            item_begin(d);
            textf(d, "Cares %s about %s: wants ", care_words(o, k, scn->issue_count),
                  issue_label(&scn->issues[k]));
            raw(d, "<strong>", "**");
            preferred(d, scn, j, k);
            raw(d, "</strong>", "**");
            text(d, ".");
            source(d, o->position_source[k]);
            item_end(d);
        }
        list_end(d);
        raw(d, "</div>\n", "");
    }
}

static void rule(doc *d, const model_scenario *scn)
{
    const model_rule *ru = &scn->rule;
    heading(d, 2, "Who must sign");
    model_set all = scn->actor_count >= 64 ? ~0ull : ((1ull << scn->actor_count) - 1);
    list_begin(d);
    if ((ru->parties & all) != all) {
        item_begin(d);
        text(d, "Only these may sign at all: ");
        actor_list(d, scn, ru->parties);
        text(d, ".");
        item_end(d);
    }
    if (ru->required && (ru->required & ru->parties) == (ru->parties & all)) {
        item_begin(d);
        text(d, "Every party must sign: one refusal and there is no deal.");
        item_end(d);
    } else if (ru->required) {
        item_begin(d);
        text(d, "Must always sign: ");
        actor_list(d, scn, ru->required);
        text(d, ".");
        item_end(d);
    }
    if (ru->min_guarantors > 0 || ru->min_guarantor_share > 0) {
        item_begin(d);
        if (ru->min_guarantors > 0)
            textf(d, "At least %d of these must sign (the rule calls them guarantors)",
                  ru->min_guarantors);
        else
            text(d, "Enough of these must sign (the rule calls them guarantors)");
        if (ru->min_guarantor_share > 0)
            textf(d, ", together holding at least %.0f%% of their combined capability",
                  100 * ru->min_guarantor_share);
        text(d, ": ");
        actor_list(d, scn, ru->guarantors);
        text(d, ".");
        item_end(d);
    }
    for (int c = 0; c < ru->condition_count; c++) {
        const model_condition *co = &ru->conditions[c];
        char words[512];
        redline_describe(scn, co->node, words, sizeof words);
        item_begin(d);
        textf(d, "If the package says %s, then ", words);
        actor_list(d, scn, co->actors);
        text(d, model_set_count(co->actors) == 1 ? " must sign" : " must sign too");
        if (co->label && *co->label) {
            text(d, " (");
            text(d, co->label);
            text(d, ")");
        }
        text(d, ".");
        item_end(d);
    }
    bool owners = false;
    for (int k = 0; k < scn->issue_count; k++)
        owners = owners || scn->issues[k].owner >= 0;
    if (owners) {
        item_begin(d);
        text(d, "A state's own contribution (marked below) is in the deal only if that state "
                "signs it: whoever contributes something to a package must sign it.");
        item_end(d);
    }
    list_end(d);
}

static void issues(doc *d, const model_scenario *scn)
{
    heading(d, 2, "The issues on the table");
    static const char *const cols[] = {"Issue", "Options (today's in bold)", "Contribution of"};
    table_begin(d, 3, cols);
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        row_begin(d);
        cell(d, issue_label(is));
        cell_begin(d);
        for (int o = 0; o < is->option_count; o++) {
            text(d, o ? "; " : "");
            if (o == is->default_option)
                strong(d, option_label(&is->options[o]));
            else
                text(d, option_label(&is->options[o]));
        }
        cell_end(d);
        cell_begin(d);
        if (is->owner >= 0) {
            char name[256];
            actor_name(&scn->actors[is->owner], name, sizeof name);
            text(d, name);
        }
        cell_end(d);
        row_end(d);
    }
    table_end(d);
}

char *brief_render(const model_scenario *scn, int actor, brief_format fmt)
{
    doc d = {.fmt = fmt};
    head(&d, scn, actor);
    situation(&d, scn, actor);
    goals(&d, scn, actor);
    red_lines(&d, scn, actor);
    alternative(&d, scn, actor);
    tactic(&d, scn, actor);
    others(&d, scn, actor);
    rule(&d, scn);
    issues(&d, scn);
    raw(&d, "<footer>", "\n---\n\n");
    textf(&d, "entente role brief: scenario %s, variant %s, actor %s.", scn->id,
          scn->variant ? scn->variant : "baseline", scn->actors[actor].id);
    raw(&d, "</footer>\n</body>\n</html>\n", "\n");
    return brief_buf_take(&d.b);
}

ent_status brief_write(const char *path, const model_scenario *scn, int actor, brief_format fmt,
                       ent_error *err)
{
    char *text = brief_render(scn, actor, fmt);
    if (!text)
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    ent_status st = afile_write(path, text, strlen(text), err);
    free(text);
    return st;
}

/* ---- the verb ------------------------------------------------------------------------------ */

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "entente: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\nTry 'entente --help'.\n");
    return CLI_EXIT_USAGE;
}

typedef struct {
    const char *file, *actor, *variant, *out;
    bool all, md;
} brief_args;

static int parse(int argc, char **argv, brief_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i];
        bool takes = strcmp(opt, "--actor") == 0 || strcmp(opt, "--variant") == 0 ||
                     strcmp(opt, "--out") == 0;
        if (takes && i + 1 >= argc)
            return usage("%s needs a value", opt);
        const char *val = takes ? argv[++i] : NULL;
        if (strcmp(opt, "--actor") == 0)
            a->actor = val;
        else if (strcmp(opt, "--variant") == 0)
            a->variant = val;
        else if (strcmp(opt, "--out") == 0)
            a->out = val;
        else if (strcmp(opt, "--all") == 0)
            a->all = true;
        else if (strcmp(opt, "--md") == 0)
            a->md = true;
        else if (opt[0] == '-' && opt[1])
            return usage("brief: unknown option '%s'", opt);
        else if (!a->file)
            a->file = opt;
        else
            return usage("brief: one scenario at a time (extra argument '%s')", opt);
    }
    if (!a->file)
        return usage("%s", "brief needs a scenario file");
    if (!a->actor && !a->all)
        return usage("%s", "brief needs --actor ID (one state) or --all (every state)");
    if (a->actor && a->all)
        return usage("%s", "brief: --actor and --all do not go together");
    if (!a->out)
        return usage("%s", a->all ? "brief --all needs --out DIR (a directory)"
                                  : "brief needs --out PATH");
    return CLI_EXIT_OK;
}

/* DIR/brief-ID.html; characters that do not belong in a file name become '_'. */
static void brief_path(char *buf, size_t size, const char *dir, const char *id, bool md)
{
    char safe[MODEL_ID_MAX];
    size_t n = 0;
    for (; id[n] && n + 1 < sizeof safe; n++) {
        char c = id[n];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        safe[n] = ok ? c : '_';
    }
    safe[n] = '\0';
    snprintf(buf, size, "%s/brief-%s.%s", dir, safe, md ? "md" : "html");
}

int cmd_brief(int argc, char **argv)
{
    brief_args a = {0};
    int rc = parse(argc, argv, &a);
    if (rc != CLI_EXIT_OK)
        return rc;
    ent_error err = {0};
    model_scenario *scn = NULL;
    ent_status st = lx_scenario_load(a.file, a.variant, NULL, &scn, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return st == ENT_ERR_IO ? CLI_EXIT_IO : st == ENT_ERR_USAGE ? CLI_EXIT_USAGE
                                                                     : CLI_EXIT_SCENARIO;
    }
    brief_format fmt = a.md ? BRIEF_MARKDOWN : BRIEF_HTML;
    if (!a.all) {
        int actor = model_find_actor(scn, a.actor);
        if (actor < 0) {
            const char *ids[MODEL_MAX_ACTORS];
            char list[MODEL_MAX_ACTORS * (MODEL_ID_MAX + 2)] = "", hint[96];
            for (int i = 0; i < scn->actor_count; i++) {
                ids[i] = scn->actors[i].id;
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                         ids[i]);
            }
            lx_suggest(a.actor, ids, scn->actor_count, hint, sizeof hint);
            fprintf(stderr, "entente: %s: no actor '%s'%s (actors: %s)\nTry 'entente --help'.\n",
                    a.file, a.actor, hint, list);
            model_free(scn);
            return CLI_EXIT_USAGE;
        }
        st = brief_write(a.out, scn, actor, fmt, &err);
    } else {
        struct stat sb;
        if (stat(a.out, &sb) != 0) {
            if (mkdir(a.out, 0777) != 0) {
                st = ent_fail(&err, ENT_ERR_IO, "%s: cannot create the directory: %s", a.out,
                              strerror(errno));
            }
        } else if (!S_ISDIR(sb.st_mode)) {
            st = ent_fail(&err, ENT_ERR_IO, "%s: not a directory (--all writes one brief per "
                          "actor into a directory)", a.out);
        }
        for (int i = 0; i < scn->actor_count && st == ENT_OK; i++) {
            char path[4096];
            brief_path(path, sizeof path, a.out, scn->actors[i].id, a.md);
            st = brief_write(path, scn, i, fmt, &err);
        }
    }
    model_free(scn);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}
