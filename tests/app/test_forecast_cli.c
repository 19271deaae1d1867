/* test_forecast_cli.c: `entente forecast` as a user runs it: the report and the JSON of the
   BDM 1994 emission case, a scenario's continuous issues and variants, Monte Carlo whatever the
   threads, --batch scoring, every bad table with its exact message, and exit statuses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define FIX "tests/fixtures/forecast"
#define EMISSION FIX "/emission_standards.csv"
#define EMISSION_LUA FIX "/emission_standards.lua"

static cJSON *item(const cJSON *o, const char *key)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fail_msg("no key '%s'", key);
    return v;
}

static double num(const cJSON *o, const char *key)
{
    cJSON *v = item(o, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

#define assert_close(a, b, tol)                                                                 \
    do {                                                                                        \
        double a_ = (a), b_ = (b);                                                              \
        if (!(fabs(a_ - b_) <= (tol)))                                                          \
            fail_msg("%s = %.10g, expected %.10g", #a, a_, b_);                                 \
    } while (0)

/* The emission table's own numbers, read here independently of the engine. */
static double emission_compromise(void)
{
    static const double c[] = {0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08};
    static const double x[] = {4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
    static const double s[] = {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7};
    double num_ = 0, den = 0;
    for (int i = 0; i < 10; i++) {
        num_ += c[i] * s[i] * x[i];
        den += c[i] * s[i];
    }
    return num_ / den;
}

/* ---- help -------------------------------------------------------------------------------- */

static void test_help(void **state)
{
    (void)state;
    result r = run("--help");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "entente forecast FILE [--model compromise|median|eu|all]"));
    assert_non_null(strstr(r.out, "entente forecast --batch DIR_OR_FILE"));
    done(&r);
    r = run("forecast --help");
    assert_int_equal(r.status, 0);
    static const char *const options[] = {"--model", "--json", "--variant", "--issue", "--runs",
                                          "--seed", "--threads", "--noise", "--quota",
                                          "--status-quo", "--q Q, --t T", "--denominator",
                                          "--conflict", "--risk", "--range", "--rounds",
                                          "--tolerance", "--batch"};
    for (size_t o = 0; o < sizeof options / sizeof *options; o++)
        if (!strstr(r.out, options[o]))
            fail_msg("forecast --help does not mention %s", options[o]);
    done(&r);
}

/* ---- the emission case ------------------------------------------------------------------ */

static void test_emission_report(void **state)
{
    (void)state;
    result r = run("forecast " EMISSION);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    assert_non_null(strstr(r.out, "10 actors; saliences on a 0-1 scale; positions from 4 to 10"));
    assert_non_null(strstr(r.out, "compromise (Achen 2006)                          7.390"));
    assert_non_null(strstr(r.out, "weighted median (Black 1948)                     7.000"));
    assert_non_null(strstr(r.out, "expected utility, median (BDM; Scholz 2011)      9.530"));
    assert_non_null(strstr(r.out, "converged after"));
    assert_non_null(strstr(r.out, "Greece              7.000 ->    9.530  compromise offered by "
                                  "UK"));
    assert_non_null(strstr(r.out, "Expected utility options: Q 1, T 1, denominator abs, conflict "
                                  "none, risk initial, range initial, round cap 100, tolerance "
                                  "0.001"));
    done(&r);
}

static void test_emission_json(void **state)
{
    (void)state;
    result r = run("forecast " EMISSION " --model all --json");
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    cJSON *issues = item(j, "issues");
    assert_int_equal(cJSON_GetArraySize(issues), 1);
    cJSON *is = cJSON_GetArrayItem(issues, 0);
    assert_string_equal(item(is, "id")->valuestring, "emission_standards");
    assert_string_equal(item(is, "salience_scale")->valuestring, "0-1");
    cJSON *models = item(is, "models");
    assert_close(num(item(models, "compromise"), "forecast"), emission_compromise(), 1e-6);
    assert_close(num(item(models, "median"), "forecast"), 7.0, 0);
    cJSON *eu = item(models, "eu");
    double median = num(eu, "median");
    assert_true(fabs(median - 9.9) <= 1.0 && fabs(median - 9.05) <= 1.0);
    assert_true(cJSON_IsTrue(item(eu, "converged")));
    assert_true(num(eu, "spread") > 3);
    int played = (int)num(eu, "rounds_played");
    cJSON *rounds = item(eu, "rounds");
    assert_int_equal(cJSON_GetArraySize(rounds), played + 1);
    for (int t = 0; t <= played; t++)
        assert_int_equal(cJSON_GetArraySize(cJSON_GetArrayItem(rounds, t)), 10);
    cJSON *means = item(eu, "mean_by_round");
    for (int t = 0; t <= 3; t++) {
        double m = cJSON_GetArrayItem(means, t)->valuedouble;
        assert_true(m >= 7 && m <= 8);
    }
    cJSON *ch = item(eu, "challenges");
    assert_true(cJSON_GetArraySize(ch) > 0);
    cJSON *first = cJSON_GetArrayItem(ch, 0);
    static const char *const keys[] = {"round", "challenger", "target", "kind", "eu_challenger",
                                       "eu_target", "from", "to", "move", "taken"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        item(first, keys[k]);
    /* the taken offers of round 1 are the moves between rows 0 and 1 */
    cJSON *row0 = cJSON_GetArrayItem(rounds, 0), *row1 = cJSON_GetArrayItem(rounds, 1);
    cJSON *actors = item(is, "actors");
    for (int i = 0; i < 10; i++) {
        const char *name = item(cJSON_GetArrayItem(actors, i), "id")->valuestring;
        double to = cJSON_GetArrayItem(row0, i)->valuedouble;
        cJSON *c;
        cJSON_ArrayForEach(c, ch)
        {
            if (num(c, "round") == 1 && cJSON_IsTrue(item(c, "taken")) &&
                strcmp(item(c, "target")->valuestring, name) == 0)
                to = num(c, "to");
        }
        assert_close(cJSON_GetArrayItem(row1, i)->valuedouble, to, 1e-6);
    }
    cJSON_Delete(j);
    done(&r);
    /* one model only */
    r = run("forecast " EMISSION " --model eu --json");
    assert_int_equal(r.status, 0);
    j = cJSON_Parse(r.out);
    models = item(cJSON_GetArrayItem(item(j, "issues"), 0), "models");
    assert_int_equal(cJSON_GetArraySize(models), 1);
    item(models, "eu");
    cJSON_Delete(j);
    done(&r);
}

static void test_options_change_the_model(void **state)
{
    (void)state;
    result r = run("forecast " EMISSION " --model eu --json --conflict move --rounds 200");
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    cJSON *eu = item(item(cJSON_GetArrayItem(item(j, "issues"), 0), "models"), "eu");
    assert_true(num(eu, "spread") < 1); /* the notes' conflict rule: the positions collapse */
    cJSON *opts = item(item(j, "options"), "expected_utility");
    assert_string_equal(item(opts, "conflict")->valuestring, "move");
    assert_close(num(opts, "rounds"), 200, 0);
    cJSON_Delete(j);
    done(&r);
    r = run("forecast " EMISSION " --model eu --q 0.5 --t 0.5 --denominator capability "
            "--risk round --range current --tolerance 0.01 --rounds 20");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Q 0.5, T 0.5, denominator capability, conflict none, risk "
                                  "round, range current, round cap 20, tolerance 0.01"));
    done(&r);
    r = run("forecast " EMISSION " --model median --quota 1 --status-quo 2 --json");
    assert_int_equal(r.status, 0);
    j = cJSON_Parse(r.out);
    cJSON *m = item(item(cJSON_GetArrayItem(item(j, "issues"), 0), "models"), "median");
    assert_close(num(m, "forecast"), 4, 0);
    assert_close(num(m, "quota"), 1, 0);
    cJSON_Delete(j);
    done(&r);
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void test_scenario_issue(void **state)
{
    (void)state;
    result r = run("forecast " EMISSION_LUA " --json");
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_string_equal(item(j, "kind")->valuestring, "scenario");
    cJSON *is = cJSON_GetArrayItem(item(j, "issues"), 0);
    assert_string_equal(item(is, "id")->valuestring, "deadline");
    assert_close(num(is, "outcome"), 8.83, 1e-9);
    cJSON *models = item(is, "models");
    /* the same numbers as the table */
    assert_close(num(item(models, "compromise"), "forecast"), emission_compromise(), 1e-6);
    assert_close(num(item(models, "eu"), "median"), 9.53, 0.005);
    assert_close(num(item(models, "eu"), "error"), num(item(models, "eu"), "median") - 8.83,
                 1e-6);
    cJSON_Delete(j);
    done(&r);
    /* a variant edits a continuous position like any other field */
    r = run("forecast " EMISSION_LUA " --variant uk_relents --json");
    assert_int_equal(r.status, 0);
    j = cJSON_Parse(r.out);
    cJSON *actors = item(cJSON_GetArrayItem(item(j, "issues"), 0), "actors");
    assert_close(num(cJSON_GetArrayItem(actors, 6), "salience"), 0.5, 0);
    cJSON_Delete(j);
    done(&r);
    /* the scenario checks, and its forecast-only shape is not an error elsewhere */
    r = run("check " EMISSION_LUA);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, EMISSION_LUA ": ok (10 actors, 1 continuous issue, 2 "
                                  "variants)"));
    assert_string_equal(r.err, ""); /* no warnings about deals: there is none to make */
    done(&r);
    /* a scenario without a continuous issue */
    r = run("forecast scripts/scenarios/ukraine_guarantees.lua");
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "has no continuous issue to forecast"));
    done(&r);
    r = run("forecast " EMISSION_LUA " --issue nope");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no continuous issue 'nope' (continuous issues: deadline)"));
    done(&r);
}

/* Discrete and continuous issues side by side: each verb sees its own. */
static void test_mixed_scenario(void **state)
{
    (void)state;
    write_file("mixed.lua",
               "scenario { id = \"mixed\", title = \"Mixed\" }\n"
               "issue { id = \"lead\", label = \"Who leads\", options = { \"UN\", \"EU\" } }\n"
               "issue { id = \"tax\", label = \"Tax rate\", scale = { 0, 50 } }\n"
               "issue { id = \"rate\", label = \"Rate\", scale = { 0, 10 } }\n"
               "actor { id = \"A\", capability = 2, reservation = 0.2, positions = {\n"
               "  lead = { ideal = \"UN\", salience = 1 },\n"
               "  tax = { position = 10, salience = 0.8 }, rate = { position = 1, salience = 0.5 } } }\n"
               "actor { id = \"B\", reservation = 0.2, positions = {\n"
               "  lead = { ideal = \"EU\", salience = 1 },\n"
               "  tax = { position = 40, salience = 0.4 }, rate = { position = 9, salience = 1 } } }\n"
               "actor { id = \"C\", reservation = 0.2, positions = {\n"
               "  lead = { ideal = \"EU\", salience = 1 }, tax = { position = 30, salience = 1 } } }\n");
    char args[600];
    snprintf(args, sizeof args, "check '%s'", tmp_path("mixed.lua"));
    result r = run(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ok (3 actors, 1 issue, 2 packages, 1 variant, 2 continuous "
                                  "issues"));
    done(&r);
    snprintf(args, sizeof args, "analyze '%s' --json", tmp_path("mixed.lua"));
    r = run(args);
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_close(num(j, "packages"), 2, 0); /* the continuous issues are not in the deal space */
    cJSON_Delete(j);
    done(&r);
    snprintf(args, sizeof args, "forecast '%s' --json", tmp_path("mixed.lua"));
    r = run(args);
    assert_int_equal(r.status, 0);
    j = cJSON_Parse(r.out);
    cJSON *issues = item(j, "issues");
    assert_int_equal(cJSON_GetArraySize(issues), 2);
    cJSON *tax = cJSON_GetArrayItem(issues, 0), *rate = cJSON_GetArrayItem(issues, 1);
    assert_string_equal(item(tax, "id")->valuestring, "tax");
    assert_int_equal(cJSON_GetArraySize(item(tax, "actors")), 3);
    assert_int_equal(cJSON_GetArraySize(item(rate, "actors")), 2); /* C states no rate */
    /* (2*0.8*10 + 0.4*40 + 1*30) / (1.6 + 0.4 + 1) */
    assert_close(num(item(item(tax, "models"), "compromise"), "forecast"), 62.0 / 3, 1e-6);
    cJSON_Delete(j);
    done(&r);
    snprintf(args, sizeof args, "forecast '%s' --issue rate --json", tmp_path("mixed.lua"));
    r = run(args);
    assert_int_equal(r.status, 0);
    j = cJSON_Parse(r.out);
    assert_int_equal(cJSON_GetArraySize(item(j, "issues")), 1);
    cJSON_Delete(j);
    done(&r);
}

/* ---- Monte Carlo -------------------------------------------------------------------------- */

static void test_montecarlo(void **state)
{
    (void)state;
    result a = run("forecast " EMISSION " --runs 400 --seed 5 --threads 1 --json");
    result b = run("forecast " EMISSION " --runs 400 --seed 5 --threads 2 --json");
    assert_int_equal(a.status, 0);
    assert_int_equal(b.status, 0);
    assert_string_equal(a.out, b.out); /* whatever the threads */
    cJSON *j = cJSON_Parse(a.out);
    cJSON *mc = item(cJSON_GetArrayItem(item(j, "issues"), 0), "montecarlo");
    assert_close(num(mc, "runs"), 400, 0);
    assert_string_equal(item(mc, "draws")->valuestring, "default");
    cJSON *eu = item(mc, "eu_median");
    assert_true(num(eu, "p5") <= num(eu, "p50") && num(eu, "p50") <= num(eu, "p95"));
    assert_true(num(item(mc, "compromise"), "sd") > 0);
    cJSON_Delete(j);
    done(&a);
    done(&b);
    result c = run("forecast " EMISSION " --runs 400 --seed 6 --threads 2 --json");
    assert_int_equal(c.status, 0);
    assert_string_not_equal(c.out, "");
    done(&c);
    /* a scenario draws what it declares */
    result d = run("forecast " EMISSION_LUA " --runs 200");
    assert_int_equal(d.status, 0);
    assert_non_null(strstr(d.out, "Monte Carlo: 200 runs; draws: the scenario's declared uncertain "
                                  "parameters"));
    assert_non_null(strstr(d.out, "Monte Carlo seed 7"));
    done(&d);
}

/* ---- batch ------------------------------------------------------------------------------- */

static void test_batch(void **state)
{
    (void)state;
    result r = run("forecast --batch " FIX "/batch --json");
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    assert_close(num(j, "issues"), 4, 0);
    assert_close(num(j, "scored"), 3, 0);
    /* each model's mean absolute error is the mean of its cases' absolute errors */
    static const char *const models[] = {"compromise", "median", "eu"};
    for (int m = 0; m < 3; m++) {
        double sum = 0;
        int count = 0;
        cJSON *c;
        cJSON_ArrayForEach(c, item(j, "cases"))
        {
            cJSON *mm = item(item(c, "models"), models[m]);
            if (!cJSON_GetObjectItemCaseSensitive(c, "outcome"))
                continue;
            assert_close(num(mm, "error"), num(mm, "forecast") - num(c, "outcome"), 2e-6);
            sum += fabs(num(mm, "error"));
            count++;
        }
        cJSON *e = item(item(j, "errors"), models[m]);
        assert_close(num(e, "count"), 3, 0);
        assert_close(num(e, "mae"), sum / count, 1e-5);
        cJSON *abs = item(e, "absolute");
        assert_true(num(abs, "min") <= num(abs, "p50") && num(abs, "p50") <= num(abs, "max"));
    }
    /* sorted by file name; the emission case scores against 8.83 */
    cJSON *first = cJSON_GetArrayItem(item(j, "cases"), 0);
    assert_string_equal(item(first, "id")->valuestring, "emission_standards");
    assert_close(num(first, "outcome"), 8.83, 1e-9);
    cJSON_Delete(j);
    done(&r);
    r = run("forecast --batch " FIX "/batch");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Batch " FIX "/batch: 4 issues, 3 with an observed outcome"));
    assert_non_null(strstr(r.out, "mean (MAE)"));
    assert_non_null(strstr(r.out, "synthetic_no_outcome"));
    done(&r);
    /* one table with no outcome */
    r = run("forecast --batch " FIX "/batch/synthetic_no_outcome.csv");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "nothing to score"));
    done(&r);
    /* a bad table fails the batch, named, with nothing on standard output */
    r = run("forecast --batch " FIX "/bad");
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, FIX "/bad/all_positions_equal.csv:2: column 'Position'"));
    done(&r);
}

/* ---- bad input ---------------------------------------------------------------------------- */

/* Every table in tests/fixtures/forecast/bad fails `forecast` and every scenario there fails
   `check`, each with exit status 1, nothing on standard output and NAME.expect as its message. */
static void test_bad_fixtures(void **state)
{
    (void)state;
    char dirpath[600];
    snprintf(dirpath, sizeof dirpath, "%s/" FIX "/bad", ENTENTE_SOURCE_DIR);
    DIR *dir = opendir(dirpath);
    assert_non_null(dir);
    struct dirent *e;
    int tables = 0, scenarios = 0;
    while ((e = readdir(dir))) {
        size_t n = strlen(e->d_name);
        bool csv = n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0;
        bool lua = n > 4 && strcmp(e->d_name + n - 4, ".lua") == 0;
        if (!csv && !lua)
            continue;
        char path[700], expect_path[700], args[800];
        snprintf(path, sizeof path, FIX "/bad/%s", e->d_name);
        snprintf(expect_path, sizeof expect_path, "%s/%.*s.expect", dirpath, (int)(n - 4),
                 e->d_name);
        char *expected = slurp(expect_path);
        if (!expected)
            fail_msg("%s has no .expect beside it", path);
        expected[strcspn(expected, "\n")] = '\0';
        snprintf(args, sizeof args, "%s '%s'", csv ? "forecast" : "check", path);
        result r = run(args);
        if (r.status != 1)
            fail_msg("%s: exit status %d (expected 1): %s", path, r.status, r.err);
        if (r.out[0])
            fail_msg("%s: printed on standard output: %s", path, r.out);
        r.err[strcspn(r.err, "\n")] = '\0';
        if (strcmp(r.err, expected) != 0)
            fail_msg("%s:\n  expected: %s\n  got:      %s", path, expected, r.err);
        tables += csv;
        scenarios += lua;
        free(expected);
        done(&r);
    }
    closedir(dir);
    assert_true(tables >= 25);
    assert_true(scenarios >= 15);
}

static void test_exit_statuses(void **state)
{
    (void)state;
    static const struct {
        const char *args;
        int status;
        const char *message;
    } cases[] = {
        {"forecast", 2, "forecast needs a file"},
        {"forecast " EMISSION " --frobnicate", 2, "unknown option '--frobnicate'"},
        {"forecast " EMISSION " --model best", 2, "--model needs compromise, median, eu or all"},
        {"forecast " EMISSION " --runs 0", 2, "--runs needs a whole number from 1 to 1000000"},
        {"forecast " EMISSION " --q 2", 2, "--q needs a number from 0 to 1"},
        {"forecast " EMISSION " --risk bold", 2, "--risk needs initial, round, carry or neutral"},
        {"forecast " EMISSION " --quota 0.7", 2, "--quota above 0.5 needs a status quo"},
        {"forecast " EMISSION " --variant x", 2, "--variant is for scenarios"},
        {"forecast " EMISSION " " EMISSION, 2, "one file at a time"},
        {"forecast " EMISSION " --batch " FIX "/batch", 2, "not both"},
        {"forecast --batch " FIX "/batch --runs 5", 2, "takes no --runs"},
        {"forecast " FIX "/no_such_table.csv", 3, "no_such_table.csv: cannot open"},
        {"forecast --batch " FIX "/no_such_dir", 3, "no_such_dir: cannot open"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        result r = run(cases[k].args);
        if (r.status != cases[k].status)
            fail_msg("'%s': exit status %d (expected %d): %s", cases[k].args, r.status,
                     cases[k].status, r.err);
        if (!strstr(r.err, cases[k].message))
            fail_msg("'%s': expected '%s' in: %s", cases[k].args, cases[k].message, r.err);
        assert_string_equal(r.out, "");
        done(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_emission_report),
        cmocka_unit_test(test_emission_json),
        cmocka_unit_test(test_options_change_the_model),
        cmocka_unit_test(test_scenario_issue),
        cmocka_unit_test(test_mixed_scenario),
        cmocka_unit_test(test_montecarlo),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_bad_fixtures),
        cmocka_unit_test(test_exit_statuses),
    };
    return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
