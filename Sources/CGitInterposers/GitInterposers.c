/* GitStartup.c's interceptions where libgit2 is a shared library (tests, stet-bench): these
 * definitions come first in the dynamic linker's search, and forward to the next definition, the
 * real library's, except while libgit2 is initialising. The `stet` executable links libgit2
 * statically and uses CGitStaticWrappers instead; it must not link this file, whose definitions
 * would clash with the libraries' own. */
#ifdef __linux__
#define _GNU_SOURCE

#include <dlfcn.h>
#include <stddef.h>

#include "CGitStartup.h"
#include "CGitInterposers.h"

typedef int (*certificate_loader)(void *chain, const char *path);

static int forward(const char *name, void *chain, const char *path) {
    certificate_loader loader = (certificate_loader)dlsym(RTLD_NEXT, name);
    return loader ? loader(chain, path) : -1;
}

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (stet_git_starting()) {
        stet_git_defer_ca_bundle();
        return 0;
    }
    return forward("mbedtls_x509_crt_parse_file", chain, path);
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    if (stet_git_starting()) {
        stet_git_defer_ca_bundle();
        return 0;
    }
    return forward("mbedtls_x509_crt_parse_path", chain, path);
}

typedef int (*entropy_source)(void *state, unsigned char *output, size_t length);
typedef int (*generator_seeder)(void *context, entropy_source source, void *state, const unsigned char *custom,
                                size_t length);

int mbedtls_ctr_drbg_seed(void *context, entropy_source source, void *state, const unsigned char *custom,
                          size_t length) {
    generator_seeder seed = (generator_seeder)dlsym(RTLD_NEXT, "mbedtls_ctr_drbg_seed");
    if (!seed) return -0x0034;
    if (stet_git_starting()) return seed(context, stet_git_kernel_entropy, NULL, custom, length);
    return seed(context, source, state, custom, length);
}

#if __has_include(<mbedtls/havege.h>)
#include <string.h>
#include <mbedtls/havege.h>

void mbedtls_havege_init(mbedtls_havege_state *state) {
    if (stet_git_starting()) {
        memset(state, 0, sizeof *state);
        return;
    }
    void (*start)(mbedtls_havege_state *) = (void (*)(mbedtls_havege_state *))dlsym(RTLD_NEXT, "mbedtls_havege_init");
    if (start) start(state);
}
#endif

int libssh2_init(int flags) {
    if (stet_git_starting()) return 0;
    int (*start)(int) = (int (*)(int))dlsym(RTLD_NEXT, "libssh2_init");
    return start ? start(flags) : -1;
}

#endif

/* Keeps the translation unit non-empty where there is nothing to interpose. */
int stet_git_interposers_linked = 1;
