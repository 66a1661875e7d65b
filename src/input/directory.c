/* directory.c: an extracted root filesystem on disk. Symlinks are recorded,
 * never followed; file content stays on disk and is mapped when checked. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/xalloc.h"
#include "input/input.h"

/* fw_node_type_of_mode reads the POSIX type bits, which the host's are. */
_Static_assert(S_IFMT == 0170000 && S_IFDIR == 0040000 && S_IFREG == 0100000 &&
                   S_IFLNK == 0120000 && S_IFCHR == 0020000 && S_IFBLK == 0060000 &&
                   S_IFIFO == 0010000 && S_IFSOCK == 0140000,
               "host file-type bits are not the POSIX values");

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Recursion depth is bounded by FW_MAX_DIR_DEPTH. Entries are visited in
 * name order so two runs build the same tree. */
static void walk(fw_loader *ld, fw_ns *ns, const char *disk, const char *rel, unsigned depth)
{
    if (depth > FW_MAX_DIR_DEPTH) {
        fw_report_add_error(ld->report, rel, FW_NO_OFFSET, 0,
                            "directory nesting deeper than %d levels: not read", FW_MAX_DIR_DEPTH);
        return;
    }
    DIR *d = opendir(disk);
    if (!d) {
        fw_report_add_error(ld->report, rel, FW_NO_OFFSET, 0, "cannot open directory %s: %s",
                            disk, strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        FW_XGROW(names, cap, n + 1);
        names[n++] = fw_xstrdup(de->d_name);
    }
    closedir(d);
    if (n > 1)   /* an empty directory: names is NULL, which qsort may not take */
        qsort(names, n, sizeof *names, cmp_names);

    for (size_t i = 0; i < n; i++) {
        char *dpath = fw_xasprintf("%s/%s", disk, names[i]);
        char *rpath = fw_xasprintf("%s/%s", strcmp(rel, "/") == 0 ? "" : rel, names[i]);
        struct stat st;
        if (lstat(dpath, &st) != 0) {
            fw_report_add_error(ld->report, rpath, FW_NO_OFFSET, 0, "cannot stat: %s",
                                strerror(errno));
        } else if (fw_loader_may_add_entry(ld, rpath)) {
            fw_node *node = fw_ns_add(ld->tree, ns, rpath, fw_node_type_of_mode(st.st_mode));
            if (!node) {
                fw_report_add_error(ld->report, rpath, FW_NO_OFFSET, 0, "path too long: not read");
            } else {
                node->mode = st.st_mode & 07777;
                node->uid = st.st_uid;
                node->gid = st.st_gid;
                if (S_ISREG(st.st_mode)) {
                    node->size = (uint64_t)st.st_size;
                    node->disk_path = fw_xstrdup(dpath);
                } else if (S_ISLNK(st.st_mode)) {
                    char buf[FW_MAX_PATH_LEN + 1];
                    ssize_t len = readlink(dpath, buf, FW_MAX_PATH_LEN);
                    if (len >= 0) {
                        buf[len] = '\0';
                        node->link_target = fw_xstrdup(buf);
                    }
                } else if (S_ISDIR(st.st_mode)) {
                    walk(ld, ns, dpath, rpath, depth + 1);
                }
            }
        }
        free(dpath);
        free(rpath);
        free(names[i]);
    }
    free(names);
}

int fw_load_directory(fw_loader *ld, fw_ns *ns, const char *dir, fw_error *err)
{
    fw_node *root = fw_ns_add(ld->tree, ns, "/", FW_NODE_DIR);
    root->mode = 0755;
    walk(ld, ns, dir, "/", 0);
    return FW_OK;
}
