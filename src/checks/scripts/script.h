/* script.h: what kind of script a file is, and where a line's code ends;
 * the root file systems an analyzer found nothing in.
 *
 * The update, erase and input-validation analyzers read scripts line by
 * line. A commented-out line is never evidence, either way: `# usign -V`
 * verifies nothing and `# eval $QUERY_STRING` injects nothing. This is a
 * line-level reader, not a parser: here-documents and multi-line strings
 * are read as code (see doc/checks.md, blind spots). */
#ifndef FW_CHECKS_SCRIPTS_SCRIPT_H
#define FW_CHECKS_SCRIPTS_SCRIPT_H

#include <stddef.h>
#include "tree/tree.h"

typedef enum fw_script_kind {
    SCRIPT_NONE = 0,    /* not a script we read (config, data, binary) */
    SCRIPT_SH,          /* POSIX shell, ash, bash, haserl */
    SCRIPT_LUA,
    SCRIPT_PHP,
} fw_script_kind;

/* Decide by the "#!" line, else by the file name (.sh, .lua, .php, .cgi
 * with shell content) or by where OpenWrt keeps shell libraries without a
 * "#!" (/lib/upgrade, /lib/functions, /etc/rc.button, /etc/hotplug.d ...). */
fw_script_kind fw_script_kind_of(const fw_node *node, const fw_blob *blob);

/* Length of the code part of one line: up to a comment that starts outside
 * quotes (sh: '#' at a word start; lua: "--"; php: "//" or '#'). */
size_t fw_script_code_len(fw_script_kind k, const char *s, size_t n);

/* Is the ELF magic at the start of blob? */
int fw_script_is_elf(const fw_blob *blob);

/* memmem that takes a length for the needle (NUL bytes allowed). */
const unsigned char *fw_script_memmem(const unsigned char *h, size_t hn, const void *needle,
                                   size_t nn);

/* The root file systems (fw_ns_is_system) of a scan, each with whether the
 * analyzer found what it looks for in it: the update and erase analyzers
 * say "none found" for each one left unmarked when they finish. Embedded
 * in the analyzer's state; released with fw_script_nsset_release. */
typedef struct fw_script_ns {
    const fw_ns *ns;
    int found;
} fw_script_ns;

typedef struct fw_script_nsset {
    fw_script_ns *v;        /* in the order scan_ns saw them */
    size_t n, cap;
} fw_script_nsset;

/* Remember ns (from scan_ns) if it is a root file system, up to
 * FW_MAX_SCRIPTS_TRACKED of them. */
void fw_script_ns_track(fw_script_nsset *set, const fw_ns *ns);
/* Mark ns found; nothing happens for a namespace not tracked. */
void fw_script_ns_found(fw_script_nsset *set, const fw_ns *ns);
void fw_script_nsset_release(fw_script_nsset *set);
/* Where a "none found in this file system" finding is placed: /etc (every
 * root file system has one, whether the input is a directory, a tarball
 * with a wrapping folder or a squashfs, so the fingerprint is the same for
 * all three), else the root directory, else the node with the smallest
 * device path; never traversal order. NULL for an empty namespace. */
const fw_node *fw_script_ns_anchor(const fw_ns *ns);

#endif
