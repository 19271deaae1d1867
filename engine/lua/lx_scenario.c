/* lx_scenario.c: the scenario API seen by Lua scripts, and its translation into a core model. */
#include "lx_scenario.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <stdatomic.h>

#include "lx_loader.h"
#include "lx_names.h"
#include "lx_sandbox.h"

/* Declarations are collected in one Lua table (the "data"), variants edit it, then
   build_model() reads it into C. Layout:
     data.scenario = {...}
     data.issues[id], data.actors[id]  (tables with __line and __order)
     data.rule, data.variants[id]      */


/* all_of(all_of(...)) nesting; the reader recurses in C once per level. */
#define PREDICATE_DEPTH_MAX 32

static lx_loader *loader_of(lua_State *L)
{
    lx_loader *ld = lua_touserdata(L, lua_upvalueindex(1));
    if (ld->built)
        luaL_error(L, "declarations (scenario, actor, event, ...) belong at the top level of "
                      "the scenario, not in a callback");
    return ld;
}

static const char *short_path(lx_loader *ld)
{
    return lx_sandbox_path(ld->sb);
}

/* Line of the Lua code that called the API function, through any C functions in between
   (pcall(actor, {...}), table.insert(condition, x)). */
static int caller_line(lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; level < 16 && lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "l", &ar) && ar.currentline > 0)
            return ar.currentline;
    return 0;
}

static int raise(lua_State *L, lx_loader *ld, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int raise(lua_State *L, lx_loader *ld, int line, const char *fmt, ...)
{
    char msg[800];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        lua_pushfstring(L, "%s:%d: %s", short_path(ld), line, msg);
    else
        lua_pushfstring(L, "%s: %s", short_path(ld), msg);
    return lua_error(L);
}

/* How a table key reads in a message: 'name', [3], or its type (never an address). */
static void describe_key(lua_State *L, int idx, char *out, size_t size)
{
    if (lua_type(L, idx) == LUA_TSTRING)
        snprintf(out, size, "'%s'", lua_tostring(L, idx));
    else if (lua_isinteger(L, idx))
        snprintf(out, size, "[%lld]", (long long)lua_tointeger(L, idx));
    else if (lua_type(L, idx) == LUA_TNUMBER)
        snprintf(out, size, "[%g]", lua_tonumber(L, idx));
    else
        snprintf(out, size, "of type %s", luaL_typename(L, idx));
}

static int find_key_line(const char *src, int from, const char *key);
static int predicate_line(lua_State *L, lx_loader *ld, int tbl, const char *key);

/* ==== the declaration API ==================================================== */

static bool valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= MODEL_ID_MAX)
        return false;
    if (!isalpha((unsigned char)s[0]) && s[0] != '_')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
            return false;
    return true;
}

/* Checks that arg 1 is a table with a valid string id; returns the id. */
static const char *declared_id(lua_State *L, lx_loader *ld, const char *kind, int line)
{
    if (!lua_istable(L, 1))
        raise(L, ld, line, "%s expects a table: %s { id = \"...\", ... } (got %s)", kind, kind,
              luaL_typename(L, 1));
    lua_getfield(L, 1, "id");
    if (lua_isnil(L, -1))
        raise(L, ld, line, "%s: missing field 'id'", kind);
    if (lua_type(L, -1) != LUA_TSTRING)
        raise(L, ld, line, "%s: field 'id' must be a string (got %s)", kind, luaL_typename(L, -1));
    const char *id = lua_tostring(L, -1);
    if (!valid_id(id))
        raise(L, ld, line,
              "%s: id '%s' is not a valid id (letters, digits, '_' or '-', at most %d "
              "characters, starting with a letter or '_')",
              kind, id, MODEL_ID_MAX - 1);
    lua_pop(L, 1);
    lua_getfield(L, 1, "id");
    const char *kept = lua_tostring(L, -1);
    lua_pop(L, 1); /* the table keeps the string alive */
    return kept;
}

static void push_data(lua_State *L, lx_loader *ld)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->data_ref);
}

/* Stores table arg 1 under data[section][id], refusing duplicates. */
static void store(lua_State *L, lx_loader *ld, const char *section, const char *kind,
                  const char *id, int line, int *seq)
{
    push_data(L, ld);
    lua_getfield(L, -1, section);
    lua_getfield(L, -1, id);
    if (!lua_isnil(L, -1)) {
        lua_getfield(L, -1, "__line");
        int first = (int)lua_tointeger(L, -1);
        raise(L, ld, line, "duplicate %s id '%s' (first declared at line %d)", kind, id, first);
    }
    lua_pop(L, 1);
    lua_pushinteger(L, line);
    lua_setfield(L, 1, "__line");
    lua_pushinteger(L, ++*seq);
    lua_setfield(L, 1, "__order");
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, id);
    lua_pop(L, 2);
}

/* Stores table arg 1 as data[kind] for declarations made once (scenario, rule, protocol). */
static void store_single(lua_State *L, lx_loader *ld, int line, const char *kind)
{
    push_data(L, ld);
    lua_getfield(L, -1, kind);
    if (!lua_isnil(L, -1)) {
        lua_getfield(L, -1, "__line");
        raise(L, ld, line, "%s is declared twice (first at line %d)", kind,
              (int)lua_tointeger(L, -1));
    }
    lua_pop(L, 1);
    lua_pushinteger(L, line);
    lua_setfield(L, 1, "__line");
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, kind);
    lua_pop(L, 1);
}

static int api_scenario(lua_State *L)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    declared_id(L, ld, "scenario", line);
    store_single(L, ld, line, "scenario");
    /* math.random follows the scenario's seed from here on: same seed, same numbers. */
    if (lua_getfield(L, 1, "seed") == LUA_TNUMBER) {
        lua_Integer seed = lua_isinteger(L, -1) ? lua_tointeger(L, -1)
                                                : (lua_Integer)lua_tonumber(L, -1);
        lua_getglobal(L, "math"); /* the host's math table, not the script's copy */
        lua_getfield(L, -1, "randomseed");
        lua_pushinteger(L, seed);
        lua_call(L, 1, 0);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

static int api_issue(lua_State *L)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    const char *id = declared_id(L, ld, "issue", line);
    store(L, ld, "issues", "issue", id, line, &ld->issue_seq);
    return 0;
}

/* Red lines are declared as a list; variants find them by id, so keep them keyed by id. */
static void key_red_lines(lua_State *L, lx_loader *ld, int line, const char *actor)
{
    lua_getfield(L, 1, "red_lines");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_setfield(L, 1, "red_lines");
        return;
    }
    /* Point at the red_lines field rather than at the start of the actor. */
    int rl_line = find_key_line(lx_sandbox_source(ld->sb), line, "red_lines");
    if (rl_line == 0)
        rl_line = line;
    if (!lua_istable(L, -1))
        raise(L, ld, rl_line, "actor '%s': 'red_lines' must be a list of tables (got %s)", actor,
              luaL_typename(L, -1));
    int list = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    /* Named entries (red_lines = { veto = {...} }) would be dropped in silence below. */
    lua_pushnil(L);
    while (lua_next(L, list)) {
        lua_pop(L, 1);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= n)
            continue;
        char key[64];
        describe_key(L, -1, key, sizeof key);
        raise(L, ld, rl_line, "actor '%s': 'red_lines' must be a list { { id = ... }, ... } "
              "without keys (found the key %s)", actor, key);
    }
    lua_newtable(L);
    int keyed = lua_gettop(L);
    for (lua_Integer r = 1; r <= n; r++) {
        lua_geti(L, list, r);
        if (!lua_istable(L, -1))
            raise(L, ld, rl_line, "actor '%s': red line %d must be a table (got %s)", actor,
                  (int)r, luaL_typename(L, -1));
        lua_getfield(L, -1, "id");
        char fallback[32];
        const char *rid;
        if (lua_isnil(L, -1)) {
            snprintf(fallback, sizeof fallback, "r%d", (int)r);
            rid = fallback;
        } else if (lua_type(L, -1) != LUA_TSTRING || !valid_id(lua_tostring(L, -1))) {
            int at = predicate_line(L, ld, -2, "require");
            at = at ? at : predicate_line(L, ld, -2, "never");
            return (void)raise(L, ld, at ? at : rl_line, "actor '%s': red line %d: 'id' must be "
                               "a short id string", actor, (int)r);
        } else {
            rid = lua_tostring(L, -1);
        }
        lua_getfield(L, keyed, rid);
        if (!lua_isnil(L, -1)) {
            /* The second one's condition knows its line; the actor's line would mislead. */
            int at = predicate_line(L, ld, -3, "require");
            at = at ? at : predicate_line(L, ld, -3, "never");
            raise(L, ld, at ? at : rl_line, "actor '%s': two red lines have the id '%s'", actor,
                  rid);
        }
        lua_pop(L, 1);
        lua_pushinteger(L, r);
        lua_setfield(L, -3, "__order");
        lua_pushstring(L, rid);
        lua_setfield(L, -3, "id");
        lua_pushstring(L, rid);
        lua_pushvalue(L, -3);
        lua_settable(L, keyed);
        lua_pop(L, 2);
    }
    lua_pushinteger(L, n);
    lua_setfield(L, keyed, "__declared");
    lua_setfield(L, 1, "red_lines");
    lua_pop(L, 1);
}

static int api_actor(lua_State *L)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    const char *id = declared_id(L, ld, "actor", line);
    key_red_lines(L, ld, line, id);
    store(L, ld, "actors", "actor", id, line, &ld->actor_seq);
    return 0;
}

static int api_rule(lua_State *L)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    if (!lua_istable(L, 1))
        raise(L, ld, line, "rule expects a table: rule { required = {...}, ... } (got %s)",
              luaL_typename(L, 1));
    store_single(L, ld, line, "rule");
    return 0;
}

static int api_variant(lua_State *L)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    const char *id = declared_id(L, ld, "variant", line);
    /* A misspelt 'apply' would silently give a copy of the baseline: refuse unknown fields. */
    static const char *const keys[] = {"id", "label", "description", "apply", NULL};
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
        bool known = false;
        for (const char *const *key = keys; *key && !known; key++)
            known = strcmp(k, *key) == 0;
        if (!known) {
            char hint[96];
            lx_suggest(k, keys, 4, hint, sizeof hint);
            int at = find_key_line(lx_sandbox_source(ld->sb), line, k);
            raise(L, ld, at ? at : line, "variant '%s': unknown field '%s'%s", id, k, hint);
        }
    }
    lua_getfield(L, 1, "apply");
    if (strcmp(id, "baseline") == 0 && !lua_isnil(L, -1))
        raise(L, ld, line, "variant 'baseline' is the scenario as declared: it cannot have "
                           "'apply' (declare a new variant instead)");
    if (!lua_isnil(L, -1) && !lua_isfunction(L, -1)) {
        int at = find_key_line(lx_sandbox_source(ld->sb), line, "apply");
        raise(L, ld, at ? at : line, "variant '%s': 'apply' must be a function(s) ... end (got %s)",
              id, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    if (ld->variant_seq >= MODEL_MAX_VARIANTS - 1) /* one place stays for the baseline */
        raise(L, ld, line, "too many variants (at most %d)", MODEL_MAX_VARIANTS - 1);
    store(L, ld, "variants", "variant", id, line, &ld->variant_seq);
    return 0;
}

/* Declarations of part 2: the protocol, events, uncertain parameters and callbacks. */
static int api_single(lua_State *L, const char *kind)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    if (!lua_istable(L, 1))
        raise(L, ld, line, "%s expects a table: %s { ... } (got %s)", kind, kind,
              luaL_typename(L, 1));
    store_single(L, ld, line, kind);
    return 0;
}

static int api_protocol(lua_State *L) { return api_single(L, "protocol"); }

/* Declarations kept by id in a section with a size limit (events, uncertain parameters). */
static int declare_limited(lua_State *L, const char *kind, const char *section,
                           const char *what, int *seq, int max, const char *plural)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    const char *id = declared_id(L, ld, kind, line);
    if (*seq >= max)
        raise(L, ld, line, "too many %s (at most %d)", plural, max);
    store(L, ld, section, what, id, line, seq);
    return 0;
}

static int api_event(lua_State *L)
{
    return declare_limited(L, "event", "events", "event", &loader_of(L)->event_seq,
                           MODEL_MAX_EVENTS, "events");
}

static int api_uncertain(lua_State *L)
{
    return declare_limited(L, "uncertain", "uncertain", "uncertain parameter",
                           &loader_of(L)->uncertain_seq, MODEL_MAX_UNCERTAIN,
                           "uncertain parameters");
}

static int api_callback(lua_State *L, const char *name)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    if (!lua_isfunction(L, 1))
        raise(L, ld, line, "%s expects a function: %s(function(...) ... end) (got %s)", name,
              name, luaL_typename(L, 1));
    push_data(L, ld);
    lua_getfield(L, -1, "callbacks");
    lua_getfield(L, -1, name);
    if (!lua_isnil(L, -1)) {
        /* Only one of each: a second would silently replace the first. */
        lua_getfield(L, -2, "__lines");
        lua_getfield(L, -1, name);
        raise(L, ld, line, "%s is declared twice (first at line %d): put both into one function",
              name, (int)lua_tointeger(L, -1));
    }
    lua_pop(L, 1);
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, name);
    if (lua_getfield(L, -1, "__lines") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "__lines");
    }
    lua_pushinteger(L, line);
    lua_setfield(L, -2, name);
    return 0;
}

static int api_on_round(lua_State *L) { return api_callback(L, "on_round"); }
static int api_on_offer(lua_State *L) { return api_callback(L, "on_offer"); }

/* Distributions are plain tables { dist = "...", ... }: the reader checks them. */
static int make_dist(lua_State *L, const char *kind, int nargs)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    lua_settop(L, strcmp(kind, "choice") == 0 ? 2 : nargs); /* missing arguments become nil */
    if (strcmp(kind, "choice") == 0) {
        if (!lua_istable(L, 1) || (!lua_isnoneornil(L, 2) && !lua_istable(L, 2)))
            raise(L, ld, line, "choice expects a list of values and, optionally, a list of "
                               "weights: choice({0.3, 0.5}, {1, 2})");
    } else {
        for (int i = 1; i <= nargs; i++)
            if (lua_type(L, i) != LUA_TNUMBER)
                raise(L, ld, line, "%s expects %d numbers (argument %d is %s)", kind, nargs, i,
                      luaL_typename(L, i));
    }
    lua_createtable(L, 0, 5);
    lua_pushstring(L, kind);
    lua_setfield(L, -2, "dist");
    lua_pushinteger(L, line);
    lua_setfield(L, -2, "__line");
    for (int i = 1; i <= (strcmp(kind, "choice") == 0 ? 2 : nargs); i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i);
    }
    return 1;
}

static int api_uniform(lua_State *L) { return make_dist(L, "uniform", 2); }
static int api_normal(lua_State *L) { return make_dist(L, "normal", 2); }
static int api_triangular(lua_State *L) { return make_dist(L, "triangular", 3); }
static int api_choice(lua_State *L) { return make_dist(L, "choice", 2); }

/* ---- predicates: small tables marked by a private metatable ---------------------- */

/* A condition the script holds is an empty proxy; its contents (op, arguments, line, depth)
   sit in a registry table keyed by the proxy. Were they in the script's table, the script
   could rewrite a condition after making it (P.op = nil, P[1] = P) and hand the reader a
   NULL op, a cycle or an all_of() with no arguments. */
static bool push_predicate_data(lua_State *L, lx_loader *ld, int idx)
{
    idx = lua_absindex(L, idx);
    if (!lua_getmetatable(L, idx))
        return false;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->predicate_mt_ref);
    bool ok = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (!ok)
        return false;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->predicate_data_ref);
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    lua_remove(L, -2);
    if (lua_istable(L, -1))
        return true;
    lua_pop(L, 1);
    return false;
}

/* The line where the condition in tbl[key] was made, or 0. */
static int predicate_line(lua_State *L, lx_loader *ld, int tbl, const char *key)
{
    tbl = lua_absindex(L, tbl);
    lua_getfield(L, tbl, key);
    int line = 0;
    if (push_predicate_data(L, ld, -1)) {
        lua_getfield(L, -1, "__line");
        line = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
    return line;
}

static int predicate_newindex(lua_State *L)
{
    lx_loader *ld = loader_of(L);
    return raise(L, ld, caller_line(L), "a condition cannot be changed once made: build a new "
                 "one with is(), is_not(), at_least(), at_most(), all_of(), any_of(), none_of() "
                 "or implies()");
}

static int make_predicate(lua_State *L, const char *op, int nargs_min, bool comparison)
{
    lx_loader *ld = loader_of(L);
    int line = caller_line(L);
    int n = lua_gettop(L);
    int depth = 1;
    if (comparison) {
        if (n != 2 || lua_type(L, 1) != LUA_TSTRING || lua_type(L, 2) != LUA_TSTRING)
            raise(L, ld, line, "%s expects an issue id and an option id: %s(\"issue\", \"option\")",
                  op, op);
    } else {
        if (n < nargs_min)
            raise(L, ld, line, "%s expects at least %d condition%s", op, nargs_min,
                  nargs_min > 1 ? "s" : "");
        if (n > 64)
            raise(L, ld, line, "%s has too many conditions (at most 64)", op);
        for (int i = 1; i <= n; i++) {
            if (!push_predicate_data(L, ld, i))
                raise(L, ld, line,
                      "%s: argument %d is not a condition; build conditions with is(), is_not(), "
                      "at_least(), at_most(), all_of(), any_of(), none_of() or implies()",
                      op, i);
            lua_getfield(L, -1, "depth");
            int d = (int)lua_tointeger(L, -1) + 1;
            lua_pop(L, 2);
            depth = d > depth ? d : depth;
        }
        if (depth > PREDICATE_DEPTH_MAX)
            raise(L, ld, line, "%s: conditions are nested too deeply (at most %d levels)", op,
                  PREDICATE_DEPTH_MAX);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->predicate_data_ref);
    lua_newtable(L); /* the proxy the script gets */
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->predicate_mt_ref);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_createtable(L, n, 3); /* data proxy proxy contents */
    lua_pushstring(L, op);
    lua_setfield(L, -2, "op");
    lua_pushinteger(L, line);
    lua_setfield(L, -2, "__line");
    lua_pushinteger(L, depth);
    lua_setfield(L, -2, "depth");
    for (int i = 1; i <= n; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i);
    }
    lua_rawset(L, -4); /* data proxy */
    return 1;
}

static int api_is(lua_State *L) { return make_predicate(L, "is", 2, true); }
static int api_is_not(lua_State *L) { return make_predicate(L, "is_not", 2, true); }
static int api_at_least(lua_State *L) { return make_predicate(L, "at_least", 2, true); }
static int api_at_most(lua_State *L) { return make_predicate(L, "at_most", 2, true); }
static int api_all_of(lua_State *L) { return make_predicate(L, "all_of", 1, false); }
static int api_any_of(lua_State *L) { return make_predicate(L, "any_of", 1, false); }
static int api_none_of(lua_State *L) { return make_predicate(L, "none_of", 1, false); }
static int api_implies(lua_State *L)
{
    if (lua_gettop(L) != 2) {
        lx_loader *ld = loader_of(L);
        return raise(L, ld, caller_line(L), "implies expects two conditions: implies(if, then)");
    }
    return make_predicate(L, "implies", 2, false);
}

/* The whole surface a scenario script sees, besides the safe standard library. */
static const luaL_Reg scenario_api[] = {
    {"scenario", api_scenario}, {"issue", api_issue},       {"actor", api_actor},
    {"rule", api_rule},         {"variant", api_variant},   {"is", api_is},
    {"is_not", api_is_not},     {"at_least", api_at_least}, {"at_most", api_at_most},
    {"all_of", api_all_of},     {"any_of", api_any_of},     {"none_of", api_none_of},
    {"implies", api_implies},   {"protocol", api_protocol}, {"event", api_event},
    {"uncertain", api_uncertain}, {"on_round", api_on_round}, {"on_offer", api_on_offer},
    {"uniform", api_uniform},   {"normal", api_normal},     {"triangular", api_triangular},
    {"choice", api_choice},     {NULL, NULL}};

/* ==== reading the data into the model ======================================= */

typedef struct {
    lua_State *L;
    lx_loader *ld;
    model_scenario *scn;
    int line;          /* declaration line of what is being read */
    char what[128];    /* e.g. "actor 'US'" */
    const char *variant;
} reader;

/* The line where `key` is written, searching forward from the declaration (0: unknown). */
static int find_key_line(const char *src, int from, const char *key)
{
    if (!src || from <= 0 || !key)
        return 0;
    int line = 1;
    const char *p = src;
    while (*p && line < from) {
        if (*p == '\n')
            line++;
        p++;
    }
    size_t klen = strlen(key);
    int limit = line + 400;
    for (; *p && line < limit; p++) {
        if (*p == '\n') {
            line++;
            continue;
        }
        if (strncmp(p, key, klen) == 0 && (p == src || !(isalnum((unsigned char)p[-1]) ||
                                                           p[-1] == '_'))) {
            const char *q = p + klen;
            if (*q == '"' || *q == '\'')
                q++;
            if (*q == ']')
                q++;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '=' && q[1] != '=')
                return line;
        }
    }
    return 0;
}

/* Line of a dotted field path ("positions.lead.salience"), or the declaration line. */
static int field_line(reader *r, const char *path)
{
    if (!path || r->variant)
        return r->line;
    const char *src = lx_sandbox_source(r->ld->sb);
    int line = r->line;
    char part[128];
    const char *p = path;
    while (*p) {
        size_t n = strcspn(p, ".");
        if (n >= sizeof part)
            return r->line;
        memcpy(part, p, n);
        part[n] = '\0';
        int found = find_key_line(src, line, part);
        if (!found)
            return line;
        line = found;
        p += n;
        if (*p == '.')
            p++;
    }
    return line;
}

static int fail(reader *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(reader *r, const char *field, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char tail[160] = "";
    if (r->variant)
        snprintf(tail, sizeof tail, " (after variant '%s')", r->variant);
    if (!r->what[0]) /* about the declarations as a whole, not one of them */
        return raise(r->L, r->ld, field_line(r, field), "%s%s", msg, tail);
    return raise(r->L, r->ld, field_line(r, field), "%s: %s%s", r->what, msg, tail);
}

static int fail_at(reader *r, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail_at(reader *r, int line, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return raise(r->L, r->ld, line, "%s: %s", r->what, msg);
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Unknown fields are errors, reported in sorted order so the message is stable. */
static void check_keys(reader *r, int idx, const char *const *allowed, const char *prefix)
{
    lua_State *L = r->L;
    idx = lua_absindex(L, idx);
    const char *unknown[64];
    int nu = 0, na = 0;
    while (allowed[na])
        na++;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            if (lua_type(L, -1) == LUA_TNUMBER && prefix)
                fail(r, prefix, "'%s' has an entry at position %d: write it as a field "
                     "(name = value)", prefix, (int)lua_tointeger(L, -1));
            if (lua_type(L, -1) == LUA_TNUMBER)
                fail(r, prefix, "an entry at position %d has no name: write it as a field "
                     "(name = value)", (int)lua_tointeger(L, -1));
            fail(r, prefix, "field names must be strings");
        }
        const char *k = lua_tostring(L, -1);
        if (strcmp(k, "__line") == 0 || strcmp(k, "__order") == 0 || strcmp(k, "__declared") == 0)
            continue;
        bool ok = false;
        for (int a = 0; a < na && !ok; a++)
            ok = strcmp(k, allowed[a]) == 0;
        if (!ok && nu < 64)
            unknown[nu++] = k;
    }
    if (nu == 0)
        return;
    qsort(unknown, (size_t)nu, sizeof unknown[0], key_cmp);
    char hint[96], path[160];
    lx_suggest(unknown[0], allowed, na, hint, sizeof hint);
    snprintf(path, sizeof path, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", unknown[0]);
    fail(r, path, "unknown field '%s'%s", path, hint);
}

static const char *type_name(reader *r, int idx)
{
    return luaL_typename(r->L, idx);
}

/* Pushes t[key]; returns its Lua type. */
static int get(reader *r, int idx, const char *key)
{
    return lua_getfield(r->L, idx, key);
}

/* For a missing field: the line of the table that lacks it ("positions.lead" for
   "positions.lead.salience"), not the start of the whole declaration. */
static int parent_line(reader *r, const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return r->line;
    char parent[160];
    snprintf(parent, sizeof parent, "%.*s", (int)(dot - path), path);
    return field_line(r, parent);
}

static const char *read_string(reader *r, int idx, const char *key, const char *path,
                               bool required)
{
    lua_State *L = r->L;
    int t = get(r, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        if (required)
            fail_at(r, parent_line(r, path), "missing field '%s'", path);
        return NULL;
    }
    if (t != LUA_TSTRING)
        fail(r, path, "'%s' must be a string (got %s)", path, type_name(r, -1));
    const char *s = lua_tostring(L, -1);
    lua_pop(L, 1); /* still referenced by the table */
    return s;
}

static double read_number(reader *r, int idx, const char *key, const char *path, bool required,
                          double fallback, double lo, double hi)
{
    lua_State *L = r->L;
    int t = get(r, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        if (required)
            fail_at(r, parent_line(r, path), "missing field '%s'", path);
        return fallback;
    }
    if (t != LUA_TNUMBER)
        fail(r, path, "'%s' must be a number (got %s)", path, type_name(r, -1));
    double v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (isnan(v) || isinf(v))
        fail(r, path, "'%s' must be a finite number (got %s)", path,
             isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
    if (v < lo || v > hi)
        fail(r, path, "'%s' must be between %g and %g (got %g)", path, lo, hi, v);
    return v;
}

static char *keep(reader *r, const char *s)
{
    if (!s)
        return NULL;
    char *p = model_strdup(r->scn, s);
    if (!p)
        luaL_error(r->L, "not enough memory");
    return p;
}

/* Iterates data[section] in declaration order (then any ids a variant added, sorted).
   A variant can put anything there, so the section and its keys are checked, not assumed. */
static int ordered_ids(reader *r, int section_idx, const char *section, const char **ids,
                       int max)
{
    lua_State *L = r->L;
    section_idx = lua_absindex(L, section_idx);
    if (!lua_istable(L, section_idx))
        fail(r, NULL, "'%s' must be a table keyed by id (got %s)", section,
             luaL_typename(L, section_idx));
    int n = 0;
    typedef struct {
        lua_Integer order;
        const char *id;
    } entry;
    entry items[256];
    lua_pushnil(L);
    while (lua_next(L, section_idx)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_istable(L, -1) && n < 256) {
            /* Declarations checked their ids; a variant may add any key. */
            if (!valid_id(lua_tostring(L, -2)))
                fail(r, NULL, "'%s' has an entry under '%s', which is not a valid id (letters, "
                     "digits, '_' or '-', at most %d characters, starting with a letter or '_')",
                     section, lua_tostring(L, -2), MODEL_ID_MAX - 1);
            lua_getfield(L, -1, "__order");
            lua_Integer order = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : LUA_MAXINTEGER;
            lua_pop(L, 1);
            items[n].order = order;
            items[n].id = lua_tostring(L, -2);
            n++;
        } else if (lua_type(L, -2) != LUA_TSTRING) {
            /* e.g. a variant that wrote red_lines = { {...} }: it would be dropped in silence */
            char key[64];
            describe_key(L, -2, key, sizeof key);
            fail(r, NULL, "'%s' has an entry under the key %s: key every entry by its id, as in "
                 "%s.<id> = { ... }", section, key, section);
        } else if (lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), "__declared")) {
            if (!lua_istable(L, -1) && !lua_isnil(L, -1))
                fail(r, NULL, "'%s' must be a table (got %s)", lua_tostring(L, -2),
                     luaL_typename(L, -1));
        }
        lua_pop(L, 1);
    }
    for (int a = 1; a < n; a++)
        for (int b = a; b > 0; b--) {
            bool swap = items[b].order < items[b - 1].order ||
                        (items[b].order == items[b - 1].order &&
                         strcmp(items[b].id, items[b - 1].id) < 0);
            if (!swap)
                break;
            entry t = items[b];
            items[b] = items[b - 1];
            items[b - 1] = t;
        }
    if (n > max)
        return -1;
    for (int i = 0; i < n; i++)
        ids[i] = items[i].id;
    return n;
}

static int table_line(lua_State *L, int idx, int fallback)
{
    lua_getfield(L, idx, "__line");
    int line = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : fallback;
    lua_pop(L, 1);
    return line;
}

/* Lists are read with rawlen, which sees nothing of { a = ... }: refuse such keys rather than
   drop those entries in silence. Returns the length. */
static lua_Integer check_list(reader *r, int idx, const char *path)
{
    lua_State *L = r->L;
    idx = lua_absindex(L, idx);
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= n)
            continue;
        char key[64];
        describe_key(L, -1, key, sizeof key);
        fail(r, path, "'%s' must be a list { ..., ... } without keys (found the key %s)", path,
             key);
    }
    return n;
}

/* ---- predicates ---------------------------------------------------------------- */

static int read_predicate_at(reader *r, int idx, const char *path, int depth);

/* Reads the condition at idx (the stack slot is reused while reading). */
static int read_predicate(reader *r, int idx, const char *path)
{
    return read_predicate_at(r, idx, path, 1);
}

static int predicate_node(reader *r, model_node node, int line)
{
    int at = model_add_node(r->scn, node);
    if (at < 0)
        fail_at(r, line, "too many conditions (at most %d in a scenario)", MODEL_MAX_NODES);
    return at;
}

/* Reads the condition at idx into model nodes; returns the root node. */
static int read_predicate_at(reader *r, int idx, const char *path, int depth)
{
    lua_State *L = r->L;
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 8, "conditions nested too deeply");
    if (!push_predicate_data(L, r->ld, idx))
        fail(r, path, "'%s' must be a condition such as is(\"issue\", \"option\") (got %s)", path,
             type_name(r, idx));
    lua_replace(L, idx); /* from here on, idx holds the contents */
    int line = table_line(L, idx, r->line);
    /* make_predicate already refuses deeper nesting; this guards the C recursion regardless. */
    if (depth > PREDICATE_DEPTH_MAX)
        fail_at(r, line, "conditions are nested too deeply (at most %d levels)",
                PREDICATE_DEPTH_MAX);
    lua_getfield(L, idx, "op");
    const char *op = lua_tostring(L, -1);
    lua_pop(L, 1); /* the contents keep the string alive */
    if (!op)
        fail_at(r, line, "'%s' is a damaged condition (no operator)", path);
    model_node node = {.left = -1, .right = -1};
    static const struct {
        const char *name;
        model_node_op op;
    } comparisons[] = {{"is", RL_EQ}, {"is_not", RL_NE}, {"at_least", RL_GE}, {"at_most", RL_LE}};
    for (size_t c = 0; c < sizeof comparisons / sizeof comparisons[0]; c++) {
        if (strcmp(op, comparisons[c].name) != 0)
            continue;
        lua_rawgeti(L, idx, 1);
        lua_rawgeti(L, idx, 2);
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            fail_at(r, line, "%s expects an issue id and an option id: %s(\"issue\", \"option\")",
                    op, op);
        const char *issue_id = lua_tostring(L, -2), *option_id = lua_tostring(L, -1);
        int k = model_find_issue(r->scn, issue_id);
        if (k < 0) {
            const char *names[MODEL_MAX_ISSUES];
            for (int j = 0; j < r->scn->issue_count; j++)
                names[j] = r->scn->issues[j].id;
            char hint[96];
            lx_suggest(issue_id, names, r->scn->issue_count, hint, sizeof hint);
            fail_at(r, line, "%s(\"%s\", ...) names an unknown issue '%s'%s", op, issue_id,
                    issue_id, hint);
        }
        const model_issue *is = &r->scn->issues[k];
        int o = model_find_option(is, option_id);
        if (o < 0) {
            const char *names[MODEL_MAX_OPTIONS];
            char list[400] = "";
            for (int j = 0; j < is->option_count; j++) {
                names[j] = is->options[j].id;
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         is->options[j].id);
            }
            char hint[96];
            lx_suggest(option_id, names, is->option_count, hint, sizeof hint);
            fail_at(r, line, "issue '%s' has no option '%s'%s (options: %s)", issue_id,
                    option_id, hint, list);
        }
        lua_pop(L, 2);
        node.op = comparisons[c].op;
        node.issue = k;
        node.option = o;
        return predicate_node(r, node, line);
    }
    bool implies = strcmp(op, "implies") == 0;
    if (!implies && strcmp(op, "all_of") != 0 && strcmp(op, "any_of") != 0 &&
        strcmp(op, "none_of") != 0)
        fail_at(r, line, "'%s' is a damaged condition (unknown operator '%s')", path, op);
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    int children[64];
    if (n > 64)
        fail_at(r, line, "%s has too many conditions (at most 64)", op);
    if (n < 1 || (implies && n != 2))
        fail_at(r, line, "%s needs %s", op, implies ? "two conditions" : "at least one condition");
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, i);
        children[i - 1] = read_predicate_at(r, -1, path, depth + 1);
        lua_pop(L, 1);
    }
    if (implies) {
        node.op = RL_IMPLIES;
        node.left = children[0];
        node.right = children[1];
        return predicate_node(r, node, line);
    }
    /* all_of/any_of fold into binary nodes; none_of is not(any_of). */
    model_node_op fold = strcmp(op, "all_of") == 0 ? RL_AND : RL_OR;
    int acc = children[n - 1];
    for (lua_Integer i = n - 2; i >= 0; i--)
        acc = predicate_node(r, (model_node){.op = fold, .left = children[i], .right = acc}, line);
    if (strcmp(op, "none_of") == 0)
        acc = predicate_node(r, (model_node){.op = RL_NOT, .left = acc, .right = -1}, line);
    return acc;
}

/* ---- actor sets ---------------------------------------------------------------- */

static int actor_named(reader *r, const char *id, const char *path);

static model_set read_actor_list(reader *r, int idx, const char *key, const char *path)
{
    lua_State *L = r->L;
    int t = get(r, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t == LUA_TSTRING) {
        /* A single id is accepted where a list is expected. */
        lua_newtable(L);
        lua_insert(L, -2);
        lua_rawseti(L, -2, 1);
    } else if (t != LUA_TTABLE) {
        fail(r, path, "'%s' must be a list of actor ids such as { \"UA\", \"UK\" } (got %s)", path,
             type_name(r, -1));
    }
    model_set set = 0;
    lua_Integer n = check_list(r, -1, path);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        if (lua_type(L, -1) != LUA_TSTRING)
            fail(r, path, "'%s' entry %d must be an actor id string (got %s)", path, (int)i,
                 type_name(r, -1));
        int a = actor_named(r, lua_tostring(L, -1), path);
        set |= 1ull << a;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return set;
}

/* ---- sections ------------------------------------------------------------------ */

static const uint32_t palette[] = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9,
                                   0xD55E00, 0xF0E442, 0x000000, 0x999999, 0x882255};

static uint32_t read_colour(reader *r, int idx, int index)
{
    const char *s = read_string(r, idx, "colour", "colour", false);
    if (!s)
        return palette[index % (int)(sizeof palette / sizeof palette[0])];
    unsigned v;
    char extra;
    if (s[0] != '#' || strlen(s) != 7 || sscanf(s + 1, "%6x%c", &v, &extra) != 1)
        fail(r, "colour", "'colour' must look like \"#1f77b4\" (got \"%s\")", s);
    return v;
}

static void read_issue(reader *r, int idx, const char *id, model_issue *is)
{
    static const char *const keys[] = {"id", "label", "options", "default", "owner", "source",
                                       "description", NULL};
    check_keys(r, idx, keys, NULL);
    snprintf(is->id, sizeof is->id, "%s", id);
    is->label = keep(r, read_string(r, idx, "label", "label", true));
    lua_State *L = r->L;
    int t = get(r, idx, "options");
    if (t == LUA_TNIL)
        fail_at(r, r->line, "missing field 'options'");
    if (t != LUA_TTABLE)
        fail(r, "options", "'options' must be a list such as { \"no\", \"yes\" } (got %s)",
             type_name(r, -1));
    lua_Integer n = check_list(r, -1, "options");
    if (n == 0)
        fail(r, "options", "'options' is empty: an issue needs at least two options");
    if (n == 1)
        fail(r, "options", "'options' has one option: an issue needs at least two");
    if (n > MODEL_MAX_OPTIONS)
        fail(r, "options", "'options' has %d options (at most %d)", (int)n, MODEL_MAX_OPTIONS);
    is->option_count = (int)n;
    for (lua_Integer o = 1; o <= n; o++) {
        model_option *opt = &is->options[o - 1];
        lua_rawgeti(L, -1, o);
        const char *oid = NULL, *label = NULL;
        if (lua_type(L, -1) == LUA_TSTRING) {
            oid = label = lua_tostring(L, -1);
        } else if (lua_istable(L, -1)) {
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            oid = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            label = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : oid;
            lua_pop(L, 2);
            if (!oid)
                fail(r, "options", "option %d must be { \"id\", \"label\" } (the id is missing)",
                     (int)o);
        } else {
            fail(r, "options", "option %d must be a string id or { \"id\", \"label\" } (got %s)",
                 (int)o, type_name(r, -1));
        }
        if (!valid_id(oid))
            fail(r, "options", "option %d: '%s' is not a valid id", (int)o, oid);
        for (int j = 0; j < o - 1; j++)
            if (strcmp(is->options[j].id, oid) == 0)
                fail(r, "options", "option '%s' is listed twice", oid);
        snprintf(opt->id, sizeof opt->id, "%s", oid);
        opt->label = keep(r, label);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    const char *def = read_string(r, idx, "default", "default", false);
    is->default_option = 0;
    if (def) {
        is->default_option = model_find_option(is, def);
        if (is->default_option < 0) {
            const char *names[MODEL_MAX_OPTIONS];
            for (int j = 0; j < is->option_count; j++)
                names[j] = is->options[j].id;
            char hint[96];
            lx_suggest(def, names, is->option_count, hint, sizeof hint);
            fail(r, "default", "'default' names an unknown option '%s'%s", def, hint);
        }
    }
    is->owner = -1; /* resolved once actors are known */
}

/* A number that may be left out: *has says whether it was given. */
static double optional_number(reader *r, int idx, const char *key, bool *has, double lo,
                              double hi)
{
    *has = get(r, idx, key) != LUA_TNIL;
    lua_pop(r->L, 1);
    return *has ? read_number(r, idx, key, key, true, 0, lo, hi) : 0;
}

/* A continuous issue (part 4): issue { id, label, scale = { low, high } }, for forecasting. */
static void read_continuous(reader *r, int idx, const char *id, model_continuous *c)
{
    static const char *const keys[] = {"id", "label", "scale", "status_quo", "outcome", "source",
                                       "description", NULL};
    lua_State *L = r->L;
    if (get(r, idx, "options") != LUA_TNIL)
        fail(r, "options", "'scale' makes a continuous issue, which has no 'options': give one "
             "or the other");
    lua_pop(L, 1);
    check_keys(r, idx, keys, NULL);
    snprintf(c->id, sizeof c->id, "%s", id);
    c->label = keep(r, read_string(r, idx, "label", "label", true));
    c->source = keep(r, read_string(r, idx, "source", "source", false));
    if (get(r, idx, "scale") != LUA_TTABLE)
        fail(r, "scale", "'scale' must be two numbers { low, high } such as { 0, 100 } (got %s)",
             type_name(r, -1));
    lua_Integer n = check_list(r, -1, "scale");
    double v[2] = {0, 0};
    for (int e = 0; e < 2 && n == 2; e++) {
        lua_rawgeti(L, -1, e + 1);
        if (lua_type(L, -1) != LUA_TNUMBER)
            fail(r, "scale", "'scale' must be two numbers { low, high } (entry %d is %s)", e + 1,
                 type_name(r, -1));
        v[e] = lua_tonumber(L, -1);
        lua_pop(L, 1);
        if (!isfinite(v[e]))
            fail(r, "scale", "'scale' must be two finite numbers { low, high }");
    }
    if (n != 2)
        fail(r, "scale", "'scale' must be two numbers { low, high } (got %d)", (int)n);
    if (!(v[0] < v[1]))
        fail(r, "scale", "'scale' needs low < high (got { %g, %g })", v[0], v[1]);
    lua_pop(L, 1);
    c->lo = v[0];
    c->hi = v[1];
    c->status_quo = optional_number(r, idx, "status_quo", &c->has_status_quo, c->lo, c->hi);
    c->outcome = optional_number(r, idx, "outcome", &c->has_outcome, c->lo, c->hi);
}

/* An actor's position on a continuous issue: { position = x, salience = 0..1 }. */
static void read_cposition(reader *r, int idx, int actor, int k, const char *path)
{
    static const char *const keys[] = {"position", "salience", "source", NULL};
    model_continuous *c = &r->scn->continuous[k];
    if (!lua_istable(r->L, idx))
        fail(r, path, "'%s' must be a table such as { position = %g, salience = 0.5 } (got %s)",
             path, c->lo, type_name(r, idx));
    check_keys(r, idx, keys, path);
    char sub[160];
    snprintf(sub, sizeof sub, "%s.position", path);
    c->position[actor] = read_number(r, idx, "position", sub, true, 0, c->lo, c->hi);
    snprintf(sub, sizeof sub, "%s.salience", path);
    double s = read_number(r, idx, "salience", sub, true, 0, 0, 1e9);
    if (s > 1)
        fail(r, sub, "'%s' must be between 0 and 1 on a continuous issue (got %g; a 0-100 "
             "salience divided by 100 is %g)", sub, s, s / 100);
    c->salience[actor] = s;
    snprintf(sub, sizeof sub, "%s.source", path);
    c->position_source[actor] = keep(r, read_string(r, idx, "source", sub, false));
    c->stated |= 1ull << actor;
}

/* Once every actor is read: a continuous issue needs two actors apart, and some weight. */
static void check_continuous(reader *r, int k)
{
    const model_continuous *c = &r->scn->continuous[k];
    int n = 0, first = -1;
    double weight = 0;
    bool apart = false;
    for (int a = 0; a < r->scn->actor_count; a++) {
        if (!model_set_has(c->stated, a))
            continue;
        n++;
        if (first < 0)
            first = a;
        apart = apart || c->position[a] != c->position[first];
        weight += r->scn->actors[a].capability * c->salience[a];
    }
    if (n < 2)
        fail_at(r, r->line, "%s a position on it (a forecast needs at least two)",
                n ? "only one actor states" : "no actor states");
    if (!apart)
        fail_at(r, r->line, "every actor on it is at %g: nothing to forecast",
                c->position[first]);
    if (!(weight > 0))
        fail_at(r, r->line, "every actor on it has a capability or a salience of 0, so no one "
                "weighs anything");
}

/* "linear" or "quadratic": how fast satisfaction falls away from the ideal option. */
static bool read_quadratic(reader *r, int idx, const char *path, bool fallback)
{
    const char *shape = read_string(r, idx, "distance", path, false);
    if (!shape)
        return fallback;
    if (strcmp(shape, "linear") != 0 && strcmp(shape, "quadratic") != 0)
        fail(r, path, "'%s' must be \"linear\" or \"quadratic\" (got \"%s\")", path, shape);
    return strcmp(shape, "quadratic") == 0;
}

static void read_position(reader *r, int idx, int actor, int k, const char *path,
                          bool quadratic)
{
    static const char *const keys[] = {"salience", "ideal", "values", "distance", "source",
                                       NULL};
    model_actor *a = &r->scn->actors[actor];
    const model_issue *is = &r->scn->issues[k];
    lua_State *L = r->L;
    if (!lua_istable(L, idx))
        fail(r, path, "'%s' must be a table such as { ideal = \"...\", salience = 1 } (got %s)",
             path, type_name(r, idx));
    check_keys(r, idx, keys, path);
    char sub[160];
    snprintf(sub, sizeof sub, "%s.salience", path);
    a->salience[k] = read_number(r, idx, "salience", sub, true, 0, 0, 1e9);
    snprintf(sub, sizeof sub, "%s.source", path);
    a->position_source[k] = keep(r, read_string(r, idx, "source", sub, false));
    snprintf(sub, sizeof sub, "%s.distance", path);
    quadratic = read_quadratic(r, idx, sub, quadratic);
    snprintf(sub, sizeof sub, "%s.ideal", path);
    const char *ideal = read_string(r, idx, "ideal", sub, false);
    int has_values = get(r, idx, "values") != LUA_TNIL;
    if (ideal && has_values)
        fail(r, path, "'%s' gives both 'ideal' and 'values': use one", path);
    if (!ideal && !has_values)
        fail(r, path, "'%s' needs 'ideal' (the option it wants) or 'values' (a value per option)",
             path);
    if (ideal) {
        lua_pop(L, 1);
        int o = model_find_option(is, ideal);
        if (o < 0) {
            const char *names[MODEL_MAX_OPTIONS];
            for (int j = 0; j < is->option_count; j++)
                names[j] = is->options[j].id;
            char hint[96];
            lx_suggest(ideal, names, is->option_count, hint, sizeof hint);
            fail(r, sub, "'%s' names an unknown option '%s' of issue '%s'%s", sub, ideal, is->id,
                 hint);
        }
        for (int j = 0; j < is->option_count; j++) {
            double dist = (double)abs(j - o) / (is->option_count - 1);
            a->value[k][j] = 1.0 - (quadratic ? dist * dist : dist);
        }
        return;
    }
    snprintf(sub, sizeof sub, "%s.values", path);
    if (!lua_istable(L, -1))
        fail(r, sub, "'%s' must be a table { option = value, ... } (got %s)", sub,
             type_name(r, -1));
    int vidx = lua_gettop(L);
    bool given[MODEL_MAX_OPTIONS] = {false};
    lua_pushnil(L);
    while (lua_next(L, vidx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            fail(r, sub, "'%s' keys must be option ids", sub);
        const char *oid = lua_tostring(L, -1);
        int o = model_find_option(is, oid);
        if (o < 0) {
            const char *names[MODEL_MAX_OPTIONS];
            for (int j = 0; j < is->option_count; j++)
                names[j] = is->options[j].id;
            char hint[96];
            lx_suggest(oid, names, is->option_count, hint, sizeof hint);
            fail(r, sub, "'%s' names an unknown option '%s' of issue '%s'%s", sub, oid, is->id,
                 hint);
        }
        char vpath[200];
        snprintf(vpath, sizeof vpath, "%s.%s", sub, oid);
        a->value[k][o] = read_number(r, vidx, oid, vpath, true, 0, 0, 1);
        given[o] = true;
    }
    for (int j = 0; j < is->option_count; j++)
        if (!given[j])
            fail(r, sub, "'%s' gives no value for option '%s' (every option needs one, 0 to 1)",
                 sub, is->options[j].id);
    lua_pop(L, 1);
}

/* The line of `id = "<id>"` at or after `from` (0: not written so). */
static int find_id_line(const char *src, int from, const char *id)
{
    if (!src || from <= 0)
        return 0;
    int line = 1;
    const char *p = src;
    while (*p && line < from) {
        if (*p == '\n')
            line++;
        p++;
    }
    size_t ilen = strlen(id);
    for (int limit = line + 400; *p && line < limit; p++) {
        if (*p == '\n') {
            line++;
            continue;
        }
        if (strncmp(p, "id", 2) != 0 || (p > src && (isalnum((unsigned char)p[-1]) ||
                                                     p[-1] == '_')))
            continue;
        const char *q = p + 2;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q++ != '=')
            continue;
        while (*q == ' ' || *q == '\t')
            q++;
        if ((*q == '"' || *q == '\'') && strncmp(q + 1, id, ilen) == 0 && q[1 + ilen] == *q)
            return line;
    }
    return 0;
}

/* Where a red line is written: its `id = "..."`, else the line of its condition. */
static int red_line_anchor(reader *r, int one, const char *rid)
{
    int line = 0;
    if (!r->variant)
        line = find_id_line(lx_sandbox_source(r->ld->sb), field_line(r, "red_lines"), rid);
    if (!line)
        line = predicate_line(r->L, r->ld, one, "require");
    if (!line)
        line = predicate_line(r->L, r->ld, one, "never");
    return line ? line : r->line;
}

static bool read_bool(reader *r, int idx, const char *key, const char *path, bool fallback)
{
    int t = get(r, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(r->L, 1);
        return fallback;
    }
    if (t != LUA_TBOOLEAN)
        fail(r, path, "'%s' must be true or false (got %s)", path, type_name(r, -1));
    bool v = lua_toboolean(r->L, -1);
    lua_pop(r->L, 1);
    return v;
}

static void read_red_lines(reader *r, int idx, int actor)
{
    static const char *const keys[] = {"id", "label", "require", "never", "source", "dormant",
                                       NULL};
    lua_State *L = r->L;
    model_actor *a = &r->scn->actors[actor];
    int t = get(r, idx, "red_lines");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (t != LUA_TTABLE)
        fail(r, "red_lines", "'red_lines' must be a table (got %s)", type_name(r, -1));
    int rl = lua_gettop(L);
    const char *ids[256];
    int n = ordered_ids(r, rl, "red_lines", ids, 256);
    if (n < 0 || n > MODEL_MAX_REDLINES)
        fail(r, "red_lines", "too many red lines (at most %d per actor)", MODEL_MAX_REDLINES);
    /* Messages about one red line name it and point at it, not at the start of the actor:
       with several red lines, "missing field 'label'" on the actor's line says neither which
       one nor where. */
    int actor_line = r->line;
    char actor_what[sizeof r->what];
    memcpy(actor_what, r->what, sizeof actor_what);
    for (int j = 0; j < n; j++) {
        lua_getfield(L, rl, ids[j]);
        int one = lua_gettop(L);
        r->line = actor_line; /* the anchor is searched for from the actor's line */
        r->line = red_line_anchor(r, one, ids[j]);
        snprintf(r->what, sizeof r->what, "actor '%.31s', red line '%.31s'", a->id, ids[j]);
        check_keys(r, one, keys, NULL);
        model_redline *red = &a->redlines[a->redline_count];
        snprintf(red->id, sizeof red->id, "%s", ids[j]);
        red->label = keep(r, read_string(r, one, "label", "label", true));
        red->source = keep(r, read_string(r, one, "source", "source", false));
        red->dormant = read_bool(r, one, "dormant", "dormant", false);
        int has_req = get(r, one, "require") != LUA_TNIL;
        int has_never = get(r, one, "never") != LUA_TNIL;
        if (has_req == has_never)
            fail_at(r, r->line, "needs exactly one of 'require' (what must hold) or 'never' "
                                "(what must not happen)%s",
                    has_req ? ", not both" : "");
        if (has_req) {
            lua_pop(L, 1);
            red->node = read_predicate(r, -1, "require");
        } else {
            int inner = read_predicate(r, -1, "never");
            red->node = predicate_node(r, (model_node){.op = RL_NOT, .left = inner, .right = -1},
                                       r->line);
            lua_pop(L, 1);
        }
        lua_pop(L, 2);
        a->redline_count++;
    }
    r->line = actor_line;
    memcpy(r->what, actor_what, sizeof actor_what);
    lua_pop(L, 1);
}

/* Keeps the function on top of the stack for the run (a registry ref); pops it. */
static int keep_function(reader *r)
{
    lx_loader *ld = r->ld;
    if (ld->ref_count >= (int)(sizeof ld->refs / sizeof ld->refs[0]))
        luaL_error(r->L, "too many script functions");
    int ref = luaL_ref(r->L, LUA_REGISTRYINDEX);
    ld->refs[ld->ref_count++] = ref;
    atomic_fetch_add(&lx_outstanding_refs, 1);
    return ref;
}

static void read_tactic(reader *r, int idx, model_actor *a)
{
    static const char *const keys[] = {"style", "beta", "kappa", "deadline", "susceptibility",
                                       "patience", NULL};
    model_tactic *t = &a->tactic;
    t->kind = TACTIC_TIME;
    t->beta = 1;
    t->patience = 1;
    int type = get(r, idx, "tactic");
    if (type == LUA_TNIL) {
        lua_pop(r->L, 1);
        return;
    }
    if (type != LUA_TTABLE)
        fail(r, "tactic", "'tactic' must be a table such as { style = \"boulware\" } (got %s)",
             type_name(r, -1));
    int ti = lua_gettop(r->L);
    check_keys(r, ti, keys, "tactic");
    const char *style = read_string(r, ti, "style", "tactic.style", false);
    if (style) {
        /* Faratin et al. (1998): beta < 1 holds out (Boulware), beta > 1 concedes early. */
        static const struct {
            const char *name;
            double beta;
        } styles[] = {{"boulware", 0.3}, {"linear", 1.0}, {"conceder", 3.0}};
        bool known = false;
        for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
            if (strcmp(style, styles[i].name) == 0) {
                t->beta = styles[i].beta;
                known = true;
            }
        if (strcmp(style, "subgame_perfect") == 0) {
            t->kind = TACTIC_SUBGAME_PERFECT;
            known = true;
        }
        if (!known) {
            static const char *const names[] = {"boulware", "linear", "conceder",
                                                "subgame_perfect"};
            char hint[96];
            lx_suggest(style, names, 4, hint, sizeof hint);
            fail(r, "tactic.style", "'tactic.style' names an unknown style '%s'%s (styles: "
                 "boulware, linear, conceder, subgame_perfect)", style, hint);
        }
    }
    t->beta = read_number(r, ti, "beta", "tactic.beta", false, t->beta, 0.01, 100);
    t->kappa = read_number(r, ti, "kappa", "tactic.kappa", false, 0, 0, 1);
    double deadline = read_number(r, ti, "deadline", "tactic.deadline", false, 0, 0, 10000);
    if (deadline != floor(deadline))
        fail(r, "tactic.deadline", "'tactic.deadline' must be a whole number of rounds (got %g)",
             deadline);
    t->deadline = (int)deadline;
    t->susceptibility = read_number(r, ti, "susceptibility", "tactic.susceptibility", false,
                                    0, 0, 1);
    t->patience = read_number(r, ti, "patience", "tactic.patience", false, 1, 0.01, 1);
    lua_pop(r->L, 1);
}

/* listens = { US = 3, UK = 1 }: how much this actor weighs each other's willingness. */
static void read_listens(reader *r, int idx, int actor)
{
    lua_State *L = r->L;
    model_actor *a = &r->scn->actors[actor];
    int type = get(r, idx, "listens");
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (type != LUA_TTABLE)
        fail(r, "listens", "'listens' must be a table { ACTOR = weight, ... } (got %s)",
             type_name(r, -1));
    int li = lua_gettop(L);
    /* Keys first, then the weights in declaration order of the actors: with several mistakes
       the message must not depend on the table's hash order. */
    const char *unknown = NULL;
    lua_pushnil(L);
    while (lua_next(L, li)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            char key[64];
            describe_key(L, -1, key, sizeof key);
            fail(r, "listens", "'listens' must be keyed by actor id, as in { US = 2, UK = 1 } "
                 "(found the key %s)", key);
        }
        const char *other = lua_tostring(L, -1);
        if (model_find_actor(r->scn, other) < 0 && (!unknown || strcmp(other, unknown) < 0))
            unknown = other;
    }
    if (unknown) {
        const char *names[MODEL_MAX_ACTORS];
        for (int q = 0; q < r->scn->actor_count; q++)
            names[q] = r->scn->actors[q].id;
        char hint[96];
        lx_suggest(unknown, names, r->scn->actor_count, hint, sizeof hint);
        fail(r, "listens", "'listens' names an unknown actor '%s'%s", unknown, hint);
    }
    for (int j = 0; j < r->scn->actor_count; j++) {
        const char *other = r->scn->actors[j].id;
        if (lua_getfield(L, li, other) == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        lua_pop(L, 1);
        if (j == actor)
            fail(r, "listens", "'listens' names the actor itself ('%s'): its own weight "
                 "is 1 - tactic.susceptibility", other);
        char path[96];
        snprintf(path, sizeof path, "listens.%s", other);
        a->listens[j] = read_number(r, li, other, path, true, 0, 0, 1e6);
    }
    lua_pop(L, 1);
}

static void read_actor(reader *r, int idx, const char *id, int actor)
{
    static const char *const keys[] = {"id", "name", "colour", "capability", "reservation",
                                       "distance", "positions", "red_lines", "source",
                                       "description", "tactic", "listens", "strategy", NULL};
    check_keys(r, idx, keys, NULL);
    model_actor *a = &r->scn->actors[actor];
    read_tactic(r, idx, a);
    read_listens(r, idx, actor);
    if (get(r, idx, "strategy") != LUA_TNIL) {
        if (!lua_isfunction(r->L, -1))
            fail(r, "strategy", "'strategy' must be a function(offer, state) ... end (got %s)",
                 type_name(r, -1));
        a->strategy_ref = keep_function(r);
    } else {
        lua_pop(r->L, 1);
    }
    snprintf(a->id, sizeof a->id, "%s", id);
    const char *name = read_string(r, idx, "name", "name", false);
    a->name = keep(r, name ? name : id);
    a->source = keep(r, read_string(r, idx, "source", "source", false));
    a->colour = read_colour(r, idx, actor);
    a->capability = read_number(r, idx, "capability", "capability", false, 1.0, 0, 1e12);
    a->reservation = read_number(r, idx, "reservation", "reservation", false, 0.0, 0, 1);
    bool quadratic = read_quadratic(r, idx, "distance", false);
    lua_State *L = r->L;
    int t = get(r, idx, "positions");
    if (t == LUA_TNIL)
        fail_at(r, r->line, "missing field 'positions' (what the actor wants on each issue)");
    if (t != LUA_TTABLE)
        fail(r, "positions", "'positions' must be a table { issue_id = {...}, ... } (got %s)",
             type_name(r, -1));
    int pos = lua_gettop(L);
    for (int k = 0; k < r->scn->issue_count; k++)
        for (int o = 0; o < MODEL_MAX_OPTIONS; o++)
            a->value[k][o] = 0.5; /* indifferent where it states nothing (salience 0) */
    lua_pushnil(L);
    while (lua_next(L, pos)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            fail(r, "positions", "'positions' keys must be issue ids");
        const char *iid = lua_tostring(L, -2);
        int k = model_find_issue(r->scn, iid);
        char path[96];
        snprintf(path, sizeof path, "positions.%s", iid);
        int ck = k < 0 ? model_find_continuous(r->scn, iid) : -1;
        if (ck >= 0) {
            read_cposition(r, lua_gettop(L), actor, ck, path);
            lua_pop(L, 1);
            continue;
        }
        if (k < 0) {
            const char *names[MODEL_MAX_ISSUES + MODEL_MAX_CONTINUOUS];
            int nn = 0;
            for (int j = 0; j < r->scn->issue_count; j++)
                names[nn++] = r->scn->issues[j].id;
            for (int j = 0; j < r->scn->continuous_count; j++)
                names[nn++] = r->scn->continuous[j].id;
            char hint[96];
            lx_suggest(iid, names, nn, hint, sizeof hint);
            fail(r, path, "'positions' names an unknown issue '%s'%s", iid, hint);
        }
        read_position(r, lua_gettop(L), actor, k, path, quadratic);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    double total = 0;
    for (int k = 0; k < r->scn->issue_count; k++)
        total += a->salience[k];
    /* With continuous issues only (a forecasting scenario), a position on one of them will do;
       when there is something to negotiate, every actor must care about some of it. */
    if (r->scn->issue_count == 0)
        for (int k = 0; k < r->scn->continuous_count; k++)
            total += model_set_has(r->scn->continuous[k].stated, actor) ? 1 : 0;
    if (!(total > 0))
        fail(r, "positions", "every salience is 0: the actor must care about some issue");
}

static void read_rule(reader *r, int idx)
{
    static const char *const keys[] = {"parties", "required", "guarantors", "min_guarantors",
                                       "min_guarantor_share", "conditions", "outsider_gain",
                                       "description", NULL};
    static const char *const cond_keys[] = {"when", "require", "label", NULL};
    check_keys(r, idx, keys, NULL);
    model_rule *rule = &r->scn->rule;
    rule->parties = read_actor_list(r, idx, "parties", "parties");
    if (get(r, idx, "parties") == LUA_TTABLE && !rule->parties)
        fail(r, "parties", "'parties' is empty: leave it out to make every actor a party");
    lua_pop(r->L, 1);
    rule->required = read_actor_list(r, idx, "required", "required");
    rule->guarantors = read_actor_list(r, idx, "guarantors", "guarantors");
    int eligible = model_set_count(rule->guarantors);
    double min_g = read_number(r, idx, "min_guarantors", "min_guarantors", false, 0, 0,
                               MODEL_MAX_ACTORS);
    if (min_g != floor(min_g))
        fail(r, "min_guarantors", "'min_guarantors' must be a whole number (got %g)", min_g);
    /* Say what it is compared with: "between 0 and 1" alone does not tell why. */
    if (min_g > eligible && eligible == 0)
        fail(r, "min_guarantors", "'min_guarantors' is %g but there are no 'guarantors'", min_g);
    if (min_g > eligible)
        fail(r, "min_guarantors", "'min_guarantors' is %g but 'guarantors' names only %d actor%s",
             min_g, eligible, eligible == 1 ? "" : "s");
    rule->min_guarantors = (int)min_g;
    rule->min_guarantor_share = read_number(r, idx, "min_guarantor_share", "min_guarantor_share",
                                            false, 0, 0, 1);
    if (rule->min_guarantor_share > 0 && !(model_capability(r->scn, rule->guarantors) > 0))
        fail(r, "min_guarantor_share", "'min_guarantor_share' asks for a share of the "
             "guarantors' capability, but together they have none");
    rule->outsider_gain = read_number(r, idx, "outsider_gain", "outsider_gain", false, 0.01,
                                      1e-9, 1);
    lua_State *L = r->L;
    int t = get(r, idx, "conditions");
    if (t != LUA_TNIL && t != LUA_TTABLE)
        fail(r, "conditions", "'conditions' must be a list of { when = ..., require = {...} } "
                              "(got %s)", type_name(r, -1));
    if (t == LUA_TTABLE) {
        int list = lua_gettop(L);
        lua_Integer n = check_list(r, list, "conditions");
        if (n > MODEL_MAX_CONDITIONS)
            fail(r, "conditions", "too many conditions (at most %d)", MODEL_MAX_CONDITIONS);
        /* As for red lines: name the condition and point at it (its `when` knows its line). */
        int rule_line = r->line;
        for (lua_Integer c = 1; c <= n; c++) {
            lua_rawgeti(L, list, c);
            if (!lua_istable(L, -1))
                fail(r, "conditions", "condition %d must be a table (got %s)", (int)c,
                     type_name(r, -1));
            int one = lua_gettop(L);
            int when_line = predicate_line(L, r->ld, one, "when");
            r->line = when_line ? when_line : field_line(r, "conditions");
            snprintf(r->what, sizeof r->what, "rule, condition %d", (int)c);
            check_keys(r, one, cond_keys, NULL);
            model_condition *cond = &rule->conditions[rule->condition_count];
            if (get(r, one, "when") == LUA_TNIL)
                fail_at(r, r->line, "missing field 'when'");
            cond->node = read_predicate(r, -1, "when");
            lua_pop(L, 1);
            cond->actors = read_actor_list(r, one, "require", "require");
            if (!cond->actors)
                fail(r, "require", "'require' must name at least one actor");
            const char *label = read_string(r, one, "label", "label", false);
            cond->label = keep(r, label ? label : "condition");
            rule->condition_count++;
            lua_pop(L, 1);
            r->line = rule_line;
            snprintf(r->what, sizeof r->what, "rule");
        }
    }
    lua_pop(L, 1);
    if (rule->parties) {
        model_set outside = (rule->required | rule->guarantors) & ~rule->parties;
        if (outside)
            fail(r, "parties", "'required' and 'guarantors' must be among 'parties'");
        /* Whoever a condition or an owned contribution can require must be able to sign. */
        for (int c = 0; c < rule->condition_count; c++)
            for (int i = 0; i < r->scn->actor_count; i++)
                if (model_set_has(rule->conditions[c].actors & ~rule->parties, i))
                    fail(r, "parties", "condition %d requires '%s', who is not among 'parties'",
                         c + 1, r->scn->actors[i].id);
        for (int k = 0; k < r->scn->issue_count; k++) {
            int owner = r->scn->issues[k].owner;
            if (owner >= 0 && !model_set_has(rule->parties, owner))
                fail(r, "parties", "'%s' owns issue '%s' but is not among 'parties' (its "
                     "contribution needs its signature)", r->scn->actors[owner].id,
                     r->scn->issues[k].id);
        }
    }
}

/* ---- part 2: protocol, events, uncertain parameters, callbacks ------------------------ */

static int actor_named(reader *r, const char *id, const char *path)
{
    int a = model_find_actor(r->scn, id);
    for (int j = 0; a < 0 && j < r->scn->actor_count; j++)
        if (r->scn->actors[j].name && strcmp(r->scn->actors[j].name, id) == 0)
            fail(r, path, "'%s' names '%s', an actor's name: use its id '%s'", path, id,
                 r->scn->actors[j].id);
    if (a < 0) {
        const char *names[MODEL_MAX_ACTORS];
        for (int j = 0; j < r->scn->actor_count; j++)
            names[j] = r->scn->actors[j].id;
        char hint[96];
        lx_suggest(id, names, r->scn->actor_count, hint, sizeof hint);
        fail(r, path, "'%s' names an unknown actor '%s'%s", path, id, hint);
    }
    return a;
}

static int whole_number(reader *r, int idx, const char *key, int fallback, int lo, int hi)
{
    double v = read_number(r, idx, key, key, false, fallback, lo, hi);
    if (v != floor(v))
        fail(r, key, "'%s' must be a whole number (got %g)", key, v);
    return (int)v;
}

static void read_protocol(reader *r, int idx)
{
    static const char *const keys[] = {"kind", "mediator", "rounds", "order", NULL};
    lua_State *L = r->L;
    model_protocol *p = &r->scn->protocol;
    check_keys(r, idx, keys, NULL);
    const char *kind = read_string(r, idx, "kind", "kind", false);
    if (!kind || strcmp(kind, "mediator") == 0)
        p->kind = PROTOCOL_MEDIATOR;
    else if (strcmp(kind, "alternating") == 0)
        p->kind = PROTOCOL_ALTERNATING;
    else
        fail(r, "kind", "'kind' must be \"mediator\" (a single negotiating text) or "
             "\"alternating\" (alternating offers) (got \"%s\")", kind);
    const char *mediator = read_string(r, idx, "mediator", "mediator", false);
    p->mediator = mediator ? actor_named(r, mediator, "mediator") : -1;
    p->rounds = whole_number(r, idx, "rounds", 20, 1, 1000);
    if (get(r, idx, "order") == LUA_TTABLE) {
        lua_Integer n = check_list(r, lua_gettop(L), "order");
        if (n > MODEL_MAX_ACTORS)
            fail(r, "order", "'order' is too long");
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            if (lua_type(L, -1) != LUA_TSTRING)
                fail(r, "order", "'order' entry %d must be an actor id (got %s)", (int)i,
                     type_name(r, -1));
            p->order[p->order_count++] = actor_named(r, lua_tostring(L, -1), "order");
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, -1)) {
        fail(r, "order", "'order' must be a list of actor ids (got %s)", type_name(r, -1));
    }
    lua_pop(L, 1);
}

/* "ACTOR.red_line_id" -> (actor, red line index). */
static model_effect red_line_ref(reader *r, const char *text, const char *path)
{
    char actor[MODEL_ID_MAX];
    const char *dot = strchr(text, '.');
    if (!dot || (size_t)(dot - text) >= sizeof actor)
        fail(r, path, "'%s' entries look like \"ACTOR.red_line_id\" (got \"%s\")", path, text);
    memcpy(actor, text, (size_t)(dot - text));
    actor[dot - text] = '\0';
    int a = actor_named(r, actor, path);
    const model_actor *ac = &r->scn->actors[a];
    for (int k = 0; k < ac->redline_count; k++)
        if (strcmp(ac->redlines[k].id, dot + 1) == 0)
            return (model_effect){a, k, 0};
    const char *names[MODEL_MAX_REDLINES];
    for (int k = 0; k < ac->redline_count; k++)
        names[k] = ac->redlines[k].id;
    char hint[96];
    lx_suggest(dot + 1, names, ac->redline_count, hint, sizeof hint);
    fail(r, path, "'%s' names \"%s\", but actor '%s' has no red line '%s'%s", path, text,
         actor, dot + 1, hint);
    return (model_effect){0, 0, 0};
}

static int read_effects_by_actor(reader *r, int idx, const char *key, model_effect *out,
                                 double lo, double hi)
{
    lua_State *L = r->L;
    int n = 0;
    int t = get(r, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TTABLE)
        fail(r, key, "'%s' must be a table { ACTOR = number, ... } (got %s)", key,
             type_name(r, -1));
    int ti = lua_gettop(L);
    /* Unknown actors first (the smallest id, so the message does not depend on the table's
       hash order), then the values in declaration order of the actors, so effects apply in
       a stable order. */
    const char *unknown = NULL;
    lua_pushnil(L);
    while (lua_next(L, ti)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            char what[64];
            describe_key(L, -1, what, sizeof what);
            fail(r, key, "'%s' must be keyed by actor id, as in { US = 0.1 } (found the key %s)",
                 key, what);
        }
        const char *id = lua_tostring(L, -1);
        if (model_find_actor(r->scn, id) < 0 && (!unknown || strcmp(id, unknown) < 0))
            unknown = id;
    }
    if (unknown)
        actor_named(r, unknown, key);
    for (int i = 0; i < r->scn->actor_count; i++) {
        const char *id = r->scn->actors[i].id;
        if (lua_getfield(L, ti, id) == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        lua_pop(L, 1);
        if (n >= MODEL_MAX_EFFECTS) /* they would be dropped in silence */
            fail(r, key, "'%s' names too many actors (at most %d)", key, MODEL_MAX_EFFECTS);
        char path[96];
        snprintf(path, sizeof path, "%s.%s", key, id);
        out[n++] = (model_effect){i, 0, read_number(r, ti, id, path, true, 0, lo, hi)};
    }
    lua_pop(L, 1);
    return n;
}

static int read_red_line_refs(reader *r, int idx, const char *key, model_effect *out)
{
    lua_State *L = r->L;
    int t = get(r, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TTABLE)
        fail(r, key, "'%s' must be a list such as { \"US.no_ground_troops\" } (got %s)", key,
             type_name(r, -1));
    lua_Integer n = check_list(r, lua_gettop(L), key);
    if (n > MODEL_MAX_EFFECTS)
        fail(r, key, "'%s' has too many entries (at most %d)", key, MODEL_MAX_EFFECTS);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        if (lua_type(L, -1) != LUA_TSTRING)
            fail(r, key, "'%s' entry %d must be a string \"ACTOR.red_line_id\"", key, (int)i);
        out[i - 1] = red_line_ref(r, lua_tostring(L, -1), key);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return (int)n;
}

/* positions = { US = { lead = "us" } }: new ideal options, actor by actor. */
static int read_new_positions(reader *r, int idx, model_effect *out)
{
    lua_State *L = r->L;
    int t = get(r, idx, "positions");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TTABLE)
        fail(r, "positions", "'positions' must be a table { ACTOR = { issue = \"option\" } } "
             "(got %s)", type_name(r, -1));
    int n = 0, pi = lua_gettop(L);
    /* In actor order, then issue order: a stable order of effects. */
    for (int a = 0; a < r->scn->actor_count; a++) {
        if (lua_getfield(L, pi, r->scn->actors[a].id) == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        char path[96];
        snprintf(path, sizeof path, "positions.%s", r->scn->actors[a].id);
        if (!lua_istable(L, -1))
            fail(r, path, "'%s' must be a table { issue = \"option\" } (got %s)", path,
                 type_name(r, -1));
        int ai = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, ai)) {
            lua_pop(L, 1);
            const char *issue = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            int k = model_find_issue(r->scn, issue);
            if (k < 0)
                fail(r, path, "'%s' names an unknown issue '%s'", path, issue);
            char sub_path[160];
            snprintf(sub_path, sizeof sub_path, "%s.%s", path, issue);
            const char *option = read_string(r, ai, issue, sub_path, true);
            int o = model_find_option(&r->scn->issues[k], option);
            if (o < 0)
                fail(r, sub_path, "issue '%s' has no option '%s'", issue, option);
            if (n == MODEL_MAX_EFFECTS)
                fail(r, "positions", "too many position changes (at most %d)", MODEL_MAX_EFFECTS);
            out[n++] = (model_effect){a, k, o};
        }
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    while (lua_next(L, pi)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            fail(r, "positions", "'positions' keys must be actor ids");
        actor_named(r, lua_tostring(L, -1), "positions");
    }
    lua_pop(L, 1);
    return n;
}

static void read_event(reader *r, int idx, const char *id, model_event *ev)
{
    static const char *const keys[] = {"id", "label", "message", "source", "at_round", "when",
                                       "when_accepted", "signal", "willingness", "reservation",
                                       "positions", "lift", "impose", "join", "leave", "apply",
                                       "inject", NULL};
    lua_State *L = r->L;
    check_keys(r, idx, keys, NULL);
    snprintf(ev->id, sizeof ev->id, "%s", id);
    ev->label = keep(r, read_string(r, idx, "label", "label", false));
    ev->message = keep(r, read_string(r, idx, "message", "message", false));
    ev->source = keep(r, read_string(r, idx, "source", "source", false));
    ev->at_round = whole_number(r, idx, "at_round", 0, 1, 1000);
    ev->when_offer = -1;
    if (get(r, idx, "when") != LUA_TNIL)
        ev->when_offer = read_predicate(r, -1, "when");
    lua_pop(L, 1);
    ev->when_accepted = read_actor_list(r, idx, "when_accepted", "when_accepted");
    ev->signal_from = -1;
    if (get(r, idx, "signal") != LUA_TNIL) {
        static const char *const skeys[] = {"from", "strength", NULL};
        if (!lua_istable(L, -1))
            fail(r, "signal", "'signal' must be { from = \"ACTOR\", strength = 0.2 } (got %s)",
                 type_name(r, -1));
        check_keys(r, -1, skeys, "signal");
        const char *from = read_string(r, lua_gettop(L), "from", "signal.from", true);
        ev->signal_from = actor_named(r, from, "signal.from");
        ev->signal_strength = read_number(r, lua_gettop(L), "strength", "signal.strength", true,
                                          0, -1, 1);
    }
    lua_pop(L, 1);
    ev->willingness_count = read_effects_by_actor(r, idx, "willingness", ev->willingness, -1, 1);
    ev->reservation_count = read_effects_by_actor(r, idx, "reservation", ev->reservation, 0, 1);
    ev->position_count = read_new_positions(r, idx, ev->positions);
    ev->lift_count = read_red_line_refs(r, idx, "lift", ev->lift);
    ev->impose_count = read_red_line_refs(r, idx, "impose", ev->impose);
    ev->join = read_actor_list(r, idx, "join", "join");
    ev->leave = read_actor_list(r, idx, "leave", "leave");
    if (get(r, idx, "apply") != LUA_TNIL) {
        if (!lua_isfunction(L, -1))
            fail(r, "apply", "'apply' must be a function(state) ... end (got %s)",
                 type_name(r, -1));
        ev->apply_ref = keep_function(r);
    } else {
        lua_pop(L, 1);
    }
    ev->inject = read_bool(r, idx, "inject", "inject", false);
    bool triggered = ev->at_round > 0 || ev->when_offer >= 0 || ev->when_accepted;
    if (ev->inject && triggered)
        fail(r, "inject", "'inject = true' is fired by the facilitator: it cannot also have "
             "'%s'", ev->at_round > 0 ? "at_round" : ev->when_offer >= 0 ? "when"
                                                                         : "when_accepted");
    if (!ev->inject && !triggered)
        fail_at(r, r->line, "never fires: give it 'at_round', 'when' or 'when_accepted', or "
                            "make it a facilitator's inject with 'inject = true'");
}

/* "FR.position.emissions", "FR.salience.emissions": a parameter of a continuous issue (part 4).
   Returns false when `field` is not about one. */
static bool read_continuous_target(reader *r, const char *text, const char *field,
                                   const char *sub, model_uncertain *u, model_cuncertain *cu)
{
    bool position = strcmp(field, "position") == 0;
    if (!position && strcmp(field, "salience") != 0)
        return false;
    int k = sub ? model_find_continuous(r->scn, sub) : -1;
    if (k < 0 && !position)
        return false; /* a discrete issue's salience */
    if (!sub)
        fail(r, "target", "'target' \"%s\" needs a third part: ACTOR.position.ISSUE", text);
    if (k < 0) {
        const char *names[MODEL_MAX_CONTINUOUS];
        for (int j = 0; j < r->scn->continuous_count; j++)
            names[j] = r->scn->continuous[j].id;
        char hint[96];
        lx_suggest(sub, names, r->scn->continuous_count, hint, sizeof hint);
        fail(r, "target", "'target' \"%s\": position.ISSUE needs a continuous issue (one with "
             "a 'scale'), and '%s' is %s%s", text, sub,
             model_find_issue(r->scn, sub) >= 0 ? "discrete" : "not an issue", hint);
    }
    const model_continuous *c = &r->scn->continuous[k];
    if (!model_set_has(c->stated, u->actor))
        fail(r, "target", "'target' \"%s\": '%s' states no position on '%s'", text,
             r->scn->actors[u->actor].id, c->id);
    cu->issue = k;
    cu->field = position ? CUNCERTAIN_POSITION : CUNCERTAIN_SALIENCE;
    u->target = UNCERTAIN_SALIENCE; /* not read: the continuous parameter's own field says */
    u->other = k;
    u->lo = position ? c->lo : 0;
    u->hi = position ? c->hi : 1;
    return true;
}

/* "RU.reservation", "US.salience.lead", "UK.listens.US", "UK.beta" ...; *continuous says
   whether it is a parameter of a continuous issue (then cu says which). */
static void read_target(reader *r, const char *text, model_uncertain *u, model_cuncertain *cu,
                        bool *continuous)
{
    char buf[128];
    if (strlen(text) >= sizeof buf) /* cut short, it would be misread */
        fail(r, "target", "'target' is too long (%zu characters; at most %zu)", strlen(text),
             sizeof buf - 1);
    snprintf(buf, sizeof buf, "%s", text);
    char *field = strchr(buf, '.');
    if (!field)
        fail(r, "target", "'target' looks like \"ACTOR.reservation\" (got \"%s\")", text);
    *field++ = '\0';
    char *sub = strchr(field, '.');
    if (sub)
        *sub++ = '\0';
    u->actor = actor_named(r, buf, "target");
    *continuous = read_continuous_target(r, text, field, sub, u, cu);
    if (*continuous)
        return;
    static const struct {
        const char *name;
        model_uncertain_target target;
        double lo, hi;
        bool sub;
    } fields[] = {{"reservation", UNCERTAIN_RESERVATION, 0, 1, false},
                  {"capability", UNCERTAIN_CAPABILITY, 0, 1e12, false},
                  {"salience", UNCERTAIN_SALIENCE, 0, 1e9, true},
                  {"beta", UNCERTAIN_BETA, 0.01, 100, false},
                  {"kappa", UNCERTAIN_KAPPA, 0, 1, false},
                  {"deadline", UNCERTAIN_DEADLINE, 1, 10000, false},
                  {"susceptibility", UNCERTAIN_SUSCEPTIBILITY, 0, 1, false},
                  {"listens", UNCERTAIN_LISTENS, 0, 1e6, true}};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        if (strcmp(field, fields[f].name) != 0)
            continue;
        u->target = fields[f].target;
        u->lo = fields[f].lo;
        u->hi = fields[f].hi;
        if (fields[f].sub && !sub)
            fail(r, "target", "'target' \"%s\" needs a third part: %s.%s.%s", text, buf, field,
                 u->target == UNCERTAIN_SALIENCE ? "ISSUE" : "ACTOR");
        if (!fields[f].sub && sub)
            fail(r, "target", "'target' \"%s\": '%s' takes no third part (write %s.%s)", text,
                 field, buf, field);
        if (u->target == UNCERTAIN_SALIENCE) {
            u->other = model_find_issue(r->scn, sub);
            if (u->other < 0) {
                const char *names[MODEL_MAX_ISSUES];
                for (int k = 0; k < r->scn->issue_count; k++)
                    names[k] = r->scn->issues[k].id;
                char hint[96];
                lx_suggest(sub, names, r->scn->issue_count, hint, sizeof hint);
                fail(r, "target", "'target' names an unknown issue '%s'%s", sub, hint);
            }
        } else if (u->target == UNCERTAIN_LISTENS) {
            u->other = actor_named(r, sub, "target");
            if (u->other == u->actor)
                fail(r, "target", "'target' \"%s\" names the actor itself: an actor does not "
                     "listen to itself", text);
        }
        return;
    }
    const char *names[sizeof fields / sizeof fields[0]];
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
        names[f] = fields[f].name;
    char hint[96];
    lx_suggest(field, names, (int)(sizeof fields / sizeof fields[0]), hint, sizeof hint);
    fail(r, "target", "'target' names an unknown field '%s'%s (fields: reservation, capability, "
         "salience.ISSUE, beta, kappa, deadline, susceptibility, listens.ACTOR)", field, hint);
}

static void read_uncertain(reader *r, int idx, const char *id, model_uncertain *u,
                           model_cuncertain *cu, bool *continuous)
{
    static const char *const keys[] = {"id", "label", "target", "dist", NULL};
    lua_State *L = r->L;
    check_keys(r, idx, keys, NULL);
    snprintf(u->id, sizeof u->id, "%s", id);
    read_target(r, read_string(r, idx, "target", "target", true), u, cu, continuous);
    int dt = get(r, idx, "dist");
    if (dt == LUA_TNIL)
        fail_at(r, r->line, "missing field 'dist' (uniform(a, b), normal(mean, sd), "
                "triangular(low, mode, high) or choice({values}, {weights}))");
    /* A distribution is what uniform() & co. make: a table whose 'dist' names its kind. */
    bool is_dist = dt == LUA_TTABLE && lua_getfield(L, -1, "dist") == LUA_TSTRING;
    if (dt == LUA_TTABLE)
        lua_pop(L, 1);
    if (!is_dist)
        fail(r, "dist", "'dist' must be uniform(a, b), normal(mean, sd), "
             "triangular(low, mode, high) or choice({values}, {weights}) (got %s)",
             dt == LUA_TTABLE ? "a table that is none of these" : type_name(r, -1));
    int d = lua_gettop(L);
    const char *kind = read_string(r, d, "dist", "dist", true);
    double x[3] = {0, 0, 0};
    if (strcmp(kind, "choice") != 0)
        for (int i = 0; i < 3; i++) {
            lua_rawgeti(L, d, i + 1);
            x[i] = lua_tonumber(L, -1);
            lua_pop(L, 1);
            if (isnan(x[i]) || isinf(x[i]))
                fail(r, "dist", "'dist': %s() needs finite numbers", kind);
        }
    if (strcmp(kind, "uniform") == 0) {
        u->dist = DIST_UNIFORM;
        u->a = x[0];
        u->b = x[1];
        if (!(u->a < u->b))
            fail(r, "dist", "'dist': uniform(a, b) needs a < b (got uniform(%g, %g))", u->a,
                 u->b);
    } else if (strcmp(kind, "normal") == 0) {
        u->dist = DIST_NORMAL;
        u->a = x[0];
        u->b = x[1];
        if (!(u->b > 0))
            fail(r, "dist", "'dist': normal(mean, sd) needs sd > 0 (got normal(%g, %g))",
                 u->a, u->b);
    } else if (strcmp(kind, "triangular") == 0) {
        u->dist = DIST_TRIANGULAR;
        u->a = x[0];
        u->c = x[1];
        u->b = x[2];
        if (!(u->a <= u->c && u->c <= u->b && u->a < u->b))
            fail(r, "dist", "'dist': triangular(low, mode, high) needs low <= mode <= high "
                 "and low < high (got triangular(%g, %g, %g))", u->a, u->c, u->b);
    } else if (strcmp(kind, "choice") == 0) {
        u->dist = DIST_CHOICE;
        lua_rawgeti(L, d, 1);
        lua_rawgeti(L, d, 2);
        /* choice() checks its arguments, but a variant can hand over any table. */
        if (!lua_istable(L, -2) || (!lua_isnil(L, -1) && !lua_istable(L, -1)))
            fail(r, "dist", "'dist': choice() needs a list of values and, optionally, a list of "
                 "weights: choice({0.3, 0.5}, {1, 2})");
        lua_Integer n = (lua_Integer)lua_rawlen(L, -2);
        if (n < 1 || n > MODEL_MAX_CHOICES)
            fail(r, "dist", "'dist': choice() needs 1 to %d values (got %d)", MODEL_MAX_CHOICES,
                 (int)n);
        bool weighted = lua_istable(L, -1);
        if (weighted && (lua_Integer)lua_rawlen(L, -1) != n)
            fail(r, "dist", "'dist': choice() has %d value%s but %d weight%s: give one weight "
                 "per value", (int)n, n == 1 ? "" : "s", (int)lua_rawlen(L, -1),
                 lua_rawlen(L, -1) == 1 ? "" : "s");
        double total = 0;
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -2, i);
            u->choices[i - 1] = lua_tonumber(L, -1);
            bool bad = lua_type(L, -1) != LUA_TNUMBER;
            lua_pop(L, 1);
            double w = 1;
            if (weighted) {
                lua_rawgeti(L, -1, i);
                bad = bad || lua_type(L, -1) != LUA_TNUMBER;
                w = lua_tonumber(L, -1);
                lua_pop(L, 1);
            }
            if (bad || isnan(u->choices[i - 1]) || isinf(u->choices[i - 1]) || !(w >= 0))
                fail(r, "dist", "'dist': choice() values and weights must be numbers, the "
                     "weights 0 or more (entry %d)", (int)i);
            u->weights[i - 1] = w;
            total += w;
        }
        if (!(total > 0))
            fail(r, "dist", "'dist': choice() weights add up to 0");
        u->choice_count = (int)n;
        lua_pop(L, 2);
    } else {
        fail(r, "dist", "'dist' names an unknown distribution '%s' (uniform, normal, "
             "triangular or choice)", kind);
    }
    lua_pop(L, 1);
}

static void read_callbacks(reader *r, int data)
{
    lua_State *L = r->L;
    lua_getfield(L, data, "callbacks");
    if (lua_getfield(L, -1, "on_round") == LUA_TFUNCTION)
        r->scn->on_round_ref = keep_function(r);
    else
        lua_pop(L, 1);
    if (lua_getfield(L, -1, "on_offer") == LUA_TFUNCTION)
        r->scn->on_offer_ref = keep_function(r);
    else
        lua_pop(L, 1);
    lua_pop(L, 1);
}

/* history = { outcome = "agreement", signatories = {...}, package = { issue = "option" },
               decisive = { "issue", ... }, summary = "...", source = "..." } */
static void read_history(reader *r, int idx)
{
    static const char *const keys[] = {"outcome", "signatories", "package", "decisive",
                                       "summary", "source", NULL};
    lua_State *L = r->L;
    model_history *h = &r->scn->history;
    int t = get(r, idx, "history");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (t != LUA_TTABLE)
        fail(r, "history", "'history' must be a table { outcome = ..., ... } (got %s)",
             type_name(r, -1));
    int hi = lua_gettop(L);
    check_keys(r, hi, keys, "history");
    const char *outcome = read_string(r, hi, "outcome", "history.outcome", true);
    if (strcmp(outcome, "agreement") == 0)
        h->kind = HISTORY_AGREEMENT;
    else if (strcmp(outcome, "coalition") == 0)
        h->kind = HISTORY_COALITION;
    else if (strcmp(outcome, "breakdown") == 0)
        h->kind = HISTORY_BREAKDOWN;
    else
        fail(r, "history.outcome", "'history.outcome' must be \"agreement\", \"coalition\" or "
             "\"breakdown\" (got \"%s\")", outcome);
    h->signatories = read_actor_list(r, hi, "signatories", "history.signatories");
    h->summary = keep(r, read_string(r, hi, "summary", "history.summary", false));
    h->source = keep(r, read_string(r, hi, "source", "history.source", false));
    if (get(r, hi, "package") == LUA_TTABLE) {
        int pi = lua_gettop(L);
        for (int k = 0; k < r->scn->issue_count; k++) {
            char path[96];
            snprintf(path, sizeof path, "history.package.%s", r->scn->issues[k].id);
            const char *opt = read_string(r, pi, r->scn->issues[k].id, path, false);
            if (!opt)
                continue;
            int o = model_find_option(&r->scn->issues[k], opt);
            if (o < 0)
                fail(r, path, "issue '%s' has no option '%s'", r->scn->issues[k].id, opt);
            h->package.opt[k] = (uint8_t)o;
            h->recorded |= 1ull << k;
        }
        lua_pushnil(L);
        while (lua_next(L, pi)) {
            lua_pop(L, 1);
            const char *iid = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            if (model_find_issue(r->scn, iid) < 0)
                fail(r, "history.package", "'history.package' names an unknown issue '%s'", iid);
        }
    } else if (!lua_isnil(L, -1)) {
        fail(r, "history.package", "'history.package' must be a table { issue = \"option\" }");
    }
    lua_pop(L, 1);
    if (get(r, hi, "decisive") == LUA_TTABLE) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            const char *iid = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            int k = model_find_issue(r->scn, iid);
            if (k < 0)
                fail(r, "history.decisive", "'history.decisive' names an unknown issue '%s'", iid);
            h->decisive |= 1ull << k;
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, -1)) {
        fail(r, "history.decisive", "'history.decisive' must be a list of issue ids");
    }
    lua_pop(L, 2);
}

static void read_questions(reader *r, int idx)
{
    lua_State *L = r->L;
    int t = get(r, idx, "questions");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (t != LUA_TTABLE)
        fail(r, "questions", "'questions' must be a list of strings (got %s)", type_name(r, -1));
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    if (n > MODEL_MAX_QUESTIONS)
        fail(r, "questions", "too many questions (at most %d)", MODEL_MAX_QUESTIONS);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        if (lua_type(L, -1) != LUA_TSTRING)
            fail(r, "questions", "question %d must be a string", (int)i);
        r->scn->questions[r->scn->question_count++] = keep(r, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* A declaration made once (rule, protocol), read if the file (or a variant) has it. */
static void read_section(reader *r, int data, const char *name, void (*read)(reader *, int))
{
    lua_State *L = r->L;
    if (lua_getfield(L, data, name) == LUA_TTABLE) {
        r->line = table_line(L, -1, 0);
        snprintf(r->what, sizeof r->what, "%s", name);
        read(r, lua_gettop(L));
    } else if (!lua_isnil(L, -1)) {
        raise(L, r->ld, 0, "'%s' must be a table (got %s)", name, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
}

/* Runs with the data table at index 1 and the model as light userdata at index 2. */
static int build_model(lua_State *L)
{
    lx_loader *ld = lua_touserdata(L, 3);
    model_scenario *scn = lua_touserdata(L, 2);
    const char *variant = lua_tostring(L, 4);
    reader rd = {.L = L, .ld = ld, .scn = scn, .variant = variant};
    reader *r = &rd;

    /* scenario */
    int st = lua_getfield(L, 1, "scenario");
    if (st == LUA_TNIL)
        return raise(L, ld, 0, "no scenario { id = ..., title = ... } declaration");
    if (st != LUA_TTABLE)
        return raise(L, ld, 0, "'scenario' must be a table (got %s)", luaL_typename(L, -1));
    static const char *const skeys[] = {"id", "title", "description", "seed", "source", "history",
                                        "questions", NULL};
    r->line = table_line(L, -1, 0);
    snprintf(r->what, sizeof r->what, "scenario");
    check_keys(r, -1, skeys, NULL);
    const char *sid = read_string(r, -1, "id", "id", true);
    snprintf(scn->id, sizeof scn->id, "%s", sid);
    scn->title = keep(r, read_string(r, -1, "title", "title", true));
    scn->description = keep(r, read_string(r, -1, "description", "description", false));
    scn->seed = (uint64_t)read_number(r, -1, "seed", "seed", false, 1, 0, 9007199254740992.0);
    lua_pop(L, 1);

    /* issues */
    r->line = 0;
    r->what[0] = '\0';
    lua_getfield(L, 1, "issues");
    const char *ids[256];
    int n = ordered_ids(r, -1, "issues", ids, 256);
    if (n < 0 || n > MODEL_MAX_ISSUES + MODEL_MAX_CONTINUOUS)
        return raise(L, ld, 0, "too many issues (at most %d)", MODEL_MAX_ISSUES);
    if (n == 0)
        return raise(L, ld, 0, "no issue declared: add issue { id = ..., options = {...} }");
    for (int k = 0; k < n; k++) {
        lua_getfield(L, -1, ids[k]);
        r->line = table_line(L, -1, 0);
        snprintf(r->what, sizeof r->what, "issue '%s'", ids[k]);
        /* `scale` makes a continuous issue (forecasting); otherwise it has options. */
        bool continuous = lua_getfield(L, -1, "scale") != LUA_TNIL;
        lua_pop(L, 1);
        if (continuous) {
            if (scn->continuous_count >= MODEL_MAX_CONTINUOUS)
                fail_at(r, r->line, "too many continuous issues (at most %d)",
                        MODEL_MAX_CONTINUOUS);
            read_continuous(r, lua_gettop(L), ids[k], &scn->continuous[scn->continuous_count]);
            scn->continuous_count++;
        } else {
            if (scn->issue_count >= MODEL_MAX_ISSUES)
                return raise(L, ld, 0, "too many issues (at most %d)", MODEL_MAX_ISSUES);
            read_issue(r, lua_gettop(L), ids[k], &scn->issues[scn->issue_count]);
            scn->issue_count++;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    /* actors */
    r->line = 0;
    r->what[0] = '\0';
    lua_getfield(L, 1, "actors");
    n = ordered_ids(r, -1, "actors", ids, 256);
    if (n < 0 || n > MODEL_MAX_ACTORS)
        return raise(L, ld, 0, "too many actors (at most %d)", MODEL_MAX_ACTORS);
    if (n == 0)
        return raise(L, ld, 0, "no actor declared: add actor { id = ..., positions = {...} }");
    scn->actor_count = n; /* ids first, so red lines and rules can name any actor */
    for (int i = 0; i < n; i++)
        snprintf(scn->actors[i].id, sizeof scn->actors[i].id, "%s", ids[i]);
    for (int i = 0; i < n; i++) {
        lua_getfield(L, -1, ids[i]);
        r->line = table_line(L, -1, 0);
        snprintf(r->what, sizeof r->what, "actor '%s'", ids[i]);
        read_actor(r, lua_gettop(L), ids[i], i);
        read_red_lines(r, lua_gettop(L), i);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    /* continuous issues, now that positions are known */
    lua_getfield(L, 1, "issues");
    for (int k = 0; k < scn->continuous_count; k++) {
        lua_getfield(L, -1, scn->continuous[k].id);
        r->line = table_line(L, -1, 0);
        snprintf(r->what, sizeof r->what, "issue '%s'", scn->continuous[k].id);
        check_continuous(r, k);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    /* owners, now that actors are known */
    lua_getfield(L, 1, "issues");
    for (int k = 0; k < scn->issue_count; k++) {
        lua_getfield(L, -1, scn->issues[k].id);
        r->line = table_line(L, -1, 0);
        snprintf(r->what, sizeof r->what, "issue '%s'", scn->issues[k].id);
        const char *owner = read_string(r, -1, "owner", "owner", false);
        if (owner)
            scn->issues[k].owner = actor_named(r, owner, "owner");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    read_section(r, 1, "rule", read_rule);

    /* what happened, and the debrief's questions (they name actors and issues) */
    lua_getfield(L, 1, "scenario");
    r->line = table_line(L, -1, 0);
    snprintf(r->what, sizeof r->what, "scenario");
    read_history(r, lua_gettop(L));
    read_questions(r, lua_gettop(L));
    lua_pop(L, 1);

    read_section(r, 1, "protocol", read_protocol);

    /* Subgame-perfect play needs two parties moving in turn: say so at check time, not mid-run. */
    for (int i = 0; i < scn->actor_count; i++) {
        if (scn->actors[i].tactic.kind != TACTIC_SUBGAME_PERFECT)
            continue;
        int movers = scn->protocol.order_count;
        if (!movers)
            movers = model_set_count(scn->rule.parties ? scn->rule.parties
                                                       : (1ull << scn->actor_count) - 1);
        if (scn->protocol.kind != PROTOCOL_ALTERNATING || movers != 2) {
            lua_getfield(L, 1, "actors");
            lua_getfield(L, -1, scn->actors[i].id);
            r->line = table_line(L, -1, 0);
            snprintf(r->what, sizeof r->what, "actor '%s'", scn->actors[i].id);
            fail(r, "tactic.style", "the subgame-perfect tactic needs protocol { kind = "
                 "\"alternating\" } with exactly two parties moving in turn");
        }
    }

    /* events */
    lua_getfield(L, 1, "events");
    n = ordered_ids(r, -1, "events", ids, 256);
    if (n < 0 || n > MODEL_MAX_EVENTS)
        return raise(L, ld, 0, "too many events (at most %d)", MODEL_MAX_EVENTS);
    for (int e = 0; e < n; e++) {
        lua_getfield(L, -1, ids[e]);
        r->line = table_line(L, -1, 0);
        snprintf(r->what, sizeof r->what, "event '%s'", ids[e]);
        read_event(r, lua_gettop(L), ids[e], &scn->events[e]);
        scn->event_count = e + 1;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    /* uncertain parameters */
    lua_getfield(L, 1, "uncertain");
    n = ordered_ids(r, -1, "uncertain", ids, 256);
    if (n < 0 || n > MODEL_MAX_UNCERTAIN)
        return raise(L, ld, 0, "too many uncertain parameters (at most %d)",
                     MODEL_MAX_UNCERTAIN);
    for (int u = 0; u < n; u++) {
        lua_getfield(L, -1, ids[u]);
        r->line = table_line(L, -1, 0);
        snprintf(r->what, sizeof r->what, "uncertain '%s'", ids[u]);
        /* The part-2 parameters and those of continuous issues go to their own lists. */
        model_uncertain one;
        model_cuncertain cu;
        memset(&one, 0, sizeof one);
        memset(&cu, 0, sizeof cu);
        bool continuous = false;
        read_uncertain(r, lua_gettop(L), ids[u], &one, &cu, &continuous);
        if (continuous) {
            cu.draw = one;
            scn->cuncertain[scn->cuncertain_count++] = cu;
        } else {
            scn->uncertain[scn->uncertain_count++] = one;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    read_callbacks(r, 1);
    return 0;
}

/* ---- variants ---------------------------------------------------------------- */

static void list_variants(lua_State *L, lx_loader *ld, model_scenario *scn, reader *r)
{
    push_data(L, ld);
    lua_getfield(L, -1, "variants");
    const char *ids[256];
    int n = ordered_ids(r, -1, "variants", ids, 256);
    bool has_baseline = false;
    for (int v = 0; v < n; v++)
        has_baseline = has_baseline || strcmp(ids[v], "baseline") == 0;
    int out = 0;
    if (!has_baseline) {
        snprintf(scn->variants[0].id, sizeof scn->variants[0].id, "baseline");
        scn->variants[0].label = model_strdup(scn, "As declared");
        out = 1;
    }
    for (int v = 0; v < n && out < MODEL_MAX_VARIANTS; v++, out++) {
        lua_getfield(L, -1, ids[v]);
        snprintf(scn->variants[out].id, sizeof scn->variants[out].id, "%s", ids[v]);
        lua_getfield(L, -1, "label");
        scn->variants[out].label =
            model_strdup(scn, lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : ids[v]);
        lua_pop(L, 1);
        lua_getfield(L, -1, "description");
        if (lua_type(L, -1) == LUA_TSTRING)
            scn->variants[out].description = model_strdup(scn, lua_tostring(L, -1));
        lua_pop(L, 2);
    }
    scn->variant_count = out;
    lua_pop(L, 2);
}

static int list_variants_protected(lua_State *L)
{
    lx_loader *ld = lua_touserdata(L, 1);
    model_scenario *scn = lua_touserdata(L, 2);
    reader rd = {.L = L, .ld = ld, .scn = scn, .variant = lua_tostring(L, 3)};
    list_variants(L, ld, scn, &rd);
    return 0;
}

/* Looks up variant `name`; pushes its apply function (or nil). Returns false if unknown. */
static bool push_variant_apply(lua_State *L, lx_loader *ld, const char *name, int *line)
{
    push_data(L, ld);
    lua_getfield(L, -1, "variants");
    lua_getfield(L, -1, name);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 3);
        return false;
    }
    *line = table_line(L, -1, 0);
    lua_getfield(L, -1, "apply");
    lua_replace(L, -4);
    lua_pop(L, 2);
    return true;
}

/* ==== entry points ========================================================== */

ent_status lx_read_file(const char *path, char **text, size_t *size, ent_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ent_fail(err, ENT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    }
    size_t got;
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            if (cap >= (size_t)16 << 20) {
                free(buf);
                fclose(f);
                return ent_fail(err, ENT_ERR_SCENARIO, "%s: file is larger than 16 MiB; "
                                "is it really a scenario?", path);
            }
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                fclose(f);
                return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
            }
            buf = grown;
            cap *= 2;
        }
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return ent_fail(err, ENT_ERR_IO, "%s: cannot read", path);
    }
    *text = buf;
    *size = len;
    return ENT_OK;
}

ent_status lx_scenario_load(const char *path, const char *variant, const lx_load_limits *limits,
                            model_scenario **out, ent_error *err)
{
    char *text = NULL;
    size_t size = 0;
    ent_status st = lx_read_file(path, &text, &size, err);
    if (st != ENT_OK)
        return st;
    st = lx_scenario_load_text(path, text, size, variant, limits, out, err);
    free(text);
    return st;
}

/* The reader's error (on the stack) as the caller's error. Its own messages carry the path;
   Lua's "not enough memory" does not. */
static ent_status reader_failed(lua_State *L, const char *path, ent_error *err)
{
    const char *msg = lua_tostring(L, -1);
    if (!msg || strncmp(msg, path, strlen(path)) != 0)
        return ent_fail(err, ENT_ERR_SCENARIO, "%s: %s", path,
                        msg ? msg : "the scenario could not be read");
    return ent_fail(err, ENT_ERR_SCENARIO, "%s", msg);
}

static int open_api(lua_State *L)
{
    lx_loader *ld = lua_touserdata(L, 1);
    lx_sandbox_push_env(ld->sb);
    int env = lua_gettop(L);
    for (const luaL_Reg *f = scenario_api; f->name; f++) {
        lua_pushstring(L, f->name);
        lua_pushlightuserdata(L, ld);
        lua_pushcclosure(L, f->func, 1);
        lua_rawset(L, env);
    }
    lua_pop(L, 1);
    return 0;
}

/* Script functions kept for runs, over every session of the process (tests check that it
   returns to zero: callbacks are released with their session). */
atomic_int lx_outstanding_refs;

int lx_live_callbacks(void)
{
    return atomic_load(&lx_outstanding_refs);
}

ent_status lx_scenario_load_text(const char *path, const char *text, size_t size,
                                 const char *variant, const lx_load_limits *limits,
                                 model_scenario **out, ent_error *err)
{
    lx_loader ld;
    ent_status st = lx_load_into(&ld, path, text, size, variant, limits, out, err);
    if (st == ENT_OK)
        lx_loader_release(&ld);
    return st;
}

void lx_loader_release(lx_loader *ld)
{
    if (!ld->sb)
        return;
    lua_State *L = lx_sandbox_state(ld->sb);
    for (int i = 0; i < ld->ref_count; i++) {
        luaL_unref(L, LUA_REGISTRYINDEX, ld->refs[i]);
        atomic_fetch_sub(&lx_outstanding_refs, 1);
    }
    ld->ref_count = 0;
    lx_sandbox_free(ld->sb);
    ld->sb = NULL;
}

ent_status lx_load_into(lx_loader *ldp, const char *path, const char *text, size_t size,
                        const char *variant, const lx_load_limits *limits,
                        model_scenario **out, ent_error *err)
{
    *out = NULL;
    lx_limits sl = {0};
    if (limits) {
        sl.memory_limit = limits->memory_limit;
        sl.instruction_limit = limits->instruction_limit;
    }
    memset(ldp, 0, sizeof *ldp);
    ldp->sb = lx_sandbox_new(&sl, err);
    if (!ldp->sb)
        return err ? err->status : ENT_ERR_NOMEM;
    lua_State *L = lx_sandbox_state(ldp->sb);
    model_scenario *scn = NULL;
    ent_status st;
    lua_newtable(L);
    lua_newtable(L);
    lua_setfield(L, -2, "issues");
    lua_newtable(L);
    lua_setfield(L, -2, "actors");
    lua_newtable(L);
    lua_setfield(L, -2, "variants");
    lua_newtable(L);
    lua_setfield(L, -2, "events");
    lua_newtable(L);
    lua_setfield(L, -2, "uncertain");
    lua_newtable(L);
    lua_setfield(L, -2, "callbacks");
    ldp->data_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    lua_pushliteral(L, "condition");
    lua_setfield(L, -2, "__name");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pushlightuserdata(L, ldp);
    lua_pushcclosure(L, predicate_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    ldp->predicate_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    ldp->predicate_data_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushcfunction(L, open_api);
    lua_pushlightuserdata(L, ldp);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        st = ent_fail(err, ENT_ERR_NOMEM, "%s: cannot set up the scenario API", path);
        goto done;
    }

    /* 1. run the script: it declares */
    if ((st = lx_sandbox_load(ldp->sb, path, text, size, err)) != ENT_OK)
        goto done;
    if ((st = lx_sandbox_call(ldp->sb, 0, 0, err)) != ENT_OK)
        goto done;

    scn = model_new();
    if (!scn) {
        st = ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    scn->source_path = model_strdup(scn, path);

    /* 2. the variant edits the declarations */
    const char *applied = NULL;
    if (variant && strcmp(variant, "baseline") != 0) {
        int line = 0;
        if (!push_variant_apply(L, ldp, variant, &line)) {
            lua_pushcfunction(L, list_variants_protected);
            lua_pushlightuserdata(L, ldp);
            lua_pushlightuserdata(L, scn);
            char names[600] = "";
            const char *cand[MODEL_MAX_VARIANTS];
            if (lua_pcall(L, 2, 0, 0) == LUA_OK)
                for (int v = 0; v < scn->variant_count; v++) {
                    cand[v] = scn->variants[v].id;
                    snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                             v ? ", " : "", scn->variants[v].id);
                }
            else
                lua_pop(L, 1);
            char hint[96];
            lx_suggest(variant, cand, scn->variant_count, hint, sizeof hint);
            st = ent_fail(err, ENT_ERR_SCENARIO, "%s: no variant '%s'%s (variants: %s)", path,
                          variant, hint, names);
            goto done;
        }
        applied = variant;
        if (!lua_isnil(L, -1)) {
            push_data(L, ldp);
            if ((st = lx_sandbox_call(ldp->sb, 1, 0, err)) != ENT_OK)
                goto done;
        } else {
            lua_pop(L, 1);
        }
    }
    scn->variant = model_strdup(scn, variant ? variant : "baseline");

    /* 3. read the declarations into the model */
    lua_pushcfunction(L, build_model);
    push_data(L, ldp);
    lua_pushlightuserdata(L, scn);
    lua_pushlightuserdata(L, ldp);
    if (applied)
        lua_pushstring(L, applied);
    else
        lua_pushnil(L);
    if (lua_pcall(L, 4, 0, 0) != LUA_OK) {
        st = reader_failed(L, path, err);
        goto done;
    }
    lua_pushcfunction(L, list_variants_protected);
    lua_pushlightuserdata(L, ldp);
    lua_pushlightuserdata(L, scn);
    if (applied)
        lua_pushstring(L, applied);
    else
        lua_pushnil(L);
    if (lua_pcall(L, 3, 0, 0) != LUA_OK) {
        st = reader_failed(L, path, err);
        goto done;
    }
    ldp->built = true;
    if ((st = model_finish(scn, err)) != ENT_OK) {
        char inner[sizeof err->message];
        snprintf(inner, sizeof inner, "%s", err->message);
        ent_fail(err, st, "%s: %s", path, inner);
        goto done;
    }
    *out = scn;
    scn = NULL;
    return ENT_OK;
done:
    model_free(scn);
    lx_loader_release(ldp);
    return st;
}
