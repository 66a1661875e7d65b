/* svc_emit.h: one finding per start, whatever the script's branches.
 *
 * A script often writes one start twice, in the two branches of an `if`
 * (`if [ -f /etc/debug ]; then telnetd -l /bin/sh; else telnetd; fi`), or
 * starts a daemon again after a fallback. To a reader that is one fact:
 * "this script starts telnetd". The services and exposure judges therefore
 * do not emit their hits directly: they queue them here with a group key
 * (the daemon, and for a listener its port), and fw_svc_emit_flush() emits
 * one finding per (check, file, group) at the lowest line, with the other
 * lines named in the message and in a "lines" detail. The merged finding's
 * identity is the smallest of the group's identities, so it does not depend
 * on which branch comes first.
 *
 * Ownership: the queue copies everything it is given; flush emits and frees.
 */
#ifndef FW_CHECKS_SERVICES_SVC_EMIT_H
#define FW_CHECKS_SERVICES_SVC_EMIT_H

#include <stddef.h>
#include "engine/analyzer.h"

typedef struct fw_svc_pending fw_svc_pending;

typedef struct fw_svc_emitter {
    fw_check_ctx *ctx;
    fw_svc_pending *v;
    size_t n, cap;
} fw_svc_emitter;

/* Queue hit (copied) under group; past FW_MAX_SVC_PENDING hits are emitted
 * at once, unmerged. */
void fw_svc_emit_queue(fw_svc_emitter *em, const fw_hit *hit, const char *group);
/* Emit the queued hits, one per (check, file, group), and empty the queue. */
void fw_svc_emit_flush(fw_svc_emitter *em);

#endif
