/* draw_png.c: drawing without a display: SDL's software renderer into a surface (no video
   subsystem needed), and PNG output written atomically through afile. */
#include "draw_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "afile.h"

#define CANVAS_MAX_SIDE 16384

struct draw_canvas {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    uint64_t token; /* tells the fonts' texture cache this renderer from a freed one */
};

static _Atomic uint64_t next_token = 1; /* canvases (each with its own fonts) on any thread */

draw_canvas *draw_canvas_new(int width, int height, ent_error *err)
{
    if (width < 1 || height < 1 || width > CANVAS_MAX_SIDE || height > CANVAS_MAX_SIDE) {
        ent_fail(err, ENT_ERR_USAGE, "picture size %dx%d: each side must be 1 to %d pixels",
                 width, height, CANVAS_MAX_SIDE);
        return NULL;
    }
    draw_canvas *c = calloc(1, sizeof *c);
    if (!c) {
        ent_fail(err, ENT_ERR_NOMEM, "out of memory for a %dx%d picture", width, height);
        return NULL;
    }
    c->surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_RGB888);
    if (c->surface)
        c->renderer = SDL_CreateSoftwareRenderer(c->surface);
    if (!c->surface || !c->renderer) {
        ent_fail(err, c->surface ? ENT_ERR_IO : ENT_ERR_NOMEM, "cannot draw a %dx%d picture: %s",
                 width, height, SDL_GetError());
        draw_canvas_free(c);
        return NULL;
    }
    c->token = atomic_fetch_add(&next_token, 1);
    return c;
}

void draw_canvas_free(draw_canvas *c)
{
    if (!c)
        return;
    if (c->renderer)
        SDL_DestroyRenderer(c->renderer); /* and the textures cached for it */
    if (c->surface)
        SDL_FreeSurface(c->surface);
    free(c);
}

ent_status draw_canvas_render(draw_canvas *c, draw_fonts *f, const scene *s,
                              const draw_options *o, ent_error *err)
{
    if (!c || !s)
        return ent_fail(err, ENT_ERR_USAGE, "nothing to draw");
    draw_scene_with(c->renderer, f, s, c->surface->w, c->surface->h, o, c->token);
    if (SDL_RenderFlush(c->renderer) != 0)
        return ent_fail(err, ENT_ERR_IO, "drawing failed: %s", SDL_GetError());
    return ENT_OK;
}

uint32_t draw_canvas_pixel(const draw_canvas *c, int x, int y)
{
    if (!c || x < 0 || y < 0 || x >= c->surface->w || y >= c->surface->h)
        return 0;
    const uint8_t *row = (const uint8_t *)c->surface->pixels + (size_t)y * (size_t)c->surface->pitch;
    Uint32 px;
    memcpy(&px, row + (size_t)x * 4, sizeof px);
    Uint8 r, g, b;
    SDL_GetRGB(px, c->surface->format, &r, &g, &b);
    return (uint32_t)r << 16 | (uint32_t)g << 8 | b;
}

/* ---- PNG into memory, then one atomic write ------------------------------------------------ */

typedef struct {
    unsigned char *data;
    size_t size, cap, pos;
    bool failed;
} membuf;

static Sint64 mem_size(SDL_RWops *rw)
{
    return (Sint64)((membuf *)rw->hidden.unknown.data1)->size;
}

static Sint64 mem_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    membuf *m = rw->hidden.unknown.data1;
    Sint64 base = whence == RW_SEEK_SET ? 0 : whence == RW_SEEK_CUR ? (Sint64)m->pos
                                                                     : (Sint64)m->size;
    if (base + offset < 0 || base + offset > (Sint64)m->size)
        return SDL_SetError("seek outside the PNG buffer");
    m->pos = (size_t)(base + offset);
    return (Sint64)m->pos;
}

static size_t mem_read(SDL_RWops *rw, void *ptr, size_t size, size_t n)
{
    (void)rw, (void)ptr, (void)size, (void)n;
    SDL_SetError("the PNG buffer is write-only");
    return 0;
}

static size_t mem_write(SDL_RWops *rw, const void *ptr, size_t size, size_t n)
{
    membuf *m = rw->hidden.unknown.data1;
    if (size == 0 || n == 0)
        return 0;
    if (n > SIZE_MAX / size || m->pos > SIZE_MAX - size * n) {
        m->failed = true;
        return 0;
    }
    size_t bytes = size * n, end = m->pos + bytes;
    if (end > m->cap) {
        size_t cap = m->cap ? m->cap : 1 << 16;
        while (cap < end)
            cap = cap > SIZE_MAX / 2 ? end : cap * 2;
        unsigned char *grown = realloc(m->data, cap);
        if (!grown) {
            m->failed = true;
            SDL_OutOfMemory();
            return 0;
        }
        m->data = grown;
        m->cap = cap;
    }
    memcpy(m->data + m->pos, ptr, bytes);
    m->pos = end;
    m->size = end > m->size ? end : m->size;
    return n;
}

static int mem_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw);
    return 0;
}

ent_status draw_canvas_save_png(draw_canvas *c, const char *path, ent_error *err)
{
    if (!c || !path || !*path)
        return ent_fail(err, ENT_ERR_USAGE, "no path for the PNG");
    membuf m = {0};
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw)
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    rw->size = mem_size;
    rw->seek = mem_seek;
    rw->read = mem_read;
    rw->write = mem_write;
    rw->close = mem_close;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->hidden.unknown.data1 = &m;
    int rc = IMG_SavePNG_RW(c->surface, rw, 1);
    ent_status st;
    if (rc != 0 || m.failed || m.size == 0)
        st = ent_fail(err, m.failed ? ENT_ERR_NOMEM : ENT_ERR_IO, "%s: cannot encode the PNG: %s",
                      path, IMG_GetError());
    else
        st = afile_write(path, m.data, m.size, err);
    free(m.data);
    return st;
}

ent_status draw_to_png(const scene *s, int width, int height, const draw_options *o,
                       const char *path, ent_error *err)
{
    ent_error local;
    if (!err)
        err = &local;
    ent_error_clear(err);
    if (!s)
        return ent_fail(err, ENT_ERR_USAGE, "nothing to draw");
    if (!path || !*path)
        return ent_fail(err, ENT_ERR_USAGE, "no path for the PNG");
    draw_canvas *c = draw_canvas_new(width, height, err);
    if (!c)
        return err->status;
    draw_fonts *f = draw_fonts_open(1.0f, err);
    ent_status st = f ? draw_canvas_render(c, f, s, o, err) : err->status;
    if (st == ENT_OK)
        st = draw_canvas_save_png(c, path, err);
    draw_canvas_free(c);
    draw_fonts_close(f);
    return st;
}
