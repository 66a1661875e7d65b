/* tree.c: namespaces, nodes, the path index, symlink resolution and content
 * access (see tree.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "tree/tree.h"

fw_node_type fw_node_type_of_mode(uint32_t mode)
{
    switch (mode & 0170000) {
    case 0040000: return FW_NODE_DIR;
    case 0100000: return FW_NODE_FILE;
    case 0120000: return FW_NODE_SYMLINK;
    case 0020000: case 0060000: return FW_NODE_DEVICE;
    case 0010000: return FW_NODE_FIFO;
    case 0140000: return FW_NODE_SOCKET;
    default: return FW_NODE_OTHER;
    }
}

fw_tree *fw_tree_new(void)
{
    return fw_xcalloc(1, sizeof(fw_tree));
}

static void node_free(fw_node *n)
{
    free(n->raw_name);
    free(n->path);
    free(n->link_target);
    free(n->data);
    free(n->disk_path);
    free(n);
}

void fw_tree_free(fw_tree **tp)
{
    fw_tree *t = *tp;
    if (!t)
        return;
    for (size_t i = 0; i < t->ns_count; i++) {
        fw_ns *ns = t->ns[i];
        for (size_t j = 0; j < ns->count; j++)
            node_free(ns->nodes[j]);
        free(ns->nodes);
        free(ns->index_);
        free(ns->chain);
        free(ns->root);
        free(ns);
    }
    free(t->ns);
    for (size_t i = 0; i < t->n_sources_; i++)
        t->sources_[i]->destroy(t->sources_[i]);
    free(t->sources_);
    for (size_t i = 0; i < t->n_maps_; i++)
        munmap(t->maps_[i].addr, t->maps_[i].len);
    free(t->maps_);
    free(t);
    *tp = NULL;
}

void fw_tree_add_source(fw_tree *t, fw_source *src)
{
    FW_XGROW(t->sources_, t->cap_sources_, t->n_sources_ + 1);
    t->sources_[t->n_sources_++] = src;
}

void fw_tree_keep_mapping(fw_tree *t, void *addr, size_t len)
{
    FW_XGROW(t->maps_, t->cap_maps_, t->n_maps_ + 1);
    t->maps_[t->n_maps_].addr = addr;
    t->maps_[t->n_maps_++].len = len;
}

fw_ns *fw_tree_add_ns(fw_tree *t, const char *chain, unsigned depth)
{
    fw_ns *ns = fw_xcalloc(1, sizeof *ns);
    ns->chain = fw_xstrdup(chain ? chain : "");
    ns->root = fw_xstrdup("");
    ns->depth = depth;
    FW_XGROW(t->ns, t->ns_cap, t->ns_count + 1);
    t->ns[t->ns_count++] = ns;
    return ns;
}

/* FNV-1a: the index only needs spread, not secrecy; paths are bounded. */
static size_t path_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

static void index_insert(fw_ns *ns, fw_node *n)
{
    size_t mask = ns->index_cap_ - 1;
    size_t i = path_hash(n->path) & mask;
    while (ns->index_[i])
        i = (i + 1) & mask;
    ns->index_[i] = n;
}

static void index_grow(fw_ns *ns)
{
    size_t ncap = ns->index_cap_ ? ns->index_cap_ * 2 : 64;
    fw_node **old = ns->index_;
    size_t oldcap = ns->index_cap_;
    ns->index_ = fw_xcalloc(ncap, sizeof(fw_node *));
    ns->index_cap_ = ncap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i])
            index_insert(ns, old[i]);
    free(old);
}

fw_node *fw_ns_get(const fw_ns *ns, const char *path)
{
    if (!ns->index_cap_)
        return NULL;
    size_t mask = ns->index_cap_ - 1;
    size_t i = path_hash(path) & mask;
    while (ns->index_[i]) {
        if (strcmp(ns->index_[i]->path, path) == 0)
            return ns->index_[i];
        i = (i + 1) & mask;
    }
    return NULL;
}

fw_node *fw_ns_add(fw_tree *t, fw_ns *ns, const char *path, fw_node_type type)
{
    char *norm = fw_path_normalize(path);
    if (!norm)
        return NULL;
    fw_node *n = fw_ns_get(ns, norm);
    if (n) {
        /* A later entry with the same path replaces the earlier one. */
        free(norm);
        if (n->data)
            t->bytes_held -= n->size;
        free(n->data);
        free(n->link_target);
        free(n->disk_path);
        free(n->raw_name);
        fw_ns *keep_ns = n->ns;
        char *keep_path = n->path;
        memset(n, 0, sizeof *n);
        n->ns = keep_ns;
        n->path = keep_path;
        n->type = type;
        return n;
    }
    n = fw_xcalloc(1, sizeof *n);
    n->ns = ns;
    n->path = norm;
    n->type = type;
    FW_XGROW(ns->nodes, ns->cap, ns->count + 1);
    ns->nodes[ns->count++] = n;
    if ((ns->count + 1) * 2 > ns->index_cap_)
        index_grow(ns);
    index_insert(ns, n);
    t->entries++;
    return n;
}

/* Exact lookup of a system path (relative to ns->root). */
static fw_node *get_sys(const fw_ns *ns, const char *syspath)
{
    if (!ns->root[0])
        return fw_ns_get(ns, syspath);
    char *full = strcmp(syspath, "/") == 0 ? fw_xstrdup(ns->root)
                                           : fw_xasprintf("%s%s", ns->root, syspath);
    fw_node *n = fw_ns_get(ns, full);
    free(full);
    return n;
}

const char *fw_node_syspath(const fw_node *n)
{
    size_t rl = strlen(n->ns->root);
    if (rl && strncmp(n->path, n->ns->root, rl) == 0) {
        if (n->path[rl] == '/')
            return n->path + rl;
        if (n->path[rl] == '\0')
            return "/";
    }
    return n->path;
}

/* Resolve `path` component by component, following symlinks in every
 * component. `hops` counts links followed across the whole resolution. */
static fw_node *resolve(const fw_ns *ns, const char *path, unsigned *hops)
{
    char *cur = fw_path_normalize(path);
    if (!cur)
        return NULL;
    /* Walk prefixes: "/a", "/a/b", ...; when a prefix is a symlink, splice its
     * target in and start over. */
    size_t pos = 1;
    for (;;) {
        if (strcmp(cur, "/") == 0) {
            fw_node *root = get_sys(ns, "/");
            free(cur);
            return root;
        }
        const char *slash = strchr(cur + pos, '/');
        size_t plen = slash ? (size_t)(slash - cur) : strlen(cur);
        char save = cur[plen];
        cur[plen] = '\0';
        fw_node *n = get_sys(ns, cur);
        if (n && n->type == FW_NODE_SYMLINK && n->link_target) {
            if (++*hops > FW_MAX_SYMLINK_HOPS) {
                free(cur);
                return NULL;
            }
            char *target = fw_path_join_link(cur, n->link_target);
            cur[plen] = save;
            if (!target) {
                free(cur);
                return NULL;
            }
            char *next = fw_xasprintf("%s%s", strcmp(target, "/") == 0 && save ? "" : target,
                                   cur + plen);
            free(target);
            free(cur);
            cur = fw_path_normalize(next);
            free(next);
            if (!cur)
                return NULL;
            pos = 1;
            continue;
        }
        cur[plen] = save;
        if (!save) {
            free(cur);
            return n;
        }
        if (!n && !get_sys(ns, "/")) {
            /* Archives often omit directory entries: keep walking. */
        } else if (n && n->type != FW_NODE_DIR) {
            free(cur);
            return NULL;
        }
        pos = plen + 1;
    }
}

fw_node *fw_ns_resolve(const fw_ns *ns, const char *path)
{
    unsigned hops = 0;
    return resolve(ns, path, &hops);
}

/* *np becomes the file whose content it shows (a hard link's target). */
static int content_node(const fw_node **np, fw_error *err)
{
    const fw_node *n = *np;
    if (n->type == FW_NODE_HARDLINK && n->link_target) {
        fw_node *t = fw_ns_get(n->ns, n->link_target);
        if (!t || t == n || t->type != FW_NODE_FILE)
            return fw_error_set(err, FW_ENOTFOUND, "%s: hard link target %s not in image",
                                n->path, n->link_target);
        n = t;
    }
    if (n->type != FW_NODE_FILE)
        return fw_error_set(err, FW_EFORMAT, "%s: not a regular file", n->path);
    *np = n;
    return FW_OK;
}

/* Read up to cap bytes from the start of fd into buf (*got: how many; less
 * at the end of the file), then close fd. */
static int read_closing(int fd, unsigned char *buf, size_t cap, size_t *got, const char *path,
                        fw_error *err)
{
    ssize_t r = 0;
    *got = 0;
    while (*got < cap && (r = pread(fd, buf + *got, cap - *got, (off_t)*got)) > 0)
        *got += (size_t)r;
    int e = errno;
    close(fd);
    if (r < 0)
        return fw_error_set(err, FW_EIO, "%s: cannot read: %s", path, strerror(e));
    return FW_OK;
}

int fw_node_open(const fw_node *n, fw_blob *out, fw_error *err)
{
    memset(out, 0, sizeof *out);
    int crc = content_node(&n, err);
    if (crc != FW_OK)
        return crc;
    if (n->src && !n->data && n->size > 0) {
        if (n->size >= SIZE_MAX)
            return fw_error_set(err, FW_ELIMIT, "%s: too large", n->path);
        unsigned char *buf = fw_xmalloc((size_t)n->size + 1);
        int rc = n->src->read(n->src, n->src_ref, 0, buf, (size_t)n->size, err);
        if (rc != FW_OK) {
            free(buf);
            return rc;
        }
        buf[n->size] = '\0';
        out->data = buf;
        out->size = (size_t)n->size;
        out->owned_ = 1;
        return FW_OK;
    }
    if (n->data || n->size == 0 || !n->disk_path) {
        out->data = n->data ? n->data : (const unsigned char *)"";
        out->size = n->data ? n->size : 0;
        return FW_OK;
    }
    int fd = open(n->disk_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return fw_error_set(err, FW_EIO, "%s: cannot open: %s", n->disk_path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fw_error_set(err, FW_EIO, "%s: not a regular file any more", n->disk_path);
    }
    if (st.st_size == 0) {
        close(fd);
        out->data = (const unsigned char *)"";
        return FW_OK;
    }
    if (st.st_size <= FW_READ_NOT_MAP) {
        /* Small files (most of a root filesystem) are read: a mapping costs
         * page faults, and unmapping it in a threaded process costs every
         * core a TLB flush (IPIs), which was a tenth of --jobs 2's time. */
        size_t size = (size_t)st.st_size, got = 0;
        unsigned char *buf = fw_xmalloc(size + 1);
        int rc = read_closing(fd, buf, size, &got, n->disk_path, err);
        if (rc != FW_OK) {
            free(buf);
            return rc;
        }
        buf[got] = '\0';   /* a file that shrank since fstat: what is there */
        out->data = buf;
        out->size = got;
        out->owned_ = 1;
        return FW_OK;
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return fw_error_set(err, FW_EIO, "%s: cannot map: %s", n->disk_path, strerror(errno));
    out->data = m;
    out->size = (size_t)st.st_size;
    out->mapped_ = 1;
    return FW_OK;
}

void fw_blob_close(fw_blob *b)
{
    if (b->mapped_ && b->data)
        munmap((void *)b->data, b->size);
    if (b->owned_)
        free((void *)b->data);
    memset(b, 0, sizeof *b);
}

int fw_node_head(const fw_node *n, unsigned char *buf, size_t cap, size_t *got, fw_error *err)
{
    *got = 0;
    int crc = content_node(&n, err);
    if (crc != FW_OK)
        return crc;
    size_t want = n->size < cap ? (size_t)n->size : cap;
    if (n->data || want == 0) {
        if (n->data)
            memcpy(buf, n->data, want);
        *got = n->data ? want : 0;
        return FW_OK;
    }
    if (n->src) {
        int rc = n->src->read(n->src, n->src_ref, 0, buf, want, err);
        if (rc == FW_OK)
            *got = want;
        return rc;
    }
    if (!n->disk_path)
        return FW_OK;
    int fd = open(n->disk_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return fw_error_set(err, FW_EIO, "%s: cannot open: %s", n->disk_path, strerror(errno));
    return read_closing(fd, buf, cap, got, n->disk_path, err);
}

int fw_blob_is_text(const fw_blob *b)
{
    size_t n = b->size < 8192 ? b->size : 8192;
    return memchr(b->data, 0, n) == NULL;
}

int fw_ns_exists(const fw_ns *ns, const char *path)
{
    if (fw_ns_resolve(ns, path))
        return 1;
    size_t len = strlen(path);
    for (size_t i = 0; i < ns->count; i++) {
        const char *p = fw_node_syspath(ns->nodes[i]);
        if (strncmp(p, path, len) == 0 && p[len] == '/')
            return 1;
    }
    return 0;
}

int fw_ns_is_system(const fw_ns *ns)
{
    return fw_ns_exists(ns, "/etc") &&
           (fw_ns_exists(ns, "/bin") || fw_ns_exists(ns, "/sbin") ||
            fw_ns_exists(ns, "/lib") || fw_ns_exists(ns, "/usr"));
}

/* Count, per candidate root prefix, the files under PREFIX/etc/. */
typedef struct root_cand {
    char *prefix;
    size_t etc_files;
} root_cand;

static int has_sys_dir(const fw_ns *ns, const char *prefix, const char *dir)
{
    /* Archives may omit directory entries: a child path proves the dir. */
    size_t pl = strlen(prefix), dl = strlen(dir);
    for (size_t i = 0; i < ns->count; i++) {
        const char *p = ns->nodes[i]->path;
        if (strncmp(p, prefix, pl) == 0 && strncmp(p + pl, dir, dl) == 0 &&
            (p[pl + dl] == '/' || p[pl + dl] == '\0'))
            return 1;
    }
    return 0;
}

void fw_ns_find_root(fw_ns *ns)
{
    root_cand cands[16];
    size_t nc = 0;
    int top_etc = 0;
    for (size_t i = 0; i < ns->count; i++) {
        const char *p = ns->nodes[i]->path;
        const char *etc = strstr(p, "/etc/");
        if (!etc)
            continue;
        size_t plen = (size_t)(etc - p);
        if (plen == 0) {
            /* /etc at the top: the root is the namespace root (and the
             * candidates gathered so far are dropped, not leaked) */
            top_etc = 1;
            break;
        }
        /* at most 3 levels: "/a/b/c" */
        unsigned slashes = 0;
        for (size_t k = 0; k < plen; k++)
            slashes += p[k] == '/';
        if (slashes > 3)
            continue;
        size_t c;
        for (c = 0; c < nc; c++)
            if (strlen(cands[c].prefix) == plen && strncmp(cands[c].prefix, p, plen) == 0)
                break;
        if (c == nc) {
            if (nc == sizeof cands / sizeof cands[0])
                continue;
            cands[nc].prefix = fw_xstrndup(p, plen);
            cands[nc].etc_files = 0;
            nc++;
        }
        cands[c].etc_files++;
    }
    size_t best = nc;
    for (size_t c = 0; c < nc && !top_etc; c++) {
        int looks_like_root = has_sys_dir(ns, cands[c].prefix, "/bin") ||
                              has_sys_dir(ns, cands[c].prefix, "/sbin") ||
                              has_sys_dir(ns, cands[c].prefix, "/lib") ||
                              has_sys_dir(ns, cands[c].prefix, "/usr");
        if (looks_like_root && (best == nc || cands[c].etc_files > cands[best].etc_files))
            best = c;
    }
    if (best < nc) {
        free(ns->root);
        ns->root = fw_xstrdup(cands[best].prefix);
    }
    for (size_t c = 0; c < nc; c++)
        free(cands[c].prefix);
}

char *fw_node_location(const fw_node *n)
{
    if (!n->ns->chain[0])
        return fw_xstrdup(n->path);
    return fw_xasprintf("%s > %s", n->ns->chain, n->path);
}
