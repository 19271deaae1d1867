/* lx_sandbox.h: a fresh, allow-listed Lua 5.4 state with memory and instruction limits. */
#ifndef LX_SANDBOX_H
#define LX_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lua.h>

#include "ent_error.h"

typedef struct lx_sandbox lx_sandbox;

typedef struct {
    size_t memory_limit;        /* bytes; 0 = 64 MiB */
    uint64_t instruction_limit; /* VM instructions per call; 0 = 100 million */
    uint64_t seed;              /* math.random's seed */
} lx_limits;

lx_sandbox *lx_sandbox_new(const lx_limits *limits, ent_error *err);
void lx_sandbox_free(lx_sandbox *sb);
lua_State *lx_sandbox_state(lx_sandbox *sb);
/* Pushes the sandbox environment table (the scripts' _ENV). */
void lx_sandbox_push_env(lx_sandbox *sb);
/* Loads a text chunk (never bytecode) with the sandbox as _ENV and pushes it as a function. */
ent_status lx_sandbox_load(lx_sandbox *sb, const char *path, const char *text, size_t size,
                           ent_error *err);
/* Calls the function below nargs arguments with a fresh budget; on failure err gets
   "path:line: message" and the state is still usable. */
ent_status lx_sandbox_call(lx_sandbox *sb, int nargs, int nresults, ent_error *err);
/* The same, keeping Lua's stack traceback after the first line (for run-time callbacks). */
ent_status lx_sandbox_call_traced(lx_sandbox *sb, int nargs, int nresults, bool traceback,
                                  ent_error *err);
/* The source text last loaded (for pointing at field lines). */
const char *lx_sandbox_source(const lx_sandbox *sb);
const char *lx_sandbox_path(const lx_sandbox *sb);

#endif
