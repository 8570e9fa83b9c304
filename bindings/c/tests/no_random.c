/* no_random.c: a getrandom(2) that always fails (EIO), preloaded by
 * tests/run.sh under tests/test_random.c: the operating system's random source
 * broken. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/types.h>

ssize_t getrandom(void *buf, size_t len, unsigned int flags) {
    (void)buf;
    (void)len;
    (void)flags;
    errno = EIO;
    return -1;
}
