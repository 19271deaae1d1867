/* test_sandbox.c: escape and exhaustion attempts against the scenario sandbox.

   Every attempt goes through lx_scenario_load_text(), the way a scenario file would, and is
   followed by a valid scenario: if the attempt were not stopped, the load would succeed and
   the test would fail. Each attempt must end with ENT_ERR_SCENARIO and a message that says
   what happened, leave the files in a scratch directory alone, and leave the host able to
   load the next scenario. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "lx_scenario.h"

#ifndef ENTENTE_SOURCE_DIR
#error "ENTENTE_SOURCE_DIR must name the source tree"
#endif

#define UKRAINE ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua"

/* A scratch directory: SENTINEL must never appear, EXISTING must keep its text. */
static char scratch[256];
static char sentinel[320];
static char existing[320];
static const char existing_text[] = "this file must be left alone\n";

static const lx_load_limits small = {.memory_limit = (size_t)8 << 20,
                                     .instruction_limit = 5000000};
/* Enough memory for Lua's own stack limit to be reached first. */
static const lx_load_limits small_budget = {.memory_limit = 0, .instruction_limit = 5000000};

/* After the attempt, so that the attempt's lines are line 1, 2, ... in messages. */
static const char valid_tail[] =
    "\nscenario { id = \"t\", title = \"Sandbox test\" }\n"
    "issue { id = \"lead\", label = \"Who leads\", options = { \"us\", \"europe\" } }\n"
    "actor { id = \"US\", positions = { lead = { ideal = \"europe\", salience = 1 } } }\n";

/* ---- helpers ------------------------------------------------------------------ */

/* Replaces every SENTINEL and EXISTING in the attempt by the scratch paths. */
static char *with_paths(const char *attempt)
{
    size_t cap = strlen(attempt) * 2 + 4096, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (const char *p = attempt; *p;) {
        const char *word = NULL, *path = NULL;
        if (strncmp(p, "SENTINEL", 8) == 0)
            word = "SENTINEL", path = sentinel;
        else if (strncmp(p, "EXISTING", 8) == 0)
            word = "EXISTING", path = existing;
        if (word) {
            size_t n = strlen(path);
            if (len + n + 1 >= cap)
                out = realloc(out, cap = cap * 2 + n);
            assert_non_null(out);
            memcpy(out + len, path, n);
            len += n;
            p += strlen(word);
        } else {
            if (len + 2 >= cap)
                out = realloc(out, cap *= 2);
            assert_non_null(out);
            out[len++] = *p++;
        }
    }
    out[len] = '\0';
    return out;
}

static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    assert_non_null(s);
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    return s;
}

static void assert_files_untouched(void)
{
    struct stat st;
    assert_int_equal(stat(sentinel, &st), -1);
    assert_int_equal(errno, ENOENT);
    FILE *f = fopen(existing, "rb");
    assert_non_null(f);
    char buf[256] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_string_equal(buf, existing_text);
}

/* The process is still here and its next load works as if nothing happened. */
static void assert_host_fine(void)
{
    ent_error err = {0};
    model_scenario *scn = NULL;
    ent_status st = lx_scenario_load_text("after.lua", valid_tail, strlen(valid_tail), NULL,
                                          &small, &scn, &err);
    assert_int_equal(st, ENT_OK);
    assert_non_null(scn);
    assert_int_equal(scn->actor_count, 1);
    model_free(scn);
}

/* Loads the text as "sandbox.lua"; it must be refused. Returns the message. */
static const char *refuse_text(const char *text, size_t size, const char *variant,
                               const lx_load_limits *limits, ent_error *err)
{
    model_scenario *scn = (model_scenario *)(uintptr_t)1; /* must be reset to NULL */
    ent_status st = lx_scenario_load_text("sandbox.lua", text, size, variant, limits, &scn, err);
    if (st != ENT_ERR_SCENARIO)
        print_error("status %d, message: %s\n", (int)st, err->message);
    assert_int_equal(st, ENT_ERR_SCENARIO);
    assert_null(scn);
    assert_files_untouched();
    assert_host_fine();
    return err->message;
}

/* The attempt, then a valid scenario; the whole must be refused with exactly `expected`. */
static void refused_with(const char *attempt, const char *variant, const lx_load_limits *limits,
                         const char *expected)
{
    char *script = with_paths(attempt);
    char *text = concat(script, valid_tail);
    ent_error err = {0};
    const char *msg = refuse_text(text, strlen(text), variant, limits, &err);
    assert_string_equal(msg, expected);
    free(text);
    free(script);
}

/* As refused_with, for messages whose middle depends on Lua internals: a precise part. */
static void refused_containing(const char *attempt, const char *variant,
                               const lx_load_limits *limits, const char *part)
{
    char *script = with_paths(attempt);
    char *text = concat(script, valid_tail);
    ent_error err = {0};
    const char *msg = refuse_text(text, strlen(text), variant, limits, &err);
    if (!strstr(msg, part))
        print_error("message '%s' lacks '%s'\n", msg, part);
    assert_non_null(strstr(msg, part));
    free(text);
    free(script);
}

#define BUDGET_MESSAGE "the script ran too long (more than 5000000 instructions): " \
                       "is there an endless loop?"
#define MEMORY_MESSAGE "sandbox.lua: the scenario needs more than 8 MiB of memory " \
                       "(the sandbox's limit)"
#define UNAVAILABLE(name) "sandbox.lua:1: '" name "' is not available in a scenario " \
                          "(scenarios run in a sandbox)"

/* Compiled Lua for `source`, as produced by luac. */
typedef struct {
    char *data;
    size_t size;
} dump_buffer;

static int collect(lua_State *L, const void *p, size_t size, void *ud)
{
    (void)L;
    dump_buffer *b = ud;
    char *grown = realloc(b->data, b->size + size);
    if (!grown)
        return 1;
    memcpy(grown + b->size, p, size);
    b->data = grown;
    b->size += size;
    return 0;
}

static char *bytecode_of(const char *source, size_t *size)
{
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    assert_int_equal(luaL_loadstring(L, source), LUA_OK);
    dump_buffer b = {NULL, 0};
    assert_int_equal(lua_dump(L, collect, &b, 0), 0);
    lua_close(L);
    assert_non_null(b.data);
    assert_memory_equal(b.data, LUA_SIGNATURE, 4);
    *size = b.size;
    return b.data;
}

/* ---- fixtures ------------------------------------------------------------------ */

static int make_scratch(void **state)
{
    (void)state;
    snprintf(scratch, sizeof scratch, "/tmp/entente-sandbox-XXXXXX");
    if (!mkdtemp(scratch))
        return -1;
    snprintf(sentinel, sizeof sentinel, "%s/sentinel", scratch);
    snprintf(existing, sizeof existing, "%s/existing", scratch);
    FILE *f = fopen(existing, "wb");
    if (!f)
        return -1;
    fputs(existing_text, f);
    return fclose(f) == 0 ? 0 : -1;
}

static int remove_scratch(void **state)
{
    (void)state;
    unlink(sentinel);
    unlink(existing);
    return rmdir(scratch) == 0 ? 0 : -1;
}

/* ---- the host's world is out of reach --------------------------------------------- */

static void test_os_execute(void **state)
{
    (void)state;
    refused_with("os.execute(\"touch SENTINEL\")", NULL, &small, UNAVAILABLE("os"));
}

static void test_io_open(void **state)
{
    (void)state;
    refused_with("io.open(\"SENTINEL\", \"w\"):write(\"owned\")", NULL, &small,
                 UNAVAILABLE("io"));
}

static void test_require(void **state)
{
    (void)state;
    refused_with("local os = require(\"os\") os.remove(\"EXISTING\")", NULL, &small,
                 UNAVAILABLE("require"));
}

static void test_package_loadlib(void **state)
{
    (void)state;
    refused_with("package.loadlib(\"libc.so.6\", \"system\")(\"touch SENTINEL\")", NULL, &small,
                 UNAVAILABLE("package"));
}

static void test_dofile(void **state)
{
    (void)state;
    refused_with("dofile(\"EXISTING\")", NULL, &small, UNAVAILABLE("dofile"));
}

static void test_loadfile(void **state)
{
    (void)state;
    refused_with("local f = loadfile(\"EXISTING\")", NULL, &small, UNAVAILABLE("loadfile"));
}

static void test_load_text(void **state)
{
    (void)state;
    refused_with("load(\"os.execute('touch SENTINEL')\")()", NULL, &small, UNAVAILABLE("load"));
}

/* Crafted bytecode is the classic way out of a Lua sandbox: load must not take any. */
static void test_load_binary_string(void **state)
{
    (void)state;
    char *source = with_paths("os.execute('touch SENTINEL')");
    size_t n;
    char *code = bytecode_of(source, &n);
    char *literal = malloc(n * 4 + 64);
    assert_non_null(literal);
    size_t len = (size_t)sprintf(literal, "load(\"");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(literal + len, "\\%03u", (unsigned char)code[i]);
    sprintf(literal + len, "\", \"x\", \"b\")()");
    refused_with(literal, NULL, &small, UNAVAILABLE("load"));
    free(literal);
    free(code);
    free(source);
}

static void test_binary_chunk_as_scenario(void **state)
{
    (void)state;
    char *source = with_paths("os.execute('touch SENTINEL')");
    size_t n;
    char *code = bytecode_of(source, &n);
    ent_error err = {0};
    const char *msg = refuse_text(code, n, NULL, &small, &err);
    assert_string_equal(msg, "sandbox.lua:1: this is a compiled (binary) Lua chunk; "
                             "scenarios must be Lua source text");
    free(code);
    free(source);
}

static void test_string_dump(void **state)
{
    (void)state;
    refused_with("local code = string.dump(function() end)", NULL, &small,
                 "sandbox.lua:1: attempt to call a nil value (field 'dump')");
}

/* Strings index the sandbox's copy of the library, which has no dump either. */
static void test_string_method_dump(void **state)
{
    (void)state;
    refused_with("local code = (\"x\").dump(print)", NULL, &small,
                 "sandbox.lua:1: attempt to call a nil value (field 'dump')");
}

static void test_getmetatable_string(void **state)
{
    (void)state;
    refused_with("local lib = getmetatable(\"\").__index", NULL, &small,
                 UNAVAILABLE("getmetatable"));
}

static void test_debug_library(void **state)
{
    (void)state;
    refused_with("debug.sethook()", NULL, &small, UNAVAILABLE("debug"));
}

static void test_collectgarbage(void **state)
{
    (void)state;
    refused_with("collectgarbage(\"stop\")", NULL, &small, UNAVAILABLE("collectgarbage"));
}

/* A script may spoil its own string library; the next load gets a fresh one. */
static void test_string_library_tampering(void **state)
{
    (void)state;
    refused_with("string.rep = function() return \"\" end\n"
                 "string.format = nil\n"
                 "local ok = pcall(function() (\"\").__index = 1 end)\n"
                 "assert(not ok)\n"
                 "assert((\"ab\"):rep(3) == \"\")\n"
                 "error(\"tampered\")",
                 NULL, &small, "sandbox.lua:6: tampered");
    const char *check = "assert((\"ab\"):rep(3) == \"ababab\")\n"
                        "assert(string.rep(\"x\", 2, \",\") == \"x,x\")\n"
                        "assert(string.format(\"%d-%s\", 5, \"x\") == \"5-x\")\n"
                        "assert((\"%d\"):format(7) == \"7\")\n";
    char *text = concat(check, valid_tail);
    ent_error err = {0};
    model_scenario *scn = NULL;
    assert_int_equal(lx_scenario_load_text("fresh.lua", text, strlen(text), NULL, &small, &scn,
                                           &err),
                     ENT_OK);
    model_free(scn);
    free(text);
}

static void test_env_nil(void **state)
{
    (void)state;
    refused_with("_ENV = nil\nlocal x = os", NULL, &small,
                 "sandbox.lua:2: attempt to index a nil value (upvalue '_ENV')");
}

static void test_env_global_write(void **state)
{
    (void)state;
    refused_with("_G.escape = true", NULL, &small,
                 "sandbox.lua:1: cannot set global 'escape': declare it with "
                 "'local escape = ...'");
}

static void test_rawset_absent(void **state)
{
    (void)state;
    refused_with("rawset(_G, \"os\", {})", NULL, &small, UNAVAILABLE("rawset"));
}

static void test_randomseed_absent(void **state)
{
    (void)state;
    refused_with("math.randomseed(42)", NULL, &small,
                 "sandbox.lua:1: attempt to call a nil value (field 'randomseed')");
}

/* ---- exhaustion ---------------------------------------------------------------------- */

static void test_infinite_loop(void **state)
{
    (void)state;
    refused_with("while true do end", NULL, &small, "sandbox.lua:1: " BUDGET_MESSAGE);
}

/* Lua's matcher runs in C where the budget cannot reach: a backtracking pattern over a long
   text must be refused before it starts, not left to run for minutes. */
static void test_pattern_backtracking_bomb(void **state)
{
    (void)state;
    refused_with("local s = string.rep(\"a\", 3000)\n"
                 "local ok = pcall(function() return s:find(\".-.-.-.-.-b\") end)\n"
                 "error(\"pcall returned \" .. tostring(ok))\n",
                 NULL, &small, "sandbox.lua:3: pcall returned false");
    refused_with("local s = string.rep(\"a\", 3000)\n"
                 "for w in s:gmatch(\"a-a-a-a-b\") do end\n",
                 NULL, &small,
                 "sandbox.lua:2: string.gmatch: this pattern could take too long on a "
                 "3000-character text (4 repetition items): use a simpler pattern, a shorter "
                 "text, or string.find(text, word, 1, true)");
}

/* Once spent, the budget fails every instruction, so a pcall cannot swallow it. */
static void test_loop_inside_pcall(void **state)
{
    (void)state;
    refused_containing("while true do\n"
                       "  pcall(function() while true do end end)\n"
                       "end",
                       NULL, &small, BUDGET_MESSAGE);
}

/* resume() returns false to the script: the spent budget must still fail the load. */
static void test_loop_in_coroutine(void **state)
{
    (void)state;
    refused_with("coroutine.resume(coroutine.create(function() while true do end end))", NULL,
                 &small, "sandbox.lua: " BUDGET_MESSAGE);
}

static void test_coroutine_wrap_in_pcall(void **state)
{
    (void)state;
    refused_with("pcall(coroutine.wrap(function() while true do end end))", NULL, &small,
                 "sandbox.lua: " BUDGET_MESSAGE);
}

/* Lua runs a message handler with hooks off when the error comes from the hook itself. */
static void test_xpcall_handler_loop(void **state)
{
    (void)state;
    refused_containing("xpcall(function() while true do end end,\n"
                       "       function() while true do end end)",
                       NULL, &small, BUDGET_MESSAGE);
}

static void test_string_rep_bomb(void **state)
{
    (void)state;
    refused_with("local s = string.rep(\"x\", 1 << 30)", NULL, &small, MEMORY_MESSAGE);
}

static void test_table_growth_bomb(void **state)
{
    (void)state;
    refused_with("local t = {}\nfor i = 1, 1 << 40 do t[i] = i end", NULL, &small,
                 MEMORY_MESSAGE);
}

static void test_concatenation_bomb(void **state)
{
    (void)state;
    refused_with("local s = \"x\"\nfor _ = 1, 64 do s = s .. s end", NULL, &small,
                 MEMORY_MESSAGE);
}

static void test_deep_recursion(void **state)
{
    (void)state;
    refused_with("local function f(n) return 1 + f(n + 1) end\nf(1)", NULL, &small_budget,
                 "sandbox.lua:1: stack overflow");
}

static char *nested(const char *prefix, char open, const char *middle, char close, int depth)
{
    size_t n = strlen(prefix) + strlen(middle) + 2 * (size_t)depth + 1;
    char *s = malloc(n);
    assert_non_null(s);
    size_t len = (size_t)sprintf(s, "%s", prefix);
    memset(s + len, open, (size_t)depth);
    len += (size_t)depth;
    len += (size_t)sprintf(s + len, "%s", middle);
    memset(s + len, close, (size_t)depth);
    s[len + (size_t)depth] = '\0';
    return s;
}

#define NESTING_MESSAGE "sandbox.lua: the code is nested too deeply (too many levels of " \
                        "brackets, tables, calls or blocks inside one another)"

static void test_nested_table_constructor(void **state)
{
    (void)state;
    char *attempt = nested("local t = ", '{', "", '}', 100000);
    refused_with(attempt, NULL, &small, NESTING_MESSAGE);
    free(attempt);
}

static void test_nested_parentheses(void **state)
{
    (void)state;
    char *attempt = nested("local x = ", '(', "1", ')', 100000);
    refused_with(attempt, NULL, &small, NESTING_MESSAGE);
    free(attempt);
}

/* Conditions used to be plain tables: P.op = nil made the reader strcmp(NULL). */
static void test_condition_tampering(void **state)
{
    (void)state;
    refused_with("local c = is(\"lead\", \"us\")\nc.op = nil", NULL, &small,
                 "sandbox.lua:2: a condition cannot be changed once made: build a new one with "
                 "is(), is_not(), at_least(), at_most(), all_of(), any_of(), none_of() or "
                 "implies()");
}

/* Each level of all_of() is a C recursion in the reader. */
static void test_deeply_nested_conditions(void **state)
{
    (void)state;
    refused_with("local c = is(\"lead\", \"us\")\nfor _ = 1, 100000 do c = all_of(c) end", NULL,
                 &small, "sandbox.lua:2: all_of: conditions are nested too deeply "
                         "(at most 32 levels)");
}

static void test_hostile_variant_loops(void **state)
{
    (void)state;
    const char *attempt = "variant { id = \"hostile\",\n"
                          "  apply = function(s)\n"
                          "    while true do end\n"
                          "  end }";
    refused_with(attempt, "hostile", &small, "sandbox.lua:3: " BUDGET_MESSAGE);
}

/* A variant that puts a number where a section was: lua_next on a number crashed. */
static void test_variant_replaces_a_section(void **state)
{
    (void)state;
    refused_with("variant { id = \"wipe\", apply = function(s) s.actors = 5 end }", "wipe",
                 &small, "sandbox.lua: 'actors' must be a table keyed by id (got number) "
                         "(after variant 'wipe')");
}

/* Lua shortens long chunk names to "...tail"; the author must read the path they gave. */
static void test_long_path_in_messages(void **state)
{
    (void)state;
    const char *path = "scenarios/a/rather/long/directory/name/that/goes/on/and/on/broken.lua";
    const char *text = "local x = nil + 1";
    ent_error err = {0};
    model_scenario *scn = NULL;
    assert_int_equal(lx_scenario_load_text(path, text, strlen(text), NULL, &small, &scn, &err),
                     ENT_ERR_SCENARIO);
    assert_string_equal(err.message, "scenarios/a/rather/long/directory/name/that/goes/on/and/"
                                     "on/broken.lua:1: attempt to perform arithmetic on a nil "
                                     "value");
    assert_files_untouched();
    assert_host_fine();
}

/* ---- recovery and determinism ------------------------------------------------------ */

static void assert_ukraine_loads(void)
{
    ent_error err = {0};
    model_scenario *scn = NULL;
    ent_status st = lx_scenario_load(UKRAINE, NULL, NULL, &scn, &err);
    if (st != ENT_OK)
        print_error("%s\n", err.message);
    assert_int_equal(st, ENT_OK);
    assert_int_equal(scn->actor_count, 10);
    assert_int_equal(scn->issue_count, 13);
    model_free(scn);
}

static void test_ukraine_after_budget_failure(void **state)
{
    (void)state;
    refused_with("while true do end", NULL, &small, "sandbox.lua:1: " BUDGET_MESSAGE);
    assert_ukraine_loads();
}

static void test_ukraine_after_memory_failure(void **state)
{
    (void)state;
    refused_with("local t = {}\nfor i = 1, 1 << 40 do t[i] = (\"x\"):rep(64) .. i end", NULL,
                 &small, MEMORY_MESSAGE);
    assert_ukraine_loads();
}

static void test_random_is_deterministic(void **state)
{
    (void)state;
    const char *text =
        "scenario { id = \"r\", title = \"Random\" }\n"
        "issue { id = \"lead\", label = \"Who leads\", options = { \"us\", \"europe\" } }\n"
        "for i = 1, 5 do\n"
        "  actor { id = \"A\" .. i, capability = math.random(), reservation = math.random(),\n"
        "          positions = { lead = { ideal = \"us\", salience = math.random(1, 5) } } }\n"
        "end\n";
    model_scenario *a = NULL, *b = NULL;
    ent_error err = {0};
    assert_int_equal(lx_scenario_load_text("r.lua", text, strlen(text), NULL, &small, &a, &err),
                     ENT_OK);
    assert_int_equal(lx_scenario_load_text("r.lua", text, strlen(text), NULL, &small, &b, &err),
                     ENT_OK);
    bool varied = false;
    for (int i = 0; i < 5; i++) {
        assert_true(a->actors[i].capability == b->actors[i].capability);
        assert_true(a->actors[i].reservation == b->actors[i].reservation);
        varied = varied || a->actors[i].capability != a->actors[0].capability;
    }
    assert_true(varied); /* random, yet the same each time */
    model_free(a);
    model_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_os_execute),
        cmocka_unit_test(test_io_open),
        cmocka_unit_test(test_require),
        cmocka_unit_test(test_package_loadlib),
        cmocka_unit_test(test_dofile),
        cmocka_unit_test(test_loadfile),
        cmocka_unit_test(test_load_text),
        cmocka_unit_test(test_load_binary_string),
        cmocka_unit_test(test_binary_chunk_as_scenario),
        cmocka_unit_test(test_string_dump),
        cmocka_unit_test(test_string_method_dump),
        cmocka_unit_test(test_getmetatable_string),
        cmocka_unit_test(test_debug_library),
        cmocka_unit_test(test_collectgarbage),
        cmocka_unit_test(test_string_library_tampering),
        cmocka_unit_test(test_env_nil),
        cmocka_unit_test(test_env_global_write),
        cmocka_unit_test(test_rawset_absent),
        cmocka_unit_test(test_randomseed_absent),
        cmocka_unit_test(test_infinite_loop),
        cmocka_unit_test(test_pattern_backtracking_bomb),
        cmocka_unit_test(test_loop_inside_pcall),
        cmocka_unit_test(test_loop_in_coroutine),
        cmocka_unit_test(test_coroutine_wrap_in_pcall),
        cmocka_unit_test(test_xpcall_handler_loop),
        cmocka_unit_test(test_string_rep_bomb),
        cmocka_unit_test(test_table_growth_bomb),
        cmocka_unit_test(test_concatenation_bomb),
        cmocka_unit_test(test_deep_recursion),
        cmocka_unit_test(test_nested_table_constructor),
        cmocka_unit_test(test_nested_parentheses),
        cmocka_unit_test(test_condition_tampering),
        cmocka_unit_test(test_deeply_nested_conditions),
        cmocka_unit_test(test_hostile_variant_loops),
        cmocka_unit_test(test_variant_replaces_a_section),
        cmocka_unit_test(test_long_path_in_messages),
        cmocka_unit_test(test_ukraine_after_budget_failure),
        cmocka_unit_test(test_ukraine_after_memory_failure),
        cmocka_unit_test(test_random_is_deterministic),
    };
    return cmocka_run_group_tests(tests, make_scratch, remove_scratch);
}
