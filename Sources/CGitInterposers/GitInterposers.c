/* GitStartup.c's interceptions where libgit2 is a shared library (tests, stet-bench, the fuzz
 * targets): these definitions come first in the dynamic linker's search, and hand the next
 * definition, the real library's, to GitStartup.c, which decides. The `stet` executable links
 * libgit2 statically and uses CGitStaticWrappers instead; it must not link this file, whose
 * definitions would clash with the libraries' own. */
#ifdef __linux__
#define _GNU_SOURCE

#include <dlfcn.h>
#include <stddef.h>

#include "CGitStartup.h"
#include "CGitInterposers.h"

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    return stet_git_start_certificates(
        (stet_git_certificate_loader)dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"), chain, path);
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    return stet_git_start_certificates(
        (stet_git_certificate_loader)dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_path"), chain, path);
}

int mbedtls_ctr_drbg_seed(void *context, stet_git_entropy_source source, void *state, const unsigned char *custom,
                          size_t length) {
    return stet_git_start_generator(
        (stet_git_generator_seeder)dlsym(RTLD_NEXT, "mbedtls_ctr_drbg_seed"), context, source, state, custom, length);
}



int libssh2_init(int flags) {
    return stet_git_start_ssh((int (*)(int))dlsym(RTLD_NEXT, "libssh2_init"), flags);
}

#endif

/* Keeps the translation unit non-empty where there is nothing to interpose. */
int stet_git_interposers_linked = 1;
