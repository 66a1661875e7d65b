/* webroot_int.h: the web map of one namespace, shared by webroot.c (the
 * map, its cache and fw_web_route_of) and webconf.c (the servers' config
 * readers that fill it). Private to src/checks/scripts/.
 *
 * A map holds the servers the image configures, the directories each
 * serves and at which URL, and the URL prefixes each protects with a login.
 * Strings are owned by the map; nodes are borrowed from the tree.
 */
#ifndef FW_CHECKS_SCRIPTS_WEBROOT_INT_H
#define FW_CHECKS_SCRIPTS_WEBROOT_INT_H

#include "checks/scripts/taint.h"

typedef struct fw_web_server {
    const char *name;          /* static: "uhttpd", "lighttpd", ... */
    const fw_node *config;     /* the file that configures or starts it, or NULL */
    uint64_t line;
    int configured;            /* 1: a config says how it serves (no rule = no login) */
} fw_web_server;

typedef struct fw_web_dir {
    char *dir;                 /* device path served ("/www"), no trailing '/' */
    char *url;                 /* URL prefix it is served at ("" = the site's root) */
    size_t server;             /* index into servers */
    const fw_node *config;
    uint64_t line;
} fw_web_dir;

typedef struct fw_web_guard {
    char *url;                 /* URL prefix a login protects ("" = everything) */
    size_t server;
    const fw_node *config;
    uint64_t line;
} fw_web_guard;

typedef struct fw_webmap {
    const fw_ns *ns;
    fw_web_server servers[FW_MAX_WEB_SERVERS];
    size_t n_servers;
    fw_web_dir dirs[FW_MAX_WEB_DIRS];
    size_t n_dirs;
    fw_web_guard guards[FW_MAX_WEB_GUARDS];
    size_t n_guards;
} fw_webmap;

/* Add a server (index returned; the last one when the table is full). */
size_t fw_webmap_server(fw_webmap *m, const char *name, const fw_node *config, uint64_t line,
                        int configured);
/* dir (a device path, any form: normalized here) served at url by server. */
void fw_webmap_dir(fw_webmap *m, size_t server, const char *dir, const char *url,
                   const fw_node *config, uint64_t line);
/* A login on url and below, for server. */
void fw_webmap_guard(fw_webmap *m, size_t server, const char *url, const fw_node *config,
                     uint64_t line);

/* The config readers (webconf.c): each looks up its server's files in
 * m->ns and adds what they say. */
void fw_webconf_uhttpd(fw_webmap *m);
void fw_webconf_lighttpd(fw_webmap *m);
void fw_webconf_busybox(fw_webmap *m);
void fw_webconf_boa(fw_webmap *m);
void fw_webconf_nginx(fw_webmap *m);
void fw_webconf_small(fw_webmap *m);   /* mini_httpd, thttpd, goahead */
/* BusyBox httpd.conf at path (also uhttpd's): `/url:user:pass` lines
 * guard /url. */
void fw_webconf_httpd_conf(fw_webmap *m, size_t server, const char *path);

#endif
