/* harness.h: what the command-line tests share: a temporary directory, running the real
   entente binary from the source tree with its output captured, and small file helpers.
   Include after <cmocka.h>; every helper is static so that each test program has its own. */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HARNESS_UNUSED __attribute__((unused))

static char tmpdir[256];

typedef struct {
    int status; /* the exit status; 124 when `timeout` had to stop a hang */
    char *out, *err;
} result;

/* A whole file in memory, or NULL when it cannot be opened. */
static HARNESS_UNUSED char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A path in the temporary directory; valid for the next 15 calls, so a test may hold a few. */
static HARNESS_UNUSED char *tmp_path(const char *name)
{
    static char path[16][400];
    static int next;
    char *p = path[next++ % 16];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    return p;
}

/* Runs `entente ARGS` from the source tree with no display (a bare `entente` would otherwise
   open a window and wait) and under `timeout`, so a hang fails the test instead of stalling. */
static HARNESS_UNUSED result run(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && env -u DISPLAY -u WAYLAND_DISPLAY timeout 60 '%s' %s >'%s/out' "
             "2>'%s/err' </dev/null",
             ENTENTE_SOURCE_DIR, ENTENTE_BINARY, args, tmpdir, tmpdir);
    int rc = system(cmd);
    result r = {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, NULL, NULL};
    r.out = slurp(tmp_path("out"));
    r.err = slurp(tmp_path("err"));
    assert_non_null(r.out);
    assert_non_null(r.err);
    return r;
}

static HARNESS_UNUSED void done(result *r)
{
    free(r->out);
    free(r->err);
}

/* Fails with the text that was expected (or not) rather than a bare strstr() == NULL. */
static HARNESS_UNUSED void has(const char *doc, const char *needle)
{
    if (!strstr(doc, needle))
        fail_msg("missing: %s", needle);
}

static HARNESS_UNUSED void lacks(const char *doc, const char *needle)
{
    if (strstr(doc, needle))
        fail_msg("should not contain: %s", needle);
}

static HARNESS_UNUSED void write_file(const char *name, const char *text)
{
    FILE *f = fopen(tmp_path(name), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* cmocka group setup and teardown: a fresh temporary directory, removed at the end. */
static HARNESS_UNUSED int harness_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/entente-test-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static HARNESS_UNUSED int harness_teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
