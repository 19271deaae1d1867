/* textbuf.h: a bounded text appender for messages built piece by piece. */
#ifndef TEXTBUF_H
#define TEXTBUF_H

#include <stddef.h>

/* Writes what fits, always NUL-terminates, and counts what was wanted (like snprintf). */
typedef struct {
    char *buf;
    size_t size, len;
} textbuf;

textbuf textbuf_on(char *buf, size_t size);
void textbuf_put(textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
