/* test_cli.c: the entente command line as a user runs it: verbs, output, exit statuses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define UKRAINE "scripts/scenarios/ukraine_guarantees.lua"

#include "harness.h"

static void test_help_and_version(void **state)
{
    (void)state;
    result r = run("--help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "entente analyze FILE [--variant NAME] [--json]"));
    assert_non_null(strstr(r.out, "entente check FILE"));
    assert_non_null(strstr(r.out, "Exit status"));
    done(&r);
    r = run("--version");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "entente "));
    done(&r);
}

/* A bare `entente` opens the viewer; with no display it says so, plays the default scenario
   in the terminal and writes the outcome as a picture (in the current directory). */
static void test_bare_runs_default_scenario(void **state)
{
    (void)state;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd '%s' && env -u DISPLAY -u WAYLAND_DISPLAY '%s' >'%s/out' "
             "2>'%s/err' </dev/null", tmpdir, ENTENTE_BINARY, tmpdir, tmpdir);
    int rc = system(cmd);
    assert_int_equal(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/out", tmpdir);
    char *out = slurp(path);
    snprintf(path, sizeof path, "%s/err", tmpdir);
    char *err = slurp(path);
    assert_non_null(strstr(err, "no display"));
    assert_non_null(strstr(out, "Security guarantees for Ukraine"));
    assert_non_null(strstr(out, "OUTCOME: coalition"));
    assert_non_null(strstr(out, "Russia does not sign"));
    assert_non_null(strstr(out, "Picture of the outcome: "));
    snprintf(path, sizeof path, "%s/entente-ukraine_guarantees-baseline.png", tmpdir);
    assert_int_equal(access(path, R_OK), 0);
    free(out);
    free(err);
}

static void test_analyze_reports(void **state)
{
    (void)state;
    result r = run("analyze " UKRAINE " --variant russia_veto");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "NO DEAL IS POSSIBLE"));
    assert_non_null(strstr(r.out, "UA: \"No Russian veto over the guarantees\" + RU: \"A Russian "
                                  "veto over any guarantee\""));
    assert_non_null(strstr(r.out, "Nearest to a deal"));
    done(&r);
}

static void test_analyze_json(void **state)
{
    (void)state;
    result r = run("analyze " UKRAINE " --json --variant baseline");
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "variant")->valuestring, "baseline");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "agreement_possible")));
    cJSON_Delete(j);
    result again = run("analyze " UKRAINE " --json --variant baseline");
    assert_string_equal(r.out, again.out); /* byte for byte */
    done(&again);
    done(&r);
}

static void test_check(void **state)
{
    (void)state;
    result r = run("check " UKRAINE);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ok (10 actors"));
    done(&r);
    write_file("broken.lua", "scenario { id = \"x\", title = \"x\" }\n"
                             "issue { id = \"a\", label = \"A\", options = { \"p\", \"q\" } }\n"
                             "actor { id = \"X\", capability = \"big\",\n"
                             "        positions = { a = { ideal = \"p\", salience = 1 } } }\n");
    char args[600];
    snprintf(args, sizeof args, "check " UKRAINE " '%s/broken.lua'", tmpdir);
    r = run(args);
    assert_int_equal(r.status, 1);
    char want[400];
    snprintf(want, sizeof want,
             "%s/broken.lua:3: actor 'X': 'capability' must be a number (got string)", tmpdir);
    assert_non_null(strstr(r.err, want));
    assert_non_null(strstr(r.out, "ukraine_guarantees.lua: ok"));
    done(&r);
}

static void test_variants_listing(void **state)
{
    (void)state;
    result r = run("variants " UKRAINE);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "baseline"));
    assert_non_null(strstr(r.out, "russia_veto"));
    assert_non_null(strstr(r.out, "us_ground_troops"));
    done(&r);
}

static void test_exit_statuses(void **state)
{
    (void)state;
    result r = run("frobnicate");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown command 'frobnicate'"));
    done(&r);
    r = run("analyze");
    assert_int_equal(r.status, 2);
    done(&r);
    r = run("analyze " UKRAINE " --variant");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--variant needs a NAME"));
    done(&r);
    r = run("analyze " UKRAINE " --bogus");
    assert_int_equal(r.status, 2);
    done(&r);
    r = run("analyze /nonexistent/scenario.lua");
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "/nonexistent/scenario.lua: cannot open"));
    assert_string_equal(r.out, "");
    done(&r);
    r = run("analyze " UKRAINE " --variant russia_vetoo");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no variant 'russia_vetoo' (did you mean 'russia_veto'?)"));
    assert_string_equal(r.out, "");
    done(&r);
}

/* `entente new NAME` writes a starter that passes check, runs, and is not overwritten. */
static void test_new_starter(void **state)
{
    (void)state;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' new starter >'%s/out' 2>'%s/err'", tmpdir,
             ENTENTE_BINARY, tmpdir, tmpdir);
    int rc = system(cmd);
    assert_int_equal(WEXITSTATUS(rc), 0);
    char args[600];
    snprintf(args, sizeof args, "check '%s'", tmp_path("starter.lua"));
    result r = run(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "starter.lua: ok (3 actors, 2 issues"));
    assert_null(strstr(r.err, "warning")); /* the starter itself is no bad example */
    done(&r);
    snprintf(args, sizeof args, "run '%s' --quiet", tmp_path("starter.lua"));
    r = run(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "starter: "));
    done(&r);
    rc = system(cmd); /* again: the file is there */
    assert_int_equal(WEXITSTATUS(rc), 3);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' new '9 lives' >/dev/null 2>&1", tmpdir,
             ENTENTE_BINARY);
    rc = system(cmd);
    assert_int_equal(WEXITSTATUS(rc), 2);
}

/* check warns (and still succeeds) about what is legal but probably a mistake. */
static void test_check_warnings(void **state)
{
    (void)state;
    write_file("warn.lua",
               "scenario { id = \"w\", title = \"W\" }\n"
               "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
               "issue { id = \"j\", label = \"J\", options = { \"a\", \"b\" } }\n"
               "actor { id = \"A\", positions = { i = { ideal = \"a\", salience = 1 } },\n"
               "        red_lines = { { label = \"only b\", require = is(\"i\", \"b\") } } }\n"
               "actor { id = \"B\", positions = { i = { ideal = \"a\", salience = 1 } } }\n"
               "variant { id = \"same\", apply = function(s) s.actors.B.reservation = 0 end }\n");
    char args[600];
    snprintf(args, sizeof args, "check '%s'", tmp_path("warn.lua"));
    result r = run(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "warning: variant 'same' changes nothing"));
    assert_non_null(strstr(r.err, "warning: actor 'B' has no red lines and no reservation"));
    assert_non_null(strstr(r.err, "warning: issue 'j': no actor cares about it"));
    assert_null(strstr(r.err, "no deal is possible"));
    done(&r);
    write_file("nodeal.lua",
               "scenario { id = \"n\", title = \"N\" }\n"
               "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
               "actor { id = \"A\", reservation = 0.1, positions = { i = { ideal = \"a\", salience = 1 } },\n"
               "        red_lines = { { label = \"only b\", require = is(\"i\", \"b\") } } }\n"
               "actor { id = \"B\", reservation = 0.1, positions = { i = { ideal = \"a\", salience = 1 } },\n"
               "        red_lines = { { label = \"only a\", require = is(\"i\", \"a\") } } }\n");
    snprintf(args, sizeof args, "check '%s'", tmp_path("nodeal.lua"));
    r = run(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "warning: no deal is possible in the baseline"));
    done(&r);
}

/* A scenario with continuous issues only is for forecasting: analyze and run say so. */
static void test_forecast_only_scenario(void **state)
{
    (void)state;
    result r = run("analyze tests/fixtures/forecast/emission_standards.lua");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "only continuous issues"));
    assert_non_null(strstr(r.err, "use entente forecast"));
    done(&r);
    r = run("run tests/fixtures/forecast/emission_standards.lua --quiet");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "only continuous issues"));
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_bare_runs_default_scenario),
        cmocka_unit_test(test_analyze_reports),
        cmocka_unit_test(test_analyze_json),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_variants_listing),
        cmocka_unit_test(test_new_starter),
        cmocka_unit_test(test_check_warnings),
        cmocka_unit_test(test_forecast_only_scenario),
        cmocka_unit_test(test_exit_statuses),
    };
    return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
