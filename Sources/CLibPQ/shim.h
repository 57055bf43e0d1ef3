#ifndef XCHECK_CLIBPQ_SHIM_H
#define XCHECK_CLIBPQ_SHIM_H
// libpq's header lives in /usr/include/postgresql; pkg-config (libpq) adds that directory.
#include <libpq-fe.h>
#endif
