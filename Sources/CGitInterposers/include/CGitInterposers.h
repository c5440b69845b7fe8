#ifndef STET_CGITINTERPOSERS_H
#define STET_CGITINTERPOSERS_H

/* Defined so that the target has a public header; linking the target is what matters. */
extern int stet_git_interposers_linked;

#endif
