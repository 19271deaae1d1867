/* test_viewer.c: the viewer driven as a user would, without a window: keys, clicks, what-ifs,
   variants, a file changed on disk, a broken file shown as an error; and `entente render`. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "viewer.h"

#define UKRAINE ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua"
#define W 1280
#define H 720

static char tmpdir[256];

static void key(viewer *v, window_key k)
{
    window_event ev = {.kind = WINDOW_EVENT_KEY, .key = k};
    viewer_handle(v, &ev, NULL, W, H);
}

static void ch(viewer *v, char c)
{
    window_event ev = {.kind = WINDOW_EVENT_KEY, .key = WINDOW_KEY_CHAR, .ch = c};
    viewer_handle(v, &ev, NULL, W, H);
}

static viewer *open_ukraine(void)
{
    ent_error err = {0};
    viewer *v = viewer_new(UKRAINE, NULL, &err);
    if (!v)
        fail_msg("%s", err.message);
    return v;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/entente-viewer-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_step_and_scrub(void **state)
{
    (void)state;
    viewer *v = open_ukraine();
    assert_non_null(strstr(viewer_title(v), "entente"));
    assert_non_null(strstr(viewer_title(v), "Security guarantees for Ukraine"));
    assert_int_equal(viewer_round(v), 0);
    key(v, WINDOW_KEY_SPACE);
    key(v, WINDOW_KEY_SPACE);
    assert_int_equal(viewer_round(v), 2);
    assert_int_equal(viewer_rounds_played(v), 2);
    const scene *s = viewer_scene(v);
    assert_int_equal(s->round, 2);
    /* Round 2 has the US signal event. */
    assert_true(s->message_count >= 1);
    assert_non_null(strstr(s->messages[0], "The US will take part"));
    key(v, WINDOW_KEY_LEFT);
    assert_int_equal(viewer_round(v), 1);
    assert_int_equal(viewer_rounds_played(v), 2); /* scrubbing back plays nothing */
    key(v, WINDOW_KEY_RIGHT);
    assert_int_equal(viewer_round(v), 2);
    key(v, WINDOW_KEY_HOME);
    assert_int_equal(viewer_round(v), 0);
    key(v, WINDOW_KEY_END);
    assert_int_equal(viewer_round(v), 2);
    /* Play to the end: the outcome banner appears. */
    for (int i = 0; i < 30 && !viewer_finished(v); i++)
        key(v, WINDOW_KEY_SPACE);
    assert_true(viewer_finished(v));
    assert_int_equal(viewer_scene(v)->banner, SCENE_BANNER_COALITION);
    ch(v, 'r');
    assert_int_equal(viewer_round(v), 0);
    assert_int_equal(viewer_rounds_played(v), 0);
    viewer_free(v);
}

static void test_play_on_a_timer(void **state)
{
    (void)state;
    viewer *v = open_ukraine();
    ch(v, 'p');
    unsigned t = 100000;
    for (int i = 0; i < 5; i++)
        viewer_tick(v, t += 1000);
    assert_true(viewer_round(v) >= 4);
    ch(v, 'p');
    int at = viewer_round(v);
    viewer_tick(v, t += 5000);
    assert_int_equal(viewer_round(v), at);
    viewer_free(v);
}

static void test_select_by_click_and_tab(void **state)
{
    (void)state;
    viewer *v = open_ukraine();
    const scene *s = viewer_scene(v);
    /* Click where the hit test says the third actor is. */
    int target = 2, px = -1, py = -1;
    for (int y = 0; y < H && px < 0; y += 4)
        for (int x = 0; x < W && px < 0; x += 4) {
            window_hit hit = window_hit_test(s, viewer_view(v), W, H, x, y);
            if (hit.kind == WINDOW_HIT_NODE && hit.index == target)
                px = x, py = y;
        }
    assert_true(px >= 0);
    window_event click = {.kind = WINDOW_EVENT_CLICK, .x = px, .y = py};
    viewer_handle(v, &click, NULL, W, H);
    assert_int_equal(viewer_selected(v), target);
    assert_true(viewer_scene(v)->nodes[target].selected);
    viewer_handle(v, &click, NULL, W, H); /* again: deselect */
    assert_int_equal(viewer_selected(v), -1);
    key(v, WINDOW_KEY_TAB);
    assert_int_equal(viewer_selected(v), 0);
    key(v, WINDOW_KEY_TAB);
    assert_int_equal(viewer_selected(v), 1);
    viewer_free(v);
}

/* What-if: lifting the US red line on ground troops, and switching variants. */
static void test_what_if(void **state)
{
    (void)state;
    viewer *v = open_ukraine();
    key(v, WINDOW_KEY_TAB); /* US */
    assert_true(viewer_redline_in_force(v, 0, 0));
    key(v, WINDOW_KEY_SPACE);
    ch(v, '1');
    assert_false(viewer_redline_in_force(v, 0, 0));
    assert_int_equal(viewer_round(v), 0); /* the run restarts with the change */
    ch(v, '1');
    assert_true(viewer_redline_in_force(v, 0, 0));
    /* How much the US cares about the first issue: up with '.', and the run restarts. */
    ch(v, 'i');
    const scene_panel *panel = &viewer_scene(v)->panel;
    double share = 0, again = 0;
    assert_int_equal(sscanf(strstr(panel->lines[1], ": ") + 2, "%lf", &share), 1);
    ch(v, '.');
    panel = &viewer_scene(v)->panel;
    assert_non_null(strstr(panel->lines[1], "Weighing US ground troops in Ukraine"));
    assert_int_equal(sscanf(strstr(panel->lines[1], ": ") + 2, "%lf", &again), 1);
    assert_true(again > share);
    assert_int_equal(viewer_round(v), 0);
    /* Nudging the US's willingness shows in the next round's record. */
    key(v, WINDOW_KEY_SPACE);
    double before = viewer_scene(v)->nodes[0].willingness;
    ch(v, 'w');
    ch(v, 'w');
    key(v, WINDOW_KEY_SPACE);
    assert_true(viewer_scene(v)->nodes[0].willingness > before + 0.15);
    ch(v, 'r');
    ch(v, 'v');
    assert_string_equal(viewer_variant(v), "russia_veto");
    for (int i = 0; i < 30 && !viewer_finished(v); i++)
        key(v, WINDOW_KEY_SPACE);
    assert_int_equal(viewer_scene(v)->banner, SCENE_BANNER_BREAKDOWN);
    window_event back = {.kind = WINDOW_EVENT_KEY, .key = WINDOW_KEY_CHAR, .ch = 'v',
                         .shift = true};
    viewer_handle(v, &back, NULL, W, H);
    assert_string_equal(viewer_variant(v), "baseline");
    ch(v, 'm');
    assert_true(viewer_view(v)->map);
    assert_true(viewer_scene(v)->point_count > 100);
    ch(v, '?');
    assert_true(viewer_view(v)->help);
    key(v, WINDOW_KEY_ESCAPE); /* closes the help first */
    assert_false(viewer_view(v)->help);
    assert_false(viewer_wants_quit(v));
    ch(v, 'q');
    assert_true(viewer_wants_quit(v));
    viewer_free(v);
}

/* The teacher picks an inject and fires it; the next round logs it. */
static void test_injects(void **state)
{
    (void)state;
    viewer *v = open_ukraine();
    key(v, WINDOW_KEY_SPACE);
    ch(v, 'j');
    const scene *s = viewer_scene(v);
    bool ready = false;
    for (int m = 0; m < s->message_count; m++)
        ready = ready || strstr(s->messages[m], "Inject ready: A mass drone strike on Kyiv");
    assert_true(ready);
    key(v, WINDOW_KEY_RETURN);
    key(v, WINDOW_KEY_SPACE);
    s = viewer_scene(v);
    assert_int_equal(s->round, 2);
    bool logged = false;
    for (int m = 0; m < s->message_count; m++)
        logged = logged || strstr(s->messages[m], "Inject: A mass drone strike on Kyiv");
    assert_true(logged);
    /* d: the debrief of the negotiation so far, written in the current directory. */
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tmpdir), 0);
    ch(v, 'd');
    assert_int_equal(access("entente-debrief-ukraine_guarantees-baseline.html", R_OK), 0);
    assert_int_equal(chdir(cwd), 0);
    viewer_free(v);
}

/* A classroom session survives a closed window: the next start offers to resume it, and the
   resumed session is the same, interventions included. */
static void test_session_resumes(void **state)
{
    (void)state;
    setenv("ENTENTE_SESSION_DIR", tmpdir, 1);
    viewer *v = open_ukraine();
    viewer_enable_sessions(v);
    for (int i = 0; i < 3; i++)
        key(v, WINDOW_KEY_SPACE);
    ch(v, 'j');
    key(v, WINDOW_KEY_RETURN); /* the drone strike, before round 4 */
    for (int i = 0; i < 3; i++)
        key(v, WINDOW_KEY_TAB); /* UK */
    ch(v, 'w');
    key(v, WINDOW_KEY_SPACE);
    key(v, WINDOW_KEY_SPACE);
    assert_int_equal(viewer_rounds_played(v), 5);
    double uk = viewer_scene(v)->nodes[3].willingness;
    viewer_free(v); /* the window closes without warning */

    viewer *again = open_ukraine();
    viewer_enable_sessions(again);
    const scene *s = viewer_scene(again);
    bool offered = false;
    for (int m = 0; m < s->message_count; m++)
        offered = offered || strstr(s->messages[m], "stopped at round 5. Resume it?");
    assert_true(offered);
    ch(again, 'y');
    assert_int_equal(viewer_rounds_played(again), 5);
    assert_true(viewer_scene(again)->nodes[3].willingness == uk);
    key(again, WINDOW_KEY_LEFT);
    s = viewer_scene(again); /* round 4 logs the inject */
    bool logged = false;
    for (int m = 0; m < s->message_count; m++)
        logged = logged || strstr(s->messages[m], "Inject: A mass drone strike on Kyiv");
    assert_true(logged);
    viewer_free(again);

    viewer *fresh = open_ukraine();
    viewer_enable_sessions(fresh);
    ch(fresh, 'n');
    assert_int_equal(viewer_rounds_played(fresh), 0);
    viewer_free(fresh);
    unsetenv("ENTENTE_SESSION_DIR");
}

/* Hot seat: a student plays Ukraine; the round waits for their answer, which the transcript
   records; a counter-offer goes on the table the next round; a resumed session replays it. */
static void test_hot_seat(void **state)
{
    (void)state;
    setenv("ENTENTE_SESSION_DIR", tmpdir, 1);
    viewer *v = open_ukraine();
    viewer_enable_sessions(v);
    key(v, WINDOW_KEY_TAB);
    key(v, WINDOW_KEY_TAB); /* UA */
    ch(v, 'H');
    key(v, WINDOW_KEY_SPACE);
    assert_int_equal(viewer_rounds_played(v), 0); /* the offer waits for the student */
    assert_non_null(strstr(viewer_scene(v)->panel.heading, "Your turn, Ukraine: round 1"));
    ch(v, 'i'); /* the first issue: US ground troops */
    /* The student sees what each option of that issue would do to Ukraine. */
    const scene_panel *p = &viewer_scene(v)->panel;
    bool options = false;
    for (int l = 0; l < p->line_count; l++)
        options = options || strstr(p->lines[l], "deployed: the offer would be worth");
    assert_true(options);
    ch(v, 'x');
    assert_int_equal(viewer_rounds_played(v), 1);
    assert_non_null(strstr(viewer_scene(v)->nodes[1].reason,
                           "the student playing it objects to US ground troops in Ukraine"));
    key(v, WINDOW_KEY_SPACE);
    ch(v, 'c'); /* round 2: propose Ukraine's ideal there (deployed) */
    assert_int_equal(viewer_rounds_played(v), 2);
    key(v, WINDOW_KEY_SPACE);
    ch(v, 'a'); /* round 3: the counter-offer is on the table; accept it */
    assert_int_equal(viewer_rounds_played(v), 3);
    const scene *s = viewer_scene(v);
    assert_string_equal(s->rows[0].option, "US troops deployed");
    assert_non_null(strstr(s->nodes[1].reason, "accepts"));
    viewer_free(v);
    viewer *again = open_ukraine();
    viewer_enable_sessions(again);
    ch(again, 'y');
    assert_int_equal(viewer_rounds_played(again), 3);
    assert_string_equal(viewer_scene(again)->rows[0].option, "US troops deployed");
    viewer_free(again);
    unsetenv("ENTENTE_SESSION_DIR");
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char small[] =
    "scenario { id = \"s\", title = \"TITLE\" }\n"
    "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
    "actor { id = \"A\", reservation = 0.2, positions = { i = { ideal = \"a\", salience = 1 } } }\n"
    "actor { id = \"B\", reservation = 0.2, positions = { i = { ideal = \"a\", salience = 1 } } }\n";

static void test_reload_when_the_file_changes(void **state)
{
    (void)state;
    char path[400], text[2048];
    snprintf(path, sizeof path, "%s/live.lua", tmpdir);
    snprintf(text, sizeof text, "%s", small);
    memcpy(strstr(text, "TITLE"), "First", 5);
    write_file(path, text);
    ent_error err = {0};
    viewer *v = viewer_new(path, NULL, &err);
    assert_non_null(v);
    assert_non_null(strstr(viewer_title(v), "First"));
    key(v, WINDOW_KEY_SPACE);
    /* The author saves a new version (a later mtime). */
    sleep(1);
    memcpy(strstr(text, "First"), "Later", 5);
    write_file(path, text);
    viewer_tick(v, 5000);
    assert_non_null(strstr(viewer_title(v), "Later"));
    assert_null(viewer_error(v));
    /* A broken save: the error is shown, the previous state stays. */
    key(v, WINDOW_KEY_SPACE);
    int rounds = viewer_rounds_played(v);
    sleep(1);
    write_file(path, "scenario { id = \"s\", title = \"Broken\" \n");
    viewer_tick(v, 10000);
    assert_non_null(viewer_error(v));
    assert_non_null(strstr(viewer_error(v), "live.lua:"));
    assert_non_null(strstr(viewer_title(v), "Later"));
    assert_int_equal(viewer_rounds_played(v), rounds);
    const scene *s = viewer_scene(v);
    bool shown = false;
    for (int m = 0; m < s->message_count; m++)
        shown = shown || strstr(s->messages[m], "Scenario error:") != NULL;
    assert_true(shown);
    viewer_free(v);
}

/* Resuming after the file was edited says that the session will replay the new file. */
static void test_resume_after_an_edit(void **state)
{
    (void)state;
    setenv("ENTENTE_SESSION_DIR", tmpdir, 1);
    char path[400], text[2048];
    snprintf(path, sizeof path, "%s/edited.lua", tmpdir);
    snprintf(text, sizeof text, "%s", small);
    strcat(text, "protocol { rounds = 5 }\n"
                 "actor { id = \"C\", reservation = 0.99, positions = { i = { ideal = \"b\", salience = 1 } } }\n");
    write_file(path, text);
    ent_error err = {0};
    viewer *v = viewer_new(path, NULL, &err);
    assert_non_null(v);
    viewer_enable_sessions(v);
    key(v, WINDOW_KEY_SPACE);
    viewer_free(v);
    sleep(1);
    memcpy(strstr(text, "TITLE"), "Edits", 5);
    write_file(path, text);
    v = viewer_new(path, NULL, &err);
    viewer_enable_sessions(v);
    const scene *s = viewer_scene(v);
    bool said = false;
    for (int m = 0; m < s->message_count; m++)
        said = said || strstr(s->messages[m], "the file has changed since");
    assert_true(said);
    viewer_free(v);
    unsetenv("ENTENTE_SESSION_DIR");
}

static int run(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd '%s' && env -u DISPLAY -u WAYLAND_DISPLAY '%s' %s "
             ">'%s/out' 2>'%s/err' </dev/null", tmpdir, ENTENTE_BINARY, args, tmpdir, tmpdir);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void test_render_and_no_display(void **state)
{
    (void)state;
    char args[1024], png[400];
    snprintf(png, sizeof png, "%s/out.png", tmpdir);
    snprintf(args, sizeof args, "render '%s' --size 800x600 --round 3 --png '%s'", UKRAINE, png);
    assert_int_equal(run(args), 0);
    FILE *f = fopen(png, "rb");
    assert_non_null(f);
    unsigned char head[24];
    assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
    assert_int_equal((head[16] << 24) | (head[17] << 16) | (head[18] << 8) | head[19], 800);
    assert_int_equal((head[20] << 24) | (head[21] << 16) | (head[22] << 8) | head[23], 600);
    snprintf(args, sizeof args, "render '%s' --size 10x10 --png '%s'", UKRAINE, png);
    assert_int_equal(run(args), 2);
    /* No display: the transcript, and the picture's path. */
    snprintf(args, sizeof args, "view '%s'", UKRAINE);
    assert_int_equal(run(args), 0);
    char outp[400], buf[65536];
    snprintf(outp, sizeof outp, "%s/out", tmpdir);
    f = fopen(outp, "r");
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, "OUTCOME: coalition"));
    assert_non_null(strstr(buf, "Picture of the outcome: "));
    snprintf(png, sizeof png, "%s/entente-ukraine_guarantees-baseline.png", tmpdir);
    assert_int_equal(access(png, R_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_and_scrub),
        cmocka_unit_test(test_play_on_a_timer),
        cmocka_unit_test(test_select_by_click_and_tab),
        cmocka_unit_test(test_what_if),
        cmocka_unit_test(test_injects),
        cmocka_unit_test(test_session_resumes),
        cmocka_unit_test(test_hot_seat),
        cmocka_unit_test(test_reload_when_the_file_changes),
        cmocka_unit_test(test_resume_after_an_edit),
        cmocka_unit_test(test_render_and_no_display),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
