/* draw.h: draws a scene (engine/core/scene.h) with SDL2: the ring of actors, the table, the
   timeline, the outcome banner, the deal-space map; into a window's renderer or, with no display,
   into a PNG. A read-only view: nothing here computes model logic or changes the scene. */
#ifndef DRAW_H
#define DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include "ent_error.h"
#include "scene.h"

struct SDL_Renderer; /* callers that draw into a window include SDL.h; others need not */

/* ---- fonts -------------------------------------------------------------------------------- */

/* The DejaVu fonts, opened at the sizes a frame needs, plus what keeps a frame cheap: rendered
   text, wrapped lines, and the map's points drawn once into a layer. The textures among them
   belong to the renderer last drawn with (see draw_fonts_forget). One draw_fonts per thread. */
typedef struct draw_fonts draw_fonts;

/* Finds DejaVuSans.ttf (and DejaVuSans-Bold.ttf beside it, else a synthetic bold): the file
   named by $ENTENTE_FONT first, then /usr/share/fonts/truetype/dejavu and a few common font
   directories. NULL with a message naming every place looked at when no font can be read.

   Text already grows with the picture: sizes are set for 1280x720 and scaled by
   min(width / 1280, height / 720), so a HiDPI drawable (2560x1440 for a 1280x720 window) gets
   twice the pixels without help. `scale` multiplies on top of that (<= 0 means 1): a user's
   preference, not the pixel ratio. */
draw_fonts *draw_fonts_open(float scale, ent_error *err);
/* The same with the directories to search after $ENTENTE_FONT (NULL-terminated; NULL = the
   default list). For tests, and for an app that ships its own font directory. */
draw_fonts *draw_fonts_open_search(float scale, const char *const *dirs, ent_error *err);
/* The font file in use. */
const char *draw_fonts_path(const draw_fonts *f);
/* Drops the cached textures without destroying them: call it after destroying the renderer
   drawn with (SDL frees a renderer's textures with it), or on SDL_RENDER_TARGETS_RESET /
   SDL_RENDER_DEVICE_RESET. Drawing with a different renderer forgets them by itself; only a new
   renderer at the address of a destroyed one needs this call. Canvases need nothing. */
void draw_fonts_forget(draw_fonts *f);
/* Frees the fonts and the cache. Never touches SDL textures (see draw_fonts_forget), so it may
   run before or after SDL_DestroyRenderer. */
void draw_fonts_close(draw_fonts *f);

/* ---- one frame ---------------------------------------------------------------------------- */

/* How to draw (NULL: the defaults). Zero is a fine default, except hover_point (-1: none). */
typedef struct {
    bool map;                       /* the deal-space map in place of the ring */
    bool help;                      /* the keyboard-shortcut overlay */
    float text_scale;               /* 1 = normal (0 = 1); multiplies the fonts' scale */
    int hover_point;                /* map point under the mouse, or -1 */
    const char *const *help_lines;  /* NULL-terminated; "key\tdescription" makes two columns */
    const char *hover_text;         /* optional: more about the hovered point ("\n" breaks) */
} draw_options;

/* A rectangle in pixels. */
typedef struct {
    int x, y, w, h;
} draw_rect;

/* Where a frame puts things, for hit-testing clicks and for tests. Empty parts have w = h = 0. */
typedef struct {
    draw_rect title;     /* title and status lines */
    draw_rect ring;      /* the square of scene_node x, y (empty when the map replaces it) */
    draw_rect map;       /* the square of scene_point x, y (when o->map) */
    draw_rect table;     /* the issues on the table */
    draw_rect panel;     /* the selected actor (when scene.selected >= 0) */
    draw_rect messages;  /* this round's events and messages */
    draw_rect banner;    /* the outcome (when scene.banner != NONE) */
    draw_rect legend;    /* what the marks mean, in words */
    draw_rect timeline;  /* the rounds */
    draw_rect axis;      /* inside the timeline: round k spans the k-th of `axis_rounds` slots */
    int axis_rounds;
    draw_rect help;      /* the help overlay's box (when o->help) */
} draw_layout;

/* The layout of a width x height frame. The ring or map square and the timeline's axis depend
   only on width and height, so clicks can be placed with f = NULL; the panels' sizes follow
   their text (measured roughly when f is NULL). */
void draw_layout_of(draw_fonts *f, const scene *s, int width, int height,
                    const draw_options *o, draw_layout *out);
/* The issue row of the table under (px, py), or -1 (f: the fonts the frame is drawn with). */
int draw_issue_at(draw_fonts *f, const scene *s, int width, int height, const draw_options *o,
                  int px, int py);
/* Window pixels to the unit square of an area (the ring or the map); false when outside. */
bool draw_to_unit(const draw_rect *area, int px, int py, float *x, float *y);
/* The round under (px, py) on the timeline, or -1. */
int draw_round_at(const draw_layout *l, const scene *s, int px, int py);

/* Draws the whole frame into r (width x height pixels: the renderer's output size). Sets r's
   draw colour, blend mode and clip rectangle as it goes (the clip is left off). */
void draw_scene(struct SDL_Renderer *r, draw_fonts *f, const scene *s, int width, int height,
                const draw_options *o);

/* The palettes (0xRRGGBB), colour-blind safe (Okabe-Ito; a viridis-like sequential scale). */
uint32_t draw_banner_colour(scene_banner_kind kind);
uint32_t draw_acceptance_colour(int accepting, int needed);

/* ---- without a display -------------------------------------------------------------------- */

/* A picture in memory, drawn with SDL's software renderer: no display, no video subsystem. */
typedef struct draw_canvas draw_canvas;

/* 1 to 16384 pixels a side. */
draw_canvas *draw_canvas_new(int width, int height, ent_error *err);
void draw_canvas_free(draw_canvas *c);
ent_status draw_canvas_render(draw_canvas *c, draw_fonts *f, const scene *s,
                              const draw_options *o, ent_error *err);
/* The pixel at (x, y) as 0xRRGGBB (0 outside). */
uint32_t draw_canvas_pixel(const draw_canvas *c, int x, int y);
/* Writes the picture as a PNG, atomically (a temporary file beside `path`, then rename). */
ent_status draw_canvas_save_png(draw_canvas *c, const char *path, ent_error *err);

/* The whole job: fonts, a canvas, the frame, the PNG. The same scene gives the same bytes. */
ent_status draw_to_png(const scene *s, int width, int height, const draw_options *o,
                       const char *path, ent_error *err);

#endif
