// ak_scen_child: the scenarios tests' child process. Plain C++, no Boost.
// Usage: ak_scen_child ACTION [ARG]
//   san-report VAR   write an ASAN-style report to <log_path of $VAR>.ak_scen_child.<pid>, then abort()
//   san-report-exit0 VAR   the same report, then exit 0
//   san-tiny VAR     write a 3-byte file where the report would go (not a report), exit 0
//   rlimits          print "core=<soft> as=<soft> nofile=<soft> cpu=<soft>" (-1 for unlimited)
//   crash SIGNAME    raise SIGSEGV|SIGABRT|SIGILL|SIGBUS
//   env NAME         print the variable's value
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

static std::string log_path_of(const char* var)
{
    const char* v = std::getenv(var);
    if (!v)
        return {};
    std::string s(v);
    // The last one wins, as in the sanitizer runtimes' own option parser (an inherited log_path comes first).
    auto p = s.rfind("log_path=");
    if (p == std::string::npos)
        return {};
    auto e = s.find(':', p);
    return s.substr(p + 9, e == std::string::npos ? std::string::npos : e - p - 9);
}

static bool write_report(const char* var, const char* text)
{
    std::string lp = log_path_of(var);
    if (lp.empty())
        return false;
    std::string file = lp + ".ak_scen_child." + std::to_string(getpid());
    FILE* f = std::fopen(file.c_str(), "w");
    if (!f)
        return false;
    std::fputs(text, f);
    std::fclose(f);
    return true;
}

static const char* report_text =
    "=================================================================\n"
    "==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010\n"
    "READ of size 4 at 0x602000000010 thread T0\n"
    "    #0 0x4005d5 in crashing_function ak_scen_child.cpp:42\n"
    "SUMMARY: AddressSanitizer: heap-use-after-free ak_scen_child.cpp:42 in crashing_function\n";

__attribute__((noinline)) static void crashing_function(int sig)
{
    std::raise(sig);
}

static long soft(int res)
{
    struct rlimit rl;
    getrlimit(res, &rl);
    return rl.rlim_cur == RLIM_INFINITY ? -1 : static_cast<long>(rl.rlim_cur);
}

int main(int argc, char** argv)
{
    if (argc < 2)
        return 2;
    std::string a = argv[1];
    const char* arg = argc > 2 ? argv[2] : "";
    if (a == "san-report" || a == "san-report-exit0")
    {
        if (!write_report(arg, report_text))
            return 3;
        if (a == "san-report")
            std::abort();
        return 0;
    }
    if (a == "san-tiny")
        return write_report(arg, "ok\n") ? 0 : 3;
    if (a == "rlimits")
    {
        std::printf(
            "core=%ld as=%ld nofile=%ld cpu=%ld\n", soft(RLIMIT_CORE), soft(RLIMIT_AS), soft(RLIMIT_NOFILE),
            soft(RLIMIT_CPU)
        );
        return 0;
    }
    if (a == "crash")
    {
        int sig = !std::strcmp(arg, "SIGABRT")  ? SIGABRT
                  : !std::strcmp(arg, "SIGILL") ? SIGILL
                  : !std::strcmp(arg, "SIGBUS") ? SIGBUS
                                                : SIGSEGV;
        crashing_function(sig);
        return 4;
    }
    if (a == "env")
    {
        const char* v = std::getenv(arg);
        std::printf("%s\n", v ? v : "<unset>");
        return 0;
    }
    return 2;
}
