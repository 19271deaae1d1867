/* draw_prim.c: shapes for the frame: rectangles, discs, arcs, thick lines and the small marks
   that carry meaning without colour (check, cross, door, diamond, star). All through SDL's
   renderer (SDL_RenderGeometry for anything not a rectangle): no pixel loops here. */
#include "draw_internal.h"

#include <math.h>
#include <string.h>

#define PI_F 3.14159265f
#define MAX_SEGMENTS 96

static SDL_Color col(uint32_t rgb, uint8_t alpha)
{
    return (SDL_Color){(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, alpha};
}

/* Opaque shapes are copied, not blended: much cheaper in the software renderer. */
void draw_colour(draw_ctx *c, uint32_t rgb, uint8_t alpha)
{
    SDL_SetRenderDrawBlendMode(c->r, alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(c->r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, alpha);
}

void draw_fill(draw_ctx *c, float x, float y, float w, float h, uint32_t rgb, uint8_t alpha)
{
    if (w <= 0 || h <= 0)
        return;
    draw_colour(c, rgb, alpha);
    SDL_FRect rect = {x, y, w, h};
    SDL_RenderFillRectF(c->r, &rect);
}

void draw_frame(draw_ctx *c, float x, float y, float w, float h, float t, uint32_t rgb)
{
    if (w <= 0 || h <= 0)
        return;
    t = t < 1 ? 1 : t;
    draw_colour(c, rgb, 255);
    SDL_FRect sides[4] = {
        {x, y, w, t}, {x, y + h - t, w, t}, {x, y + t, t, h - 2 * t}, {x + w - t, y + t, t, h - 2 * t}};
    SDL_RenderFillRectsF(c->r, sides, 4);
}

static int segments_for(float radius, float sweep)
{
    int n = (int)(radius * 0.9f * sweep / (2 * PI_F));
    int least = sweep >= 2 * PI_F - 0.001f ? 12 : 2;
    return n < least ? least : n > MAX_SEGMENTS ? MAX_SEGMENTS : n;
}

/* Draws ntri triangles (xy: 6 floats each) in one colour. SDL 2.26's software renderer takes
   two consecutive triangles of one call that share two corners for an axis-aligned rectangle
   when some coordinates coincide (a diamond drew as a notched square), so each triangle is
   followed by an empty one far off screen, which it never pairs with anything. */
static void triangles(draw_ctx *c, const float *xy, int ntri, uint32_t rgb, uint8_t alpha)
{
    enum { CHUNK = 64 };
    SDL_Vertex v[CHUNK * 6];
    SDL_Color k = col(rgb, alpha);
    int n = 0;
    SDL_SetRenderDrawBlendMode(c->r, alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    for (int t = 0; t < ntri; t++) {
        for (int j = 0; j < 3; j++)
            v[n++] = (SDL_Vertex){{xy[6 * t + 2 * j], xy[6 * t + 2 * j + 1]}, k, {0, 0}};
        for (int j = 0; j < 3; j++)
            v[n++] = (SDL_Vertex){{-1e5f, -1e5f}, k, {0, 0}};
        if (n == CHUNK * 6 || t == ntri - 1) {
            SDL_RenderGeometry(c->r, NULL, v, n, NULL, 0);
            n = 0;
        }
    }
}

/* Discs and full rings as one rectangle per pixel row (two for a ring's middle rows): the
   software renderer fills rows fast, where thin fan triangles cost it their bounding boxes. */
typedef struct {
    draw_ctx *c;
    SDL_Rect rects[256];
    int n;
} span_batch;

static void span(span_batch *b, int x0, int x1, int y)
{
    if (x1 < x0)
        return;
    b->rects[b->n++] = (SDL_Rect){x0, y, x1 - x0 + 1, 1};
    if (b->n == (int)(sizeof b->rects / sizeof b->rects[0])) {
        SDL_RenderFillRects(b->c->r, b->rects, b->n);
        b->n = 0;
    }
}

/* The columns whose pixel centres lie within radius r of cx on the row at height dy. */
static bool row_extent(float cx, float r, float dy, int *x0, int *x1)
{
    float d = r * r - dy * dy;
    if (d < 0)
        return false;
    float half = sqrtf(d);
    *x0 = (int)ceilf(cx - half - 0.5f);
    *x1 = (int)floorf(cx + half - 0.5f);
    return *x1 >= *x0;
}

static void ring_spans(draw_ctx *c, float cx, float cy, float r0, float r1, uint32_t rgb,
                       uint8_t alpha)
{
    if (r1 <= 0 || r1 <= r0 || !isfinite(cx) || !isfinite(cy) || r1 > 1e5f)
        return;
    span_batch b = {.c = c};
    draw_colour(c, rgb, alpha);
    int y0 = (int)floorf(cy - r1), y1 = (int)ceilf(cy + r1);
    for (int y = y0; y <= y1; y++) {
        float dy = (float)y + 0.5f - cy;
        int o0, o1, i0, i1;
        if (!row_extent(cx, r1, dy, &o0, &o1))
            continue;
        if (r0 > 0 && row_extent(cx, r0, dy, &i0, &i1)) {
            span(&b, o0, i0 - 1, y);
            span(&b, i1 + 1, o1, y);
        } else {
            span(&b, o0, o1, y);
        }
    }
    if (b.n > 0)
        SDL_RenderFillRects(c->r, b.rects, b.n);
}

void draw_disc(draw_ctx *c, float cx, float cy, float radius, uint32_t rgb, uint8_t alpha)
{
    ring_spans(c, cx, cy, 0, radius, rgb, alpha);
}

void draw_arc(draw_ctx *c, float cx, float cy, float r0, float r1, float a0, float a1,
              uint32_t rgb, uint8_t alpha)
{
    if (r1 <= r0 || a1 <= a0)
        return;
    if (a1 - a0 >= 2 * PI_F - 1e-4f) {
        ring_spans(c, cx, cy, r0, r1, rgb, alpha);
        return;
    }
    float xy[MAX_SEGMENTS * 12];
    int n = segments_for(r1, a1 - a0);
    float ix = cx + r0 * cosf(a0), iy = cy + r0 * sinf(a0);
    float ox = cx + r1 * cosf(a0), oy = cy + r1 * sinf(a0);
    for (int i = 0; i < n; i++) {
        float a = a0 + (a1 - a0) * (float)(i + 1) / (float)n, ca = cosf(a), sa = sinf(a);
        float jx = cx + r0 * ca, jy = cy + r0 * sa, px = cx + r1 * ca, py = cy + r1 * sa;
        float *t = &xy[12 * i];
        t[0] = ix, t[1] = iy, t[2] = ox, t[3] = oy, t[4] = px, t[5] = py;
        t[6] = ix, t[7] = iy, t[8] = px, t[9] = py, t[10] = jx, t[11] = jy;
        ix = jx, iy = jy, ox = px, oy = py;
    }
    triangles(c, xy, 2 * n, rgb, alpha);
}

void draw_line(draw_ctx *c, float x0, float y0, float x1, float y1, float thickness,
               uint32_t rgb, uint8_t alpha)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 0.01f)
        return;
    float t = (thickness < 1 ? 1 : thickness) / 2;
    float nx = -dy / len * t, ny = dx / len * t;
    /* In short pieces: a long slanted quad would cost its whole bounding box. */
    enum { PIECES = 64 };
    float xy[PIECES * 12];
    int n = (int)ceilf(len / 16.0f);
    n = n < 1 ? 1 : n > PIECES ? PIECES : n;
    for (int i = 0; i < n; i++) {
        float a = (float)i / (float)n, b = (float)(i + 1) / (float)n;
        float ax = x0 + dx * a, ay = y0 + dy * a, bx = x0 + dx * b, by = y0 + dy * b;
        float q[12] = {ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny,
                       ax + nx, ay + ny, bx - nx, by - ny, ax - nx, ay - ny};
        memcpy(&xy[12 * i], q, sizeof q);
    }
    triangles(c, xy, 2 * n, rgb, alpha);
}

/* A fan from the centroid: right for convex shapes and for stars. */
void draw_poly(draw_ctx *c, const float *pts, int n, uint32_t rgb, uint8_t alpha)
{
    if (n < 3 || n > 32)
        return;
    float xy[32 * 6], sx = 0, sy = 0;
    for (int i = 0; i < n; i++) {
        sx += pts[2 * i];
        sy += pts[2 * i + 1];
    }
    sx /= (float)n;
    sy /= (float)n;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        float *t = &xy[6 * i];
        t[0] = sx, t[1] = sy, t[2] = pts[2 * i], t[3] = pts[2 * i + 1];
        t[4] = pts[2 * j], t[5] = pts[2 * j + 1];
    }
    triangles(c, xy, n, rgb, alpha);
}

/* A shape given on the unit scale (points around 0,0), drawn at (x, y) of size s with an edge. */
static void shape(draw_ctx *c, const float *unit, int n, float x, float y, float s,
                  uint32_t fill, uint32_t edge)
{
    float pts[64];
    float grow = (s + fmaxf(2.0f, s * 0.18f)) / s;
    for (int i = 0; i < n; i++) {
        pts[2 * i] = x + unit[2 * i] * s * grow;
        pts[2 * i + 1] = y + unit[2 * i + 1] * s * grow;
    }
    draw_poly(c, pts, n, edge, 255);
    for (int i = 0; i < n; i++) {
        pts[2 * i] = x + unit[2 * i] * s;
        pts[2 * i + 1] = y + unit[2 * i + 1] * s;
    }
    draw_poly(c, pts, n, fill, 255);
}

void draw_mark_check(draw_ctx *c, float x, float y, float s, uint32_t rgb)
{
    float t = fmaxf(2.0f, s * 0.17f);
    draw_line(c, x - 0.36f * s, y + 0.02f * s, x - 0.1f * s, y + 0.28f * s, t, rgb, 255);
    draw_line(c, x - 0.16f * s, y + 0.28f * s, x + 0.38f * s, y - 0.3f * s, t, rgb, 255);
}

void draw_mark_cross(draw_ctx *c, float x, float y, float s, uint32_t rgb)
{
    float t = fmaxf(2.0f, s * 0.17f), h = 0.3f * s;
    draw_line(c, x - h, y - h, x + h, y + h, t, rgb, 255);
    draw_line(c, x - h, y + h, x + h, y - h, t, rgb, 255);
}

/* A door with an arrow leaving it: walked out. */
void draw_mark_walk(draw_ctx *c, float x, float y, float s, uint32_t rgb)
{
    float t = fmaxf(1.5f, s * 0.1f);
    draw_frame(c, x - 0.4f * s, y - 0.38f * s, 0.36f * s, 0.76f * s, t, rgb);
    draw_line(c, x - 0.2f * s, y, x + 0.22f * s, y, fmaxf(2.0f, s * 0.14f), rgb, 255);
    float head[6] = {x + 0.42f * s, y, x + 0.16f * s, y - 0.22f * s, x + 0.16f * s, y + 0.22f * s};
    draw_poly(c, head, 3, rgb, 255);
}

void draw_mark_diamond(draw_ctx *c, float x, float y, float s, uint32_t fill, uint32_t edge)
{
    static const float unit[8] = {0, -0.5f, 0.5f, 0, 0, 0.5f, -0.5f, 0};
    shape(c, unit, 4, x, y, s, fill, edge);
}

void draw_mark_triangle(draw_ctx *c, float x, float y, float s, uint32_t fill, uint32_t edge)
{
    static const float unit[6] = {0, -0.5f, 0.5f, 0.4f, -0.5f, 0.4f};
    shape(c, unit, 3, x, y, s, fill, edge);
}

void draw_mark_star(draw_ctx *c, float x, float y, float s, uint32_t fill, uint32_t edge)
{
    float unit[20];
    for (int i = 0; i < 10; i++) {
        float a = -PI_F / 2 + PI_F * (float)i / 5, r = i % 2 ? 0.22f : 0.55f;
        unit[2 * i] = r * cosf(a);
        unit[2 * i + 1] = r * sinf(a);
    }
    shape(c, unit, 10, x, y, s, fill, edge);
}

/* A circle with a bar through it: a red line. */
void draw_mark_noentry(draw_ctx *c, float x, float y, float s, uint32_t rgb)
{
    float r = 0.45f * s, t = fmaxf(1.5f, s * 0.13f);
    draw_arc(c, x, y, r - t, r, 0, 2 * PI_F, rgb, 255);
    float d = (r - t * 0.5f) * 0.7071f;
    draw_line(c, x - d, y + d, x + d, y - d, t, rgb, 255);
}

static float linear(uint32_t v)
{
    float s = (float)(v & 0xFF) / 255.0f;
    return s <= 0.04045f ? s / 12.92f : powf((s + 0.055f) / 1.055f, 2.4f);
}

uint32_t draw_ink_on(uint32_t rgb)
{
    float lum = 0.2126f * linear(rgb >> 16) + 0.7152f * linear(rgb >> 8) + 0.0722f * linear(rgb);
    /* WCAG contrast against black and against white: take the larger. */
    return (lum + 0.05f) / 0.05f >= 1.05f / (lum + 0.05f) ? 0x000000 : 0xFFFFFF;
}
