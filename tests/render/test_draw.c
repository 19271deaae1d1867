/* test_draw.c: the render layer with SDL's software renderer (no display): golden pictures,
   pixel checks of what a user must see, PNG output, and the missing-font message.

   Golden pictures live in tests/render/golden (one PNG each). After an intended change to the drawing,
   regenerate them and look at them before committing:

       ENTENTE_REGENERATE=1 build/dev/tests/test_draw

   (from the project root; the test then writes the goldens instead of comparing). They depend
   on FreeType's rasteriser and SDL's software renderer: regenerate on the machine that runs CI.
   On a mismatch the test writes what it drew to $TMPDIR (or /tmp) as NAME.actual.png. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "draw.h"

#ifndef ENTENTE_SOURCE_DIR
#define ENTENTE_SOURCE_DIR "."
#endif
#define GOLDEN_DIR ENTENTE_SOURCE_DIR "/tests/render/golden"
#define PI 3.14159265358979323846

static draw_fonts *fonts;

/* ============================================================================================
   Scenes built by hand
   ============================================================================================ */

static const struct {
    const char *id, *name;
    uint32_t colour;
} cast[] = {
    {"US", "United States", 0x0072B2}, {"UA", "Ukraine", 0xE69F00},
    {"RU", "Russia", 0xD55E00},        {"UK", "United Kingdom", 0x56B4E9},
    {"FR", "France", 0xCC79A7},        {"DE", "Germany", 0x2E8B57},
    {"IT", "Italy", 0xF0E442},         {"PL", "Poland", 0x882255},
    {"TR", "Turkiye", 0x999999},       {"CN", "China", 0x000000},
};
#define CAST (int)(sizeof cast / sizeof cast[0])

static const scene_stance stances[] = {SCENE_STANCE_ACCEPTS, SCENE_STANCE_ACCEPTS,
                                       SCENE_STANCE_OBJECTS, SCENE_STANCE_ACCEPTS,
                                       SCENE_STANCE_WALKED,  SCENE_STANCE_ACCEPTS,
                                       SCENE_STANCE_OBJECTS, SCENE_STANCE_NONE,
                                       SCENE_STANCE_ACCEPTS, SCENE_STANCE_ABSENT};

static const char *const issues[][3] = {
    {"troops", "Foreign troops in Ukraine", "European reassurance force"},
    {"us_role", "Role of the United States", "Backstop: air and intelligence"},
    {"nato", "NATO membership", "Deferred, not excluded"},
    {"veto", "Russian veto over guarantees", "No veto"},
    {"sanctions", "Sanctions relief", "Phased, tied to compliance"},
    {"territory", "Line of contact", "Frozen, not recognised"},
    {"guarantor", "China as guarantor", "Not a guarantor"},
};
#define ISSUES (int)(sizeof issues / sizeof issues[0])

static scene *make_scene(int actors, scene_banner_kind banner)
{
    scene *s = calloc(1, sizeof *s);
    assert_non_null(s);
    snprintf(s->title, sizeof s->title, "Security guarantees for Ukraine");
    snprintf(s->variant, sizeof s->variant, "baseline");
    snprintf(s->status, sizeof s->status, "Round 3 of 14: the mediator's text");
    s->round = 3;
    s->rounds = 5;
    s->deadline = 14;
    s->selected = -1;
    s->node_count = actors;
    for (int i = 0; i < actors; i++) {
        scene_node *n = &s->nodes[i];
        snprintf(n->id, sizeof n->id, "%s", cast[i % CAST].id);
        snprintf(n->name, sizeof n->name, "%s", cast[i % CAST].name);
        n->colour = cast[i % CAST].colour;
        double angle = -PI / 2 + 2 * PI * i / actors;
        n->x = (float)(0.5 + 0.36 * cos(angle));
        n->y = (float)(0.5 + 0.36 * sin(angle));
        n->radius = (float)(0.035 + 0.045 * sqrt(1.0 - 0.09 * (i % 10)));
        n->willingness = (i + 1.0) / (actors + 1.0);
        n->utility = 0.35 + 0.05 * (i % 8);
        n->aspiration = 0.55;
        n->stance = stances[i % 10];
        n->required = i % 3 == 0;
        n->signatory = banner != SCENE_BANNER_NONE && n->stance == SCENE_STANCE_ACCEPTS;
        snprintf(n->reason, sizeof n->reason,
                 "%s: the text keeps its core interests and the reassurance force is European, "
                 "so it can live with it; it would rather have a firmer commitment on air "
                 "defence.",
                 n->stance == SCENE_STANCE_OBJECTS ? "Objects" : "Accepts");
    }
    for (int i = 0; i < actors && s->edge_count + 2 <= SCENE_MAX_EDGES; i++) {
        s->edges[s->edge_count++] = (scene_edge){i, (i + 1) % actors, 0.8f};
        if (actors > 3)
            s->edges[s->edge_count++] = (scene_edge){i, (i + 3) % actors, 0.25f};
    }
    s->row_count = ISSUES;
    for (int r = 0; r < ISSUES; r++) {
        scene_row *row = &s->rows[r];
        snprintf(row->id, sizeof row->id, "%s", issues[r][0]);
        snprintf(row->label, sizeof row->label, "%s", issues[r][1]);
        snprintf(row->option, sizeof row->option, "%s", issues[r][2]);
        row->option_index = r % 3;
        row->option_count = 3 + r % 2;
        row->changed = r == 1 || r == 4;
        if (r == 0 && actors > 2)
            row->crosses = (model_set)1 << 2;
        if (r == 3 && actors > 6)
            row->crosses = (model_set)1 << 2 | (model_set)1 << 6;
        if (r == 6 && actors > 9)
            row->crosses = (model_set)1 << 9;
    }
    s->tick_count = 5;
    for (int k = 0; k < 5; k++)
        s->ticks[k] = (scene_tick){k + 1, k == 0 || k == 2, 2 + k};
    s->message_count = 2;
    snprintf(s->messages[0], SCENE_TEXT, "Event: the United States offers air defence support");
    snprintf(s->messages[1], SCENE_TEXT,
             "Russia rejects any European force on Ukrainian soil and says so at length, so "
             "that the line wraps in the panel");
    s->banner = banner;
    const char *titles[] = {"", "Agreement: all parties sign", "Coalition: US UA UK FR DE IT PL",
                            "Breakdown: no package all required parties accept"};
    snprintf(s->banner_title, sizeof s->banner_title, "%s", titles[banner]);
    snprintf(s->banner_text, sizeof s->banner_text,
             "Russia would not sign: the package crosses its red line on foreign troops in "
             "Ukraine. China is not needed as a guarantor. The others accept the phased "
             "sanctions relief because it is tied to compliance, and the line of contact is "
             "frozen without being recognised.");
    return s;
}

/* A map of n points in a jittered grid; point 0 is the Nash package, 1 the current offer. */
static void add_map(scene *s, int n)
{
    s->points = calloc((size_t)n, sizeof *s->points);
    assert_non_null(s->points);
    s->point_count = n;
    int side = (int)ceil(sqrt(n));
    for (int i = 0; i < n; i++) {
        scene_point *p = &s->points[i];
        p->x = 0.05f + 0.9f * (float)(i % side) / (float)(side > 1 ? side - 1 : 1);
        p->y = 0.05f + 0.9f * (float)(i / side) / (float)(side > 1 ? side - 1 : 1);
        p->needed = 6;
        p->accepting = (uint8_t)((i * 5 + i / side) % 7);
        p->deal = p->accepting == 6;
        p->pareto = p->deal && i % 3 == 0;
        for (int r = 0; r < MODEL_MAX_ISSUES; r++)
            p->package.opt[r] = (uint8_t)((i >> (r % 16)) & 1);
    }
    s->points[0].nash = s->points[0].pareto = s->points[0].deal = true;
    s->points[0].accepting = 6;
    s->points[1].current = true;
}

static void free_scene(scene *s)
{
    free(s->points);
    free(s);
}

/* Draws s; with ENTENTE_TEST_DUMP=DIR set, also writes every picture to DIR (to look at). */
static draw_canvas *render(const scene *s, int w, int h, const draw_options *o)
{
    static int dumped;
    ent_error err = {0};
    draw_canvas *c = draw_canvas_new(w, h, &err);
    assert_non_null(c);
    assert_int_equal(draw_canvas_render(c, fonts, s, o, &err), ENT_OK);
    const char *dump = getenv("ENTENTE_TEST_DUMP");
    if (dump && *dump) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%03d_%dx%d.png", dump, dumped++, w, h);
        assert_int_equal(draw_canvas_save_png(c, path, &err), ENT_OK);
    }
    return c;
}

static draw_options defaults(void)
{
    return (draw_options){.text_scale = 1, .hover_point = -1};
}

/* How many pixels of `rgb` are inside r. */
static int count_colour(const draw_canvas *c, draw_rect r, uint32_t rgb)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            n += draw_canvas_pixel(c, x, y) == rgb;
    return n;
}

static const char *tmpdir(void)
{
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

/* ============================================================================================
   Golden pictures
   ============================================================================================ */

static SDL_Surface *load_rgb(const char *path)
{
    SDL_Surface *raw = IMG_Load(path);
    if (!raw)
        return NULL;
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB888, 0);
    SDL_FreeSurface(raw);
    return rgb;
}

static void check_golden(const char *name, const scene *s, int w, int h, const draw_options *o)
{
    char golden[1024], actual[1024];
    snprintf(golden, sizeof golden, "%s/%s.png", GOLDEN_DIR, name);
    snprintf(actual, sizeof actual, "%s/%s.actual.png", tmpdir(), name);
    draw_canvas *c = render(s, w, h, o);
    ent_error err = {0};
    const char *regen = getenv("ENTENTE_REGENERATE");
    if (regen && strcmp(regen, "1") == 0) {
        assert_int_equal(draw_canvas_save_png(c, golden, &err), ENT_OK);
        print_message("regenerated %s\n", golden);
        draw_canvas_free(c);
        return;
    }
    SDL_Surface *want = load_rgb(golden);
    if (!want) {
        draw_canvas_save_png(c, actual, &err);
        draw_canvas_free(c);
        fail_msg("%s: cannot read the golden picture (%s); run with ENTENTE_REGENERATE=1 "
                 "(what was drawn: %s)", golden, IMG_GetError(), actual);
    }
    int differ = 0, first_x = -1, first_y = -1;
    if (want->w != w || want->h != h) {
        differ = -1;
    } else {
        for (int y = 0; y < h; y++) {
            const uint32_t *row = (const uint32_t *)((const uint8_t *)want->pixels +
                                                     (size_t)y * (size_t)want->pitch);
            for (int x = 0; x < w; x++)
                if ((row[x] & 0xFFFFFF) != draw_canvas_pixel(c, x, y)) {
                    if (differ++ == 0)
                        first_x = x, first_y = y;
                }
        }
    }
    SDL_FreeSurface(want);
    if (differ != 0) {
        draw_canvas_save_png(c, actual, &err);
        draw_canvas_free(c);
        if (differ < 0)
            fail_msg("%s: the golden picture has another size than %dx%d", golden, w, h);
        fail_msg("%s: %d pixels differ (first at %d,%d); what was drawn: %s; if the change is "
                 "intended, regenerate with ENTENTE_REGENERATE=1",
                 golden, differ, first_x, first_y, actual);
    }
    draw_canvas_free(c);
}

static void test_golden_ring_agreement(void **state)
{
    (void)state;
    scene *s = make_scene(10, SCENE_BANNER_AGREEMENT);
    s->selected = 1;
    s->nodes[1].selected = true;
    draw_options o = defaults();
    check_golden("ring_agreement", s, 1280, 720, &o);
    free_scene(s);
}

static void test_golden_map_coalition(void **state)
{
    (void)state;
    scene *s = make_scene(8, SCENE_BANNER_COALITION);
    add_map(s, 400);
    s->map_sampled = true;
    draw_options o = defaults();
    o.map = true;
    o.hover_point = 189;
    o.hover_text = "Rejected by RU: foreign troops in Ukraine.";
    check_golden("map_coalition", s, 960, 540, &o);
    free_scene(s);
}

static void test_golden_breakdown_help(void **state)
{
    (void)state;
    scene *s = make_scene(5, SCENE_BANNER_BREAKDOWN);
    static const char *const help[] = {"space\tplay one round", "left / right\tscrub rounds",
                                       "m\tthe deal-space map", "?\tthis help", NULL};
    draw_options o = defaults();
    o.help = true;
    o.help_lines = help;
    check_golden("breakdown_help", s, 800, 450, &o);
    free_scene(s);
}

/* ============================================================================================
   What a user must see
   ============================================================================================ */

static void node_centre(const draw_layout *l, const scene_node *n, int *x, int *y, float *r)
{
    *x = l->ring.x + (int)lroundf(n->x * (float)l->ring.w);
    *y = l->ring.y + (int)lroundf(n->y * (float)l->ring.h);
    *r = n->radius * (float)l->ring.w;
}

static void test_nodes_where_the_layout_puts_them(void **state)
{
    (void)state;
    scene *s = make_scene(10, SCENE_BANNER_NONE);
    draw_options o = defaults();
    int sizes[2][2] = {{1280, 720}, {1920, 1080}};
    for (int k = 0; k < 2; k++) {
        draw_canvas *c = render(s, sizes[k][0], sizes[k][1], &o);
        draw_layout l;
        draw_layout_of(fonts, s, sizes[k][0], sizes[k][1], &o, &l);
        assert_true(l.ring.w > 0 && l.ring.w == l.ring.h);
        for (int i = 0; i < s->node_count; i++) {
            int x, y;
            float r;
            node_centre(&l, &s->nodes[i], &x, &y, &r);
            /* Below the id, inside the fill (the id sits at the centre). A node that is not a
               party is drawn faded. */
            if (s->nodes[i].stance != SCENE_STANCE_ABSENT)
                assert_int_equal(draw_canvas_pixel(c, x, y + (int)(r * 0.6f)),
                                 s->nodes[i].colour);
        }
        draw_canvas_free(c);
    }
    /* An id too long for its node goes under it, so the centre shows the colour itself; and
       the node follows its x, y. */
    snprintf(s->nodes[0].id, sizeof s->nodes[0].id, "LONGCODE");
    s->nodes[0].colour = 0x123456;
    s->nodes[0].x = 0.5f;
    s->nodes[0].y = 0.5f;
    s->edge_count = 0;
    draw_canvas *c = render(s, 1280, 720, &o);
    draw_layout l;
    draw_layout_of(fonts, s, 1280, 720, &o, &l);
    int x, y;
    float r;
    node_centre(&l, &s->nodes[0], &x, &y, &r);
    assert_int_equal(draw_canvas_pixel(c, x, y), 0x123456);
    int old_x = l.ring.x + (int)lroundf(0.5f * (float)l.ring.w);
    int old_y = l.ring.y + (int)lroundf(0.14f * (float)l.ring.h);
    assert_int_not_equal(draw_canvas_pixel(c, old_x, old_y), 0x123456);
    draw_canvas_free(c);
    free_scene(s);
}

static void test_banner_colour_by_kind(void **state)
{
    (void)state;
    const scene_banner_kind kinds[] = {SCENE_BANNER_AGREEMENT, SCENE_BANNER_COALITION,
                                       SCENE_BANNER_BREAKDOWN};
    const uint32_t okabe_ito[] = {0x009E73, 0x0072B2, 0xD55E00};
    draw_options o = defaults();
    for (int k = 0; k < 3; k++) {
        assert_int_equal(draw_banner_colour(kinds[k]), okabe_ito[k]);
        scene *s = make_scene(6, kinds[k]);
        draw_canvas *c = render(s, 1280, 720, &o);
        draw_layout l;
        draw_layout_of(fonts, s, 1280, 720, &o, &l);
        assert_true(l.banner.w > 0 && l.banner.h > 0);
        assert_int_equal(draw_canvas_pixel(c, l.banner.x + 2, l.banner.y + l.banner.h / 2),
                         okabe_ito[k]);
        assert_int_equal(draw_canvas_pixel(c, l.banner.x + 2, l.banner.y + l.banner.h - 3),
                         okabe_ito[k]);
        /* The kind in words is there too: more than one colour inside the badge. */
        int kind_pixels = count_colour(c, (draw_rect){l.banner.x, l.banner.y, l.banner.w / 5,
                                                      l.banner.h}, okabe_ito[k]);
        assert_true(kind_pixels > 0 && kind_pixels < l.banner.w / 5 * l.banner.h);
        draw_canvas_free(c);
        free_scene(s);
    }
    scene *s = make_scene(6, SCENE_BANNER_NONE);
    draw_layout l;
    draw_layout_of(fonts, s, 1280, 720, &o, &l);
    assert_int_equal(l.banner.w * l.banner.h, 0);
    draw_canvas *c = render(s, 1280, 720, &o);
    for (int k = 0; k < 3; k++)
        assert_int_equal(count_colour(c, l.messages, okabe_ito[k]), 0);
    draw_canvas_free(c);
    free_scene(s);
}

static void test_selected_actor_has_its_panel(void **state)
{
    (void)state;
    scene *s = make_scene(6, SCENE_BANNER_NONE);
    s->nodes[4].colour = 0x7B3F9E; /* a colour nothing else uses */
    draw_options o = defaults();
    draw_layout l;
    draw_layout_of(fonts, s, 1280, 720, &o, &l);
    assert_int_equal(l.panel.w * l.panel.h, 0);
    draw_canvas *c = render(s, 1280, 720, &o);
    assert_int_equal(count_colour(c, l.messages, 0x7B3F9E), 0);
    draw_canvas_free(c);

    s->selected = 4;
    s->nodes[4].selected = true;
    draw_layout_of(fonts, s, 1280, 720, &o, &l);
    assert_true(l.panel.w > 100 && l.panel.h > 100);
    c = render(s, 1280, 720, &o);
    assert_true(count_colour(c, l.panel, 0x7B3F9E) > 50); /* its swatch */
    /* The halo: dark pixels just outside the willingness arc, where there were none. */
    int x = l.ring.x + (int)lroundf(s->nodes[4].x * (float)l.ring.w);
    int y = l.ring.y + (int)lroundf(s->nodes[4].y * (float)l.ring.h);
    float r = s->nodes[4].radius * (float)l.ring.w;
    assert_int_equal(draw_canvas_pixel(c, x - (int)(r + 12), y), 0x111111);
    draw_canvas_free(c);
    free_scene(s);
}

static void test_map_draws_points(void **state)
{
    (void)state;
    scene *s = make_scene(6, SCENE_BANNER_NONE);
    add_map(s, 64);
    draw_options o = defaults();
    o.map = true;
    draw_layout l;
    draw_layout_of(fonts, s, 1280, 720, &o, &l);
    assert_int_equal(l.ring.w, 0);
    assert_true(l.map.w > 0 && l.map.w == l.map.h);
    draw_canvas *c = render(s, 1280, 720, &o);
    int checked = 0;
    for (int i = 2; i < s->point_count; i++) {
        const scene_point *p = &s->points[i];
        if (p->pareto || p->nash || p->current)
            continue;
        int x = l.map.x + (int)lroundf(p->x * (float)l.map.w);
        int y = l.map.y + (int)lroundf(p->y * (float)l.map.h);
        assert_int_equal(draw_canvas_pixel(c, x, y),
                         draw_acceptance_colour(p->accepting, p->needed));
        checked++;
    }
    assert_true(checked > 30);
    /* The ends of the scale differ, and the scale runs dark to light. */
    assert_int_not_equal(draw_acceptance_colour(0, 6), draw_acceptance_colour(6, 6));
    draw_canvas_free(c);
    free_scene(s);
}

static void test_help_overlay(void **state)
{
    (void)state;
    scene *s = make_scene(6, SCENE_BANNER_NONE);
    static const char *const help[] = {"space\tone round", "?\thelp", NULL};
    draw_options o = defaults();
    draw_canvas *plain = render(s, 1280, 720, &o);
    o.help = true;
    o.help_lines = help;
    draw_canvas *c = render(s, 1280, 720, &o);
    uint32_t before = draw_canvas_pixel(plain, 2, 2), after = draw_canvas_pixel(c, 2, 2);
    assert_true((after & 0xFF) < (before & 0xFF)); /* dimmed behind the overlay */
    draw_layout l;
    draw_layout_of(fonts, s, 1280, 720, &o, &l);
    assert_true(l.help.w > 0);
    assert_int_equal(draw_canvas_pixel(c, 640, 360), 0xFFFFFF); /* the box, centred */
    draw_canvas_free(plain);
    draw_canvas_free(c);
    free_scene(s);
}

static bool inside(draw_rect r, int w, int h)
{
    return r.w == 0 || (r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h);
}

static bool overlap(draw_rect a, draw_rect b)
{
    return a.w > 0 && b.w > 0 && a.h > 0 && b.h > 0 && a.x < b.x + b.w && b.x < a.x + a.w &&
           a.y < b.y + b.h && b.y < a.y + a.h;
}

static void test_fits_common_sizes(void **state)
{
    (void)state;
    const int sizes[][2] = {{1280, 720}, {1920, 1080}, {1024, 768}, {3840, 2160}};
    const float scales[] = {1.0f, 1.5f, 2.0f};
    for (int banner = 0; banner < 4; banner++) {
        scene *s = make_scene(10, (scene_banner_kind)banner);
        s->selected = banner % 2 ? 2 : -1;
        for (int k = 0; k < 4; k++)
            for (int t = 0; t < 3; t++) {
                int w = sizes[k][0], h = sizes[k][1];
                draw_options o = defaults();
                o.text_scale = scales[t];
                draw_layout l;
                draw_layout_of(fonts, s, w, h, &o, &l);
                draw_rect parts[] = {l.title, l.ring, l.table, l.panel, l.messages, l.banner,
                                     l.legend, l.timeline};
                int np = (int)(sizeof parts / sizeof parts[0]);
                for (int i = 0; i < np; i++) {
                    assert_true(inside(parts[i], w, h));
                    for (int j = i + 1; j < np; j++)
                        assert_false(overlap(parts[i], parts[j]));
                }
                if (t == 0) { /* at normal text size nothing is squeezed out */
                    assert_true(l.table.h > 0 && l.messages.h > 0 && l.timeline.h > 0);
                    assert_true(banner == 0 || l.banner.h > 0);
                }
            }
        free_scene(s);
    }
}

static void test_survives_extremes(void **state)
{
    (void)state;
    scene *s = make_scene(10, SCENE_BANNER_BREAKDOWN);
    /* Everything as long and as many as the scene allows. */
    s->node_count = MODEL_MAX_ACTORS;
    for (int i = 0; i < MODEL_MAX_ACTORS; i++) {
        scene_node *n = &s->nodes[i];
        memset(n->id, 'W', sizeof n->id - 1);
        memset(n->name, 'M', sizeof n->name - 1);
        memset(n->reason, 'x', sizeof n->reason - 1);
        n->x = (float)(i % 8) / 7.0f;
        n->y = (float)(i / 8) / 7.0f;
        n->radius = i == 3 ? NAN : 0.06f;
        n->stance = (scene_stance)(i % 5);
        n->colour = 0xFFFFFFFF;
    }
    s->selected = 5;
    s->edge_count = 0;
    for (int i = 0; i < SCENE_MAX_EDGES; i++)
        s->edges[s->edge_count++] = (scene_edge){i % 64, (i * 7 + 1) % 64, (float)(i % 5) / 4};
    s->edges[0].to = 999;
    s->row_count = MODEL_MAX_ISSUES;
    for (int r = 0; r < MODEL_MAX_ISSUES; r++) {
        memset(s->rows[r].label, 'L', sizeof s->rows[r].label - 1);
        memset(s->rows[r].option, 'O', sizeof s->rows[r].option - 1);
        s->rows[r].crosses = ~(model_set)0;
        s->rows[r].changed = r % 2;
    }
    s->tick_count = SCENE_MAX_ROUNDS;
    for (int k = 0; k < SCENE_MAX_ROUNDS; k++)
        s->ticks[k] = (scene_tick){k + 1, k % 7 == 0, k % 70};
    s->rounds = SCENE_MAX_ROUNDS;
    s->round = 500;
    s->message_count = 8;
    for (int m = 0; m < 8; m++)
        memset(s->messages[m], 'y', SCENE_TEXT - 1);
    memset(s->title, 'T', sizeof s->title - 1);
    memset(s->status, 'S', sizeof s->status - 1);
    memset(s->banner_title, 'B', sizeof s->banner_title - 1);
    for (size_t i = 0; i + 1 < sizeof s->banner_text; i++)
        s->banner_text[i] = i % 9 == 8 ? ' ' : (char)('a' + i % 26);
    s->banner_text[sizeof s->banner_text - 1] = '\0';
    add_map(s, SCENE_MAX_POINTS);
    s->nodes[7].x = 1e30f; /* a layout bug upstream: skipped, not an overflow */
    s->points[5].x = -1e30f;
    s->points[6].y = NAN;
    static const char *const help[] = {"a\tb", "no tab at all, and rather long for one line", NULL};
    const int sizes[][2] = {{1, 1}, {64, 48}, {200, 900}, {1280, 720}, {1920, 1080}};
    for (int k = 0; k < 5; k++)
        for (int m = 0; m < 2; m++) {
            draw_options o = defaults();
            o.map = m;
            o.help = k % 2;
            o.help_lines = help;
            o.hover_point = SCENE_MAX_POINTS - 1;
            o.hover_text = s->banner_text;
            o.text_scale = k == 3 ? 3.0f : 1.0f;
            draw_canvas *c = render(s, sizes[k][0], sizes[k][1], &o);
            draw_canvas_free(c);
        }
    /* Nonsense options and an empty scene. */
    draw_options odd = {.text_scale = -4, .hover_point = 123456};
    draw_canvas *c = render(s, 320, 200, &odd);
    draw_canvas_free(c);
    scene *blank = calloc(1, sizeof *blank);
    c = render(blank, 640, 360, NULL);
    draw_canvas_free(c);
    free(blank);
    free_scene(s);
}

static void test_timeline_rounds(void **state)
{
    (void)state;
    scene *s = make_scene(6, SCENE_BANNER_NONE);
    draw_options o = defaults();
    draw_layout l;
    draw_layout_of(fonts, s, 1280, 720, &o, &l);
    assert_int_equal(l.axis_rounds, 14); /* up to the deadline */
    for (int k = 1; k <= 5; k++) {
        int x = l.axis.x + (int)((k - 0.5) * l.axis.w / l.axis_rounds);
        assert_int_equal(draw_round_at(&l, s, x, l.axis.y + l.axis.h / 2), k);
    }
    int beyond = l.axis.x + (int)(9.5 * l.axis.w / l.axis_rounds);
    assert_int_equal(draw_round_at(&l, s, beyond, l.axis.y + 2), -1); /* not played yet */
    assert_int_equal(draw_round_at(&l, s, l.axis.x - 5, l.axis.y + 2), -1);
    /* The shown round is framed in dark ink. */
    draw_canvas *c = render(s, 1280, 720, &o);
    int left = l.axis.x + (int)(2.0 * l.axis.w / l.axis_rounds);
    assert_int_equal(draw_canvas_pixel(c, left, l.axis.y + l.axis.h / 3), 0x111111);
    draw_canvas_free(c);
    float ux, uy;
    assert_true(draw_to_unit(&l.ring, l.ring.x + l.ring.w / 2, l.ring.y + l.ring.h / 4, &ux, &uy));
    assert_true(fabsf(ux - 0.5f) < 0.01f && fabsf(uy - 0.25f) < 0.01f);
    assert_false(draw_to_unit(&l.ring, l.ring.x - 1, l.ring.y, &ux, &uy));
    free_scene(s);
}

/* The same fonts across renderers (a canvas freed and another made, a window's renderer):
   the text cache must not reuse a texture of a renderer that is gone. */
static void test_fonts_outlive_renderers(void **state)
{
    (void)state;
    scene *s = make_scene(10, SCENE_BANNER_COALITION);
    draw_options o = defaults();
    draw_canvas *a = render(s, 640, 360, &o);
    uint32_t first[8];
    for (int i = 0; i < 8; i++)
        first[i] = draw_canvas_pixel(a, 40 + i * 70, 20);
    draw_canvas_free(a);
    for (int round = 0; round < 3; round++) {
        draw_canvas *b = render(s, 640, 360, &o);
        assert_int_equal(draw_canvas_render(b, fonts, s, &o, NULL), ENT_OK); /* cached now */
        for (int i = 0; i < 8; i++)
            assert_int_equal(draw_canvas_pixel(b, 40 + i * 70, 20), first[i]);
        draw_canvas_free(b);
    }
    /* A renderer of a window under the dummy video driver: draw_scene as the viewer calls it. */
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    assert_int_equal(SDL_InitSubSystem(SDL_INIT_VIDEO), 0);
    SDL_Window *win = SDL_CreateWindow("test", 0, 0, 640, 360, 0);
    assert_non_null(win);
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    assert_non_null(r);
    draw_scene(r, fonts, s, 640, 360, &o);
    draw_scene(r, fonts, s, 640, 360, &o);
    draw_layout l;
    draw_layout_of(fonts, s, 640, 360, &o, &l);
    uint32_t px = 0;
    SDL_Rect one = {l.banner.x + 2, l.banner.y + l.banner.h / 2, 1, 1};
    assert_int_equal(SDL_RenderReadPixels(r, &one, SDL_PIXELFORMAT_RGB888, &px, 4), 0);
    assert_int_equal(px & 0xFFFFFF, 0x0072B2);
    SDL_DestroyRenderer(r);
    draw_fonts_forget(fonts); /* as the viewer must after destroying its renderer */
    SDL_DestroyWindow(win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    SDL_Quit();
    free_scene(s);
}

/* ============================================================================================
   PNG output
   ============================================================================================ */

static int leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strstr(e->d_name, ".tmp") != NULL;
    closedir(d);
    return n;
}

static void test_png_size_and_atomic_replace(void **state)
{
    (void)state;
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/test_draw_XXXXXX", tmpdir());
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.png", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("the old picture", fp);
    fclose(fp);
    struct stat before, after;
    assert_int_equal(stat(path, &before), 0);

    scene *s = make_scene(8, SCENE_BANNER_AGREEMENT);
    ent_error err = {0};
    draw_options o = defaults();
    /* A failure leaves the old file alone. */
    assert_int_equal(draw_to_png(s, 0, 720, &o, path, &err), ENT_ERR_USAGE);
    assert_non_null(strstr(err.message, "0x720"));
    char nowhere[700];
    snprintf(nowhere, sizeof nowhere, "%s/no/such/dir/out.png", dir);
    assert_int_equal(draw_to_png(s, 320, 200, &o, nowhere, &err), ENT_ERR_IO);
    assert_non_null(strstr(err.message, nowhere));
    fp = fopen(path, "r");
    char old[32] = "";
    assert_non_null(fgets(old, sizeof old, fp));
    fclose(fp);
    assert_string_equal(old, "the old picture");

    assert_int_equal(draw_to_png(s, 1280, 720, &o, path, &err), ENT_OK);
    assert_int_equal(stat(path, &after), 0);
    assert_true(before.st_ino != after.st_ino); /* a new file renamed over, not rewritten */
    assert_int_equal(leftovers(dir), 0);
    SDL_Surface *img = IMG_Load(path);
    assert_non_null(img);
    assert_int_equal(img->w, 1280);
    assert_int_equal(img->h, 720);
    SDL_FreeSurface(img);
    /* The same scene, the same bytes. */
    char again[600];
    snprintf(again, sizeof again, "%s/again.png", dir);
    assert_int_equal(draw_to_png(s, 1280, 720, &o, again, &err), ENT_OK);
    FILE *a = fopen(path, "rb"), *b = fopen(again, "rb");
    assert_non_null(a);
    assert_non_null(b);
    int ca, cb;
    long n = 0;
    do {
        ca = fgetc(a);
        cb = fgetc(b);
        assert_int_equal(ca, cb);
        n++;
    } while (ca != EOF);
    fclose(a);
    fclose(b);
    assert_true(n > 1000);
    unlink(again);
    unlink(path);
    rmdir(dir);
    free_scene(s);
}

/* ============================================================================================
   Fonts
   ============================================================================================ */

static void test_missing_font_says_what_to_do(void **state)
{
    (void)state;
    const char *saved = getenv("ENTENTE_FONT");
    char *keep = saved ? strdup(saved) : NULL;
    setenv("ENTENTE_FONT", "/nonexistent/font.ttf", 1);
    static const char *const nowhere[] = {"/nonexistent-fonts", NULL};
    ent_error err = {0};
    assert_null(draw_fonts_open_search(1.0f, nowhere, &err));
    assert_int_equal(err.status, ENT_ERR_IO);
    assert_non_null(strstr(err.message, "no font"));
    assert_non_null(strstr(err.message, "DejaVuSans.ttf"));
    assert_non_null(strstr(err.message, "ENTENTE_FONT=/nonexistent/font.ttf"));
    assert_non_null(strstr(err.message, "/nonexistent-fonts"));
    assert_non_null(strstr(err.message, "install fonts-dejavu-core or set ENTENTE_FONT="));

    /* A file that is not a font says so. */
    setenv("ENTENTE_FONT", ENTENTE_SOURCE_DIR "/tests/render/test_draw.c", 1);
    assert_null(draw_fonts_open_search(1.0f, nowhere, &err));
    assert_non_null(strstr(err.message, "test_draw.c (not a font"));

    /* ENTENTE_FONT comes first; the search path is not needed then. */
    setenv("ENTENTE_FONT", draw_fonts_path(fonts), 1);
    static const char *const none[] = {NULL};
    draw_fonts *f = draw_fonts_open_search(2.0f, none, &err);
    assert_non_null(f);
    assert_string_equal(draw_fonts_path(f), draw_fonts_path(fonts));
    draw_fonts_close(f);

    if (keep)
        setenv("ENTENTE_FONT", keep, 1);
    else
        unsetenv("ENTENTE_FONT");
    free(keep);
}

static int setup(void **state)
{
    (void)state;
    ent_error err = {0};
    fonts = draw_fonts_open(1.0f, &err);
    if (!fonts) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    draw_fonts_close(fonts);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_ring_agreement),
        cmocka_unit_test(test_golden_map_coalition),
        cmocka_unit_test(test_golden_breakdown_help),
        cmocka_unit_test(test_nodes_where_the_layout_puts_them),
        cmocka_unit_test(test_banner_colour_by_kind),
        cmocka_unit_test(test_selected_actor_has_its_panel),
        cmocka_unit_test(test_map_draws_points),
        cmocka_unit_test(test_help_overlay),
        cmocka_unit_test(test_fits_common_sizes),
        cmocka_unit_test(test_survives_extremes),
        cmocka_unit_test(test_timeline_rounds),
        cmocka_unit_test(test_fonts_outlive_renderers),
        cmocka_unit_test(test_png_size_and_atomic_replace),
        cmocka_unit_test(test_missing_font_says_what_to_do),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
