/* test_debrief.c: the debrief after a run (`entente run ... --debrief PATH` and debrief_write):
   its pictures and comparisons, the same bytes every time, history and questions, escaping,
   and files written atomically. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debrief.h"
#include "lx_scenario.h"

#define UKRAINE "scripts/scenarios/ukraine_guarantees.lua"

#include "harness.h"

static int count(const char *doc, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(doc, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Nothing fetched, nothing run: the only URL is the SVG namespace. */
static void self_contained(const char *doc)
{
    lacks(doc, "<script");
    lacks(doc, "<link");
    lacks(doc, " src=\"");
    lacks(doc, " href=\"");
    lacks(doc, "url(");
    assert_int_equal(count(doc, "http"), count(doc, "xmlns=\"http://www.w3.org/2000/svg\""));
}

static char *debrief_of(const char *scenario, const char *extra, const char *name)
{
    char args[1024];
    snprintf(args, sizeof args, "run %s --quiet %s --debrief '%s'", scenario, extra ? extra : "",
             tmp_path(name));
    result r = run(args);
    if (r.status != 0)
        fail_msg("'%s': exit %d: %s", args, r.status, r.err);
    done(&r);
    char *doc = slurp(tmp_path(name));
    assert_non_null(doc);
    return doc;
}

static void test_ukraine_baseline(void **state)
{
    (void)state;
    char *doc = debrief_of(UKRAINE, NULL, "ukraine.html");
    assert_true(strncmp(doc, "<!DOCTYPE html>\n", 16) == 0);
    has(doc, "</html>\n");
    self_contained(doc);
    has(doc, "<h1>Debrief: Security guarantees for Ukraine, August 2025</h1>");
    has(doc, "seed 2025 &middot; 14 rounds played");
    /* the outcome and its reasons */
    has(doc, "<p class=\"verdict\">Coalition of the willing after 14 rounds</p>");
    has(doc, "Not everyone signs, but those who do meet the rule");
    has(doc, "<strong>Signed by:</strong> United States (US), Ukraine (UA)");
    has(doc, "<li>Russia does not sign: the package crosses its red line &quot;A Russian veto "
             "over any guarantee&quot;");
    has(doc, "<li>China does not sign:");
    has(doc, "<tr><td>Russian veto over the guarantees</td><td>No veto</td></tr>");
    /* one picture each: willingness, moves, red lines, the Nash comparison (no history here) */
    assert_int_equal(count(doc, "<svg "), 4);
    assert_int_equal(count(doc, "</svg>"), 4);
    has(doc, "aria-label=\"Willingness over the rounds, per state\"");
    has(doc, "aria-label=\"The text on the table, issue by issue and round by round\"");
    has(doc, "aria-label=\"Red lines held or crossed, per state\"");
    has(doc, "aria-label=\"What the run&#39;s outcome and the Nash package are worth to each "
             "state\"");
    /* every actor is in the willingness chart (its line's label) and in the Nash picture */
    static const char *const ids[] = {"US", "UA", "RU", "UK", "FR", "DE", "IT", "PL", "TR", "CN"};
    for (int i = 0; i < 10; i++) {
        char label[96];
        snprintf(label, sizeof label, "font-weight=\"bold\">%s</text>", ids[i]);
        if (count(doc, label) < 2)
            fail_msg("actor %s is not labelled in the pictures", ids[i]);
        snprintf(label, sizeof label, "<th>%s</th>", ids[i]);
        has(doc, label);
    }
    /* who moved: the round-12 change is marked, and said in words with whom it helps */
    has(doc, "<title>round 12: Sanctions on Russia: Lifted (was Escalated)</title>");
    has(doc, "stroke=\"#000000\" stroke-width=\"2.4\"");
    has(doc, "<li>Round 12, the mediator: Sanctions on Russia Escalated &rarr; Lifted (better for "
             "RU, CN; worse for UA, UK, PL)</li>");
    /* red lines: Russia's were crossed in every round, the others held */
    has(doc, "<h3>Russia (RU): did not sign</h3>");
    has(doc, "A Russian veto over any guarantee<br><span class=\"source\">");
    has(doc, "<span class=\"crossed\">crossed</span></td><td>1-14</td>");
    has(doc, "<h3>Ukraine (UA): signed</h3>");
    has(doc, "<span class=\"held\">held</span></td><td>never</td>");
    /* the Nash comparison */
    has(doc, "<h2>The run against the Nash package</h2>");
    has(doc, "<th>Issue</th><th>This run</th><th>Nash package</th>");
    has(doc, "The run ended on the Nash package's option on 13 of 13 issues: the very same "
             "package.");
    /* no history recorded: no such section; no questions of its own: entente's */
    lacks(doc, "What happened in history");
    has(doc, "<h2>Questions for the discussion</h2>");
    has(doc, "these are entente's");
    free(doc);
}

static void test_same_bytes(void **state)
{
    (void)state;
    char *one = debrief_of(UKRAINE, "--seed 5", "one.html");
    char *two = debrief_of(UKRAINE, "--seed 5", "two.html");
    assert_string_equal(one, two);
    has(one, "seed 5 &middot;");
    free(one);
    free(two);
}

static void test_breakdown(void **state)
{
    (void)state;
    char *doc = debrief_of(UKRAINE, "--variant russia_veto", "veto.html");
    has(doc, "Variant: russia_veto");
    has(doc, "<p class=\"verdict\">No deal (breakdown)");
    has(doc, "In the last text</th>");
    has(doc, "finds no package that is a deal under the rule");
    has(doc, "Why no deal exists");
    has(doc, "this run (no deal: the alternative)");
    assert_int_equal(count(doc, "<svg "), 4);
    free(doc);
}

/* A small scenario with a recorded history and questions, and things to escape. */
static const char fish[] =
    "scenario { id = \"fish\", title = \"A <fishing> dispute\", seed = 7,\n"
    "  history = { outcome = \"agreement\", signatories = { \"A\", \"B\" },\n"
    "              package = { quota = \"high\", zone = \"shared\" }, decisive = { \"quota\" },\n"
    "              summary = \"They split the <difference>.\", source = \"Treaty of 1990\" },\n"
    "  questions = { \"Why did A give way?\", \"Would B <really> walk away & why?\" } }\n"
    "issue { id = \"quota\", label = \"Catch quota\", options = { \"low\", \"mid\", \"high\" } }\n"
    "issue { id = \"zone\", label = \"Zone <script>alert(1)</script>\",\n"
    "  options = { \"closed\", \"shared\" } }\n"
    "actor { id = \"A\", name = \"Atlantis & <b>Co</b>\", reservation = 0.3,\n"
    "  positions = { quota = { ideal = \"high\", salience = 2 },\n"
    "                zone = { ideal = \"shared\", salience = 1 } },\n"
    "  red_lines = { { label = \"Not the <script>lowest</script> quota\",\n"
    "                  never = is(\"quota\", \"low\"), source = \"A's minister\" } } }\n"
    "actor { id = \"B\", reservation = 0.3,\n"
    "  positions = { quota = { ideal = \"low\", salience = 1 },\n"
    "                zone = { ideal = \"closed\", salience = 1 } } }\n"
    "rule { required = { \"A\", \"B\" } }\n";

static void test_history_and_questions(void **state)
{
    (void)state;
    write_file("fish.lua", fish);
    char scenario[512];
    snprintf(scenario, sizeof scenario, "'%s'", tmp_path("fish.lua"));
    char *doc = debrief_of(scenario, NULL, "fish.html");
    self_contained(doc);
    lacks(doc, "<b>Co");
    lacks(doc, "<fishing>");
    has(doc, "Debrief: A &lt;fishing&gt; dispute");
    has(doc, "Zone &lt;script&gt;alert(1)&lt;/script&gt;");
    has(doc, "Not the &lt;script&gt;lowest&lt;/script&gt; quota");
    /* five pictures: the four, and history against the run */
    assert_int_equal(count(doc, "<svg "), 5);
    has(doc, "aria-label=\"Signatories: history against this run\"");
    has(doc, "<h2>What happened in history</h2>");
    has(doc, "<p>They split the &lt;difference&gt;.</p>");
    has(doc, "Source: Treaty of 1990");
    has(doc, "<tr><td>Outcome</td><td>agreement</td><td>agreement</td><td><span class=\"held\">"
             "&#10003; match</span></td></tr>");
    has(doc, "<tr><td>Signed by</td><td>Atlantis &amp; &lt;b&gt;Co&lt;/b&gt; (A), B</td>");
    has(doc, "<tr><td>Catch quota <strong>(decisive)</strong></td><td>high</td><td>high</td><td>"
             "<span class=\"held\">&#10003; match</span></td></tr>");
    has(doc, "<td>shared</td><td>closed</td><td><span class=\"crossed\">&#10007; differs</span>");
    has(doc, "Recorded options: 1 of 2 match. Decisive issues: 1 of 1 match.");
    /* the scenario's own questions, in order */
    char *q1 = strstr(doc, "<li>Why did A give way?</li>");
    char *q2 = strstr(doc, "<li>Would B &lt;really&gt; walk away &amp; why?</li>");
    assert_non_null(q1);
    assert_non_null(q2);
    assert_true(q1 < q2);
    lacks(doc, "these are entente's");
    free(doc);
}

static void test_atomic_and_errors(void **state)
{
    (void)state;
    char args[1024];
    write_file("keep.html", "old debrief\n");
    /* a failing run (bad variant) leaves the old file alone */
    snprintf(args, sizeof args, "run " UKRAINE " --variant nope --debrief '%s'",
             tmp_path("keep.html"));
    result r = run(args);
    assert_int_equal(r.status, 1);
    done(&r);
    char *kept = slurp(tmp_path("keep.html"));
    assert_string_equal(kept, "old debrief\n");
    free(kept);
    /* so does a script that fails in the middle of the run */
    write_file("boom.lua",
               "scenario { id = \"s\", title = \"Small\" }\n"
               "issue { id = \"i\", label = \"I\", options = { \"a\", \"b\" } }\n"
               "actor { id = \"A\", reservation = 0.2, positions = { i = { ideal = \"a\", "
               "salience = 1 } } }\n"
               "actor { id = \"B\", reservation = 0.2, positions = { i = { ideal = \"b\", "
               "salience = 1 } } }\n"
               "protocol { rounds = 5 }\n"
               "on_round(function(n, state) if n == 2 then error(\"boom\") end end)\n");
    snprintf(args, sizeof args, "run '%s' --quiet --debrief '%s'", tmp_path("boom.lua"),
             tmp_path("keep.html"));
    r = run(args);
    assert_int_equal(r.status, 1);
    has(r.err, "boom");
    done(&r);
    kept = slurp(tmp_path("keep.html"));
    assert_string_equal(kept, "old debrief\n");
    free(kept);
    /* an unwritable place: exit 3, the path named */
    snprintf(args, sizeof args, "run " UKRAINE " --quiet --debrief '%s/missing/d.html'", tmpdir);
    r = run(args);
    assert_int_equal(r.status, 3);
    has(r.err, "missing/d.html");
    done(&r);
    r = run("run " UKRAINE " --debrief");
    assert_int_equal(r.status, 2);
    has(r.err, "--debrief needs a value");
    done(&r);
}

/* The C API, as the viewer calls it at the end of a session. */
static void test_api(void **state)
{
    (void)state;
    write_file("fish.lua", fish);
    ent_error err = {0};
    model_scenario *scn = NULL;
    assert_int_equal(lx_scenario_load(tmp_path("fish.lua"), NULL, NULL, &scn, &err), ENT_OK);
    model_scenario *names = model_clone(scn);
    assert_non_null(names);
    round_options opts = {.seed = 7, .explain = true};
    round_transcript t;
    assert_int_equal(round_simulate(scn, &opts, NULL, &t, &err), ENT_OK);
    deal_analysis a;
    assert_int_equal(deal_analyze(names, NULL, &a, &err), ENT_OK);

    assert_int_equal(debrief_write(tmp_path("api.html"), names, &t, &a, &err), ENT_OK);
    char *with = slurp(tmp_path("api.html"));
    has(with, "The run against the Nash package");
    /* the same bytes as the command line's */
    char args[1024];
    snprintf(args, sizeof args, "run '%s' --quiet --debrief '%s'", tmp_path("fish.lua"),
             tmp_path("cli.html"));
    result r = run(args);
    assert_int_equal(r.status, 0);
    done(&r);
    char *cli = slurp(tmp_path("cli.html"));
    assert_string_equal(with, cli);
    free(cli);

    /* without an analysis the Nash comparison is left out, the rest stays */
    char *without = debrief_render(names, &t, NULL);
    assert_non_null(without);
    lacks(without, "Nash package");
    has(without, "What happened in history");
    assert_int_equal(count(without, "<svg "), 4);
    free(without);

    /* a failure names the path and leaves the old file */
    snprintf(args, sizeof args, "%s/missing/api.html", tmpdir);
    assert_int_equal(debrief_write(args, names, &t, &a, &err), ENT_ERR_IO);
    has(err.message, "missing/api.html");
    free(with);
    deal_analysis_free(&a);
    round_transcript_free(&t);
    model_free(names);
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ukraine_baseline),
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_breakdown),
        cmocka_unit_test(test_history_and_questions),
        cmocka_unit_test(test_atomic_and_errors),
        cmocka_unit_test(test_api),
    };
    return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
