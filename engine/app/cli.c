/* cli.c: the command line: `entente [check|analyze] ...`, help, version and exit statuses. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "afile.h"
#include "brief.h"
#include "deal.h"
#include "debrief.h"
#include "lx_scenario.h"
#include "replay.h"
#include "viewer.h"
#include "report.h"

#ifndef ENTENTE_SOURCE_SCENARIOS
#define ENTENTE_SOURCE_SCENARIOS "scripts/scenarios"
#endif

static const char usage_text[] =
    "usage: entente [COMMAND] [ARGS]\n"
    "\n"
    "A diplomatic negotiation simulator: states, their red lines and what deal is possible.\n"
    "\n"
    "Commands:\n"
    "  entente                          the viewer on the default scenario (Ukraine, August\n"
    "                                   2025); with no display, its transcript and a picture\n"
    "  entente view FILE [--variant NAME]\n"
    "                                   watch and steer a negotiation in a window (press ?)\n"
    "  entente render FILE [--variant NAME] [--round N] [--size WxH] [--map]\n"
    "                 [--select ACTOR] --png PATH\n"
    "                                   the same picture as a PNG, no display needed\n"
    "  entente new NAME                 write NAME.lua, a commented starter scenario\n"
    "  entente check FILE...            validate scenarios (every variant of each) and warn\n"
    "                                   about likely mistakes\n"
    "  entente analyze FILE [--variant NAME] [--json]\n"
    "                                   is a deal possible, which one, and why not\n"
    "  entente run FILE [--variant NAME] [--seed N] [--rounds N] [--json PATH]\n"
    "                   [--replay PATH] [--debrief PATH] [--inject ID@N] [--quiet]\n"
    "                                   negotiate round by round: who proposed what, who\n"
    "                                   accepted or objected and why, and the outcome\n"
    "  entente brief FILE --actor ID [--variant NAME] --out PATH [--md]\n"
    "  entente brief FILE --all [--variant NAME] --out DIR [--md]\n"
    "                                   a printable role brief for the student playing a\n"
    "                                   state (HTML, or Markdown with --md); --all writes\n"
    "                                   DIR/brief-ID.html for every state\n"
    "  entente replay PATH [--json]     print a run again from its replay file\n"
    "  entente montecarlo FILE --runs N [--threads T] [--seed N] [--rounds N]\n"
    "                   [--variant NAME] [--json PATH]\n"
    "                                   many runs with the uncertain parameters drawn anew:\n"
    "                                   the odds of each outcome, signatory and package, and\n"
    "                                   which parameter moves the outcome most\n"
    "  entente forecast FILE [--model compromise|median|eu|all] [--runs N] [--seed N]\n"
    "                   [--json] [--variant NAME] [--q Q] [--t T] [--rounds N] ...\n"
    "                                   forecast an issue on a numeric scale (a CSV table\n"
    "                                   Actor,Capability,Position,Salience, or a scenario's\n"
    "                                   issues with a scale): compromise, weighted median\n"
    "                                   and the expected utility model, round by round;\n"
    "                                   every option: entente forecast --help\n"
    "  entente forecast --batch DIR_OR_FILE [--json]\n"
    "                                   each model's error against the tables' Outcome\n"
    "  entente variants FILE            list a scenario's variants\n"
    "  entente help | --help | -h       this text\n"
    "  entente --version                the version\n"
    "\n"
    "Options:\n"
    "  --variant NAME   a named what-if declared in the scenario (default: baseline)\n"
    "  --json           analyze: print JSON instead of a report;\n"
    "                   run: also write the run as JSON to PATH (atomically)\n"
    "  --seed N         run: the seed (default: the scenario's); same seed, same run\n"
    "  --rounds N       run: the deadline in rounds (default: the scenario's protocol)\n"
    "  --replay PATH    run: also write a replay file (see `entente replay`)\n"
    "  --quiet          run: print only the outcome, not the transcript\n"
    "  --inject ID@N    run: fire the scenario's inject ID before round N (repeatable)\n"
    "  --debrief PATH   run: also write the debrief for the class (self-contained HTML with\n"
    "                   pictures: willingness, moves, red lines, the Nash package, history\n"
    "                   where recorded, and the scenario's questions), atomically\n"
    "  --actor ID       brief: the state to brief (--all: every state)\n"
    "  --out PATH       brief: where to write it (atomically); with --all, a directory\n"
    "  --md             brief: Markdown instead of HTML\n"
    "  --round N        render: the picture after round N (default: the end)\n"
    "  --size WxH       render: the picture's size in pixels (default 1280x720)\n"
    "  --map            render: the map of the deal space instead of the ring\n"
    "  --select ACTOR   render: with that actor's side panel\n"
    "  --png PATH       render: where to write the picture (atomically)\n"
    "  --runs N         montecarlo: how many runs\n"
    "  --threads T      montecarlo: worker threads (default: the processors); the results\n"
    "                   are the same whatever the thread count\n"
    "\n"
    "Environment:\n"
    "  ENTENTE_SCENARIOS  directory of the bundled scenarios (default: the source tree's\n"
    "                     scripts/scenarios)\n"
    "  ENTENTE_FONT       the TrueType font to draw with (default: DejaVu Sans)\n"
    "\n"
    "Exit status: 0 ok, 1 bad scenario, 2 bad usage, 3 input/output error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "entente: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'entente --help'.\n");
    return CLI_EXIT_USAGE;
}

static int exit_for(ent_status st)
{
    switch (st) {
    case ENT_OK: return CLI_EXIT_OK;
    case ENT_ERR_USAGE: return CLI_EXIT_USAGE;
    case ENT_ERR_IO: return CLI_EXIT_IO;
    default: return CLI_EXIT_SCENARIO;
    }
}

static void default_scenario(char *buf, size_t size)
{
    const char *dir = getenv("ENTENTE_SCENARIOS");
    snprintf(buf, size, "%s/ukraine_guarantees.lua",
             dir && *dir ? dir : ENTENTE_SOURCE_SCENARIOS);
}

/* ---- check ----------------------------------------------------------------- */

/* Do two builds of a scenario say the same things (what a variant could change)? */
static bool same_terms(const model_scenario *a, const model_scenario *b)
{
    if (a->issue_count != b->issue_count || a->actor_count != b->actor_count ||
        a->node_count != b->node_count || a->event_count != b->event_count ||
        memcmp(a->nodes, b->nodes, sizeof a->nodes[0] * (size_t)a->node_count) != 0 ||
        memcmp(&a->protocol, &b->protocol, sizeof a->protocol) != 0)
        return false;
    const model_rule *ra = &a->rule, *rb = &b->rule;
    if (ra->parties != rb->parties || ra->required != rb->required ||
        ra->guarantors != rb->guarantors || ra->min_guarantors != rb->min_guarantors ||
        ra->min_guarantor_share != rb->min_guarantor_share ||
        ra->condition_count != rb->condition_count)
        return false;
    for (int c = 0; c < ra->condition_count; c++)
        if (ra->conditions[c].node != rb->conditions[c].node ||
            ra->conditions[c].actors != rb->conditions[c].actors)
            return false;
    for (int k = 0; k < a->issue_count; k++)
        if (a->issues[k].option_count != b->issues[k].option_count ||
            a->issues[k].default_option != b->issues[k].default_option ||
            a->issues[k].owner != b->issues[k].owner)
            return false;
    /* continuous issues (forecasting): their scale, who states what */
    if (a->continuous_count != b->continuous_count)
        return false;
    for (int k = 0; k < a->continuous_count; k++) {
        const model_continuous *x = &a->continuous[k], *y = &b->continuous[k];
        if (x->lo != y->lo || x->hi != y->hi || x->stated != y->stated ||
            x->has_status_quo != y->has_status_quo || x->status_quo != y->status_quo ||
            x->has_outcome != y->has_outcome || x->outcome != y->outcome ||
            memcmp(x->position, y->position, sizeof x->position[0] * (size_t)a->actor_count) ||
            memcmp(x->salience, y->salience, sizeof x->salience[0] * (size_t)a->actor_count))
            return false;
    }
    for (int i = 0; i < a->actor_count; i++) {
        const model_actor *x = &a->actors[i], *y = &b->actors[i];
        if (x->reservation != y->reservation || x->capability != y->capability ||
            x->redline_count != y->redline_count ||
            memcmp(&x->tactic, &y->tactic, sizeof x->tactic) != 0 ||
            memcmp(x->salience, y->salience, sizeof x->salience[0] * (size_t)a->issue_count) ||
            memcmp(x->value, y->value, sizeof x->value[0] * (size_t)a->issue_count) ||
            memcmp(x->listens, y->listens, sizeof x->listens[0] * (size_t)a->actor_count))
            return false;
        for (int r = 0; r < x->redline_count; r++)
            if (x->redlines[r].node != y->redlines[r].node ||
                x->redlines[r].dormant != y->redlines[r].dormant)
                return false;
    }
    return true;
}

/* Legal, but likely mistakes: said on standard error, and check still succeeds. */
static int warn_about(const char *path, const model_scenario *scn)
{
    int n = 0;
    if (scn->issue_count == 0) /* continuous issues only: a forecast, with no deal to make */
        return 0;
    for (int i = 0; i < scn->actor_count; i++)
        if (scn->actors[i].redline_count == 0 && scn->actors[i].reservation <= 0) {
            fprintf(stderr, "%s: warning: actor '%s' has no red lines and no reservation: it "
                            "accepts any package\n", path, scn->actors[i].id);
            n++;
        }
    for (int k = 0; k < scn->issue_count; k++) {
        bool cared = false;
        for (int i = 0; i < scn->actor_count; i++)
            cared = cared || scn->actors[i].salience[k] > 0;
        if (!cared) {
            fprintf(stderr, "%s: warning: issue '%s': no actor cares about it (every salience "
                            "is 0)\n", path, scn->issues[k].id);
            n++;
        }
    }
    deal_analysis a;
    ent_error err = {0};
    if (deal_analyze(scn, NULL, &a, &err) == ENT_OK) {
        if (!a.agreement_possible) {
            fprintf(stderr, "%s: warning: no deal is possible in the baseline (entente analyze "
                            "%s says why)\n", path, path);
            n++;
        }
        deal_analysis_free(&a);
    }
    return n;
}

static int cmd_check(int argc, char **argv)
{
    if (argc < 1)
        return usage_error("%s", "check needs at least one scenario file");
    int worst = CLI_EXIT_OK;
    for (int f = 0; f < argc; f++) {
        if (argv[f][0] == '-' && argv[f][1])
            return usage_error("check: unknown option '%s'", argv[f]);
        ent_error err = {0};
        model_scenario *scn = NULL;
        ent_status st = lx_scenario_load(argv[f], NULL, NULL, &scn, &err);
        if (st != ENT_OK) {
            fprintf(stderr, "%s\n", err.message);
            if (exit_for(st) > worst || worst == CLI_EXIT_OK)
                worst = exit_for(st);
            continue;
        }
        /* Every variant must build too: an error inside one is still the author's error. */
        bool ok = true;
        int warnings = 0;
        for (int v = 0; v < scn->variant_count && ok; v++) {
            model_scenario *alt = NULL;
            st = lx_scenario_load(argv[f], scn->variants[v].id, NULL, &alt, &err);
            if (st != ENT_OK) {
                fprintf(stderr, "%s\n", err.message);
                worst = exit_for(st);
                ok = false;
            } else if (strcmp(scn->variants[v].id, "baseline") != 0 && same_terms(scn, alt)) {
                /* Its apply changes nothing the model reads: selecting it shows the baseline. */
                fprintf(stderr, "%s: warning: variant '%s' changes nothing: it is the baseline "
                                "under another name\n", argv[f], scn->variants[v].id);
                warnings++;
            }
            model_free(alt);
        }
        if (ok)
            warnings += warn_about(argv[f], scn);
        char continuous[48] = "";
        if (scn->continuous_count && scn->issue_count)
            snprintf(continuous, sizeof continuous, ", %d continuous issue%s",
                     scn->continuous_count, scn->continuous_count == 1 ? "" : "s");
        if (ok && scn->issue_count == 0) /* continuous issues only: for `entente forecast` */
            printf("%s: ok (%d actor%s, %d continuous issue%s, %d variant%s%s)\n", argv[f],
                   scn->actor_count, scn->actor_count == 1 ? "" : "s", scn->continuous_count,
                   scn->continuous_count == 1 ? "" : "s", scn->variant_count,
                   scn->variant_count == 1 ? "" : "s",
                   warnings ? (warnings == 1 ? "; 1 warning" : "; warnings above") : "");
        else if (ok)
            printf("%s: ok (%d actor%s, %d issue%s, %.0f package%s, %d variant%s%s%s)\n", argv[f],
                   scn->actor_count, scn->actor_count == 1 ? "" : "s", scn->issue_count,
                   scn->issue_count == 1 ? "" : "s", model_package_count(scn),
                   model_package_count(scn) == 1 ? "" : "s", scn->variant_count,
                   scn->variant_count == 1 ? "" : "s",
                   continuous,
                   warnings ? (warnings == 1 ? "; 1 warning" : "; warnings above") : "");
        model_free(scn);
    }
    return worst;
}

/* ---- analyze ------------------------------------------------------------------ */

typedef struct {
    const char *file;
    const char *variant;
    bool json;
} analyze_args;

static int parse_analyze(int argc, char **argv, analyze_args *a)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            a->json = true;
        } else if (strcmp(argv[i], "--variant") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s", "--variant needs a NAME");
            a->variant = argv[++i];
        } else if (strncmp(argv[i], "--variant=", 10) == 0) {
            a->variant = argv[i] + 10;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("analyze: unknown option '%s'", argv[i]);
        } else if (!a->file) {
            a->file = argv[i];
        } else {
            return usage_error("analyze: one scenario at a time (extra argument '%s')", argv[i]);
        }
    }
    return CLI_EXIT_OK;
}

static int analyze(const analyze_args *args)
{
    ent_error err = {0};
    model_scenario *scn = NULL;
    ent_status st = lx_scenario_load(args->file, args->variant, NULL, &scn, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return exit_for(st);
    }
    if (scn->issue_count == 0) {
        /* Nothing to agree on, only numbers to forecast. */
        fprintf(stderr, "%s: this scenario has only continuous issues: there is no deal to "
                        "analyse; use entente forecast %s\n", args->file, args->file);
        model_free(scn);
        return CLI_EXIT_SCENARIO;
    }
    deal_analysis a;
    st = deal_analyze(scn, NULL, &a, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s: %s\n", args->file, err.message);
        model_free(scn);
        return exit_for(st);
    }
    int rc = CLI_EXIT_OK;
    if (args->json) {
        char *doc = report_json(scn, &a);
        if (!doc) {
            fprintf(stderr, "entente: out of memory\n");
            rc = CLI_EXIT_IO;
        } else {
            fputs(doc, stdout);
            fputc('\n', stdout);
            free(doc);
        }
    } else {
        report_text(stdout, scn, &a);
    }
    if (fflush(stdout) != 0)
        rc = CLI_EXIT_IO;
    deal_analysis_free(&a);
    model_free(scn);
    return rc;
}

static int cmd_analyze(int argc, char **argv)
{
    analyze_args a = {0};
    int rc = parse_analyze(argc, argv, &a);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (!a.file)
        return usage_error("%s", "analyze needs a scenario file");
    return analyze(&a);
}

/* ---- run -------------------------------------------------------------------------- */

typedef struct {
    const char *file, *variant, *json, *replay, *debrief;
    bool quiet, has_seed;
    uint64_t seed;
    int rounds;
    int inject_count;          /* --inject ID@ROUND, as a facilitator would fire them */
    const char *inject[32];
} run_args;

static bool parse_count(const char *text, double max, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (*end || end == text || v < 0 || v > max || v != (double)(uint64_t)v)
        return false;
    *out = v;
    return true;
}

static int parse_run(int argc, char **argv, run_args *a)
{
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i];
        bool takes = strcmp(opt, "--variant") == 0 || strcmp(opt, "--seed") == 0 ||
                     strcmp(opt, "--rounds") == 0 || strcmp(opt, "--json") == 0 ||
                     strcmp(opt, "--replay") == 0 || strcmp(opt, "--debrief") == 0 ||
                     strcmp(opt, "--inject") == 0;
        if (takes && i + 1 >= argc)
            return usage_error("%s needs a value", opt);
        const char *val = takes ? argv[++i] : NULL;
        double n;
        if (strcmp(opt, "--variant") == 0)
            a->variant = val;
        else if (strcmp(opt, "--json") == 0)
            a->json = val;
        else if (strcmp(opt, "--replay") == 0)
            a->replay = val;
        else if (strcmp(opt, "--debrief") == 0)
            a->debrief = val;
        else if (strcmp(opt, "--inject") == 0) {
            if (a->inject_count == 32)
                return usage_error("%s", "--inject: at most 32");
            if (!strchr(val, '@'))
                return usage_error("--inject needs ID@ROUND, e.g. drone_strike@3 (got '%s')",
                                   val);
            a->inject[a->inject_count++] = val;
        }
        else if (strcmp(opt, "--seed") == 0) {
            if (!parse_count(val, 9007199254740991.0, &n))
                return usage_error("--seed needs a whole number from 0 to 2^53 - 1 (got '%s')",
                                   val);
            a->seed = (uint64_t)n;
            a->has_seed = true;
        } else if (strcmp(opt, "--rounds") == 0) {
            if (!parse_count(val, 1000, &n) || n < 1)
                return usage_error("--rounds needs a whole number from 1 to 1000 (got '%s')",
                                   val);
            a->rounds = (int)n;
        } else if (strcmp(opt, "--quiet") == 0)
            a->quiet = true;
        else if (opt[0] == '-' && opt[1])
            return usage_error("run: unknown option '%s'", opt);
        else if (!a->file)
            a->file = opt;
        else
            return usage_error("run: one scenario at a time (extra argument '%s')", opt);
    }
    if (!a->file)
        return usage_error("%s", "run needs a scenario file");
    return CLI_EXIT_OK;
}

static int write_json_file(const char *path, char *doc)
{
    ent_error err = {0};
    if (!doc) {
        fprintf(stderr, "entente: out of memory\n");
        return CLI_EXIT_IO;
    }
    size_t n = strlen(doc);
    doc[n] = '\n'; /* the terminating NUL becomes the final newline */
    ent_status st = afile_write(path, doc, n + 1, &err);
    free(doc);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}

/* The debrief compares the run with the analysis of the scenario as it stood at the start. */
static int write_debrief(const char *path, const model_scenario *scn, const round_transcript *t)
{
    ent_error err = {0};
    deal_analysis a;
    ent_status st = deal_analyze(scn, NULL, &a, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        return exit_for(st);
    }
    st = debrief_write(path, scn, t, &a, &err);
    deal_analysis_free(&a);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return CLI_EXIT_IO;
    }
    return CLI_EXIT_OK;
}

static int cmd_run(int argc, char **argv)
{
    run_args a = {0};
    int rc = parse_run(argc, argv, &a);
    if (rc != CLI_EXIT_OK)
        return rc;
    ent_error err = {0};
    lx_session *session = NULL;
    ent_status st = lx_session_open(a.file, a.variant, NULL, &session, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return exit_for(st);
    }
    model_scenario *scn = lx_session_model(session);
    if (scn->issue_count == 0) {
        fprintf(stderr, "%s: this scenario has only continuous issues: there is nothing to "
                        "negotiate round by round; use entente forecast %s\n", a.file, a.file);
        lx_session_close(session);
        return CLI_EXIT_SCENARIO;
    }
    round_options opts = {.seed = a.has_seed ? a.seed : scn->seed, .rounds = a.rounds,
                          .explain = true};
    round_hooks hooks = lx_session_hooks(session);
    round_transcript t;
    /* Names for printing come from a copy: the run may change the model (events). */
    model_scenario *names = model_clone(scn);
    if (!names) {
        lx_session_close(session);
        fprintf(stderr, "entente: out of memory\n");
        return CLI_EXIT_IO;
    }
    /* Round by round, so that a replay file records each round as it happens. */
    replay_writer *replay = NULL;
    round_sim *sim = round_new(scn, &opts, &hooks, &err);
    if (sim && a.replay)
        replay = replay_open(a.replay, names, opts.seed, &err);
    st = sim && (!a.replay || replay) ? ENT_OK : (err.status ? err.status : ENT_ERR_NOMEM);
    /* --inject ID@ROUND: resolved against the scenario's injects now, fired as each round
       comes (so the transcript and the replay log them in that round). */
    int inject_event[32], inject_round[32];
    for (int q = 0; q < a.inject_count && st == ENT_OK; q++) {
        char id[64];
        int at = 0;
        const char *sep = strchr(a.inject[q], '@');
        snprintf(id, sizeof id, "%.*s", (int)(sep - a.inject[q]), a.inject[q]);
        inject_event[q] = -1;
        for (int e = 0; e < names->event_count; e++)
            if (strcmp(names->events[e].id, id) == 0 && names->events[e].inject)
                inject_event[q] = e;
        if (inject_event[q] < 0 || sscanf(sep + 1, "%d", &at) != 1 || at < 1) {
            st = ent_fail(&err, ENT_ERR_USAGE, "--inject %s: no inject '%s' in %s, or no round "
                          "(injects are events with inject = true)", a.inject[q], id, a.file);
            break;
        }
        inject_round[q] = at;
    }
    while (st == ENT_OK) {
        for (int q = 0; q < a.inject_count; q++)
            if (inject_round[q] == round_number(sim) + 1)
                round_inject(sim, inject_event[q], &err);
        bool more = round_step(sim, &err);
        const round_transcript *so_far = round_transcript_of(sim);
        if (err.status != ENT_OK)
            st = err.status;
        else if (replay && so_far->record_count > 0 &&
                 so_far->records[so_far->record_count - 1].number == round_number(sim))
            st = replay_append(replay, &so_far->records[so_far->record_count - 1], &err);
        if (!more)
            break;
    }
    if (st == ENT_OK)
        st = round_run(sim, &t, &err);
    if (st == ENT_OK && replay) {
        st = replay_close(replay, &t.outcome, &err);
        replay = NULL;
        if (st != ENT_OK)
            round_transcript_free(&t);
    }
    replay_abort(replay);
    round_free(sim);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        model_free(names);
        lx_session_close(session);
        return exit_for(st);
    }
    if (a.quiet)
        fprintf(stdout, "%s: %s after %d round%s. %s\n", names->id,
                round_outcome_name(t.outcome.kind), t.outcome.rounds,
                t.outcome.rounds == 1 ? "" : "s", t.outcome.reason);
    else
        report_transcript(stdout, names, &t);
    if (fflush(stdout) != 0)
        rc = CLI_EXIT_IO;
    if (a.json && rc == CLI_EXIT_OK)
        rc = write_json_file(a.json, report_run_json(names, &t));
    if (a.debrief && rc == CLI_EXIT_OK)
        rc = write_debrief(a.debrief, names, &t);
    round_transcript_free(&t);
    model_free(names);
    lx_session_close(session);
    return rc;
}

static int cmd_variants(int argc, char **argv)
{
    if (argc != 1)
        return usage_error("%s", "variants needs exactly one scenario file");
    ent_error err = {0};
    model_scenario *scn = NULL;
    ent_status st = lx_scenario_load(argv[0], NULL, NULL, &scn, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return exit_for(st);
    }
    for (int v = 0; v < scn->variant_count; v++)
        printf("%-20s %s\n", scn->variants[v].id,
               scn->variants[v].label ? scn->variants[v].label : "");
    model_free(scn);
    return CLI_EXIT_OK;
}

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        char path[4096];
        default_scenario(path, sizeof path);
        return viewer_default(path);
    }
    const char *verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 || strcmp(verb, "help") == 0) {
        fputs(usage_text, stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(verb, "--version") == 0 || strcmp(verb, "version") == 0) {
        printf("entente %s\n", ENTENTE_VERSION);
        return CLI_EXIT_OK;
    }
    if (strcmp(verb, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(verb, "analyze") == 0 || strcmp(verb, "analyse") == 0)
        return cmd_analyze(argc - 2, argv + 2);
    if (strcmp(verb, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(verb, "new") == 0)
        return cmd_new(argc - 2, argv + 2);
    if (strcmp(verb, "view") == 0)
        return cmd_view(argc - 2, argv + 2);
    if (strcmp(verb, "render") == 0)
        return cmd_render(argc - 2, argv + 2);
    if (strcmp(verb, "replay") == 0)
        return cmd_replay(argc - 2, argv + 2);
    if (strcmp(verb, "montecarlo") == 0)
        return cmd_montecarlo(argc - 2, argv + 2);
    if (strcmp(verb, "forecast") == 0)
        return cmd_forecast(argc - 2, argv + 2);
    if (strcmp(verb, "variants") == 0)
        return cmd_variants(argc - 2, argv + 2);
    if (strcmp(verb, "brief") == 0)
        return cmd_brief(argc - 2, argv + 2);
    if (verb[0] == '-')
        return usage_error("unknown option '%s'", verb);
    struct stat sb;
    if (stat(verb, &sb) == 0)
        return usage_error("unknown command '%s' (to analyse a file: entente analyze FILE)", verb);
    return usage_error("unknown command '%s'", verb);
}
