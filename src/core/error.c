/* error.c: the error object (see error.h). */
#include <stdio.h>
#include <string.h>
#include "core/error.h"

int fw_error_vset(fw_error *err, int code, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    }
    return code;
}

int fw_error_set(fw_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fw_error_vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void fw_error_clear(fw_error *err)
{
    if (err) {
        err->code = FW_OK;
        err->msg[0] = '\0';
    }
}

const char *fw_strerror(int code)
{
    switch (code) {
    case FW_OK: return "ok";
    case FW_ENOMEM: return "out of memory";
    case FW_EIO: return "input/output error";
    case FW_EFORMAT: return "malformed input";
    case FW_ELIMIT: return "limit exceeded";
    case FW_EUSAGE: return "usage error";
    case FW_ERULE: return "rule error";
    case FW_EUNSUPPORTED: return "unsupported format";
    case FW_ENOTFOUND: return "not found";
    default: return "unknown error";
    }
}
