#ifndef STET_CGITSTARTUP_H
#define STET_CGITSTARTUP_H

#include <stddef.h>

/* Initialises libgit2 without parsing the system's CA bundle (see GitStartup.c for why and how).
 * Returns git_libgit2_init's result. */
int stet_git_init_without_ca_bundle(void);

/* 1 when libgit2's initialisation asked for the CA bundle and was answered with an empty chain:
 * an HTTPS connection would then fail certificate verification, closed, until
 * GIT_OPT_SET_SSL_CERT_LOCATIONS loads certificates. */
int stet_git_ca_bundle_deferred(void);

#ifdef __linux__
/* For the interceptors (CGitInterposers, CGitStaticWrappers): 1 while libgit2 is initialising. */
int stet_git_starting(void);

/* For the interceptors: records that a CA bundle load was answered with an empty chain. */
void stet_git_defer_ca_bundle(void);

/* An mbedTLS entropy source that reads the kernel's generator (getrandom). */
int stet_git_kernel_entropy(void *state, unsigned char *output, size_t length);
#endif

#endif
