/* jit.c: see jit.h. */
#include <stdlib.h>
#include "core/jit.h"

void fw_pcre2_jit(pcre2_code *code)
{
    const char *off = getenv("FWAUDIT_NO_JIT");
    if (off && *off && *off != '0')
        return;
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
}
