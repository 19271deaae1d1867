/* lx_sandbox.c: the sandbox: capped allocator, count hook budget, allow-listed environment. */
#include "lx_sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

struct lx_sandbox {
    lua_State *L;
    size_t used, limit;
    uint64_t instructions, instruction_limit;
    int exhausted;      /* the budget is spent: the hook keeps failing until the call returns */
    int env_ref;
    char *path;
    char *source;
};

#define HOOK_STEP 1000

/* ---- memory ------------------------------------------------------------------ */

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lx_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        sb->used -= old;
        return NULL;
    }
    /* Refusing growth past the cap makes Lua raise a clean "not enough memory". */
    if (nsize > old && sb->used - old + nsize > sb->limit)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p)
        sb->used = sb->used - old + nsize;
    return p;
}

/* ---- instruction budget -------------------------------------------------------------- */

static void budget_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    void *ud;
    lua_getallocf(L, &ud);
    lx_sandbox *sb = ud;
    if (!sb->exhausted) {
        sb->instructions += HOOK_STEP;
        if (sb->instructions < sb->instruction_limit)
            return;
        sb->exhausted = 1;
        /* Fire on every instruction from now on, so a pcall in the script cannot swallow it. */
        lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
    }
    lua_Debug here;
    if (lua_getstack(L, 0, &here) && lua_getinfo(L, "Sl", &here) && here.currentline > 0)
        luaL_error(L, "%s:%d: the script ran too long (more than %llu instructions): "
                      "is there an endless loop?",
                   here.source[0] == '@' ? here.source + 1 : here.short_src, here.currentline,
                   (unsigned long long)sb->instruction_limit);
    luaL_error(L, "the script ran too long (more than %llu instructions): is there an endless loop?",
               (unsigned long long)sb->instruction_limit);
}

/* ---- environment ----------------------------------------------------------------- */

static int sandbox_print(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    fprintf(stderr, "[scenario] %s\n", lua_tostring(L, -1));
    return 0;
}

static const char *const base_allowed[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring",
    "type", "xpcall", "rawequal", "rawlen", NULL};

/* Copies the listed (or all but the excluded) fields of library `lib` into a fresh table. */
static void copy_library(lua_State *L, const char *lib, const char *const *exclude)
{
    lua_newtable(L);                       /* copy */
    lua_getglobal(L, lib);                 /* copy lib */
    lua_pushnil(L);
    while (lua_next(L, -2)) {              /* copy lib key value */
        int skip = 0;
        if (lua_type(L, -2) == LUA_TSTRING)
            for (const char *const *e = exclude; e && *e; e++)
                skip = skip || strcmp(lua_tostring(L, -2), *e) == 0;
        if (skip) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);              /* copy lib key value key */
        lua_insert(L, -2);                 /* copy lib key key value */
        lua_rawset(L, -5);                 /* copy lib key */
    }
    lua_pop(L, 1);                         /* copy */
}

/* Nearest valid name, to suggest on a typo (Levenshtein distance, at most 2 edits). */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    int d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb];
}

static int strict_index(lua_State *L)
{
    /* env key */
    const char *key = lua_tostring(L, 2);
    const char *best = NULL;
    int best_d = 3;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
            int dist = edit_distance(key ? key : "", lua_tostring(L, -2));
            if (dist < best_d || (dist == best_d && best && strcmp(lua_tostring(L, -2), best) < 0)) {
                best_d = dist;
                best = lua_tostring(L, -2);
            }
        }
        lua_pop(L, 1);
    }
    if (key && (strcmp(key, "os") == 0 || strcmp(key, "io") == 0 || strcmp(key, "debug") == 0 ||
                strcmp(key, "package") == 0 || strcmp(key, "require") == 0 ||
                strcmp(key, "load") == 0 || strcmp(key, "loadfile") == 0 ||
                strcmp(key, "dofile") == 0 || strcmp(key, "loadstring") == 0 ||
                strcmp(key, "collectgarbage") == 0 || strcmp(key, "setmetatable") == 0 ||
                strcmp(key, "getmetatable") == 0 || strcmp(key, "rawset") == 0 ||
                strcmp(key, "rawget") == 0))
        return luaL_error(L, "'%s' is not available in a scenario (scenarios run in a sandbox)",
                          key);
    if (best)
        return luaL_error(L, "unknown name '%s' (did you mean '%s'?)", key ? key : "?", best);
    return luaL_error(L, "unknown name '%s'", key ? key : "?");
}

static int strict_newindex(lua_State *L)
{
    const char *key = lua_tostring(L, 2);
    return luaL_error(L, "cannot set global '%s': declare it with 'local %s = ...'",
                      key ? key : "?", key ? key : "...");
}

static void build_env(lx_sandbox *sb)
{
    lua_State *L = sb->L;
    lua_newtable(L); /* env */
    for (const char *const *name = base_allowed; *name; name++) {
        lua_getglobal(L, *name);
        lua_setfield(L, -2, *name);
    }
    lua_pushcfunction(L, sandbox_print);
    lua_setfield(L, -2, "print");
    static const char *const no_string[] = {"dump", NULL};
    static const char *const no_math[] = {"randomseed", NULL};
    copy_library(L, "string", no_string);
    /* One string metatable serves every string: point it at the copy and lock it. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);       /* env strcopy "" mt */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    lua_setfield(L, -2, "string");
    copy_library(L, "math", no_math);
    lua_setfield(L, -2, "math");
    copy_library(L, "table", NULL);
    lua_setfield(L, -2, "table");
    copy_library(L, "utf8", NULL);
    lua_setfield(L, -2, "utf8");
    copy_library(L, "coroutine", NULL);
    lua_setfield(L, -2, "coroutine");
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    sb->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

static void lock_env(lx_sandbox *sb)
{
    lua_State *L = sb->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sb->env_ref);
    lua_newtable(L);
    lua_pushcfunction(L, strict_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, strict_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
}

static int open_libraries(lua_State *L)
{
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1);
    lua_settop(L, 0);
    /* math.random from the scenario seed: same seed, same numbers. */
    lua_getglobal(L, "math");
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, (lua_Integer)lua_tointeger(L, 1));
    lua_call(L, 1, 0);
    lua_pop(L, 1);
    return 0;
}

static int open_with_seed(lua_State *L)
{
    lua_Integer seed = lua_tointeger(L, 1);
    lua_settop(L, 0);
    lua_pushcfunction(L, open_libraries);
    lua_pushinteger(L, seed);
    lua_call(L, 1, 0);
    return 0;
}

lx_sandbox *lx_sandbox_new(const lx_limits *limits, ent_error *err)
{
    lx_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) {
        ent_fail(err, ENT_ERR_NOMEM, "out of memory");
        return NULL;
    }
    sb->limit = limits && limits->memory_limit ? limits->memory_limit : (size_t)64 << 20;
    sb->instruction_limit =
        limits && limits->instruction_limit ? limits->instruction_limit : 100000000ull;
    sb->L = lua_newstate(capped_alloc, sb);
    if (!sb->L) {
        free(sb);
        ent_fail(err, ENT_ERR_NOMEM, "cannot create a Lua state: out of memory");
        return NULL;
    }
    lua_pushcfunction(sb->L, open_with_seed);
    lua_pushinteger(sb->L, (lua_Integer)(limits ? limits->seed : 0));
    if (lua_pcall(sb->L, 1, 0, 0) != LUA_OK) {
        ent_fail(err, ENT_ERR_NOMEM, "cannot open the Lua libraries: %s", lua_tostring(sb->L, -1));
        lx_sandbox_free(sb);
        return NULL;
    }
    build_env(sb);
    lock_env(sb);
    return sb;
}

void lx_sandbox_free(lx_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    free(sb->path);
    free(sb->source);
    free(sb);
}

lua_State *lx_sandbox_state(lx_sandbox *sb)
{
    return sb->L;
}

void lx_sandbox_push_env(lx_sandbox *sb)
{
    lua_rawgeti(sb->L, LUA_REGISTRYINDEX, sb->env_ref);
}

const char *lx_sandbox_source(const lx_sandbox *sb)
{
    return sb->source;
}

const char *lx_sandbox_path(const lx_sandbox *sb)
{
    return sb->path ? sb->path : "?";
}

/* ---- loading and calling ---------------------------------------------------------------- */

static char *dup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Lua prefixes "[string \"...\"]" or the short path; we want the path the user typed. */
static void strip_chunk_prefix(const char *msg, char *out, size_t size)
{
    snprintf(out, size, "%s", msg ? msg : "(no message)");
}

ent_status lx_sandbox_load(lx_sandbox *sb, const char *path, const char *text, size_t size,
                           ent_error *err)
{
    free(sb->path);
    free(sb->source);
    sb->path = dup(path, strlen(path));
    sb->source = dup(text, size);
    if (!sb->path || !sb->source)
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    lua_State *L = sb->L;
    char chunkname[1024];
    snprintf(chunkname, sizeof chunkname, "@%s", path);
    /* Text only: a binary chunk could bypass the VM's checks (Wesnoth CVE-2018-1999023). */
    int rc = luaL_loadbufferx(L, text, size, chunkname, "t");
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        char clean[900];
        strip_chunk_prefix(msg, clean, sizeof clean);
        if (strstr(clean, "binary chunk"))
            ent_fail(err, ENT_ERR_SCENARIO, "%s:1: this is a compiled (binary) Lua chunk; "
                                            "scenarios must be Lua source text", path);
        else if (rc == LUA_ERRMEM)
            ent_fail(err, ENT_ERR_SCENARIO, "%s: the scenario needs more than %zu MiB of memory",
                     path, sb->limit >> 20);
        else
            ent_fail(err, ENT_ERR_SCENARIO, "%s", clean);
        lua_pop(L, 1);
        lua_gc(L, LUA_GCCOLLECT);
        return ENT_ERR_SCENARIO;
    }
    lx_sandbox_push_env(sb);
    lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
    return ENT_OK;
}

static int traceback(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg)
        msg = luaL_typename(L, 1);
    luaL_traceback(L, L, msg, 1);
    return 1;
}

ent_status lx_sandbox_call(lx_sandbox *sb, int nargs, int nresults, ent_error *err)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback);
    lua_insert(L, base);
    sb->instructions = 0;
    sb->exhausted = 0;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_STEP);
    int rc = lua_pcall(L, nargs, nresults, base);
    lua_sethook(L, NULL, 0, 0);
    int exhausted = sb->exhausted;
    sb->exhausted = 0;
    if (rc == LUA_OK) {
        lua_remove(L, base);
        return ENT_OK;
    }
    const char *msg = lua_tostring(L, -1);
    if (rc == LUA_ERRMEM) {
        ent_fail(err, ENT_ERR_SCENARIO,
                 "%s: the scenario needs more than %zu MiB of memory (the sandbox's limit)",
                 lx_sandbox_path(sb), sb->limit >> 20);
    } else if (exhausted && msg && !strstr(msg, "ran too long")) {
        ent_fail(err, ENT_ERR_SCENARIO, "%s: the script ran too long (more than %llu "
                 "instructions): is there an endless loop?", lx_sandbox_path(sb),
                 (unsigned long long)sb->instruction_limit);
    } else {
        /* One line for the author; the traceback only helps inside callbacks. */
        const char *tb = msg ? strstr(msg, "\nstack traceback:") : NULL;
        int len = tb ? (int)(tb - msg) : (int)strlen(msg ? msg : "");
        ent_fail(err, ENT_ERR_SCENARIO, "%.*s", len, msg ? msg : "error object is not a string");
    }
    lua_settop(L, base - 1);
    lua_gc(L, LUA_GCCOLLECT); /* the failed chunk's garbage would count against the cap */
    return ENT_ERR_SCENARIO;
}
