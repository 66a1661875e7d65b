/* shlex.h: one logical line of shell split into simple commands, for the
 * "remote-code" analyzer, which must see where a command's output goes
 * (`| sh`, `> FILE`) and what runs inside `$(...)`.
 *
 * The line is split at unquoted ; & && || | |& ( ) and newlines; each
 * command into words with the shell's quoting rules (quotes removed, \x
 * kept as x). Variables the caller knows (lookup) are expanded, also
 * ${NAME:-default}; the others stay as written ("$URL"). $(...), `...`
 * and <(...) stay in their word as written and are also listed with their
 * body, for the caller to read as shell in turn. Redirections are taken
 * out of the words: standard output to a file is kept (out), the rest is
 * dropped; `<<WORD` opens a here-document whose delimiter is returned, so
 * the caller can skip its body (data, not code). A word starting with '#'
 * ends the line (a comment). This is a reader, not a shell: no aliases,
 * no globbing, no arithmetic.
 *
 * Ownership: a fw_sh_list owns its commands, words and bodies; the caller
 * holds it (FW_SH_LIST_INIT) and frees it with fw_sh_list_release.
 */
#ifndef FW_CHECKS_SCRIPTS_SHLEX_H
#define FW_CHECKS_SCRIPTS_SHLEX_H

#include <stddef.h>
#include "core/limits.h"

/* Bounds of one line (core/limits.h): commands, words of one command,
 * substitutions of one command. */
#define FW_SH_MAX_CMDS   FW_MAX_SH_CMDS
#define FW_SH_MAX_WORDS  FW_MAX_SH_WORDS
#define FW_SH_MAX_SUBST  FW_MAX_SH_SUBST

typedef struct fw_sh_subst {
    char *body;       /* the command inside, as written */
    size_t word;      /* index of the word it is in */
    int whole;        /* the word is this substitution and nothing else */
    int proc;         /* <(...): a file name that reads the command's output */
} fw_sh_subst;

typedef struct fw_sh_cmd {
    char **w;         /* words, NULL-terminated */
    size_t n;
    char *out;        /* standard output redirected to this file, or NULL */
    int pipe_out;     /* standard output goes to the next command */
    fw_sh_subst subst[FW_SH_MAX_SUBST];
    size_t n_subst;
} fw_sh_cmd;

typedef struct fw_sh_list {
    fw_sh_cmd *v;
    size_t n, cap;
    char *heredoc;    /* delimiter of a here-document opened on the line, or NULL */
    int truncated;    /* a bound above was reached: the rest was not read */
} fw_sh_list;

#define FW_SH_LIST_INIT { NULL, 0, 0, NULL, 0 }

/* The value of variable name[0..len), or NULL when it is not known. */
typedef const char *(*fw_sh_lookup)(void *arg, const char *name, size_t len);

/* Split s[0..len) into out (appended to). lookup may be NULL. */
void fw_sh_split(const char *s, size_t len, fw_sh_lookup lookup, void *arg, fw_sh_list *out);
void fw_sh_list_release(fw_sh_list *l);

/* Is a quote, `...` or $(...) still open at the end of s[0..len), or does
 * it end in a backslash: the logical line goes on on the next one. */
int fw_sh_continues(const char *s, size_t len);

#endif
