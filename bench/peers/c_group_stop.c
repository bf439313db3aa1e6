/* bench/peers/c_group_stop: the plain-C baseline for bench/group_stop, in its own process.
 * posix_spawn N `/bin/sleep 600`, measure RSS with all alive, SIGINT all, waitpid all.
 * Prints one JSON line per measurement (same fields as group_stop, workload "c_posix_spawn").
 * Usage: c_group_stop [N [reps]]  (default: 200 and 1000, 3 reps) */
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static long rss_kib(void)
{
    FILE* f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            v = atol(line + 6);
    fclose(f);
    return v;
}

static void run(int n)
{
    char* argv[] = {"/bin/sleep", "600", NULL};
    pid_t* pids = calloc((size_t)n, sizeof *pids);
    long before = rss_kib();
    double t0 = now_ms();
    for (int i = 0; i < n; ++i)
        if (posix_spawn(&pids[i], argv[0], NULL, NULL, argv, environ) != 0)
            pids[i] = -1;
    double start_ms = now_ms() - t0;
    long after = rss_kib();
    double t1 = now_ms(), c1 = cpu_ms();
    for (int i = 0; i < n; ++i)
        if (pids[i] > 0)
            kill(pids[i], SIGINT);
    for (int i = 0; i < n; ++i)
        if (pids[i] > 0)
            waitpid(pids[i], NULL, 0);
    double stop_ms = now_ms() - t1, stop_cpu_ms = cpu_ms() - c1;
    printf(
        "{\"workload\":\"c_posix_spawn\",\"members\":%d,\"start_ms\":%.2f,\"stop_ms\":%.2f,"
        "\"stop_cpu_ms\":%.3f,\"rss_kib_before\":%ld,\"rss_kib_after\":%ld,\"per_member_kib\":%.2f}\n",
        n, start_ms, stop_ms, stop_cpu_ms, before, after, (double)(after - before) / n
    );
    fflush(stdout);
    free(pids);
}

int main(int argc, char** argv)
{
    int sizes[2] = {200, 1000}, nsizes = 2, reps = 3;
    if (argc > 1)
    {
        sizes[0] = atoi(argv[1]);
        nsizes = 1;
    }
    if (argc > 2)
        reps = atoi(argv[2]);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    for (int r = 0; r < reps; ++r)
        for (int i = 0; i < nsizes; ++i)
            run(sizes[i]);
    return 0;
}
