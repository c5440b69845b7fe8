#ifndef STET_CGITSTARTUP_H
#define STET_CGITSTARTUP_H

/* Initialises libgit2 without parsing the system's CA bundle (see GitStartup.c for why and how).
 * Returns git_libgit2_init's result. */
int stet_git_init_without_ca_bundle(void);

/* 1 when libgit2's initialisation asked for the CA bundle and was answered with an empty chain:
 * an HTTPS connection would then fail certificate verification, closed, until
 * GIT_OPT_SET_SSL_CERT_LOCATIONS loads certificates. */
int stet_git_ca_bundle_deferred(void);

#endif
