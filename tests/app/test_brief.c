/* test_brief.c: `entente brief` as a teacher runs it: what a role brief says, HTML and Markdown,
   one per actor, escaping of what scenarios say, errors and their exit statuses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define UKRAINE "scripts/scenarios/ukraine_guarantees.lua"

#include "harness.h"

/* Runs `entente ARGS`, expects exit status `want`, and returns the file at `path` (or NULL). */
static char *brief_of(const char *args, int want, const char *path)
{
    result r = run(args);
    if (r.status != want)
        fail_msg("'%s': exit %d, not %d: %s", args, r.status, want, r.err);
    done(&r);
    return path ? slurp(path) : NULL;
}

/* Self-contained: nothing is fetched, nothing runs. */
static void self_contained(const char *doc)
{
    lacks(doc, "<script");
    lacks(doc, "<link");
    lacks(doc, " src=\"");
    lacks(doc, " href=\"");
    lacks(doc, "url(");
    lacks(doc, "http");
}

static void test_ua_brief(void **state)
{
    (void)state;
    char args[1024];
    snprintf(args, sizeof args, "brief " UKRAINE " --actor UA --out '%s'", tmp_path("ua.html"));
    char *doc = brief_of(args, 0, tmp_path("ua.html"));
    assert_non_null(doc);
    has(doc, "<!DOCTYPE html>");
    has(doc, "<style>");
    has(doc, "@media print");
    self_contained(doc);
    /* who, and the context */
    has(doc, "Role brief: you are Ukraine (UA)");
    has(doc, "Security guarantees for Ukraine, August 2025");
    has(doc, "After the war, who guarantees Ukraine&#39;s security");
    /* goals: the issue it cares most about first, with what it wants, how much, and the source */
    has(doc, "<h2>Your goals</h2>");
    char *goals = strstr(doc, "<h2>Your goals</h2>");
    char *first_row = strstr(goals, "<tr><td>");
    assert_non_null(first_row);
    assert_true(first_row == strstr(goals, "<tr><td>Russian veto over the guarantees</td>"));
    has(doc, "<strong>No veto</strong>");
    has(doc, "a great deal (weight 5");
    has(doc, "Kyiv calls a Russian veto unacceptable [A]");
    /* its red lines with their sources */
    has(doc, "<strong>No Russian veto over the guarantees</strong>");
    has(doc, "Kyiv considers a Russian veto unacceptable [A]");
    has(doc, "<strong>No guarantor that does not help Ukraine (China)</strong>");
    has(doc, "Zelenskyy, 20 Aug 2025: &#39;We don&#39;t need guarantors who don&#39;t help "
             "Ukraine&#39; [E]");
    /* the reservation in words */
    has(doc, "<h2>Your alternative to a deal</h2>");
    has(doc, "If there is no deal, you are left with your alternative, worth 0.30 to you");
    has(doc, "walking away would be better");
    has(doc, "a middling alternative");
    has(doc, "the status quo (every issue left as it stands today) is worth");
    /* its tactic and whom it listens to */
    has(doc, "You hold out (a &quot;Boulware&quot; negotiator)");
    has(doc, "You listen most to: United States (US) (weight 2), United Kingdom (UK) (weight 1), "
             "France (FR) (weight 1).");
    /* what the others have said: their public red lines and what they care most about */
    has(doc, "<h2>What the others have said</h2>");
    has(doc, "<h3>United States (US)</h3>");
    has(doc, "Red line: <strong>No US ground troops in Ukraine</strong>");
    has(doc, "Red line: <strong>A Russian veto over any guarantee</strong>");
    has(doc, "Red line: <strong>No NATO-led Black Sea mission (Montreux Convention)</strong>");
    has(doc, "Cares a great deal about Black Sea security: wants <strong>Led by Turkiye</strong>");
    has(doc, "<h3>China (CN)</h3>");
    has(doc, "No red lines stated.");
    /* nothing private about the others: their reservations are not in it */
    lacks(doc, "0.55");
    /* the rule */
    has(doc, "<h2>Who must sign</h2>");
    has(doc, "Must always sign: Ukraine (UA).");
    has(doc, "At least 3 of these must sign (the rule calls them guarantors): United States "
             "(US), United Kingdom (UK)");
    has(doc, "then Russia (RU) must sign (A Russian veto means Russia must sign)");
    /* the issues, the status quo marked */
    has(doc, "<h2>The issues on the table</h2>");
    has(doc, "<strong>Political declaration</strong>; Binding assistance pledge");
    free(doc);
}

static void test_markdown(void **state)
{
    (void)state;
    char args[1024];
    snprintf(args, sizeof args, "brief " UKRAINE " --actor UA --md --out '%s'",
             tmp_path("ua.md"));
    char *doc = brief_of(args, 0, tmp_path("ua.md"));
    assert_non_null(doc);
    assert_true(strncmp(doc, "# Role brief: you are Ukraine (UA)\n", 35) == 0);
    lacks(doc, "<html");
    lacks(doc, "<p>");
    has(doc, "\n## Your red lines\n");
    has(doc, "\n- **No Russian veto over the guarantees** (that is: ");
    has(doc, "*Source: Kyiv considers a Russian veto unacceptable \\[A\\]*");
    has(doc, "\n| Issue | You want | How much you care |");
    has(doc, "\n|---|---|---|---|---|\n");
    has(doc, "worth 0.30 to you");
    has(doc, "\n### Russia (RU)\n");
    has(doc, "Red line: **A Russian veto over any guarantee**");
    free(doc);
}

static void test_all(void **state)
{
    (void)state;
    static const char *const ids[] = {"US", "UA", "RU", "UK", "FR", "DE", "IT", "PL", "TR", "CN"};
    static const char *const names[] = {"United States", "Ukraine", "Russia", "United Kingdom",
                                        "France", "Germany", "Italy", "Poland", "Turkiye",
                                        "China"};
    char args[1024];
    /* the directory is made if it is not there */
    snprintf(args, sizeof args, "brief " UKRAINE " --all --out '%s'", tmp_path("class"));
    brief_of(args, 0, NULL);
    for (int i = 0; i < 10; i++) {
        char name[64], want[128];
        snprintf(name, sizeof name, "class/brief-%s.html", ids[i]);
        char *doc = slurp(tmp_path(name));
        if (!doc)
            fail_msg("no %s", name);
        snprintf(want, sizeof want, "Role brief: you are %s (%s)", names[i], ids[i]);
        has(doc, want);
        free(doc);
    }
    snprintf(args, sizeof args, "brief " UKRAINE " --all --md --out '%s'", tmp_path("class"));
    brief_of(args, 0, NULL);
    for (int i = 0; i < 10; i++) {
        char name[64];
        snprintf(name, sizeof name, "class/brief-%s.md", ids[i]);
        char *doc = slurp(tmp_path(name));
        if (!doc)
            fail_msg("no %s", name);
        assert_true(strncmp(doc, "# Role brief", 12) == 0);
        free(doc);
    }
    /* one brief per actor and format, nothing else (no temporary files left behind) */
    snprintf(args, sizeof args, "ls '%s' | wc -l > '%s'", tmp_path("class"), tmp_path("count"));
    assert_int_equal(system(args), 0);
    char *count = slurp(tmp_path("count"));
    assert_int_equal(atoi(count), 20);
    free(count);
}

static void test_variant(void **state)
{
    (void)state;
    char args[1024];
    snprintf(args, sizeof args, "brief " UKRAINE " --actor RU --variant russia_veto --out '%s'",
             tmp_path("ru.html"));
    char *doc = brief_of(args, 0, tmp_path("ru.html"));
    has(doc, "Variant: russia_veto - Moscow&#39;s demand accepted");
    has(doc, "What if: </strong>What if the guarantees could only take effect with Russia");
    has(doc, "Must always sign: Ukraine (UA) and Russia (RU).");
    free(doc);
    /* a variant that lifts a red line: the brief no longer lists it */
    snprintf(args, sizeof args,
             "brief " UKRAINE " --actor US --variant us_ground_troops --out '%s'",
             tmp_path("us.html"));
    doc = brief_of(args, 0, tmp_path("us.html"));
    lacks(doc, "No US ground troops in Ukraine");
    has(doc, "<strong>Europe must lead</strong>");
    free(doc);
}

static const char hostile[] =
    "scenario { id = \"h\", title = \"<script>alert('t')</script> & co\",\n"
    "  description = \"A \\\"quoted\\\" <b>bold</b> claim\" }\n"
    "issue { id = \"i\", label = \"<script>alert(1)</script>\",\n"
    "  options = { { \"a\", \"<img src=x onerror=alert(2)>\" }, { \"b\", \"B*|_\" } } }\n"
    "actor { id = \"A\", name = \"<i>A</i> & Sons\", reservation = 0.2, source = \"[x](y)\",\n"
    "  positions = { i = { ideal = \"a\", salience = 1, source = \"<script>s()</script>\" } },\n"
    "  red_lines = { { label = \"Never <script>b</script>\", never = is(\"i\", \"b\"),\n"
    "                  source = \"a 'source' with </span>\" } } }\n"
    "actor { id = \"B\", reservation = 0.2, positions = { i = { ideal = \"b\", salience = 1 } },\n"
    "  red_lines = { { label = \"<script>c</script>\", never = is(\"i\", \"a\") } } }\n"
    "rule { required = { \"A\" } }\n";

static void test_escaping(void **state)
{
    (void)state;
    write_file("hostile.lua", hostile);
    char args[1024];
    for (int who = 0; who < 2; who++) {
        snprintf(args, sizeof args, "brief '%s' --actor %s --out '%s'", tmp_path("hostile.lua"),
                 who ? "B" : "A", tmp_path("hostile.html"));
        char *doc = brief_of(args, 0, tmp_path("hostile.html"));
        self_contained(doc);
        lacks(doc, "<img");
        lacks(doc, "<b>bold");
        lacks(doc, "<i>A");
        has(doc, "&lt;script&gt;alert(1)&lt;/script&gt;");
        has(doc, "&lt;img src=x onerror=alert(2)&gt;");
        has(doc, "&lt;i&gt;A&lt;/i&gt; &amp; Sons");
        has(doc, "A &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt; claim");
        has(doc, who ? "&lt;script&gt;c&lt;/script&gt;" : "Never &lt;script&gt;b&lt;/script&gt;");
        has(doc, "a &#39;source&#39; with &lt;/span&gt;");
        free(doc);
    }
    snprintf(args, sizeof args, "brief '%s' --actor A --md --out '%s'", tmp_path("hostile.lua"),
             tmp_path("hostile.md"));
    char *doc = brief_of(args, 0, tmp_path("hostile.md"));
    /* every '<' is escaped: Markdown renderers pass raw HTML through */
    for (const char *p = strchr(doc, '<'); p; p = strchr(p + 1, '<'))
        if (p == doc || p[-1] != '\\')
            fail_msg("an unescaped '<' in the Markdown: %.40s", p);
    has(doc, "\\<script\\>alert(1)\\</script\\>");
    has(doc, "B\\*\\|\\_");      /* a table cell is not broken by '|' */
    has(doc, "\\[x\\](y)");      /* nor does a source become a link */
    free(doc);
}

static void test_errors(void **state)
{
    (void)state;
    char args[1024];
    result r = run("brief");
    assert_int_equal(r.status, 2);
    has(r.err, "brief needs a scenario file");
    done(&r);
    r = run("brief " UKRAINE " --out x.html");
    assert_int_equal(r.status, 2);
    has(r.err, "brief needs --actor ID (one state) or --all (every state)");
    done(&r);
    r = run("brief " UKRAINE " --actor UA --all --out x");
    assert_int_equal(r.status, 2);
    has(r.err, "--actor and --all do not go together");
    done(&r);
    r = run("brief " UKRAINE " --actor UA");
    assert_int_equal(r.status, 2);
    has(r.err, "brief needs --out PATH");
    done(&r);
    r = run("brief " UKRAINE " --all");
    assert_int_equal(r.status, 2);
    has(r.err, "brief --all needs --out DIR");
    done(&r);
    r = run("brief " UKRAINE " --actor");
    assert_int_equal(r.status, 2);
    has(r.err, "--actor needs a value");
    done(&r);
    r = run("brief " UKRAINE " --actor UA --pdf --out x");
    assert_int_equal(r.status, 2);
    has(r.err, "brief: unknown option '--pdf'");
    done(&r);

    /* An unknown actor: the ids to choose from; and the old file is left alone. */
    write_file("keep.html", "old brief\n");
    snprintf(args, sizeof args, "brief " UKRAINE " --actor UAA --out '%s'", tmp_path("keep.html"));
    r = run(args);
    assert_int_equal(r.status, 2);
    has(r.err, "no actor 'UAA' (did you mean 'UA'?) (actors: US, UA, RU, UK, FR, DE, IT, PL, "
               "TR, CN)");
    done(&r);
    char *kept = slurp(tmp_path("keep.html"));
    assert_string_equal(kept, "old brief\n");
    free(kept);

    /* An unknown variant is the scenario's to name (exit 1, as for run and analyze). */
    snprintf(args, sizeof args, "brief " UKRAINE " --actor UA --variant nope --out '%s'",
             tmp_path("keep.html"));
    r = run(args);
    assert_int_equal(r.status, 1);
    has(r.err, "no variant 'nope'");
    done(&r);
    kept = slurp(tmp_path("keep.html"));
    assert_string_equal(kept, "old brief\n");
    free(kept);

    /* A bad scenario: 1; a missing one: 3. */
    write_file("bad.lua", "scenario { id = \"b\" }\n");
    snprintf(args, sizeof args, "brief '%s' --actor A --out '%s'", tmp_path("bad.lua"),
             tmp_path("bad.html"));
    r = run(args);
    assert_int_equal(r.status, 1);
    done(&r);
    r = run("brief no_such_scenario.lua --actor A --out x.html");
    assert_int_equal(r.status, 3);
    has(r.err, "no_such_scenario.lua");
    done(&r);

    /* Unwritable places: exit 3, the path named. */
    snprintf(args, sizeof args, "brief " UKRAINE " --actor UA --out '%s/missing/x.html'", tmpdir);
    r = run(args);
    assert_int_equal(r.status, 3);
    has(r.err, "missing/x.html");
    done(&r);
    snprintf(args, sizeof args, "brief " UKRAINE " --all --out '%s'", tmp_path("keep.html"));
    r = run(args);
    assert_int_equal(r.status, 3);
    has(r.err, "not a directory");
    done(&r);
    snprintf(args, sizeof args, "brief " UKRAINE " --all --out '%s/missing/deeper'", tmpdir);
    r = run(args);
    assert_int_equal(r.status, 3);
    has(r.err, "cannot create the directory");
    done(&r);
}

static void test_same_bytes_and_help(void **state)
{
    (void)state;
    char args[1024];
    snprintf(args, sizeof args, "brief " UKRAINE " --actor TR --out '%s'", tmp_path("tr1.html"));
    char *one = brief_of(args, 0, tmp_path("tr1.html"));
    snprintf(args, sizeof args, "brief " UKRAINE " --actor TR --out '%s'", tmp_path("tr2.html"));
    char *two = brief_of(args, 0, tmp_path("tr2.html"));
    assert_string_equal(one, two);
    free(one);
    free(two);
    result r = run("--help");
    assert_int_equal(r.status, 0);
    has(r.out, "entente brief FILE --actor ID [--variant NAME] --out PATH [--md]");
    has(r.out, "entente brief FILE --all [--variant NAME] --out DIR [--md]");
    has(r.out, "[--debrief PATH]");
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ua_brief),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_all),
        cmocka_unit_test(test_variant),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_same_bytes_and_help),
    };
    return cmocka_run_group_tests(tests, harness_setup, harness_teardown);
}
