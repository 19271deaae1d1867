/* test_scenario_api.c: what scenario authors write turns into the model they expect. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lx_scenario.h"
#include "redline.h"

static const char base[] =
    "scenario { id = \"t\", title = \"Test\", seed = 7 }\n"                        /* 1 */
    "issue { id = \"size\", label = \"Size\",\n"                                     /* 2 */
    "        options = { {\"s\", \"Small\"}, \"m\", {\"l\", \"Large\"} },\n"         /* 3 */
    "        default = \"m\" }\n"                                                    /* 4 */
    "issue { id = \"aid\", label = \"Aid\", options = { \"no\", \"yes\" }, owner = \"B\" }\n"
    "actor { id = \"A\", name = \"Alpha\", capability = 2, reservation = 0.2,\n"     /* 6 */
    "  positions = {\n"                                                              /* 7 */
    "    size = { ideal = \"l\", salience = 3 },\n"                                  /* 8 */
    "    aid = { values = { no = 0, yes = 1 }, salience = 1 },\n"                    /* 9 */
    "  },\n"
    "  red_lines = {\n"
    "    { label = \"Not small\", never = is(\"size\", \"s\") },\n"
    "    { id = \"cond\", label = \"Aid if large\",\n"
    "      require = implies(is(\"size\", \"l\"), is(\"aid\", \"yes\")) },\n"
    "  },\n"
    "}\n"
    "actor { id = \"B\", positions = { size = { ideal = \"s\", salience = 1 } },\n"
    "  red_lines = { { label = \"Combo\", require = any_of(at_most(\"size\", \"m\"),\n"
    "                   all_of(at_least(\"size\", \"l\"), is_not(\"aid\", \"yes\"))) },\n"
    "                { label = \"None\", require = none_of(is(\"size\", \"l\")) } } }\n"
    "rule { required = { \"A\" }, guarantors = { \"A\", \"B\" }, min_guarantors = 1,\n"
    "       conditions = { { when = is(\"size\", \"s\"), require = { \"B\" } } } }\n"
    "variant { id = \"soft\", label = \"Softer A\",\n"
    "  apply = function(s) s.actors.A.reservation = 0.05; s.actors.A.red_lines.r1 = nil end }\n";

static model_scenario *load_text(const char *text, const char *variant, ent_error *err)
{
    model_scenario *scn = NULL;
    ent_status st = lx_scenario_load_text("t.lua", text, strlen(text), variant, NULL, &scn, err);
    if (st != ENT_OK)
        return NULL;
    return scn;
}

static model_scenario *must_load(const char *text, const char *variant)
{
    ent_error err = {0};
    model_scenario *scn = load_text(text, variant, &err);
    if (!scn)
        fail_msg("%s", err.message);
    return scn;
}

static void test_declarations(void **state)
{
    (void)state;
    model_scenario *scn = must_load(base, NULL);
    assert_string_equal(scn->id, "t");
    assert_int_equal(scn->seed, 7);
    assert_int_equal(scn->issue_count, 2);
    const model_issue *size = &scn->issues[0];
    assert_int_equal(size->option_count, 3);
    assert_string_equal(size->options[0].label, "Small");
    assert_string_equal(size->options[1].label, "m"); /* a bare id is its own label */
    assert_int_equal(size->default_option, 1);
    assert_int_equal(scn->issues[1].owner, 1);
    const model_actor *a = &scn->actors[0];
    assert_string_equal(a->name, "Alpha");
    assert_true(fabs(a->capability - 2) < 1e-12);
    /* Saliences 3 and 1 normalise to 0.75 and 0.25; the ideal gives linear values. */
    assert_true(fabs(a->salience[0] - 0.75) < 1e-12);
    assert_true(fabs(a->value[0][0] - 0.0) < 1e-12);
    assert_true(fabs(a->value[0][1] - 0.5) < 1e-12);
    assert_true(fabs(a->value[0][2] - 1.0) < 1e-12);
    assert_true(fabs(a->value[1][1] - 1.0) < 1e-12);
    /* Red lines: default id r1, explicit id cond. */
    assert_int_equal(a->redline_count, 2);
    assert_string_equal(a->redlines[0].id, "r1");
    assert_string_equal(a->redlines[1].id, "cond");
    /* Defaults: name = id, capability 1, reservation 0, parties = everyone. */
    assert_string_equal(scn->actors[1].name, "B");
    assert_true(fabs(scn->actors[1].capability - 1) < 1e-12);
    assert_int_equal(scn->rule.parties, 3);
    assert_int_equal(scn->rule.required, 1);
    assert_int_equal(scn->rule.condition_count, 1);
    /* The implicit baseline comes first, then declared variants. */
    assert_int_equal(scn->variant_count, 2);
    assert_string_equal(scn->variants[0].id, "baseline");
    assert_string_equal(scn->variants[1].id, "soft");
    assert_string_equal(scn->variants[1].label, "Softer A");
    model_free(scn);
}

static void test_predicates(void **state)
{
    (void)state;
    model_scenario *scn = must_load(base, NULL);
    const model_actor *a = &scn->actors[0], *b = &scn->actors[1];
    model_package p = {{0}};
    /* never = is(size, s) */
    p.opt[0] = 0;
    assert_false(redline_eval(scn, a->redlines[0].node, &p));
    p.opt[0] = 2;
    assert_true(redline_eval(scn, a->redlines[0].node, &p));
    /* implies(size = l, aid = yes) */
    p.opt[1] = 0;
    assert_false(redline_eval(scn, a->redlines[1].node, &p));
    p.opt[1] = 1;
    assert_true(redline_eval(scn, a->redlines[1].node, &p));
    p.opt[0] = 1;
    p.opt[1] = 0;
    assert_true(redline_eval(scn, a->redlines[1].node, &p));
    /* any_of(at_most(size, m), all_of(at_least(size, l), is_not(aid, yes))) */
    p.opt[0] = 2;
    p.opt[1] = 1;
    assert_false(redline_eval(scn, b->redlines[0].node, &p));
    p.opt[1] = 0;
    assert_true(redline_eval(scn, b->redlines[0].node, &p));
    p.opt[0] = 0;
    p.opt[1] = 1;
    assert_true(redline_eval(scn, b->redlines[0].node, &p));
    /* none_of(is(size, l)) */
    p.opt[0] = 2;
    assert_false(redline_eval(scn, b->redlines[1].node, &p));
    p.opt[0] = 1;
    assert_true(redline_eval(scn, b->redlines[1].node, &p));
    model_free(scn);
}

static void test_variant_applies(void **state)
{
    (void)state;
    model_scenario *scn = must_load(base, "soft");
    assert_string_equal(scn->variant, "soft");
    assert_true(fabs(scn->actors[0].reservation - 0.05) < 1e-12);
    assert_int_equal(scn->actors[0].redline_count, 1);
    assert_string_equal(scn->actors[0].redlines[0].id, "cond");
    model_free(scn);
    scn = must_load(base, "baseline");
    assert_true(fabs(scn->actors[0].reservation - 0.2) < 1e-12);
    assert_int_equal(scn->actors[0].redline_count, 2);
    model_free(scn);
}

static void test_errors_name_the_field_line(void **state)
{
    (void)state;
    /* A bad salience deep inside an actor is reported on its own line, not the actor's. */
    char text[4096];
    snprintf(text, sizeof text, "%s", base);
    char *at = strstr(text, "salience = 3");
    memcpy(at, "salience = {", 12);
    at[12] = '}';
    ent_error err = {0};
    assert_null(load_text(text, NULL, &err));
    assert_string_equal(err.message, "t.lua:8: actor 'A': 'positions.size.salience' must be a "
                                     "number (got table)");
    /* A variant that breaks the data is named. */
    snprintf(text, sizeof text, "%s%s", base,
             "variant { id = \"bad\", apply = function(s) s.actors.A.capability = -1 end }\n");
    assert_null(load_text(text, "bad", &err));
    assert_non_null(strstr(err.message, "'capability' must be between 0 and"));
    assert_non_null(strstr(err.message, "(after variant 'bad')"));
}

/* With no rule at all, a deal needs every actor's signature (not nobody's). */
static void test_no_rule_means_unanimity(void **state)
{
    (void)state;
    const char *text =
        "scenario { id = \"u\", title = \"U\" }\n"
        "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
        "actor { id = \"A\", reservation = 0.5, positions = { i = { ideal = \"a\", salience = 1 } } }\n"
        "actor { id = \"B\", reservation = 0.5, positions = { i = { ideal = \"b\", salience = 1 } } }\n";
    model_scenario *scn = must_load(text, NULL);
    assert_int_equal(scn->rule.required, 3);
    model_package p = {{0}};
    assert_false(model_is_deal(scn, &p, NULL)); /* B refuses a */
    model_free(scn);
}

/* Callbacks are registry references held by the session, and all go with it. */
static void test_session_releases_callbacks(void **state)
{
    (void)state;
    const char *text =
        "scenario { id = \"c\", title = \"C\" }\n"
        "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
        "actor { id = \"A\", positions = { i = { ideal = \"a\", salience = 1 } },\n"
        "        strategy = function(offer, state) return nil end }\n"
        "actor { id = \"B\", positions = { i = { ideal = \"a\", salience = 1 } } }\n"
        "on_round(function(n, state) end)\n"
        "on_offer(function(offer, state) end)\n"
        "event { id = \"e\", at_round = 1, apply = function(state) state:message(\"hi\") end }\n";
    int before = lx_live_callbacks();
    lx_session *s = NULL;
    ent_error err = {0};
    assert_int_equal(lx_session_open_text("c.lua", text, strlen(text), NULL, NULL, &s, &err),
                     ENT_OK);
    /* four functions, and the state table handed to them */
    assert_int_equal(lx_session_live_refs(s), 5);
    assert_int_equal(lx_live_callbacks(), before + 5);
    model_scenario *scn = lx_session_model(s);
    round_hooks hooks = lx_session_hooks(s);
    round_transcript t;
    assert_int_equal(round_simulate(scn, &(round_options){.seed = 1}, &hooks, &t, &err), ENT_OK);
    assert_int_equal(t.outcome.kind, OUTCOME_AGREEMENT);
    assert_true(t.records[0].message_count >= 2);
    assert_string_equal(t.records[0].messages[1], "hi");
    round_transcript_free(&t);
    lx_session_close(s);
    assert_int_equal(lx_live_callbacks(), before);
}

/* An event can move an actor's position: its new ideal counts from that round on. */
static void test_event_moves_a_position(void **state)
{
    (void)state;
    const char *text =
        "scenario { id = \"p\", title = \"P\" }\n"
        "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\", \"c\" } }\n"
        "actor { id = \"A\", reservation = 0.9, positions = { i = { ideal = \"a\", salience = 1 } } }\n"
        "actor { id = \"B\", reservation = 0.9, positions = { i = { ideal = \"c\", salience = 1 } } }\n"
        "event { id = \"shift\", at_round = 2, positions = { A = { i = \"c\" } } }\n";
    lx_session *s = NULL;
    ent_error err = {0};
    assert_int_equal(lx_session_open_text("p.lua", text, strlen(text), NULL, NULL, &s, &err),
                     ENT_OK);
    model_scenario *scn = lx_session_model(s);
    assert_int_equal(scn->events[0].position_count, 1);
    round_hooks hooks = lx_session_hooks(s);
    round_transcript t;
    assert_int_equal(round_simulate(scn, &(round_options){.seed = 1}, &hooks, &t, &err), ENT_OK);
    /* A and B cannot agree in round 1; once A wants c too, they sign c in round 2. */
    assert_int_equal(t.outcome.kind, OUTCOME_AGREEMENT);
    assert_int_equal(t.outcome.rounds, 2);
    assert_int_equal(t.outcome.package.opt[0], 2);
    assert_true(fabs(scn->actors[0].value[0][2] - 1) < 1e-12);
    round_transcript_free(&t);
    lx_session_close(s);
}

static void test_quadratic_distance(void **state)
{
    (void)state;
    const char *text =
        "scenario { id = \"q\", title = \"Q\" }\n"
        "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\", \"c\" } }\n"
        "issue { id = \"j\", label = \"J\", options = { \"a\", \"b\", \"c\" } }\n"
        "actor { id = \"A\", distance = \"quadratic\", positions = {\n"
        "  i = { ideal = \"a\", salience = 1 },\n"
        "  j = { ideal = \"a\", salience = 1, distance = \"linear\" } } }\n";
    model_scenario *scn = must_load(text, NULL);
    /* Half way to the far end: 1 - 0.5^2 = 0.75 (quadratic), 1 - 0.5 = 0.5 (linear). */
    assert_true(fabs(scn->actors[0].value[0][1] - 0.75) < 1e-12);
    assert_true(fabs(scn->actors[0].value[0][2] - 0.0) < 1e-12);
    assert_true(fabs(scn->actors[0].value[1][1] - 0.5) < 1e-12);
    model_free(scn);
}

static void test_sandbox_seeded_random(void **state)
{
    (void)state;
    const char *text =
        "local r = math.random(1, 1000000)\n"
        "scenario { id = \"r\", title = \"T\" .. r }\n"
        "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
        "actor { id = \"A\", positions = { i = { ideal = \"a\", salience = 1 } } }\n";
    model_scenario *one = must_load(text, NULL), *two = must_load(text, NULL);
    assert_string_equal(one->title, two->title);
    model_free(one);
    model_free(two);
    /* The scenario's seed reseeds math.random: seeds 1 and 2 draw different numbers (the
       draws are fixed by the seeds, so this cannot flake). */
    const char *fmt =
        "local s = ...\n"
        "scenario { id = \"r\", title = \"T\", seed = SEED }\n"
        "issue { id = \"i\", label = tostring(math.random(1, 1000000)), options = { \"a\", \"b\" } }\n"
        "actor { id = \"A\", positions = { i = { ideal = \"a\", salience = 1 } } }\n";
    char t1[1024], t2[1024];
    snprintf(t1, sizeof t1, "%s", fmt);
    snprintf(t2, sizeof t2, "%s", fmt);
    memcpy(strstr(t1, "SEED"), "1   ", 4);
    memcpy(strstr(t2, "SEED"), "2   ", 4);
    one = must_load(t1, NULL);
    two = must_load(t2, NULL);
    model_scenario *again = must_load(t1, NULL);
    assert_string_not_equal(one->issues[0].label, two->issues[0].label);
    assert_string_equal(one->issues[0].label, again->issues[0].label);
    model_free(one);
    model_free(two);
    model_free(again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declarations),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_variant_applies),
        cmocka_unit_test(test_errors_name_the_field_line),
        cmocka_unit_test(test_no_rule_means_unanimity),
        cmocka_unit_test(test_session_releases_callbacks),
        cmocka_unit_test(test_event_moves_a_position),
        cmocka_unit_test(test_quadratic_distance),
        cmocka_unit_test(test_sandbox_seeded_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
