/* bench/peers/c_bench: the plain-C baseline (posix_spawn, waitpid, read(2)) for every workload of the suite.
   Usage: c_bench <workload> [key=value ...]; prints one JSON line {"impl","workload","value","unit",...}.
     w1     n=2000 ballast=MiB capture=0|1   spawn+wait /bin/true; value: us per spawn
                                        (capture=1: stdout+stderr pipes, own process group, pidfd, epoll,
                                        as in w5 capture=1)
     w2     total=256 par=64            fan-out of /bin/true, `par` alive at once; value: spawns/s
     w3b    bytes=N gen=PATH variant=pipe|pipe1m|socketpair    value: GB/s
     w3l    lines=N gen=PATH            memchr split, every line checked in order; value: M lines/s
     w4     iters=20 timeout_ms=100     SIGTERM at the deadline (clock_nanosleep); value: median ms
                                        from the deadline to the child reaped
     w4esc  iters=10 timeout_ms=100 grace_ms=200   child ignores SIGTERM; SIGKILL after the grace;
                                        value: median ms from the end of the grace to reaped
     w5     n=200 capture=0|1           n `sleep 600` alive, SIGINT all, reap all; value: stop ms
                                        capture=1: like a runner that captures output: each child in its own
                                        process group with stdout+stderr pipes and a pidfd, one epoll loop
                                        reaps (waitid P_PIDFD) and drains to EOF */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static int g_argc;
static char** g_argv;
static char* volatile g_ballast;

static const char* opt(const char* key, const char* def)
{
    size_t k = strlen(key);
    for (int i = 2; i < g_argc; ++i)
        if (strncmp(g_argv[i], key, k) == 0 && g_argv[i][k] == '=')
            return g_argv[i] + k + 1;
    return def;
}
static long long opt_ll(const char* key, long long def)
{
    const char* v = opt(key, NULL);
    return v ? atoll(v) : def;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long vm_kib(const char* field)
{
    FILE* f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t k = strlen(field);
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, k) == 0)
            v = atol(line + k);
    fclose(f);
    return v;
}

static void touch_ballast(void)
{
    long long mib = opt_ll("ballast", 0);
    if (mib <= 0)
        return;
    size_t n = (size_t)mib << 20;
    char* p = malloc(n);
    if (!p)
        abort();
    memset(p, 1, n);
    g_ballast = p; /* kept alive until exit */
}

static pid_t spawn(char* const argv[], posix_spawn_file_actions_t* fa)
{
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], fa, NULL, argv, environ);
    if (rc != 0)
    {
        fprintf(stderr, "c_bench: posix_spawn(%s): %s\n", argv[0], strerror(rc));
        exit(1);
    }
    return pid;
}

static void reap(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
    {
    }
}

static void emit(const char* wl, double value, const char* unit, const char* extra)
{
    printf(
        "{\"impl\":\"c\",\"workload\":\"%s\",\"value\":%.6g,\"unit\":\"%s\"%s%s}\n", wl, value, unit,
        extra ? "," : "", extra ? extra : ""
    );
}

static int cmp_d(const void* a, const void* b)
{
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y;
}
static double median(double* v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return v[n / 2];
}

/* Every implementation spawns this many untimed children first: first-spawn costs (lazy allocations, page
   faults, loader work) would otherwise weigh 30x more in the 30-spawn 1 GiB rows than in the 1000-spawn row.
 */
#define W1_WARMUP 3

static pid_t spawn_captured(char* const argv[], int ep, int* fds, uint64_t base);
static void captured_loop(int ep, int* fds, int open_fds);

static int w1(void)
{
    touch_ballast();
    int n = (int)opt_ll("n", 2000);
    int capture = (int)opt_ll("capture", 0);
    char* argv[] = {"/bin/true", NULL};
    int ep = capture ? epoll_create1(EPOLL_CLOEXEC) : -1;
    int fds[3];
    double t0 = 0;
    for (int i = -W1_WARMUP; i < n; ++i)
    {
        if (i == 0)
            t0 = now_s();
        if (capture)
        {
            spawn_captured(argv, ep, fds, 0);
            captured_loop(ep, fds, 3);
        }
        else
            reap(spawn(argv, NULL));
    }
    emit("w1", (now_s() - t0) / n * 1e6, "us", capture ? "\"capture\":1" : "\"capture\":0");
    if (ep >= 0)
        close(ep);
    return 0;
}

static int w2(void)
{
    int total = (int)opt_ll("total", 256), par = (int)opt_ll("par", 64);
    char* argv[] = {"/bin/true", NULL};
    int started = 0, alive = 0;
    double t0 = now_s();
    while (started < total || alive > 0)
    {
        while (alive < par && started < total)
        {
            spawn(argv, NULL);
            ++started;
            ++alive;
        }
        int st;
        if (wait(&st) > 0)
            --alive;
    }
    emit("w2", total / (now_s() - t0), "spawns/s", NULL);
    return 0;
}

static int make_channel(int fds[2], const char* variant)
{
    if (strcmp(variant, "socketpair") == 0)
        return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    if (strcmp(variant, "pipe1m") == 0)
        fcntl(fds[0], F_SETPIPE_SZ, 1 << 20);
    return 0;
}

/* Spawns gen with stdout on a fresh channel; returns the read end. */
static int spawn_gen(const char* mode, long long count, const char* variant, pid_t* pid)
{
    int fds[2];
    if (make_channel(fds, variant) != 0)
    {
        perror("c_bench: channel");
        exit(1);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    char num[32];
    snprintf(num, sizeof num, "%lld", count);
    char* argv[] = {(char*)opt("gen", "bench_gen"), (char*)mode, num, NULL};
    *pid = spawn(argv, &fa);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    return fds[0];
}

static int w3b(void)
{
    long long bytes = opt_ll("bytes", 1LL << 30);
    const char* variant = opt("variant", "pipe");
    static char buf[1 << 20];
    double t0 = now_s();
    pid_t pid;
    int fd = spawn_gen("bytes", bytes, variant, &pid);
    long long total = 0;
    for (ssize_t k; (k = read(fd, buf, sizeof buf)) > 0;)
        total += k;
    reap(pid);
    double dt = now_s() - t0;
    close(fd);
    if (total != bytes)
    {
        fprintf(stderr, "c_bench: read %lld of %lld bytes\n", total, bytes);
        return 1;
    }
    char extra[64];
    snprintf(extra, sizeof extra, "\"variant\":\"%s\"", variant);
    emit("w3b", (double)bytes / dt / 1e9, "GB/s", extra);
    return 0;
}

static int w3l(void)
{
    long long lines = opt_ll("lines", 10000000);
    static char buf[(1 << 20) + 64];
    double t0 = now_s();
    pid_t pid;
    int fd = spawn_gen("lines", lines, "pipe", &pid);
    long long seen = 0, bad = 0;
    size_t have = 0;
    for (ssize_t k; (k = read(fd, buf + have, (1 << 20))) > 0;)
    {
        size_t len = have + (size_t)k, pos = 0;
        for (;;)
        {
            char* nl = memchr(buf + pos, '\n', len - pos);
            if (!nl)
                break;
            size_t end = (size_t)(nl - buf);
            /* the consumer: count and check the order digit */
            if (end == pos || buf[end - 1] != (char)('0' + seen % 10))
                ++bad;
            ++seen;
            pos = end + 1;
        }
        have = len - pos;
        memmove(buf, buf + pos, have);
    }
    reap(pid);
    double dt = now_s() - t0;
    close(fd);
    if (seen != lines || bad)
    {
        fprintf(stderr, "c_bench: %lld of %lld lines, %lld out of order\n", seen, lines, bad);
        return 1;
    }
    emit("w3l", (double)lines / dt / 1e6, "M lines/s", NULL);
    return 0;
}

static void sleep_until(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)t;
    ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    {
    }
}

static int w4(int escalate)
{
    int iters = (int)opt_ll("iters", escalate ? 10 : 20);
    double timeout = (double)opt_ll("timeout_ms", 100) / 1e3, grace = (double)opt_ll("grace_ms", 200) / 1e3;
    char* coop[] = {"/bin/sleep", "100", NULL};
    char* stubborn[] = {"/bin/sh", "-c", "trap '' TERM; exec /bin/sleep 100", NULL};
    double v[256];
    if (iters > 256)
        iters = 256;
    for (int i = 0; i < iters; ++i)
    {
        double dl = now_s() + timeout;
        pid_t pid = spawn(escalate ? stubborn : coop, NULL);
        sleep_until(dl);
        kill(pid, SIGTERM);
        if (escalate)
        {
            sleep_until(dl + grace);
            kill(pid, SIGKILL);
        }
        reap(pid);
        v[i] = (now_s() - dl - (escalate ? grace : 0)) * 1e3;
    }
    emit(escalate ? "w4esc" : "w4", median(v, iters), "ms", NULL);
    return 0;
}

/* One W5 record: the stop time, and the parent's RSS before and with all members alive. */
/* The parent's own CPU time (user + system), in ms: W5 reports how much of the stop window it used. */
static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static void
w5_emit(int n, int capture, double start_ms, double stop_ms, double stop_cpu_ms, long before, long after)
{
    char extra[280];
    snprintf(
        extra, sizeof extra,
        "\"members\":%d,\"capture\":%d,\"start_ms\":%.3f,\"stop_cpu_ms\":%.3f,\"rss_kib_before\":%ld,"
        "\"rss_kib_after\":%ld,\"per_member_kib\":%.3f,\"hwm_kib\":%ld",
        n, capture, start_ms, stop_cpu_ms, before, after, (double)(after - before) / n, vm_kib("VmHWM:")
    );
    emit("w5", stop_ms, "ms", extra);
}

/* capture=1 (W1, W5): what a runner that captures output must do per child, in C. The child gets its own
   process group and stdout+stderr pipes (the parent's ends non-blocking, the child's blocking); the parent
   holds a pidfd; the three descriptors go into one epoll set with data = base + 0 (pidfd), 1, 2 (pipes). */
static pid_t spawn_captured(char* const argv[], int ep, int* fds, uint64_t base)
{
    int o[2], e[2];
    if (pipe2(o, O_CLOEXEC) != 0 || pipe2(e, O_CLOEXEC) != 0 || fcntl(o[0], F_SETFL, O_NONBLOCK) != 0 ||
        fcntl(e[0], F_SETFL, O_NONBLOCK) != 0)
    {
        perror("c_bench: pipe2");
        exit(1);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, o[1], 1);
    posix_spawn_file_actions_adddup2(&fa, e[1], 2);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, &at, argv, environ);
    if (rc != 0)
    {
        fprintf(stderr, "c_bench: posix_spawn: %s\n", strerror(rc));
        exit(1);
    }
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(o[1]);
    close(e[1]);
    fds[0] = (int)syscall(SYS_pidfd_open, pid, 0);
    fds[1] = o[0];
    fds[2] = e[0];
    for (int k = 0; k < 3; ++k)
    {
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = base + (uint64_t)k};
        if (fds[k] < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fds[k], &ev) != 0)
        {
            perror("c_bench: pidfd_open/epoll_ctl");
            exit(1);
        }
    }
    return pid;
}

/* One epoll event of a captured child: reap through the pidfd, or drain a pipe to EOF. Returns 1 when the
   descriptor was closed (its last reference: the kernel drops it from the epoll set by itself). */
static int captured_event(int* fds, int idx)
{
    int fd = fds[idx];
    if (fd < 0)
        return 0;
    if (idx % 3 == 0)
    {
        siginfo_t si;
        while (waitid(P_PIDFD, (id_t)fd, &si, WEXITED) < 0 && errno == EINTR)
        {
        }
    }
    else
    {
        static char buf[65536];
        ssize_t r;
        while ((r = read(fd, buf, sizeof buf)) > 0)
        {
        }
        if (r < 0 && errno == EAGAIN)
            return 0;
    }
    close(fd);
    fds[idx] = -1;
    return 1;
}

/* Runs the epoll loop until `open_fds` captured descriptors are closed. */
static void captured_loop(int ep, int* fds, int open_fds)
{
    struct epoll_event evs[128];
    while (open_fds > 0)
    {
        int k = epoll_wait(ep, evs, 128, -1);
        for (int j = 0; j < k; ++j)
            open_fds -= captured_event(fds, (int)evs[j].data.u64);
    }
}

/* w5 capture=1: the same stop with what capturing output costs. */
static int w5_capture(int n)
{
    char* argv[] = {"/bin/sleep", "600", NULL};
    pid_t* pids = calloc((size_t)n, sizeof *pids);
    int* fds = calloc((size_t)n * 3, sizeof *fds);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    long before = vm_kib("VmRSS:");
    double t0 = now_s();
    for (int i = 0; i < n; ++i)
        pids[i] = spawn_captured(argv, ep, fds + 3 * i, (uint64_t)(3 * i));
    double start_ms = (now_s() - t0) * 1e3;
    long after = vm_kib("VmRSS:");
    double t1 = now_s(), c1 = cpu_ms();
    for (int i = 0; i < n; ++i)
        kill(-pids[i], SIGINT);
    captured_loop(ep, fds, 3 * n);
    w5_emit(n, 1, start_ms, (now_s() - t1) * 1e3, cpu_ms() - c1, before, after);
    close(ep);
    free(fds);
    free(pids);
    return 0;
}

static int w5(void)
{
    int n = (int)opt_ll("n", 200);
    if (opt_ll("capture", 0))
        return w5_capture(n);
    char* argv[] = {"/bin/sleep", "600", NULL};
    pid_t* pids = calloc((size_t)n, sizeof *pids);
    long before = vm_kib("VmRSS:");
    double t0 = now_s();
    for (int i = 0; i < n; ++i)
        pids[i] = spawn(argv, NULL);
    double start_ms = (now_s() - t0) * 1e3;
    long after = vm_kib("VmRSS:");
    double t1 = now_s(), c1 = cpu_ms();
    for (int i = 0; i < n; ++i)
        kill(pids[i], SIGINT);
    for (int i = 0; i < n; ++i)
        reap(pids[i]);
    w5_emit(n, 0, start_ms, (now_s() - t1) * 1e3, cpu_ms() - c1, before, after);
    free(pids);
    return 0;
}

int main(int argc, char** argv)
{
    g_argc = argc;
    g_argv = argv;
    if (argc < 2)
    {
        fprintf(stderr, "usage: c_bench w1|w2|w3b|w3l|w4|w4esc|w5 [key=value ...]\n");
        return 2;
    }
    const char* w = argv[1];
    if (!strcmp(w, "w1"))
        return w1();
    if (!strcmp(w, "w2"))
        return w2();
    if (!strcmp(w, "w3b"))
        return w3b();
    if (!strcmp(w, "w3l"))
        return w3l();
    if (!strcmp(w, "w4"))
        return w4(0);
    if (!strcmp(w, "w4esc"))
        return w4(1);
    if (!strcmp(w, "w5"))
        return w5();
    fprintf(stderr, "c_bench: unknown workload %s\n", w);
    return 2;
}
