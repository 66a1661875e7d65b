/* common.h: what the libFuzzer harnesses in fuzz/ share.
 *
 * Each harness feeds hostile bytes to one parser through the same library
 * API the CLI uses (libfwaudit's sources, built with clang by `make fuzz`).
 * The shipped rules are loaded once per process (FZ_RULES_DIR, set by the
 * build; FWAUDIT_RULES overrides it). Nothing here writes to disk: inputs
 * that need a path live in a memfd. */
#ifndef FW_FUZZ_COMMON_H
#define FW_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include "ruleset/ruleset.h"
#include "report/report.h"

/* The shipped rule set, loaded on first use (aborts if it does not load:
 * that is a build problem, not a finding). */
const fw_ruleset *fz_rules(void);

/* Put (d, n) in a memfd; *path gets "/proc/self/fd/N". Returns the fd
 * (close it after use) or -1. */
int fz_memfd(const uint8_t *d, size_t n, char *path, size_t cap);

/* Split (d, n) at each "\n@@\n" into at most `max` parts; returns how many.
 * Lets one input carry several files (passwd and shadow) and mutate each. */
size_t fz_split(const uint8_t *d, size_t n, const uint8_t **part, size_t *len, size_t max);

/* Build a one-namespace tree holding part i at paths[i % n_paths] for
 * every part, run all checks of the shipped rules, fold conformance and
 * render every report format to /dev/null. */
void fz_check_files(const char *const *paths, size_t n_paths, const uint8_t *d, size_t n);

/* Render r in every format to /dev/null (the renderers escape image data). */
void fz_render_all(const fw_report *r);

#endif
