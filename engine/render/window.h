/* window.h: the viewer's window and input, in our own terms, so that engine/app drives a window
   without including SDL (engine/render is the only code that does). */
#ifndef WINDOW_H
#define WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include "ent_error.h"
#include "scene.h"

typedef enum {
    WINDOW_EVENT_NONE,
    WINDOW_EVENT_QUIT,
    WINDOW_EVENT_KEY,      /* key, with text for printable keys */
    WINDOW_EVENT_CLICK,    /* x, y in window pixels */
    WINDOW_EVENT_MOTION,   /* x, y */
    WINDOW_EVENT_WHEEL,    /* dy */
    WINDOW_EVENT_RESIZE,   /* the drawable size changed (also after minimise/restore) */
    WINDOW_EVENT_DROP      /* a file dropped on the window: path */
} window_event_kind;

typedef enum {
    WINDOW_KEY_OTHER, WINDOW_KEY_SPACE, WINDOW_KEY_LEFT, WINDOW_KEY_RIGHT, WINDOW_KEY_UP,
    WINDOW_KEY_DOWN, WINDOW_KEY_HOME, WINDOW_KEY_END, WINDOW_KEY_TAB, WINDOW_KEY_ESCAPE,
    WINDOW_KEY_F11, WINDOW_KEY_F12, WINDOW_KEY_RETURN, WINDOW_KEY_CHAR /* see `ch` */
} window_key;

typedef struct {
    window_event_kind kind;
    window_key key;
    char ch;               /* WINDOW_KEY_CHAR: the character ('p', '?', '+', '1', ...) */
    bool shift;
    int x, y, dy;
    char path[1024];
} window_event;

typedef struct window window;

/* Is there a display to open a window on? If not, why (for the user). */
bool window_display_available(char *why, size_t size);
/* Opens a resizable, HiDPI-aware window titled `title`. NULL with err on failure. */
window *window_open(const char *title, int width, int height, ent_error *err);
void window_close(window *w);
void window_set_title(window *w, const char *title);
/* Next pending event (false when none). Waits up to timeout_ms for one when none is pending. */
bool window_poll(window *w, window_event *ev, int timeout_ms);
/* For tests: queue an event as if the user had done it. */
void window_inject(window *w, const window_event *ev);
/* The drawable size in pixels, and pixels per window unit (2 on a HiDPI screen). */
void window_size(window *w, int *width, int *height, float *pixel_ratio);
/* How to show a scene (the same choices for the window and for a PNG). */
typedef struct {
    bool map;                       /* the deal-space map */
    bool help;                      /* the keyboard help overlay */
    float text_scale;               /* 1 = normal; bigger for a projector */
    int hover_point;                /* map point under the mouse, or -1 */
    const char *const *help_lines;  /* NULL-terminated, for the help overlay */
    const char *hover_text;         /* about the hovered map point ("\n" breaks lines) */
} window_view;

/* What is under a pixel of a frame drawn with these options. */
typedef enum {
    WINDOW_HIT_NONE, WINDOW_HIT_NODE, WINDOW_HIT_POINT, WINDOW_HIT_ROUND, WINDOW_HIT_ISSUE
} window_hit_kind;
typedef struct {
    window_hit_kind kind;
    int index; /* node, map point, or round number */
} window_hit;
window_hit window_hit_test(const scene *s, const window_view *o, int width, int height, int px,
                           int py);
/* The same, also finding table rows (which need the window's fonts to place). */
window_hit window_hit_test_in(window *w, const scene *s, const window_view *o, int width,
                              int height, int px, int py);

/* Draws the scene and shows it. */
void window_present(window *w, const scene *s, const window_view *o);
/* The same picture, drawn in software into a PNG (no display needed), written atomically. */
ent_status window_render_png(const scene *s, int width, int height, const window_view *o,
                             const char *path, ent_error *err);
void window_toggle_fullscreen(window *w);
/* Writes what is on screen to a PNG (atomically). */
ent_status window_screenshot(window *w, const char *path, ent_error *err);
unsigned window_ticks(void); /* milliseconds since start */

#endif
