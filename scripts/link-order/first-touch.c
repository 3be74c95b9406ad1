/* first-touch.c — LD_PRELOAD shim for scripts/link-order/record.sh (never shipped).
 *
 * Makes the kernel map the main executable's code one 4 KB page at a time,
 * so that afterwards /proc/PID/pagemap says exactly which pages of it ran:
 * MADV_RANDOM turns off read-ahead on all its mappings, and dropping the code
 * pages already mapped and cached (by the loader, before this constructor)
 * leaves fault-around nothing to map beside the page that faulted. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

__attribute__((constructor)) static void first_touch(void) {
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = 0;
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) return;
    char line[8192];
    while (fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &start, &end, perms) != 3) continue;
        char *path = strchr(line, '/');
        if (!path) continue;
        path[strcspn(path, "\n")] = 0;
        if (strcmp(path, exe) != 0) continue;
        /* No read-ahead on any of its mappings: a fault in the data
         * segments would otherwise read code pages into the cache too. */
        if (madvise((void *)start, end - start, MADV_RANDOM) != 0) perror("first-touch: madvise RANDOM");
        /* Only the code is clean and can be dropped (the data is relocated). */
        if (perms[2] == 'x' && madvise((void *)start, end - start, MADV_DONTNEED) != 0)
            perror("first-touch: madvise DONTNEED");
    }
    fclose(maps);
    int fd = open(exe, O_RDONLY);
    if (fd >= 0) {
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        close(fd);
    }
}
