/* lx_sandbox.c: the sandbox: capped allocator, count hook budget, allow-listed environment. */
#include "lx_sandbox.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lx_names.h"

struct lx_sandbox {
    lua_State *L;
    size_t used, limit;
    uint64_t instructions, instruction_limit;
    int exhausted;      /* the budget is spent: the hook keeps failing until the call returns */
    int env_ref;
    char *path;
    char *source;
    char short_src[LUA_IDSIZE]; /* how Lua's own messages name the file (long paths shortened) */
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
    /* snprintf, not luaL_error: lua_pushfstring knows no %llu, and luaL_error would prefix
       the line of the looping function's caller (level 1 seen from a hook). */
    char msg[320];
    lua_Debug here;
    if (lua_getstack(L, 0, &here) && lua_getinfo(L, "Sl", &here) && here.currentline > 0)
        snprintf(msg, sizeof msg, "%s:%d: the script ran too long (more than %llu "
                 "instructions): is there an endless loop?", lx_sandbox_path(sb),
                 here.currentline, (unsigned long long)sb->instruction_limit);
    else
        snprintf(msg, sizeof msg, "the script ran too long (more than %llu instructions): "
                 "is there an endless loop?", (unsigned long long)sb->instruction_limit);
    lua_pushstring(L, msg);
    lua_error(L);
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

/* xpcall, with the handler run after the error has unwound instead of at the error point.
   When the budget hook raises the error, Lua calls a message handler from inside the hook,
   where hooks are off: a handler that loops would never be stopped. Run afterwards, it is an
   ordinary call that the budget covers. Scripts cannot tell (no debug library to look at the
   stack at the error point with). */
static int finish_xpcall(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushvalue(L, 2);  /* handler */
        lua_rotate(L, -2, 1); /* handler error */
        if (lua_pcall(L, 1, 1, 0) != LUA_OK && lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            lua_pushliteral(L, "error in error handling");
        }
        lua_pushboolean(L, 0);
        lua_rotate(L, -2, 1); /* false result */
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static int sandbox_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1); /* first result */
    lua_pushvalue(L, 1);   /* function */
    lua_rotate(L, 3, 2);   /* below the function's arguments */
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 0, 2, finish_xpcall);
    return finish_xpcall(L, status, 2);
}

/* ---- pattern matching ------------------------------------------------------------
   Lua's matcher runs in C, where the instruction budget never fires, and backtracks: with q
   repetition items a text of n characters can cost about n^(q+1) steps (".-.-.-.-b" over a few
   thousand characters runs for minutes). The sandbox's find/match/gmatch/gsub refuse calls
   whose worst case exceeds PATTERN_WORK_LIMIT; plain finds and short texts are unaffected. */

#define PATTERN_WORK_LIMIT 4e8

static int pattern_guarded(lua_State *L)
{
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    size_t n = 0, plen = 0;
    const char *subject = lua_tolstring(L, 1, &n);
    const char *pat = lua_tolstring(L, 2, &plen);
    bool plain = strcmp(name, "find") == 0 && lua_toboolean(L, 4);
    if (subject && pat && !plain) {
        int items = 0;
        bool in_set = false;
        for (size_t i = 0; i < plen; i++) {
            if (pat[i] == '%') {
                i++; /* an escaped character repeats nothing */
                continue;
            }
            /* Inside [...], '-' is a range and the others are plain characters. */
            if (in_set) {
                in_set = pat[i] != ']';
                continue;
            }
            if (pat[i] == '[') {
                in_set = true;
                if (i + 1 < plen && pat[i + 1] == '^')
                    i++;
                if (i + 1 < plen && pat[i + 1] == ']')
                    i++; /* a leading ']' is a member, not the end */
                continue;
            }
            if (pat[i] == '*' || pat[i] == '+' || pat[i] == '-' || pat[i] == '?')
                items++;
        }
        double work = 1;
        for (int q = 0; q <= items && work <= PATTERN_WORK_LIMIT; q++)
            work *= (double)(n + 1);
        if (work > PATTERN_WORK_LIMIT)
            return luaL_error(L, "string.%s: this pattern could take too long on a %d-character "
                              "text (%d repetition items): use a simpler pattern, a shorter "
                              "text, or string.find(text, word, 1, true)",
                              name, (int)n, items);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Replaces the pattern functions of the string-library copy on top of the stack. */
static void guard_patterns(lua_State *L)
{
    static const char *const names[] = {"find", "match", "gmatch", "gsub", NULL};
    for (const char *const *name = names; *name; name++) {
        lua_getfield(L, -1, *name);   /* copy original */
        lua_pushstring(L, *name);     /* copy original name */
        lua_pushcclosure(L, pattern_guarded, 2);
        lua_setfield(L, -2, *name);
    }
}

static const char *const base_allowed[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring",
    "type", "rawequal", "rawlen", NULL};

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

static int strict_index(lua_State *L)
{
    /* env key */
    const char *key = lua_tostring(L, 2);
    const char *best = NULL;
    int best_d = 3;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        /* Internal names such as _G are never what a typo meant. */
        if (lua_type(L, -2) == LUA_TSTRING && lua_tostring(L, -2)[0] != '_') {
            int dist = lx_edit_distance(key ? key : "", lua_tostring(L, -2));
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
    lua_pushcfunction(L, sandbox_xpcall);
    lua_setfield(L, -2, "xpcall");
    static const char *const no_string[] = {"dump", NULL};
    static const char *const no_math[] = {"randomseed", NULL};
    copy_library(L, "string", no_string);
    guard_patterns(L);
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

/* Lua's own messages name the file by its short_src, which starts with "..." once the path is
   longer than LUA_IDSIZE; messages with no location at all (an error object that is not a
   string, error("x", 0), a parser C-stack overflow) name nothing. Either way the author should
   read the path they typed, so this rewrites the first form and prefixes the second. */
static void with_full_path(const lx_sandbox *sb, const char *msg, char *out, size_t size)
{
    const char *path = lx_sandbox_path(sb);
    size_t plen = strlen(path), slen = strlen(sb->short_src);
    if (!msg)
        msg = "(no message)";
    if (strncmp(msg, path, plen) == 0 && msg[plen] == ':')
        snprintf(out, size, "%s", msg);
    else if (slen && strncmp(msg, sb->short_src, slen) == 0 && msg[slen] == ':')
        snprintf(out, size, "%s%s", path, msg + slen);
    else
        snprintf(out, size, "%s: %s", path, msg);
}

/* The short_src Lua derives from our chunk name, found by loading an empty chunk named alike. */
static void remember_short_src(lx_sandbox *sb, const char *chunkname)
{
    lua_State *L = sb->L;
    lua_Debug ar;
    sb->short_src[0] = '\0';
    if (luaL_loadbufferx(L, "", 0, chunkname, "t") != LUA_OK) {
        lua_pop(L, 1);
        return;
    }
    if (lua_getinfo(L, ">S", &ar))
        snprintf(sb->short_src, sizeof sb->short_src, "%s", ar.short_src);
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
    remember_short_src(sb, chunkname);
    /* Text only: a binary chunk could bypass the VM's checks (Wesnoth CVE-2018-1999023). */
    int rc = luaL_loadbufferx(L, text, size, chunkname, "t");
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        char clean[900];
        with_full_path(sb, msg, clean, sizeof clean);
        if (strstr(clean, "binary chunk"))
            ent_fail(err, ENT_ERR_SCENARIO, "%s:1: this is a compiled (binary) Lua chunk; "
                                            "scenarios must be Lua source text", path);
        else if (rc == LUA_ERRMEM)
            ent_fail(err, ENT_ERR_SCENARIO, "%s: the scenario needs more than %zu MiB of memory",
                     path, sb->limit >> 20);
        else if (strstr(clean, "C stack overflow"))
            /* The parser's nesting limit: it knows no line, so say what the limit is about. */
            ent_fail(err, ENT_ERR_SCENARIO, "%s: the code is nested too deeply (too many levels "
                     "of brackets, tables, calls or blocks inside one another)", path);
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

/* Runs at the error point: the only moment the erring line is still known. */
static int add_traceback(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    lx_sandbox *sb = ud;
    const char *msg = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
    char what[96];
    if (!msg) {
        /* error({}) or error(): no __tostring call, it would run script code in here. */
        snprintf(what, sizeof what, "error raised with a %s value instead of a message",
                 luaL_typename(L, 1));
        msg = what;
    }
    size_t plen = strlen(lx_sandbox_path(sb)), slen = strlen(sb->short_src);
    bool located = (strncmp(msg, lx_sandbox_path(sb), plen) == 0 && msg[plen] == ':') ||
                   (slen && strncmp(msg, sb->short_src, slen) == 0 && msg[slen] == ':');
    lua_Debug ar;
    for (int level = 1; !located && lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: %s", lx_sandbox_path(sb), ar.currentline, msg);
            msg = lua_tostring(L, -1);
            located = true;
        }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

ent_status lx_sandbox_call(lx_sandbox *sb, int nargs, int nresults, ent_error *err)
{
    return lx_sandbox_call_traced(sb, nargs, nresults, false, err);
}

ent_status lx_sandbox_call_traced(lx_sandbox *sb, int nargs, int nresults, bool traceback,
                                  ent_error *err)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, add_traceback);
    lua_insert(L, base);
    sb->instructions = 0;
    sb->exhausted = 0;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_STEP);
    int rc = lua_pcall(L, nargs, nresults, base);
    lua_sethook(L, NULL, 0, 0);
    int exhausted = sb->exhausted;
    sb->exhausted = 0;
    if (rc == LUA_OK && exhausted) {
        /* The budget ran out inside a coroutine: resume() returned false to the script, and
           the main thread can finish before its own hook fires again. Spent is spent. */
        lua_settop(L, base - 1);
        lua_gc(L, LUA_GCCOLLECT);
        return ent_fail(err, ENT_ERR_SCENARIO, "%s: the script ran too long (more than %llu "
                        "instructions): is there an endless loop?", lx_sandbox_path(sb),
                        (unsigned long long)sb->instruction_limit);
    }
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
        const char *tb = msg && !traceback ? strstr(msg, "\nstack traceback:") : NULL;
        int len = tb ? (int)(tb - msg) : (int)strlen(msg ? msg : "");
        char first[sizeof err->message], clean[sizeof err->message];
        snprintf(first, sizeof first, "%.*s", len, msg ? msg : "error object is not a string");
        with_full_path(sb, first, clean, sizeof clean);
        ent_fail(err, ENT_ERR_SCENARIO, "%s", clean);
    }
    lua_settop(L, base - 1);
    lua_gc(L, LUA_GCCOLLECT); /* the failed chunk's garbage would count against the cap */
    return ENT_ERR_SCENARIO;
}
