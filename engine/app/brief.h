/* brief.h: role briefs for a class: what one state wants, fears and knows, as HTML or Markdown. */
#ifndef BRIEF_H
#define BRIEF_H

#include <stdbool.h>
#include <stddef.h>

#include "ent_error.h"
#include "model.h"

typedef enum { BRIEF_HTML, BRIEF_MARKDOWN } brief_format;

/* The role brief of `actor`: a malloc'd, NUL-terminated document (caller frees), or NULL when
   memory runs out. HTML is one self-contained page (inline CSS, no scripts, no external
   resources) that prints well; Markdown carries the same content. Deterministic bytes. */
char *brief_render(const model_scenario *scn, int actor, brief_format fmt);
/* Renders the brief and writes it to path atomically. */
ent_status brief_write(const char *path, const model_scenario *scn, int actor, brief_format fmt,
                       ent_error *err);

/* `entente brief FILE (--actor ID | --all) [--variant NAME] --out PATH [--md]`
   (argv: the arguments after the verb). */
int cmd_brief(int argc, char **argv);

/* ---- the growable text the brief and the debrief are written into ------------------------ */

typedef struct {
    char *data;
    size_t len, cap;
    bool failed; /* memory ran out: everything after is dropped, take() returns NULL */
} brief_buf;

void brief_buf_raw(brief_buf *b, const char *s);
void brief_buf_printf(brief_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s with & < > " ' escaped for HTML text and attribute values (NULL writes nothing). */
void brief_buf_html(brief_buf *b, const char *s);
/* s with Markdown's punctuation backslash-escaped and line breaks turned into spaces. */
void brief_buf_md(brief_buf *b, const char *s);
/* Hands over the text (caller frees), or NULL if memory ran out; the buffer is empty after. */
char *brief_buf_take(brief_buf *b);

#endif
