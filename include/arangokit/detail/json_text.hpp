// Copyright (c) 2026 arangokit authors. Distributed under the Boost Software License, Version 1.0.
#ifndef ARANGOKIT_DETAIL_JSON_TEXT_HPP
#define ARANGOKIT_DETAIL_JSON_TEXT_HPP

// A writer for flat JSON objects of strings, numbers and booleans. The process core writes its events as JSON
// lines, and pulling Boost.JSON into every program that only runs processes would double what the process
// headers cost to compile; the layers above that read JSON use Boost.JSON.

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace arangokit::detail {

/// Appends `s` as a JSON string literal. `s` must be valid UTF-8 (callers repair it first).
inline void append_json_string(std::string& out, std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (char ch : s)
    {
        auto c = static_cast<unsigned char>(ch);
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20)
            {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            }
            else
                out += ch;
        }
    }
    out += '"';
}

/// Builds one JSON object; members are appended in call order.
class json_object_text
{
  public:
    json_object_text& add(std::string_view key, std::string_view value)
    {
        start(key);
        append_json_string(text_, value);
        return *this;
    }
    json_object_text& add(std::string_view key, const char* value)
    {
        return add(key, std::string_view(value));
    }
    json_object_text& add(std::string_view key, bool value)
    {
        start(key);
        text_ += value ? "true" : "false";
        return *this;
    }
    template <class Number>
    requires(std::is_arithmetic_v<Number> && !std::is_same_v<Number, bool>)
        json_object_text& add(std::string_view key, Number value)
    {
        start(key);
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, value);
        text_.append(buf, r.ptr);
        return *this;
    }
    /// A nested object, already rendered.
    json_object_text& add_object(std::string_view key, const json_object_text& value)
    {
        start(key);
        text_ += value.str();
        return *this;
    }
    std::string str() const { return text_ + '}'; }

  private:
    void start(std::string_view key)
    {
        text_ += text_.size() == 1 ? "" : ",";
        append_json_string(text_, key);
        text_ += ':';
    }
    std::string text_ = "{";
};

} // namespace arangokit::detail

#endif
