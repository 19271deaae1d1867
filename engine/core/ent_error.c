/* ent_error.c: status names and formatted error messages. */
#include "ent_error.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const status_names[] = {
#define ENT_STATUS_TEXT(name, text) text,
    ENT_STATUS_LIST(ENT_STATUS_TEXT)
#undef ENT_STATUS_TEXT
};

const char *ent_status_name(ent_status status)
{
    if ((size_t)status >= sizeof status_names / sizeof status_names[0])
        return "unknown status";
    return status_names[status];
}

ent_status ent_fail(ent_error *err, ent_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void ent_error_clear(ent_error *err)
{
    if (err) {
        err->status = ENT_OK;
        err->message[0] = '\0';
    }
}
