/* output.c: writing reports whole or not at all. A report file is written to
 * a temporary file beside it, flushed, synced and renamed; a failed write
 * (full disk) leaves no truncated report behind and ends with an error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#include "core/xalloc.h"
#include "report/report.h"

/* The renderer for fmt from the format table (report/format.c); text when
 * fmt is unknown (the option parser rejects unknown names before). */
static int render(FILE *f, const char *fmt, const fw_report *r, const fw_ruleset *rs,
                  const fw_render_opts *o)
{
    const fw_report_format *rf = fw_report_format_find(fmt);
    return rf ? rf->render(f, r, rs, o) : fw_render_text(f, r, rs, o);
}

int fw_cli_write_report(const char *path, const char *fmt, const fw_report *r,
                        const fw_ruleset *rs, const fw_render_opts *o)
{
    if (!path || strcmp(path, "-") == 0) {   /* `-o -`: standard output, as usual */
        int rc = render(stdout, fmt, r, rs, o);
        if (fflush(stdout) != 0 || ferror(stdout) || rc != 0) {
            fprintf(stderr, "fwaudit: cannot write the report to standard output: %s\n",
                    strerror(errno));
            return -1;
        }
        return 0;
    }
    char *tmp = fw_xasprintf("%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "fwaudit: cannot create %s: %s\n", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    /* mkstemp makes 0600; a report is an ordinary file: honour the umask. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    int rc = f ? render(f, fmt, r, rs, o) : -1;
    int saved = errno;
    if (f) {
        if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
            rc = -1, saved = errno;
        if (fclose(f) != 0 && rc == 0)
            rc = -1, saved = errno;
    } else {
        close(fd);
    }
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1, saved = errno;
    if (rc != 0) {
        fprintf(stderr, "fwaudit: cannot write %s: %s (no report written)\n", path,
                strerror(saved));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}
