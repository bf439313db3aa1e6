/* bench_gen: writes N bytes to stdout in 1 MiB writes (a newline every 100 bytes), so the writer is never
   the bottleneck. Usage: bench_gen bytes N */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char** argv)
{
    if (argc < 3)
        return 2;
    long long n = atoll(argv[2]);
    static char buf[1 << 20];
    memset(buf, 'x', sizeof buf);
    for (size_t i = 99; i < sizeof buf; i += 100)
        buf[i] = '\n';
    while (n > 0)
    {
        size_t m = n > (long long)sizeof buf ? sizeof buf : (size_t)n;
        ssize_t w = write(1, buf, m);
        if (w <= 0)
            return 1;
        n -= w;
    }
    return 0;
}
