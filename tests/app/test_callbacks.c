/* test_callbacks.c: script callbacks as `entente run` and `entente montecarlo` play them:
   what each strategy answer does to the transcript, wrong answers, the `state` functions,
   randomness under --seed, the instruction budget, errors with their place, declarations
   refused at run time, and Monte Carlo runs that do not depend on the number of threads. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static const char base[] =
    "scenario { id = \"cb\", title = \"Callbacks\" }\n"                                  /* 1 */
    "issue { id = \"level\", label = \"Level\", options = { \"low\", \"mid\", \"high\" } }\n" /* 2 */
    "actor { id = \"A\", reservation = 0.1, positions = { level = { ideal = \"low\", salience = 1 } } }\n"
    "actor { id = \"B\", reservation = 0.1, positions = { level = { ideal = \"mid\", salience = 1 } } }\n"
    "protocol { rounds = 5 }\n"                                                          /* 5 */
    "actor { id = \"C\", reservation = 0.1, positions = { level = { ideal = \"high\", salience = 1 } }"
    "%s\n"; /* 6: C's strategy, if any, from line 7 on */

#define STRATEGY_LINE 7

/* Writes the base scenario with C given `strategy_body` (NULL: no strategy) followed by
   `tail` at the top level; returns the script's path. */
static const char *scenario(const char *name, const char *strategy_body, const char *tail)
{
    char strategy[2048] = " }";
    if (strategy_body)
        snprintf(strategy, sizeof strategy,
                 ",\n  strategy = function(offer, state)\n%s\n  end }", strategy_body);
    char text[8192];
    int n = snprintf(text, sizeof text, base, strategy);
    assert_true(n > 0 && (size_t)n < sizeof text);
    snprintf(text + n, sizeof text - (size_t)n, "%s", tail ? tail : "");
    write_file(name, text);
    return tmp_path(name);
}

static result run_script(const char *path, const char *extra)
{
    char args[1024];
    snprintf(args, sizeof args, "run '%s' %s", path, extra ? extra : "");
    return run(args);
}

/* Runs it with --json and returns the parsed document. */
static cJSON *run_json(const char *path, const char *extra)
{
    char args[1024];
    snprintf(args, sizeof args, "run '%s' --quiet --json '%s' %s", path, tmp_path("run.json"),
             extra ? extra : "");
    result r = run(args);
    if (r.status != 0)
        fail_msg("exit %d: %s", r.status, r.err);
    done(&r);
    char *text = slurp(tmp_path("run.json"));
    assert_non_null(text);
    cJSON *j = cJSON_Parse(text);
    free(text);
    assert_non_null(j);
    return j;
}

static cJSON *field(const cJSON *obj, const char *name)
{
    cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!f)
        fail_msg("no field '%s' in the JSON", name);
    return f;
}

static cJSON *response_of(const cJSON *round, const char *actor)
{
    cJSON *resp;
    cJSON_ArrayForEach(resp, field(round, "responses"))
        if (strcmp(field(resp, "actor")->valuestring, actor) == 0)
            return resp;
    fail_msg("no response of %s", actor);
    return NULL;
}

/* The run must fail cleanly: exit 1, nothing on stdout, `want` in the message. */
static void expect_failure(result *r, const char *want)
{
    if (r->status != 1)
        fail_msg("exit %d (expected 1); stderr: %s", r->status, r->err);
    assert_string_equal(r->out, "");
    if (!strstr(r->err, want))
        fail_msg("expected '%s' in: %s", want, r->err);
}

/* ---- each accepted strategy answer has its visible effect ---------------------------- */

static void test_strategy_accept(void **state)
{
    (void)state;
    /* C would object to "mid" in round 1 on its own; its strategy accepts, with and without a
       reason. */
    result r = run_script(scenario("accept.lua",
                                   "    if state:round() == 1 then return \"accept\", "
                                   "\"C can live with it\" end\n    return \"accept\"",
                                   NULL),
                          NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Round 1\n"));
    assert_non_null(strstr(r.out, "    C    accept  C can live with it\n"));
    assert_non_null(strstr(r.out, "    C    accept  its own strategy decided so\n"));
    done(&r);
    /* Without the strategy C objects in round 1. */
    r = run_script(scenario("plain.lua", NULL, NULL), NULL);
    assert_int_equal(r.status, 0);
    char *round2 = strstr(r.out, "Round 2");
    assert_non_null(round2);
    char *c1 = strstr(r.out, "    C    object  ");
    assert_true(c1 && c1 < round2);
    done(&r);
}

static void test_strategy_object_with_reason(void **state)
{
    (void)state;
    result r = run_script(scenario("object.lua", "    return \"object\", \"C never signs\"",
                                   NULL),
                          NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "    C    object  C never signs\n"));
    assert_null(strstr(r.out, "    C    accept"));
    assert_non_null(strstr(r.out, "OUTCOME: breakdown after 5 rounds"));
    done(&r);
}

static void test_strategy_walk(void **state)
{
    (void)state;
    result r = run_script(scenario("walk.lua",
                                   "    if state:round() == 2 then return \"walk\", "
                                   "\"C has had enough\" end",
                                   NULL),
                          NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "    C    walk    C has had enough\n"));
    assert_non_null(strstr(r.out, "OUTCOME: breakdown after 2 rounds"));
    assert_non_null(strstr(r.out, "walked away"));
    done(&r);
}

static void test_strategy_counter(void **state)
{
    (void)state;
    const char *path = scenario("counter.lua",
                                "    if state:round() == 1 then\n"
                                "      return { counter = { level = \"high\" }, reason = "
                                "\"high is fairer\" }\n"
                                "    end",
                                NULL);
    result r = run_script(path, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "    C    object  counter-offer: high is fairer\n"));
    char *round2 = strstr(r.out, "Round 2\n");
    assert_non_null(round2);
    assert_non_null(strstr(round2, "  C proposes"));
    assert_non_null(strstr(round2, "high (was mid)"));
    done(&r);
    cJSON *j = run_json(path, NULL);
    cJSON *rounds = field(j, "rounds");
    assert_string_equal(field(field(cJSON_GetArrayItem(rounds, 0), "offer"), "level")->valuestring,
                        "mid");
    assert_string_equal(field(cJSON_GetArrayItem(rounds, 1), "proposer")->valuestring, "C");
    assert_string_equal(field(field(cJSON_GetArrayItem(rounds, 1), "offer"), "level")->valuestring,
                        "high");
    /* A counter without a reason still says what it is. */
    cJSON_Delete(j);
    r = run_script(scenario("counter2.lua",
                            "    if state:round() == 1 then return { counter = { level = "
                            "\"low\" } } end",
                            NULL),
                   NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "    C    object  counter-offer: its own proposal\n"));
    done(&r);
}

static void test_strategy_nil_is_the_built_in_behaviour(void **state)
{
    (void)state;
    char args[1024];
    snprintf(args, sizeof args, "run '%s' --json '%s'",
             scenario("nil.lua", "    return nil", NULL), tmp_path("nil.json"));
    result with = run(args);
    snprintf(args, sizeof args, "run '%s' --json '%s'", scenario("none.lua", NULL, NULL),
             tmp_path("none.json"));
    result without = run(args);
    assert_int_equal(with.status, 0);
    assert_int_equal(without.status, 0);
    assert_string_equal(with.out, without.out);
    char *a = slurp(tmp_path("nil.json")), *b = slurp(tmp_path("none.json"));
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    free(a);
    free(b);
    done(&with);
    done(&without);
}

/* ---- wrong answers stop the run, naming the actor and the strategy's line ---------------- */

static void test_strategy_bad_answers(void **state)
{
    (void)state;
    static const struct {
        const char *body, *want;
    } cases[] = {
        {"    return 42", "actor 'C': its strategy returned a number; return \"accept\""},
        {"    return \"maybe\"", "actor 'C': its strategy returned \"maybe\"; return"},
        {"    return true", "actor 'C': its strategy returned a boolean"},
        {"    return { reason = \"no\" }", "actor 'C': its strategy returned a table without "
                                            "'counter'"},
        {"    return { counter = \"high\" }", "actor 'C': its strategy returned a 'counter' "
                                               "that is a string"},
        {"    return { counter = { level = \"hihg\" } }",
         "actor 'C': its counter-offer gives issue 'level' an unknown option 'hihg' (did you "
         "mean 'high'?) (options: low, mid, high)"},
        {"    return { counter = { levle = \"high\" } }",
         "actor 'C': its counter-offer names an unknown issue 'levle' (did you mean 'level'?)"},
        {"    return { counter = { \"high\" } }",
         "actor 'C': its strategy returned a counter-offer with a number key"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *path = scenario("bad_answer.lua", cases[c].body, NULL);
        result r = run_script(path, NULL);
        expect_failure(&r, cases[c].want);
        /* It points at the strategy: the file and the line where the function is written. */
        char place[512];
        snprintf(place, sizeof place, "%s:%d: actor 'C': ", path, STRATEGY_LINE);
        if (strncmp(r.err, place, strlen(place)) != 0)
            fail_msg("case %zu: expected the message to start with '%s': %s", c, place, r.err);
        done(&r);
    }
}

/* ---- the state functions agree with the transcript -------------------------------------- */

/* C's strategy writes what it sees into the transcript, then lets the built-in behaviour
   answer; every round's record must agree with it. */
static void test_state_reads_match_the_transcript(void **state)
{
    (void)state;
    const char *path = scenario(
        "probe.lua",
        "    state:message(string.format(\"probe %d %.9f %.9f %.9f %s %s %s\", state:round(),\n"
        "      state:willingness(\"C\"), state.aspiration(\"C\"), state:utility(\"C\"),\n"
        "      tostring(state:accepted(\"A\")), tostring(state:accepted(\"B\")), offer.level))\n"
        "    return nil",
        NULL);
    cJSON *j = run_json(path, NULL);
    cJSON *rounds = field(j, "rounds");
    int n = cJSON_GetArraySize(rounds);
    assert_true(n >= 2);
    for (int k = 0; k < n; k++) {
        cJSON *round = cJSON_GetArrayItem(rounds, k);
        cJSON *events = field(round, "events");
        assert_int_equal(cJSON_GetArraySize(events), 1);
        const char *probe = cJSON_GetArrayItem(events, 0)->valuestring;
        int number;
        double w, asp, u;
        char acc_a[8], acc_b[8], offer[16];
        assert_int_equal(sscanf(probe, "probe %d %lf %lf %lf %7s %7s %15s", &number, &w, &asp,
                                &u, acc_a, acc_b, offer),
                         7);
        assert_int_equal(number, (int)field(round, "number")->valuedouble);
        assert_true(fabs(w - field(field(round, "willingness"), "C")->valuedouble) < 1e-6);
        assert_true(fabs(asp - field(field(round, "aspiration"), "C")->valuedouble) < 1e-6);
        assert_true(fabs(u - field(response_of(round, "C"), "utility")->valuedouble) < 1e-6);
        assert_string_equal(offer, field(field(round, "offer"), "level")->valuestring);
        /* accepted(): the answers of the round before (none yet in round 1). */
        for (int who = 0; who < 2; who++) {
            const char *got = who ? acc_b : acc_a, *actor = who ? "B" : "A";
            bool want = false;
            if (k > 0) {
                cJSON *prev = response_of(cJSON_GetArrayItem(rounds, k - 1), actor);
                want = strcmp(field(prev, "verdict")->valuestring, "accept") == 0;
            }
            assert_string_equal(got, want ? "true" : "false");
        }
    }
    /* Somebody's answer changed over the run, so accepted() was seen both ways. */
    bool b_accepted = strcmp(field(response_of(cJSON_GetArrayItem(rounds, 0), "B"),
                                   "verdict")->valuestring, "accept") == 0;
    assert_true(b_accepted);
    cJSON_Delete(j);
}

static void test_add_willingness_changes_the_record(void **state)
{
    (void)state;
    /* A and B concede alike; a push to A in round 2 shows in round 2's record and after. */
    const char *path = scenario("push.lua", NULL,
                                "on_round(function(n, state)\n"
                                "  if n == 2 then state:add_willingness(\"A\", 0.25) end\n"
                                "end)\n");
    cJSON *j = run_json(path, "--rounds 3");
    cJSON *rounds = field(j, "rounds");
    assert_true(cJSON_GetArraySize(rounds) >= 2);
    for (int k = 0; k < cJSON_GetArraySize(rounds); k++) {
        cJSON *w = field(cJSON_GetArrayItem(rounds, k), "willingness");
        double diff = field(w, "A")->valuedouble - field(w, "B")->valuedouble;
        if (k == 0)
            assert_true(fabs(diff) < 1e-9);
        else
            assert_true(diff > 0.2);
    }
    cJSON_Delete(j);
    /* Out of range: refused, with the line. */
    path = scenario("push_bad.lua", NULL,
                    "on_round(function(n, state)\n"
                    "  state:add_willingness(\"A\", 5)\n"
                    "end)\n");
    result r = run_script(path, NULL);
    char want[512];
    snprintf(want, sizeof want, "%s:8: add_willingness: the change must be between -1 and 1",
             path);
    expect_failure(&r, want);
    done(&r);
}

/* Two issues: A cares about one, B about the other, and A has a red line on B's issue. B's
   strategy puts B's ideal on the table in round 1; the red line is A's only reason to refuse. */
static const char red_line_scenario[] =
    "scenario { id = \"rl\", title = \"Red lines\" }\n"
    "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
    "issue { id = \"j\", label = \"J\", options = { \"x\", \"y\" } }\n"
    "actor { id = \"A\", reservation = 0.1, positions = { i = { ideal = \"a\", salience = 1 } },\n"
    "  red_lines = { { id = \"not_y\", label = \"Never y\", never = is(\"j\", \"y\"), dormant = %s } } }\n"
    "actor { id = \"B\", reservation = 0.1, positions = { j = { ideal = \"y\", salience = 1 } },\n"
    "  strategy = function(offer, state)\n"
    "    if state:round() == 1 then return { counter = { i = \"a\", j = \"y\" } } end\n"
    "  end }\n"
    "protocol { rounds = 4 }\n"
    "on_offer(function(offer, state)\n"
    "  if state:round() == 2 then %s end\n"
    "end)\n";

static result run_red_line(const char *name, const char *dormant, const char *action)
{
    char text[4096];
    snprintf(text, sizeof text, red_line_scenario, dormant, action);
    write_file(name, text);
    char args[600];
    snprintf(args, sizeof args, "run '%s'", tmp_path(name));
    result r = run(args);
    if (r.status != 0)
        fail_msg("exit %d: %s", r.status, r.err);
    return r;
}

static const char a_refuses[] = "    A    object  crosses its red line \"Never y\"\n";

static void test_lift_and_impose_change_answers(void **state)
{
    (void)state;
    /* In force, nothing done: A refuses B's text in round 2 because of its red line. */
    result r = run_red_line("rl_plain.lua", "false", "local _ = 0");
    char *round2 = strstr(r.out, "Round 2\n");
    assert_non_null(round2);
    assert_non_null(strstr(round2, "  B proposes"));
    assert_non_null(strstr(round2, a_refuses));
    done(&r);
    /* Lifted as the offer is made: A accepts the same text. */
    r = run_red_line("rl_lift.lua", "false", "state:lift(\"A\", \"not_y\")");
    round2 = strstr(r.out, "Round 2\n");
    assert_non_null(round2);
    assert_null(strstr(r.out, a_refuses));
    assert_non_null(strstr(round2, "    A    accept  "));
    assert_non_null(strstr(r.out, "OUTCOME: agreement after 2 rounds"));
    done(&r);
    /* Dormant, nothing done: A accepts. */
    r = run_red_line("rl_dormant.lua", "true", "local _ = 0");
    assert_null(strstr(r.out, a_refuses));
    assert_non_null(strstr(r.out, "OUTCOME: agreement after 2 rounds"));
    done(&r);
    /* Dormant, imposed as the offer is made: A refuses. */
    r = run_red_line("rl_impose.lua", "true", "state:impose(\"A\", \"not_y\")");
    round2 = strstr(r.out, "Round 2\n");
    assert_non_null(round2);
    assert_non_null(strstr(round2, a_refuses));
    done(&r);
    /* A red line the actor does not have: refused, naming both. */
    char text[4096];
    snprintf(text, sizeof text, red_line_scenario, "false", "state:lift(\"A\", \"not_z\")");
    write_file("rl_bad.lua", text);
    char args[600], want[600];
    snprintf(args, sizeof args, "run '%s'", tmp_path("rl_bad.lua"));
    r = run(args);
    snprintf(want, sizeof want, "%s:12: actor 'A' has no red line 'not_z'", tmp_path("rl_bad.lua"));
    expect_failure(&r, want);
    done(&r);
}

static void test_messages_appear(void **state)
{
    (void)state;
    const char *path = scenario("msg.lua", NULL,
                                "on_round(function(n, state)\n"
                                "  state:message(\"round \" .. n .. \" opens\")\n"
                                "end)\n"
                                "on_offer(function(offer, state)\n"
                                "  state.message(\"on the table: \" .. offer.level)\n"
                                "end)\n");
    result r = run_script(path, NULL);
    assert_int_equal(r.status, 0);
    char *round1 = strstr(r.out, "Round 1\n");
    char *round2 = strstr(r.out, "Round 2\n");
    assert_non_null(round1);
    assert_non_null(round2);
    char *m1 = strstr(round1, "  * round 1 opens\n");
    char *m2 = strstr(round1, "  * on the table: mid\n");
    assert_true(m1 && m1 < round2);
    assert_true(m2 && m2 < round2);
    assert_non_null(strstr(round2, "  * round 2 opens\n"));
    done(&r);
}

/* ---- randomness follows --seed ----------------------------------------------------------- */

static void draws(const char *out, double *from_state, double *from_math)
{
    const char *at = strstr(out, "  * draw 1 ");
    assert_non_null(at);
    assert_int_equal(sscanf(at, "  * draw 1 %lf %lf", from_state, from_math), 2);
}

static void test_random_follows_the_seed(void **state)
{
    (void)state;
    const char *path = scenario("random.lua",
                                "    if state:random() < 0.5 then return \"object\", \"coin\" end",
                                "on_round(function(n, state)\n"
                                "  state:message(string.format(\"draw %d %.12f %.12f\", n,\n"
                                "    state:random(), math.random()))\n"
                                "end)\n");
    result a = run_script(path, "--seed 5");
    result b = run_script(path, "--seed 5");
    result c = run_script(path, "--seed 6");
    assert_int_equal(a.status, 0);
    assert_int_equal(b.status, 0);
    assert_int_equal(c.status, 0);
    assert_string_equal(a.out, b.out);
    assert_string_not_equal(a.out, c.out);
    /* Both sources move with the seed, each on its own. */
    double sa, ma, sc, mc;
    draws(a.out, &sa, &ma);
    draws(c.out, &sc, &mc);
    assert_true(sa != sc);
    assert_true(ma != mc);
    assert_true(sa >= 0 && sa < 1 && ma >= 0 && ma < 1);
    done(&a);
    done(&b);
    done(&c);
}

/* ---- runaway and failing scripts --------------------------------------------------------- */

static void test_endless_loop_hits_the_budget(void **state)
{
    (void)state;
    static const struct {
        const char *tail;
        int line; /* of the loop; 0: stopped in a coroutine, which has no line to give;
                     -1: some line (the budget trips again after the pcall) */
    } cases[] = {
        {"on_round(function(n, state)\n  while true do end\nend)\n", 8},
        {"on_offer(function(offer, state)\n  local i = 0\n  repeat i = i + 1 until false\nend)\n",
         9},
        /* pcall cannot catch the budget and carry on... */
        {"on_round(function(n, state)\n  local ok = pcall(function() while true do end end)\n"
         "  state:message(\"caught: \" .. tostring(ok))\nend)\n",
         -1},
        /* ...nor can a coroutine that returns false. */
        {"on_round(function(n, state)\n  local co = coroutine.create(function() while true do "
         "end end)\n  state:message(\"resumed: \" .. tostring(coroutine.resume(co)))\nend)\n",
         0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *path = scenario("loop.lua", NULL, cases[c].tail);
        result r = run_script(path, NULL);
        assert_int_not_equal(r.status, 124); /* timeout: it hung */
        char want[512];
        if (cases[c].line > 0)
            snprintf(want, sizeof want, "%s:%d: ", path, cases[c].line);
        else if (cases[c].line < 0)
            snprintf(want, sizeof want, "%s:", path);
        else
            snprintf(want, sizeof want, "%s: ", path);
        expect_failure(&r, want);
        expect_failure(&r, "the script ran too long (more than ");
        expect_failure(&r, "is there an endless loop?");
        done(&r);
    }
    /* In a strategy too. */
    result r = run_script(scenario("loop2.lua", "    while true do end", NULL), NULL);
    assert_int_not_equal(r.status, 124);
    expect_failure(&r, "the script ran too long");
    done(&r);
    /* Memory is capped the same way. */
    r = run_script(scenario("memory.lua", NULL,
                            "on_round(function(n, state)\n  local t = {}\n"
                            "  for i = 1, 1e8 do t[i] = string.rep(\"x\", 100) .. i end\n"
                            "end)\n"),
                   NULL);
    assert_int_not_equal(r.status, 124);
    expect_failure(&r, "the scenario needs more than ");
    done(&r);
}

static void test_event_apply_error_names_its_line(void **state)
{
    (void)state;
    const char *path = scenario("apply.lua", NULL,
                                "event {\n"                          /* 7 */
                                "  id = \"shock\", at_round = 1,\n"  /* 8 */
                                "  apply = function(state)\n"        /* 9 */
                                "    local sanctions = nil\n"        /* 10 */
                                "    return sanctions.level + 1\n"   /* 11 */
                                "  end,\n"
                                "}\n");
    result r = run_script(path, NULL);
    char want[512];
    snprintf(want, sizeof want, "%s:11: attempt to index a nil value (local 'sanctions')", path);
    expect_failure(&r, want);
    expect_failure(&r, "stack traceback:");
    snprintf(want, sizeof want, "in function <%s:9>", path);
    expect_failure(&r, want);
    done(&r);
    /* error() with a message of the author's own. */
    path = scenario("apply2.lua", NULL,
                    "event {\n"
                    "  id = \"shock\", at_round = 1,\n"
                    "  apply = function(state)\n"
                    "    error(\"the shock has no target\")\n" /* 10 */
                    "  end,\n"
                    "}\n");
    r = run_script(path, NULL);
    snprintf(want, sizeof want, "%s:10: the shock has no target", path);
    expect_failure(&r, want);
    expect_failure(&r, "stack traceback:");
    done(&r);
}

static void test_declarations_refused_in_callbacks(void **state)
{
    (void)state;
    static const char *const tails[] = {
        "on_round(function(n, state)\n"
        "  actor { id = \"D\", positions = { level = { ideal = \"low\", salience = 1 } } }\n"
        "end)\n",
        "on_offer(function(offer, state)\n"
        "  event { id = \"late\", at_round = 3 }\n"
        "end)\n",
        "on_round(function(n, state)\n"
        "  on_round(function() end)\n"
        "end)\n",
    };
    static const char *const names[] = {"actor", "event", "on_round"};
    for (size_t t = 0; t < 3; t++) {
        const char *path = scenario("declare.lua", NULL, tails[t]);
        result r = run_script(path, NULL);
        char want[600];
        snprintf(want, sizeof want, "%s:8: declarations (scenario, actor, event, ...) belong at "
                 "the top level of the scenario, not in a callback", path);
        expect_failure(&r, want);
        snprintf(want, sizeof want, "in global '%s'", names[t]);
        expect_failure(&r, want);
        done(&r);
    }
    /* The same in a strategy. */
    const char *path = scenario("declare2.lua", "    protocol { rounds = 3 }", NULL);
    result r = run_script(path, NULL);
    char want[600];
    snprintf(want, sizeof want, "%s:8: declarations (scenario, actor, event, ...) belong at the "
             "top level of the scenario, not in a callback", path);
    expect_failure(&r, want);
    done(&r);
}

/* ---- Monte Carlo: callbacks draw per run, whatever the number of threads ------------------ */

static const char coin_scenario[] =
    "scenario { id = \"coin\", title = \"Coin\", seed = 3 }\n"
    "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\", \"c\" } }\n"
    "actor { id = \"A\", reservation = 0.3, positions = { i = { ideal = \"a\", salience = 1 } } }\n"
    "actor { id = \"B\", reservation = 0.3, positions = { i = { ideal = \"c\", salience = 1 } },\n"
    "  strategy = function(offer, state)\n"
    "    if math.random() < 0.15 then return \"walk\", \"coin says walk\" end\n"
    "    if state:random() < 0.3 then return \"object\", \"coin says no\" end\n"
    "  end }\n"
    "protocol { rounds = 5 }\n"
    "on_round(function(n, state)\n"
    "  if math.random(1, 4) == 1 then state:add_willingness(\"A\", -0.2) end\n"
    "end)\n"
    "uncertain { id = \"ra\", target = \"A.reservation\", dist = uniform(0.1, 0.5) }\n";

static char *montecarlo_json(const char *name, const char *extra)
{
    char args[1024];
    snprintf(args, sizeof args, "montecarlo '%s' --runs 300 --json '%s' %s",
             tmp_path("coin.lua"), tmp_path(name), extra);
    result r = run(args);
    if (r.status != 0)
        fail_msg("exit %d: %s", r.status, r.err);
    done(&r);
    char *text = slurp(tmp_path(name));
    assert_non_null(text);
    return text;
}

static void test_montecarlo_same_for_any_thread_count(void **state)
{
    (void)state;
    write_file("coin.lua", coin_scenario);
    char *one = montecarlo_json("mc1.json", "--threads 1");
    char *two = montecarlo_json("mc2.json", "--threads 2");
    char *four = montecarlo_json("mc4.json", "--threads 4");
    assert_string_equal(one, two);
    assert_string_equal(one, four);
    /* The callbacks matter: some runs end in a deal and some do not... */
    cJSON *j = cJSON_Parse(one);
    assert_non_null(j);
    double p = field(j, "deal_probability")->valuedouble;
    assert_true(p > 0.05 && p < 0.95);
    cJSON_Delete(j);
    /* ...and another seed draws differently. */
    char *other = montecarlo_json("mc_other.json", "--threads 2 --seed 4");
    assert_string_not_equal(one, other);
    free(one);
    free(two);
    free(four);
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strategy_accept),
        cmocka_unit_test(test_strategy_object_with_reason),
        cmocka_unit_test(test_strategy_walk),
        cmocka_unit_test(test_strategy_counter),
        cmocka_unit_test(test_strategy_nil_is_the_built_in_behaviour),
        cmocka_unit_test(test_strategy_bad_answers),
        cmocka_unit_test(test_state_reads_match_the_transcript),
        cmocka_unit_test(test_add_willingness_changes_the_record),
        cmocka_unit_test(test_lift_and_impose_change_answers),
        cmocka_unit_test(test_messages_appear),
        cmocka_unit_test(test_random_follows_the_seed),
        cmocka_unit_test(test_endless_loop_hits_the_budget),
        cmocka_unit_test(test_event_apply_error_names_its_line),
        cmocka_unit_test(test_declarations_refused_in_callbacks),
        cmocka_unit_test(test_montecarlo_same_for_any_thread_count),
    };
    return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
