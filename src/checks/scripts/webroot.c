/* webroot.c: which files the image's web servers serve (taint.h). This
 * first version knows the conventional roots only; the servers' own
 * configurations (document root, CGI and Lua prefixes, auth rules) refine
 * it. */
#include <string.h>
#include "checks/scripts/taint.h"

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

fw_web_route fw_web_route_of(fw_check_ctx *ctx, const fw_node *file)
{
    (void)ctx;
    static const char *const roots[] = { "/www", "/var/www", "/usr/lib/lua/luci", "/webs",
                                         "/home/httpd", "/srv/www", "/usr/www", NULL };
    fw_web_route r = { 0 };
    const char *p = fw_node_syspath(file);
    for (size_t i = 0; roots[i]; i++)
        if (under(p, roots[i]))
            r.served = 1;
    return r;
}
