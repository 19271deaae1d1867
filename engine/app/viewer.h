/* viewer.h: the interactive viewer's state and commands (Update), apart from drawing (Draw) and
   the window (engine/render), so that tests drive it with injected events. */
#ifndef VIEWER_H
#define VIEWER_H

#include <stdbool.h>

#include "ent_error.h"
#include "scene.h"
#include "window.h"

typedef struct viewer viewer;

/* Loads the scenario (and variant; NULL = baseline) and prepares round 0. */
viewer *viewer_new(const char *path, const char *variant, ent_error *err);
void viewer_free(viewer *v);
/* Applies one user action. w may be NULL (tests without a window: no full screen, no
   screenshots). width and height are the drawable size, for clicks. */
void viewer_handle(viewer *v, const window_event *ev, window *w, int width, int height);
/* Time passes: plays rounds when playing, reloads the file when it changed on disk. Returns
   true when the picture changed. */
bool viewer_tick(viewer *v, unsigned now_ms);
/* The picture to draw now, and how. */
const scene *viewer_scene(viewer *v);
const window_view *viewer_view(viewer *v);
bool viewer_wants_quit(const viewer *v);
/* What the window title should say ("entente - <scenario title> [variant]"). */
const char *viewer_title(const viewer *v);

/* Classroom sessions: save after every round (atomically) and offer to resume an interrupted
   session of the same scenario (keys y / n). The window turns this on; ENTENTE_SESSION_DIR
   chooses where the save goes (default: $XDG_STATE_HOME/entente or ~/.local/state/entente). */
void viewer_enable_sessions(viewer *v);

/* ---- for tests and the command line ---------------------------------------------------- */
int viewer_round(const viewer *v);          /* the round on screen */
int viewer_rounds_played(const viewer *v);
int viewer_selected(const viewer *v);
const char *viewer_variant(const viewer *v);
const char *viewer_error(const viewer *v);  /* the last scenario error on screen, or NULL */
bool viewer_redline_in_force(const viewer *v, int actor, int redline);
bool viewer_finished(const viewer *v);

/* The verbs. */
int cmd_view(int argc, char **argv);
int cmd_render(int argc, char **argv);
/* `entente` with no arguments: the viewer on the default scenario, or without a display the
   transcript in the terminal and a picture of the outcome. */
int viewer_default(const char *path);

#endif
