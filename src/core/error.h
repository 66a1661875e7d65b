/* error.h: status codes and the error object.
 *
 * Functions return an int status (FW_OK or a negative FW_E*); details go into
 * an fw_error the caller owns (message text, and where: file, entry, offset).
 * A failure jumps to one cleanup label. WARN-grade problems (one broken entry)
 * are recorded in the report and the scan goes on; FATAL ones stop it. */
#ifndef FW_CORE_ERROR_H
#define FW_CORE_ERROR_H

#include <stdarg.h>

enum {
    FW_OK = 0,
    FW_ENOMEM = -1,    /* allocation failed */
    FW_EIO = -2,       /* read/write failed */
    FW_EFORMAT = -3,   /* malformed input */
    FW_ELIMIT = -4,    /* a named limit was hit */
    FW_EUSAGE = -5,    /* bad arguments or options */
    FW_ERULE = -6,     /* a rule file does not load */
    FW_EUNSUPPORTED = -7, /* a format we recognise but cannot read */
    FW_ENOTFOUND = -8,
};

#define FW_ERRMSG_MAX 1024

typedef struct fw_error {
    int code;
    char msg[FW_ERRMSG_MAX];
} fw_error;

/* Sets err (if non-NULL) and returns code, so callers can write
 * `return fw_error_set(err, FW_EIO, "cannot read %s", path);` */
int fw_error_set(fw_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int fw_error_vset(fw_error *err, int code, const char *fmt, va_list ap);
void fw_error_clear(fw_error *err);
const char *fw_strerror(int code);

#define FW_CHECK(expr) do { int rc_ = (expr); if (rc_ != FW_OK) { rc = rc_; goto out; } } while (0)

#endif
