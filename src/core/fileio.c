/* fileio.c: bounded whole-file reads (see fileio.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/fileio.h"
#include "core/xalloc.h"

int fw_read_file(const char *path, size_t max, char **out, size_t *len, fw_error *err)
{
    char *buf = NULL;
    int rc = FW_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fw_error_set(err, FW_EIO, "%s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = fw_error_set(err, FW_EIO, "not a regular file");
        goto out;
    }
    size_t cap = (size_t)st.st_size < max ? (size_t)st.st_size + 1 : max + 1;
    buf = fw_xmalloc(cap + 1);
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            if (cap > max)
                break;
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            buf = fw_xreallocarray(buf, cap + 1, 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = fw_error_set(err, FW_EIO, "%s", strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max) {
        rc = fw_error_set(err, FW_ELIMIT, "file too large");
        goto out;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
out:
    free(buf);
    close(fd);
    return rc;
}

