// ak_helper: the test child for arangokit's process tests. Plain C++, no Boost: it must start fast.
// Usage: ak_helper ACTION [ARGS] [ACTION [ARGS]]...   (actions run left to right)
//   exit N | sleep MS | print TEXT | eprint TEXT | lines K | elines K | both K | bytes N | ebytes N
//   long-line N | partial TEXT | crlf | cat | fds | pgid | echo-json | ignore-term | ignore-int
//   trap-int | grandchild MS | setsid-grandchild MS | crash SIGNAME | junk N | close-stdout
//   spin-until-killed | flood-until-killed | burn MS | grow MIB
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <string>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <vector>

extern char** environ;

static void write_all(int fd, const char* p, size_t n)
{
    while (n)
    {
        ssize_t w = write(fd, p, n);
        if (w < 0)
        {
            if (errno == EINTR)
                continue;
            _exit(120);
        }
        p += w;
        n -= static_cast<size_t>(w);
    }
}

static void sleep_ms(long ms)
{
    struct timespec ts
    {
        ms / 1000, (ms % 1000) * 1000000L
    };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    {
    }
}

static void json_str(std::string& out, const char* s)
{
    out += '"';
    for (; *s; ++s)
    {
        unsigned char c = static_cast<unsigned char>(*s);
        if (c == '"' || c == '\\')
        {
            out += '\\';
            out += static_cast<char>(c);
        }
        else if (c < 0x20)
        {
            char b[8];
            std::snprintf(b, sizeof b, "\\u%04x", c);
            out += b;
        }
        else
            out += static_cast<char>(c);
    }
    out += '"';
}

static volatile sig_atomic_t got_int = 0;
static void on_int(int)
{
    got_int = 1;
}

static void buffered_lines(int fd, long k, const char* prefix)
{
    std::string buf;
    buf.reserve(1 << 20);
    for (long i = 0; i < k; ++i)
    {
        buf += prefix;
        buf += std::to_string(i);
        buf += '\n';
        if (buf.size() > (1 << 20) - 64)
        {
            write_all(fd, buf.data(), buf.size());
            buf.clear();
        }
    }
    write_all(fd, buf.data(), buf.size());
}

static void bytes(int fd, long long n)
{
    std::vector<char> chunk(1 << 20, 'x');
    for (size_t i = 99; i < chunk.size(); i += 100)
        chunk[i] = '\n';
    while (n > 0)
    {
        size_t m = n > static_cast<long long>(chunk.size()) ? chunk.size() : static_cast<size_t>(n);
        write_all(fd, chunk.data(), m);
        n -= static_cast<long long>(m);
    }
}

// Sanitized builds: LeakSanitizer's check at exit runs in a tracer task of its own (a clone without
// CLONE_THREAD), which is a second process in the helper's group and cgroup for as long as the check takes.
// Tests count the processes of a run, so the helper, which is test scaffolding and not product code, opts out
// of the check. Only the LeakSanitizer runtime calls this hook; other builds never do.
extern "C" int __lsan_is_turned_off()
{
    return 1;
}

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        auto next = [&]() -> const char* {
            if (i + 1 >= argc)
            {
                std::fprintf(stderr, "ak_helper: %s needs an argument\n", a.c_str());
                _exit(121);
            }
            return argv[++i];
        };
        if (a == "exit")
            _exit(std::atoi(next()));
        else if (a == "sleep")
            sleep_ms(std::atol(next()));
        else if (a == "print")
        {
            std::string s = std::string(next()) + "\n";
            write_all(1, s.data(), s.size());
        }
        else if (a == "eprint")
        {
            std::string s = std::string(next()) + "\n";
            write_all(2, s.data(), s.size());
        }
        else if (a == "lines")
            buffered_lines(1, std::atol(next()), "line ");
        else if (a == "elines")
            buffered_lines(2, std::atol(next()), "err ");
        else if (a == "both")
        {
            long k = std::atol(next());
            for (long j = 0; j < k; ++j)
            {
                std::string o = "out " + std::to_string(j) + "\n", e = "err " + std::to_string(j) + "\n";
                write_all(1, o.data(), o.size());
                write_all(2, e.data(), e.size());
            }
        }
        else if (a == "bytes")
            bytes(1, std::atoll(next()));
        else if (a == "ebytes")
            bytes(2, std::atoll(next()));
        else if (a == "long-line")
        {
            std::string s(static_cast<size_t>(std::atol(next())), 'L');
            s += '\n';
            write_all(1, s.data(), s.size());
        }
        else if (a == "partial")
        {
            const char* t = next();
            write_all(1, t, std::strlen(t));
        }
        else if (a == "crlf")
            write_all(1, "dos line\r\nnext\r\n", 16);
        else if (a == "cat")
        {
            char b[65536];
            ssize_t n;
            while ((n = read(0, b, sizeof b)) > 0)
                write_all(1, b, static_cast<size_t>(n));
        }
        else if (a == "fds")
        {
            std::string s;
            if (DIR* d = opendir("/proc/self/fd"))
            {
                int dfd = dirfd(d);
                while (dirent* e = readdir(d))
                {
                    if (e->d_name[0] == '.' || std::atoi(e->d_name) == dfd)
                        continue;
                    s += e->d_name;
                    s += ' ';
                }
                closedir(d);
            }
            s += '\n';
            write_all(1, s.data(), s.size());
        }
        else if (a == "pgid")
        {
            std::string s = std::to_string(getpid()) + " " + std::to_string(getpgid(0)) + "\n";
            write_all(1, s.data(), s.size());
        }
        else if (a == "echo-json") // consumes the rest of argv
        {
            std::string s = "{\"argv\":[";
            for (int j = 0; j < argc; ++j)
            {
                if (j)
                    s += ',';
                json_str(s, argv[j]);
            }
            s += "],\"env\":[";
            bool first = true;
            for (char** e = environ; *e; ++e)
            {
                if (!first)
                    s += ',';
                first = false;
                json_str(s, *e);
            }
            char cwd[4096];
            s += "],\"cwd\":";
            json_str(s, getcwd(cwd, sizeof cwd) ? cwd : "");
            s += "}\n";
            write_all(1, s.data(), s.size());
            return 0;
        }
        else if (a == "ignore-term")
            signal(SIGTERM, SIG_IGN);
        else if (a == "ignore-int")
            signal(SIGINT, SIG_IGN);
        else if (a == "trap-int")
        {
            signal(SIGINT, on_int);
            while (!got_int)
                pause();
            write_all(1, "got SIGINT\n", 11);
            _exit(0);
        }
        else if (a == "grandchild" || a == "setsid-grandchild")
        {
            long ms = std::atol(next());
            int sync[2];
            if (pipe(sync) != 0)
                _exit(123);
            pid_t p = fork();
            if (p == 0)
            {
                if (a == "setsid-grandchild")
                    setsid();
                write_all(sync[1], "!", 1); // the parent goes on only once we are set up
                close(sync[0]);
                close(sync[1]);
                sleep_ms(ms);
                _exit(0);
            }
            char ok;
            while (read(sync[0], &ok, 1) < 0 && errno == EINTR)
            {
            }
            close(sync[0]);
            close(sync[1]);
            std::string s = "grandchild " + std::to_string(p) + "\n";
            write_all(1, s.data(), s.size());
        }
        else if (a == "crash")
        {
            std::string n = next();
            int sig = n == "SIGSEGV" ? SIGSEGV : n == "SIGABRT" ? SIGABRT : n == "SIGBUS" ? SIGBUS : SIGKILL;
            signal(sig, SIG_DFL);
            raise(sig);
        }
        else if (a == "junk")
        {
            long n = std::atol(next());
            std::string s;
            unsigned x = 12345;
            for (long j = 0; j < n; ++j)
            {
                x = x * 1103515245u + 12345u;
                s += static_cast<char>(x >> 16);
            }
            write_all(1, s.data(), s.size());
        }
        else if (a == "close-stdout")
            close(1);
        else if (a == "close-stdin")
            close(0);
        else if (a == "fill" || a == "efill") // fill CHAR COUNT: COUNT copies of CHAR ("nl" for '\n'), no
                                              // newline
        {
            std::string c = next();
            long long n = std::atoll(next());
            std::vector<char> chunk(1 << 20, c == "nl" ? '\n' : c == "cr" ? '\r' : c[0]);
            while (n > 0)
            {
                size_t m = n > static_cast<long long>(chunk.size()) ? chunk.size() : static_cast<size_t>(n);
                write_all(a == "fill" ? 1 : 2, chunk.data(), m);
                n -= static_cast<long long>(m);
            }
        }
        else if (a == "cr-progress") // cr-progress N: "progress i\r" N times, never a newline
        {
            long n = std::atol(next());
            std::string s;
            for (long j = 0; j < n; ++j)
                s += "progress " + std::to_string(j) + "\r";
            write_all(1, s.data(), s.size());
        }
        else if (a == "burn") // burn MS: keep one CPU busy for MS milliseconds
        {
            auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::atol(next()));
            volatile unsigned long x = 0;
            while (std::chrono::steady_clock::now() < until)
                for (int k = 0; k < 100000; ++k)
                    x = x + static_cast<unsigned long>(k);
        }
        else if (a == "grow") // grow MIB: allocate and touch MIB MiB, one MiB every 10 ms, and keep them
        {
            long n = std::atol(next());
            // Reachable from a global until exit: LeakSanitizer builds must not report the kept blocks as
            // leaks (a static vector is destroyed before the leak check, which would make them unreachable).
            static auto* kept = new std::vector<char*>;
            for (long j = 0; j < n; ++j)
            {
                char* p = static_cast<char*>(std::malloc(1 << 20));
                if (!p)
                    _exit(120);
                std::memset(p, static_cast<int>(j + 1), 1 << 20);
                kept->push_back(p);
                sleep_ms(10);
            }
        }
        else if (a == "spin-until-killed")
            for (;;)
                pause();
        else if (a == "flood-until-killed")
            for (;;)
                buffered_lines(1, 10000, "flood ");
        else
        {
            std::fprintf(stderr, "ak_helper: unknown action '%s'\n", a.c_str());
            return 122;
        }
    }
    return 0;
}
