/* fuzz_keys.c: PEM, DER, X.509 and OpenSSH/Dropbear key handling.
 * Parts of the input separated by "\n@@\n" become the files below, in
 * one image, checked with all shipped rules (fuzz/common.c). */
#include "fuzz/common.h"

static const char *const paths[] = {
    "/etc/ssl/private/server.key",
    "/etc/ssl/certs/server.crt",
    "/etc/dropbear/dropbear_rsa_host_key",
    "/etc/ssh/ssh_host_ed25519_key",
    "/root/.ssh/authorized_keys",
    "/etc/ssh/sshd_config",
};

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    fz_check_files(paths, sizeof paths / sizeof paths[0], d, n);
    return 0;
}
