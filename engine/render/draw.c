/* draw.c: one frame of the viewer from a scene: title, the ring of actors (or the deal-space
   map), the table of issues, the selected actor, this round's messages, the outcome banner, the
   legend and the timeline. Meaning never rests on colour alone: every colour has a shape or a
   word beside it. */
#include "draw_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PI_F 3.14159265f

/* ============================================================================================
   Palette: dark ink on light paper; Okabe-Ito for kinds, a viridis-like scale for amounts
   ============================================================================================ */

enum {
    PAPER = 0xF4F4EF,
    PANEL = 0xFFFFFF,
    INK = 0x111111,
    MUTED = 0x3C3C3C,
    RULE = 0x8A8A8A,
    TRACK = 0xCFCFCF,
    STRIPE = 0xECECEC,
    CHANGED = 0xFFEDB8,
    SHOWN = 0xD9D9D9,
    BAR = 0x4D4D4D,
};

uint32_t draw_banner_colour(scene_banner_kind kind)
{
    switch (kind) {
    case SCENE_BANNER_AGREEMENT: return 0x009E73; /* bluish green */
    case SCENE_BANNER_COALITION: return 0x0072B2; /* blue */
    case SCENE_BANNER_BREAKDOWN: return 0xD55E00; /* vermillion */
    case SCENE_BANNER_NONE: break;
    }
    return PAPER;
}

static const char *banner_word(scene_banner_kind kind)
{
    switch (kind) {
    case SCENE_BANNER_AGREEMENT: return "AGREEMENT";
    case SCENE_BANNER_COALITION: return "COALITION";
    case SCENE_BANNER_BREAKDOWN: return "BREAKDOWN";
    case SCENE_BANNER_NONE: break;
    }
    return "";
}

static uint32_t mix(uint32_t a, uint32_t b, float t)
{
    uint32_t out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        float x = (float)((a >> shift) & 0xFF), y = (float)((b >> shift) & 0xFF);
        out |= (uint32_t)lroundf(x + (y - x) * t) << shift;
    }
    return out;
}

uint32_t draw_acceptance_colour(int accepting, int needed)
{
    static const uint32_t stops[5] = {0x440154, 0x3B528B, 0x21908C, 0x5DC863, 0xFDE725};
    float t = needed > 0 ? (float)accepting / (float)needed : 1.0f;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    float at = t * 4;
    int i = (int)at;
    if (i >= 4)
        return stops[4];
    return mix(stops[i], stops[i + 1], at - (float)i);
}

/* ============================================================================================
   Small helpers
   ============================================================================================ */

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int U(const draw_ctx *c, float v)
{
    return (int)lroundf(v * c->u);
}

static draw_rect rect(int x, int y, int w, int h)
{
    return (draw_rect){x, y, w > 0 ? w : 0, h > 0 ? h : 0};
}

static bool empty(const draw_rect *r)
{
    return r->w <= 0 || r->h <= 0;
}

/* Callers never clip to an empty rectangle: SDL takes that for "no clipping". */
static void clip(draw_ctx *c, const draw_rect *r)
{
    SDL_Rect k = {r->x, r->y, r->w > 0 ? r->w : 0, r->h > 0 ? r->h : 0};
    SDL_RenderSetClipRect(c->r, &k);
}

static void unclip(draw_ctx *c)
{
    SDL_RenderSetClipRect(c->r, NULL);
}

static void panel(draw_ctx *c, const draw_rect *r)
{
    draw_fill(c, (float)r->x, (float)r->y, (float)r->w, (float)r->h, PANEL, 255);
    draw_frame(c, (float)r->x, (float)r->y, (float)r->w, (float)r->h, 1, RULE);
}

/* A coordinate in (or near) its unit square. */
static bool sane(float v)
{
    return isfinite(v) && v > -4.0f && v < 5.0f;
}

static int node_count(const scene *s)
{
    return clampi(s->node_count, 0, MODEL_MAX_ACTORS);
}

static const char *stance_word(scene_stance st)
{
    switch (st) {
    case SCENE_STANCE_ACCEPTS: return "accepts";
    case SCENE_STANCE_OBJECTS: return "objects";
    case SCENE_STANCE_WALKED: return "walked out";
    case SCENE_STANCE_ABSENT: return "not a party";
    case SCENE_STANCE_NONE: break;
    }
    return "";
}

/* The stance's mark in a white badge with a dark edge (nothing for NONE and ABSENT). */
static void stance_badge(draw_ctx *c, float x, float y, float radius, scene_stance st)
{
    if (st != SCENE_STANCE_ACCEPTS && st != SCENE_STANCE_OBJECTS && st != SCENE_STANCE_WALKED)
        return;
    float edge = fmaxf(1.5f, radius * 0.16f);
    draw_disc(c, x, y, radius, INK, 255);
    draw_disc(c, x, y, radius - edge, PANEL, 255);
    float size = radius * 1.5f;
    if (st == SCENE_STANCE_ACCEPTS)
        draw_mark_check(c, x, y, size, INK);
    else if (st == SCENE_STANCE_OBJECTS)
        draw_mark_cross(c, x, y, size, INK);
    else
        draw_mark_walk(c, x, y, size, INK);
}

static int rounds_shown(const scene *s)
{
    int n = clampi(s->tick_count, 0, SCENE_MAX_ROUNDS);
    n = s->rounds > n ? s->rounds : n;
    n = s->deadline > n ? s->deadline : n;
    n = s->round > n ? s->round : n;
    return clampi(n, 1, SCENE_MAX_ROUNDS);
}

/* ============================================================================================
   Layout
   ============================================================================================ */

static int table_row_height(const draw_ctx *c)
{
    return c->line[DRAW_BODY] + U(c, 4);
}

static bool has_banner(const scene *s)
{
    return s->banner == SCENE_BANNER_AGREEMENT || s->banner == SCENE_BANNER_COALITION ||
           s->banner == SCENE_BANNER_BREAKDOWN;
}

static int banner_badge_width(draw_ctx *c)
{
    return c->line[DRAW_LARGE] + U(c, 22) + draw_text_width(c, DRAW_SMALL_BOLD, "BREAKDOWN");
}

/* The width of the banner's text beside its badge, in a banner w wide. */
static int banner_text_width(draw_ctx *c, int w)
{
    return w - banner_badge_width(c) - 2 * U(c, 8);
}

/* The banner's height for a column `w` wide, at most `most` tall. */
static int banner_height(draw_ctx *c, const scene *s, int w, int most)
{
    int pad = U(c, 8);
    int tw = banner_text_width(c, w);
    draw_span spans[64];
    int lines = tw > 0 ? draw_wrap(c, DRAW_BODY, s->banner_text, tw, spans, 64) : 0;
    int room = (most - 2 * pad - c->line[DRAW_LARGE]) / c->line[DRAW_BODY];
    lines = clampi(lines, 0, clampi(room, 0, 64));
    int h = 2 * pad + c->line[DRAW_LARGE] + lines * c->line[DRAW_BODY];
    int badge = 2 * pad + c->line[DRAW_LARGE] + c->line[DRAW_SMALL];
    return h > badge ? h : badge;
}

/* The help box: its size follows its lines (key column, description column). */
static draw_rect help_box(draw_ctx *c, const draw_options *o, int W, int H, int *key_w)
{
    static const char *const none[] = {"No shortcuts listed.", NULL};
    const char *const *lines = o->help_lines ? o->help_lines : none;
    int count = 0, desc_w = 0;
    *key_w = 0;
    for (; lines[count] && count < 60; count++) {
        const char *tab = strchr(lines[count], '\t');
        if (tab) {
            char key[64];
            int len = (int)(tab - lines[count]);
            snprintf(key, sizeof key, "%.*s", len < 63 ? len : 63, lines[count]);
            int kw = draw_text_width(c, DRAW_BOLD, key);
            *key_w = kw > *key_w ? kw : *key_w;
        }
        int dw = draw_text_width(c, DRAW_BODY, tab ? tab + 1 : lines[count]);
        desc_w = dw > desc_w ? dw : desc_w;
    }
    int pad = U(c, 16), gap = *key_w > 0 ? U(c, 20) : 0;
    int w = 2 * pad + *key_w + gap + desc_w;
    int title_w = draw_text_width(c, DRAW_LARGE, "Keyboard shortcuts") + 2 * pad;
    w = w > title_w ? w : title_w;
    w = w < W - 2 * U(c, 20) ? w : W - 2 * U(c, 20);
    int h = 2 * pad + c->line[DRAW_LARGE] + U(c, 6) + count * c->line[DRAW_BODY];
    h = h < H - 2 * U(c, 20) ? h : H - 2 * U(c, 20);
    return rect((W - w) / 2, (H - h) / 2, w, h);
}

static void layout(draw_ctx *c, const scene *s, int W, int H, const draw_options *o,
                   draw_layout *L)
{
    memset(L, 0, sizeof *L);
    if (W <= 0 || H <= 0)
        return;
    /* The square of the ring (or the map): fixed fractions of the window, so that a click can
       be placed knowing only the window's size. */
    float top = (float)H * 0.08f, bottom = (float)H * 0.14f;
    float side = fminf((float)H - top - bottom, (float)W * 0.55f);
    float x0 = (float)W * 0.01f;
    draw_rect square = rect((int)lroundf(x0), (int)lroundf(top), (int)lroundf(side),
                            (int)lroundf(side));
    if (o->map)
        L->map = square;
    else
        L->ring = square;
    int margin = square.x, gap = U(c, 12), pad = U(c, 4);
    int band = (int)lroundf((float)H - bottom);
    L->title = rect(margin, 0, W - 2 * margin, square.y);
    L->legend = rect(margin, band + pad, W - 2 * margin, c->line[DRAW_SMALL]);
    int ty = L->legend.y + L->legend.h + pad;
    L->timeline = rect(margin, ty, W - 2 * margin, H - pad - ty);
    /* The rounds' axis, like the square, from the window's size alone: clicks need no fonts.
       It spans the whole bottom band in height (legend line included). */
    int ax = margin + (int)lroundf((float)W * 0.075f);
    L->axis = rect(ax, band, W - margin - (int)lroundf((float)W * 0.008f) - ax, H - band);
    L->axis_rounds = rounds_shown(s);
    if (o->help) {
        int key_w;
        L->help = help_box(c, o, W, H, &key_w);
    }

    /* The right-hand column: the table on top; the banner at the bottom; between them the
       selected actor and the round's messages. */
    int cx = square.x + square.w + gap, cy = square.y;
    int cw = W - margin - cx, bottom_y = band - gap / 2;
    if (cw <= 0 || bottom_y <= cy)
        return;
    int col_h = bottom_y - cy;
    if (has_banner(s)) {
        int bh = banner_height(c, s, cw, col_h * 2 / 5);
        bh = bh < col_h ? bh : col_h;
        L->banner = rect(cx, bottom_y - bh, cw, bh);
        bottom_y = L->banner.y - gap;
    }
    int rows = clampi(s->row_count, 0, MODEL_MAX_ISSUES);
    int row_h = table_row_height(c);
    int want = 2 * pad + c->line[DRAW_SMALL_BOLD] + U(c, 4) + (rows > 0 ? rows : 1) * row_h +
               c->line[DRAW_SMALL] + U(c, 6);
    bool sel = s->selected >= 0 && s->selected < node_count(s);
    /* Below the table: the selected actor needs room for its bars and its reason; the
       messages alone, a few lines. The table takes the rest. */
    int lower = (sel ? 9 : s->message_count > 0 ? 4 : 3) * c->line[DRAW_BODY];
    int avail = bottom_y - cy;
    int th = want < avail - lower - gap ? want : avail - lower - gap;
    int least = 2 * pad + c->line[DRAW_SMALL_BOLD] + 2 * row_h;
    th = th > least ? th : (least < avail ? least : avail);
    L->table = rect(cx, cy, cw, th);
    int ly = cy + th + gap;
    if (bottom_y - ly < c->line[DRAW_BODY] * 2)
        return;
    if (sel) {
        int pw = cw * 11 / 20;
        L->panel = rect(cx, ly, pw, bottom_y - ly);
        L->messages = rect(cx + pw + gap, ly, cw - pw - gap, bottom_y - ly);
    } else {
        L->messages = rect(cx, ly, cw, bottom_y - ly);
    }
}

void draw_layout_of(draw_fonts *f, const scene *s, int width, int height,
                    const draw_options *o, draw_layout *out)
{
    draw_options defaults = {.text_scale = 1, .hover_point = -1};
    draw_ctx c;
    draw_ctx_init(&c, NULL, f, width, height, o ? o : &defaults);
    layout(&c, s, width, height, o ? o : &defaults, out);
}

int draw_issue_at(draw_fonts *f, const scene *s, int width, int height, const draw_options *o,
                  int px, int py)
{
    draw_options defaults = {.text_scale = 1, .hover_point = -1};
    draw_ctx c;
    draw_layout l;
    draw_ctx_init(&c, NULL, f, width, height, o ? o : &defaults);
    layout(&c, s, width, height, o ? o : &defaults, &l);
    const draw_rect *R = &l.table;
    if (empty(R) || px < R->x || px >= R->x + R->w || py < R->y || py >= R->y + R->h)
        return -1;
    /* The rows start where draw_table puts them: below the header line and its rule. */
    int y = R->y + U(&c, 4) + c.line[DRAW_SMALL_BOLD] + U(&c, 2) + U(&c, 2);
    int row_h = table_row_height(&c);
    if (py < y || row_h <= 0)
        return -1;
    int i = (py - y) / row_h;
    return i < s->row_count ? i : -1;
}

bool draw_to_unit(const draw_rect *area, int px, int py, float *x, float *y)
{
    if (!area || area->w <= 0 || area->h <= 0)
        return false;
    *x = ((float)px - (float)area->x) / (float)area->w;
    *y = ((float)py - (float)area->y) / (float)area->h;
    return *x >= 0 && *x <= 1 && *y >= 0 && *y <= 1;
}

int draw_round_at(const draw_layout *l, const scene *s, int px, int py)
{
    const draw_rect *a = &l->axis;
    if (a->w <= 0 || l->axis_rounds <= 0 || px < a->x || px >= a->x + a->w || py < a->y ||
        py >= a->y + a->h)
        return -1;
    int k = (int)((float)(px - a->x) * (float)l->axis_rounds / (float)a->w) + 1;
    int last = s->rounds > s->tick_count ? s->rounds : s->tick_count;
    return k >= 1 && k <= last ? k : -1;
}

/* ============================================================================================
   Title
   ============================================================================================ */

static void draw_title(draw_ctx *c, const scene *s, const draw_rect *R)
{
    if (empty(R))
        return;
    clip(c, R);
    int y = U(c, 4);
    char variant[MODEL_ID_MAX + 16] = "";
    if (s->variant[0])
        snprintf(variant, sizeof variant, "variant: %s", s->variant);
    int vw = draw_text_width(c, DRAW_BODY, variant);
    int title_w = R->w - (vw > 0 ? vw + U(c, 16) : 0);
    const char *title = s->title[0] ? s->title : "entente";
    draw_text(c, DRAW_TITLE, INK, R->x, y, title_w, DRAW_LEFT, title);
    if (vw > 0)
        draw_text(c, DRAW_BODY, MUTED, R->x + R->w, y + (c->height[DRAW_TITLE] -
                  c->height[DRAW_BODY]) / 2, R->w / 3, DRAW_RIGHT, variant);
    draw_text(c, DRAW_BODY, INK, R->x, y + c->line[DRAW_TITLE], R->w, DRAW_LEFT, s->status);
    unclip(c);
}

/* ============================================================================================
   The ring of actors
   ============================================================================================ */

typedef struct {
    float x, y, r;
    bool ok;
} node_px;

static void place_nodes(const scene *s, const draw_rect *R, node_px *out)
{
    for (int i = 0; i < node_count(s); i++) {
        const scene_node *n = &s->nodes[i];
        /* Far outside its square a node is a layout bug: skip it rather than overflow. */
        out[i].ok = sane(n->x) && sane(n->y) && sane(n->radius);
        out[i].x = (float)R->x + n->x * (float)R->w;
        out[i].y = (float)R->y + n->y * (float)R->h;
        float r = out[i].ok ? n->radius * (float)R->w : 0;
        out[i].r = r < 4 ? 4 : r > (float)R->w / 2 ? (float)R->w / 2 : r;
    }
}

static void draw_edges(draw_ctx *c, const scene *s, const node_px *np)
{
    int n = node_count(s);
    float ring = (float)U(c, 8); /* the willingness arc around each node */
    for (int e = 0; e < clampi(s->edge_count, 0, SCENE_MAX_EDGES); e++) {
        const scene_edge *edge = &s->edges[e];
        if (edge->from < 0 || edge->from >= n || edge->to < 0 || edge->to >= n ||
            edge->from == edge->to || !np[edge->from].ok || !np[edge->to].ok)
            continue;
        float w = isfinite(edge->weight) ? fminf(fmaxf(edge->weight, 0), 1) : 0;
        const node_px *a = &np[edge->from], *b = &np[edge->to];
        float dx = b->x - a->x, dy = b->y - a->y, len = sqrtf(dx * dx + dy * dy);
        if (len < a->r + b->r + 2 * ring)
            continue;
        float ux = dx / len, uy = dy / len;
        /* Each direction keeps to its own side, so a pair of edges reads as two lines. */
        float off = (float)U(c, 3), ox = -uy * off, oy = ux * off;
        float x0 = a->x + ux * (a->r + ring) + ox, y0 = a->y + uy * (a->r + ring) + oy;
        float x1 = b->x - ux * (b->r + ring) + ox, y1 = b->y - uy * (b->r + ring) + oy;
        /* Heavier (thicker, darker) for more weight; opaque, so crossings stay clean. */
        float thick = 1.0f + 4.0f * c->u * w;
        uint32_t ink = mix(0xA8A8A8, 0x2A2A2A, w);
        float head = (float)U(c, 7) + 2 * thick;
        draw_line(c, x0, y0, x1 - ux * head * 0.8f, y1 - uy * head * 0.8f, thick, ink, 255);
        float tri[6] = {x1, y1, x1 - ux * head - uy * head * 0.45f,
                        y1 - uy * head + ux * head * 0.45f, x1 - ux * head + uy * head * 0.45f,
                        y1 - uy * head - ux * head * 0.45f};
        draw_poly(c, tri, 3, ink, 255);
    }
}

static void draw_node(draw_ctx *c, const scene *s, int i, const node_px *p)
{
    const scene_node *n = &s->nodes[i];
    float u = c->u, r = p->r;
    bool absent = n->stance == SCENE_STANCE_ABSENT;
    uint32_t fill = absent ? mix(n->colour & 0xFFFFFF, PANEL, 0.65f) : n->colour & 0xFFFFFF;
    uint32_t edge = absent ? 0x6A6A6A : INK;
    bool selected = i == s->selected || n->selected;
    if (selected) /* a thick halo outside the willingness arc */
        draw_arc(c, p->x, p->y, r + 9 * u, r + 15 * u, 0, 2 * PI_F, INK, 255);
    /* Willingness: how much of the way to its reservation, as an arc from the top. */
    float w = isfinite(n->willingness) ? fminf(fmaxf((float)n->willingness, 0), 1) : 0;
    float turn = -PI_F / 2 + 2 * PI_F * w;
    if (w > 0) /* the part done, dark; the rest, a light track */
        draw_arc(c, p->x, p->y, r + 3 * u, r + 7 * u, -PI_F / 2, turn, 0x222222, 255);
    if (w < 1)
        draw_arc(c, p->x, p->y, r + 3 * u, r + 7 * u, w > 0 ? turn : 0,
                 w > 0 ? 3 * PI_F / 2 : 2 * PI_F, TRACK, 255);
    float t = fmaxf(1.5f, 2 * u);
    draw_arc(c, p->x, p->y, r - t, r, 0, 2 * PI_F, edge, 255);
    draw_disc(c, p->x, p->y, r - t, fill, 255);
    if (n->required && r > 4 * t) /* a second outline: its signature is needed */
        draw_arc(c, p->x, p->y, r - 2.6f * t, r - 1.8f * t, 0, 2 * PI_F, edge, 255);
    /* The id, inside when it fits. */
    int idw = draw_text_width(c, DRAW_BOLD, n->id);
    int below = (int)(p->y + r + (selected ? 16 : 9) * u);
    if ((float)idw <= 2 * r - 6 * u) {
        draw_text(c, DRAW_BOLD, draw_ink_on(fill), (int)lroundf(p->x),
                  (int)lroundf(p->y) - c->height[DRAW_BOLD] / 2, 0, DRAW_CENTRE, n->id);
    } else {
        draw_text(c, DRAW_BOLD, INK, (int)lroundf(p->x), below, 0, DRAW_CENTRE, n->id);
        below += c->line[DRAW_BOLD];
    }
    float b = fminf(fmaxf(7 * u, r * 0.38f), 13 * u);
    stance_badge(c, p->x + r * 0.7071f, p->y - r * 0.7071f, b, n->stance);
    /* The stance in words under the node, on a paper backdrop so lines do not cross it. */
    char words[64];
    const char *sw = stance_word(n->stance);
    snprintf(words, sizeof words, "%s%s%s", sw, n->signatory && sw[0] ? " \xC2\xB7 " : "",
             n->signatory ? "signs" : "");
    if (words[0]) {
        int ww = draw_text_width(c, DRAW_SMALL, words), m = U(c, 3);
        draw_fill(c, p->x - (float)(ww / 2 + m), (float)below, (float)(ww + 2 * m),
                  (float)c->height[DRAW_SMALL], PAPER, 225);
        draw_text(c, DRAW_SMALL, INK, (int)lroundf(p->x), below, 0, DRAW_CENTRE, words);
    }
}

/* The ring may spill a little past its square (halos, labels), not onto the panels. */
static void draw_ring(draw_ctx *c, const scene *s, const draw_rect *R, const draw_layout *L)
{
    if (empty(R))
        return;
    int right = L->table.w > 0 ? L->table.x - U(c, 4) : R->x + R->w;
    draw_rect room = rect(0, L->title.y + L->title.h, right, L->legend.y - L->title.y - L->title.h);
    if (empty(&room))
        return;
    clip(c, &room);
    node_px np[MODEL_MAX_ACTORS];
    place_nodes(s, R, np);
    draw_edges(c, s, np);
    for (int i = 0; i < node_count(s); i++)
        if (np[i].ok)
            draw_node(c, s, i, &np[i]);
    unclip(c);
}

/* ============================================================================================
   The table: each issue, the option proposed, and whose red lines it crosses
   ============================================================================================ */

/* One actor's red-line chip: the no-entry mark, a swatch of its colour, its id. */
static int chip(draw_ctx *c, const scene_node *n, int x, int y, int h, int room)
{
    int m = U(c, 3), mark = h - 2 * m, tw = draw_text_width(c, DRAW_SMALL_BOLD, n->id);
    int w = m + mark + m + U(c, 5) + m + tw + m;
    if (w > room)
        return 0;
    draw_fill(c, (float)x, (float)y, (float)w, (float)h, PANEL, 255);
    draw_frame(c, (float)x, (float)y, (float)w, (float)h, 1, INK);
    draw_mark_noentry(c, (float)(x + m + mark / 2), (float)y + (float)h / 2, (float)mark, INK);
    draw_fill(c, (float)(x + 2 * m + mark), (float)(y + m), (float)U(c, 5), (float)(h - 2 * m),
              n->colour & 0xFFFFFF, 255);
    draw_text(c, DRAW_SMALL_BOLD, INK, x + 3 * m + mark + U(c, 5),
              y + (h - c->height[DRAW_SMALL_BOLD]) / 2, 0, DRAW_LEFT, n->id);
    return w;
}

static void draw_table(draw_ctx *c, const scene *s, const draw_rect *R)
{
    if (empty(R))
        return;
    panel(c, R);
    clip(c, R);
    int pad = U(c, 6), x = R->x + pad, y = R->y + U(c, 4), w = R->w - 2 * pad;
    int mark_w = U(c, 16), label_w = (w - mark_w) * 36 / 100, option_w = (w - mark_w) * 30 / 100;
    int ox = x + mark_w + label_w + U(c, 6), cx = ox + option_w + U(c, 6);
    int cross_w = x + w - cx;
    draw_text(c, DRAW_SMALL_BOLD, INK, x + mark_w, y, label_w, DRAW_LEFT, "Issue");
    draw_text(c, DRAW_SMALL_BOLD, INK, ox, y, option_w, DRAW_LEFT, "Proposed");
    draw_text(c, DRAW_SMALL_BOLD, INK, cx, y, cross_w, DRAW_LEFT, "Red line crossed for");
    y += c->line[DRAW_SMALL_BOLD] + U(c, 2);
    draw_fill(c, (float)x, (float)y, (float)w, 1, RULE, 255);
    y += U(c, 2);
    int row_h = table_row_height(c);
    int footer = c->line[DRAW_SMALL] + U(c, 4);
    int rows = clampi(s->row_count, 0, MODEL_MAX_ISSUES), n = node_count(s);
    int fit_rows = (R->y + R->h - footer - y) / row_h;
    bool show_footer = fit_rows >= rows || fit_rows < 1;
    if (!show_footer)
        fit_rows = (R->y + R->h - y) / row_h;
    if (rows == 0)
        draw_text(c, DRAW_BODY, MUTED, x + mark_w, y + U(c, 3), w - mark_w, DRAW_LEFT,
                  "No issues on the table.");
    for (int i = 0; i < rows; i++) {
        const scene_row *row = &s->rows[i];
        if (i >= fit_rows || (i == fit_rows - 1 && i < rows - 1)) {
            char more[48];
            snprintf(more, sizeof more, "\xE2\x80\xA6 and %d more issues", rows - i);
            draw_text(c, DRAW_SMALL, MUTED, x + mark_w, y + U(c, 3), w, DRAW_LEFT, more);
            y += row_h;
            break;
        }
        if (row->changed)
            draw_fill(c, (float)x, (float)y, (float)w, (float)row_h, CHANGED, 255);
        else if (i % 2)
            draw_fill(c, (float)x, (float)y, (float)w, (float)row_h, STRIPE, 255);
        int ty = y + (row_h - c->height[DRAW_BODY]) / 2;
        if (row->changed)
            draw_mark_diamond(c, (float)(x + mark_w / 2), (float)y + (float)row_h / 2,
                              (float)U(c, 10), INK, INK);
        draw_text(c, DRAW_BODY, INK, x + mark_w, ty, label_w, DRAW_LEFT,
                  row->label[0] ? row->label : row->id);
        if (row->option[0])
            draw_text(c, row->changed ? DRAW_BOLD : DRAW_BODY, INK, ox, ty, option_w, DRAW_LEFT,
                      row->option);
        else
            draw_text(c, DRAW_BODY, MUTED, ox, ty, option_w, DRAW_LEFT, "no offer yet");
        int chip_x = cx, chip_h = row_h - U(c, 4), shown = 0, total = 0;
        for (int a = 0; a < n; a++) {
            if (!(row->crosses & ((model_set)1 << a)))
                continue;
            total++;
            int room = cx + cross_w - chip_x - U(c, 34);
            int cw = shown == total - 1 ? chip(c, &s->nodes[a], chip_x, y + U(c, 2), chip_h, room)
                                        : 0;
            if (cw > 0) {
                shown++;
                chip_x += cw + U(c, 4);
            }
        }
        if (total > shown) {
            char more[16];
            snprintf(more, sizeof more, "+%d", total - shown);
            draw_text(c, DRAW_SMALL_BOLD, INK, chip_x, ty, 0, DRAW_LEFT, more);
        }
        y += row_h;
    }
    if (show_footer && rows > 0) {
        int fy = R->y + R->h - footer + U(c, 1), s10 = U(c, 10);
        draw_mark_diamond(c, (float)(x + mark_w / 2), (float)fy + (float)c->height[DRAW_SMALL] / 2,
                          (float)s10, INK, INK);
        int tx = x + mark_w;
        tx += draw_text(c, DRAW_SMALL, MUTED, tx, fy, 0, DRAW_LEFT, "changed since the last round");
        tx += U(c, 18);
        draw_mark_noentry(c, (float)(tx + s10 / 2), (float)fy + (float)c->height[DRAW_SMALL] / 2,
                          (float)s10 * 1.2f, INK);
        draw_text(c, DRAW_SMALL, MUTED, tx + s10 + U(c, 6), fy, x + w - tx - s10 - U(c, 6),
                  DRAW_LEFT, "ID: the proposal crosses that actor's red line");
    }
    unclip(c);
}

/* ============================================================================================
   The selected actor and the round's messages
   ============================================================================================ */

static void bar(draw_ctx *c, int x, int y, int w, int h, double v, uint32_t rgb)
{
    float f = isfinite(v) ? fminf(fmaxf((float)v, 0), 1) : 0;
    draw_fill(c, (float)x, (float)y, (float)w, (float)h, TRACK, 255);
    draw_fill(c, (float)x, (float)y, (float)w * f, (float)h, rgb, 255);
    draw_frame(c, (float)x, (float)y, (float)w, (float)h, 1, INK);
}

static void draw_selected(draw_ctx *c, const scene *s, const draw_rect *R)
{
    if (empty(R) || s->selected < 0 || s->selected >= node_count(s))
        return;
    const scene_node *n = &s->nodes[s->selected];
    panel(c, R);
    clip(c, R);
    int pad = U(c, 8), x = R->x + pad, y = R->y + pad, w = R->w - 2 * pad;
    int sw = c->height[DRAW_LARGE];
    draw_fill(c, (float)x, (float)y, (float)sw, (float)sw, INK, 255);
    draw_fill(c, (float)(x + 2), (float)(y + 2), (float)(sw - 4), (float)(sw - 4),
              n->colour & 0xFFFFFF, 255);
    char head[MODEL_ID_MAX + 80];
    snprintf(head, sizeof head, "%s (%s)", n->name[0] ? n->name : n->id, n->id);
    draw_text(c, DRAW_LARGE, INK, x + sw + U(c, 8), y, w - sw - U(c, 8), DRAW_LEFT, head);
    y += c->line[DRAW_LARGE] + U(c, 2);

    char line[160];
    const char *sw_text = n->stance == SCENE_STANCE_NONE ? "no offer yet" : stance_word(n->stance);
    snprintf(line, sizeof line, "%s%s%s", sw_text, n->required ? " \xC2\xB7 must sign" : "",
             n->signatory ? " \xC2\xB7 signs" : "");
    int bx = x;
    if (n->stance == SCENE_STANCE_ACCEPTS || n->stance == SCENE_STANCE_OBJECTS ||
        n->stance == SCENE_STANCE_WALKED) {
        float b = (float)c->height[DRAW_BODY] * 0.5f;
        stance_badge(c, (float)x + b, (float)y + b, b, n->stance);
        bx += (int)(2 * b) + U(c, 6);
    }
    draw_text(c, DRAW_BODY, INK, bx, y, x + w - bx, DRAW_LEFT, line);
    y += c->line[DRAW_BODY] + U(c, 4);

    int bh = U(c, 8);
    double will = n->willingness;
    snprintf(line, sizeof line, "Willingness %.2f", isfinite(will) ? will : 0.0);
    draw_text(c, DRAW_BODY, INK, x, y, w, DRAW_LEFT, line);
    y += c->line[DRAW_BODY];
    bar(c, x, y, w, bh, will, 0x333333);
    y += bh + U(c, 6);

    double ut = isfinite(n->utility) ? n->utility : 0, asp = isfinite(n->aspiration) ? n->aspiration : 0;
    snprintf(line, sizeof line, "Utility %.2f vs aspiration %.2f (%s)", ut, asp,
             ut + 1e-9 >= asp ? "meets it" : "below it");
    draw_text(c, DRAW_BODY, INK, x, y, w, DRAW_LEFT, line);
    y += c->line[DRAW_BODY];
    bar(c, x, y, w, bh, ut, 0x0072B2);
    float ax = (float)x + (float)w * fminf(fmaxf((float)asp, 0), 1);
    draw_fill(c, ax - (float)U(c, 1.5f), (float)(y - U(c, 4)), (float)U(c, 3),
              (float)(bh + U(c, 8)), INK, 255);
    y += bh + U(c, 8);

    if (n->reason[0]) {
        draw_text(c, DRAW_SMALL_BOLD, INK, x, y, w, DRAW_LEFT, "Its answer");
        y += c->line[DRAW_SMALL_BOLD];
        int lines = (R->y + R->h - pad - y) / c->line[DRAW_BODY];
        draw_text_block(c, DRAW_BODY, INK, x, y, w, lines, n->reason);
    }
    unclip(c);
}

static void draw_messages(draw_ctx *c, const scene *s, const draw_rect *R)
{
    if (empty(R))
        return;
    panel(c, R);
    clip(c, R);
    int pad = U(c, 8), x = R->x + pad, y = R->y + pad, w = R->w - 2 * pad;
    draw_text(c, DRAW_SMALL_BOLD, INK, x, y, w, DRAW_LEFT, "This round");
    y += c->line[DRAW_SMALL_BOLD] + U(c, 2);
    int count = clampi(s->message_count, 0, 8);
    if (count == 0)
        draw_text(c, DRAW_BODY, MUTED, x, y, w, DRAW_LEFT, "No events or messages.");
    for (int i = 0; i < count; i++) {
        int room = (R->y + R->h - pad - y) / c->line[DRAW_BODY];
        if (room <= 0)
            break;
        int bullet = U(c, 12);
        draw_fill(c, (float)x + (float)U(c, 2), (float)y + (float)c->height[DRAW_BODY] / 2 - 2,
                  (float)U(c, 5), (float)U(c, 5), INK, 255);
        y += draw_text_block(c, DRAW_BODY, INK, x + bullet, y, w - bullet, room < 3 ? room : 3,
                             s->messages[i]) + U(c, 3);
    }
    if (s->selected < 0 && y + c->line[DRAW_SMALL] <= R->y + R->h - pad)
        draw_text(c, DRAW_SMALL, MUTED, x, R->y + R->h - pad - c->line[DRAW_SMALL], w, DRAW_LEFT,
                  "Select an actor to see its view.");
    unclip(c);
}

/* The side panel's details (scene.panel): the selected actor's willingness over the rounds as a
   small chart, its positions and red lines with their sources; or every actor's view of the
   selected issue. Drawn where this round's messages go, which the timeline also marks. */
static void draw_details(draw_ctx *c, const scene *s, const draw_rect *R)
{
    const scene_panel *p = &s->panel;
    if (empty(R) || !p->active)
        return;
    panel(c, R);
    clip(c, R);
    int pad = U(c, 8), x = R->x + pad, y = R->y + pad, w = R->w - 2 * pad;
    draw_text(c, DRAW_SMALL_BOLD, INK, x, y, w, DRAW_LEFT, p->heading);
    y += c->line[DRAW_SMALL_BOLD] + U(c, 2);
    if (p->history_count > 1) {
        /* Willingness round by round: a line over a 0..1 band, labelled in words. */
        int ch = c->line[DRAW_BODY] * 2, cw = w;
        draw_fill(c, (float)x, (float)y, (float)cw, (float)ch, STRIPE, 255);
        int n = clampi(p->history_count, 0, SCENE_MAX_ROUNDS);
        for (int i = 1; i < n; i++) {
            float x0 = (float)x + (float)cw * (float)(i - 1) / (float)(n - 1);
            float x1 = (float)x + (float)cw * (float)i / (float)(n - 1);
            float y0 = (float)(y + ch) - (float)ch * fminf(fmaxf(p->history[i - 1], 0), 1);
            float y1 = (float)(y + ch) - (float)ch * fminf(fmaxf(p->history[i], 0), 1);
            draw_line(c, x0, y0, x1, y1, (float)U(c, 2), INK, 255);
        }
        y += ch + U(c, 2);
        draw_text(c, DRAW_SMALL, MUTED, x, y, w, DRAW_LEFT,
                  "willingness over the rounds (bottom: holds out, top: settles)");
        y += c->line[DRAW_SMALL] + U(c, 4);
    }
    for (int i = 0; i < p->line_count; i++) {
        if (y + c->line[DRAW_SMALL] > R->y + R->h - pad)
            break;
        draw_text(c, DRAW_SMALL, INK, x, y, w, DRAW_LEFT, p->lines[i]);
        y += c->line[DRAW_SMALL];
    }
    unclip(c);
}

/* ============================================================================================
   The outcome banner
   ============================================================================================ */

static void draw_banner(draw_ctx *c, const scene *s, const draw_rect *R)
{
    if (empty(R) || !has_banner(s))
        return;
    uint32_t kind = draw_banner_colour(s->banner), ink = draw_ink_on(kind);
    int pad = U(c, 8), bw = banner_badge_width(c), edge = U(c, 3);
    draw_fill(c, (float)R->x, (float)R->y, (float)R->w, (float)R->h, PANEL, 255);
    draw_frame(c, (float)R->x, (float)R->y, (float)R->w, (float)R->h, (float)edge, kind);
    draw_fill(c, (float)R->x, (float)R->y, (float)bw, (float)R->h, kind, 255);
    clip(c, R);
    float icon = (float)c->line[DRAW_LARGE];
    float ix = (float)(R->x + pad) + icon / 2, iy = (float)(R->y + pad) + icon / 2;
    if (s->banner == SCENE_BANNER_AGREEMENT) {
        draw_mark_check(c, ix, iy, icon * 1.2f, ink);
    } else if (s->banner == SCENE_BANNER_COALITION) { /* some sign: two rings, one filled */
        draw_arc(c, ix - icon * 0.18f, iy, icon * 0.2f, icon * 0.32f, 0, 2 * PI_F, ink, 255);
        draw_disc(c, ix + icon * 0.2f, iy, icon * 0.32f, ink, 255);
    } else {
        draw_mark_cross(c, ix, iy, icon * 1.2f, ink);
    }
    draw_text(c, DRAW_SMALL_BOLD, ink, (int)(ix + icon / 2) + U(c, 6),
              (int)iy - c->height[DRAW_SMALL_BOLD] / 2, bw - (int)icon - pad - U(c, 6), DRAW_LEFT,
              banner_word(s->banner));
    int x = R->x + bw + pad, w = banner_text_width(c, R->w), y = R->y + pad;
    const char *title = s->banner_title[0] ? s->banner_title : banner_word(s->banner);
    draw_text(c, DRAW_LARGE, INK, x, y, w, DRAW_LEFT, title);
    y += c->line[DRAW_LARGE];
    draw_text_block(c, DRAW_BODY, INK, x, y, w, (R->y + R->h - pad - y) / c->line[DRAW_BODY],
                    s->banner_text);
    unclip(c);
}

/* ============================================================================================
   Legend and timeline
   ============================================================================================ */

typedef enum {
    ICON_ACCEPTS, ICON_OBJECTS, ICON_WALKED, ICON_WILLINGNESS, ICON_REQUIRED, ICON_LISTENS,
    ICON_SELECTED, ICON_SCALE, ICON_ZOPA, ICON_PARETO, ICON_NASH, ICON_CURRENT, ICON_EVENT,
    ICON_BAR, ICON_NONE
} legend_icon;

static void legend_draw_icon(draw_ctx *c, legend_icon icon, float x, float y, float h, float w)
{
    float cx = x + h / 2, cy = y + h / 2;
    switch (icon) {
    case ICON_ACCEPTS: stance_badge(c, cx, cy, h / 2, SCENE_STANCE_ACCEPTS); break;
    case ICON_OBJECTS: stance_badge(c, cx, cy, h / 2, SCENE_STANCE_OBJECTS); break;
    case ICON_WALKED: stance_badge(c, cx, cy, h / 2, SCENE_STANCE_WALKED); break;
    case ICON_WILLINGNESS:
        draw_arc(c, cx, cy, h * 0.3f, h * 0.48f, 0, 2 * PI_F, TRACK, 255);
        draw_arc(c, cx, cy, h * 0.3f, h * 0.48f, -PI_F / 2, PI_F / 2, 0x222222, 255);
        break;
    case ICON_REQUIRED:
        draw_arc(c, cx, cy, h * 0.4f, h * 0.5f, 0, 2 * PI_F, INK, 255);
        draw_arc(c, cx, cy, h * 0.2f, h * 0.3f, 0, 2 * PI_F, INK, 255);
        break;
    case ICON_LISTENS: {
        draw_line(c, x, cy, x + w - h * 0.4f, cy, 2, 0x333333, 255);
        float tri[6] = {x + w, cy, x + w - h * 0.5f, cy - h * 0.3f, x + w - h * 0.5f,
                        cy + h * 0.3f};
        draw_poly(c, tri, 3, 0x333333, 255);
        break;
    }
    case ICON_SELECTED: draw_arc(c, cx, cy, h * 0.3f, h * 0.5f, 0, 2 * PI_F, INK, 255); break;
    case ICON_SCALE:
        for (int i = 0; i < 10; i++)
            draw_fill(c, x + w * (float)i / 10, y, w / 10 + 1, h, draw_acceptance_colour(i, 9),
                      255);
        draw_frame(c, x, y, w, h, 1, INK);
        break;
    case ICON_ZOPA:
        draw_disc(c, cx, cy, h * 0.5f, INK, 255);
        draw_disc(c, cx, cy, h * 0.28f, draw_acceptance_colour(1, 1), 255);
        break;
    case ICON_PARETO: draw_mark_triangle(c, cx, cy, h * 0.8f, draw_acceptance_colour(1, 1), INK); break;
    case ICON_NASH: draw_mark_star(c, cx, cy, h, INK, PANEL); break;
    case ICON_CURRENT: draw_arc(c, cx, cy, h * 0.32f, h * 0.5f, 0, 2 * PI_F, INK, 255); break;
    case ICON_EVENT: draw_mark_diamond(c, cx, cy, h * 0.7f, INK, INK); break;
    case ICON_BAR: draw_fill(c, x + h * 0.3f, y + 1, h * 0.4f, h - 2, BAR, 255); break;
    case ICON_NONE: break;
    }
}

/* One item, icon then words, when the whole of it fits; moves *x on. */
static void legend_item(draw_ctx *c, const draw_rect *R, int *x, legend_icon icon, float icon_w,
                        const char *words)
{
    int h = c->height[DRAW_SMALL], tw = draw_text_width(c, DRAW_SMALL, words);
    int iw = icon == ICON_NONE ? 0 : (int)icon_w + U(c, 4);
    if (*x + iw + tw > R->x + R->w)
        return;
    legend_draw_icon(c, icon, (float)*x, (float)R->y, (float)h, icon_w);
    draw_text(c, DRAW_SMALL, INK, *x + iw, R->y, 0, DRAW_LEFT, words);
    *x += iw + tw + U(c, 16);
}

static void draw_legend(draw_ctx *c, const scene *s, const draw_rect *R, bool map)
{
    if (empty(R))
        return;
    clip(c, R);
    int x = R->x;
    float h = (float)c->height[DRAW_SMALL];
    if (!map) {
        legend_item(c, R, &x, ICON_ACCEPTS, h, "accepts");
        legend_item(c, R, &x, ICON_OBJECTS, h, "objects");
        legend_item(c, R, &x, ICON_WALKED, h, "walked out");
        legend_item(c, R, &x, ICON_WILLINGNESS, h, "arc: willingness to settle");
        legend_item(c, R, &x, ICON_REQUIRED, h, "double outline: must sign");
        legend_item(c, R, &x, ICON_LISTENS, h * 1.6f, "listens to (thicker: more)");
        legend_item(c, R, &x, ICON_SELECTED, h, "selected");
    } else {
        legend_item(c, R, &x, ICON_SCALE, (float)U(c, 70),
                    "needed signatures accepting: none \xE2\x86\x92 all");
        legend_item(c, R, &x, ICON_ZOPA, h, "thick outline: in the ZOPA");
        legend_item(c, R, &x, ICON_PARETO, h, "Pareto");
        legend_item(c, R, &x, ICON_NASH, h, "Nash");
        legend_item(c, R, &x, ICON_CURRENT, h, "current offer");
        if (s->map_sampled)
            legend_item(c, R, &x, ICON_NONE, 0, "(a sample, plus the frontier)");
    }
    legend_item(c, R, &x, ICON_EVENT, h, "event that round");
    legend_item(c, R, &x, ICON_BAR, h, "bar: parties accepting");
    unclip(c);
}

static void draw_timeline(draw_ctx *c, const scene *s, const draw_layout *L)
{
    const draw_rect *T = &L->timeline, *A = &L->axis;
    if (empty(T) || empty(A))
        return;
    clip(c, T);
    int small = c->line[DRAW_SMALL];
    draw_text(c, DRAW_SMALL_BOLD, INK, T->x, T->y, A->x - T->x - U(c, 4), DRAW_LEFT, "Rounds");

    int n = L->axis_rounds, ticks = clampi(s->tick_count, 0, SCENE_MAX_ROUNDS);
    float slot = (float)A->w / (float)n;
    int top = T->y, height = T->h;
    int base = top + height - small - U(c, 6); /* the axis line */
    int event_y = top + U(c, 2);
    int bar_top = event_y + U(c, 12), bar_max = base > bar_top ? base - bar_top : 0;
    int people = node_count(s) > 0 ? node_count(s) : 1;
    draw_fill(c, (float)A->x, (float)base, (float)A->w, 1, INK, 255);
    /* The shown round: a shaded column with a frame. */
    int shown = s->round;
    if (shown >= 1 && shown <= n) {
        float sx = (float)A->x + slot * (float)(shown - 1);
        float sw = fmaxf(slot, 3.0f);
        draw_fill(c, sx, (float)top, sw, (float)height, SHOWN, 255);
        draw_frame(c, sx, (float)top, sw, (float)height, (float)U(c, 2), INK);
    }
    /* Labels every `step` rounds, so that they never touch. */
    int label_w = draw_text_width(c, DRAW_SMALL, "0000") + U(c, 6);
    static const int steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    int step = 1000;
    for (int i = 0; i < 10; i++)
        if ((float)steps[i] * slot >= (float)label_w) {
            step = steps[i];
            break;
        }
    for (int i = 0; i < ticks; i++) {
        const scene_tick *t = &s->ticks[i];
        int k = t->number > 0 ? t->number : i + 1;
        if (k > n)
            continue;
        float cx = (float)A->x + slot * ((float)k - 0.5f);
        float bw = fmaxf(1.0f, slot * 0.55f);
        float bh = (float)bar_max * (float)clampi(t->accepted, 0, people) / (float)people;
        draw_fill(c, cx - bw / 2, (float)base - bh, bw, bh, BAR, 255);
        draw_fill(c, cx - 0.5f, (float)base, 1, (float)U(c, 4), INK, 255);
        if (t->has_event)
            draw_mark_diamond(c, cx, (float)event_y + (float)U(c, 5),
                              fminf((float)U(c, 9), fmaxf(slot * 0.9f, 4.0f)), INK, INK);
    }
    for (int k = 1; k <= n; k++) {
        if (k % step != 0 && k != 1 && k != shown)
            continue;
        if (k != shown && shown >= 1 && (float)abs(k - shown) * slot < (float)label_w)
            continue; /* the shown round's label wins */
        char num[16];
        snprintf(num, sizeof num, "%d", k);
        float cx = (float)A->x + slot * ((float)k - 0.5f);
        draw_text(c, k == shown ? DRAW_SMALL_BOLD : DRAW_SMALL, INK, (int)lroundf(cx),
                  base + U(c, 5), 0, DRAW_CENTRE, num);
    }
    if (s->deadline >= 1 && s->deadline <= n) {
        float dx = (float)A->x + slot * (float)s->deadline;
        for (int yy = top; yy < base; yy += U(c, 8))
            draw_fill(c, dx - 1, (float)yy, 2, (float)U(c, 4), INK, 255);
        int dw = draw_text_width(c, DRAW_SMALL, "deadline");
        int lx = (int)dx - dw - U(c, 4) < A->x ? (int)dx + U(c, 4) : (int)dx - dw - U(c, 4);
        draw_text(c, DRAW_SMALL, INK, lx, top + U(c, 2), 0, DRAW_LEFT, "deadline");
    }
    unclip(c);
}

/* ============================================================================================
   The deal-space map
   ============================================================================================ */

static void stamp(draw_ctx *c, int radius, float x, float y, uint32_t rgb)
{
    SDL_Texture *t = draw_disc_stamp(c, radius, rgb);
    if (!t)
        return;
    SDL_Rect dst = {(int)lroundf(x) - radius, (int)lroundf(y) - radius, 2 * radius + 1,
                    2 * radius + 1};
    SDL_RenderCopy(c->r, t, NULL, &dst);
}

/* The points, ZOPA, Pareto and Nash marks: all that does not change from round to round. */
static void draw_map_points(draw_ctx *c, const scene *s, float fx, float fy, float fw, float fh,
                            int pr)
{
    int count = s->points ? (s->point_count > 0 ? s->point_count : 0) : 0;
    /* Layers, so that the marked packages sit on top: plain, ZOPA, Pareto, Nash. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < count; i++) {
            const scene_point *p = &s->points[i];
            if (p->deal != (pass == 1) || p->pareto || !sane(p->x) || !sane(p->y))
                continue;
            float x = fx + p->x * fw, y = fy + p->y * fh;
            uint32_t k = draw_acceptance_colour(p->accepting, p->needed);
            if (p->deal) {
                stamp(c, pr + 3, x, y, INK);
                stamp(c, pr + 1, x, y, PANEL);
            } else {
                stamp(c, pr + 1, x, y, 0x555555);
            }
            stamp(c, pr, x, y, k);
        }
    float mark = (float)(pr * 4 + 2);
    for (int i = 0; i < count; i++) {
        const scene_point *p = &s->points[i];
        if (p->pareto && sane(p->x) && sane(p->y))
            draw_mark_triangle(c, fx + p->x * fw, fy + p->y * fh, mark,
                               draw_acceptance_colour(p->accepting, p->needed),
                               p->deal ? INK : 0x555555);
    }
    for (int i = 0; i < count; i++) {
        const scene_point *p = &s->points[i];
        if (p->nash && sane(p->x) && sane(p->y))
            draw_mark_star(c, fx + p->x * fw, fy + p->y * fh, mark * 1.6f, INK, PANEL);
    }
}

/* What the static layer shows, in a key: when it changes, the layer is drawn again. */
static uint64_t map_key(const scene *s, int count, int w, int h, int pr)
{
    uint64_t k = 1469598103934665603ull;
#define MIX(v) (k = (k ^ (uint64_t)(v)) * 1099511628211ull)
    MIX(count), MIX(w), MIX(h), MIX(pr);
    for (int i = 0; i < count; i++) {
        const scene_point *p = &s->points[i];
        uint32_t x, y;
        memcpy(&x, &p->x, 4);
        memcpy(&y, &p->y, 4);
        MIX(x), MIX(y);
        MIX((uint32_t)p->accepting << 24 | (uint32_t)p->needed << 16 | (uint32_t)p->deal << 2 |
            (uint32_t)p->pareto << 1 | (uint32_t)p->nash);
    }
#undef MIX
    return k;
}

static void draw_map(draw_ctx *c, const scene *s, const draw_rect *R, const draw_options *o)
{
    if (empty(R))
        return;
    int count = s->points ? (s->point_count > 0 ? s->point_count : 0) : 0;
    int pr = clampi(R->w / 150, 2, U(c, 6) > 2 ? U(c, 6) : 2);
    /* The points change only with the analysis: drawn once into a layer, then copied. */
    bool fresh = false;
    SDL_Texture *layer = count > 0 ? draw_layer(c, map_key(s, count, R->w, R->h, pr), R->w,
                                                R->h, &fresh) : NULL;
    if (layer && fresh) {
        if (SDL_SetRenderTarget(c->r, layer) == 0) {
            SDL_RenderSetClipRect(c->r, NULL);
            draw_rect local = rect(0, 0, R->w, R->h);
            panel(c, &local);
            clip(c, &local);
            draw_map_points(c, s, 0, 0, (float)R->w, (float)R->h, pr);
            unclip(c);
            SDL_SetRenderTarget(c->r, NULL);
        } else {
            draw_layer_drop(c);
            layer = NULL;
        }
    }
    float fx = (float)R->x, fy = (float)R->y, fw = (float)R->w, fh = (float)R->h;
    if (layer) {
        SDL_Rect dst = {R->x, R->y, R->w, R->h};
        SDL_RenderCopy(c->r, layer, NULL, &dst);
        clip(c, R);
    } else {
        panel(c, R);
        clip(c, R);
        draw_map_points(c, s, fx, fy, fw, fh, pr);
    }
    if (count == 0)
        draw_text(c, DRAW_BODY, MUTED, R->x + R->w / 2, R->y + R->h / 2, R->w - U(c, 20),
                  DRAW_CENTRE, "No map of the deal space yet.");
    float mark = (float)(pr * 4 + 2);
    for (int i = 0; i < count; i++) {
        const scene_point *p = &s->points[i];
        if (p->current && sane(p->x) && sane(p->y)) {
            float x = fx + p->x * fw, y = fy + p->y * fh, r = mark * 1.1f;
            draw_arc(c, x, y, r - (float)U(c, 1), r + (float)U(c, 4), 0, 2 * PI_F, PANEL, 255);
            draw_arc(c, x, y, r, r + (float)U(c, 3), 0, 2 * PI_F, INK, 255);
        }
    }
    if (o->hover_point >= 0 && o->hover_point < count && sane(s->points[o->hover_point].x) &&
        sane(s->points[o->hover_point].y)) {
        const scene_point *p = &s->points[o->hover_point];
        float x = fx + p->x * fw, y = fy + p->y * fh, r = mark * 0.8f;
        draw_arc(c, x, y, r, r + (float)U(c, 2), 0, 2 * PI_F, INK, 255);
    }
    unclip(c);
}

/* The hovered point, described in words beside it. */
static void draw_hover(draw_ctx *c, const scene *s, const draw_rect *R, const draw_options *o,
                       int W, int H)
{
    int count = s->points ? s->point_count : 0;
    if (empty(R) || o->hover_point < 0 || o->hover_point >= count)
        return;
    const scene_point *p = &s->points[o->hover_point];
    if (!sane(p->x) || !sane(p->y))
        return;
    char lines[12][160];
    int n = 0;
    snprintf(lines[n++], sizeof lines[0], "%d of %d needed signatures accept", p->accepting,
             p->needed);
    char flags[128] = "";
    const char *names[4] = {p->deal ? "in the ZOPA" : "outside the ZOPA",
                            p->pareto ? "Pareto" : NULL, p->nash ? "Nash" : NULL,
                            p->current ? "current offer" : NULL};
    for (int i = 0; i < 4; i++)
        if (names[i])
            snprintf(flags + strlen(flags), sizeof flags - strlen(flags), "%s%s",
                     flags[0] ? " \xC2\xB7 " : "", names[i]);
    snprintf(lines[n++], sizeof lines[0], "%s", flags);
    int rows = clampi(s->row_count, 0, MODEL_MAX_ISSUES);
    for (int i = 0; i < rows && n < 9; i++) {
        const scene_row *row = &s->rows[i];
        if (n == 8 && i < rows - 1) {
            snprintf(lines[n++], sizeof lines[0], "\xE2\x80\xA6 and %d more issues", rows - i);
            break;
        }
        snprintf(lines[n++], sizeof lines[0], "%.60s: option %d of %d",
                 row->label[0] ? row->label : row->id, p->package.opt[i] + 1, row->option_count);
    }
    int pad = U(c, 8), w = U(c, 340);
    w = w < W - 2 * pad ? w : W - 2 * pad;
    int extra = 0;
    draw_span spans[8];
    if (o->hover_text && *o->hover_text)
        extra = clampi(draw_wrap(c, DRAW_SMALL, o->hover_text, w - 2 * pad, spans, 8), 0, 8);
    int h = 2 * pad + c->line[DRAW_BOLD] + (n - 1) * c->line[DRAW_SMALL] +
            (extra ? extra * c->line[DRAW_SMALL] + U(c, 4) : 0);
    float px = (float)R->x + p->x * (float)R->w, py = (float)R->y + p->y * (float)R->h;
    int x = (int)px + U(c, 16), y = (int)py - h / 2;
    if (x + w > W - pad)
        x = (int)px - U(c, 16) - w;
    x = clampi(x, pad, W - pad - w > pad ? W - pad - w : pad);
    y = clampi(y, pad, H - pad - h > pad ? H - pad - h : pad);
    draw_fill(c, (float)x + 3, (float)y + 3, (float)w, (float)h, 0x000000, 60);
    draw_fill(c, (float)x, (float)y, (float)w, (float)h, PANEL, 255);
    draw_frame(c, (float)x, (float)y, (float)w, (float)h, (float)U(c, 2), INK);
    draw_rect box = rect(x, y, w, h);
    clip(c, &box);
    int ty = y + pad;
    draw_text(c, DRAW_BOLD, INK, x + pad, ty, w - 2 * pad, DRAW_LEFT, lines[0]);
    ty += c->line[DRAW_BOLD];
    for (int i = 1; i < n; i++, ty += c->line[DRAW_SMALL])
        draw_text(c, DRAW_SMALL, INK, x + pad, ty, w - 2 * pad, DRAW_LEFT, lines[i]);
    if (extra)
        draw_text_block(c, DRAW_SMALL, INK, x + pad, ty + U(c, 4), w - 2 * pad, extra,
                        o->hover_text);
    unclip(c);
}

/* ============================================================================================
   Help overlay
   ============================================================================================ */

static void draw_help(draw_ctx *c, const draw_options *o, int W, int H)
{
    draw_fill(c, 0, 0, (float)W, (float)H, 0x000000, 150);
    static const char *const none[] = {"No shortcuts listed.", NULL};
    const char *const *lines = o->help_lines ? o->help_lines : none;
    int key_w;
    draw_rect box = help_box(c, o, W, H, &key_w);
    if (empty(&box))
        return;
    int pad = U(c, 16), gap = key_w > 0 ? U(c, 20) : 0, x = box.x, y = box.y, w = box.w;
    draw_fill(c, (float)x, (float)y, (float)w, (float)box.h, PANEL, 255);
    draw_frame(c, (float)x, (float)y, (float)w, (float)box.h, (float)U(c, 2), INK);
    clip(c, &box);
    int ty = y + pad;
    draw_text(c, DRAW_LARGE, INK, x + pad, ty, w - 2 * pad, DRAW_LEFT, "Keyboard shortcuts");
    ty += c->line[DRAW_LARGE] + U(c, 6);
    int rows_fit = (y + box.h - pad - ty) / c->line[DRAW_BODY];
    for (int i = 0; lines[i] && i < 60 && i < rows_fit; i++, ty += c->line[DRAW_BODY]) {
        const char *tab = strchr(lines[i], '\t');
        if (i == rows_fit - 1 && lines[i + 1] && i + 1 < 60) {
            draw_text(c, DRAW_BODY, MUTED, x + pad, ty, w - 2 * pad, DRAW_LEFT,
                      "\xE2\x80\xA6 (a bigger window shows the rest)");
            break;
        }
        if (tab) {
            char key[64];
            int len = (int)(tab - lines[i]);
            snprintf(key, sizeof key, "%.*s", len < 63 ? len : 63, lines[i]);
            draw_text(c, DRAW_BOLD, INK, x + pad, ty, key_w, DRAW_LEFT, key);
            draw_text(c, DRAW_BODY, INK, x + pad + key_w + gap, ty, w - 2 * pad - key_w - gap,
                      DRAW_LEFT, tab + 1);
        } else {
            draw_text(c, DRAW_BODY, INK, x + pad, ty, w - 2 * pad, DRAW_LEFT, lines[i]);
        }
    }
    unclip(c);
}

/* ============================================================================================
   The frame
   ============================================================================================ */

void draw_scene_with(SDL_Renderer *r, draw_fonts *f, const scene *s, int W, int H,
                     const draw_options *o, uint64_t token)
{
    if (!r || !s || W <= 0 || H <= 0)
        return;
    draw_options defaults = {.text_scale = 1, .hover_point = -1};
    if (!o)
        o = &defaults;
    if (f)
        draw_fonts_bind(f, r, token);
    draw_ctx c;
    draw_ctx_init(&c, r, f, W, H, o);
    draw_layout L;
    layout(&c, s, W, H, o, &L);

    SDL_RenderSetClipRect(r, NULL);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    draw_colour(&c, PAPER, 255);
    SDL_RenderClear(r);
    draw_title(&c, s, &L.title);
    if (o->map)
        draw_map(&c, s, &L.map, o);
    else
        draw_ring(&c, s, &L.ring, &L);
    draw_table(&c, s, &L.table);
    draw_selected(&c, s, &L.panel);
    if (s->panel.active)
        draw_details(&c, s, &L.messages);
    else
        draw_messages(&c, s, &L.messages);
    draw_banner(&c, s, &L.banner);
    draw_legend(&c, s, &L.legend, o->map);
    draw_timeline(&c, s, &L);
    if (o->map)
        draw_hover(&c, s, &L.map, o, W, H);
    if (o->help)
        draw_help(&c, o, W, H);
    SDL_RenderSetClipRect(r, NULL);
    if (f)
        draw_fonts_frame_end(f);
}

void draw_scene(SDL_Renderer *r, draw_fonts *f, const scene *s, int width, int height,
                const draw_options *o)
{
    draw_scene_with(r, f, s, width, height, o, 0);
}
