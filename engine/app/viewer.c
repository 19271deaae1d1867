/* viewer.c: the interactive viewer: watch a negotiation round by round, steer it (variants,
   red lines, reservations), scrub through it, explain it; and `entente render` for PNGs. The
   loop reads Initialization, Update, Draw, De-init; Update never draws. */
#include "viewer.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "deal.h"
#include "afile.h"
#include "debrief.h"
#include "explain.h"
#include "lx_scenario.h"
#include "report.h"
#include "round.h"

#define MAX_WHATIF 64
#define SESSION_MAGIC "entente-session 1"

static const char *const help_lines[] = {
    "space        play one round",
    "p            play / pause",
    "+  -         faster / slower",
    "left  right  step back / forward through rounds played",
    "home  end    first / last round played",
    "r            restart the negotiation",
    "tab          select the next actor (or click one)",
    "i  I         every actor's view of the next / previous issue (or click it)",
    "<  >         smaller / larger text (for a projector)",
    "1 ... 9      lift or restore the selected actor's red line 1..9",
    "[  ]         lower / raise the selected actor's reservation (restarts the run)",
    "w  W         the selected actor more / less willing from now on",
    ",  .         the selected actor cares less / more about the issue chosen with i",
    "v  V         next / previous variant",
    "m            the map of the deal space",
    "j  enter     pick a facilitator's inject, fire it (it acts before the next round)",
    "H            the selected actor is played by a student (hot seat), or not",
    "d            write the class's debrief (HTML) for the negotiation so far",
    "a  x  c  k   the student's answer: accept / object to the issue chosen with i /",
    "             propose its ideal option on that issue / walk away",
    "o            reload the scenario file (also automatic when it changes)",
    "F11          full screen (presenter mode)",
    "F12          screenshot to a PNG",
    "?            this help",
    "q  esc       quit",
    NULL};

/* A facilitator's intervention, with the round it acted before. */
typedef struct {
    char kind; /* 'i' inject, 'w' willingness nudge */
    int round, who;
    double delta;
} viewer_action;

struct viewer {
    char path[1024];
    char variant[MODEL_ID_MAX];
    char title[512];
    char error[1024];          /* a scenario error on screen (the previous state stays) */
    char notice[512];          /* e.g. where the screenshot went */
    lx_session *session;       /* the scenario as loaded (callbacks live here) */
    model_scenario *work;      /* what-ifs applied; the run changes it (events) */
    model_scenario *names;     /* a copy for drawing: ids, labels, red lines as declared */
    round_sim *sim;
    int shown;                 /* the round on screen */
    bool follow;               /* show each new round as it is played */
    bool playing;
    int speed;                 /* index into speeds */
    unsigned last_step, last_watch;
    time_t mtime;
    int selected;
    int selected_issue;        /* the issue whose views the panel shows (no actor selected) */
    char hover_text[1024];     /* the package under the mouse on the map, and who rejects it */
    float text_scale;
    bool map, help, quit;
    int hover;
    /* what-ifs: red lines toggled, reservation shifts */
    uint32_t lifted[MODEL_MAX_ACTORS], imposed[MODEL_MAX_ACTORS];
    double reservation_shift[MODEL_MAX_ACTORS];
    int salience_steps[MODEL_MAX_ACTORS][MODEL_MAX_ISSUES]; /* x1.25 per step, renormalised */
    deal_analysis analysis;
    bool analysed, map_dirty;
    scene scene;
    window_view view;
    int screenshots;
    int inject_pick;           /* the inject picked with j, or -1 */
    /* The session, saved after every round so that a crash or a closed window loses nothing:
       what-ifs, and the facilitator's interventions with the round they acted before. */
    int action_count;
    viewer_action actions[256];
    bool autosave;             /* only in the window (view / bare entente) */
    bool resume_offer;         /* an interrupted session of this file waits: y / n */
    bool replaying;            /* resuming: the recorded interventions are applied again */
    bool resume_changed;       /* the scenario file changed since the session was saved */
    /* Hot seat: actors played by students answer the standing offer themselves. */
    model_set humans;
    model_set answered;        /* humans who answered the offer on the table */
    round_response answer[MODEL_MAX_ACTORS];
    model_package counter[MODEL_MAX_ACTORS];
    round_hooks script;        /* the scenario's own hooks, which ours wrap */
    int resume_rounds;
};

static const unsigned speeds_ms[] = {2000, 1000, 500, 250, 100};
#define SPEEDS (int)(sizeof speeds_ms / sizeof speeds_ms[0])

/* ---- loading and restarting ---------------------------------------------------------- */

static time_t mtime_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mtime : 0;
}

static void free_run(viewer *v)
{
    round_free(v->sim);
    v->sim = NULL;
    model_free(v->work);
    v->work = NULL;
    model_free(v->names);
    v->names = NULL;
    if (v->analysed)
        deal_analysis_free(&v->analysis);
    v->analysed = false;
}

/* ---- hooks: the students' answers, and the script's callbacks behind them ---------------- */

static ent_status hook_on_round(void *ctx, round_sim *sim, ent_error *err)
{
    viewer *v = ctx;
    return v->script.on_round ? v->script.on_round(v->script.ctx, sim, err) : ENT_OK;
}

static ent_status hook_on_offer(void *ctx, round_sim *sim, ent_error *err)
{
    viewer *v = ctx;
    return v->script.on_offer ? v->script.on_offer(v->script.ctx, sim, err) : ENT_OK;
}

static ent_status hook_event_apply(void *ctx, round_sim *sim, int event, ent_error *err)
{
    viewer *v = ctx;
    return v->script.event_apply ? v->script.event_apply(v->script.ctx, sim, event, err) : ENT_OK;
}

static ent_status hook_strategy(void *ctx, round_sim *sim, int actor, round_response *resp,
                                model_package *counter, ent_error *err)
{
    viewer *v = ctx;
    if (round_is_human(sim, actor)) {
        if (model_set_has(v->answered, actor)) {
            resp->verdict = v->answer[actor].verdict;
            resp->issue = v->answer[actor].issue;
            snprintf(resp->reason, sizeof resp->reason, "%s", v->answer[actor].reason);
            *counter = v->counter[actor];
        }
        return ENT_OK;
    }
    if (v->script.strategy && v->work->actors[actor].strategy_ref)
        return v->script.strategy(v->script.ctx, sim, actor, resp, counter, err);
    return ENT_OK;
}

/* A fresh run of the loaded scenario with the what-ifs applied. */
static ent_status restart(viewer *v, ent_error *err)
{
    free_run(v);
    const model_scenario *base = lx_session_model(v->session);
    v->work = model_clone(base);
    if (!v->work)
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    for (int i = 0; i < v->work->actor_count; i++) {
        model_actor *a = &v->work->actors[i];
        for (int r = 0; r < a->redline_count; r++) {
            if (v->lifted[i] & (1u << r))
                a->redlines[r].dormant = true;
            if (v->imposed[i] & (1u << r))
                a->redlines[r].dormant = false;
        }
        double res = a->reservation + v->reservation_shift[i];
        a->reservation = res < 0 ? 0 : res > 1 ? 1 : res;
        double total = 0;
        for (int k = 0; k < v->work->issue_count; k++) {
            a->salience[k] *= pow(1.25, v->salience_steps[i][k]);
            total += a->salience[k];
        }
        for (int k = 0; k < v->work->issue_count && total > 0; k++)
            a->salience[k] /= total;
    }
    v->names = model_clone(v->work);
    if (!v->names)
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    v->script = lx_session_hooks(v->session);
    round_hooks hooks = v->script;
    hooks.ctx = v; /* ours answer for the students and pass the rest on to the script */
    hooks.on_round = hook_on_round;
    hooks.on_offer = hook_on_offer;
    hooks.strategy = hook_strategy;
    hooks.event_apply = hook_event_apply;
    v->sim = round_new(v->work, &(round_options){.seed = v->work->seed, .explain = true}, &hooks,
                       err);
    if (!v->sim)
        return err->status;
    for (int i = 0; i < v->work->actor_count; i++)
        round_set_human(v->sim, i, model_set_has(v->humans, i));
    v->answered = 0;
    v->shown = 0;
    v->follow = true;
    v->map_dirty = true;
    return ENT_OK;
}

/* Opens path (and variant) in a new session; only once that worked is the old one replaced,
   so a scenario error leaves the previous state on screen. */
static ent_status load(viewer *v, const char *path, const char *variant, ent_error *err)
{
    lx_session *s = NULL;
    ent_status st = lx_session_open(path, variant, NULL, &s, err);
    if (st != ENT_OK)
        return st;
    free_run(v); /* the old run's hooks point into the old session: stop it first */
    lx_session_close(v->session);
    v->session = s;
    if (path != v->path)
        snprintf(v->path, sizeof v->path, "%s", path);
    snprintf(v->variant, sizeof v->variant, "%s", variant ? variant : "baseline");
    const model_scenario *m = lx_session_model(s);
    snprintf(v->title, sizeof v->title, "entente - %s [%s]", m->title ? m->title : m->id,
             v->variant);
    memset(v->lifted, 0, sizeof v->lifted);
    memset(v->imposed, 0, sizeof v->imposed);
    memset(v->reservation_shift, 0, sizeof v->reservation_shift);
    memset(v->salience_steps, 0, sizeof v->salience_steps);
    if (v->selected >= m->actor_count)
        v->selected = -1;
    v->mtime = mtime_of(v->path);
    return restart(v, err);
}

static void reload(viewer *v, const char *path, const char *variant)
{
    ent_error err = {0};
    char p[1024], var[MODEL_ID_MAX];
    snprintf(p, sizeof p, "%s", path);
    snprintf(var, sizeof var, "%s", variant ? variant : "baseline");
    if (load(v, p, var, &err) == ENT_OK) {
        v->error[0] = '\0';
        return;
    }
    snprintf(v->error, sizeof v->error, "%s", err.message);
    v->mtime = mtime_of(p); /* do not retry until the file changes again */
}

viewer *viewer_new(const char *path, const char *variant, ent_error *err)
{
    viewer *v = calloc(1, sizeof *v);
    if (!v) {
        ent_fail(err, ENT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    v->selected = -1;
    v->selected_issue = -1;
    v->inject_pick = -1;
    v->text_scale = 1;
    v->hover = -1;
    v->speed = 1;
    if (load(v, path, variant, err) != ENT_OK) {
        viewer_free(v);
        return NULL;
    }
    return v;
}

void viewer_free(viewer *v)
{
    if (!v)
        return;
    free_run(v);
    lx_session_close(v->session);
    scene_free(&v->scene);
    free(v);
}

/* ---- playing ----------------------------------------------------------------------- */

static int played(const viewer *v)
{
    return v->sim ? round_transcript_of(v->sim)->record_count : 0;
}

/* ---- sessions that are not lost ---------------------------------------------------------- */

static void session_path(char *buf, size_t size)
{
    const char *dir = getenv("ENTENTE_SESSION_DIR");
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    if (dir && *dir)
        snprintf(buf, size, "%s/session.txt", dir);
    else if (state && *state)
        snprintf(buf, size, "%s/entente/session.txt", state);
    else
        snprintf(buf, size, "%s/.local/state/entente/session.txt", home && *home ? home : "/tmp");
}

static void make_parent(const char *path)
{
    char dir[1200];
    snprintf(dir, sizeof dir, "%.1100s", path);
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0755);
            *p = '/';
        }
}

static void absolute(const char *path, char *out, size_t size)
{
    char cwd[512];
    if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
        snprintf(out, size, "%.1000s", path);
    else
        snprintf(out, size, "%.500s/%.500s", cwd, path);
}

/* Atomically, after every round: a crash leaves the previous save or the new one. */
static void autosave(viewer *v)
{
    if (!v->autosave || !v->sim)
        return;
    char path[1100], file[1024];
    session_path(path, sizeof path);
    make_parent(path);
    absolute(v->path, file, sizeof file);
    char text[65536];
    size_t len = 0, size = sizeof text;
#define PUT(...) (len += (size_t)snprintf(text + len, len < size ? size - len : 0, __VA_ARGS__))
    PUT("%s\npath %s\nvariant %s\nrounds %d\nfinished %d\nmtime %lld\n", SESSION_MAGIC, file,
        v->variant, played(v), round_finished(v->sim) ? 1 : 0, (long long)v->mtime);
    for (int i = 0; i < MODEL_MAX_ACTORS; i++) {
        if (v->lifted[i] || v->imposed[i])
            PUT("redlines %d %u %u\n", i, v->lifted[i], v->imposed[i]);
        if (v->reservation_shift[i] != 0)
            PUT("reservation %d %.17g\n", i, v->reservation_shift[i]);
        for (int k = 0; k < MODEL_MAX_ISSUES; k++)
            if (v->salience_steps[i][k])
                PUT("salience %d %d %d\n", i, k, v->salience_steps[i][k]);
    }
    for (int a = 0; a < v->action_count; a++)
        PUT("%s %d %d %.17g\n",
            v->actions[a].kind == 'i'   ? "inject"
            : v->actions[a].kind == 'w' ? "nudge"
                                        : (const char[]){'a', 'n', 's', 'w', 'e', 'r', '-',
                                                         v->actions[a].kind, '\0'},
            v->actions[a].round, v->actions[a].who, v->actions[a].delta);
#undef PUT
    ent_error err;
    if (len < size)
        afile_write(path, text, len, &err); /* best effort: the class goes on regardless */
}

static void record(viewer *v, char kind, int who, double delta)
{
    /* Interventions act before the next round; answers belong to the round on the table. */
    int round = strchr("axck", kind) ? round_number(v->sim) : round_number(v->sim) + 1;
    if (v->action_count < (int)(sizeof v->actions / sizeof v->actions[0]))
        v->actions[v->action_count++] = (viewer_action){kind, round, who, delta};
}

/* The interventions recorded for the round about to be played. */
static void replay_actions(viewer *v)
{
    int next = round_number(v->sim) + 1;
    ent_error err;
    for (int a = 0; a < v->action_count; a++) {
        if (v->actions[a].round != next)
            continue;
        if (v->actions[a].kind == 'i')
            round_inject(v->sim, v->actions[a].who, &err);
        else
            round_add_willingness(v->sim, v->actions[a].who, v->actions[a].delta);
    }
}

static void step(viewer *v);
static void replay_answers(viewer *v);

/* Reads a saved session of this scenario that did not finish; 0 when there is none. */
static int saved_rounds(viewer *v)
{
    char path[1100], file[1024], line[512];
    session_path(path, sizeof path);
    absolute(v->path, file, sizeof file);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int rounds = 0, finished = 1;
    long long saved_mtime = 0;
    bool ours = false, magic = fgets(line, sizeof line, f) && strncmp(line, SESSION_MAGIC,
                                                                       strlen(SESSION_MAGIC)) == 0;
    while (magic && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "path ", 5) == 0)
            ours = strcmp(line + 5, file) == 0;
        else if (strncmp(line, "variant ", 8) == 0)
            ours = ours && strcmp(line + 8, v->variant) == 0;
        sscanf(line, "rounds %d", &rounds);
        sscanf(line, "finished %d", &finished);
        sscanf(line, "mtime %lld", &saved_mtime);
    }
    fclose(f);
    /* Resuming replays the file as it is now: say so when it changed since the save. */
    v->resume_changed = saved_mtime != 0 && saved_mtime != (long long)v->mtime;
    return magic && ours && !finished ? rounds : 0;
}

/* Restores the what-ifs and interventions, then plays the saved rounds again: the engine is
   deterministic, so this is the session as it was. */
static void resume(viewer *v)
{
    char path[1100], line[512];
    session_path(path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    v->action_count = 0;
    int rounds = 0;
    while (fgets(line, sizeof line, f)) {
        int i, k, n, r;
        unsigned lift, impose;
        double d;
        if (sscanf(line, "redlines %d %u %u", &i, &lift, &impose) == 3 && i >= 0 &&
            i < MODEL_MAX_ACTORS) {
            v->lifted[i] = lift;
            v->imposed[i] = impose;
        } else if (sscanf(line, "reservation %d %lf", &i, &d) == 2 && i >= 0 &&
                   i < MODEL_MAX_ACTORS) {
            v->reservation_shift[i] = d;
        } else if (sscanf(line, "salience %d %d %d", &i, &k, &n) == 3 && i >= 0 &&
                   i < MODEL_MAX_ACTORS && k >= 0 && k < MODEL_MAX_ISSUES) {
            v->salience_steps[i][k] = n;
        } else if ((sscanf(line, "inject %d %d %lf", &r, &i, &d) == 3 ||
                    sscanf(line, "nudge %d %d %lf", &r, &i, &d) == 3) &&
                   v->action_count < (int)(sizeof v->actions / sizeof v->actions[0])) {
            v->actions[v->action_count++] =
                (viewer_action){line[0] == 'i' ? 'i' : 'w', r, i, d};
        } else if (strncmp(line, "answer-", 7) == 0 && strchr("axck", line[7]) &&
                   sscanf(line + 8, "%d %d %lf", &r, &i, &d) == 3 && i >= 0 &&
                   i < MODEL_MAX_ACTORS &&
                   v->action_count < (int)(sizeof v->actions / sizeof v->actions[0])) {
            v->actions[v->action_count++] = (viewer_action){line[7], r, i, d};
            v->humans |= 1ull << i; /* whoever answered was played by a student */
        }
        sscanf(line, "rounds %d", &rounds);
    }
    fclose(f);
    ent_error err = {0};
    bool autosaving = v->autosave;
    v->autosave = false; /* the save is being replayed: do not rewrite it half way */
    if (restart(v, &err) != ENT_OK) {
        snprintf(v->error, sizeof v->error, "%s", err.message);
        v->autosave = autosaving;
        return;
    }
    v->replaying = true;
    while (played(v) < rounds && !round_finished(v->sim) && !v->error[0])
        step(v);
    v->replaying = false;
    v->autosave = autosaving;
    snprintf(v->notice, sizeof v->notice, "Resumed the interrupted session at round %d.",
             played(v));
}

static void step(viewer *v)
{
    if (!v->sim)
        return;
    if (!v->follow || v->shown < played(v)) {
        /* Looking at an earlier round: space moves forward through what was played. */
        v->shown++;
        if (v->shown >= played(v)) {
            v->shown = played(v);
            v->follow = true;
        }
        return;
    }
    if (round_finished(v->sim))
        return;
    ent_error err = {0};
    if (v->replaying && !round_awaiting_answers(v->sim))
        replay_actions(v); /* live interventions were applied when they were made */
    /* With students at the table, the offer comes first; the round goes on once each has
       answered it. */
    model_set waiting = v->humans & v->work->rule.parties;
    for (int i = 0; i < v->work->actor_count; i++)
        if (round_has_walked(v->sim, i))
            waiting &= ~(1ull << i);
    if (waiting && !round_awaiting_answers(v->sim)) {
        v->answered = 0;
        if (!round_propose(v->sim, &err))
            snprintf(v->error, sizeof v->error, "%s", err.message);
        if (v->replaying)
            replay_answers(v);
        if ((v->answered & waiting) != waiting)
            return;
    }
    if (waiting && (v->answered & waiting) != waiting) {
        snprintf(v->notice, sizeof v->notice, "Waiting for the students' answers (a x c k).");
        return;
    }
    round_step(v->sim, &err);
    v->answered = 0;
    if (err.status != ENT_OK) {
        snprintf(v->error, sizeof v->error, "%s", err.message);
        v->playing = false;
    }
    v->shown = played(v);
    autosave(v);
}

static void switch_variant(viewer *v, int direction)
{
    const model_scenario *m = lx_session_model(v->session);
    int n = m->variant_count, at = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(m->variants[i].id, v->variant) == 0)
            at = i;
    if (n < 2)
        return;
    char next[MODEL_ID_MAX];
    snprintf(next, sizeof next, "%s", m->variants[(at + direction + n) % n].id);
    reload(v, v->path, next);
}

static void what_if(viewer *v)
{
    ent_error err = {0};
    if (restart(v, &err) != ENT_OK)
        snprintf(v->error, sizeof v->error, "%s", err.message);
}

static void toggle_redline(viewer *v, int r)
{
    int a = v->selected;
    if (a < 0 || !v->names || r >= v->names->actors[a].redline_count)
        return;
    const model_scenario *base = lx_session_model(v->session);
    bool declared_dormant = base->actors[a].redlines[r].dormant;
    bool now_in_force = viewer_redline_in_force(v, a, r);
    uint32_t bit = 1u << r;
    v->lifted[a] &= ~bit;
    v->imposed[a] &= ~bit;
    if (now_in_force && !declared_dormant)
        v->lifted[a] |= bit;
    else if (!now_in_force && declared_dormant)
        v->imposed[a] |= bit;
    what_if(v);
}

static void ensure_analysis(viewer *v)
{
    if (v->analysed || !v->names)
        return;
    ent_error err = {0};
    if (deal_analyze(v->names, NULL, &v->analysis, &err) == ENT_OK)
        v->analysed = true;
    else
        snprintf(v->error, sizeof v->error, "%s", err.message);
}

/* The student whose turn it is: the first human party that has not answered yet. */
static int human_turn(const viewer *v)
{
    if (!v->sim || !round_awaiting_answers(v->sim))
        return -1;
    for (int i = 0; i < v->work->actor_count; i++)
        if (model_set_has(v->humans & v->work->rule.parties, i) && !round_has_walked(v->sim, i) &&
            !model_set_has(v->answered, i))
            return i;
    return -1;
}

static int ideal_option(const model_scenario *scn, int actor, int k)
{
    int best = 0;
    for (int o = 0; o < scn->issues[k].option_count; o++)
        if (scn->actors[actor].value[k][o] > scn->actors[actor].value[k][best] + 1e-12)
            best = o;
    return best;
}

static void answer(viewer *v, int actor, char kind, int issue)
{
    const model_scenario *scn = v->work;
    round_response *r = &v->answer[actor];
    memset(r, 0, sizeof *r);
    r->redline = -1;
    r->issue = issue;
    v->counter[actor] = *round_offer(v->sim);
    switch (kind) {
    case 'a':
        r->verdict = ROUND_ACCEPT;
        snprintf(r->reason, sizeof r->reason, "the student playing it accepts");
        break;
    case 'x':
        r->verdict = ROUND_OBJECT;
        if (issue >= 0)
            snprintf(r->reason, sizeof r->reason, "the student playing it objects to %s",
                     scn->issues[issue].label);
        else
            snprintf(r->reason, sizeof r->reason, "the student playing it objects");
        break;
    case 'c':
        if (issue < 0)
            issue = 0;
        r->verdict = ROUND_COUNTER;
        r->issue = issue;
        v->counter[actor].opt[issue] = (uint8_t)ideal_option(scn, actor, issue);
        snprintf(r->reason, sizeof r->reason, "proposes %s: %s", scn->issues[issue].label,
                 scn->issues[issue].options[v->counter[actor].opt[issue]].id);
        break;
    default:
        r->verdict = ROUND_WALK;
        snprintf(r->reason, sizeof r->reason, "the student playing it walks away");
        break;
    }
    v->answered |= 1ull << actor;
}

static void human_answers(viewer *v, char kind)
{
    int actor = human_turn(v);
    if (actor < 0)
        return;
    answer(v, actor, kind, v->selected_issue);
    record(v, kind, actor, v->selected_issue);
    if (human_turn(v) < 0)
        step(v); /* everyone has answered: the round goes on */
}

/* Resuming: the students' recorded answers for the round on the table. */
static void replay_answers(viewer *v)
{
    int next = round_number(v->sim);
    for (int a = 0; a < v->action_count; a++)
        if (v->actions[a].round == next && strchr("axck", v->actions[a].kind))
            answer(v, v->actions[a].who, v->actions[a].kind, (int)v->actions[a].delta);
}

/* The debrief of the negotiation as far as it went, beside the screenshots. */
static void write_debrief(viewer *v)
{
    if (!v->sim || !v->names)
        return;
    ensure_analysis(v);
    char path[256];
    snprintf(path, sizeof path, "entente-debrief-%s-%s.html", v->names->id, v->variant);
    ent_error err = {0};
    if (debrief_write(path, v->names, round_transcript_of(v->sim),
                      v->analysed ? &v->analysis : NULL, &err) == ENT_OK)
        snprintf(v->notice, sizeof v->notice, "Debrief written: %.200s", path);
    else
        snprintf(v->notice, sizeof v->notice, "%.400s", err.message);
}

/* The facilitator's injects: events declared `inject = true`, fired at a moment of the
   teacher's choosing; the transcript (and a replay) logs each with its round. */
static void pick_inject(viewer *v)
{
    if (!v->names)
        return;
    int n = v->names->event_count;
    for (int step = 1; step <= n; step++) {
        int e = (v->inject_pick + step + n) % n;
        if (v->inject_pick < 0)
            e = step - 1;
        if (v->names->events[e].inject) {
            v->inject_pick = e;
            const model_event *ev = &v->names->events[e];
            snprintf(v->notice, sizeof v->notice, "Inject ready: %.150s (enter fires it, j picks "
                     "another)", ev->label ? ev->label : ev->id);
            return;
        }
    }
    snprintf(v->notice, sizeof v->notice, "This scenario declares no injects (events with "
                                          "inject = true).");
}

static void fire_inject(viewer *v)
{
    if (v->inject_pick < 0 || !v->sim || round_finished(v->sim))
        return;
    ent_error err = {0};
    const model_event *ev = &v->names->events[v->inject_pick];
    if (round_inject(v->sim, v->inject_pick, &err) != ENT_OK) {
        snprintf(v->notice, sizeof v->notice, "%.400s", err.message);
        return;
    }
    snprintf(v->notice, sizeof v->notice, "Fired: %.150s (it acts before round %d)",
             ev->label ? ev->label : ev->id, round_number(v->sim) + 1);
    record(v, 'i', v->inject_pick, 0);
    autosave(v);
    v->inject_pick = -1;
}

static void screenshot(viewer *v, window *w)
{
    if (!w)
        return;
    char path[256];
    ent_error err = {0};
    do
        snprintf(path, sizeof path, "entente-screenshot-%d.png", ++v->screenshots);
    while (access(path, F_OK) == 0 && v->screenshots < 10000);
    if (window_screenshot(w, path, &err) == ENT_OK)
        snprintf(v->notice, sizeof v->notice, "Screenshot saved: %s", path);
    else
        snprintf(v->notice, sizeof v->notice, "%.400s", err.message);
}

void viewer_handle(viewer *v, const window_event *ev, window *w, int width, int height)
{
    v->notice[0] = '\0';
    switch (ev->kind) {
    case WINDOW_EVENT_QUIT:
        v->quit = true;
        return;
    case WINDOW_EVENT_DROP:
        reload(v, ev->path, NULL);
        return;
    case WINDOW_EVENT_CLICK:
    case WINDOW_EVENT_MOTION: {
        /* The same layout as the frame on screen, so a click lands where the eye sees. */
        window_hit hit =
            window_hit_test_in(w, &v->scene, viewer_view(v), width, height, ev->x, ev->y);
        if (ev->kind == WINDOW_EVENT_MOTION) {
            v->hover = hit.kind == WINDOW_HIT_POINT ? hit.index : -1;
            return;
        }
        if (hit.kind == WINDOW_HIT_NODE) {
            v->selected = hit.index == v->selected ? -1 : hit.index;
            v->selected_issue = -1;
        }
        else if (hit.kind == WINDOW_HIT_ISSUE) {
            v->selected_issue = hit.index == v->selected_issue ? -1 : hit.index;
            v->selected = -1;
        } else if (hit.kind == WINDOW_HIT_ROUND && hit.index >= 0 && hit.index <= played(v)) {
            v->shown = hit.index;
            v->follow = v->shown == played(v);
        }
        return;
    }
    case WINDOW_EVENT_KEY:
        break;
    default:
        return;
    }
    if (v->resume_offer && ev->key == WINDOW_KEY_CHAR && (ev->ch == 'y' || ev->ch == 'n')) {
        v->resume_offer = false;
        if (ev->ch == 'y')
            resume(v);
        return;
    }
    switch (ev->key) {
    case WINDOW_KEY_SPACE: step(v); break;
    case WINDOW_KEY_LEFT:
        if (v->shown > 0)
            v->shown--;
        v->follow = false;
        break;
    case WINDOW_KEY_RIGHT: step(v); break;
    case WINDOW_KEY_HOME:
        v->shown = 0;
        v->follow = false;
        break;
    case WINDOW_KEY_END:
        v->shown = played(v);
        v->follow = true;
        break;
    case WINDOW_KEY_TAB:
        if (v->names && v->names->actor_count > 0)
            v->selected = (v->selected + (ev->shift ? v->names->actor_count - 1 : 1) + 1) %
                              (v->names->actor_count + 1) - 1;
        break;
    case WINDOW_KEY_ESCAPE:
        if (v->help)
            v->help = false;
        else
            v->quit = true;
        break;
    case WINDOW_KEY_F11:
        if (w)
            window_toggle_fullscreen(w);
        break;
    case WINDOW_KEY_F12: screenshot(v, w); break;
    case WINDOW_KEY_RETURN: fire_inject(v); break;
    case WINDOW_KEY_CHAR:
        switch (ev->ch) {
        case 'p': v->playing = !v->playing; break;
        case '+':
        case '=':
            if (v->speed < SPEEDS - 1)
                v->speed++;
            break;
        case '-':
            if (v->speed > 0)
                v->speed--;
            break;
        case 'r':
            v->action_count = 0; /* a fresh start: the interventions go with the old run */
            what_if(v);
            break;
        case 'm': v->map = !v->map; break;
        case 'j': pick_inject(v); break;
        case 'd': write_debrief(v); break;
        case 'H':
            if (v->selected >= 0) {
                v->humans ^= 1ull << v->selected;
                if (v->sim && !round_awaiting_answers(v->sim))
                    round_set_human(v->sim, v->selected, model_set_has(v->humans, v->selected));
            }
            break;
        case 'a':
        case 'x':
        case 'c':
        case 'k': human_answers(v, ev->ch); break;
        case 'i':
        case 'I':
            /* With an actor selected, this picks the issue that , and . weigh for it. */
            if (v->names && v->names->issue_count > 0) {
                int n = v->names->issue_count, d = ev->ch == 'I' || ev->shift ? n : 2;
                v->selected_issue = (v->selected_issue + d) % (n + 1) - 1;
            }
            break;
        case ',':
        case '.':
            if (v->selected >= 0 && v->selected_issue >= 0) {
                int *steps = &v->salience_steps[v->selected][v->selected_issue];
                *steps += ev->ch == '.' ? 1 : -1;
                what_if(v);
            }
            break;
        case '<':
            if (v->text_scale > 0.6f)
                v->text_scale -= 0.2f;
            break;
        case '>':
            if (v->text_scale < 3.0f)
                v->text_scale += 0.2f;
            break;
        case '?':
        case 'h': v->help = !v->help; break;
        case 'q': v->quit = true; break;
        case 'v': switch_variant(v, ev->shift ? -1 : 1); break;
        case 'V': switch_variant(v, -1); break;
        case 'o': reload(v, v->path, v->variant); break;
        case 'w':
        case 'W':
            /* A nudge to the live negotiation: it lasts, and the next round shows it. */
            if (v->selected >= 0 && v->sim && !round_finished(v->sim)) {
                double delta = ev->ch == 'W' || ev->shift ? -0.1 : 0.1;
                round_add_willingness(v->sim, v->selected, delta);
                record(v, 'w', v->selected, delta);
                autosave(v);
            }
            break;
        case '[':
        case ']':
            if (v->selected >= 0) {
                v->reservation_shift[v->selected] += ev->ch == ']' ? 0.05 : -0.05;
                what_if(v);
            }
            break;
        default:
            if (ev->ch >= '1' && ev->ch <= '9')
                toggle_redline(v, ev->ch - '1');
            break;
        }
        break;
    default: break;
    }
}

bool viewer_tick(viewer *v, unsigned now_ms)
{
    bool changed = false;
    if (now_ms - v->last_watch >= 500) {
        v->last_watch = now_ms;
        time_t m = mtime_of(v->path);
        if (m != 0 && m != v->mtime) {
            reload(v, v->path, v->variant);
            changed = true;
        }
    }
    if (v->playing && now_ms - v->last_step >= speeds_ms[v->speed]) {
        v->last_step = now_ms;
        int before = v->shown;
        step(v);
        if (v->sim && round_finished(v->sim) && v->shown == played(v))
            v->playing = false;
        changed = changed || v->shown != before;
    }
    return changed;
}

/* The package under the mouse on the map: what it contains that differs from the Nash package,
   and who would not sign it, each in its own words. */
static void hover_describe(viewer *v)
{
    v->hover_text[0] = '\0';
    const scene *s = &v->scene;
    if (!v->map || v->hover < 0 || v->hover >= s->point_count || !v->names)
        return;
    const scene_point *pt = &s->points[v->hover];
    const model_scenario *scn = v->names;
    size_t len = 0, size = sizeof v->hover_text;
    len += (size_t)snprintf(v->hover_text + len, size - len, "%s%s%s%s\n",
                            pt->deal ? "A deal" : "Not a deal",
                            pt->nash ? " (the Nash package)" : "",
                            pt->pareto ? " (Pareto)" : "",
                            pt->current ? " (on the table)" : "");
    const model_package *ref = v->analysed && v->analysis.nash.found ? &v->analysis.nash.package
                                                                     : NULL;
    for (int k = 0; k < scn->issue_count && len < size; k++)
        if (!ref || ref->opt[k] != pt->package.opt[k])
            len += (size_t)snprintf(v->hover_text + len, size - len, "%s: %s\n",
                                    scn->issues[k].label,
                                    scn->issues[k].options[pt->package.opt[k]].id);
    model_set need = model_required(scn, &pt->package);
    for (int i = 0; i < scn->actor_count && len < size; i++) {
        if (!model_set_has(need, i) || model_violations(scn, i, &pt->package) == 0)
            continue;
        char why[512];
        explain_non_signatory(scn, &pt->package, i, why, sizeof why);
        len += (size_t)snprintf(v->hover_text + len, size - len, "%s\n", why);
    }
}

/* A student's turn: the offer on the table as it looks to the actor they play, what each issue
   is worth to it, its red lines, and the keys to answer with. */
static void student_panel(viewer *v)
{
    int actor = human_turn(v);
    if (actor < 0)
        return;
    scene_panel *p = &v->scene.panel;
    const model_scenario *scn = v->work;
    const model_actor *a = &scn->actors[actor];
    const model_package *offer = round_offer(v->sim);
    memset(p, 0, sizeof *p);
    p->active = true;
    snprintf(p->heading, sizeof p->heading, "Your turn, %s: round %d", a->name,
             round_number(v->sim));
#define LINE(...)                                                                                \
    do {                                                                                         \
        if (p->line_count < SCENE_PANEL_LINES)                                                   \
            snprintf(p->lines[p->line_count++], SCENE_TEXT, __VA_ARGS__);                        \
    } while (0)
    LINE("The offer is worth %.2f to you; you ask %.2f; no deal gives you %.2f.",
         model_utility(scn, actor, offer), round_aspiration(v->sim, actor), a->reservation);
    for (int r = 0; r < a->redline_count; r++)
        if (!a->redlines[r].dormant && (model_violations(scn, actor, offer) & (1u << r)))
            LINE("It crosses your red line: %.180s", a->redlines[r].label);
    LINE("Issue by issue (share of your best; * = you care most):");
    for (int k = 0; k < scn->issue_count; k++)
        if (a->salience[k] > 0)
            LINE("  %s%s: %s - %.0f%%%s", k == v->selected_issue ? "> " : "",
                 scn->issues[k].label, scn->issues[k].options[offer->opt[k]].id,
                 100 * a->value[k][offer->opt[k]], a->salience[k] >= 0.2 ? " *" : "");
    if (v->selected_issue >= 0) {
        /* What each option of the chosen issue would do to its utility. */
        int k = v->selected_issue;
        model_package alt = *offer;
        LINE("If %s were instead:", scn->issues[k].label);
        for (int o = 0; o < scn->issues[k].option_count; o++) {
            alt.opt[k] = (uint8_t)o;
            bool breaks = (model_violations(scn, actor, &alt) & ~MODEL_RESERVATION_BIT) != 0;
            LINE("  %s: the offer would be worth %.2f%s%s", scn->issues[k].options[o].id,
                 model_utility(scn, actor, &alt), breaks ? " (crosses a red line)" : "",
                 o == offer->opt[k] ? " (as proposed)" : "");
        }
    }
    LINE("a accept - x object to the issue chosen with i - c propose your ideal on it - "
         "k walk away");
#undef LINE
}

/* ---- the picture ------------------------------------------------------------------- */

const scene *viewer_scene(viewer *v)
{
    ent_error err = {0};
    scene *s = &v->scene;
    if (v->names)
        scene_build(s, v->names, v->sim ? round_transcript_of(v->sim) : NULL, v->shown,
                    v->selected, &err);
    const model_package *current = NULL;
    if (s->round > 0)
        current = &round_transcript_of(v->sim)->records[s->round - 1].offer;
    if (v->map) {
        ensure_analysis(v);
        if (v->map_dirty && v->analysed) {
            scene_map(s, v->names, &v->analysis, current, &err);
            v->map_dirty = false;
        }
        for (int q = 0; q < s->point_count; q++)
            s->points[q].current =
                current && memcmp(&s->points[q].package, current, sizeof *current) == 0;
    }
    if (v->names)
        scene_panel_build(s, v->names, v->sim ? round_transcript_of(v->sim) : NULL, v->selected,
                          v->selected_issue);
    hover_describe(v);
    student_panel(v);
    /* Notices and errors go where the eye is: the message lines under the status. */
    if (v->resume_offer && s->message_count < 8)
        snprintf(s->messages[s->message_count++], SCENE_TEXT, "An earlier session of this "
                 "scenario stopped at round %d%s. Resume it? Press y (yes) or n (start afresh).",
                 v->resume_rounds,
                 v->resume_changed ? " (the file has changed since: resuming replays it as it "
                                     "is now)"
                                   : "");
    if (v->error[0] && s->message_count < 8) {
        char *m = s->messages[s->message_count++];
        snprintf(m, SCENE_TEXT, "Scenario error: %.200s", v->error);
        for (char *c = m; *c; c++)
            if (*c == '\t' || *c == '\n')
                *c = ' '; /* a traceback's layout means nothing on one line */
    }
    if (v->notice[0] && s->message_count < 8)
        snprintf(s->messages[s->message_count++], SCENE_TEXT, "%.200s", v->notice);
    if (v->playing)
        snprintf(s->status + strlen(s->status), sizeof s->status - strlen(s->status),
                 "  [playing, %.1f rounds/s]", 1000.0 / speeds_ms[v->speed]);
    return s;
}

const window_view *viewer_view(viewer *v)
{
    v->view.map = v->map;
    v->view.help = v->help;
    v->view.text_scale = v->text_scale;
    v->view.hover_text = v->hover_text[0] ? v->hover_text : NULL;
    v->view.hover_point = v->hover;
    v->view.help_lines = help_lines;
    return &v->view;
}

bool viewer_wants_quit(const viewer *v) { return v->quit; }
const char *viewer_title(const viewer *v) { return v->title; }
int viewer_round(const viewer *v) { return v->shown; }
int viewer_rounds_played(const viewer *v) { return played(v); }
int viewer_selected(const viewer *v) { return v->selected; }
const char *viewer_variant(const viewer *v) { return v->variant; }
const char *viewer_error(const viewer *v) { return v->error[0] ? v->error : NULL; }
bool viewer_finished(const viewer *v) { return v->sim && round_finished(v->sim); }

bool viewer_redline_in_force(const viewer *v, int actor, int redline)
{
    return v->work && !v->work->actors[actor].redlines[redline].dormant;
}

/* ---- the verbs ------------------------------------------------------------------------ */

static int run_window(viewer *v)
{
    ent_error err = {0};
    window *w = window_open(viewer_title(v), 1280, 720, &err);
    if (!w) {
        fprintf(stderr, "entente: %s\n", err.message);
        return CLI_EXIT_IO;
    }
    char title[512] = "";
    bool dirty = true;
    while (!viewer_wants_quit(v)) {
        window_event ev;
        int width, height;
        float ratio;
        window_size(w, &width, &height, &ratio);
        /* Update: input, then time. */
        while (window_poll(w, &ev, dirty ? 0 : 50)) {
            viewer_handle(v, &ev, w, width, height);
            dirty = true;
        }
        dirty = viewer_tick(v, window_ticks()) || dirty;
        if (strcmp(title, viewer_title(v)) != 0) {
            snprintf(title, sizeof title, "%s", viewer_title(v));
            window_set_title(w, title);
        }
        /* Draw. */
        if (dirty) {
            window_present(w, viewer_scene(v), viewer_view(v));
            dirty = false;
        }
    }
    window_close(w);
    return CLI_EXIT_OK;
}

/* No display: the negotiation in the terminal and the outcome as a picture. */
static int headless(const char *path, const char *variant, const char *why)
{
    fprintf(stderr, "entente: %s; running the scenario in the terminal instead.\n", why);
    ent_error err = {0};
    viewer *v = viewer_new(path, variant, &err);
    if (!v) {
        fprintf(stderr, "%s\n", err.message);
        return err.status == ENT_ERR_IO ? CLI_EXIT_IO : CLI_EXIT_SCENARIO;
    }
    while (!viewer_finished(v) && !viewer_error(v))
        step(v);
    if (viewer_error(v)) {
        fprintf(stderr, "%s\n", viewer_error(v));
        viewer_free(v);
        return CLI_EXIT_SCENARIO;
    }
    report_transcript(stdout, v->names, round_transcript_of(v->sim));
    char png[1200];
    snprintf(png, sizeof png, "entente-%s-%s.png", v->names->id, v->variant);
    if (access(".", W_OK) != 0)
        snprintf(png, sizeof png, "/tmp/entente-%s-%s.png", v->names->id, v->variant);
    const scene *s = viewer_scene(v);
    int rc = CLI_EXIT_OK;
    if (window_render_png(s, 1280, 720, viewer_view(v), png,
                          &err) != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        rc = CLI_EXIT_IO;
    } else {
        char cwd[1024];
        if (png[0] != '/' && getcwd(cwd, sizeof cwd))
            printf("\nPicture of the outcome: %s/%s\n", cwd, png);
        else
            printf("\nPicture of the outcome: %s\n", png);
    }
    viewer_free(v);
    return rc;
}

static int open_viewer(const char *path, const char *variant)
{
    char why[256];
    if (!window_display_available(why, sizeof why))
        return headless(path, variant, why);
    ent_error err = {0};
    viewer *v = viewer_new(path, variant, &err);
    if (!v) {
        fprintf(stderr, "%s\n", err.message);
        return err.status == ENT_ERR_IO ? CLI_EXIT_IO : CLI_EXIT_SCENARIO;
    }
    viewer_enable_sessions(v);
    int rc = run_window(v);
    viewer_free(v);
    return rc;
}

void viewer_enable_sessions(viewer *v)
{
    v->autosave = true;
    v->resume_rounds = saved_rounds(v);
    v->resume_offer = v->resume_rounds > 0;
}

int viewer_default(const char *path)
{
    return open_viewer(path, NULL);
}

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "entente: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\nTry 'entente --help'.\n");
    return CLI_EXIT_USAGE;
}

int cmd_view(int argc, char **argv)
{
    const char *file = NULL, *variant = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--variant") == 0) {
            if (i + 1 >= argc)
                return usage("%s", "--variant needs a NAME");
            variant = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage("view: unknown option '%s'", argv[i]);
        } else if (!file) {
            file = argv[i];
        } else {
            return usage("view: one scenario at a time (extra argument '%s')", argv[i]);
        }
    }
    if (!file)
        return usage("%s", "view needs a scenario file");
    return open_viewer(file, variant);
}

int cmd_render(int argc, char **argv)
{
    const char *file = NULL, *variant = NULL, *png = NULL, *select = NULL;
    int round = -1, width = 1280, height = 720;
    bool map = false;
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i];
        bool takes = strcmp(opt, "--variant") == 0 || strcmp(opt, "--round") == 0 ||
                     strcmp(opt, "--size") == 0 || strcmp(opt, "--png") == 0 ||
                     strcmp(opt, "--select") == 0;
        if (takes && i + 1 >= argc)
            return usage("%s needs a value", opt);
        const char *val = takes ? argv[++i] : NULL;
        if (strcmp(opt, "--variant") == 0) {
            variant = val;
        } else if (strcmp(opt, "--png") == 0) {
            png = val;
        } else if (strcmp(opt, "--select") == 0) {
            select = val;
        } else if (strcmp(opt, "--round") == 0) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || n < 0 || n > 1000)
                return usage("--round needs a whole number from 0 to 1000 (got '%s')", val);
            round = (int)n;
        } else if (strcmp(opt, "--size") == 0) {
            if (sscanf(val, "%dx%d", &width, &height) != 2 || width < 320 || height < 240 ||
                width > 7680 || height > 4320)
                return usage("--size needs WIDTHxHEIGHT, from 320x240 to 7680x4320 (got '%s')",
                             val);
        } else if (strcmp(opt, "--map") == 0) {
            map = true;
        } else if (opt[0] == '-' && opt[1]) {
            return usage("render: unknown option '%s'", opt);
        } else if (!file) {
            file = opt;
        } else {
            return usage("render: one scenario at a time (extra argument '%s')", opt);
        }
    }
    if (!file)
        return usage("%s", "render needs a scenario file");
    if (!png)
        return usage("%s", "render needs --png PATH");
    ent_error err = {0};
    viewer *v = viewer_new(file, variant, &err);
    if (!v) {
        fprintf(stderr, "%s\n", err.message);
        return err.status == ENT_ERR_IO ? CLI_EXIT_IO : CLI_EXIT_SCENARIO;
    }
    while (!viewer_finished(v) && !viewer_error(v) && (round < 0 || played(v) < round))
        step(v);
    if (viewer_error(v)) {
        fprintf(stderr, "%s\n", viewer_error(v));
        viewer_free(v);
        return CLI_EXIT_SCENARIO;
    }
    v->shown = round < 0 || round > played(v) ? played(v) : round;
    v->map = map;
    if (select) {
        v->selected = model_find_actor(v->names, select);
        if (v->selected < 0) {
            fprintf(stderr, "%s: no actor '%s'\n", file, select);
            viewer_free(v);
            return CLI_EXIT_USAGE;
        }
    }
    const scene *s = viewer_scene(v);
    int rc = CLI_EXIT_OK;
    if (window_render_png(s, width, height, viewer_view(v), png,
                          &err) != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        rc = CLI_EXIT_IO;
    }
    viewer_free(v);
    return rc;
}
