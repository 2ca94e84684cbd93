/*
 * olhelper: the few guest workload steps busybox and coreutils cannot do precisely, each printing
 * one line per system call with its return code and errno, so a capture's expectations can be
 * checked against what the application saw. Built static on the host into the initramfs by
 * scripts/capture-real-traces.sh.
 *
 *   olhelper pwrite DEV OFFSET LEN FLAGS     one pwrite of LEN bytes (pattern) at OFFSET;
 *                                            FLAGS: any of direct,dsync,sync (or "none")
 *   olhelper fsync DEV                       open DEV, fsync it, print the rc
 *   olhelper write-fsync2 DEV OFFSET LEN     buffered pwrite, fsync, fsync again (the second
 *                                            fsync after a writeback error returns 0)
 *   olhelper zeroout DEV OFFSET LEN          ioctl(BLKZEROOUT) on the range, nothing else
 *   olhelper zeroes-race DEV OFFSET LEN      a forked child issues ioctl(BLKZEROOUT) on the range
 *                                            while the parent writes data there with O_DIRECT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *tag = "olhelper";

static void report(const char *what, long rc, int err) {
    if (rc < 0)
        printf("%s: %s rc=%ld errno=%d (%s)\n", tag, what, rc, err, strerror(err));
    else
        printf("%s: %s rc=%ld\n", tag, what, rc);
    fflush(stdout);
}

static void *buffer(size_t len, int byte) {
    void *p;
    if (posix_memalign(&p, 4096, len ? len : 4096) != 0) exit(2);
    memset(p, byte, len);
    return p;
}

static int open_flags(const char *flags) {
    int f = O_WRONLY;
    if (strstr(flags, "direct")) f |= O_DIRECT;
    if (strstr(flags, "dsync")) f |= O_DSYNC;
    else if (strstr(flags, "sync")) f |= O_SYNC;
    return f;
}

static int open_dev(const char *dev, int flags) {
    int fd = open(dev, flags);
    if (fd < 0) {
        report("open", -1, errno);
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: see the comment at the top of olhelper.c\n");
        return 2;
    }
    const char *cmd = argv[1], *dev = argv[2];
    char what[256];
    if (!strcmp(cmd, "pwrite") && argc == 6) {
        off_t off = strtoll(argv[3], 0, 0);
        size_t len = strtoull(argv[4], 0, 0);
        int fd = open_dev(dev, open_flags(argv[5]));
        void *b = buffer(len, 0x5a);
        ssize_t rc = pwrite(fd, b, len, off);
        int err = errno;
        snprintf(what, sizeof what, "pwrite(%s, off=%lld, len=%zu, %s)", dev, (long long)off, len,
                 argv[5]);
        report(what, rc, err);
        close(fd);
        return rc == (ssize_t)len ? 0 : 1;
    }
    if (!strcmp(cmd, "fsync") && argc == 3) {
        int fd = open_dev(dev, O_WRONLY);
        int rc = fsync(fd);
        int err = errno;
        snprintf(what, sizeof what, "fsync(%s)", dev);
        report(what, rc, err);
        close(fd);
        return rc ? 1 : 0;
    }
    if (!strcmp(cmd, "write-fsync2") && argc == 5) {
        off_t off = strtoll(argv[3], 0, 0);
        size_t len = strtoull(argv[4], 0, 0);
        int fd = open_dev(dev, O_WRONLY);
        void *b = buffer(len, 0xa5);
        ssize_t rc = pwrite(fd, b, len, off);
        int err = errno;
        snprintf(what, sizeof what, "pwrite(%s, off=%lld, len=%zu, buffered)", dev, (long long)off,
                 len);
        report(what, rc, err);
        int r1 = fsync(fd);
        err = errno;
        report("first fsync", r1, err);
        int r2 = fsync(fd);
        err = errno;
        report("second fsync", r2, err);
        close(fd);
        return 0;
    }
    if (!strcmp(cmd, "zeroout") && argc == 5) {
        uint64_t range[2] = {strtoull(argv[3], 0, 0), strtoull(argv[4], 0, 0)};
        int fd = open_dev(dev, O_WRONLY);
        int rc = ioctl(fd, BLKZEROOUT, range);
        int err = errno;
        snprintf(what, sizeof what, "ioctl(%s, BLKZEROOUT, start=%llu, len=%llu)", dev,
                 (unsigned long long)range[0], (unsigned long long)range[1]);
        report(what, rc, err);
        close(fd);
        return rc ? 1 : 0;
    }
    if (!strcmp(cmd, "zeroes-race") && argc == 5) {
        uint64_t range[2] = {strtoull(argv[3], 0, 0), strtoull(argv[4], 0, 0)};
        int fd = open_dev(dev, O_WRONLY | O_DIRECT);
        void *b = buffer(range[1], 0x77);
        pid_t child = fork();
        if (child == 0) {
            tag = "olhelper[child]";
            int rc = ioctl(fd, BLKZEROOUT, range);
            int err = errno;
            snprintf(what, sizeof what, "ioctl(%s, BLKZEROOUT, start=%llu, len=%llu)", dev,
                     (unsigned long long)range[0], (unsigned long long)range[1]);
            report(what, rc, err);
            _exit(rc ? 1 : 0);
        }
        tag = "olhelper[parent]";
        ssize_t rc = pwrite(fd, b, range[1], range[0]);
        int err = errno;
        snprintf(what, sizeof what, "pwrite(%s, off=%llu, len=%llu, direct)", dev,
                 (unsigned long long)range[0], (unsigned long long)range[1]);
        report(what, rc, err);
        int status = 0;
        waitpid(child, &status, 0);
        report("child exit status", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
        close(fd);
        return 0;
    }
    fprintf(stderr, "olhelper: unknown command or wrong arguments: %s\n", cmd);
    return 2;
}
