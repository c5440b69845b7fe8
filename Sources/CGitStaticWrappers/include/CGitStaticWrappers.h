#ifndef STET_CGITSTATICWRAPPERS_H
#define STET_CGITSTATICWRAPPERS_H

/* Defined so that the target has a public header; linking the target is what matters. */
extern int stet_git_static_wrappers_linked;

#endif
