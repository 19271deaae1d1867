/* table.c: the CSV reader for forecasting tables: RFC 4180 fields (quotes, doubled quotes,
   quoted newlines), '#' comment lines, a header naming the columns in any order and case,
   commas (or semicolons or tabs, as the header uses), and checks whose
   messages name the file, the row and the column ("data.csv:4: column 'Position': not a
   number ('abc')"). */
#include "table.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- records ------------------------------------------------------------------------- */

/* One record (a row of fields): its fields are NUL-terminated strings in buf. */
typedef struct {
    int line;      /* the line the record starts on */
    int count;     /* fields; a blank line has one empty field */
    bool quoted;   /* some field was quoted (so a lone empty field is not a blank line) */
    char *field[TABLE_MAX_COLUMNS];
    bool overflow; /* more than TABLE_MAX_COLUMNS fields */
    int bad_field; /* 1-based: text after a closing quote, or a quote never closed (open) */
    bool open;
} record;

typedef struct {
    const char *path;
    const char *p, *end;
    int line;
    char sep;
    ent_error *err;
} cursor;

static void trim(char **s)
{
    char *a = *s;
    while (*a == ' ' || *a == '\t')
        a++;
    size_t n = strlen(a);
    while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t'))
        a[--n] = '\0';
    *s = a;
}

/* Reads the next record; false at the end of the text. Sets cur->err on a malformed one. */
static bool next_record(cursor *cur, record *rec, char **out)
{
    if (cur->p >= cur->end)
        return false;
    memset(rec, 0, sizeof *rec);
    rec->line = cur->line;
    char *o = *out;
    rec->field[0] = o;
    rec->count = 1;
    bool in_quotes = false, after_quote = false;
    while (cur->p < cur->end) {
        char ch = *cur->p++;
        if (in_quotes) {
            if (ch == '"') {
                if (cur->p < cur->end && *cur->p == '"') {
                    *o++ = '"';
                    cur->p++;
                } else {
                    in_quotes = false;
                    after_quote = true;
                }
            } else {
                if (ch == '\n')
                    cur->line++;
                *o++ = ch;
            }
            continue;
        }
        if (ch == '\r' && cur->p < cur->end && *cur->p == '\n')
            continue; /* CRLF: the \n ends the record */
        if (ch == '\n') {
            cur->line++;
            break;
        }
        if (ch == cur->sep) {
            *o++ = '\0';
            after_quote = false;
            if (rec->count == TABLE_MAX_COLUMNS) {
                rec->overflow = true;
                o = rec->field[rec->count - 1]; /* keep reading, into the last field */
                continue;
            }
            rec->field[rec->count++] = o;
            continue;
        }
        if (ch == '"' && o == rec->field[rec->count - 1] && !after_quote) {
            /* A quote opens a quoted field only as its first character; elsewhere it is kept
               as written. */
            in_quotes = true;
            rec->quoted = true;
            continue;
        }
        if (after_quote && ch != ' ' && ch != '\t' && !rec->bad_field)
            rec->bad_field = rec->count; /* the caller names the column */
        if (after_quote)
            continue;
        *o++ = ch;
    }
    if (in_quotes) {
        rec->bad_field = rec->count;
        rec->open = true;
    }
    *o++ = '\0';
    *out = o;
    for (int f = 0; f < rec->count; f++)
        trim(&rec->field[f]);
    return true;
}

static bool blank(const record *rec)
{
    return rec->count == 1 && !rec->quoted && rec->field[0][0] == '\0';
}

/* ---- columns --------------------------------------------------------------------------- */

enum { COL_ACTOR, COL_CAPABILITY, COL_POSITION, COL_SALIENCE, COL_OUTCOME, COL_KINDS };
static const char *const column_name[COL_KINDS] = {"Actor", "Capability", "Position",
                                                   "Salience", "Outcome"};

/* A value as it may be shown in a message: at most 40 bytes, control bytes as '?'. */
static void shown(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; s[n] && n + 1 < size && n < 40; n++)
        out[n] = (unsigned char)s[n] < 0x20 || s[n] == 0x7f ? '?' : s[n];
    out[n] = '\0';
    if (s[n] && n >= 40 && size > 44)
        strcpy(out + n, "...");
}

static ent_status number(const cursor *cur, const record *rec, int col, const char *text,
                         double *v)
{
    char what[48];
    shown(text, what, sizeof what);
    if (!*text)
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column '%s': empty", cur->path,
                        rec->line, column_name[col]);
    char *end;
    errno = 0;
    double x = strtod(text, &end);
    if (end == text || *end)
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column '%s': not a number ('%s')",
                        cur->path, rec->line, column_name[col], what);
    if (!isfinite(x))
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column '%s': not a finite number "
                        "('%s')", cur->path, rec->line, column_name[col], what);
    *v = x;
    return ENT_OK;
}

/* ---- the table ----------------------------------------------------------------------- */

void table_free(table_issue *t)
{
    if (!t)
        return;
    if (t->actor)
        for (int i = 0; i < t->n; i++)
            free(t->actor[i]);
    free(t->actor);
    free(t->row);
    free(t->position);
    free(t->salience);
    free(t->capability);
    free(t->path);
    free(t->id);
    memset(t, 0, sizeof *t);
}

forecast_input table_input(const table_issue *t)
{
    return (forecast_input){.n = t->n, .position = t->position, .salience = t->salience,
                            .capability = t->capability};
}

static char *copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* The base name of path without its extension. */
static char *base_id(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *id = copy(*base ? base : path);
    if (!id)
        return NULL;
    char *dot = strrchr(id, '.');
    if (dot && dot != id)
        *dot = '\0';
    return id;
}

static char detect_separator(const char *text, const char *end)
{
    /* The header line decides: commas, else semicolons, else tabs. */
    int commas = 0, semis = 0, tabs = 0;
    while (text < end && (*text == '#' || *text == '\n' || *text == '\r')) {
        while (text < end && *text != '\n') /* comments and blank lines */
            text++;
        if (text < end)
            text++;
    }
    for (const char *p = text; p < end && *p != '\n'; p++) {
        commas += *p == ',';
        semis += *p == ';';
        tabs += *p == '\t';
    }
    return commas ? ',' : semis ? ';' : tabs ? '\t' : ',';
}

static ent_status read_header(cursor *cur, const record *rec, int *col)
{
    char got[400] = "";
    for (int c = 0; c < COL_KINDS; c++)
        col[c] = -1;
    for (int f = 0; f < rec->count; f++) {
        const char *name = rec->field[f];
        if (*name)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", got[0] ? ", " : "",
                     name);
        for (int c = 0; c < COL_KINDS; c++) {
            if (strcasecmp(name, column_name[c]) != 0)
                continue;
            if (col[c] >= 0)
                return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column '%s' appears twice "
                                "(fields %d and %d)", cur->path, rec->line, column_name[c],
                                col[c] + 1, f + 1);
            col[c] = f;
        }
    }
    if (rec->overflow)
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: more than %d columns", cur->path,
                        rec->line, TABLE_MAX_COLUMNS);
    char missing[200] = "";
    int nmissing = 0, last = -1;
    for (int c = 0; c < COL_OUTCOME; c++)
        if (col[c] < 0) {
            nmissing++;
            last = c;
        }
    if (!nmissing)
        return ENT_OK;
    for (int c = 0, k = 0; c < COL_OUTCOME; c++) {
        if (col[c] >= 0)
            continue;
        k++;
        snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s'%s'",
                 k == 1 ? "" : c == last ? " and " : ", ", column_name[c]);
    }
    return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: missing column%s %s (the header has "
                    "%s; expected Actor,Capability,Position,Salience)", cur->path, rec->line,
                    nmissing > 1 ? "s" : "", missing, got[0] ? got : "no names");
}

static bool grow(table_issue *t, int *cap)
{
    int c = *cap ? *cap * 2 : 16;
    char **actor = realloc(t->actor, sizeof *actor * (size_t)c);
    if (actor)
        t->actor = actor;
    int *row = realloc(t->row, sizeof *row * (size_t)c);
    if (row)
        t->row = row;
    double *x = realloc(t->position, sizeof *x * (size_t)c);
    if (x)
        t->position = x;
    double *s = realloc(t->salience, sizeof *s * (size_t)c);
    if (s)
        t->salience = s;
    double *cp = realloc(t->capability, sizeof *cp * (size_t)c);
    if (cp)
        t->capability = cp;
    if (!actor || !row || !x || !s || !cp)
        return false;
    *cap = c;
    return true;
}

static ent_status read_row(cursor *cur, const record *rec, const int *col, int header_fields,
                           table_issue *t)
{
    /* Trailing empty fields past the header (a spreadsheet's export) are harmless. */
    int used = rec->count;
    while (used > header_fields && rec->field[used - 1][0] == '\0')
        used--;
    if (used > header_fields || rec->overflow)
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: %d fields, but the header has %d",
                        cur->path, rec->line, rec->overflow ? TABLE_MAX_COLUMNS : used,
                        header_fields);
    for (int c = 0; c < COL_KINDS; c++)
        if (col[c] >= rec->count && c != COL_OUTCOME)
            return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column '%s': missing (the row "
                            "has %d field%s, the header %d)", cur->path, rec->line,
                            column_name[c], rec->count, rec->count == 1 ? "" : "s",
                            header_fields);
    const char *name = rec->field[col[COL_ACTOR]];
    if (!*name)
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column 'Actor': empty", cur->path,
                        rec->line);
    for (int i = 0; i < t->n; i++)
        if (strcasecmp(t->actor[i], name) == 0) {
            char what[48], first[48];
            shown(name, what, sizeof what);
            shown(t->actor[i], first, sizeof first);
            if (strcmp(t->actor[i], name) == 0)
                return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column 'Actor': '%s' is "
                                "listed twice (first on row %d)", cur->path, rec->line, what,
                                t->row[i]);
            return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column 'Actor': '%s' is listed "
                            "twice (first on row %d, as '%s'; names ignore case)", cur->path,
                            rec->line, what, t->row[i], first);
        }
    double v[COL_KINDS] = {0};
    for (int c = COL_CAPABILITY; c <= COL_SALIENCE; c++) {
        ent_status st = number(cur, rec, c, rec->field[col[c]], &v[c]);
        if (st != ENT_OK)
            return st;
    }
    char what[48];
    if (v[COL_CAPABILITY] < 0) {
        shown(rec->field[col[COL_CAPABILITY]], what, sizeof what);
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column 'Capability': %s is negative: "
                        "a capability is 0 or more", cur->path, rec->line, what);
    }
    if (v[COL_SALIENCE] < 0 || v[COL_SALIENCE] > 100) {
        shown(rec->field[col[COL_SALIENCE]], what, sizeof what);
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column 'Salience': %s is %s: a "
                        "salience is 0 to 1, or 0 to 100", cur->path, rec->line, what,
                        v[COL_SALIENCE] < 0 ? "negative" : "above 100");
    }
    if (col[COL_OUTCOME] >= 0 && col[COL_OUTCOME] < rec->count &&
        rec->field[col[COL_OUTCOME]][0]) {
        double out;
        ent_status st = number(cur, rec, COL_OUTCOME, rec->field[col[COL_OUTCOME]], &out);
        if (st != ENT_OK)
            return st;
        if (t->has_outcome && out != t->outcome) {
            shown(rec->field[col[COL_OUTCOME]], what, sizeof what);
            return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column 'Outcome': %s differs "
                            "from %g on row %d (one outcome per table: give it on every row, or "
                            "on one)", cur->path, rec->line, what, t->outcome, t->outcome_row);
        }
        if (!t->has_outcome) {
            t->has_outcome = true;
            t->outcome = out;
            t->outcome_row = rec->line;
        }
    }
    if (t->n >= FORECAST_MAX_ACTORS)
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: more than %d actors", cur->path,
                        rec->line, FORECAST_MAX_ACTORS);
    char *kept = copy(name);
    if (!kept)
        return ent_fail(cur->err, ENT_ERR_NOMEM, "out of memory");
    t->actor[t->n] = kept;
    t->row[t->n] = rec->line;
    t->capability[t->n] = v[COL_CAPABILITY];
    t->position[t->n] = v[COL_POSITION];
    t->salience[t->n] = v[COL_SALIENCE];
    t->n++;
    return ENT_OK;
}

/* Checks on the whole table, once every row is read. */
static ent_status check_table(cursor *cur, int header_line, const char *first_position,
                              table_issue *t)
{
    if (t->n == 0)
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: no actor rows after the header",
                        cur->path, header_line);
    if (t->n == 1) {
        char what[48];
        shown(t->actor[0], what, sizeof what);
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: only one actor ('%s'): a forecast "
                        "needs at least two", cur->path, t->row[0], what);
    }
    bool spread = false;
    for (int i = 1; i < t->n; i++)
        spread = spread || t->position[i] != t->position[0];
    if (!spread) {
        char what[48];
        shown(first_position, what, sizeof what);
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: column 'Position': every actor is "
                        "at %s (rows %d to %d): nothing to forecast", cur->path, t->row[0], what,
                        t->row[0], t->row[t->n - 1]);
    }
    double max_s = 0, weight = 0;
    for (int i = 0; i < t->n; i++)
        max_s = t->salience[i] > max_s ? t->salience[i] : max_s;
    t->percent = max_s > 1;
    for (int i = 0; i < t->n; i++) {
        if (t->percent)
            t->salience[i] /= 100;
        weight += t->capability[i] * t->salience[i];
    }
    if (!(weight > 0))
        return ent_fail(cur->err, ENT_ERR_SCENARIO, "%s:%d: columns 'Capability' and "
                        "'Salience': every actor has a capability or a salience of 0, so no "
                        "one weighs anything", cur->path, t->row[0]);
    return ENT_OK;
}

ent_status table_parse(const char *path, const char *text, size_t size, table_issue *out,
                       ent_error *err)
{
    memset(out, 0, sizeof *out);
    ent_error local;
    if (!err)
        err = &local;
    const char *end = text + size;
    if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* a UTF-8 byte order mark */
        text += 3;
    bool empty = true;
    for (const char *p = text; p < end && empty; p++)
        empty = isspace((unsigned char)*p);
    if (empty)
        return ent_fail(err, ENT_ERR_SCENARIO, "%s:1: empty file: expected a header row "
                        "Actor,Capability,Position,Salience", path);
    char *buf = malloc((size_t)(end - text) + TABLE_MAX_COLUMNS + 2);
    out->path = copy(path);
    out->id = base_id(path);
    if (!buf || !out->path || !out->id) {
        free(buf);
        table_free(out);
        return ent_fail(err, ENT_ERR_NOMEM, "out of memory");
    }
    cursor cur = {.path = path, .p = text, .end = end, .line = 1,
                  .sep = detect_separator(text, end), .err = err};
    ent_error_clear(err);
    record rec;
    int col[COL_KINDS], header_fields = 0, header_line = 0, cap = 0;
    char *first_position = NULL;
    char *o = buf;
    ent_status st = ENT_OK;
    bool have_header = false;
    while (st == ENT_OK) {
        /* A line that starts with '#' is a comment (where the data came from, say). */
        while (cur.p < cur.end && *cur.p == '#') {
            while (cur.p < cur.end && *cur.p != '\n')
                cur.p++;
            if (cur.p < cur.end) {
                cur.p++;
                cur.line++;
            }
        }
        char *mark = o;
        if (!next_record(&cur, &rec, &o)) {
            if (err->status != ENT_OK)
                st = err->status;
            break;
        }
        if (rec.bad_field) {
            /* The column's name when the header is known, else the field's number. */
            char where[64];
            int f = rec.bad_field - 1;
            const char *name = NULL;
            for (int c = 0; have_header && c < COL_KINDS; c++)
                if (col[c] == f)
                    name = column_name[c];
            if (name)
                snprintf(where, sizeof where, "column '%s'", name);
            else
                snprintf(where, sizeof where, "field %d", f + 1);
            st = ent_fail(err, ENT_ERR_SCENARIO, rec.open ? "%s:%d: %s: a quoted field is never "
                          "closed" : "%s:%d: %s: text after the closing quote", path, rec.line,
                          where);
            break;
        }
        if (blank(&rec)) {
            o = mark;
            continue;
        }
        if (!have_header) {
            have_header = true;
            header_line = rec.line;
            header_fields = rec.count;
            st = read_header(&cur, &rec, col);
            continue; /* the header's names stay in buf; they are not needed again */
        }
        if (out->n == cap && !grow(out, &cap)) {
            st = ent_fail(err, ENT_ERR_NOMEM, "out of memory");
            break;
        }
        st = read_row(&cur, &rec, col, header_fields, out);
        if (st == ENT_OK && out->n == 1)
            first_position = rec.field[col[COL_POSITION]]; /* kept: buf is not reused */
    }
    if (st == ENT_OK && !have_header)
        st = ent_fail(err, ENT_ERR_SCENARIO, "%s:%d: no header row (only comments): expected "
                      "Actor,Capability,Position,Salience", path, cur.line > 1 ? cur.line - 1 : 1);
    if (st == ENT_OK)
        st = check_table(&cur, header_line, first_position ? first_position : "", out);
    free(buf);
    if (st != ENT_OK) {
        if (err->status == ENT_OK)
            ent_fail(err, st, "%s: the table could not be read", path);
        table_free(out);
    }
    return st;
}

ent_status table_load(const char *path, table_issue *out, ent_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ent_fail(err, ENT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 65536, len = 0;
    char *text = malloc(cap);
    if (!text) {
        fclose(f);
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    }
    size_t got;
    while ((got = fread(text + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len < cap)
            continue;
        if (cap >= TABLE_MAX_BYTES) {
            free(text);
            fclose(f);
            return ent_fail(err, ENT_ERR_SCENARIO, "%s: larger than 16 MiB; is it really a "
                            "table?", path);
        }
        char *grown = realloc(text, cap * 2);
        if (!grown) {
            free(text);
            fclose(f);
            return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
        }
        text = grown;
        cap *= 2;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(text);
        return ent_fail(err, ENT_ERR_IO, "%s: cannot read", path);
    }
    ent_status st = table_parse(path, text, len, out, err);
    free(text);
    return st;
}
