/* draw_font.c: finding and opening the DejaVu fonts, text sizes per frame, and the caches that
   keep a frame cheap: rendered text textures, measurements and wrapped lines. */
#include "draw_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT_SLOTS 12
#define BUCKETS 2048
#define CACHE_SOFT_LIMIT 768 /* past this, a frame's end evicts what recent frames did not use */
#define WRAP_MEMO 32
#define FONT_FILE_MAX (64L << 20)

/* ============================================================================================
   Finding the font
   ============================================================================================ */

static const char *const default_dirs[] = {
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/truetype",
    "/usr/local/share/fonts",
    "/usr/local/share/fonts/dejavu",
    "/opt/homebrew/share/fonts",
    NULL,
};

typedef struct {
    int px;
    bool bold;
    TTF_Font *font;
    uint64_t used;
} font_slot;

typedef enum { ENTRY_TEXT, ENTRY_MEASURE, ENTRY_DISC } entry_kind;

typedef struct cache_entry {
    struct cache_entry *next;
    uint64_t hash;
    uint64_t used;       /* the frame that last used it */
    SDL_Texture *tex;    /* NULL for measurements */
    int w, h;
    int px, maxw;
    uint32_t rgb;
    entry_kind kind;
    bool bold;
    char text[];
} cache_entry;

typedef struct {
    char *text;
    int px, width;
    bool bold;
    int count, stored;
    draw_span *lines;
    uint64_t used;
} wrap_memo;

struct draw_fonts {
    float scale;
    char path[1024];
    char bold_path[1024];
    unsigned char *regular, *bold;   /* the font files, in memory */
    long regular_size, bold_size;
    font_slot slots[FONT_SLOTS];
    SDL_Renderer *renderer;          /* the textures' renderer */
    uint64_t token;
    uint64_t frame;
    cache_entry *buckets[BUCKETS];
    int count;
    wrap_memo wraps[WRAP_MEMO];
    SDL_Texture *layer;              /* a picture kept between frames (the map's points) */
    uint64_t layer_key;
    int layer_w, layer_h;
};

/* Reads a whole file; NULL with errno-style reason in why. */
static unsigned char *read_file(const char *path, long *size, char *why, size_t why_size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(why, why_size, "%s", strerror(errno));
        return NULL;
    }
    unsigned char *buf = NULL;
    long n = -1;
    if (fseek(fp, 0, SEEK_END) == 0)
        n = ftell(fp);
    if (n <= 0 || n > FONT_FILE_MAX || fseek(fp, 0, SEEK_SET) != 0) {
        snprintf(why, why_size, n == 0 ? "empty file" : "not a regular file of sensible size");
        fclose(fp);
        return NULL;
    }
    buf = malloc((size_t)n);
    if (!buf) {
        snprintf(why, why_size, "out of memory");
        fclose(fp);
        return NULL;
    }
    if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        snprintf(why, why_size, "cannot read: %s", ferror(fp) ? strerror(errno) : "short file");
        free(buf);
        fclose(fp);
        return NULL;
    }
    fclose(fp);
    *size = n;
    return buf;
}

/* Is this buffer a font SDL_ttf can open? */
static bool font_opens(const unsigned char *data, long size, char *why, size_t why_size)
{
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)size);
    TTF_Font *font = rw ? TTF_OpenFontRW(rw, 1, 12) : NULL;
    if (!font) {
        snprintf(why, why_size, "not a font SDL_ttf can read (%s)", TTF_GetError());
        return false;
    }
    TTF_CloseFont(font);
    return true;
}

/* Loads path as the regular face; on success also looks for its bold sibling. */
static bool try_font(draw_fonts *f, const char *path, const char *bold_path, char *why,
                     size_t why_size)
{
    long size = 0;
    unsigned char *data = read_file(path, &size, why, why_size);
    if (!data)
        return false;
    if (!font_opens(data, size, why, why_size)) {
        free(data);
        return false;
    }
    f->regular = data;
    f->regular_size = size;
    snprintf(f->path, sizeof f->path, "%s", path);
    char ignored[256];
    if (bold_path) {
        data = read_file(bold_path, &size, ignored, sizeof ignored);
        if (data && font_opens(data, size, ignored, sizeof ignored)) {
            f->bold = data;
            f->bold_size = size;
            snprintf(f->bold_path, sizeof f->bold_path, "%s", bold_path);
        } else {
            free(data);
        }
    }
    return true;
}

/* "/x/Foo.ttf" -> "/x/Foo-Bold.ttf" (false when it does not end in .ttf). */
static bool bold_sibling(const char *path, char *out, size_t size)
{
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".ttf") != 0 || n + 6 > size)
        return false;
    snprintf(out, size, "%.*s-Bold.ttf", (int)(n - 4), path);
    return true;
}

/* Appends the strings to buf, cut to fit (the list of places tried, for the message). */
static void append(char *buf, size_t size, const char *const *parts, int n)
{
    size_t used = strlen(buf);
    for (int i = 0; i < n && used + 1 < size; i++) {
        size_t len = strlen(parts[i]);
        len = len < size - 1 - used ? len : size - 1 - used;
        memcpy(buf + used, parts[i], len);
        used += len;
    }
    buf[used] = '\0';
}

draw_fonts *draw_fonts_open_search(float scale, const char *const *dirs, ent_error *err)
{
    if (TTF_Init() != 0) {
        ent_fail(err, ENT_ERR_IO, "cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    draw_fonts *f = calloc(1, sizeof *f);
    if (!f) {
        TTF_Quit();
        ent_fail(err, ENT_ERR_NOMEM, "out of memory opening the fonts");
        return NULL;
    }
    f->scale = scale > 0 && isfinite(scale) ? scale : 1.0f;
    char tried[900] = "";
    char why[256];
    const char *env = getenv("ENTENTE_FONT");
    bool found = false;
    if (env && *env) {
        char bold[1024];
        bool has_bold = bold_sibling(env, bold, sizeof bold);
        found = try_font(f, env, has_bold ? bold : NULL, why, sizeof why);
        if (!found)
            append(tried, sizeof tried, (const char *[]){"ENTENTE_FONT=", env, " (", why, ")"}, 5);
    }
    for (int i = 0; !found && (dirs ? dirs : default_dirs)[i]; i++) {
        const char *dir = (dirs ? dirs : default_dirs)[i];
        char path[1024], bold[1024];
        snprintf(path, sizeof path, "%s/DejaVuSans.ttf", dir);
        snprintf(bold, sizeof bold, "%s/DejaVuSans-Bold.ttf", dir);
        found = try_font(f, path, bold, why, sizeof why);
        const char *sep = tried[0] ? ", " : "";
        if (!found && strcmp(why, strerror(ENOENT)) == 0) /* the usual case: not there */
            append(tried, sizeof tried, (const char *[]){sep, dir}, 2);
        else if (!found)
            append(tried, sizeof tried, (const char *[]){sep, path, " (", why, ")"}, 5);
    }
    if (!found) {
        ent_fail(err, ENT_ERR_IO,
                 "no font: looked for DejaVuSans.ttf in %s; install fonts-dejavu-core or set "
                 "ENTENTE_FONT=/path/to/font.ttf",
                 tried[0] ? tried : "(nowhere: empty search path)");
        free(f);
        TTF_Quit();
        return NULL;
    }
    return f;
}

draw_fonts *draw_fonts_open(float scale, ent_error *err)
{
    return draw_fonts_open_search(scale, NULL, err);
}

const char *draw_fonts_path(const draw_fonts *f)
{
    return f ? f->path : "";
}

/* ============================================================================================
   Sizes and faces
   ============================================================================================ */

static TTF_Font *face(draw_fonts *f, int px, bool bold)
{
    font_slot *victim = &f->slots[0];
    for (int i = 0; i < FONT_SLOTS; i++) {
        font_slot *s = &f->slots[i];
        if (s->font && s->px == px && s->bold == bold) {
            s->used = f->frame + 1;
            return s->font;
        }
        if (!s->font || (victim->font && s->used < victim->used))
            victim = s;
    }
    if (victim->font)
        TTF_CloseFont(victim->font);
    victim->font = NULL;
    bool own_bold = bold && f->bold;
    SDL_RWops *rw = SDL_RWFromConstMem(own_bold ? f->bold : f->regular,
                                       (int)(own_bold ? f->bold_size : f->regular_size));
    TTF_Font *font = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!font)
        return NULL;
    if (bold && !own_bold)
        TTF_SetFontStyle(font, TTF_STYLE_BOLD);
    victim->font = font;
    victim->px = px;
    victim->bold = bold;
    victim->used = f->frame + 1;
    return font;
}

static const int role_base[DRAW_ROLES] = {12, 12, 14, 14, 17, 22};
static const bool role_bold[DRAW_ROLES] = {false, true, false, true, true, true};

void draw_ctx_init(draw_ctx *c, SDL_Renderer *r, draw_fonts *f, int width, int height,
                   const draw_options *o)
{
    memset(c, 0, sizeof *c);
    c->r = r;
    c->f = f;
    float u = fminf((float)width / 1280.0f, (float)height / 720.0f);
    c->u = u < 0.5f ? 0.5f : u > 4.0f ? 4.0f : u;
    float ts = o && o->text_scale > 0 && isfinite(o->text_scale) ? o->text_scale : 1.0f;
    ts = ts < 0.25f ? 0.25f : ts > 6.0f ? 6.0f : ts;
    float k = c->u * ts * (f ? f->scale : 1.0f);
    for (int i = 0; i < DRAW_ROLES; i++) {
        int px = (int)lroundf((float)role_base[i] * k);
        px = px < 7 ? 7 : px > 200 ? 200 : px;
        c->px[i] = px;
        TTF_Font *font = f ? face(f, px, role_bold[i]) : NULL;
        c->line[i] = font ? TTF_FontLineSkip(font) : (int)lroundf((float)px * 1.17f);
        c->height[i] = font ? TTF_FontHeight(font) : (int)lroundf((float)px * 1.17f);
    }
}

/* ============================================================================================
   The cache
   ============================================================================================ */

static uint64_t hash_key(entry_kind kind, int px, bool bold, uint32_t rgb, int maxw,
                         const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    uint64_t k[4] = {(uint64_t)kind, (uint64_t)px * 2 + bold, rgb, (uint64_t)(uint32_t)maxw};
    for (int i = 0; i < 4; i++)
        h = (h ^ k[i]) * 1099511628211ull;
    return h;
}

static cache_entry *find(draw_fonts *f, uint64_t h, entry_kind kind, int px, bool bold,
                         uint32_t rgb, int maxw, const char *s)
{
    for (cache_entry *e = f->buckets[h % BUCKETS]; e; e = e->next)
        if (e->hash == h && e->kind == kind && e->px == px && e->bold == bold &&
            e->rgb == rgb && e->maxw == maxw && strcmp(e->text, s) == 0) {
            e->used = f->frame;
            return e;
        }
    return NULL;
}

static cache_entry *insert(draw_fonts *f, uint64_t h, entry_kind kind, int px, bool bold,
                           uint32_t rgb, int maxw, const char *s)
{
    size_t n = strlen(s);
    cache_entry *e = calloc(1, sizeof *e + n + 1);
    if (!e)
        return NULL;
    memcpy(e->text, s, n + 1);
    e->hash = h;
    e->kind = kind;
    e->px = px;
    e->bold = bold;
    e->rgb = rgb;
    e->maxw = maxw;
    e->used = f->frame;
    e->next = f->buckets[h % BUCKETS];
    f->buckets[h % BUCKETS] = e;
    f->count++;
    return e;
}

/* Removes entries for which drop() says so; destroys their textures when `destroy`. */
static void sweep(draw_fonts *f, bool (*drop)(const draw_fonts *, const cache_entry *),
                  bool destroy)
{
    for (int b = 0; b < BUCKETS; b++) {
        cache_entry **link = &f->buckets[b];
        while (*link) {
            cache_entry *e = *link;
            if (drop(f, e)) {
                *link = e->next;
                if (destroy && e->tex)
                    SDL_DestroyTexture(e->tex);
                free(e);
                f->count--;
            } else {
                link = &e->next;
            }
        }
    }
}

static bool has_texture(const draw_fonts *f, const cache_entry *e)
{
    (void)f;
    return e->tex != NULL;
}

static bool stale(const draw_fonts *f, const cache_entry *e)
{
    return e->used + 2 < f->frame;
}

static bool unused_now(const draw_fonts *f, const cache_entry *e)
{
    return e->used < f->frame;
}

static bool everything(const draw_fonts *f, const cache_entry *e)
{
    (void)f;
    (void)e;
    return true;
}

void draw_fonts_bind(draw_fonts *f, SDL_Renderer *r, uint64_t token)
{
    if (f->renderer == r && f->token == token)
        return;
    sweep(f, has_texture, false); /* the old renderer owns (or freed) them */
    f->layer = NULL;
    f->renderer = r;
    f->token = token;
}

void draw_fonts_forget(draw_fonts *f)
{
    if (!f)
        return;
    sweep(f, has_texture, false);
    f->layer = NULL;
    f->renderer = NULL;
    f->token = 0;
}

void draw_fonts_frame_end(draw_fonts *f)
{
    if (f->count > CACHE_SOFT_LIMIT)
        sweep(f, stale, true);
    if (f->count > 4 * CACHE_SOFT_LIMIT)
        sweep(f, unused_now, true);
    f->frame++;
}

void draw_fonts_close(draw_fonts *f)
{
    if (!f)
        return;
    sweep(f, everything, false);
    for (int i = 0; i < FONT_SLOTS; i++)
        if (f->slots[i].font)
            TTF_CloseFont(f->slots[i].font);
    for (int i = 0; i < WRAP_MEMO; i++) {
        free(f->wraps[i].text);
        free(f->wraps[i].lines);
    }
    free(f->regular);
    free(f->bold);
    free(f);
    TTF_Quit();
}

/* ============================================================================================
   Measuring, fitting and drawing text
   ============================================================================================ */

static int raw_width(draw_ctx *c, int role, const char *s)
{
    if (!*s)
        return 0;
    TTF_Font *font = c->f ? face(c->f, c->px[role], role_bold[role]) : NULL;
    int w = 0, h = 0;
    if (!font || TTF_SizeUTF8(font, s, &w, &h) != 0)
        return (int)(strlen(s) * (size_t)c->px[role] * 55 / 100);
    return w;
}

int draw_text_width(draw_ctx *c, int role, const char *s)
{
    if (!s || !*s)
        return 0;
    if (!c->f)
        return raw_width(c, role, s);
    int px = c->px[role];
    bool bold = role_bold[role];
    uint64_t h = hash_key(ENTRY_MEASURE, px, bold, 0, 0, s);
    cache_entry *e = find(c->f, h, ENTRY_MEASURE, px, bold, 0, 0, s);
    if (!e) {
        e = insert(c->f, h, ENTRY_MEASURE, px, bold, 0, 0, s);
        if (!e)
            return raw_width(c, role, s);
        e->w = raw_width(c, role, s);
    }
    return e->w;
}

static bool continuation(unsigned char ch)
{
    return (ch & 0xC0) == 0x80;
}

static size_t floor_boundary(const char *s, size_t k)
{
    while (k > 0 && continuation((unsigned char)s[k]))
        k--;
    return k;
}

/* s cut to its longest prefix that fits maxw with an ellipsis ("" when not even that fits);
   out holds at least strlen(s) + 4 bytes. */
static void fit(draw_ctx *c, int role, const char *s, int maxw, char *out)
{
    static const char ell[] = "\xE2\x80\xA6"; /* U+2026 */
    size_t n = strlen(s);
    if (raw_width(c, role, s) <= maxw) {
        memcpy(out, s, n + 1);
        return;
    }
    size_t lo = 0, hi = n; /* the largest k whose prefix, with the ellipsis, fits */
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2, b = floor_boundary(s, mid);
        memcpy(out, s, b);
        memcpy(out + b, ell, sizeof ell);
        if (raw_width(c, role, out) <= maxw)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t b = floor_boundary(s, lo);
    while (b > 0 && s[b - 1] == ' ')
        b--;
    memcpy(out, s, b);
    memcpy(out + b, ell, sizeof ell);
    if (raw_width(c, role, out) > maxw)
        out[0] = '\0';
}

int draw_text(draw_ctx *c, int role, uint32_t rgb, int x, int y, int maxw, int align,
              const char *s)
{
    if (!s || !*s || !c->f || !c->r || maxw < 0)
        return 0;
    int px = c->px[role];
    bool bold = role_bold[role];
    uint64_t h = hash_key(ENTRY_TEXT, px, bold, rgb, maxw, s);
    cache_entry *e = find(c->f, h, ENTRY_TEXT, px, bold, rgb, maxw, s);
    if (!e) {
        TTF_Font *font = face(c->f, px, bold);
        if (!font)
            return 0;
        size_t n = strlen(s);
        char stack[512];
        char *shown = n + 8 <= sizeof stack ? stack : malloc(n + 8);
        if (!shown)
            return 0;
        if (maxw > 0)
            fit(c, role, s, maxw, shown);
        else
            memcpy(shown, s, n + 1);
        e = insert(c->f, h, ENTRY_TEXT, px, bold, rgb, maxw, s);
        if (e && shown[0]) {
            SDL_Color col = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
            SDL_Surface *surf = TTF_RenderUTF8_Blended(font, shown, col);
            if (surf) {
                e->tex = c->r ? SDL_CreateTextureFromSurface(c->r, surf) : NULL;
                e->w = surf->w;
                e->h = surf->h;
                SDL_FreeSurface(surf);
            }
        }
        if (shown != stack)
            free(shown);
        if (!e)
            return 0;
    }
    if (!e->tex)
        return 0;
    int left = align == DRAW_CENTRE ? x - e->w / 2 : align == DRAW_RIGHT ? x - e->w : x;
    SDL_Rect dst = {left, y, e->w, e->h};
    SDL_RenderCopy(c->r, e->tex, NULL, &dst);
    return e->w;
}

/* ---- wrapping ----------------------------------------------------------------------------- */

static int wrap_compute(draw_ctx *c, int role, const char *s, int width, draw_span *lines,
                        int max)
{
    size_t n = strlen(s);
    char *buf = malloc(n + 1);
    if (!buf)
        return 0;
    int count = 0;
    size_t pos = 0;
    while (pos < n) {
        while (pos < n && s[pos] == ' ')
            pos++;
        if (pos >= n)
            break;
        size_t end = pos, good = pos;
        bool hard = false;
        while (end < n) {
            size_t next = end;
            while (next < n && s[next] == ' ')
                next++;
            while (next < n && s[next] != ' ' && s[next] != '\n')
                next++;
            memcpy(buf, s + pos, next - pos);
            buf[next - pos] = '\0';
            if (raw_width(c, role, buf) > width)
                break;
            good = end = next;
            if (end < n && s[end] == '\n') {
                hard = true;
                break;
            }
        }
        if (good == pos) {
            if (s[pos] == '\n') { /* an empty line */
                if (count < max)
                    lines[count] = (draw_span){(int)pos, 0};
                count++;
                pos++;
                continue;
            }
            /* One word wider than the line: cut it at a character that fits. */
            size_t cut = pos;
            do {
                size_t next = cut + 1;
                while (next < n && continuation((unsigned char)s[next]))
                    next++;
                memcpy(buf, s + pos, next - pos);
                buf[next - pos] = '\0';
                if (cut > pos && raw_width(c, role, buf) > width)
                    break;
                cut = next;
            } while (cut < n && s[cut] != ' ' && s[cut] != '\n');
            good = cut;
        }
        if (count < max)
            lines[count] = (draw_span){(int)pos, (int)(good - pos)};
        count++;
        pos = good;
        if (hard || (pos < n && s[pos] == '\n'))
            pos++;
    }
    free(buf);
    return count;
}

int draw_wrap(draw_ctx *c, int role, const char *s, int width, draw_span *lines, int max)
{
    if (!s || !*s || width <= 0)
        return 0;
    if (!c->f)
        return wrap_compute(c, role, s, width, lines, max);
    draw_fonts *f = c->f;
    int px = c->px[role];
    bool bold = role_bold[role];
    wrap_memo *victim = &f->wraps[0];
    for (int i = 0; i < WRAP_MEMO; i++) {
        wrap_memo *m = &f->wraps[i];
        if (m->text && m->px == px && m->bold == bold && m->width == width &&
            strcmp(m->text, s) == 0 && (m->stored >= max || m->stored == m->count)) {
            m->used = f->frame;
            int k = m->count < max ? m->count : max;
            memcpy(lines, m->lines, (size_t)k * sizeof *lines);
            return m->count;
        }
        if (!m->text || m->used < victim->used)
            victim = m;
    }
    int count = wrap_compute(c, role, s, width, lines, max);
    int stored = count < max ? count : max;
    free(victim->text);
    free(victim->lines);
    memset(victim, 0, sizeof *victim);
    victim->text = strdup(s);
    victim->lines = malloc((size_t)(stored > 0 ? stored : 1) * sizeof *lines);
    if (!victim->text || !victim->lines) {
        free(victim->text);
        free(victim->lines);
        memset(victim, 0, sizeof *victim);
        return count;
    }
    memcpy(victim->lines, lines, (size_t)stored * sizeof *lines);
    victim->px = px;
    victim->bold = bold;
    victim->width = width;
    victim->count = count;
    victim->stored = stored;
    victim->used = f->frame;
    return count;
}

int draw_text_block(draw_ctx *c, int role, uint32_t rgb, int x, int y, int width,
                    int max_lines, const char *s)
{
    if (max_lines <= 0 || !s || !*s)
        return 0;
    draw_span lines[64];
    if (max_lines > 64)
        max_lines = 64;
    int count = draw_wrap(c, role, s, width, lines, max_lines);
    int shown = count < max_lines ? count : max_lines;
    char buf[1024];
    for (int i = 0; i < shown; i++) {
        int len = lines[i].len < (int)sizeof buf - 8 ? lines[i].len : (int)sizeof buf - 8;
        memcpy(buf, s + lines[i].start, (size_t)len);
        buf[len] = '\0';
        if (i == shown - 1 && count > shown) /* more follows: say so */
            memcpy(buf + len, " \xE2\x80\xA6", 5);
        draw_text(c, role, rgb, x, y + i * c->line[role], width, DRAW_LEFT, buf);
    }
    return shown * c->line[role];
}

/* ---- stamps ------------------------------------------------------------------------------- */

SDL_Texture *draw_disc_stamp(draw_ctx *c, int radius, uint32_t rgb)
{
    if (!c->f || !c->r || radius < 1)
        return NULL;
    rgb &= 0xFFFFFF;
    uint64_t h = hash_key(ENTRY_DISC, radius, false, rgb, 0, "");
    cache_entry *e = find(c->f, h, ENTRY_DISC, radius, false, rgb, 0, "");
    if (e)
        return e->tex;
    e = insert(c->f, h, ENTRY_DISC, radius, false, rgb, 0, "");
    if (!e)
        return NULL;
    int d = 2 * radius + 1;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf)
        return NULL;
    SDL_FillRect(surf, NULL, rgb); /* alpha 0 outside the disc */
    float reach = ((float)radius + 0.4f) * ((float)radius + 0.4f);
    for (int dy = -radius; dy <= radius; dy++) { /* one span per row */
        int half = (int)floorf(sqrtf(reach - (float)(dy * dy)));
        half = half > radius ? radius : half;
        SDL_Rect span = {radius - half, radius + dy, 2 * half + 1, 1};
        SDL_FillRect(surf, &span, 0xFF000000u | rgb);
    }
    e->tex = SDL_CreateTextureFromSurface(c->r, surf);
    SDL_FreeSurface(surf);
    if (e->tex)
        SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
    e->w = e->h = d;
    return e->tex;
}

/* ---- layers ------------------------------------------------------------------------------- */

SDL_Texture *draw_layer(draw_ctx *c, uint64_t key, int w, int h, bool *fresh)
{
    draw_fonts *f = c->f;
    *fresh = false;
    if (!f || !c->r || w <= 0 || h <= 0 || !SDL_RenderTargetSupported(c->r))
        return NULL;
    if (f->layer && f->layer_key == key && f->layer_w == w && f->layer_h == h)
        return f->layer;
    if (f->layer && (f->layer_w != w || f->layer_h != h)) {
        SDL_DestroyTexture(f->layer);
        f->layer = NULL;
    }
    if (!f->layer)
        f->layer = SDL_CreateTexture(c->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    if (!f->layer)
        return NULL;
    SDL_SetTextureBlendMode(f->layer, SDL_BLENDMODE_NONE);
    f->layer_key = key;
    f->layer_w = w;
    f->layer_h = h;
    *fresh = true;
    return f->layer;
}

void draw_layer_drop(draw_ctx *c)
{
    if (c->f && c->f->layer) {
        SDL_DestroyTexture(c->f->layer);
        c->f->layer = NULL;
    }
}
