/* GitStartup.c's interceptions for the `stet` executable, which links libgit2 and its libraries
 * statically (Package.swift): the linker's --wrap=NAME sends every call to NAME to __wrap_NAME,
 * and __real_NAME to the library's own, which is handed to GitStartup.c to decide. Only a program
 * linked with those --wrap options may link this file; without them its __real_ references are
 * undefined and the link fails, which is the point: a `stet` whose start-up would parse the CA
 * bundle again cannot be built by accident. */
#ifdef __linux__
#include <stddef.h>

#include "CGitStartup.h"
#include "CGitStaticWrappers.h"

int __real_mbedtls_x509_crt_parse_file(void *chain, const char *path);
int __real_mbedtls_x509_crt_parse_path(void *chain, const char *path);
int __real_mbedtls_ctr_drbg_seed(void *context, stet_git_entropy_source source, void *state,
                                 const unsigned char *custom, size_t length);
int __real_libssh2_init(int flags);

int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    return stet_git_start_certificates(__real_mbedtls_x509_crt_parse_file, chain, path);
}

int __wrap_mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    return stet_git_start_certificates(__real_mbedtls_x509_crt_parse_path, chain, path);
}

int __wrap_mbedtls_ctr_drbg_seed(void *context, stet_git_entropy_source source, void *state,
                                 const unsigned char *custom, size_t length) {
    return stet_git_start_generator(__real_mbedtls_ctr_drbg_seed, context, source, state, custom, length);
}

int __wrap_libssh2_init(int flags) {
    return stet_git_start_ssh(__real_libssh2_init, flags);
}

#endif

int stet_git_static_wrappers_linked = 1;
