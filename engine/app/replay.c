/* replay.c: replay files: a run's transcript written as it happens, read back to print it again.

   THE FORMAT, VERSION 1 (docs/replay-format.md says the same at more length)

   Text, one line per entry, every line ending in "\n" (never "\r\n"), append-only. The first
   line is exactly

       ENTENTE-REPLAY 1

   and every line after it is one record:

       <kind> <length> <crc> <payload>\n

   kind     scenario, round or outcome
   length   the payload's size in bytes, decimal, no leading zeros, at most 1048576 (1 MiB)
   crc      CRC-32 of the payload bytes (IEEE 802.3, zlib's crc32: reflected polynomial
            0xEDB88320, initial value and final xor 0xFFFFFFFF), exactly 8 lowercase hex digits
   payload  one JSON object printed compactly by cJSON (no whitespace, no raw newline, members
            in the order below), nested at most 16 deep, holding at most 100000 JSON values
            (counted as 1 + the '[', '{' and ',' outside strings)

   The records come in this order: one scenario record; the round records, numbered 1, 2, 3 ...
   (at most 1000); one outcome record, the last line of the file. Error messages number the
   records from 1 (the scenario): record N is line N + 1.

   scenario {"id":S,"title":S|null,"variant":S|null,"seed":"<unsigned 64-bit, decimal>",
             "actors":[{"id":S,"name":S,"redlines":[S,...]},...],
             "issues":[{"id":S,"label":S,"options":[{"id":S,"label":S|null},...]},...]}
   round    {"number":I,"proposer":I,"offer":[I,...],
             "responses":[{"actor":I,"verdict":V,"redline":I,"issue":I,"utility":F,
                           "aspiration":F,"reason":S},...],
             "willingness":[F,...],"aspiration":[F,...],"messages":[S,...]}
   outcome  {"kind":K,"has_package":B,"package":[I,...],"signatories":[S,...],"rounds":I,
             "reason":S}

   The scenario record keeps only names: what report_transcript and report_run_json print
   (an actor's redlines are the ids of its red lines, in order). Actors, issues, options and red
   lines are referred to by their index (from 0) in it, except signatories, which are actor ids
   (so actor ids are unique). proposer is an actor or -1 (the mediator); offer and package hold
   one option per issue; willingness and aspiration one number per actor; a response's redline
   is -1 or one of that actor's red lines, its issue -1 or an issue. V is accept, object,
   counter, walk or absent; K is agreement, coalition or breakdown. outcome.rounds equals the
   number of round records. Every field is required; no other field is allowed.
   Limits: at most 64 actors, 64 issues, 31 red lines per actor, 1 to 16 options per issue;
   ids of at most 31 bytes (the scenario's 63); reasons of at most 319 bytes (the outcome's
   1023).

   Numbers: integers I are plain decimals. A double F is written as the first of "%.1g" ...
   "%.17g" that reads back as the very same double (so -0 stays -0 and nothing is rounded), or
   as the string "NaN", "Infinity" or "-Infinity" (a NaN's sign and payload are not kept).
   entente never calls setlocale, so the decimal point is '.'. The same transcript therefore
   always gives the same bytes.

   Reading checks everything above and refuses the first record that breaks a rule, naming the
   path and the record; it never accepts a truncated tail. It first counts the lines (so a file
   of millions of records is refused before anything is allocated for them), then reads line
   by line into one buffer of 1 MiB; the payload's nesting and values are counted before cJSON
   sees it. Writing checks the same rules, so entente never writes a file it would refuse. */
#include "replay.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#define REPLAY_MAGIC "ENTENTE-REPLAY"
#define KIND_MAX 16
#define WHY_MAX 640

/* ---- CRC-32 ------------------------------------------------------------------------- */

/* The table of the reflected polynomial 0xEDB88320: entry n is n run through 8 shift steps. */
static const uint32_t crc_table[256] = {
    0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau, 0x076dc419u, 0x706af48fu,
    0xe963a535u, 0x9e6495a3u, 0x0edb8832u, 0x79dcb8a4u, 0xe0d5e91eu, 0x97d2d988u,
    0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u, 0x90bf1d91u, 0x1db71064u, 0x6ab020f2u,
    0xf3b97148u, 0x84be41deu, 0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u,
    0x136c9856u, 0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu, 0x14015c4fu, 0x63066cd9u,
    0xfa0f3d63u, 0x8d080df5u, 0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u, 0xa2677172u,
    0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu, 0x35b5a8fau, 0x42b2986cu,
    0xdbbbc9d6u, 0xacbcf940u, 0x32d86ce3u, 0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u,
    0x26d930acu, 0x51de003au, 0xc8d75180u, 0xbfd06116u, 0x21b4f4b5u, 0x56b3c423u,
    0xcfba9599u, 0xb8bda50fu, 0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
    0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du, 0x76dc4190u, 0x01db7106u,
    0x98d220bcu, 0xefd5102au, 0x71b18589u, 0x06b6b51fu, 0x9fbfe4a5u, 0xe8b8d433u,
    0x7807c9a2u, 0x0f00f934u, 0x9609a88eu, 0xe10e9818u, 0x7f6a0dbbu, 0x086d3d2du,
    0x91646c97u, 0xe6635c01u, 0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu,
    0x6c0695edu, 0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u, 0x65b0d9c6u, 0x12b7e950u,
    0x8bbeb8eau, 0xfcb9887cu, 0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u, 0xfbd44c65u,
    0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u, 0x4adfa541u, 0x3dd895d7u,
    0xa4d1c46du, 0xd3d6f4fbu, 0x4369e96au, 0x346ed9fcu, 0xad678846u, 0xda60b8d0u,
    0x44042d73u, 0x33031de5u, 0xaa0a4c5fu, 0xdd0d7cc9u, 0x5005713cu, 0x270241aau,
    0xbe0b1010u, 0xc90c2086u, 0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
    0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u, 0x59b33d17u, 0x2eb40d81u,
    0xb7bd5c3bu, 0xc0ba6cadu, 0xedb88320u, 0x9abfb3b6u, 0x03b6e20cu, 0x74b1d29au,
    0xead54739u, 0x9dd277afu, 0x04db2615u, 0x73dc1683u, 0xe3630b12u, 0x94643b84u,
    0x0d6d6a3eu, 0x7a6a5aa8u, 0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u,
    0xf00f9344u, 0x8708a3d2u, 0x1e01f268u, 0x6906c2feu, 0xf762575du, 0x806567cbu,
    0x196c3671u, 0x6e6b06e7u, 0xfed41b76u, 0x89d32be0u, 0x10da7a5au, 0x67dd4accu,
    0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u, 0xd6d6a3e8u, 0xa1d1937eu,
    0x38d8c2c4u, 0x4fdff252u, 0xd1bb67f1u, 0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu,
    0xd80d2bdau, 0xaf0a1b4cu, 0x36034af6u, 0x41047a60u, 0xdf60efc3u, 0xa867df55u,
    0x316e8eefu, 0x4669be79u, 0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
    0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu, 0xc5ba3bbeu, 0xb2bd0b28u,
    0x2bb45a92u, 0x5cb36a04u, 0xc2d7ffa7u, 0xb5d0cf31u, 0x2cd99e8bu, 0x5bdeae1du,
    0x9b64c2b0u, 0xec63f226u, 0x756aa39cu, 0x026d930au, 0x9c0906a9u, 0xeb0e363fu,
    0x72076785u, 0x05005713u, 0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u,
    0x92d28e9bu, 0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u, 0x86d3d2d4u, 0xf1d4e242u,
    0x68ddb3f8u, 0x1fda836eu, 0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u, 0x18b74777u,
    0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu, 0x8f659effu, 0xf862ae69u,
    0x616bffd3u, 0x166ccf45u, 0xa00ae278u, 0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u,
    0xa7672661u, 0xd06016f7u, 0x4969474du, 0x3e6e77dbu, 0xaed16a4au, 0xd9d65adcu,
    0x40df0b66u, 0x37d83bf0u, 0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
    0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u, 0xbad03605u, 0xcdd70693u,
    0x54de5729u, 0x23d967bfu, 0xb3667a2eu, 0xc4614ab8u, 0x5d681b02u, 0x2a6f2b94u,
    0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu, 0x2d02ef8du,
};

uint32_t replay_crc32(const void *data, size_t size)
{
    const unsigned char *p = data;
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < size; i++)
        c = crc_table[(c ^ p[i]) & 0xffu] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

/* ---- shared pieces ---------------------------------------------------------------------- */

static const char *const kind_names[] = {"scenario", "round", "outcome"};
enum { KIND_SCENARIO, KIND_ROUND, KIND_OUTCOME, KIND_COUNT };

/* A short, printable rendering of text taken from a file, for messages (no escape codes). */
static const char *quoted(const char *s, char *buf, size_t size)
{
    size_t i = 0;
    for (; s[i] && i + 4 < size; i++)
        buf[i] = (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f ? s[i] : '?';
    if (s[i]) {
        memcpy(buf + i, "...", 3);
        i += 3;
    }
    buf[i] = '\0';
    return buf;
}

/* Counts nesting and values without parsing, so hostile JSON never reaches the parser. */
static const char *shape_error(const char *p, size_t n)
{
    int depth = 0;
    long values = 1;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > REPLAY_MAX_DEPTH)
                return "JSON nested deeper than 16 levels";
            values++;
        } else if (c == ']' || c == '}') {
            depth--;
        } else if (c == ',') {
            values++;
        }
        if (values > REPLAY_MAX_VALUES)
            return "more than 100000 JSON values";
    }
    return NULL;
}

static bool same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* The shortest %.Ng that reads back as exactly x; NaN and infinities as JSON strings. */
static void format_double(double x, char *buf, size_t size)
{
    if (isnan(x)) {
        snprintf(buf, size, "\"NaN\"");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, size, x > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, size, "%.*g", p, x);
        if (same_double(strtod(buf, NULL), x))
            return;
    }
}

/* ---- checks shared by writing and reading: what is written can be read ---------------- */

static bool check_scenario(const model_scenario *scn, char *why, size_t n)
{
    if (scn->actor_count < 0 || scn->actor_count > MODEL_MAX_ACTORS) {
        snprintf(why, n, "actors: %d actors, at most %d allowed", scn->actor_count,
                 MODEL_MAX_ACTORS);
        return false;
    }
    if (scn->issue_count < 0 || scn->issue_count > MODEL_MAX_ISSUES) {
        snprintf(why, n, "issues: %d issues, at most %d allowed", scn->issue_count,
                 MODEL_MAX_ISSUES);
        return false;
    }
    if (strnlen(scn->id, sizeof scn->id) == sizeof scn->id) {
        snprintf(why, n, "id: not a string");
        return false;
    }
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        if (is->option_count < 1 || is->option_count > MODEL_MAX_OPTIONS) {
            snprintf(why, n, "issues[%d].options: %d options, from 1 to %d allowed", k,
                     is->option_count, MODEL_MAX_OPTIONS);
            return false;
        }
        if (strnlen(is->id, sizeof is->id) == sizeof is->id) {
            snprintf(why, n, "issues[%d].id: not a string", k);
            return false;
        }
        if (!is->label) { /* the transcript prints it */
            snprintf(why, n, "issues[%d].label: missing", k);
            return false;
        }
        for (int o = 0; o < is->option_count; o++)
            if (strnlen(is->options[o].id, sizeof is->options[o].id) == sizeof is->options[o].id) {
                snprintf(why, n, "issues[%d].options[%d].id: not a string", k, o);
                return false;
            }
    }
    for (int i = 0; i < scn->actor_count; i++) {
        const char *id = scn->actors[i].id;
        if (strnlen(id, sizeof scn->actors[i].id) == sizeof scn->actors[i].id) {
            snprintf(why, n, "actors[%d].id: not a string", i);
            return false;
        }
        const model_actor *a = &scn->actors[i];
        if (!a->name) { /* the transcript prints it */
            snprintf(why, n, "actors[%d].name: missing", i);
            return false;
        }
        if (a->redline_count < 0 || a->redline_count > MODEL_MAX_REDLINES) {
            snprintf(why, n, "actors[%d].redlines: %d red lines, at most %d allowed", i,
                     a->redline_count, MODEL_MAX_REDLINES);
            return false;
        }
        for (int r = 0; r < a->redline_count; r++)
            if (strnlen(a->redlines[r].id, sizeof a->redlines[r].id) == sizeof a->redlines[r].id) {
                snprintf(why, n, "actors[%d].redlines[%d]: not a string", i, r);
                return false;
            }
        /* Signatories are written as ids, so an id must name one actor. */
        for (int j = 0; j < i; j++)
            if (strcmp(scn->actors[j].id, id) == 0) {
                char q[48];
                snprintf(why, n, "actors[%d].id: '%s' again (actors[%d] has it)", i,
                         quoted(id, q, sizeof q), j);
                return false;
            }
    }
    return true;
}

static bool option_ok(const model_scenario *scn, int k, int option, const char *field, int index,
                      char *why, size_t n)
{
    if (option >= 0 && option < scn->issues[k].option_count)
        return true;
    char q[48];
    snprintf(why, n, "%s[%d]: option %d out of range (issue '%s' has %d options)", field, index,
             option, quoted(scn->issues[k].id, q, sizeof q), scn->issues[k].option_count);
    return false;
}

static bool actor_ok(const model_scenario *scn, int actor, const char *field, char *why,
                     size_t n)
{
    if (actor >= 0 && actor < scn->actor_count)
        return true;
    snprintf(why, n, "%s: actor %d out of range (%d actors)", field, actor, scn->actor_count);
    return false;
}

static bool check_round(const model_scenario *scn, const round_record *rec, int expected,
                        char *why, size_t n)
{
    if (rec->number != expected) {
        snprintf(why, n, "number: round %d where round %d was expected%s", rec->number, expected,
                 rec->number > expected ? " (a record is missing?)" : "");
        return false;
    }
    if (rec->proposer != -1 && !actor_ok(scn, rec->proposer, "proposer", why, n))
        return false;
    for (int k = 0; k < scn->issue_count; k++)
        if (!option_ok(scn, k, rec->offer.opt[k], "offer", k, why, n))
            return false;
    if (rec->response_count < 0 || rec->response_count > scn->actor_count) {
        snprintf(why, n, "responses: %d responses for %d actors", rec->response_count,
                 scn->actor_count);
        return false;
    }
    for (int j = 0; j < rec->response_count; j++) {
        const round_response *r = &rec->responses[j];
        char field[48];
        snprintf(field, sizeof field, "responses[%d].actor", j);
        if (!actor_ok(scn, r->actor, field, why, n))
            return false;
        if ((unsigned)r->verdict > ROUND_ABSENT) {
            snprintf(why, n, "responses[%d].verdict: %d is not a verdict", j, (int)r->verdict);
            return false;
        }
        const model_actor *a = &scn->actors[r->actor];
        if (r->redline < -1 || r->redline >= a->redline_count) {
            char q[48];
            snprintf(why, n, "responses[%d].redline: red line %d out of range (actor '%s' has %d)",
                     j, r->redline, quoted(a->id, q, sizeof q), a->redline_count);
            return false;
        }
        if (r->issue < -1 || r->issue >= scn->issue_count) {
            snprintf(why, n, "responses[%d].issue: issue %d out of range (%d issues)", j,
                     r->issue, scn->issue_count);
            return false;
        }
        if (strnlen(r->reason, sizeof r->reason) == sizeof r->reason) {
            snprintf(why, n, "responses[%d].reason: not a string", j);
            return false;
        }
    }
    if (rec->message_count < 0 || (rec->message_count > 0 && !rec->messages)) {
        snprintf(why, n, "messages: %d messages and no list", rec->message_count);
        return false;
    }
    for (int m = 0; m < rec->message_count; m++)
        if (!rec->messages[m]) {
            snprintf(why, n, "messages[%d]: no text", m);
            return false;
        }
    return true;
}

static bool check_outcome(const model_scenario *scn, const round_outcome *o, int rounds,
                          char *why, size_t n)
{
    if ((unsigned)o->kind > OUTCOME_BREAKDOWN) {
        snprintf(why, n, "kind: %d is not an outcome", (int)o->kind);
        return false;
    }
    for (int k = 0; k < scn->issue_count; k++)
        if (!option_ok(scn, k, o->package.opt[k], "package", k, why, n))
            return false;
    if (scn->actor_count < 64 && (o->signatories >> scn->actor_count) != 0) {
        snprintf(why, n, "signatories: a signatory beyond the %d actors", scn->actor_count);
        return false;
    }
    if (o->rounds != rounds) {
        snprintf(why, n, "rounds: %d rounds played, but %d round record%s came before",
                 o->rounds, rounds, rounds == 1 ? "" : "s");
        return false;
    }
    if (strnlen(o->reason, sizeof o->reason) == sizeof o->reason) {
        snprintf(why, n, "reason: not a string");
        return false;
    }
    return true;
}

/* ---- encoding --------------------------------------------------------------------------- */

/* Adds item to an object (key) or an array (key NULL); false, and item freed, on failure. */
static bool put(cJSON *parent, const char *key, cJSON *item)
{
    if (!item)
        return false;
    if (key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item))
        return true;
    cJSON_Delete(item);
    return false;
}

static cJSON *string_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *number_item(double x)
{
    char buf[40];
    format_double(x, buf, sizeof buf);
    return cJSON_CreateRaw(buf);
}

static cJSON *int_item(int v)
{
    return cJSON_CreateNumber(v);
}

static cJSON *package_array(const model_scenario *scn, const model_package *pkg)
{
    cJSON *arr = cJSON_CreateArray();
    for (int k = 0; arr && k < scn->issue_count; k++)
        if (!put(arr, NULL, int_item(pkg->opt[k]))) {
            cJSON_Delete(arr);
            return NULL;
        }
    return arr;
}

static cJSON *encode_scenario(const model_scenario *scn, uint64_t seed)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    char digits[24];
    snprintf(digits, sizeof digits, "%" PRIu64, seed);
    cJSON *actors = cJSON_CreateArray(), *issues = cJSON_CreateArray();
    bool ok = put(o, "id", cJSON_CreateString(scn->id)) &&
              put(o, "title", string_or_null(scn->title)) &&
              put(o, "variant", string_or_null(scn->variant)) &&
              put(o, "seed", cJSON_CreateString(digits));
    ok = put(o, "actors", actors) && ok;
    ok = put(o, "issues", issues) && ok;
    for (int i = 0; ok && i < scn->actor_count; i++) {
        const model_actor *from = &scn->actors[i];
        cJSON *a = cJSON_CreateObject(), *rls = cJSON_CreateArray();
        ok = put(actors, NULL, a) && put(a, "id", cJSON_CreateString(from->id)) &&
             put(a, "name", string_or_null(from->name));
        ok = (ok ? put(a, "redlines", rls) : (cJSON_Delete(rls), false));
        for (int r = 0; ok && r < from->redline_count; r++)
            ok = put(rls, NULL, cJSON_CreateString(from->redlines[r].id));
    }
    for (int k = 0; ok && k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        cJSON *js = cJSON_CreateObject(), *opts = cJSON_CreateArray();
        ok = put(issues, NULL, js);
        ok = ok && put(js, "id", cJSON_CreateString(is->id)) &&
             put(js, "label", string_or_null(is->label));
        ok = (ok ? put(js, "options", opts) : (cJSON_Delete(opts), false));
        for (int p = 0; ok && p < is->option_count; p++) {
            cJSON *op = cJSON_CreateObject();
            ok = put(opts, NULL, op) && put(op, "id", cJSON_CreateString(is->options[p].id)) &&
                 put(op, "label", string_or_null(is->options[p].label));
        }
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *encode_round(const model_scenario *scn, const round_record *rec)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    bool ok = put(o, "number", int_item(rec->number)) &&
              put(o, "proposer", int_item(rec->proposer)) &&
              put(o, "offer", package_array(scn, &rec->offer));
    cJSON *resps = cJSON_CreateArray();
    ok = (ok ? put(o, "responses", resps) : (cJSON_Delete(resps), false));
    for (int j = 0; ok && j < rec->response_count; j++) {
        const round_response *r = &rec->responses[j];
        cJSON *jr = cJSON_CreateObject();
        ok = put(resps, NULL, jr) && put(jr, "actor", int_item(r->actor)) &&
             put(jr, "verdict", cJSON_CreateString(round_verdict_name(r->verdict))) &&
             put(jr, "redline", int_item(r->redline)) && put(jr, "issue", int_item(r->issue)) &&
             put(jr, "utility", number_item(r->utility)) &&
             put(jr, "aspiration", number_item(r->aspiration)) &&
             put(jr, "reason", cJSON_CreateString(r->reason));
    }
    const char *lists[] = {"willingness", "aspiration"};
    const double *values[] = {rec->willingness, rec->aspiration};
    for (int l = 0; l < 2; l++) {
        cJSON *arr = cJSON_CreateArray();
        ok = (ok ? put(o, lists[l], arr) : (cJSON_Delete(arr), false));
        for (int i = 0; ok && i < scn->actor_count; i++)
            ok = put(arr, NULL, number_item(values[l][i]));
    }
    cJSON *msgs = cJSON_CreateArray();
    ok = (ok ? put(o, "messages", msgs) : (cJSON_Delete(msgs), false));
    for (int m = 0; ok && m < rec->message_count; m++)
        ok = put(msgs, NULL, cJSON_CreateString(rec->messages[m]));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *encode_outcome(const model_scenario *scn, const round_outcome *oc)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    bool ok = put(o, "kind", cJSON_CreateString(round_outcome_name(oc->kind))) &&
              put(o, "has_package", cJSON_CreateBool(oc->has_package)) &&
              put(o, "package", package_array(scn, &oc->package));
    cJSON *sig = cJSON_CreateArray();
    ok = (ok ? put(o, "signatories", sig) : (cJSON_Delete(sig), false));
    for (int i = 0; ok && i < scn->actor_count; i++)
        if (model_set_has(oc->signatories, i))
            ok = put(sig, NULL, cJSON_CreateString(scn->actors[i].id));
    ok = ok && put(o, "rounds", int_item(oc->rounds)) &&
         put(o, "reason", cJSON_CreateString(oc->reason));
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* ---- writing ---------------------------------------------------------------------------- */

struct replay_writer {
    FILE *f;
    char *path;
    char *tmp;             /* the file being written, beside path */
    model_scenario *names; /* the names of the scenario, copied at open */
    int rounds;            /* round records written */
    bool failed;           /* an earlier write failed: the file is incomplete */
};

#define COPY_NAME(dst, src)                                \
    do {                                                   \
        if ((src) && !((dst) = model_strdup(names, (src)))) \
            goto nomem;                                    \
    } while (0)

/* A model holding only what a replay records: the same thing replay_read builds. */
static model_scenario *copy_names(const model_scenario *scn)
{
    model_scenario *names = model_new();
    if (!names)
        return NULL;
    memcpy(names->id, scn->id, sizeof names->id);
    COPY_NAME(names->title, scn->title);
    COPY_NAME(names->variant, scn->variant);
    names->actor_count = scn->actor_count;
    for (int i = 0; i < scn->actor_count; i++) {
        model_actor *to = &names->actors[i];
        memcpy(to->id, scn->actors[i].id, sizeof to->id);
        COPY_NAME(to->name, scn->actors[i].name);
        to->redline_count = scn->actors[i].redline_count;
        for (int r = 0; r < to->redline_count; r++)
            memcpy(to->redlines[r].id, scn->actors[i].redlines[r].id, sizeof to->redlines[r].id);
    }
    names->issue_count = scn->issue_count;
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *from = &scn->issues[k];
        model_issue *to = &names->issues[k];
        memcpy(to->id, from->id, sizeof to->id);
        COPY_NAME(to->label, from->label);
        to->option_count = from->option_count;
        for (int o = 0; o < from->option_count; o++) {
            memcpy(to->options[o].id, from->options[o].id, sizeof to->options[o].id);
            COPY_NAME(to->options[o].label, from->options[o].label);
        }
    }
    return names;
nomem:
    model_free(names);
    return NULL;
}

static ent_status write_failed(replay_writer *w, ent_error *err)
{
    w->failed = true;
    return ent_fail(err, ENT_ERR_IO, "%s: cannot write: %s", w->path,
                    strerror(errno ? errno : EIO));
}

/* Prints payload, frames it and appends the line; what names the record in messages. */
static ent_status write_record(replay_writer *w, int kind, cJSON *payload, const char *what,
                               ent_error *err)
{
    if (!payload) {
        w->failed = true;
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", w->path);
    }
    char *text = cJSON_PrintUnformatted(payload);
    cJSON_Delete(payload);
    if (!text) {
        w->failed = true;
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", w->path);
    }
    size_t n = strlen(text);
    const char *shape = n > REPLAY_MAX_RECORD ? "more than 1048576 bytes" : shape_error(text, n);
    if (shape) {
        cJSON_free(text);
        w->failed = true;
        return ent_fail(err, ENT_ERR_LIMIT, "%s: cannot record %s: %s", w->path, what, shape);
    }
    uint32_t crc = replay_crc32(text, n);
    errno = 0;
    bool ok = fprintf(w->f, "%s %zu %08" PRIx32 " ", kind_names[kind], n, crc) > 0 &&
              fwrite(text, 1, n, w->f) == n && fputc('\n', w->f) != EOF && fflush(w->f) == 0;
    cJSON_free(text);
    return ok ? ENT_OK : write_failed(w, err);
}

static void writer_free(replay_writer *w)
{
    if (w->f)
        fclose(w->f);
    if (w->tmp)
        unlink(w->tmp);
    free(w->tmp);
    free(w->path);
    model_free(w->names);
    free(w);
}

replay_writer *replay_open(const char *path, const model_scenario *scn, uint64_t seed,
                           ent_error *err)
{
    char why[WHY_MAX];
    if (!check_scenario(scn, why, sizeof why)) {
        ent_fail(err, ENT_ERR_SCENARIO, "%s: cannot record the scenario: %s", path, why);
        return NULL;
    }
    replay_writer *w = calloc(1, sizeof *w);
    size_t n = strlen(path);
    if (w) {
        w->path = malloc(n + 1);
        w->tmp = malloc(n + 16);
        w->names = copy_names(scn);
    }
    if (!w || !w->path || !w->tmp || !w->names) {
        if (w) {
            free(w->tmp);
            w->tmp = NULL; /* nothing created yet: nothing to unlink */
            writer_free(w);
        }
        ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
        return NULL;
    }
    memcpy(w->path, path, n + 1);
    /* Same directory as the target, so rename() never crosses a file system. */
    snprintf(w->tmp, n + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(w->tmp);
    if (fd < 0) {
        ent_fail(err, ENT_ERR_IO, "%s: cannot create a file there: %s", path, strerror(errno));
        free(w->tmp);
        w->tmp = NULL;
        writer_free(w);
        return NULL;
    }
    if (fchmod(fd, 0644) != 0 || !(w->f = fdopen(fd, "wb"))) {
        ent_fail(err, ENT_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
        if (!w->f)
            close(fd);
        writer_free(w);
        return NULL;
    }
    if (fputs(REPLAY_MAGIC " 1\n", w->f) == EOF) {
        write_failed(w, err);
        writer_free(w);
        return NULL;
    }
    if (write_record(w, KIND_SCENARIO, encode_scenario(w->names, seed), "the scenario", err) !=
        ENT_OK) {
        writer_free(w);
        return NULL;
    }
    return w;
}

ent_status replay_append(replay_writer *w, const round_record *rec, ent_error *err)
{
    assert(w && rec);
    if (w->failed)
        return ent_fail(err, ENT_ERR_IO, "%s: an earlier error stopped this replay", w->path);
    char what[48], why[WHY_MAX];
    snprintf(what, sizeof what, "round %d", rec->number);
    if (w->rounds >= REPLAY_MAX_ROUNDS) {
        w->failed = true;
        return ent_fail(err, ENT_ERR_LIMIT, "%s: cannot record %s: more than %d rounds",
                        w->path, what, REPLAY_MAX_ROUNDS);
    }
    if (!check_round(w->names, rec, w->rounds + 1, why, sizeof why)) {
        w->failed = true;
        return ent_fail(err, ENT_ERR_SCENARIO, "%s: cannot record %s: %s", w->path, what, why);
    }
    ent_status st = write_record(w, KIND_ROUND, encode_round(w->names, rec), what, err);
    if (st == ENT_OK)
        w->rounds++;
    return st;
}

ent_status replay_close(replay_writer *w, const round_outcome *o, ent_error *err)
{
    assert(w && o);
    ent_status st = ENT_OK;
    char why[WHY_MAX];
    if (w->failed)
        st = ent_fail(err, ENT_ERR_IO, "%s: an earlier error stopped this replay", w->path);
    else if (!check_outcome(w->names, o, w->rounds, why, sizeof why))
        st = ent_fail(err, ENT_ERR_SCENARIO, "%s: cannot record the outcome: %s", w->path, why);
    else
        st = write_record(w, KIND_OUTCOME, encode_outcome(w->names, o), "the outcome", err);
    if (st == ENT_OK) {
        FILE *f = w->f;
        w->f = NULL;
        errno = 0;
        if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
            int saved = errno;
            fclose(f);
            errno = saved;
            st = write_failed(w, err);
        } else if (fclose(f) != 0 || rename(w->tmp, w->path) != 0) {
            st = write_failed(w, err);
        } else {
            free(w->tmp);
            w->tmp = NULL; /* renamed: nothing left to remove */
        }
    }
    writer_free(w);
    return st;
}

void replay_abort(replay_writer *w)
{
    if (w)
        writer_free(w);
}

ent_status replay_write(const char *path, const model_scenario *scn, const round_transcript *t,
                        ent_error *err)
{
    ent_error local;
    if (!err)
        err = &local;
    replay_writer *w = replay_open(path, scn, t->seed, err);
    if (!w)
        return err->status;
    for (int r = 0; r < t->record_count; r++) {
        ent_status st = replay_append(w, &t->records[r], err);
        if (st != ENT_OK) {
            replay_abort(w);
            return st;
        }
    }
    return replay_close(w, &t->outcome, err);
}

/* ---- reading: framing ------------------------------------------------------------------- */

typedef struct {
    const char *path;
    FILE *f;
    ent_error *err;
    int record;    /* the record being read, from 1 */
    int kind;      /* its kind, or -1 while unknown */
    char *buf;     /* its payload and a NUL; grown up to REPLAY_MAX_RECORD + 1 bytes */
    size_t size;   /* of buf */
    size_t len;
} reader;

__attribute__((format(printf, 3, 4)))
static ent_status fail_at(reader *rd, ent_status st, const char *fmt, ...)
{
    char what[WHY_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (rd->kind >= 0)
        return ent_fail(rd->err, st, "%s: record %d (%s): %s", rd->path, rd->record,
                        kind_names[rd->kind], what);
    return ent_fail(rd->err, st, "%s: record %d: %s", rd->path, rd->record, what);
}

static ent_status read_failed(reader *rd)
{
    return ent_fail(rd->err, ENT_ERR_IO, "%s: cannot read: %s", rd->path,
                    strerror(errno ? errno : EIO));
}

static ent_status read_header(reader *rd)
{
    char line[40];
    size_t n = 0;
    int c;
    errno = 0;
    while ((c = getc(rd->f)) != EOF && c != '\n' && n < sizeof line - 1)
        line[n++] = (char)c;
    line[n] = '\0';
    if (c == EOF && ferror(rd->f))
        return read_failed(rd);
    if (c == EOF && n == 0)
        return ent_fail(rd->err, ENT_ERR_SCENARIO, "%s: empty file (not an entente replay)",
                        rd->path);
    const char *magic = REPLAY_MAGIC " ";
    size_t m = strlen(magic);
    if (n > m && strncmp(line, magic, m) == 0 && (c == '\n' || c == EOF)) {
        const char *v = line + m;
        size_t digits = strspn(v, "0123456789");
        bool cr = v[digits] == '\r' && v[digits + 1] == '\0';
        if (digits > 0 && digits <= 9 && (v[digits] == '\0' || cr)) {
            long version = strtol(v, NULL, 10);
            char shown[16];
            snprintf(shown, sizeof shown, "%.*s", (int)digits, v);
            if (version > REPLAY_VERSION)
                return ent_fail(rd->err, ENT_ERR_SCENARIO,
                                "%s: format version %s is newer than this entente reads "
                                "(version %d): use a newer entente",
                                rd->path, shown, REPLAY_VERSION);
            if (version != REPLAY_VERSION || digits != 1)
                return ent_fail(rd->err, ENT_ERR_SCENARIO, "%s: unknown format version %s",
                                rd->path, shown);
            if (cr)
                return ent_fail(rd->err, ENT_ERR_SCENARIO,
                                "%s: the lines end in CR LF (was the file converted to DOS line "
                                "endings?); a replay's lines end in LF",
                                rd->path);
            if (c == EOF)
                return ent_fail(rd->err, ENT_ERR_SCENARIO,
                                "%s: truncated: the file ends inside the first line", rd->path);
            return ENT_OK;
        }
    }
    return ent_fail(rd->err, ENT_ERR_SCENARIO,
                    "%s: not an entente replay (the first line is not '" REPLAY_MAGIC " 1')",
                    rd->path);
}

/* Counts the records without reading them, so that a file of millions of lines is refused
   before anything is allocated for them; *total is an upper bound on the records present. */
static ent_status count_records(reader *rd, int *total)
{
    long start = ftell(rd->f);
    if (start < 0)
        return read_failed(rd);
    long lines = 0;
    bool open_line = false;
    size_t got;
    errno = 0;
    while ((got = fread(rd->buf, 1, rd->size, rd->f)) > 0) {
        const char *p = rd->buf, *end = rd->buf + got;
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            lines++;
            p++;
        }
        open_line = rd->buf[got - 1] != '\n';
        if (lines + open_line > REPLAY_MAX_ROUNDS + 2) {
            rd->record = REPLAY_MAX_ROUNDS + 3;
            return fail_at(rd, ENT_ERR_LIMIT,
                           "too many records (a replay holds a scenario, at most %d rounds and "
                           "an outcome)",
                           REPLAY_MAX_ROUNDS);
        }
    }
    if (ferror(rd->f))
        return read_failed(rd);
    *total = (int)(lines + open_line);
    if (fseek(rd->f, start, SEEK_SET) != 0)
        return read_failed(rd);
    return ENT_OK;
}

/* Reads the next record's line into rd->buf after checking its frame and its checksum;
   *got is false at the end of the file. */
static ent_status next_record(reader *rd, bool *got)
{
    static const char truncated[] = "truncated: the file ends before the payload";
    *got = false;
    rd->record++;
    rd->kind = -1;
    char kind[KIND_MAX];
    size_t n = 0;
    int c;
    errno = 0;
    while ((c = getc(rd->f)) >= 'a' && c <= 'z' && n < sizeof kind - 1)
        kind[n++] = (char)c;
    kind[n] = '\0';
    if (c == EOF && ferror(rd->f))
        return read_failed(rd);
    if (c == EOF && n == 0)
        return ENT_OK;
    if (c == EOF)
        return fail_at(rd, ENT_ERR_SCENARIO, "%s", truncated);
    if (c != ' ' || n == 0)
        return fail_at(rd, ENT_ERR_SCENARIO,
                       "bad record header (expected '<kind> <length> <crc32> <payload>')");
    for (int k = 0; k < KIND_COUNT; k++)
        if (strcmp(kind, kind_names[k]) == 0)
            rd->kind = k;
    if (rd->kind < 0)
        return fail_at(rd, ENT_ERR_SCENARIO, "unknown record kind '%s'", kind);

    /* The length: decimal, no leading zeros; a claim over the limit is refused unread. */
    char digits[24];
    n = 0;
    while ((c = getc(rd->f)) >= '0' && c <= '9' && n < sizeof digits - 1)
        digits[n++] = (char)c;
    digits[n] = '\0';
    if (c == EOF)
        return ferror(rd->f) ? read_failed(rd) : fail_at(rd, ENT_ERR_SCENARIO, "%s", truncated);
    if (c != ' ' || n == 0 || n > 20 || (digits[0] == '0' && n > 1))
        return fail_at(rd, ENT_ERR_SCENARIO, "bad length field");
    if (n > 7 || strtoul(digits, NULL, 10) > REPLAY_MAX_RECORD)
        return fail_at(rd, ENT_ERR_LIMIT, "length %s is over the limit of %u bytes", digits,
                       REPLAY_MAX_RECORD);
    size_t len = strtoul(digits, NULL, 10);
    if (len + 1 > rd->size) {
        char *grown = realloc(rd->buf, len + 1);
        if (!grown)
            return ent_fail(rd->err, ENT_ERR_NOMEM, "%s: out of memory", rd->path);
        rd->buf = grown;
        rd->size = len + 1;
    }

    /* The checksum: exactly 8 lowercase hex digits. */
    char hex[9];
    n = 0;
    while ((c = getc(rd->f)) != EOF && c && strchr("0123456789abcdef", c) && n < 8)
        hex[n++] = (char)c;
    hex[n] = '\0';
    if (c == EOF)
        return ferror(rd->f) ? read_failed(rd) : fail_at(rd, ENT_ERR_SCENARIO, "%s", truncated);
    if (n != 8 || c != ' ')
        return fail_at(rd, ENT_ERR_SCENARIO, "bad checksum field (expected 8 lowercase hex "
                                             "digits)");
    uint32_t want = (uint32_t)strtoul(hex, NULL, 16);

    /* The payload, up to its length; a newline inside means the line was cut or miscounted. */
    size_t have = 0;
    while (have < len && (c = getc(rd->f)) != EOF && c != '\n')
        rd->buf[have++] = (char)c;
    if (have < len) {
        if (c == EOF && ferror(rd->f))
            return read_failed(rd);
        if (c == EOF)
            return fail_at(rd, ENT_ERR_SCENARIO,
                           "truncated: the file ends after %zu of %zu payload bytes", have, len);
        return fail_at(rd, ENT_ERR_SCENARIO, "the line ends after %zu of %zu payload bytes",
                       have, len);
    }
    rd->buf[len] = '\0';
    rd->len = len;
    c = getc(rd->f);
    if (c == EOF && ferror(rd->f))
        return read_failed(rd);
    if (c == EOF)
        return fail_at(rd, ENT_ERR_SCENARIO,
                       "truncated: the file ends before the end of the line");
    if (c != '\n')
        return fail_at(rd, ENT_ERR_SCENARIO, "the payload runs past its length of %zu bytes",
                       len);
    if (replay_crc32(rd->buf, len) != want)
        return fail_at(rd, ENT_ERR_SCENARIO, "checksum mismatch");
    *got = true;
    return ENT_OK;
}

/* ---- reading: decoding ------------------------------------------------------------------ */

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsArray(v))
        return "an array";
    return "an object";
}

/* "where.name", or "name" at the top. */
static const char *label_of(const char *where, const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", where, *where ? "." : "", name);
    return buf;
}

/* The object must hold exactly these members, once each. */
static bool members(const cJSON *obj, const char *where, const char *const *names, int count,
                    char *why, size_t n)
{
    if (!cJSON_IsObject(obj)) {
        snprintf(why, n, "%s%sexpected an object, found %s", where, *where ? ": " : "",
                 type_name(obj));
        return false;
    }
    unsigned seen = 0;
    for (const cJSON *m = obj->child; m; m = m->next) {
        int i = 0;
        while (i < count && strcmp(m->string, names[i]) != 0)
            i++;
        char q[48];
        if (i == count) {
            snprintf(why, n, "%s%sunknown field '%s'", where, *where ? ": " : "",
                     quoted(m->string, q, sizeof q));
            return false;
        }
        if (seen & (1u << i)) {
            snprintf(why, n, "%s%sfield '%s' twice", where, *where ? ": " : "", names[i]);
            return false;
        }
        seen |= 1u << i;
    }
    for (int i = 0; i < count; i++)
        if (!(seen & (1u << i))) {
            snprintf(why, n, "%s%smissing field '%s'", where, *where ? ": " : "", names[i]);
            return false;
        }
    return true;
}

static const cJSON *member(const cJSON *obj, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static bool as_int(const cJSON *v, const char *label, int *out, char *why, size_t n)
{
    if (!cJSON_IsNumber(v)) {
        snprintf(why, n, "%s: expected an integer, found %s", label, type_name(v));
        return false;
    }
    double d = v->valuedouble;
    if (!(d >= INT_MIN && d <= INT_MAX) || d != floor(d)) {
        snprintf(why, n, "%s: expected an integer, found %g", label, d);
        return false;
    }
    *out = (int)v->valuedouble;
    return true;
}

static bool as_double(const cJSON *v, const char *label, double *out, char *why, size_t n)
{
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return true;
    }
    if (cJSON_IsString(v)) {
        if (strcmp(v->valuestring, "NaN") == 0) {
            *out = NAN;
            return true;
        }
        if (strcmp(v->valuestring, "Infinity") == 0 || strcmp(v->valuestring, "-Infinity") == 0) {
            *out = v->valuestring[0] == '-' ? -INFINITY : INFINITY;
            return true;
        }
    }
    snprintf(why, n, "%s: expected a number, found %s", label, type_name(v));
    return false;
}

/* A string of at most max bytes; NULL for null when nullable. */
static bool as_string(const cJSON *v, const char *label, bool nullable, size_t max,
                      const char **out, char *why, size_t n)
{
    if (nullable && cJSON_IsNull(v)) {
        *out = NULL;
        return true;
    }
    if (!cJSON_IsString(v)) {
        snprintf(why, n, "%s: expected a string%s, found %s", label, nullable ? " or null" : "",
                 type_name(v));
        return false;
    }
    if (strlen(v->valuestring) > max) {
        snprintf(why, n, "%s: longer than %zu bytes", label, max);
        return false;
    }
    *out = v->valuestring;
    return true;
}

static bool as_array(const cJSON *v, const char *label, int min, int max, int *count, char *why,
                     size_t n)
{
    if (!cJSON_IsArray(v)) {
        snprintf(why, n, "%s: expected an array, found %s", label, type_name(v));
        return false;
    }
    int c = cJSON_GetArraySize(v);
    if (c < min || c > max) {
        if (min == max)
            snprintf(why, n, "%s: %d entries where %d were expected", label, c, min);
        else
            snprintf(why, n, "%s: %d entries, from %d to %d allowed", label, c, min, max);
        return false;
    }
    *count = c;
    return true;
}

static bool copy_id(char *dst, size_t size, const cJSON *v, const char *label, char *why,
                    size_t n)
{
    const char *s;
    if (!as_string(v, label, false, size - 1, &s, why, n))
        return false;
    memcpy(dst, s, strlen(s) + 1);
    return true;
}

static bool copy_text(model_scenario *scn, char **dst, const cJSON *v, const char *label,
                      bool nullable, bool *nomem, char *why, size_t n)
{
    const char *s;
    if (!as_string(v, label, nullable, REPLAY_MAX_RECORD, &s, why, n))
        return false;
    *dst = NULL;
    if (s && !(*dst = model_strdup(scn, s))) {
        *nomem = true;
        snprintf(why, n, "out of memory");
        return false;
    }
    return true;
}

static bool decode_package(const model_scenario *scn, const cJSON *arr, const char *field,
                           model_package *pkg, char *why, size_t n)
{
    int count;
    if (!as_array(arr, field, scn->issue_count, scn->issue_count, &count, why, n))
        return false;
    int k = 0;
    for (const cJSON *v = arr->child; v; v = v->next, k++) {
        char label[48];
        int option;
        snprintf(label, sizeof label, "%s[%d]", field, k);
        if (!as_int(v, label, &option, why, n) || !option_ok(scn, k, option, field, k, why, n))
            return false;
        pkg->opt[k] = (uint8_t)option;
    }
    return true;
}

static bool decode_scenario(const cJSON *j, model_scenario *scn, uint64_t *seed, bool *nomem,
                            char *why, size_t n)
{
    static const char *const top[] = {"id", "title", "variant", "seed", "actors", "issues"};
    static const char *const actor_fields[] = {"id", "name", "redlines"};
    static const char *const issue_fields[] = {"id", "label", "options"};
    static const char *const option_fields[] = {"id", "label"};
    if (!members(j, "", top, 6, why, n) ||
        !copy_id(scn->id, sizeof scn->id, member(j, "id"), "id", why, n) ||
        !copy_text(scn, &scn->title, member(j, "title"), "title", true, nomem, why, n) ||
        !copy_text(scn, &scn->variant, member(j, "variant"), "variant", true, nomem, why, n))
        return false;
    const char *digits;
    if (!as_string(member(j, "seed"), "seed", false, 20, &digits, why, n))
        return false;
    errno = 0;
    char *end;
    unsigned long long s = strtoull(digits, &end, 10);
    if (*end || errno || digits[0] < '0' || digits[0] > '9' || (digits[0] == '0' && digits[1])) {
        snprintf(why, n, "seed: expected an unsigned 64-bit number in decimal");
        return false;
    }
    *seed = (uint64_t)s;

    const cJSON *actors = member(j, "actors");
    if (!as_array(actors, "actors", 0, MODEL_MAX_ACTORS, &scn->actor_count, why, n))
        return false;
    int i = 0;
    for (const cJSON *a = actors->child; a; a = a->next, i++) {
        char where[32], label[64];
        snprintf(where, sizeof where, "actors[%d]", i);
        model_actor *to = &scn->actors[i];
        if (!members(a, where, actor_fields, 3, why, n) ||
            !copy_id(to->id, sizeof to->id, member(a, "id"),
                     label_of(where, "id", label, sizeof label), why, n) ||
            !copy_text(scn, &to->name, member(a, "name"),
                       label_of(where, "name", label, sizeof label), false, nomem, why, n) ||
            !as_array(member(a, "redlines"), label_of(where, "redlines", label, sizeof label), 0,
                      MODEL_MAX_REDLINES, &to->redline_count, why, n))
            return false;
        int r = 0;
        for (const cJSON *v = member(a, "redlines")->child; v; v = v->next, r++) {
            char rl[64];
            snprintf(rl, sizeof rl, "%s.redlines[%d]", where, r);
            if (!copy_id(to->redlines[r].id, sizeof to->redlines[r].id, v, rl, why, n))
                return false;
        }
    }
    const cJSON *issues = member(j, "issues");
    if (!as_array(issues, "issues", 0, MODEL_MAX_ISSUES, &scn->issue_count, why, n))
        return false;
    int k = 0;
    for (const cJSON *is = issues->child; is; is = is->next, k++) {
        model_issue *to = &scn->issues[k];
        char where[32], label[64];
        snprintf(where, sizeof where, "issues[%d]", k);
        if (!members(is, where, issue_fields, 3, why, n))
            return false;
        const cJSON *opts = member(is, "options");
        if (!copy_id(to->id, sizeof to->id, member(is, "id"),
                     label_of(where, "id", label, sizeof label), why, n) ||
            !copy_text(scn, &to->label, member(is, "label"),
                       label_of(where, "label", label, sizeof label), false, nomem, why, n) ||
            !as_array(opts, label_of(where, "options", label, sizeof label), 1,
                      MODEL_MAX_OPTIONS, &to->option_count, why, n))
            return false;
        int o = 0;
        for (const cJSON *op = opts->child; op; op = op->next, o++) {
            char owhere[48];
            snprintf(owhere, sizeof owhere, "issues[%d].options[%d]", k, o);
            if (!members(op, owhere, option_fields, 2, why, n) ||
                !copy_id(to->options[o].id, sizeof to->options[o].id, member(op, "id"),
                         label_of(owhere, "id", label, sizeof label), why, n) ||
                !copy_text(scn, &to->options[o].label, member(op, "label"),
                           label_of(owhere, "label", label, sizeof label), true, nomem, why,
                           n))
                return false;
        }
    }
    return check_scenario(scn, why, n);
}

static void free_messages(round_record *rec)
{
    for (int m = 0; m < rec->message_count; m++)
        free(rec->messages[m]);
    free(rec->messages);
    rec->messages = NULL;
    rec->message_count = 0;
}

/* Fills rec (zeroed by the caller); on failure its messages are freed. */
static bool decode_round(const cJSON *j, const model_scenario *scn, int expected,
                         round_record *rec, bool *nomem, char *why, size_t n)
{
    static const char *const top[] = {"number",      "proposer",   "offer",   "responses",
                                      "willingness", "aspiration", "messages"};
    static const char *const resp_fields[] = {"actor",   "verdict",    "redline", "issue",
                                              "utility", "aspiration", "reason"};
    static const char *const verdicts[] = {"accept", "object", "counter", "walk", "absent"};
    if (!members(j, "", top, 7, why, n) ||
        !as_int(member(j, "number"), "number", &rec->number, why, n) ||
        !as_int(member(j, "proposer"), "proposer", &rec->proposer, why, n) ||
        !decode_package(scn, member(j, "offer"), "offer", &rec->offer, why, n))
        return false;
    const cJSON *resps = member(j, "responses");
    if (!as_array(resps, "responses", 0, scn->actor_count, &rec->response_count, why, n))
        return false;
    int r = 0;
    for (const cJSON *v = resps->child; v; v = v->next, r++) {
        round_response *out = &rec->responses[r];
        char where[32], label[64];
        const char *verdict, *reason;
        snprintf(where, sizeof where, "responses[%d]", r);
        if (!members(v, where, resp_fields, 7, why, n) ||
            !as_int(member(v, "actor"), label_of(where, "actor", label, sizeof label),
                    &out->actor, why, n) ||
            !as_string(member(v, "verdict"), label_of(where, "verdict", label, sizeof label),
                       false, 16, &verdict, why, n) ||
            !as_int(member(v, "redline"), label_of(where, "redline", label, sizeof label),
                    &out->redline, why, n) ||
            !as_int(member(v, "issue"), label_of(where, "issue", label, sizeof label),
                    &out->issue, why, n) ||
            !as_double(member(v, "utility"), label_of(where, "utility", label, sizeof label),
                       &out->utility, why, n) ||
            !as_double(member(v, "aspiration"),
                       label_of(where, "aspiration", label, sizeof label), &out->aspiration,
                       why, n) ||
            !as_string(member(v, "reason"), label_of(where, "reason", label, sizeof label),
                       false, ROUND_REASON_MAX - 1, &reason, why, n))
            return false;
        int k = 0;
        while (k < 5 && strcmp(verdict, verdicts[k]) != 0)
            k++;
        if (k == 5) {
            char q[48];
            snprintf(why, n, "%s.verdict: unknown verdict '%s'", where,
                     quoted(verdict, q, sizeof q));
            return false;
        }
        out->verdict = (round_verdict)k;
        memcpy(out->reason, reason, strlen(reason) + 1);
    }
    const char *lists[] = {"willingness", "aspiration"};
    double *values[] = {rec->willingness, rec->aspiration};
    for (int l = 0; l < 2; l++) {
        const cJSON *arr = member(j, lists[l]);
        int count;
        if (!as_array(arr, lists[l], scn->actor_count, scn->actor_count, &count, why, n))
            return false;
        int i = 0;
        for (const cJSON *v = arr->child; v; v = v->next, i++) {
            char label[48];
            snprintf(label, sizeof label, "%s[%d]", lists[l], i);
            if (!as_double(v, label, &values[l][i], why, n))
                return false;
        }
    }
    const cJSON *msgs = member(j, "messages");
    int count;
    if (!as_array(msgs, "messages", 0, REPLAY_MAX_VALUES, &count, why, n))
        return false;
    if (count > 0 && !(rec->messages = calloc((size_t)count, sizeof *rec->messages))) {
        *nomem = true;
        snprintf(why, n, "out of memory");
        return false;
    }
    for (const cJSON *v = msgs->child; v; v = v->next) {
        char label[48];
        const char *text;
        snprintf(label, sizeof label, "messages[%d]", rec->message_count);
        if (!as_string(v, label, false, REPLAY_MAX_RECORD, &text, why, n)) {
            free_messages(rec);
            return false;
        }
        size_t len = strlen(text);
        char *copy = malloc(len + 1);
        if (!copy) {
            free_messages(rec);
            *nomem = true;
            snprintf(why, n, "out of memory");
            return false;
        }
        memcpy(copy, text, len + 1);
        rec->messages[rec->message_count++] = copy;
    }
    if (!check_round(scn, rec, expected, why, n)) {
        free_messages(rec);
        return false;
    }
    return true;
}

static bool decode_outcome(const cJSON *j, const model_scenario *scn, int rounds,
                           round_outcome *o, char *why, size_t n)
{
    static const char *const top[] = {"kind",   "has_package", "package",
                                      "signatories", "rounds", "reason"};
    static const char *const kinds[] = {"agreement", "coalition", "breakdown"};
    const char *kind, *reason;
    if (!members(j, "", top, 6, why, n) ||
        !as_string(member(j, "kind"), "kind", false, 16, &kind, why, n))
        return false;
    int k = 0;
    while (k < 3 && strcmp(kind, kinds[k]) != 0)
        k++;
    if (k == 3) {
        char q[48];
        snprintf(why, n, "kind: unknown outcome '%s'", quoted(kind, q, sizeof q));
        return false;
    }
    o->kind = (round_outcome_kind)k;
    const cJSON *has = member(j, "has_package");
    if (!cJSON_IsBool(has)) {
        snprintf(why, n, "has_package: expected a boolean, found %s", type_name(has));
        return false;
    }
    o->has_package = cJSON_IsTrue(has);
    if (!decode_package(scn, member(j, "package"), "package", &o->package, why, n))
        return false;
    const cJSON *sig = member(j, "signatories");
    int count;
    if (!as_array(sig, "signatories", 0, scn->actor_count, &count, why, n))
        return false;
    int s = 0;
    for (const cJSON *v = sig->child; v; v = v->next, s++) {
        char label[48], q[48];
        const char *id;
        snprintf(label, sizeof label, "signatories[%d]", s);
        if (!as_string(v, label, false, MODEL_ID_MAX - 1, &id, why, n))
            return false;
        int a = model_find_actor(scn, id);
        if (a < 0) {
            snprintf(why, n, "%s: no actor '%s'", label, quoted(id, q, sizeof q));
            return false;
        }
        if (model_set_has(o->signatories, a)) {
            snprintf(why, n, "%s: '%s' signs twice", label, quoted(id, q, sizeof q));
            return false;
        }
        o->signatories |= (model_set)1 << a;
    }
    if (!as_int(member(j, "rounds"), "rounds", &o->rounds, why, n) ||
        !as_string(member(j, "reason"), "reason", false, sizeof o->reason - 1, &reason, why, n))
        return false;
    memcpy(o->reason, reason, strlen(reason) + 1);
    return check_outcome(scn, o, rounds, why, n);
}

/* ---- reading: the file ------------------------------------------------------------------ */

/* Parses and decodes the record in rd->buf. */
static ent_status decode_record(reader *rd, model_scenario *scn, round_transcript *t,
                                int total, bool *have_outcome)
{
    const char *shape = shape_error(rd->buf, rd->len);
    if (shape)
        return fail_at(rd, ENT_ERR_LIMIT, "%s", shape);
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(rd->buf, rd->len, &end, 0);
    if (!j) {
        if (!end || end < rd->buf || end > rd->buf + rd->len)
            return fail_at(rd, ENT_ERR_SCENARIO, "bad JSON");
        return fail_at(rd, ENT_ERR_SCENARIO, "bad JSON at byte %td of the payload",
                       end - rd->buf + 1);
    }
    if (end != rd->buf + rd->len) {
        cJSON_Delete(j);
        return fail_at(rd, ENT_ERR_SCENARIO, "bad JSON: text after the value at byte %td",
                       end - rd->buf + 1);
    }
    char why[WHY_MAX];
    bool ok, nomem = false;
    if (rd->kind == KIND_SCENARIO) {
        ok = decode_scenario(j, scn, &t->seed, &nomem, why, sizeof why);
        scn->seed = t->seed;
    } else if (rd->kind == KIND_ROUND) {
        round_record rec;
        memset(&rec, 0, sizeof rec);
        ok = decode_round(j, scn, t->record_count + 1, &rec, &nomem, why, sizeof why);
        if (ok && t->record_count == t->record_capacity) {
            /* Grow by doubling, but never past the records the file can hold. */
            int cap = t->record_capacity ? t->record_capacity * 2 : 16;
            if (cap > total)
                cap = total;
            if (cap <= t->record_count) /* the file grew since it was counted */
                cap = t->record_count + 1;
            round_record *grown = realloc(t->records, sizeof *grown * (size_t)cap);
            if (!grown) {
                free_messages(&rec);
                ok = false;
                nomem = true;
            } else {
                t->records = grown;
                t->record_capacity = cap;
            }
        }
        if (ok)
            t->records[t->record_count++] = rec;
    } else {
        ok = decode_outcome(j, scn, t->record_count, &t->outcome, why, sizeof why);
        *have_outcome = ok;
    }
    cJSON_Delete(j);
    if (nomem)
        return ent_fail(rd->err, ENT_ERR_NOMEM, "%s: out of memory", rd->path);
    return ok ? ENT_OK : fail_at(rd, ENT_ERR_SCENARIO, "%s", why);
}

static ent_status read_records(reader *rd, model_scenario *scn, round_transcript *t)
{
    ent_status st = read_header(rd);
    int total = 0;
    if (st == ENT_OK)
        st = count_records(rd, &total);
    if (st != ENT_OK)
        return st;
    bool have_outcome = false;
    for (;;) {
        bool got;
        if ((st = next_record(rd, &got)) != ENT_OK)
            return st;
        if (!got)
            break;
        if (rd->record == 1 && rd->kind != KIND_SCENARIO)
            return fail_at(rd, ENT_ERR_SCENARIO, "the first record must be the scenario");
        if (rd->record > 1 && rd->kind == KIND_SCENARIO)
            return fail_at(rd, ENT_ERR_SCENARIO, "a second scenario record");
        if (have_outcome)
            return fail_at(rd, ENT_ERR_SCENARIO, "a record after the outcome (the outcome "
                                                 "must be the last record)");
        if (rd->kind == KIND_ROUND && t->record_count >= REPLAY_MAX_ROUNDS)
            return fail_at(rd, ENT_ERR_LIMIT, "more than %d rounds", REPLAY_MAX_ROUNDS);
        if ((st = decode_record(rd, scn, t, total, &have_outcome)) != ENT_OK)
            return st;
    }
    rd->kind = -1;
    if (rd->record == 1)
        return fail_at(rd, ENT_ERR_SCENARIO, "missing: the file ends before the scenario "
                                             "record");
    if (!have_outcome)
        return fail_at(rd, ENT_ERR_SCENARIO, "missing: the file ends without an outcome record "
                                             "(an interrupted run?)");
    return ENT_OK;
}

ent_status replay_read(const char *path, model_scenario **scn, round_transcript *t,
                       ent_error *err)
{
    ent_error local;
    if (!err)
        err = &local;
    ent_error_clear(err);
    *scn = NULL;
    memset(t, 0, sizeof *t);
    reader rd = {.path = path, .err = err, .kind = -1};
    rd.f = fopen(path, "rb");
    if (!rd.f)
        return ent_fail(err, ENT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    /* Only a regular file: it is read twice, and a device could be endless. */
    struct stat sb;
    const char *why = NULL;
    if (fstat(fileno(rd.f), &sb) != 0)
        why = strerror(errno);
    else if (S_ISDIR(sb.st_mode))
        why = strerror(EISDIR);
    else if (!S_ISREG(sb.st_mode))
        why = "not a regular file";
    if (why) {
        fclose(rd.f);
        return ent_fail(err, ENT_ERR_IO, "%s: cannot open: %s", path, why);
    }
    rd.size = 64 * 1024;
    rd.buf = malloc(rd.size);
    model_scenario *out = model_new();
    ent_status st = rd.buf && out ? read_records(&rd, out, t)
                                  : ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    free(rd.buf);
    fclose(rd.f);
    if (st != ENT_OK) {
        model_free(out);
        round_transcript_free(t);
        return st;
    }
    *scn = out;
    return ENT_OK;
}
