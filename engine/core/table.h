/* table.h: reading a forecasting table, a CSV file `Actor,Capability,Position,Salience` with an
   optional `Outcome`, into one issue; every error names the file, the row and the column. */
#ifndef TABLE_H
#define TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "ent_error.h"
#include "forecast.h"

#define TABLE_MAX_COLUMNS 64
#define TABLE_MAX_BYTES ((size_t)16 << 20)

typedef struct {
    char *path;     /* as given */
    char *id;       /* the file's base name without its extension: the issue's id */
    int n;          /* actors, 2..FORECAST_MAX_ACTORS */
    char **actor;   /* names as written (trimmed) */
    int *row;       /* the file line each actor is on */
    double *position, *salience, *capability; /* saliences on 0-1 (0-100 ones divided by 100) */
    bool percent;   /* the table's saliences were on 0-100 */
    bool has_outcome;
    double outcome; /* the observed outcome, when the Outcome column gives one */
    int outcome_row;
} table_issue;

/* Reads and checks the table at path. Statuses: ENT_ERR_IO when the file cannot be read,
   ENT_ERR_SCENARIO for a bad table (the message starts "PATH:ROW: "), ENT_ERR_NOMEM. On failure
   *out is left empty. */
ent_status table_load(const char *path, table_issue *out, ent_error *err);
/* The same from text in memory (size bytes; need not end in a newline). */
ent_status table_parse(const char *path, const char *text, size_t size, table_issue *out,
                       ent_error *err);
void table_free(table_issue *t);

/* The table as the forecasting models' input (pointing into t). */
forecast_input table_input(const table_issue *t);

#endif
