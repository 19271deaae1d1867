/* lx_session.c: a loaded scenario kept alive for a run, and the bridge from the round engine's
   hooks to the script's callbacks (on_round, on_offer, strategies, event apply functions). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lx_loader.h"
#include "lx_names.h"
#include "lx_scenario.h"

struct lx_session {
    lx_loader ld;            /* stable address: the API's closures point here */
    model_scenario *scn;
    int state_ref;           /* the `state` table handed to callbacks */
    round_sim *sim;          /* the run being played, during a callback */
    const round_sim *seeded; /* the run math.random was last seeded for, and its round */
    int seeded_round;
    bool fresh;              /* lx_session_begin_run was called: the next run is seeded */
};

/* ---- the `state` table --------------------------------------------------------------
   Scripts hold ids, never pointers: every function finds the run through its upvalue, and
   names actors, issues and red lines by their ids. */

static lx_session *session_of(lua_State *L)
{
    lx_session *s = lua_touserdata(L, lua_upvalueindex(1));
    if (!s->sim)
        luaL_error(L, "the negotiation state is only available inside a callback");
    return s;
}

/* state.f(x) and state:f(x) both work: skip the state table when it comes first. */
static int first_arg(lua_State *L)
{
    return lua_istable(L, 1) ? 2 : 1;
}

static int actor_arg(lua_State *L, lx_session *s, int idx)
{
    const char *id = luaL_checkstring(L, idx);
    int a = model_find_actor(s->scn, id);
    if (a < 0)
        return luaL_error(L, "no actor '%s' in this scenario", id);
    return a;
}

static int redline_arg(lua_State *L, lx_session *s, int actor, int idx)
{
    const char *id = luaL_checkstring(L, idx);
    const model_actor *a = &s->scn->actors[actor];
    for (int r = 0; r < a->redline_count; r++)
        if (strcmp(a->redlines[r].id, id) == 0)
            return r;
    return luaL_error(L, "actor '%s' has no red line '%s'", a->id, id);
}

static void push_package(lua_State *L, const model_scenario *scn, const model_package *p)
{
    lua_createtable(L, 0, scn->issue_count);
    for (int k = 0; k < scn->issue_count; k++) {
        lua_pushstring(L, scn->issues[k].options[p->opt[k]].id);
        lua_setfield(L, -2, scn->issues[k].id);
    }
}

static int st_round(lua_State *L)
{
    lua_pushinteger(L, round_number(session_of(L)->sim));
    return 1;
}

static int st_offer(lua_State *L)
{
    lx_session *s = session_of(L);
    const model_package *p = round_offer(s->sim);
    if (!p)
        lua_pushnil(L);
    else
        push_package(L, s->scn, p);
    return 1;
}

static int st_willingness(lua_State *L)
{
    lx_session *s = session_of(L);
    lua_pushnumber(L, round_willingness(s->sim, actor_arg(L, s, first_arg(L))));
    return 1;
}

static int st_aspiration(lua_State *L)
{
    lx_session *s = session_of(L);
    lua_pushnumber(L, round_aspiration(s->sim, actor_arg(L, s, first_arg(L))));
    return 1;
}

static int st_utility(lua_State *L)
{
    lx_session *s = session_of(L);
    int a = actor_arg(L, s, first_arg(L));
    const model_package *p = round_offer(s->sim);
    lua_pushnumber(L, p ? model_utility(s->scn, a, p) : 0);
    return 1;
}

static int st_accepted(lua_State *L)
{
    lx_session *s = session_of(L);
    lua_pushboolean(L, round_has_accepted(s->sim, actor_arg(L, s, first_arg(L))));
    return 1;
}

static int st_walked(lua_State *L)
{
    lx_session *s = session_of(L);
    lua_pushboolean(L, round_has_walked(s->sim, actor_arg(L, s, first_arg(L))));
    return 1;
}

static int st_add_willingness(lua_State *L)
{
    lx_session *s = session_of(L);
    int f = first_arg(L);
    int a = actor_arg(L, s, f);
    double delta = luaL_checknumber(L, f + 1);
    if (!(delta >= -1 && delta <= 1))
        return luaL_error(L, "add_willingness: the change must be between -1 and 1");
    round_add_willingness(s->sim, a, delta);
    return 0;
}

static int st_set_reservation(lua_State *L)
{
    lx_session *s = session_of(L);
    int f = first_arg(L);
    int a = actor_arg(L, s, f);
    double v = luaL_checknumber(L, f + 1);
    if (!(v >= 0 && v <= 1))
        return luaL_error(L, "set_reservation: the reservation must be between 0 and 1");
    round_set_reservation(s->sim, a, v);
    return 0;
}

static int set_redline(lua_State *L, bool in_force)
{
    lx_session *s = session_of(L);
    int f = first_arg(L);
    int a = actor_arg(L, s, f);
    round_set_redline(s->sim, a, redline_arg(L, s, a, f + 1), in_force);
    return 0;
}

static int st_lift(lua_State *L) { return set_redline(L, false); }
static int st_impose(lua_State *L) { return set_redline(L, true); }

static int st_set_ideal(lua_State *L)
{
    lx_session *s = session_of(L);
    int f = first_arg(L);
    int a = actor_arg(L, s, f);
    const char *issue = luaL_checkstring(L, f + 1), *option = luaL_checkstring(L, f + 2);
    int k = model_find_issue(s->scn, issue);
    if (k < 0)
        return luaL_error(L, "no issue '%s' in this scenario", issue);
    int o = model_find_option(&s->scn->issues[k], option);
    if (o < 0)
        return luaL_error(L, "issue '%s' has no option '%s'", issue, option);
    round_set_ideal(s->sim, a, k, o);
    return 0;
}

static int set_member(lua_State *L, bool party)
{
    lx_session *s = session_of(L);
    round_set_membership(s->sim, actor_arg(L, s, first_arg(L)), party);
    return 0;
}

static int st_join(lua_State *L) { return set_member(L, true); }
static int st_leave(lua_State *L) { return set_member(L, false); }

static int st_message(lua_State *L)
{
    lx_session *s = session_of(L);
    const char *text = luaL_checkstring(L, first_arg(L));
    ent_error err;
    if (round_message(s->sim, text, &err) != ENT_OK)
        return luaL_error(L, "%s", err.message);
    return 0;
}

static int st_random(lua_State *L)
{
    lua_pushnumber(L, rng_uniform(round_rng(session_of(L)->sim)));
    return 1;
}

/* What a callback's `state` offers, in one table. */
static const luaL_Reg state_api[] = {
    {"round", st_round},           {"offer", st_offer},
    {"willingness", st_willingness}, {"aspiration", st_aspiration},
    {"utility", st_utility},       {"accepted", st_accepted},
    {"walked", st_walked},         {"add_willingness", st_add_willingness},
    {"set_reservation", st_set_reservation}, {"lift", st_lift},
    {"impose", st_impose},         {"join", st_join},
    {"leave", st_leave},           {"message", st_message},
    {"random", st_random},         {"set_ideal", st_set_ideal},
    {NULL, NULL}};

static int make_state(lua_State *L)
{
    lx_session *s = lua_touserdata(L, 1);
    lua_createtable(L, 0, 16);
    for (const luaL_Reg *f = state_api; f->name; f++) {
        lua_pushlightuserdata(L, s);
        lua_pushcclosure(L, f->func, 1);
        lua_setfield(L, -2, f->name);
    }
    s->state_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    atomic_fetch_add(&lx_outstanding_refs, 1);
    return 0;
}

/* ---- hooks ---------------------------------------------------------------------------- */

static void reseed(lx_session *s, uint64_t seed)
{
    lua_State *L = lx_sandbox_state(s->ld.sb);
    lua_getglobal(L, "math"); /* the host's table, not the script's copy */
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, (lua_Integer)seed);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
}

void lx_session_begin_run(lx_session *s, uint64_t seed)
{
    reseed(s, seed);
    s->seeded = NULL;
    s->seeded_round = 0;
    s->fresh = true;
}

/* Every call into the script: its own budget, and a traceback if it fails. */
static ent_status call(lx_session *s, round_sim *sim, int nargs, int nresults, ent_error *err)
{
    /* A new run reseeds math.random from the run's seed: `entente run --seed N` changes what
       a script draws, and the same seed draws the same numbers. */
    if (s->fresh) {
        s->seeded = sim; /* lx_session_begin_run seeded it for this run already */
        s->fresh = false;
    } else if (sim != s->seeded || round_number(sim) < s->seeded_round) {
        reseed(s, round_seed(sim));
        s->seeded = sim;
    }
    s->seeded_round = round_number(sim);
    s->sim = sim;
    ent_status st = lx_sandbox_call_traced(s->ld.sb, nargs, nresults, true, err);
    s->sim = NULL;
    return st;
}

static void push_ref(lx_session *s, int ref)
{
    lua_rawgeti(lx_sandbox_state(s->ld.sb), LUA_REGISTRYINDEX, ref);
}

static ent_status hook_on_round(void *ctx, round_sim *sim, ent_error *err)
{
    lx_session *s = ctx;
    if (!s->scn->on_round_ref)
        return ENT_OK;
    lua_State *L = lx_sandbox_state(s->ld.sb);
    push_ref(s, s->scn->on_round_ref);
    lua_pushinteger(L, round_number(sim));
    push_ref(s, s->state_ref);
    return call(s, sim, 2, 0, err);
}

static ent_status hook_on_offer(void *ctx, round_sim *sim, ent_error *err)
{
    lx_session *s = ctx;
    if (!s->scn->on_offer_ref || !round_offer(sim))
        return ENT_OK;
    lua_State *L = lx_sandbox_state(s->ld.sb);
    push_ref(s, s->scn->on_offer_ref);
    push_package(L, s->scn, round_offer(sim));
    push_ref(s, s->state_ref);
    return call(s, sim, 2, 0, err);
}

/* Where the strategy was written, so that a wrong answer points at it: "file:LINE: ". */
static void strategy_place(lx_session *s, int actor, char *out, size_t size)
{
    lua_State *L = lx_sandbox_state(s->ld.sb);
    lua_Debug ar;
    push_ref(s, s->scn->actors[actor].strategy_ref);
    if (lua_getinfo(L, ">S", &ar) && ar.linedefined > 0)
        snprintf(out, size, "%s:%d", lx_sandbox_path(s->ld.sb), ar.linedefined);
    else
        snprintf(out, size, "%s", lx_sandbox_path(s->ld.sb));
}

static ent_status bad_answer(lx_session *s, int actor, const char *what, ent_error *err)
{
    char place[300];
    strategy_place(s, actor, place, sizeof place);
    return ent_fail(err, ENT_ERR_SCENARIO,
                    "%s: actor '%s': its strategy returned %s; return \"accept\", \"object\" or "
                    "\"walk\" (and a reason), { counter = { issue = option, ... } }, or nil",
                    place, s->scn->actors[actor].id, what);
}

/* Reads the counter-offer table on top of the stack into `counter` (the standing offer with
   the named issues changed). Leaves the stack as it was. */
static ent_status read_counter(lx_session *s, round_sim *sim, int actor, model_package *counter,
                               ent_error *err)
{
    lua_State *L = lx_sandbox_state(s->ld.sb);
    const model_scenario *scn = s->scn;
    int tbl = lua_gettop(L);
    *counter = *round_offer(sim);
    char place[300];
    lua_pushnil(L);
    while (lua_next(L, tbl)) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
            char what[120];
            snprintf(what, sizeof what, "a counter-offer with a %s key and a %s value (write "
                     "{ counter = { issue = \"option\" } })", luaL_typename(L, -2),
                     luaL_typename(L, -1));
            lua_settop(L, tbl);
            return bad_answer(s, actor, what, err);
        }
        const char *issue = lua_tostring(L, -2), *option = lua_tostring(L, -1);
        int k = model_find_issue(scn, issue);
        int o = k >= 0 ? model_find_option(&scn->issues[k], option) : -1;
        if (o < 0) {
            strategy_place(s, actor, place, sizeof place); /* key and value stay alive */
            const char *names[MODEL_MAX_ISSUES > MODEL_MAX_OPTIONS ? MODEL_MAX_ISSUES
                                                                   : MODEL_MAX_OPTIONS];
            char list[400] = "", hint[96];
            int n = k < 0 ? scn->issue_count : scn->issues[k].option_count;
            for (int j = 0; j < n; j++) {
                names[j] = k < 0 ? scn->issues[j].id : scn->issues[k].options[j].id;
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         names[j]);
            }
            lx_suggest(k < 0 ? issue : option, names, n, hint, sizeof hint);
            ent_status st;
            if (k < 0)
                st = ent_fail(err, ENT_ERR_SCENARIO, "%s: actor '%s': its counter-offer names "
                              "an unknown issue '%s'%s (issues: %s)", place,
                              scn->actors[actor].id, issue, hint, list);
            else
                st = ent_fail(err, ENT_ERR_SCENARIO, "%s: actor '%s': its counter-offer gives "
                              "issue '%s' an unknown option '%s'%s (options: %s)", place,
                              scn->actors[actor].id, issue, option, hint, list);
            lua_settop(L, tbl);
            return st;
        }
        counter->opt[k] = (uint8_t)o;
        lua_pop(L, 1);
    }
    return ENT_OK;
}

static ent_status hook_strategy(void *ctx, round_sim *sim, int actor, round_response *resp,
                                model_package *counter, ent_error *err)
{
    lx_session *s = ctx;
    lua_State *L = lx_sandbox_state(s->ld.sb);
    const model_scenario *scn = s->scn;
    int ref = scn->actors[actor].strategy_ref;
    int base = lua_gettop(L);
    push_ref(s, ref);
    push_package(L, scn, round_offer(sim));
    push_ref(s, s->state_ref);
    ent_status st = call(s, sim, 2, 2, err);
    if (st != ENT_OK)
        return st;
    /* stack: answer reason */
    int answer = base + 1;
    const char *reason = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    char what[120];
    st = ENT_OK;
    switch (lua_type(L, answer)) {
    case LUA_TNIL:
        break; /* the built-in behaviour */
    case LUA_TSTRING: {
        const char *verdict = lua_tostring(L, answer);
        if (strcmp(verdict, "accept") == 0)
            resp->verdict = ROUND_ACCEPT;
        else if (strcmp(verdict, "object") == 0)
            resp->verdict = ROUND_OBJECT;
        else if (strcmp(verdict, "walk") == 0)
            resp->verdict = ROUND_WALK;
        else {
            snprintf(what, sizeof what, "\"%.40s\"", verdict);
            st = bad_answer(s, actor, what, err);
            break;
        }
        snprintf(resp->reason, sizeof resp->reason, "%s",
                 reason ? reason : "its own strategy decided so");
        break;
    }
    case LUA_TTABLE: {
        int t = lua_getfield(L, answer, "counter");
        if (t == LUA_TNIL) {
            st = bad_answer(s, actor, "a table without 'counter'", err);
        } else if (t != LUA_TTABLE) {
            snprintf(what, sizeof what, "a 'counter' that is a %s, not a table { issue = "
                     "option, ... }", luaL_typename(L, -1));
            st = bad_answer(s, actor, what, err);
        } else if ((st = read_counter(s, sim, actor, counter, err)) == ENT_OK) {
            lua_getfield(L, answer, "reason");
            snprintf(resp->reason, sizeof resp->reason, "counter-offer: %s",
                     lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "its own proposal");
            resp->verdict = ROUND_COUNTER;
        }
        break;
    }
    default:
        snprintf(what, sizeof what, "a %s", luaL_typename(L, answer));
        st = bad_answer(s, actor, what, err);
        break;
    }
    lua_settop(L, base);
    return st;
}

static ent_status hook_event_apply(void *ctx, round_sim *sim, int event, ent_error *err)
{
    lx_session *s = ctx;
    int ref = s->scn->events[event].apply_ref;
    if (!ref)
        return ENT_OK;
    push_ref(s, ref);
    push_ref(s, s->state_ref);
    return call(s, sim, 1, 0, err);
}

round_hooks lx_session_hooks(lx_session *s)
{
    return (round_hooks){.ctx = s,
                         .on_round = hook_on_round,
                         .on_offer = hook_on_offer,
                         .strategy = hook_strategy,
                         .event_apply = hook_event_apply};
}

/* ---- lifecycle ---------------------------------------------------------------------- */

ent_status lx_session_open_text(const char *path, const char *text, size_t size,
                                const char *variant, const lx_load_limits *limits,
                                lx_session **out, ent_error *err)
{
    *out = NULL;
    lx_session *s = calloc(1, sizeof *s);
    if (!s)
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    ent_status st = lx_load_into(&s->ld, path, text, size, variant, limits, &s->scn, err);
    if (st != ENT_OK) {
        free(s);
        return st;
    }
    lua_State *L = lx_sandbox_state(s->ld.sb);
    lua_pushcfunction(L, make_state);
    lua_pushlightuserdata(L, s);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        lua_pop(L, 1);
        lx_session_close(s);
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    }
    *out = s;
    return ENT_OK;
}

ent_status lx_session_open(const char *path, const char *variant, const lx_load_limits *limits,
                           lx_session **out, ent_error *err)
{
    char *text = NULL;
    size_t size = 0;
    ent_status st = lx_read_file(path, &text, &size, err);
    if (st != ENT_OK)
        return st;
    st = lx_session_open_text(path, text, size, variant, limits, out, err);
    free(text);
    return st;
}

model_scenario *lx_session_model(lx_session *s)
{
    return s->scn;
}

int lx_session_live_refs(const lx_session *s)
{
    return s->ld.ref_count + (s->state_ref ? 1 : 0);
}

void lx_session_close(lx_session *s)
{
    if (!s)
        return;
    if (s->ld.sb && s->state_ref) {
        luaL_unref(lx_sandbox_state(s->ld.sb), LUA_REGISTRYINDEX, s->state_ref);
        atomic_fetch_sub(&lx_outstanding_refs, 1);
    }
    s->state_ref = 0;
    lx_loader_release(&s->ld);
    model_free(s->scn);
    free(s);
}
