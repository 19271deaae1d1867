/* replay.h: replay files: a run's transcript written as it happens, read back to print it again. */
#ifndef REPLAY_H
#define REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "ent_error.h"
#include "model.h"
#include "round.h"

/* The format is described at the top of replay.c and in docs/replay-format.md. */
#define REPLAY_VERSION 1
#define REPLAY_MAX_RECORD (1u << 20)  /* payload bytes of one record */
#define REPLAY_MAX_ROUNDS 1000        /* round records in one file (run --rounds allows 1000) */
#define REPLAY_MAX_DEPTH 16           /* nesting of a payload's JSON */
#define REPLAY_MAX_VALUES 100000      /* JSON values in one payload */

/* ---- writing, as a run goes ------------------------------------------------------- */

typedef struct replay_writer replay_writer;

/* Starts a replay of a run of scn with this seed: writes the header and the scenario record
   to a temp file beside path (path itself is untouched until replay_close). Copies the names
   it needs, so scn may change or go away afterwards. NULL on failure (err says why). */
replay_writer *replay_open(const char *path, const model_scenario *scn, uint64_t seed,
                           ent_error *err);
/* Appends one round and flushes it, so a crash loses at most the line being written. The
   rounds must come in order: numbers 1, 2, 3, ... */
ent_status replay_append(replay_writer *w, const round_record *rec, ent_error *err);
/* Appends the outcome, syncs the file to disk and renames it over path. Always releases w:
   on failure the temp file is removed and path is left as it was. */
ent_status replay_close(replay_writer *w, const round_outcome *o, ent_error *err);
/* Gives up: removes the temp file and releases w (NULL is fine). path is left as it was. */
void replay_abort(replay_writer *w);

/* One shot: the whole transcript (its seed, rounds and outcome), atomically. */
ent_status replay_write(const char *path, const model_scenario *scn, const round_transcript *t,
                        ent_error *err);

/* ---- reading ---------------------------------------------------------------------- */

/* Reads a replay file: *scn gets a model that holds only the names (ids, title, variant, actor
   names, issue and option labels; free with model_free) and *t the transcript (free with
   round_transcript_free), so report_transcript(out, *scn, t) prints what the run printed.
   On failure nothing is allocated (*scn = NULL, *t zeroed) and err names the path and the
   record: ENT_ERR_IO when the file cannot be opened or read, ENT_ERR_LIMIT when it holds too
   many records, ENT_ERR_NOMEM, otherwise ENT_ERR_SCENARIO (a damaged or foreign file). */
ent_status replay_read(const char *path, model_scenario **scn, round_transcript *t,
                       ent_error *err);

/* ---- the command line --------------------------------------------------------------- */

/* `entente replay PATH [--json]`: argv holds the arguments after the verb (as for the other
   verbs in cli.c). Prints the transcript as `entente run` did (with --json, as
   `entente run --json` did). Returns an exit status: 0, 1 damaged file, 2 usage, 3 I/O. */
int cmd_replay(int argc, char **argv);

/* ---- pieces, exposed for tests ------------------------------------------------------ */

/* CRC-32 (IEEE 802.3, as zlib's crc32(0, data, size)). */
uint32_t replay_crc32(const void *data, size_t size);

#endif
