// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_ARTIFACTS_DETAIL_KEY_PARTITIONS_HPP
#define ARANGOKIT_ARTIFACTS_DETAIL_KEY_PARTITIONS_HPP

#include <arangokit/artifacts/artifact_error.hpp>
#include <arangokit/artifacts/detail/posix_file.hpp>
#include <arangokit/error.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace arangokit::detail {

// Counts the bytes the partitioner holds (buffers, loaded partitions, their indexes): the figure the memory
// budget is checked against and the peak the caller reports.
struct memory_meter
{
    std::size_t current = 0;
    std::size_t peak = 0;
    void add(std::size_t n) noexcept
    {
        current += n;
        peak = std::max(peak, current);
    }
    void sub(std::size_t n) noexcept { current -= std::min(current, n); }
};

// A private directory for spill files, made on first use (mkdtemp: mode 0700, a fresh random name, so no
// other user can read the spilled keys or plant files in it) and removed with its content by the destructor,
// so an error return or an exception leaves nothing behind.
class spill_directory
{
  public:
    explicit spill_directory(std::filesystem::path parent) : parent_(std::move(parent)) {}
    spill_directory(const spill_directory&) = delete;
    spill_directory& operator=(const spill_directory&) = delete;
    ~spill_directory() { remove(); }

    bool ensure(error_code& ec, artifact_diagnostics& diag)
    {
        if (!path_.empty())
            return true;
        std::error_code sec;
        std::filesystem::path parent = parent_.empty() ? std::filesystem::temp_directory_path(sec) : parent_;
        if (sec)
        {
            set_artifact_error(
                ec, diag, error_code(sec.value(), boost::system::system_category()),
                "no temporary directory: " + sec.message()
            );
            return false;
        }
        std::string tmpl = (parent / "arangokit-spill-XXXXXX").string();
        if (!::mkdtemp(tmpl.data()))
        {
            ec = last_system_error();
            diag.message = "cannot create a spill directory in " + parent.string() + ": " + ec.message();
            return false;
        }
        path_ = tmpl;
        created = path_;
        return true;
    }
    const std::filesystem::path& path() const noexcept { return path_; }
    std::filesystem::path next_file() { return path_ / ("p" + std::to_string(counter_++)); }
    void remove() noexcept
    {
        if (path_.empty())
            return;
        std::error_code sec;
        std::filesystem::remove_all(path_, sec);
        path_.clear();
    }

    std::filesystem::path created{}; // the directory made (kept after its removal, for the caller's report)
    std::uint64_t bytes_written = 0;
    std::uint64_t partitions = 0; // partitions compared (in memory or from spill files)
    unsigned max_depth = 0;       // deepest re-partitioning of an oversized partition

  private:
    std::filesystem::path parent_;
    std::filesystem::path path_;
    std::uint64_t counter_ = 0;
};

// One record as the partitioner stores it: kind (0 put, 1 removal), key and payload lengths, key, payload.
struct spill_record
{
    const char* key = nullptr;
    std::uint32_t key_len = 0;
    std::uint32_t payload_len = 0;
    bool removal = false;

    std::string_view key_view() const noexcept { return {key, key_len}; }
    std::string_view payload() const noexcept { return {key + key_len, payload_len}; }
};

inline constexpr std::size_t spill_header = 9;

inline void append_record(std::string& buf, std::string_view key, bool removal, std::string_view payload)
{
    char h[spill_header];
    h[0] = removal ? 1 : 0;
    auto kl = static_cast<std::uint32_t>(key.size());
    auto pl = static_cast<std::uint32_t>(payload.size());
    std::memcpy(h + 1, &kl, 4);
    std::memcpy(h + 5, &pl, 4);
    buf.append(h, spill_header);
    buf.append(key);
    buf.append(payload);
}

// Parses the complete records at the start of [p, end); returns the end of the last complete one.
template <class Fn> const char* parse_records(const char* p, const char* end, Fn&& fn)
{
    while (static_cast<std::size_t>(end - p) >= spill_header)
    {
        std::uint32_t kl, pl;
        std::memcpy(&kl, p + 1, 4);
        std::memcpy(&pl, p + 5, 4);
        std::size_t total = spill_header + kl + pl;
        if (static_cast<std::size_t>(end - p) < total)
            break;
        fn(spill_record{p + spill_header, kl, pl, p[0] == 1});
        p += total;
    }
    return p;
}

// 64-bit FNV-1a with a seed, finished with the splitmix64 mixer: each re-partitioning level uses another
// seed, so keys that shared a partition spread again.
inline std::uint64_t partition_hash(std::string_view key, std::uint64_t seed) noexcept
{
    std::uint64_t h = 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull);
    for (unsigned char c : key)
    {
        h ^= c;
        h *= 1099511628211ull;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

// Hash partitioning of keyed records (one or more "sides", e.g. the left and right dump of a diff) in bounded
// memory. Records are appended per partition in arrival order; the buffers stay in memory while they fit in
// half the budget, and once they do not, every buffer is spilled to its own file in the spill directory.
// finish() then hands each partition to `fn` as, per side, the final record of every key (the last one
// written: a later record replaces an earlier one, a removal deletes it), sorted by key. A partition whose
// files exceed half the budget is re-partitioned with another seed (recursively) instead of loaded; one that
// still does not shrink (a few keys written very many times) is reduced by streaming it into a map, whose
// size is its number of distinct keys.
class key_partitions
{
  public:
    static constexpr std::size_t minimum_budget = std::size_t(64) << 10;
    static constexpr unsigned max_depth = 4;

    // `estimate`: the expected record bytes of all sides, to pick the fan-out.
    key_partitions(
        std::size_t budget,
        std::size_t sides,
        std::uint64_t estimate,
        spill_directory& dir,
        memory_meter& meter,
        unsigned depth = 0
    )
        : budget_(std::max(budget, minimum_budget)), sides_(sides), dir_(dir), meter_(meter), depth_(depth)
    {
        std::size_t max_fanout = std::max<std::size_t>(2, budget_ / (2 * sides_ * 4096));
        std::uint64_t want = estimate / std::max<std::size_t>(1, budget_ / 4) + 1;
        fanout_ = static_cast<std::size_t>(
            std::clamp<std::uint64_t>(want, 2, std::min<std::size_t>(256, max_fanout))
        );
        buffer_limit_ = std::max<std::size_t>(4096, budget_ / (2 * sides_ * fanout_));
        parts_.resize(sides_ * fanout_);
    }
    key_partitions(const key_partitions&) = delete;
    key_partitions& operator=(const key_partitions&) = delete;
    ~key_partitions()
    {
        for (auto& p : parts_)
            release(p);
    }

    bool
    add(std::size_t side,
        std::string_view key,
        bool removal,
        std::string_view payload,
        error_code& ec,
        artifact_diagnostics& diag)
    {
        std::size_t p = static_cast<std::size_t>(partition_hash(key, depth_ + 1) % fanout_);
        part& pt = parts_[side * fanout_ + p];
        std::size_t need = spill_header + key.size() + payload.size();
        ++pt.records;
        if (pt.buffer.size() + need > buffer_limit_)
        {
            // The first full buffer starts spilling: from then on every partition lives in files.
            if (!spilling_ && !spill_all(ec, diag))
                return false;
            if (!flush(pt, ec, diag))
                return false;
        }
        if (need > buffer_limit_)
        {
            std::string one;
            append_record(one, key, removal, payload);
            meter_.add(one.capacity());
            bool ok = write_file(pt, one.data(), one.size(), ec, diag);
            meter_.sub(one.capacity());
            return ok;
        }
        if (pt.buffer.capacity() < buffer_limit_)
        {
            std::size_t before = pt.buffer.capacity();
            pt.buffer.reserve(buffer_limit_);
            meter_.add(pt.buffer.capacity() - before);
        }
        append_record(pt.buffer, key, removal, payload);
        return true;
    }

    // bool fn(const std::vector<std::vector<spill_record>>& per_side, error_code&, artifact_diagnostics&)
    // for each partition; false (ec set) on an I/O error, or as soon as fn returns false.
    template <class Fn> bool finish(Fn&& fn, error_code& ec, artifact_diagnostics& diag)
    {
        if (spilling_)
            for (auto& p : parts_)
                if (!flush(p, ec, diag))
                    return false;
        for (auto& p : parts_)
            if (spilling_)
                release(p);
        for (std::size_t i = 0; i < fanout_; ++i)
            if (!finish_partition(i, fn, ec, diag))
                return false;
        return true;
    }

  private:
    struct part
    {
        std::string buffer;
        std::filesystem::path file;
        std::uint64_t file_bytes = 0;
        std::uint64_t records = 0; // in the file and the buffer
    };

    void release(part& p) noexcept
    {
        meter_.sub(p.buffer.capacity());
        std::string().swap(p.buffer);
    }

    bool write_file(part& p, const char* data, std::size_t n, error_code& ec, artifact_diagnostics& diag)
    {
        if (!dir_.ensure(ec, diag))
            return false;
        if (p.file.empty())
            p.file = dir_.next_file();
        unique_fd fd = open_fd(p.file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0600);
        if (!fd || !write_all_fd(fd.get(), data, n) || fd.close_checked() != 0)
        {
            ec = last_system_error();
            diag.message = "cannot write spill file " + p.file.string() + ": " + ec.message();
            return false;
        }
        p.file_bytes += n;
        dir_.bytes_written += n;
        return true;
    }

    bool flush(part& p, error_code& ec, artifact_diagnostics& diag)
    {
        if (p.buffer.empty())
            return true;
        if (!write_file(p, p.buffer.data(), p.buffer.size(), ec, diag))
            return false;
        p.buffer.clear();
        return true;
    }

    bool spill_all(error_code& ec, artifact_diagnostics& diag)
    {
        spilling_ = true;
        for (auto& p : parts_)
            if (!flush(p, ec, diag))
                return false;
        return true;
    }

    // Streams one side of a partition (its file, then its buffer) record by record, through a read buffer of
    // a fixed size (grown only for a record larger than it).
    template <class Fn> bool stream_side(part& p, Fn&& fn, error_code& ec, artifact_diagnostics& diag)
    {
        if (!p.file.empty())
        {
            unique_fd fd = open_fd(p.file.c_str(), O_RDONLY | O_NOFOLLOW);
            if (!fd)
            {
                ec = last_system_error();
                diag.message = "cannot open spill file " + p.file.string() + ": " + ec.message();
                return false;
            }
            std::string buf(std::min<std::size_t>(std::size_t(1) << 20, budget_ / 8), '\0');
            meter_.add(buf.capacity());
            std::size_t have = 0;
            bool ok = true;
            for (;;)
            {
                if (have == buf.size())
                {
                    std::size_t before = buf.capacity();
                    buf.resize(buf.size() * 2);
                    meter_.add(buf.capacity() - before);
                }
                ssize_t r = read_some_fd(fd.get(), buf.data() + have, buf.size() - have);
                if (r < 0)
                {
                    ec = last_system_error();
                    diag.message = "cannot read spill file " + p.file.string() + ": " + ec.message();
                    ok = false;
                    break;
                }
                if (r == 0)
                    break;
                have += static_cast<std::size_t>(r);
                const char* end = parse_records(buf.data(), buf.data() + have, fn);
                std::size_t used = static_cast<std::size_t>(end - buf.data());
                std::memmove(buf.data(), end, have - used);
                have -= used;
            }
            meter_.sub(buf.capacity());
            if (!ok)
                return false;
        }
        parse_records(p.buffer.data(), p.buffer.data() + p.buffer.size(), fn);
        return true;
    }

    template <class Fn>
    bool finish_partition(std::size_t i, Fn& fn, error_code& ec, artifact_diagnostics& diag)
    {
        // Loading holds the records and a 16-byte index entry per record.
        std::uint64_t bytes = 0, need = 0;
        for (std::size_t s = 0; s < sides_; ++s)
        {
            const part& p = parts_[s * fanout_ + i];
            bytes += p.file_bytes + p.buffer.size();
            need += p.file_bytes + p.buffer.size() + p.records * sizeof(spill_record);
        }
        bool ok;
        if (need > budget_ / 2 && depth_ < max_depth)
            ok = split(i, bytes, fn, ec, diag);
        else if (need > budget_ / 2)
            ok = reduce_by_map(i, fn, ec, diag);
        else
            ok = load(i, fn, ec, diag);
        for (std::size_t s = 0; s < sides_; ++s)
        {
            part& p = parts_[s * fanout_ + i];
            release(p);
            if (!p.file.empty())
            {
                std::error_code sec;
                std::filesystem::remove(p.file, sec);
                p.file.clear();
            }
        }
        return ok;
    }

    template <class Fn>
    bool split(std::size_t i, std::uint64_t bytes, Fn& fn, error_code& ec, artifact_diagnostics& diag)
    {
        key_partitions child(budget_, sides_, bytes, dir_, meter_, depth_ + 1);
        dir_.max_depth = std::max(dir_.max_depth, depth_ + 1);
        for (std::size_t s = 0; s < sides_; ++s)
        {
            bool added = true;
            auto feed = [&](const spill_record& r) {
                if (added)
                    added = child.add(s, r.key_view(), r.removal, r.payload(), ec, diag);
            };
            if (!stream_side(parts_[s * fanout_ + i], feed, ec, diag) || !added)
                return false;
            release(parts_[s * fanout_ + i]);
        }
        return child.finish(fn, ec, diag);
    }

    bool read_whole(const part& p, std::string& out, error_code& ec, artifact_diagnostics& diag)
    {
        if (p.file.empty())
            return true;
        unique_fd fd = open_fd(p.file.c_str(), O_RDONLY | O_NOFOLLOW);
        int err = fd ? 0 : errno;
        out.resize(p.file_bytes);
        std::size_t have = 0;
        while (!err && have < out.size())
        {
            ssize_t r = read_some_fd(fd.get(), out.data() + have, out.size() - have);
            if (r < 0)
                err = errno;
            else if (r == 0)
                break;
            else
                have += static_cast<std::size_t>(r);
        }
        if (err || have != out.size())
        {
            // A spill file shorter than written: someone truncated it under us.
            ec =
                err ? error_code(err, boost::system::system_category()) : make_error_code(errc::damaged_dump);
            diag.message = "cannot read spill file " + p.file.string() + ": " + ec.message();
            return false;
        }
        return true;
    }

    template <class Fn> bool load(std::size_t i, Fn& fn, error_code& ec, artifact_diagnostics& diag)
    {
        std::vector<std::string> raw(sides_);
        std::vector<std::vector<spill_record>> finals(sides_);
        std::size_t accounted = 0;
        bool ok = true;
        for (std::size_t s = 0; s < sides_ && ok; ++s)
        {
            part& p = parts_[s * fanout_ + i];
            raw[s].reserve(p.file_bytes + p.buffer.size());
            accounted += raw[s].capacity();
            meter_.add(raw[s].capacity());
            ok = read_whole(p, raw[s], ec, diag);
            raw[s].append(p.buffer);
            release(p);
            if (!ok)
                break;
            std::vector<spill_record> recs;
            recs.reserve(p.records);
            parse_records(raw[s].data(), raw[s].data() + raw[s].size(), [&](const spill_record& r) {
                recs.push_back(r);
            });
            std::size_t index_bytes = recs.capacity() * sizeof(spill_record);
            meter_.add(index_bytes);
            accounted += index_bytes;
            // Records of one key keep their order through the tie-break on their position in the buffer.
            std::sort(recs.begin(), recs.end(), [](const spill_record& a, const spill_record& b) {
                int c = a.key_view().compare(b.key_view());
                return c != 0 ? c < 0 : a.key < b.key;
            });
            std::size_t out = 0;
            for (std::size_t k = 0; k < recs.size(); ++k)
            {
                bool last = k + 1 == recs.size() || recs[k + 1].key_view() != recs[k].key_view();
                if (last && !recs[k].removal)
                    recs[out++] = recs[k];
            }
            recs.resize(out);
            finals[s] = std::move(recs);
        }
        ++dir_.partitions;
        if (ok)
            ok = fn(finals, ec, diag);
        meter_.sub(accounted);
        return ok;
    }

    template <class Fn> bool reduce_by_map(std::size_t i, Fn& fn, error_code& ec, artifact_diagnostics& diag)
    {
        std::vector<std::string> raw(sides_);
        std::vector<std::vector<spill_record>> finals(sides_);
        std::size_t accounted = 0;
        for (std::size_t s = 0; s < sides_; ++s)
        {
            std::unordered_map<std::string, std::pair<bool, std::string>> last;
            auto keep = [&](const spill_record& r) {
                auto& e = last[std::string(r.key_view())];
                e.first = r.removal;
                e.second.assign(r.payload());
            };
            if (!stream_side(parts_[s * fanout_ + i], keep, ec, diag))
                return false;
            std::vector<std::pair<std::string_view, const std::pair<bool, std::string>*>> sorted;
            for (const auto& [k, v] : last)
                if (!v.first)
                    sorted.emplace_back(k, &v);
            std::sort(sorted.begin(), sorted.end());
            for (const auto& [k, v] : sorted)
                append_record(raw[s], k, false, v->second);
            meter_.add(raw[s].capacity());
            accounted += raw[s].capacity();
            parse_records(raw[s].data(), raw[s].data() + raw[s].size(), [&](const spill_record& r) {
                finals[s].push_back(r);
            });
        }
        ++dir_.partitions;
        bool ok = fn(finals, ec, diag);
        meter_.sub(accounted);
        return ok;
    }

    std::size_t budget_;
    std::size_t sides_;
    spill_directory& dir_;
    memory_meter& meter_;
    unsigned depth_;
    std::size_t fanout_ = 2;
    std::size_t buffer_limit_ = 4096;
    bool spilling_ = false;
    std::vector<part> parts_;
};

} // namespace arangokit::detail

#endif
