/* test_viewer_sdl.c: the viewer loop in an SDL window under the dummy video driver, driven with
   SDL_PushEvent: the real event translation, drawing into a window, screenshots. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "viewer.h"

#define UKRAINE ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua"

static void push_key(SDL_Keycode key, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = key;
    e.key.keysym.mod = mod;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

static void push_click(int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.x = x;
    e.button.y = y;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

/* One pass of the loop: every pending event, then a frame. */
static void frame(viewer *v, window *w)
{
    window_event ev;
    int width, height;
    float ratio;
    window_size(w, &width, &height, &ratio);
    while (window_poll(w, &ev, 0))
        viewer_handle(v, &ev, w, width, height);
    window_present(w, viewer_scene(v), viewer_view(v));
}

static void test_loop_under_the_dummy_driver(void **state)
{
    (void)state;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    ent_error err = {0};
    viewer *v = viewer_new(UKRAINE, NULL, &err);
    assert_non_null(v);
    window *w = window_open(viewer_title(v), 1280, 720, &err);
    if (!w)
        fail_msg("%s", err.message);
    frame(v, w);
    push_key(SDLK_SPACE, 0);
    push_key(SDLK_SPACE, 0);
    frame(v, w);
    assert_int_equal(viewer_round(v), 2);
    push_key(SDLK_LEFT, 0);
    frame(v, w);
    assert_int_equal(viewer_round(v), 1);
    /* Click the first actor, where the layout puts it. */
    const scene *s = viewer_scene(v);
    int px = -1, py = -1;
    for (int y = 0; y < 720 && px < 0; y += 4)
        for (int x = 0; x < 1280 && px < 0; x += 4) {
            window_hit hit = window_hit_test(s, viewer_view(v), 1280, 720, x, y);
            if (hit.kind == WINDOW_HIT_NODE && hit.index == 0)
                px = x, py = y;
        }
    assert_true(px >= 0);
    push_click(px, py);
    frame(v, w);
    assert_int_equal(viewer_selected(v), 0);
    /* Click the third issue in the table: every actor's view of it, in the panel. */
    int ix = -1, iy = -1;
    for (int y = 0; y < 720 && ix < 0; y += 2)
        for (int x = 700; x < 1280 && ix < 0; x += 40) {
            window_hit hit = window_hit_test_in(w, s, viewer_view(v), 1280, 720, x, y);
            if (hit.kind == WINDOW_HIT_ISSUE && hit.index == 2)
                ix = x, iy = y;
        }
    assert_true(ix >= 0);
    push_click(ix, iy);
    frame(v, w);
    assert_int_equal(viewer_selected(v), -1);
    assert_true(viewer_scene(v)->panel.active);
    assert_non_null(strstr(viewer_scene(v)->panel.heading, "every actor's view"));
    push_click(px, py); /* the actor again */
    frame(v, w);
    assert_int_equal(viewer_selected(v), 0);
    /* '1' lifts the selected actor's first red line; shift+/ is '?', the help. */
    push_key(SDLK_1, 0);
    push_key(SDLK_SLASH, KMOD_LSHIFT);
    frame(v, w);
    assert_false(viewer_redline_in_force(v, 0, 0));
    assert_true(viewer_view(v)->help);
    push_key(SDLK_ESCAPE, 0);
    push_key(SDLK_v, 0);
    frame(v, w);
    assert_false(viewer_view(v)->help);
    assert_string_equal(viewer_variant(v), "russia_veto");
    /* F12 writes what is on screen. */
    char dir[] = "/tmp/entente-sdl-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    push_key(SDLK_F12, 0);
    frame(v, w);
    assert_int_equal(access("entente-screenshot-1.png", R_OK), 0);
    unlink("entente-screenshot-1.png");
    assert_int_equal(chdir(cwd), 0);
    rmdir(dir);
    SDL_Event quit = {.type = SDL_QUIT};
    SDL_PushEvent(&quit);
    frame(v, w);
    assert_true(viewer_wants_quit(v));
    window_close(w);
    viewer_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loop_under_the_dummy_driver),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
