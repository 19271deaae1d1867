/* window.c: the viewer's SDL window: opening it (or saying why not), translating SDL's input
   into window_event, presenting a drawn scene, full screen and screenshots. */
#include "window.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "draw.h"

#define QUEUE 64

struct window {
    SDL_Window *sdl;
    SDL_Renderer *renderer;
    draw_fonts *fonts;
    float fonts_scale;
    window_event queue[QUEUE]; /* injected events, served before SDL's */
    int head, count;
};

bool window_display_available(char *why, size_t size)
{
    const char *driver = getenv("SDL_VIDEODRIVER");
    if (driver && *driver)
        return true; /* the user chose a driver (dummy, offscreen, x11, wayland...) */
    if ((getenv("DISPLAY") && *getenv("DISPLAY")) ||
        (getenv("WAYLAND_DISPLAY") && *getenv("WAYLAND_DISPLAY")))
        return true;
    snprintf(why, size, "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
    return false;
}

window *window_open(const char *title, int width, int height, ent_error *err)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        ent_fail(err, ENT_ERR_IO, "cannot open a window: %s", SDL_GetError());
        return NULL;
    }
    window *w = calloc(1, sizeof *w);
    if (!w) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        ent_fail(err, ENT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    w->sdl = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width,
                              height, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (w->sdl)
        w->renderer = SDL_CreateRenderer(w->sdl, -1, SDL_RENDERER_PRESENTVSYNC);
    if (w->sdl && !w->renderer) /* no accelerated renderer: software is fine */
        w->renderer = SDL_CreateRenderer(w->sdl, -1, SDL_RENDERER_SOFTWARE);
    if (!w->sdl || !w->renderer) {
        ent_fail(err, ENT_ERR_IO, "cannot open a window: %s", SDL_GetError());
        window_close(w);
        return NULL;
    }
    SDL_SetRenderDrawBlendMode(w->renderer, SDL_BLENDMODE_BLEND);
    float ratio;
    int pw, ph;
    window_size(w, &pw, &ph, &ratio);
    w->fonts_scale = ratio;
    w->fonts = draw_fonts_open(1.0f, err); /* text already grows with the drawable size */
    if (!w->fonts) {
        window_close(w);
        return NULL;
    }
    return w;
}

void window_close(window *w)
{
    if (!w)
        return;
    if (w->fonts)
        draw_fonts_close(w->fonts);
    if (w->renderer)
        SDL_DestroyRenderer(w->renderer);
    if (w->sdl)
        SDL_DestroyWindow(w->sdl);
    free(w);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

void window_set_title(window *w, const char *title)
{
    SDL_SetWindowTitle(w->sdl, title);
}

void window_inject(window *w, const window_event *ev)
{
    if (w->count == QUEUE)
        return;
    w->queue[(w->head + w->count) % QUEUE] = *ev;
    w->count++;
}

static window_key key_of(SDL_Keycode k)
{
    switch (k) {
    case SDLK_SPACE: return WINDOW_KEY_SPACE;
    case SDLK_LEFT: return WINDOW_KEY_LEFT;
    case SDLK_RIGHT: return WINDOW_KEY_RIGHT;
    case SDLK_UP: return WINDOW_KEY_UP;
    case SDLK_DOWN: return WINDOW_KEY_DOWN;
    case SDLK_HOME: return WINDOW_KEY_HOME;
    case SDLK_END: return WINDOW_KEY_END;
    case SDLK_TAB: return WINDOW_KEY_TAB;
    case SDLK_ESCAPE: return WINDOW_KEY_ESCAPE;
    case SDLK_F11: return WINDOW_KEY_F11;
    case SDLK_F12: return WINDOW_KEY_F12;
    case SDLK_RETURN: return WINDOW_KEY_RETURN;
    default: return WINDOW_KEY_OTHER;
    }
}

/* Window coordinates to drawable pixels (they differ on HiDPI screens). */
static void to_pixels(window *w, int *x, int *y)
{
    int ww, wh, pw, ph;
    SDL_GetWindowSize(w->sdl, &ww, &wh);
    SDL_GetRendererOutputSize(w->renderer, &pw, &ph);
    if (ww > 0 && wh > 0) {
        *x = *x * pw / ww;
        *y = *y * ph / wh;
    }
}

static bool translate(window *w, const SDL_Event *e, window_event *ev)
{
    memset(ev, 0, sizeof *ev);
    switch (e->type) {
    case SDL_QUIT:
        ev->kind = WINDOW_EVENT_QUIT;
        return true;
    case SDL_KEYDOWN: {
        ev->kind = WINDOW_EVENT_KEY;
        ev->key = key_of(e->key.keysym.sym);
        ev->shift = (e->key.keysym.mod & KMOD_SHIFT) != 0;
        SDL_Keycode k = e->key.keysym.sym;
        if (ev->key == WINDOW_KEY_OTHER && k >= 32 && k < 127) {
            ev->key = WINDOW_KEY_CHAR;
            ev->ch = (char)k;
            /* The characters a help overlay names: '?' and '+' need shift on most layouts. */
            if (ev->shift && k == '/')
                ev->ch = '?';
            else if (ev->shift && k == '=')
                ev->ch = '+';
        }
        return ev->key != WINDOW_KEY_OTHER;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button != SDL_BUTTON_LEFT)
            return false;
        ev->kind = WINDOW_EVENT_CLICK;
        ev->x = e->button.x;
        ev->y = e->button.y;
        to_pixels(w, &ev->x, &ev->y);
        return true;
    case SDL_MOUSEMOTION:
        ev->kind = WINDOW_EVENT_MOTION;
        ev->x = e->motion.x;
        ev->y = e->motion.y;
        to_pixels(w, &ev->x, &ev->y);
        return true;
    case SDL_MOUSEWHEEL:
        ev->kind = WINDOW_EVENT_WHEEL;
        ev->dy = e->wheel.y;
        return true;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            e->window.event == SDL_WINDOWEVENT_RESTORED ||
            e->window.event == SDL_WINDOWEVENT_EXPOSED) {
            ev->kind = WINDOW_EVENT_RESIZE;
            return true;
        }
        return false;
    case SDL_DROPFILE:
        ev->kind = WINDOW_EVENT_DROP;
        snprintf(ev->path, sizeof ev->path, "%s", e->drop.file ? e->drop.file : "");
        SDL_free(e->drop.file);
        return true;
    default:
        return false;
    }
}

bool window_poll(window *w, window_event *ev, int timeout_ms)
{
    if (w->count > 0) {
        *ev = w->queue[w->head];
        w->head = (w->head + 1) % QUEUE;
        w->count--;
        return true;
    }
    SDL_Event e;
    while (timeout_ms > 0 ? SDL_WaitEventTimeout(&e, timeout_ms) : SDL_PollEvent(&e)) {
        if (translate(w, &e, ev))
            return true;
        timeout_ms = 0; /* something arrived: drain the rest without waiting */
    }
    return false;
}

void window_size(window *w, int *width, int *height, float *pixel_ratio)
{
    int ww = 1, wh = 1;
    SDL_GetWindowSize(w->sdl, &ww, &wh);
    if (SDL_GetRendererOutputSize(w->renderer, width, height) != 0) {
        *width = ww;
        *height = wh;
    }
    *pixel_ratio = ww > 0 ? (float)*width / (float)ww : 1.0f;
}

static draw_options options_of(const window_view *o, float ratio)
{
    draw_options d;
    memset(&d, 0, sizeof d);
    d.map = o && o->map;
    d.help = o && o->help;
    d.text_scale = (o && o->text_scale > 0 ? o->text_scale : 1.0f) * (ratio > 0 ? ratio : 1);
    d.hover_point = o ? o->hover_point : -1;
    d.help_lines = o ? o->help_lines : NULL;
    d.hover_text = o ? o->hover_text : NULL;
    return d;
}

window_hit window_hit_test(const scene *s, const window_view *o, int width, int height, int px,
                           int py)
{
    window_hit hit = {WINDOW_HIT_NONE, -1};
    draw_options d = options_of(o, 1.0f);
    draw_layout l;
    draw_layout_of(NULL, s, width, height, &d, &l); /* the ring and map need no fonts */
    float x, y;
    if (d.map && draw_to_unit(&l.map, px, py, &x, &y)) {
        int q = scene_hit_point(s, x, y, 0.015f);
        if (q >= 0)
            return (window_hit){WINDOW_HIT_POINT, q};
    } else if (!d.map && draw_to_unit(&l.ring, px, py, &x, &y)) {
        int n = scene_hit_node(s, x, y);
        if (n >= 0)
            return (window_hit){WINDOW_HIT_NODE, n};
    }
    int r = draw_round_at(&l, s, px, py);
    if (r >= 0)
        return (window_hit){WINDOW_HIT_ROUND, r};
    return hit;
}

window_hit window_hit_test_in(window *w, const scene *s, const window_view *o, int width,
                              int height, int px, int py)
{
    window_hit hit = window_hit_test(s, o, width, height, px, py);
    if (hit.kind != WINDOW_HIT_NONE || !w)
        return hit;
    draw_options d = options_of(o, 1.0f);
    int issue = draw_issue_at(w->fonts, s, width, height, &d, px, py);
    return issue >= 0 ? (window_hit){WINDOW_HIT_ISSUE, issue} : hit;
}

void window_present(window *w, const scene *s, const window_view *o)
{
    int width, height;
    float ratio;
    window_size(w, &width, &height, &ratio);
    if (width <= 0 || height <= 0)
        return; /* minimised: nothing to draw until it comes back */
    draw_options d = options_of(o, 1.0f); /* the fonts already carry the pixel ratio */
    draw_scene(w->renderer, w->fonts, s, width, height, &d);
    SDL_RenderPresent(w->renderer);
}

ent_status window_render_png(const scene *s, int width, int height, const window_view *o,
                             const char *path, ent_error *err)
{
    draw_options d = options_of(o, 1.0f);
    return draw_to_png(s, width, height, &d, path, err);
}

void window_toggle_fullscreen(window *w)
{
    Uint32 flags = SDL_GetWindowFlags(w->sdl);
    SDL_SetWindowFullscreen(w->sdl, (flags & SDL_WINDOW_FULLSCREEN_DESKTOP)
                                        ? 0
                                        : SDL_WINDOW_FULLSCREEN_DESKTOP);
}

ent_status window_screenshot(window *w, const char *path, ent_error *err)
{
    int width, height;
    float ratio;
    window_size(w, &width, &height, &ratio);
    SDL_Surface *shot = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32,
                                                       SDL_PIXELFORMAT_ARGB8888);
    if (!shot)
        return ent_fail(err, ENT_ERR_NOMEM, "screenshot: %s", SDL_GetError());
    if (SDL_RenderReadPixels(w->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, shot->pixels,
                             shot->pitch) != 0) {
        SDL_FreeSurface(shot);
        return ent_fail(err, ENT_ERR_IO, "screenshot: %s", SDL_GetError());
    }
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    int rc = IMG_SavePNG(shot, tmp);
    SDL_FreeSurface(shot);
    if (rc != 0 || rename(tmp, path) != 0) {
        int saved = errno;
        unlink(tmp);
        return ent_fail(err, ENT_ERR_IO, "%s: cannot write the screenshot: %s", path,
                        rc != 0 ? IMG_GetError() : strerror(saved));
    }
    return ENT_OK;
}

unsigned window_ticks(void)
{
    return SDL_GetTicks();
}
