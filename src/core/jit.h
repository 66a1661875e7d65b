/* jit.h: PCRE2 JIT compilation, unless the environment says not to.
 *
 * FWAUDIT_NO_JIT=1 makes every pattern run in PCRE2's interpreter. It is
 * for memory checkers: valgrind cannot tell JIT-compiled code's aligned
 * reads past the end of the subject (harmless by design, within the page)
 * from real errors, so the valgrind net in .ci/run turns JIT off. Results
 * are the same either way; only speed differs. */
#ifndef FW_CORE_JIT_H
#define FW_CORE_JIT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/* JIT-compile code (where PCRE2 has no JIT for this CPU, it interprets). */
void fw_pcre2_jit(pcre2_code *code);

#endif
