/* bench_gen: a writer that is never the bottleneck.
     bench_gen bytes N   writes N bytes to stdout in 1 MiB writes (a newline every 100 bytes)
     bench_gen lines N   writes N lines "%015llu\n" (line i holds the number i), 1 MiB per write
   Readers check order cheaply: line i ends with the digit i % 10. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_all(const char* p, size_t n)
{
    while (n > 0)
    {
        ssize_t w = write(1, p, n);
        if (w <= 0)
            return 1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int main(int argc, char** argv)
{
    if (argc < 3)
        return 2;
    long long n = atoll(argv[2]);
    static char buf[1 << 20];
    if (strcmp(argv[1], "lines") == 0)
    {
        char ctr[16];
        memset(ctr, '0', 15);
        ctr[15] = '\n';
        size_t used = 0;
        for (long long i = 0; i < n; ++i)
        {
            memcpy(buf + used, ctr, 16);
            used += 16;
            if (used == sizeof buf)
            {
                if (write_all(buf, used))
                    return 1;
                used = 0;
            }
            for (int d = 14; d >= 0; --d)
            {
                if (ctr[d] != '9')
                {
                    ++ctr[d];
                    break;
                }
                ctr[d] = '0';
            }
        }
        return write_all(buf, used);
    }
    memset(buf, 'x', sizeof buf);
    for (size_t i = 99; i < sizeof buf; i += 100)
        buf[i] = '\n';
    while (n > 0)
    {
        size_t m = n > (long long)sizeof buf ? sizeof buf : (size_t)n;
        if (write_all(buf, m))
            return 1;
        n -= (long long)m;
    }
    return 0;
}
