/* bench_render.c: the viewer's figures: time to the first frame, frame time in the software
   renderer at 1280x720 and 1920x1080, peak memory. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "draw.h"
#include "viewer.h"

#define FRAMES 31

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double frame_time(viewer *v, draw_fonts *f, int width, int height, bool map)
{
    ent_error err;
    draw_canvas *c = draw_canvas_new(width, height, &err);
    if (!c) {
        fprintf(stderr, "%s\n", err.message);
        exit(1);
    }
    window_event ev = {.kind = WINDOW_EVENT_KEY, .key = WINDOW_KEY_CHAR, .ch = 'm'};
    if (map)
        viewer_handle(v, &ev, NULL, width, height);
    double t[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
        double t0 = now();
        const scene *s = viewer_scene(v);
        draw_options o = {.map = map, .text_scale = 1, .hover_point = -1};
        if (draw_canvas_render(c, f, s, &o, &err) != ENT_OK) {
            fprintf(stderr, "%s\n", err.message);
            exit(1);
        }
        t[i] = (now() - t0) * 1e3;
    }
    if (map)
        viewer_handle(v, &ev, NULL, width, height);
    draw_canvas_free(c);
    qsort(t, FRAMES, sizeof t[0], cmp_double);
    return t[FRAMES / 2];
}

int main(void)
{
    const char *path = ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua";
    ent_error err;
    /* First frame: load the scenario, lay out round 0, open the fonts, draw once. */
    double t0 = now();
    viewer *v = viewer_new(path, NULL, &err);
    draw_fonts *f = v ? draw_fonts_open(1, &err) : NULL;
    draw_canvas *c = f ? draw_canvas_new(1280, 720, &err) : NULL;
    draw_options o = {.text_scale = 1, .hover_point = -1};
    if (!c || draw_canvas_render(c, f, viewer_scene(v), &o, &err) != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double first = (now() - t0) * 1e3;
    draw_canvas_free(c);
    printf("entente viewer benchmark (software renderer; medians of %d frames)\n", FRAMES);
    printf("time to first frame (load, lay out, fonts, draw 1280x720): %.1f ms (target < 300 ms)\n",
           first);
    /* The busiest picture: every round played, the banner up. */
    window_event space = {.kind = WINDOW_EVENT_KEY, .key = WINDOW_KEY_SPACE};
    for (int i = 0; i < 40 && !viewer_finished(v); i++)
        viewer_handle(v, &space, NULL, 1280, 720);
    printf("frame at 1280x720:  %.2f ms\n", frame_time(v, f, 1280, 720, false));
    printf("frame at 1920x1080: %.2f ms (target < 8 ms)\n", frame_time(v, f, 1920, 1080, false));
    double map_ms = frame_time(v, f, 1920, 1080, true);
    printf("map frame at 1920x1080: %.2f ms (%d packages shown)\n", map_ms,
           viewer_scene(v)->point_count);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak resident memory: %.1f MB (target < 100 MB)\n", ru.ru_maxrss / 1024.0);
    draw_fonts_close(f);
    viewer_free(v);
    return 0;
}
