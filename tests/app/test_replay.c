/* test_replay.c: replay files: round trips, same bytes, atomic writes, and every damaged file
   refused with its message, by the library and by `entente replay`. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "replay.h"
#include "report.h"

/* Relative to the project root (the tests run there), so that messages match the .expect. */
#define CORPUS "tests/fixtures/replay"
#define GOOD CORPUS "/good.replay"
#define UKRAINE "scripts/scenarios/ukraine_guarantees.lua"
#define MIN_FIXTURES 15

static char tmpdir[256];

/* ---- helpers -------------------------------------------------------------------------- */

static char *tmp_path(const char *name)
{
    static char path[4][512];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    return p;
}

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (size)
        *size = (size_t)n;
    return buf;
}

static void spill(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

/* The names in the temp directory, sorted, joined by spaces. */
static void listing(char *out, size_t size)
{
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    char names[32][64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && n < 32)
            snprintf(names[n++], sizeof names[0], "%.63s", e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        size_t w = strlen(names[i]);
        if (len + w + 2 > size)
            break;
        if (i)
            out[len++] = ' ';
        memcpy(out + len, names[i], w + 1);
        len += w;
    }
}

static void clear_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            unlink(tmp_path(e->d_name));
    closedir(d);
}

static char *text_of(const model_scenario *scn, const round_transcript *t)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    report_transcript(f, scn, t);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* ---- a small negotiation, made by hand -------------------------------------------------- */

static void add_actor(model_scenario *scn, const char *id, const char *name, int redlines,
                      const char *const *rl)
{
    model_actor *a = &scn->actors[scn->actor_count++];
    snprintf(a->id, sizeof a->id, "%s", id);
    a->name = model_strdup(scn, name);
    a->redline_count = redlines;
    for (int r = 0; r < redlines; r++) {
        snprintf(a->redlines[r].id, sizeof a->redlines[r].id, "%s", rl[r]);
        a->redlines[r].label = model_strdup(scn, "a label the replay does not keep");
    }
    a->capability = 1; /* not kept either */
}

static void add_issue(model_scenario *scn, const char *id, const char *label, int options,
                      const char *const *ids, const char *const *labels)
{
    model_issue *is = &scn->issues[scn->issue_count++];
    snprintf(is->id, sizeof is->id, "%s", id);
    is->label = model_strdup(scn, label);
    is->option_count = options;
    for (int o = 0; o < options; o++) {
        snprintf(is->options[o].id, sizeof is->options[o].id, "%s", ids[o]);
        is->options[o].label = labels[o] ? model_strdup(scn, labels[o]) : NULL;
    }
}

static model_scenario *island(void)
{
    model_scenario *scn = model_new();
    assert_non_null(scn);
    snprintf(scn->id, sizeof scn->id, "island_talks");
    scn->title = model_strdup(scn, "Talks over the island");
    scn->variant = model_strdup(scn, "ceasefire");
    scn->description = model_strdup(scn, "not kept");
    add_actor(scn, "NO", "Northland", 2, (const char *[]){"no_bases", "keep_port"});
    add_actor(scn, "SO", "Southland", 1, (const char *[]){"sovereignty"});
    add_actor(scn, "UN", "United Nations", 0, NULL);
    add_actor(scn, "OB", "Observer \"Ü\"", 0, NULL);
    add_issue(scn, "bases", "Foreign bases on the island", 3,
              (const char *[]){"none", "leased", "sovereign"},
              (const char *[]){"No bases", "Leased bases", "Sovereign base areas"});
    add_issue(scn, "port", "Port access", 3, (const char *[]){"closed", "shared", "open"},
              (const char *[]){"closed", NULL, "Open port"});
    add_issue(scn, "monitor", "Monitoring mission", 2, (const char *[]){"no", "un"},
              (const char *[]){"No mission", "UN mission"});
    return scn;
}

static void respond(round_record *rec, int actor, round_verdict v, int redline, int issue,
                    double utility, double aspiration, const char *reason)
{
    round_response *r = &rec->responses[rec->response_count++];
    r->actor = actor;
    r->verdict = v;
    r->redline = redline;
    r->issue = issue;
    r->utility = utility;
    r->aspiration = aspiration;
    snprintf(r->reason, sizeof r->reason, "%s", reason);
}

static void say(round_record *rec, const char *text)
{
    size_t n = (size_t)rec->message_count + 1;
    rec->messages = realloc(rec->messages, sizeof *rec->messages * n);
    assert_non_null(rec->messages);
    rec->messages[rec->message_count] = strdup(text);
    assert_non_null(rec->messages[rec->message_count]);
    rec->message_count++;
}

static round_record *next_round(round_transcript *t, int proposer, int o0, int o1, int o2)
{
    round_record *rec = &t->records[t->record_count++];
    memset(rec, 0, sizeof *rec);
    rec->number = t->record_count;
    rec->proposer = proposer;
    rec->offer.opt[0] = (uint8_t)o0;
    rec->offer.opt[1] = (uint8_t)o1;
    rec->offer.opt[2] = (uint8_t)o2;
    return rec;
}

/* Four rounds with messages and every verdict, ending in the given way. */
static void negotiation(round_transcript *t, round_outcome_kind kind)
{
    memset(t, 0, sizeof *t);
    t->seed = UINT64_MAX; /* all 64 bits survive */
    t->record_capacity = 4;
    t->records = calloc(4, sizeof *t->records);
    assert_non_null(t->records);

    round_record *r = next_round(t, -1, 0, 0, 0);
    say(r, "Talks open in Geneva.");
    say(r, "Quotes \"here\", a tab\there, a newline\nhere, a backslash \\, a control \x01, "
           "and \xc3\xbc");
    respond(r, 0, ROUND_ACCEPT, -1, -1, 0.75, 0.7, "worth 0.75 to it, at least the 0.70 it asks");
    respond(r, 1, ROUND_OBJECT, 0, -1, 0.2, 0.9, "crosses its red line \"Sovereignty\"");
    respond(r, 2, ROUND_ACCEPT, -1, -1, 1.0 / 3, 0.25, "worth 0.33 to it");
    respond(r, 3, ROUND_ABSENT, -1, -1, NAN, INFINITY, "");
    r->willingness[0] = 0;
    r->willingness[1] = 0.1;
    r->willingness[2] = 1.0 / 3;
    r->willingness[3] = -0.0;
    r->aspiration[0] = 0.9;
    r->aspiration[1] = 0.8;
    r->aspiration[2] = 2.0 / 3;
    r->aspiration[3] = INFINITY;

    r = next_round(t, 0, 1, 0, 1);
    respond(r, 0, ROUND_COUNTER, -1, 1, 0.6, 0.65, "it puts its own text on the table");
    respond(r, 1, ROUND_OBJECT, -1, 0, 0.5, 0.8, "it wants bases to be 'none'");
    respond(r, 2, ROUND_ACCEPT, -1, -1, 0.7, 0.2, "worth 0.70 to it");
    respond(r, 3, ROUND_ABSENT, -1, -1, 0, 0, "");
    r->willingness[0] = 1e-300;
    r->willingness[1] = 0.1 + 0.2;
    r->willingness[2] = 0.5;
    r->aspiration[0] = 123456789.125;
    r->aspiration[1] = -2.5e-7;

    r = next_round(t, 1, 1, 2, 1);
    say(r, "A storm closes the port for a week.");
    respond(r, 0, ROUND_WALK, 1, -1, 0.1, 0.6,
            "it walks away: crosses its red line \"Keep the port\"");
    respond(r, 1, ROUND_ACCEPT, -1, -1, 0.8, 0.7, "worth 0.80 to it");
    respond(r, 2, ROUND_ACCEPT, -1, -1, 0.9, 0.1, "worth 0.90 to it");
    respond(r, 3, ROUND_ACCEPT, -1, -1, 0.5, 0.5, "worth 0.50 to it");
    r->willingness[0] = 1;
    r->willingness[1] = 0.625;
    r->willingness[2] = 0.995;
    r->willingness[3] = 0.005;

    r = next_round(t, 1, 1, 2, 1); /* the same offer: printed as unchanged */
    say(r, "Final round.");
    respond(r, 0, ROUND_ABSENT, -1, -1, 0, 0, "");
    respond(r, 1, ROUND_ACCEPT, -1, -1, 0.8, 0.6, "worth 0.80 to it");
    respond(r, 2, ROUND_ACCEPT, -1, -1, 0.9, 0.05, "worth 0.90 to it");
    respond(r, 3, ROUND_ACCEPT, -1, -1, 0.5, 0.4, "worth 0.50 to it");
    for (int i = 0; i < 4; i++)
        r->willingness[i] = 1;

    round_outcome *o = &t->outcome;
    o->kind = kind;
    o->rounds = 4;
    if (kind == OUTCOME_BREAKDOWN) {
        snprintf(o->reason, sizeof o->reason, "No agreement: the deadline passed after 4 rounds.");
        return;
    }
    o->has_package = true;
    o->package = r->offer;
    o->signatories = kind == OUTCOME_AGREEMENT ? 0xe : 0x6;
    snprintf(o->reason, sizeof o->reason, "%s",
             kind == OUTCOME_AGREEMENT ? "Every party accepts the text of round 4."
                                       : "Not everyone signs. Observer \"Ü\" does not sign.");
}

/* ---- comparing ---------------------------------------------------------------------------- */

static void assert_same_text(const char *a, const char *b)
{
    if (a || b) {
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
    }
}

static void assert_same_names(const model_scenario *a, const model_scenario *b)
{
    assert_string_equal(a->id, b->id);
    assert_same_text(a->title, b->title);
    assert_same_text(a->variant, b->variant);
    assert_int_equal(a->actor_count, b->actor_count);
    for (int i = 0; i < a->actor_count; i++) {
        assert_string_equal(a->actors[i].id, b->actors[i].id);
        assert_same_text(a->actors[i].name, b->actors[i].name);
        assert_int_equal(a->actors[i].redline_count, b->actors[i].redline_count);
        for (int r = 0; r < a->actors[i].redline_count; r++)
            assert_string_equal(a->actors[i].redlines[r].id, b->actors[i].redlines[r].id);
    }
    assert_int_equal(a->issue_count, b->issue_count);
    for (int k = 0; k < a->issue_count; k++) {
        assert_string_equal(a->issues[k].id, b->issues[k].id);
        assert_same_text(a->issues[k].label, b->issues[k].label);
        assert_int_equal(a->issues[k].option_count, b->issues[k].option_count);
        for (int o = 0; o < a->issues[k].option_count; o++) {
            assert_string_equal(a->issues[k].options[o].id, b->issues[k].options[o].id);
            assert_same_text(a->issues[k].options[o].label, b->issues[k].options[o].label);
        }
    }
}

/* Doubles compare by their bits: -0 must stay -0, NaN must stay NaN. */
static void assert_same_double(double a, double b)
{
    if (memcmp(&a, &b, sizeof a) != 0)
        fail_msg("%.17g != %.17g", a, b);
}

static void assert_same_transcript(const round_transcript *a, const round_transcript *b)
{
    assert_int_equal(a->seed, b->seed);
    assert_int_equal(a->record_count, b->record_count);
    for (int r = 0; r < a->record_count; r++) {
        const round_record *x = &a->records[r], *y = &b->records[r];
        assert_int_equal(x->number, y->number);
        assert_int_equal(x->proposer, y->proposer);
        assert_memory_equal(&x->offer, &y->offer, sizeof x->offer);
        assert_int_equal(x->response_count, y->response_count);
        for (int j = 0; j < x->response_count; j++) {
            const round_response *p = &x->responses[j], *q = &y->responses[j];
            assert_int_equal(p->actor, q->actor);
            assert_int_equal(p->verdict, q->verdict);
            assert_int_equal(p->redline, q->redline);
            assert_int_equal(p->issue, q->issue);
            assert_same_double(p->utility, q->utility);
            assert_same_double(p->aspiration, q->aspiration);
            assert_string_equal(p->reason, q->reason);
        }
        for (int i = 0; i < MODEL_MAX_ACTORS; i++) {
            assert_same_double(x->willingness[i], y->willingness[i]);
            assert_same_double(x->aspiration[i], y->aspiration[i]);
        }
        assert_int_equal(x->message_count, y->message_count);
        for (int m = 0; m < x->message_count; m++)
            assert_string_equal(x->messages[m], y->messages[m]);
    }
    const round_outcome *o = &a->outcome, *p = &b->outcome;
    assert_int_equal(o->kind, p->kind);
    assert_int_equal(o->has_package, p->has_package);
    assert_memory_equal(&o->package, &p->package, sizeof o->package);
    assert_int_equal(o->signatories, p->signatories);
    assert_int_equal(o->rounds, p->rounds);
    assert_string_equal(o->reason, p->reason);
}

/* ---- the tests ------------------------------------------------------------------------------ */

static void test_crc32(void **state)
{
    (void)state;
    assert_int_equal(replay_crc32("", 0), 0);
    assert_int_equal(replay_crc32("123456789", 9), 0xcbf43926u); /* the check value */
    assert_int_equal(replay_crc32("The quick brown fox jumps over the lazy dog", 43), 0x414fa339u);
}

/* Write, read back: every field, the printed transcript and the run JSON are the same. */
static void test_round_trip(void **state)
{
    (void)state;
    for (int kind = OUTCOME_AGREEMENT; kind <= OUTCOME_BREAKDOWN; kind++) {
        model_scenario *scn = island();
        round_transcript t;
        negotiation(&t, (round_outcome_kind)kind);
        ent_error err = {0};
        const char *path = tmp_path("trip.replay");
        if (replay_write(path, scn, &t, &err) != ENT_OK)
            fail_msg("%s", err.message);

        model_scenario *back = NULL;
        round_transcript u;
        if (replay_read(path, &back, &u, &err) != ENT_OK)
            fail_msg("%s", err.message);
        assert_same_names(scn, back);
        assert_int_equal(back->seed, UINT64_MAX);
        assert_same_transcript(&t, &u);

        char *before = text_of(scn, &t), *after = text_of(back, &u);
        assert_string_equal(before, after);
        assert_non_null(strstr(before, "OUTCOME: "));
        assert_non_null(strstr(before, round_outcome_name((round_outcome_kind)kind)));
        free(before);
        free(after);
        char *jb = report_run_json(scn, &t), *ja = report_run_json(back, &u);
        assert_non_null(jb);
        assert_non_null(ja);
        assert_string_equal(jb, ja);
        free(jb);
        free(ja);

        round_transcript_free(&t);
        round_transcript_free(&u);
        model_free(scn);
        model_free(back);
        clear_tmpdir();
    }
}

/* An empty negotiation (no rounds), with no title, variant or option labels, round-trips. */
static void test_round_trip_bare(void **state)
{
    (void)state;
    model_scenario *scn = model_new();
    snprintf(scn->id, sizeof scn->id, "bare");
    scn->actor_count = 1;
    snprintf(scn->actors[0].id, sizeof scn->actors[0].id, "A");
    scn->actors[0].name = model_strdup(scn, "A");
    scn->issue_count = 1;
    snprintf(scn->issues[0].id, sizeof scn->issues[0].id, "k");
    scn->issues[0].label = model_strdup(scn, "k");
    scn->issues[0].option_count = 1;
    snprintf(scn->issues[0].options[0].id, sizeof scn->issues[0].options[0].id, "x");
    round_transcript t = {0};
    t.seed = 7;
    snprintf(t.outcome.reason, sizeof t.outcome.reason, "Nobody came.");
    t.outcome.kind = OUTCOME_BREAKDOWN;
    ent_error err = {0};
    if (replay_write(tmp_path("bare.replay"), scn, &t, &err) != ENT_OK)
        fail_msg("%s", err.message);
    model_scenario *back = NULL;
    round_transcript u;
    if (replay_read(tmp_path("bare.replay"), &back, &u, &err) != ENT_OK)
        fail_msg("%s", err.message);
    assert_same_names(scn, back);
    assert_null(back->title);
    assert_null(back->variant);
    assert_same_transcript(&t, &u);
    round_transcript_free(&u);
    model_free(scn);
    model_free(back);
    clear_tmpdir();
}

/* The same transcript gives the same bytes: twice, incrementally, and as the committed file. */
static void test_same_bytes(void **state)
{
    (void)state;
    model_scenario *scn = island();
    round_transcript t;
    negotiation(&t, OUTCOME_COALITION);
    ent_error err = {0};
    assert_int_equal(replay_write(tmp_path("one.replay"), scn, &t, &err), ENT_OK);
    assert_int_equal(replay_write(tmp_path("two.replay"), scn, &t, &err), ENT_OK);
    replay_writer *w = replay_open(tmp_path("three.replay"), scn, t.seed, &err);
    assert_non_null(w);
    for (int r = 0; r < t.record_count; r++)
        assert_int_equal(replay_append(w, &t.records[r], &err), ENT_OK);
    assert_int_equal(replay_close(w, &t.outcome, &err), ENT_OK);

    size_t n1, n2, n3;
    char *one = slurp(tmp_path("one.replay"), &n1), *two = slurp(tmp_path("two.replay"), &n2),
         *three = slurp(tmp_path("three.replay"), &n3);
    assert_int_equal(n1, n2);
    assert_int_equal(n1, n3);
    assert_memory_equal(one, two, n1);
    assert_memory_equal(one, three, n1);

    /* The corpus is derived from this file: ENTENTE_REGENERATE=1 rewrites it after a change
       of format (then run tests/fixtures/replay/make_corpus.py). */
    const char *regen = getenv("ENTENTE_REGENERATE");
    if (regen && strcmp(regen, "1") == 0)
        spill(GOOD, one, n1);
    size_t ng;
    char *good = slurp(GOOD, &ng);
    assert_int_equal(ng, n1);
    assert_memory_equal(good, one, n1);
    free(good);
    free(one);
    free(two);
    free(three);
    round_transcript_free(&t);
    model_free(scn);
    clear_tmpdir();
}

/* An interrupted run leaves the old file untouched and no temp file behind. */
static void test_abort_keeps_old_file(void **state)
{
    (void)state;
    model_scenario *scn = island();
    round_transcript t;
    negotiation(&t, OUTCOME_AGREEMENT);
    const char *path = tmp_path("run.replay");
    spill(path, "old contents\n", 13);
    ent_error err = {0};
    replay_writer *w = replay_open(path, scn, t.seed, &err);
    assert_non_null(w);
    model_free(scn); /* the writer keeps its own copy of the names */
    assert_int_equal(replay_append(w, &t.records[0], &err), ENT_OK);
    assert_int_equal(replay_append(w, &t.records[1], &err), ENT_OK);

    /* While the run goes on, path is the old file and the rounds are already in the temp. */
    char names[512];
    listing(names, sizeof names);
    assert_non_null(strstr(names, "run.replay run.replay.tmp"));
    char *old = slurp(path, NULL);
    assert_string_equal(old, "old contents\n");
    free(old);
    const char *tmp = tmp_path(strchr(names, ' ') + 1);
    char *partial = slurp(tmp, NULL);
    assert_non_null(strstr(partial, "\nround "));
    model_scenario *s2 = NULL;
    round_transcript u;
    assert_int_equal(replay_read(tmp, &s2, &u, &err), ENT_ERR_SCENARIO); /* no outcome yet */
    assert_non_null(strstr(err.message, ": record 4: missing: the file ends without an outcome"));
    assert_null(s2);
    free(partial);

    replay_abort(w);
    old = slurp(path, NULL);
    assert_string_equal(old, "old contents\n");
    free(old);
    listing(names, sizeof names);
    assert_string_equal(names, "run.replay");
    replay_abort(NULL); /* harmless */
    round_transcript_free(&t);
    clear_tmpdir();
}

/* replay_close puts the new file in place of the old one, leaving nothing else. */
static void test_close_replaces(void **state)
{
    (void)state;
    model_scenario *scn = island();
    round_transcript t;
    negotiation(&t, OUTCOME_BREAKDOWN);
    const char *path = tmp_path("run.replay");
    spill(path, "old contents\n", 13);
    ent_error err = {0};
    assert_int_equal(replay_write(path, scn, &t, &err), ENT_OK);
    char names[512];
    listing(names, sizeof names);
    assert_string_equal(names, "run.replay");
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0644);
    char *text = slurp(path, NULL);
    assert_memory_equal(text, "ENTENTE-REPLAY 1\nscenario ", 26);
    free(text);
    round_transcript_free(&t);
    model_free(scn);
    clear_tmpdir();
}

/* After a refused write: the old file, untouched, and nothing else. */
static void assert_old_file_only(void)
{
    char names[512];
    listing(names, sizeof names);
    assert_string_equal(names, "run.replay");
    char *old = slurp(tmp_path("run.replay"), NULL);
    assert_string_equal(old, "old\n");
    free(old);
}

/* The writer refuses what the reader would refuse, and leaves the old file alone. */
static void test_writer_refuses(void **state)
{
    (void)state;
    model_scenario *scn = island();
    round_transcript t;
    negotiation(&t, OUTCOME_AGREEMENT);
    const char *path = tmp_path("run.replay");
    spill(path, "old\n", 4);
    ent_error err = {0};
    char want[1024];

    t.records[1].responses[2].actor = 99;
    assert_int_equal(replay_write(path, scn, &t, &err), ENT_ERR_SCENARIO);
    snprintf(want, sizeof want, "%s: cannot record round 2: responses[2].actor: actor 99 out of "
                                "range (4 actors)", path);
    assert_string_equal(err.message, want);
    assert_old_file_only();
    t.records[1].responses[2].actor = 2;

    t.records[2].number = 4;
    assert_int_equal(replay_write(path, scn, &t, &err), ENT_ERR_SCENARIO);
    snprintf(want, sizeof want, "%s: cannot record round 4: number: round 4 where round 3 was "
                                "expected (a record is missing?)", path);
    assert_string_equal(err.message, want);
    assert_old_file_only();
    t.records[2].number = 3;

    t.records[0].responses[1].redline = 1; /* SO has one red line */
    assert_int_equal(replay_write(path, scn, &t, &err), ENT_ERR_SCENARIO);
    assert_non_null(strstr(err.message, "responses[1].redline: red line 1 out of range (actor "
                                        "'SO' has 1)"));
    t.records[0].responses[1].redline = 0;

    t.outcome.rounds = 5;
    assert_int_equal(replay_write(path, scn, &t, &err), ENT_ERR_SCENARIO);
    snprintf(want, sizeof want, "%s: cannot record the outcome: rounds: 5 rounds played, but 4 "
                                "round records came before", path);
    assert_string_equal(err.message, want);
    assert_old_file_only();
    t.outcome.rounds = 4;

    t.outcome.package.opt[2] = 2; /* monitor has 2 options */
    assert_int_equal(replay_write(path, scn, &t, &err), ENT_ERR_SCENARIO);
    assert_non_null(strstr(err.message, "package[2]: option 2 out of range (issue 'monitor' "
                                        "has 2 options)"));
    assert_old_file_only();
    t.outcome.package.opt[2] = 1;

    /* Signatories are written by id: two actors may not share one. */
    snprintf(scn->actors[3].id, sizeof scn->actors[3].id, "NO");
    assert_null(replay_open(path, scn, 1, &err));
    snprintf(want, sizeof want, "%s: cannot record the scenario: actors[3].id: 'NO' again "
                                "(actors[0] has it)", path);
    assert_string_equal(err.message, want);
    assert_old_file_only();
    snprintf(scn->actors[3].id, sizeof scn->actors[3].id, "OB");

    /* After a failed append the writer refuses to go on; closing it removes the temp. */
    replay_writer *w = replay_open(path, scn, 1, &err);
    assert_non_null(w);
    t.records[0].number = 2;
    assert_int_equal(replay_append(w, &t.records[0], &err), ENT_ERR_SCENARIO);
    t.records[0].number = 1;
    assert_int_equal(replay_append(w, &t.records[0], &err), ENT_ERR_IO);
    assert_non_null(strstr(err.message, "an earlier error stopped this replay"));
    assert_int_equal(replay_close(w, &t.outcome, &err), ENT_ERR_IO);
    assert_old_file_only();

    /* The transcript prints actor names and issue labels: they must be there. */
    char *name = scn->actors[2].name;
    scn->actors[2].name = NULL;
    assert_null(replay_open(path, scn, 1, &err));
    snprintf(want, sizeof want, "%s: cannot record the scenario: actors[2].name: missing", path);
    assert_string_equal(err.message, want);
    scn->actors[2].name = name;
    assert_old_file_only();

    /* A directory that does not exist. */
    assert_null(replay_open("/nonexistent-dir/x.replay", scn, 1, &err));
    assert_string_equal(err.message, "/nonexistent-dir/x.replay: cannot create a file there: No "
                                     "such file or directory");
    round_transcript_free(&t);
    model_free(scn);
    clear_tmpdir();
}

/* NUL-free first line of a file, without its newline. */
static char *first_line(const char *path)
{
    char *text = slurp(path, NULL);
    text[strcspn(text, "\n")] = '\0';
    return text;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the damaged files in the corpus, sorted; *count of them. */
static char **corpus(int *count)
{
    DIR *d = opendir(CORPUS);
    assert_non_null(d);
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 8 || strcmp(e->d_name + len - 7, ".replay") != 0 ||
            strcmp(e->d_name, "good.replay") == 0)
            continue;
        names = realloc(names, sizeof *names * (size_t)(n + 1));
        assert_non_null(names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    *count = n;
    return names;
}

static char *expectation(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, CORPUS "/%.*s.expect", (int)(strlen(name) - 7), name);
    if (access(path, R_OK) != 0)
        fail_msg("%s has no expectation: add %s", name, path);
    return first_line(path);
}

/* Every damaged file in the corpus is refused with exactly its expected message. */
static void test_corpus(void **state)
{
    (void)state;
    int n;
    char **names = corpus(&n);
    if (n < MIN_FIXTURES)
        fail_msg("only %d fixtures in " CORPUS " (at least %d expected)", n, MIN_FIXTURES);
    int failed = 0;
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, CORPUS "/%s", names[i]);
        char *want = expectation(names[i]);
        ent_error err = {0};
        model_scenario *scn = NULL;
        round_transcript t;
        ent_status st = replay_read(path, &scn, &t, &err);
        if (st == ENT_OK || strcmp(err.message, want) != 0 || scn || t.records ||
            t.record_count) {
            print_error("%s:\n  expected: %s\n  got:      %s\n", path, want,
                        st == ENT_OK ? "(read without an error)" : err.message);
            failed++;
        }
        if (st == ENT_OK) {
            model_free(scn);
            round_transcript_free(&t);
        }
        free(want);
        free(names[i]);
    }
    free(names);
    /* An .expect whose .replay was renamed away would go unnoticed otherwise. */
    DIR *d = opendir(CORPUS);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 7 && strcmp(e->d_name + len - 7, ".expect") == 0) {
            char path[512];
            snprintf(path, sizeof path, CORPUS "/%.*s.replay", (int)(len - 7), e->d_name);
            if (access(path, R_OK) != 0) {
                print_error("%s/%s: no %s for this expectation\n", CORPUS, e->d_name, path);
                failed++;
            }
        }
    }
    closedir(d);
    assert_int_equal(failed, 0);
}

static void test_cannot_open(void **state)
{
    (void)state;
    ent_error err = {0};
    model_scenario *scn = NULL;
    round_transcript t;
    assert_int_equal(replay_read("tests/fixtures/replay/missing.replay", &scn, &t, &err),
                     ENT_ERR_IO);
    assert_string_equal(err.message, "tests/fixtures/replay/missing.replay: cannot open: No such "
                                     "file or directory");
    assert_int_equal(replay_read(CORPUS, &scn, &t, &err), ENT_ERR_IO);
    assert_string_equal(err.message, CORPUS ": cannot open: Is a directory");
    assert_int_equal(replay_read("/dev/zero", &scn, &t, &err), ENT_ERR_IO);
    assert_string_equal(err.message, "/dev/zero: cannot open: not a regular file");
    assert_null(scn);
}

/* Cut the good file anywhere: always an error naming the path, never a crash. */
static void test_every_truncation(void **state)
{
    (void)state;
    size_t n;
    char *good = slurp(GOOD, &n);
    const char *path = tmp_path("cut.replay");
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s: ", path);
    for (size_t len = 0; len < n; len++) {
        spill(path, good, len);
        ent_error err = {0};
        model_scenario *scn = NULL;
        round_transcript t;
        if (replay_read(path, &scn, &t, &err) == ENT_OK)
            fail_msg("a file cut to %zu of %zu bytes was read", len, n);
        assert_memory_equal(err.message, prefix, strlen(prefix));
        assert_null(scn);
    }
    free(good);
    clear_tmpdir();
}

/* Change any one byte of the good file: always refused. */
static void test_every_byte_changed(void **state)
{
    (void)state;
    size_t n;
    char *good = slurp(GOOD, &n);
    const char *path = tmp_path("flip.replay");
    /* One bit per byte, taking turns: the low bit, the case bit, the high bit. */
    static const unsigned char masks[] = {0x01, 0x20, 0x80};
    for (size_t i = 0; i < n; i++) {
        unsigned char mask = masks[i % sizeof masks];
        good[i] = (char)(good[i] ^ mask);
        spill(path, good, n);
        good[i] = (char)(good[i] ^ mask);
        ent_error err = {0};
        model_scenario *scn = NULL;
        round_transcript t;
        if (replay_read(path, &scn, &t, &err) == ENT_OK)
            fail_msg("byte %zu changed (xor 0x%02x) and the file was still read", i, mask);
    }
    free(good);
    clear_tmpdir();
}

/* Writes "ENTENTE-REPLAY 1\n" and the good file's scenario line, then returns the open file. */
static FILE *start_with_scenario(const char *path)
{
    size_t n;
    char *good = slurp(GOOD, &n);
    char *second = strchr(strchr(good, '\n') + 1, '\n') + 1;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(good, 1, (size_t)(second - good), f);
    free(good);
    return f;
}

static void put_record(FILE *f, const char *kind, const char *payload, size_t len)
{
    fprintf(f, "%s %zu %08x ", kind, len, (unsigned)replay_crc32(payload, len));
    fwrite(payload, 1, len, f);
    fputc('\n', f);
}

static void expect_read_error(const char *path, const char *what)
{
    ent_error err = {0};
    model_scenario *scn = NULL;
    round_transcript t;
    assert_int_not_equal(replay_read(path, &scn, &t, &err), ENT_OK);
    char want[1024];
    snprintf(want, sizeof want, "%s: %s", path, what);
    assert_string_equal(err.message, want);
    assert_null(scn);
}

/* Files too big to commit, made here: a 100 MB line, deep nesting, too many values and
   records. Each is refused early, with no allocation beyond the 1 MiB record buffer. */
static void test_hostile_generated(void **state)
{
    (void)state;
    const char *path = tmp_path("hostile.replay");
    size_t chunk = 1 << 20;
    char *junk = malloc(chunk);
    assert_non_null(junk);
    memset(junk, 'a', chunk);

    /* A 100 MB line of letters. */
    FILE *f = start_with_scenario(path);
    for (int i = 0; i < 100; i++)
        fwrite(junk, 1, chunk, f);
    fclose(f);
    expect_read_error(path, "record 2: bad record header (expected '<kind> <length> <crc32> "
                            "<payload>')");

    /* A 100 MB line behind a frame claiming the largest allowed payload. */
    f = start_with_scenario(path);
    fprintf(f, "round %u 00000000 ", REPLAY_MAX_RECORD);
    for (int i = 0; i < 100; i++)
        fwrite(junk, 1, chunk, f);
    fclose(f);
    expect_read_error(path, "record 2 (round): the payload runs past its length of 1048576 bytes");

    /* A frame claiming one byte more than allowed. */
    f = start_with_scenario(path);
    fprintf(f, "round %u 00000000 x\n", REPLAY_MAX_RECORD + 1);
    fclose(f);
    expect_read_error(path, "record 2 (round): length 1048577 is over the limit of 1048576 bytes");

    /* Nesting 100000 deep, with a good checksum. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth);
    assert_non_null(deep);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    f = start_with_scenario(path);
    put_record(f, "round", deep, 2 * depth);
    fclose(f);
    expect_read_error(path, "record 2 (round): JSON nested deeper than 16 levels");
    free(deep);

    /* 100001 values in one array. */
    size_t values = 100001;
    char *wide = malloc(2 * values + 1);
    assert_non_null(wide);
    wide[0] = '[';
    for (size_t i = 0; i < values; i++) {
        wide[1 + 2 * i] = '0';
        wide[2 + 2 * i] = i + 1 < values ? ',' : ']';
    }
    f = start_with_scenario(path);
    put_record(f, "round", wide, 2 * values + 1);
    fclose(f);
    expect_read_error(path, "record 2 (round): more than 100000 JSON values");
    free(wide);

    /* Three million records: refused by counting lines, before any is read. */
    f = start_with_scenario(path);
    for (int i = 0; i < 3000000; i++)
        fputs("x\n", f);
    fclose(f);
    char too_many[200];
    snprintf(too_many, sizeof too_many, "record %d: too many records (a replay holds a scenario, "
             "at most %d rounds and an outcome)", REPLAY_MAX_ROUNDS + 3, REPLAY_MAX_ROUNDS);
    expect_read_error(path, too_many);

    /* The most a file may hold still passes the count, and fails on its content. */
    f = start_with_scenario(path);
    for (int i = 0; i < REPLAY_MAX_ROUNDS + 1; i++)
        fputs("x\n", f);
    fclose(f);
    expect_read_error(path, "record 2: bad record header (expected '<kind> <length> <crc32> "
                            "<payload>')");
    free(junk);
    clear_tmpdir();
}

/* ---- allocation failures inside cJSON ---------------------------------------------------- */

static long alloc_budget = -1; /* allocations left before one fails; -1 = no limit */

static void *budget_malloc(size_t size)
{
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    return malloc(size);
}

/* Fail each cJSON allocation in turn: a clean out-of-memory error, nothing leaked (ASan), no
   temp file left, and success once the budget suffices. */
static void test_out_of_memory(void **state)
{
    (void)state;
    model_scenario *scn = island();
    round_transcript t;
    negotiation(&t, OUTCOME_COALITION);
    cJSON_Hooks hooks = {budget_malloc, free};
    cJSON_InitHooks(&hooks);
    const char *path = tmp_path("oom.replay");
    bool written = false, read = false;
    for (long budget = 0; budget < 100000 && !written; budget++) {
        alloc_budget = budget;
        ent_error err = {0};
        ent_status st = replay_write(path, scn, &t, &err);
        if (st == ENT_OK) {
            written = true;
            break;
        }
        assert_int_equal(st, ENT_ERR_NOMEM);
        char want[600];
        snprintf(want, sizeof want, "%s: out of memory", path);
        assert_string_equal(err.message, want);
        char names[512];
        listing(names, sizeof names);
        assert_string_equal(names, "");
    }
    assert_true(written);
    for (long budget = 0; budget < 100000 && !read; budget++) {
        alloc_budget = budget;
        ent_error err = {0};
        model_scenario *back = NULL;
        round_transcript u;
        ent_status st = replay_read(path, &back, &u, &err);
        if (st == ENT_OK) {
            read = true;
            alloc_budget = -1;
            assert_same_transcript(&t, &u);
            round_transcript_free(&u);
            model_free(back);
            break;
        }
        /* cJSON reports an allocation failure while parsing as a parse error. */
        assert_true(st == ENT_ERR_NOMEM || strstr(err.message, "bad JSON"));
        assert_null(back);
    }
    alloc_budget = -1;
    cJSON_InitHooks(NULL);
    assert_true(read);
    round_transcript_free(&t);
    model_free(scn);
    clear_tmpdir();
}

/* ---- the command line -------------------------------------------------------------------- */

typedef struct {
    int status;
    char *out, *err;
} result;

static result run(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s/out' 2>'%s/err' </dev/null", ENTENTE_BINARY, args,
             tmpdir, tmpdir);
    int rc = system(cmd);
    result r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(tmp_path("out"), NULL);
    r.err = slurp(tmp_path("err"), NULL);
    unlink(tmp_path("out"));
    unlink(tmp_path("err"));
    return r;
}

static void done(result *r)
{
    free(r->out);
    free(r->err);
}

/* `entente replay` on the corpus: status 1, nothing on stdout, exactly the message. */
static void test_cli_corpus(void **state)
{
    (void)state;
    int n;
    char **names = corpus(&n);
    int failed = 0;
    for (int i = 0; i < n; i++) {
        char args[600];
        snprintf(args, sizeof args, "replay '" CORPUS "/%s'", names[i]);
        result r = run(args);
        char *want = expectation(names[i]);
        char *got = r.err;
        got[strcspn(got, "\n")] = '\0';
        if (r.status != 1 || r.out[0] || strcmp(got, want) != 0) {
            print_error("%s: status %d (expected 1)\n  expected: %s\n  got:      %s\n",
                        names[i], r.status, want, got);
            failed++;
        }
        free(want);
        free(names[i]);
        done(&r);
    }
    free(names);
    assert_int_equal(failed, 0);
}

static void test_cli_statuses(void **state)
{
    (void)state;
    result r = run("replay '" GOOD "'");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    model_scenario *scn = NULL;
    round_transcript t;
    ent_error err = {0};
    assert_int_equal(replay_read(GOOD, &scn, &t, &err), ENT_OK);
    char *text = text_of(scn, &t);
    assert_string_equal(r.out, text);
    free(text);
    done(&r);

    r = run("replay --json '" GOOD "'");
    assert_int_equal(r.status, 0);
    char *doc = report_run_json(scn, &t);
    size_t len = strlen(doc);
    assert_int_equal(strlen(r.out), len + 1);
    assert_memory_equal(r.out, doc, len);
    free(doc);
    done(&r);
    round_transcript_free(&t);
    model_free(scn);

    r = run("replay " CORPUS "/missing.replay");
    assert_int_equal(r.status, 3);
    assert_string_equal(r.err, CORPUS "/missing.replay: cannot open: No such file or directory\n");
    done(&r);
    r = run("replay");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "replay needs a replay file"));
    done(&r);
    r = run("replay a.replay b.replay");
    assert_int_equal(r.status, 2);
    done(&r);
    r = run("replay --colour " GOOD);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "replay: unknown option '--colour'"));
    done(&r);
}

/* A real run recorded with --replay prints again byte for byte, as text and as JSON. */
static void test_cli_run_and_replay(void **state)
{
    (void)state;
    const char *variants[] = {"baseline", "russia_veto"};
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        char args[1024];
        snprintf(args, sizeof args, UKRAINE " --variant %s --replay '%s' --json '%s'", variants[v],
                 tmp_path("u.replay"), tmp_path("u.json"));
        char cmd[1100];
        snprintf(cmd, sizeof cmd, "run %s", args);
        result ran = run(cmd);
        if (ran.status != 0)
            fail_msg("entente %s: status %d: %s", cmd, ran.status, ran.err);
        snprintf(cmd, sizeof cmd, "replay '%s'", tmp_path("u.replay"));
        result again = run(cmd);
        assert_int_equal(again.status, 0);
        assert_string_equal(again.out, ran.out);
        done(&again);
        snprintf(cmd, sizeof cmd, "replay --json '%s'", tmp_path("u.replay"));
        again = run(cmd);
        assert_int_equal(again.status, 0);
        char *json = slurp(tmp_path("u.json"), NULL);
        assert_string_equal(again.out, json);
        free(json);
        done(&again);
        done(&ran);
        clear_tmpdir();
    }
}

static int setup(void **state)
{
    (void)state;
    if (chdir(ENTENTE_SOURCE_DIR) != 0)
        return -1;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/entente-replay-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    clear_tmpdir();
    return rmdir(tmpdir);
}

/* test_replay [PATTERN]: only the tests whose names match (cmocka's filter, e.g. 'test_cli*'). */
int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_bare),
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_abort_keeps_old_file),
        cmocka_unit_test(test_close_replaces),
        cmocka_unit_test(test_writer_refuses),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_cannot_open),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_every_byte_changed),
        cmocka_unit_test(test_hostile_generated),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_cli_corpus),
        cmocka_unit_test(test_cli_statuses),
        cmocka_unit_test(test_cli_run_and_replay),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
