/* draw_internal.h: what the draw_*.c files share: the frame context, text and shape helpers. */
#ifndef DRAW_INTERNAL_H
#define DRAW_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "draw.h"

/* Text roles: each a size and weight, scaled per frame. */
enum { DRAW_SMALL, DRAW_SMALL_BOLD, DRAW_BODY, DRAW_BOLD, DRAW_LARGE, DRAW_TITLE, DRAW_ROLES };

enum { DRAW_LEFT, DRAW_CENTRE, DRAW_RIGHT };

/* One frame's state. r is NULL when only measuring (layout without a renderer). */
typedef struct {
    SDL_Renderer *r;
    draw_fonts *f;
    float u;                   /* layout unit: 1 at 1280x720 */
    int px[DRAW_ROLES];        /* pixel size of each role */
    int line[DRAW_ROLES];      /* line advance of each role */
    int height[DRAW_ROLES];    /* glyph box height of each role */
} draw_ctx;

/* A line of wrapped text: bytes [start, start + len) of the source. */
typedef struct {
    int start, len;
} draw_span;

/* ---- draw_font.c ---------------------------------------------------------------------------- */

/* Sets up ctx's sizes for a frame of width x height (f may be NULL: nominal sizes). */
void draw_ctx_init(draw_ctx *c, SDL_Renderer *r, draw_fonts *f, int width, int height,
                   const draw_options *o);
/* Cached textures belong to one renderer; token tells apart canvases that reuse an address. */
void draw_fonts_bind(draw_fonts *f, SDL_Renderer *r, uint64_t token);
/* Ends a frame: evicts what recent frames did not use. */
void draw_fonts_frame_end(draw_fonts *f);

int draw_text_width(draw_ctx *c, int role, const char *s);
/* Draws one line of text with its top at y, cut with an ellipsis to maxw (<= 0: no limit).
   x is the left edge, the centre or the right edge by align. Returns the width drawn. */
int draw_text(draw_ctx *c, int role, uint32_t rgb, int x, int y, int maxw, int align,
              const char *s);
/* Breaks s into lines at most width wide (at spaces and '\n'; a longer word is cut). Returns
   the number of lines (all of them, even beyond max; only max are stored). */
int draw_wrap(draw_ctx *c, int role, const char *s, int width, draw_span *lines, int max);
/* Draws up to max_lines wrapped lines from y; the last shown line ends in an ellipsis when
   text remains. Returns the height used. */
int draw_text_block(draw_ctx *c, int role, uint32_t rgb, int x, int y, int width,
                    int max_lines, const char *s);
/* A target texture w x h kept between frames under `key`; *fresh when it must be drawn (again).
   NULL when the renderer has no render targets (draw directly then). */
SDL_Texture *draw_layer(draw_ctx *c, uint64_t key, int w, int h, bool *fresh);
/* Frees the layer (when drawing into it failed). */
void draw_layer_drop(draw_ctx *c);
/* A disc of radius px in rgb on a transparent square, cached: a stamp to copy. (Pre-coloured:
   changing a texture's colour modulation costs the software renderer a new blit mapping.) */
SDL_Texture *draw_disc_stamp(draw_ctx *c, int radius, uint32_t rgb);

/* ---- draw.c ------------------------------------------------------------------------------- */

/* draw_scene with the token that ties cached textures to a canvas's renderer (0 = a window's). */
void draw_scene_with(SDL_Renderer *r, draw_fonts *f, const scene *s, int width, int height,
                     const draw_options *o, uint64_t token);

/* ---- draw_prim.c ---------------------------------------------------------------------------- */

void draw_colour(draw_ctx *c, uint32_t rgb, uint8_t alpha);
void draw_fill(draw_ctx *c, float x, float y, float w, float h, uint32_t rgb, uint8_t alpha);
void draw_frame(draw_ctx *c, float x, float y, float w, float h, float t, uint32_t rgb);
void draw_disc(draw_ctx *c, float cx, float cy, float radius, uint32_t rgb, uint8_t alpha);
/* A ring between r0 and r1 from angle a0 to a1 (radians, clockwise from the +x axis). */
void draw_arc(draw_ctx *c, float cx, float cy, float r0, float r1, float a0, float a1,
              uint32_t rgb, uint8_t alpha);
void draw_line(draw_ctx *c, float x0, float y0, float x1, float y1, float thickness,
               uint32_t rgb, uint8_t alpha);
/* A filled convex polygon of n points (xy pairs). */
void draw_poly(draw_ctx *c, const float *xy, int n, uint32_t rgb, uint8_t alpha);
/* Marks, centred at (x, y), size s across. */
void draw_mark_check(draw_ctx *c, float x, float y, float s, uint32_t rgb);
void draw_mark_cross(draw_ctx *c, float x, float y, float s, uint32_t rgb);
void draw_mark_walk(draw_ctx *c, float x, float y, float s, uint32_t rgb);
void draw_mark_diamond(draw_ctx *c, float x, float y, float s, uint32_t fill, uint32_t edge);
void draw_mark_triangle(draw_ctx *c, float x, float y, float s, uint32_t fill, uint32_t edge);
void draw_mark_star(draw_ctx *c, float x, float y, float s, uint32_t fill, uint32_t edge);
void draw_mark_noentry(draw_ctx *c, float x, float y, float s, uint32_t rgb);
/* Black or white, whichever reads better on rgb. */
uint32_t draw_ink_on(uint32_t rgb);

#endif
