#include "config_file.h"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace stepdb {
namespace {

std::string Trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// Removes one level of quotes from a value that is a single quoted string.
bool Unquote(const std::string& value, std::string* out) {
  if (value.empty() || (value[0] != '"' && value[0] != '\'')) {
    *out = value;
    return true;
  }
  const char quote = value[0];
  std::string text;
  for (size_t i = 1; i < value.size(); ++i) {
    const char c = value[i];
    if (c == quote) {
      if (i + 1 != value.size()) break;  // text after the closing quote
      *out = text;
      return true;
    }
    if (quote == '"' && c == '\\' && i + 1 < value.size()) {
      text.push_back(value[++i]);
    } else {
      text.push_back(c);
    }
  }
  // A quoted first word followed by more words ("normal 0 0 0" styles) stays as written.
  if (value.find(quote, 1) != std::string::npos) {
    *out = value;
    return true;
  }
  return false;
}

}  // namespace

Result<std::vector<ConfigDirective>> ReadConfigFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IOError("cannot read config file " + path);
  std::vector<ConfigDirective> directives;
  std::string raw;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    const std::string line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find_first_of(" \t");
    const std::string where = "config file " + path + " line " + std::to_string(number);
    if (space == std::string::npos) {
      return Status::InvalidArgument(where + ": '" + line + "' has no value");
    }
    ConfigDirective directive;
    directive.line = number;
    directive.name = line.substr(0, space);
    std::transform(directive.name.begin(), directive.name.end(), directive.name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!Unquote(Trim(line.substr(space + 1)), &directive.value)) {
      return Status::InvalidArgument(where + ": unterminated quote");
    }
    directives.push_back(std::move(directive));
  }
  return directives;
}

}  // namespace stepdb
