/* tree.h: the in-memory index of everything an image contains.
 *
 * A scan unpacks its input into one fw_tree. The tree holds namespaces: one
 * per file system seen (the input itself, and every archive or image found
 * inside it). A namespace's `chain` says how it was reached, e.g.
 * "rootfs.tar.xz" or "rootfs.tar.xz > /usr/share/x.tar.gz"; a node's path is
 * absolute and normalized within its namespace ("/etc/shadow").
 *
 * Ownership: the tree owns every namespace, node and string in it. Pointers
 * into the tree stay valid until fw_tree_free(). Nodes are never removed.
 * Content is held in memory (archive entries: node->data), read on demand
 * from disk (directory inputs: node->disk_path), or read on demand from a
 * source (large files of a squashfs: node->src, decompressed when a check
 * opens them), always through fw_node_open.
 */
#ifndef FW_TREE_TREE_H
#define FW_TREE_TREE_H

#include <stddef.h>
#include <stdint.h>
#include "core/error.h"

typedef enum fw_node_type {
    FW_NODE_FILE,
    FW_NODE_DIR,
    FW_NODE_SYMLINK,
    FW_NODE_HARDLINK, /* link_target names the file it shares content with */
    FW_NODE_DEVICE,
    FW_NODE_FIFO,
    FW_NODE_SOCKET,
    FW_NODE_OTHER,
} fw_node_type;

/* The node type for the file-type bits of a POSIX mode (mode & 0170000:
 * 0040000 directory, 0100000 regular file, 0120000 symlink, 0020000 and
 * 0060000 character and block devices, 0010000 fifo, 0140000 socket; the
 * values Linux, its file systems and the archive formats store), or
 * FW_NODE_OTHER. Permission bits are ignored. */
fw_node_type fw_node_type_of_mode(uint32_t mode);

typedef struct fw_ns fw_ns;

/* Content read on demand: a file system image that stays readable for the
 * tree's lifetime (its bytes are held by a node or by the tree) decompresses
 * a file when a check opens it, instead of holding every file for the whole
 * scan. read() must be safe to call from several threads at once. The tree
 * owns its sources (fw_tree_add_source) and destroys them last. */
typedef struct fw_source {
    /* n bytes of the content of `ref` at offset off into buf; FW_OK or an
     * error (err set: what could not be read, at which byte). */
    int (*read)(struct fw_source *src, uint64_t ref, uint64_t off, unsigned char *buf,
                size_t n, fw_error *err);
    void (*destroy)(struct fw_source *src);
} fw_source;

typedef struct fw_node {
    fw_ns *ns;             /* namespace it belongs to */
    char *path;            /* normalized absolute path in ns: "/etc/shadow" */
    fw_node_type type;
    uint32_t mode;         /* permission bits incl. setuid/setgid/sticky */
    uint32_t uid, gid;
    uint64_t size;         /* content size in bytes */
    char *link_target;     /* symlink/hardlink target as stored, or NULL */
    unsigned char *data;   /* content held in memory (owned), or NULL; followed by
                              a NUL byte not counted in size */
    char *disk_path;       /* content to read from disk on demand, or NULL */
    int truncated;         /* content incomplete (read error or limit) */
    int is_container;      /* opened as an archive: its files are in another
                              namespace, so checks skip its raw bytes */
    char *raw_name;        /* the entry name as the archive stored it, when it
                              climbed out of the extraction root ("../../etc/x");
                              NULL otherwise. A hostile or broken build. */
    int open_tried;        /* already tried as a container (and reported if it
                              failed): the nesting pass must not try again */
    fw_source *src;        /* content read on demand from here (size bytes of
                              src_ref), or NULL */
    uint64_t src_ref;
} fw_node;

struct fw_ns {
    char *chain;           /* how this namespace was reached (for locations) */
    char *root;            /* where the system's "/" is: "" normally, "/rootfs" when
                              the archive wraps the root filesystem in a directory
                              (see fw_ns_find_root) */
    unsigned depth;        /* 0 for the input, +1 per nested container */
    const struct fw_node *container; /* the file in the parent namespace this
                              one was unpacked from; NULL for the input */
    fw_node **nodes;       /* in insertion order */
    size_t count, cap;
    /* private: path -> node hash index */
    fw_node **index_;
    size_t index_cap_;
};

typedef struct fw_tree {
    fw_ns **ns;
    size_t ns_count, ns_cap;
    uint64_t entries;      /* nodes in all namespaces */
    uint64_t bytes_held;   /* content bytes held in memory */
    /* private: sources and mappings that must outlive every node */
    fw_source **sources_;
    size_t n_sources_, cap_sources_;
    struct fw_tree_map { void *addr; size_t len; } *maps_;
    size_t n_maps_, cap_maps_;
} fw_tree;

fw_tree *fw_tree_new(void);
void fw_tree_free(fw_tree **t);

/* The tree takes over a source (destroyed by fw_tree_free, after every
 * node), or a read-only mapping of the input (munmapped then). */
void fw_tree_add_source(fw_tree *t, fw_source *src);
void fw_tree_keep_mapping(fw_tree *t, void *addr, size_t len);

/* New namespace; `chain` is copied. */
fw_ns *fw_tree_add_ns(fw_tree *t, const char *chain, unsigned depth);

/* Add a node. `path` is normalized here (see fw_path_normalize); `data` (if
 * any) is taken over by the tree. If the path already exists in ns, the new
 * entry replaces the old one's fields (a later archive entry wins, as tar
 * extraction would). Returns the node. */
fw_node *fw_ns_add(fw_tree *t, fw_ns *ns, const char *path, fw_node_type type);

/* Exact lookup of a normalized path, without following links. */
fw_node *fw_ns_get(const fw_ns *ns, const char *path);

/* Lookup of a system path ("/etc/shadow", relative to ns->root) following
 * symlinks (also in parent components), inside ns only, at most
 * FW_MAX_SYMLINK_HOPS. Absolute link targets are relative to ns->root; ".."
 * never leaves it. Returns NULL when it does not resolve (dangling, loop,
 * too many hops). */
fw_node *fw_ns_resolve(const fw_ns *ns, const char *path);

/* Does the system path exist in ns: a node resolves, or (archives often omit
 * directory entries) some node lies below it? O(nodes): not for hot loops. */
int fw_ns_exists(const fw_ns *ns, const char *path);

/* Does ns hold an operating system (not a config backup that happens to
 * contain etc/)? /etc and one of /bin, /sbin, /lib, /usr exist. */
int fw_ns_is_system(const fw_ns *ns);

/* Decide where the system root of ns is: "" when /etc is at the top, else
 * the directory (at most 3 levels down) that holds etc/ and one of bin/,
 * sbin/, lib/, usr/ with the most files under its etc/ ("/rootfs",
 * "/squashfs-root"). Sets ns->root. Called once the namespace is loaded. */
void fw_ns_find_root(fw_ns *ns);

/* The path of n as the device sees it: node->path without ns->root
 * ("/rootfs/etc/shadow" -> "/etc/shadow"). Rules match on this. */
const char *fw_node_syspath(const fw_node *n);

/* Normalize `in` into an absolute path with no ".", "..", "//" or trailing
 * "/"; ".." at the root stays at the root. Returns a new string, or NULL if
 * longer than FW_MAX_PATH_LEN. */
char *fw_path_normalize(const char *in);

/* Would `in` climb above the root before normalization folds it ("..", as
 * an extractor that does not normalize would follow it)? */
int fw_path_escapes(const char *in);

/* Join a symlink target to the directory of `link_path` and normalize. */
char *fw_path_join_link(const char *link_path, const char *target);

/* The content of a regular file: mapped, held or read from a source;
 * read-only. Content read from a source is NUL-terminated (not counted in
 * size) like held content; a mapping is not. */
typedef struct fw_blob {
    const unsigned char *data;
    size_t size;
    int mapped_;           /* private */
    int owned_;            /* private: data was read from a source, freed on close */
} fw_blob;

/* Open the content of node n (following a hardlink to its target).
 * Returns FW_OK, or an error with err set (file name in the message). */
int fw_node_open(const fw_node *n, fw_blob *out, fw_error *err);
void fw_blob_close(fw_blob *b);

/* The first bytes of node n's content (at most cap) into buf, without
 * mapping or decompressing the whole file: enough to sniff a format.
 * *got gets how many. */
int fw_node_head(const fw_node *n, unsigned char *buf, size_t cap, size_t *got, fw_error *err);

/* Heuristic: no NUL byte in the first 8 KiB. */
int fw_blob_is_text(const fw_blob *b);

/* "/etc/shadow" or "chain > /etc/shadow" for messages; new string, not escaped. */
char *fw_node_location(const fw_node *n);

#endif
