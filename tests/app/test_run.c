/* test_run.c: `entente run` as a user runs it: outcomes, golden transcripts, determinism,
   files written atomically, script errors with their place. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define UKRAINE "scripts/scenarios/ukraine_guarantees.lua"

#include "harness.h"

static cJSON *run_json(const char *variant, const char *extra)
{
    char args[1024];
    snprintf(args, sizeof args, "run " UKRAINE " --variant %s --quiet --json '%s' %s", variant,
             tmp_path("run.json"), extra ? extra : "");
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

static bool has_string(cJSON *array, const char *s)
{
    cJSON *item;
    cJSON_ArrayForEach(item, array)
        if (cJSON_IsString(item) && strcmp(item->valuestring, s) == 0)
            return true;
    return false;
}

static void test_baseline_ends_in_a_guarantee(void **state)
{
    (void)state;
    for (int seed = 1; seed <= 3; seed++) {
        char extra[32];
        snprintf(extra, sizeof extra, "--seed %d", seed);
        cJSON *j = run_json("baseline", extra);
        const char *outcome = cJSON_GetObjectItemCaseSensitive(j, "outcome")->valuestring;
        assert_true(strcmp(outcome, "agreement") == 0 || strcmp(outcome, "coalition") == 0);
        cJSON *sig = cJSON_GetObjectItemCaseSensitive(j, "signatories");
        assert_true(has_string(sig, "UA") && has_string(sig, "UK") && has_string(sig, "FR"));
        assert_false(has_string(sig, "RU"));
        cJSON *pkg = cJSON_GetObjectItemCaseSensitive(j, "package");
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(pkg, "us_ground_troops")->valuestring,
                            "none");
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(pkg, "russia_veto")->valuestring,
                            "no");
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "seed")->valuedouble, seed);
        cJSON *rounds = cJSON_GetObjectItemCaseSensitive(j, "rounds");
        assert_true(cJSON_GetArraySize(rounds) >= 2);
        /* Every round carries the offer, the answers with reasons, and willingness. */
        cJSON *first = cJSON_GetArrayItem(rounds, 0);
        assert_non_null(cJSON_GetObjectItemCaseSensitive(first, "offer"));
        cJSON *resp = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(first, "responses"), 0);
        assert_non_null(cJSON_GetObjectItemCaseSensitive(resp, "reason"));
        assert_non_null(cJSON_GetObjectItemCaseSensitive(first, "willingness"));
        cJSON_Delete(j);
    }
}

static void test_article_events_in_transcript(void **state)
{
    (void)state;
    result r = run("run " UKRAINE);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Event: The US will take part, Europe must lead"));
    assert_non_null(strstr(r.out, "Event: Lavrov demands a veto and China's involvement"));
    assert_non_null(strstr(r.out, "Event: Kyiv rejects the veto"));
    assert_non_null(strstr(r.out, "OUTCOME: "));
    /* The US signal moves those who listen to Washington in round 2. */
    cJSON *j = run_json("baseline", NULL);
    cJSON *rounds = cJSON_GetObjectItemCaseSensitive(j, "rounds");
    double uk1 = cJSON_GetObjectItemCaseSensitive(
                     cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rounds, 0), "willingness"),
                     "UK")->valuedouble;
    double uk2 = cJSON_GetObjectItemCaseSensitive(
                     cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rounds, 1), "willingness"),
                     "UK")->valuedouble;
    assert_true(uk2 > uk1 + 0.1);
    cJSON_Delete(j);
    done(&r);
}

static void test_russia_veto_breaks_down(void **state)
{
    (void)state;
    cJSON *j = run_json("russia_veto", "--seed 1");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "outcome")->valuestring, "breakdown");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(j, "package")));
    const char *reason = cJSON_GetObjectItemCaseSensitive(j, "reason")->valuestring;
    assert_non_null(strstr(reason, "No Russian veto over the guarantees"));
    assert_non_null(strstr(reason, "A Russian veto over any guarantee"));
    cJSON_Delete(j);
}

/* The transcripts a class sees are fixed: any change must be deliberate (regenerate.sh). */
static void test_golden_transcripts(void **state)
{
    (void)state;
    const char *variants[] = {"baseline", "russia_veto", "us_ground_troops"};
    for (size_t v = 0; v < 3; v++) {
        char args[1024], golden[512];
        snprintf(args, sizeof args, "run " UKRAINE " --variant %s --json '%s'", variants[v],
                 tmp_path("golden.json"));
        result r = run(args);
        assert_int_equal(r.status, 0);
        snprintf(golden, sizeof golden, "%s/tests/golden/ukraine_%s.txt", ENTENTE_SOURCE_DIR,
                 variants[v]);
        char *want = slurp(golden);
        assert_non_null(want);
        if (strcmp(want, r.out) != 0)
            fail_msg("transcript of %s differs from %s (see tests/golden/regenerate.sh)",
                     variants[v], golden);
        snprintf(golden, sizeof golden, "%s/tests/golden/ukraine_%s.json", ENTENTE_SOURCE_DIR,
                 variants[v]);
        char *want_json = slurp(golden), *got_json = slurp(tmp_path("golden.json"));
        assert_non_null(want_json);
        assert_non_null(got_json);
        if (strcmp(want_json, got_json) != 0)
            fail_msg("JSON of %s differs from %s", variants[v], golden);
        free(want);
        free(want_json);
        free(got_json);
        done(&r);
    }
}

static void test_same_seed_same_bytes(void **state)
{
    (void)state;
    char args[1024];
    snprintf(args, sizeof args, "run " UKRAINE " --seed 7 --json '%s'", tmp_path("a.json"));
    result a = run(args);
    snprintf(args, sizeof args, "run " UKRAINE " --seed 7 --json '%s'", tmp_path("b.json"));
    result b = run(args);
    assert_string_equal(a.out, b.out);
    char *ja = slurp(tmp_path("a.json")), *jb = slurp(tmp_path("b.json"));
    assert_string_equal(ja, jb);
    free(ja);
    free(jb);
    done(&a);
    done(&b);
}

static void test_json_written_atomically(void **state)
{
    (void)state;
    FILE *f = fopen(tmp_path("keep.json"), "w");
    assert_non_null(f);
    fputs("old content\n", f);
    fclose(f);
    /* A failing run (bad variant) leaves the old file alone. */
    char args[1024];
    snprintf(args, sizeof args, "run " UKRAINE " --variant nope --json '%s'", tmp_path("keep.json"));
    result r = run(args);
    assert_int_equal(r.status, 1);
    char *kept = slurp(tmp_path("keep.json"));
    assert_string_equal(kept, "old content\n");
    free(kept);
    done(&r);
    /* A directory that does not exist: exit 3, the path named. */
    snprintf(args, sizeof args, "run " UKRAINE " --quiet --json '%s/missing/x.json'", tmpdir);
    r = run(args);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "missing/x.json"));
    done(&r);
}

static const char small[] =
    "scenario { id = \"s\", title = \"Small\" }\n"
    "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
    "actor { id = \"A\", reservation = 0.2, positions = { i = { ideal = \"a\", salience = 1 } } }\n"
    "actor { id = \"B\", reservation = 0.2, positions = { i = { ideal = \"a\", salience = 1 } } }\n"
    "protocol { rounds = 5 }\n";

static void test_callback_error_names_its_place(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, "%s%s", small,
             "on_round(function(n, state)\n"
             "  if n == 1 then\n"
             "    local x = nil\n"
             "    return x.field\n"
             "  end\n"
             "end)\n");
    write_file("cb.lua", text);
    char args[600];
    snprintf(args, sizeof args, "run '%s'", tmp_path("cb.lua"));
    result r = run(args);
    assert_int_equal(r.status, 1);
    char want[512];
    snprintf(want, sizeof want, "%s:9: attempt to index a nil value (local 'x')", tmp_path("cb.lua"));
    assert_non_null(strstr(r.err, want));
    assert_non_null(strstr(r.err, "stack traceback:"));
    assert_string_equal(r.out, ""); /* nothing half printed */
    done(&r);
}

static void test_callbacks_and_strategies_act(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text, "%s%s", small,
             "on_round(function(n, state) state:message(\"round \" .. n .. \" begins\") end)\n"
             "on_offer(function(offer, state)\n"
             "  if offer.i == \"a\" then state:message(\"offer a seen\") end\n"
             "end)\n");
    /* B refuses everything through its own strategy, so no agreement can be reached. */
    char *at = strstr(text, "actor { id = \"B\",");
    assert_non_null(at);
    char patched[4096];
    snprintf(patched, sizeof patched, "%.*sactor { id = \"B\", strategy = function(offer, state) "
             "return \"object\", \"B never signs\" end,%s",
             (int)(at - text), text, at + strlen("actor { id = \"B\","));
    write_file("strat.lua", patched);
    char args[600];
    snprintf(args, sizeof args, "run '%s'", tmp_path("strat.lua"));
    result r = run(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "* round 1 begins"));
    assert_non_null(strstr(r.out, "* offer a seen"));
    assert_non_null(strstr(r.out, "B    object  B never signs"));
    assert_non_null(strstr(r.out, "OUTCOME: breakdown"));
    done(&r);
}

static void test_run_usage_errors(void **state)
{
    (void)state;
    result r = run("run " UKRAINE " --seed abc");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--seed needs a whole number"));
    done(&r);
    r = run("run " UKRAINE " --rounds 0");
    assert_int_equal(r.status, 2);
    done(&r);
    r = run("run");
    assert_int_equal(r.status, 2);
    done(&r);
    r = run("run " UKRAINE " --rounds 3 --quiet");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "after 3 rounds"));
    done(&r);
}

/* Monte Carlo: the odds a class reads, the JSON contract, and the same numbers whatever the
   thread count. */
static void test_montecarlo(void **state)
{
    (void)state;
    char args[1024];
    snprintf(args, sizeof args, "montecarlo " UKRAINE " --runs 300 --threads 1 --seed 3 --json '%s'",
             tmp_path("mc1.json"));
    result one = run(args);
    assert_int_equal(one.status, 0);
    assert_non_null(strstr(one.out, "Monte Carlo, 300 runs, seed 3"));
    assert_non_null(strstr(one.out, "Chance of signing:"));
    assert_non_null(strstr(one.out, "What moves the outcome most"));
    snprintf(args, sizeof args, "montecarlo " UKRAINE " --runs 300 --threads 2 --seed 3 --json '%s'",
             tmp_path("mc2.json"));
    result two = run(args);
    assert_int_equal(two.status, 0);
    assert_string_equal(one.out, two.out);
    char *j1 = slurp(tmp_path("mc1.json")), *j2 = slurp(tmp_path("mc2.json"));
    assert_string_equal(j1, j2);
    cJSON *j = cJSON_Parse(j1);
    assert_non_null(j);
    cJSON *outcomes = cJSON_GetObjectItemCaseSensitive(j, "outcomes");
    double total = 0;
    const char *kinds[] = {"agreement", "coalition", "breakdown"};
    for (int k = 0; k < 3; k++)
        total += cJSON_GetObjectItemCaseSensitive(outcomes, kinds[k])->valuedouble;
    assert_true(total > 0.999 && total < 1.001);
    /* Russia never signs; Ukraine signs whenever there is a deal. */
    cJSON *sig = cJSON_GetObjectItemCaseSensitive(j, "signatories");
    assert_true(cJSON_GetObjectItemCaseSensitive(sig, "RU")->valuedouble == 0);
    assert_true(cJSON_GetObjectItemCaseSensitive(sig, "UA")->valuedouble ==
                cJSON_GetObjectItemCaseSensitive(j, "deal_probability")->valuedouble);
    cJSON *tornado = cJSON_GetObjectItemCaseSensitive(j, "tornado");
    assert_int_equal(cJSON_GetArraySize(tornado), 7);
    /* Ranked: no entry swings more than the one before it. */
    double previous = 2;
    cJSON *entry;
    cJSON_ArrayForEach(entry, tornado) {
        double swing = cJSON_GetObjectItemCaseSensitive(entry, "swing")->valuedouble;
        assert_true(swing <= previous);
        previous = swing;
    }
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "top_packages")) >= 1);
    cJSON_Delete(j);
    free(j1);
    free(j2);
    done(&one);
    done(&two);
    result r = run("montecarlo " UKRAINE);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "montecarlo needs --runs N"));
    done(&r);
    r = run("montecarlo " UKRAINE " --runs 10 --threads 0");
    assert_int_equal(r.status, 2);
    done(&r);
}

/* A facilitator's inject fired from the command line is logged in its round, in the
   transcript and in the replay. */
static void test_inject_on_the_command_line(void **state)
{
    (void)state;
    char args[1024];
    snprintf(args, sizeof args, "run " UKRAINE " --inject drone_strike@3 --replay '%s'",
             tmp_path("inject.replay"));
    result r = run(args);
    assert_int_equal(r.status, 0);
    const char *round3 = strstr(r.out, "\nRound 3\n");
    assert_non_null(round3);
    const char *inject = strstr(r.out, "* Inject: A mass drone strike on Kyiv");
    assert_non_null(inject);
    assert_true(inject > round3 && inject < strstr(round3, "\nRound 4\n"));
    char *printed = strdup(r.out);
    done(&r);
    snprintf(args, sizeof args, "replay '%s'", tmp_path("inject.replay"));
    r = run(args);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, printed);
    free(printed);
    done(&r);
    r = run("run " UKRAINE " --inject lavrov_veto@2 --quiet"); /* an event, not an inject */
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no inject 'lavrov_veto'"));
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_baseline_ends_in_a_guarantee),
        cmocka_unit_test(test_article_events_in_transcript),
        cmocka_unit_test(test_russia_veto_breaks_down),
        cmocka_unit_test(test_golden_transcripts),
        cmocka_unit_test(test_same_seed_same_bytes),
        cmocka_unit_test(test_json_written_atomically),
        cmocka_unit_test(test_callback_error_names_its_place),
        cmocka_unit_test(test_callbacks_and_strategies_act),
        cmocka_unit_test(test_run_usage_errors),
        cmocka_unit_test(test_montecarlo),
        cmocka_unit_test(test_inject_on_the_command_line),
    };
    return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
