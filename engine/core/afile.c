/* afile.c: atomic file output (temp file in the same directory, fsync, rename). */
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

ent_status afile_write(const char *path, const void *data, size_t size, ent_error *err)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return ent_fail(err, ENT_ERR_NOMEM, "%s: out of memory", path);
    /* Same directory as the target, so rename() never crosses a file system. */
    snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        ent_status st = ent_fail(err, ENT_ERR_IO, "%s: cannot create a file there: %s", path,
                                 strerror(errno));
        free(tmp);
        return st;
    }
    const char *p = data;
    size_t left = size;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (fchmod(fd, 0644) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    free(tmp);
    return ENT_OK;
fail:;
    int saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return ent_fail(err, ENT_ERR_IO, "%s: cannot write: %s", path, strerror(saved));
}
