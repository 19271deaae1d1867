/* test_afile.c: atomic file output: content written, replaced whole, old content kept and an
   error naming the path when the write fails, and no temporary file left behind. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "afile.h"

typedef struct {
    char dir[256];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    const char *base = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/entente_afile_XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

/* Removes the directory tree (two levels at most), restoring permissions first. */
static void remove_tree(const char *dir)
{
    chmod(dir, 0700);
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[600];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(path);
            else
                unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_tree(f->dir);
    free(f);
    return 0;
}

static void path_in(const fixture *f, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", f->dir, name);
}

/* Reads a whole small file; returns its length or -1. */
static long slurp(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    size_t n = fread(buf, 1, size - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return (long)n;
}

/* Number of entries in dir (besides . and ..), and whether one is not in `allowed`. */
static int entries(const char *dir, const char *const *allowed, int nallowed, bool *stray)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    *stray = false;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        bool ok = false;
        for (int j = 0; j < nallowed; j++)
            ok = ok || strcmp(e->d_name, allowed[j]) == 0;
        if (!ok) {
            print_error("unexpected file left behind: %s\n", e->d_name);
            *stray = true;
        }
    }
    closedir(d);
    return n;
}

static void test_writes_content(void **state)
{
    fixture *f = *state;
    char path[512], buf[256];
    path_in(f, "report.txt", path, sizeof path);
    const char text[] = "A DEAL IS POSSIBLE\n";
    ent_error err;
    ent_error_clear(&err);
    assert_int_equal(afile_write(path, text, strlen(text), &err), ENT_OK);
    assert_int_equal(slurp(path, buf, sizeof buf), (long)strlen(text));
    assert_string_equal(buf, text);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    bool stray;
    assert_int_equal(entries(f->dir, (const char *const[]){"report.txt"}, 1, &stray), 1);
    assert_false(stray);
}

static void test_binary_and_empty(void **state)
{
    fixture *f = *state;
    char path[512];
    path_in(f, "blob.bin", path, sizeof path);
    unsigned char data[4096];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + (i >> 8));
    data[10] = 0;
    assert_int_equal(afile_write(path, data, sizeof data, NULL), ENT_OK);
    unsigned char back[sizeof data + 1];
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(back, 1, sizeof back, fp), sizeof data);
    fclose(fp);
    assert_memory_equal(back, data, sizeof data);
    /* an empty write leaves an empty file, not the old one */
    assert_int_equal(afile_write(path, "", 0, NULL), ENT_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 0);
}

static void test_overwrites_whole(void **state)
{
    fixture *f = *state;
    char path[512], buf[256];
    path_in(f, "state.json", path, sizeof path);
    const char first[] = "{\"round\": 1, \"a much longer first version\": true}\n";
    const char second[] = "{\"round\": 2}\n";
    assert_int_equal(afile_write(path, first, strlen(first), NULL), ENT_OK);
    struct stat before;
    assert_int_equal(stat(path, &before), 0);
    assert_int_equal(afile_write(path, second, strlen(second), NULL), ENT_OK);
    /* the shorter content replaces the longer entirely: no tail of the old file */
    assert_int_equal(slurp(path, buf, sizeof buf), (long)strlen(second));
    assert_string_equal(buf, second);
    /* replaced by rename, not rewritten in place: a reader holding the old file keeps it */
    struct stat after;
    assert_int_equal(stat(path, &after), 0);
    assert_true(after.st_ino != before.st_ino);
    bool stray;
    assert_int_equal(entries(f->dir, (const char *const[]){"state.json"}, 1, &stray), 1);
    assert_false(stray);
}

static void test_missing_directory_fails_with_path(void **state)
{
    fixture *f = *state;
    char path[512];
    path_in(f, "no/such/dir/out.txt", path, sizeof path);
    ent_error err;
    ent_error_clear(&err);
    assert_int_equal(afile_write(path, "x", 1, &err), ENT_ERR_IO);
    assert_int_equal(err.status, ENT_ERR_IO);
    assert_non_null(strstr(err.message, path));
    assert_int_equal(access(path, F_OK), -1);
    /* a NULL error record is allowed */
    assert_int_equal(afile_write(path, "x", 1, NULL), ENT_ERR_IO);
    bool stray;
    assert_int_equal(entries(f->dir, NULL, 0, &stray), 0);
}

/* afile_write into a directory this process may not write to: 0 when it fails with ENT_ERR_IO and
   a message naming the path, 1 otherwise. Plain checks only: it may run in a child process. */
static int write_refused(const char *path)
{
    ent_error err;
    ent_error_clear(&err);
    if (afile_write(path, "new\n", 4, &err) != ENT_ERR_IO)
        return 1;
    return strstr(err.message, path) ? 0 : 1;
}

static void test_unwritable_directory_keeps_old_content(void **state)
{
    fixture *f = *state;
    char sub[512], path[600], buf[256];
    assert_int_equal(chmod(f->dir, 0755), 0);
    path_in(f, "locked", sub, sizeof sub);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(path, sizeof path, "%s/result.txt", sub);
    assert_int_equal(afile_write(path, "old\n", 4, NULL), ENT_OK);
    assert_int_equal(chmod(sub, 0555), 0);
    if (geteuid() != 0) {
        assert_int_equal(write_refused(path), 0);
    } else {
        /* root ignores permissions: try it as an unprivileged user in a child process */
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(77);
            _exit(write_refused(path));
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        if (WEXITSTATUS(status) == 77)
            skip(); /* could not drop privileges here */
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    chmod(sub, 0755);
    assert_int_equal(slurp(path, buf, sizeof buf), 4);
    assert_string_equal(buf, "old\n");
    bool stray;
    assert_int_equal(entries(sub, (const char *const[]){"result.txt"}, 1, &stray), 1);
    assert_false(stray);
}

static void test_failed_rename_keeps_target_and_cleans_up(void **state)
{
    fixture *f = *state;
    /* The target is a non-empty directory: the temporary file is written, then rename() fails.
       The old target must be untouched and the temporary file removed (works as root too). */
    char target[512], inner[600], buf[64];
    path_in(f, "occupied", target, sizeof target);
    assert_int_equal(mkdir(target, 0700), 0);
    snprintf(inner, sizeof inner, "%s/keep.txt", target);
    assert_int_equal(afile_write(inner, "kept", 4, NULL), ENT_OK);
    ent_error err;
    ent_error_clear(&err);
    assert_int_equal(afile_write(target, "new content", 11, &err), ENT_ERR_IO);
    assert_non_null(strstr(err.message, target));
    struct stat st;
    assert_int_equal(stat(target, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(slurp(inner, buf, sizeof buf), 4);
    assert_string_equal(buf, "kept");
    bool stray;
    assert_int_equal(entries(f->dir, (const char *const[]){"occupied"}, 1, &stray), 1);
    assert_false(stray);
    assert_int_equal(entries(target, (const char *const[]){"keep.txt"}, 1, &stray), 1);
    assert_false(stray);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_writes_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary_and_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overwrites_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_directory_fails_with_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_directory_keeps_old_content, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failed_rename_keeps_target_and_cleans_up, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
