/* ent_error.h: status codes and the caller-owned error record shared by every module. */
#ifndef ENT_ERROR_H
#define ENT_ERROR_H

#include <stddef.h>

/* One list, no drift: the enum and its names come from the same X-macro. */
#define ENT_STATUS_LIST(X)                                   \
    X(ENT_OK, "ok")                                          \
    X(ENT_ERR_SCENARIO, "bad scenario")                      \
    X(ENT_ERR_USAGE, "bad usage")                            \
    X(ENT_ERR_IO, "input/output error")                      \
    X(ENT_ERR_NOMEM, "out of memory")                        \
    X(ENT_ERR_LIMIT, "limit exceeded")

typedef enum {
#define ENT_STATUS_ENUM(name, text) name,
    ENT_STATUS_LIST(ENT_STATUS_ENUM)
#undef ENT_STATUS_ENUM
} ent_status;

/* A message that names file, line and field where they are known. */
typedef struct {
    ent_status status;
    char message[1024];
} ent_error;

const char *ent_status_name(ent_status status);

/* Sets err (if not NULL) and returns status, so callers can `return ent_fail(...)`. */
ent_status ent_fail(ent_error *err, ent_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void ent_error_clear(ent_error *err);

#endif
