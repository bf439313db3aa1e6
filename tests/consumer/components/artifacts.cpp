// The artifacts component alone: checksum a file with every algorithm (OpenSSL's digests, zlib's CRC).
#include <arangokit/artifacts.hpp>

#include <fstream>
#include <iostream>
#include <unistd.h>

int main()
{
    std::string path = "/tmp/arangokit-component-" + std::to_string(::getpid()) + ".txt";
    std::ofstream(path) << "abc";
    auto sums = arangokit::hash_file(path, arangokit::all_hash_algorithms);
    std::remove(path.c_str());
    bool ok = sums.get(arangokit::all_hash_algorithms[0]).size() >= 8;
    std::cout << (ok ? "component-ok" : "component-failed") << "\n";
    return ok ? 0 : 2;
}
