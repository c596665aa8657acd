// SPDX-License-Identifier: MIT
#pragma once

#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "transport/dns_client.hpp"

namespace parley::test {

// FakeDnsClient answers DNS questions from a script instead of the network: set() the answer (or
// error) for a name and type; anything not scripted is an empty answer (NXDOMAIN). By default it
// answers inside query(); with deferred(true) it keeps the questions until answerAll(), as a real
// resolver on an event loop would. Records every question asked. Test thread only.
class FakeDnsClient final : public transport::DnsClient {
 public:
  void set(std::string name, transport::DnsType type, Result<transport::DnsAnswer> answer) {
    answers_[{lower(std::move(name)), type}] = std::move(answer);
  }
  void deferred(bool on) { deferred_ = on; }
  // Answers every question kept so far (and any asked meanwhile).
  void answerAll() {
    while (!waiting_.empty()) {
      auto batch = std::move(waiting_);
      waiting_.clear();
      for (auto& [key, done] : batch) done(lookup(key));
    }
  }
  [[nodiscard]] const std::vector<std::pair<std::string, transport::DnsType>>& asked() const { return asked_; }

  void query(std::string_view name, transport::DnsType type, Completion done) noexcept override {
    Key key{lower(std::string(name)), type};
    asked_.emplace_back(key);
    if (deferred_) {
      waiting_.emplace_back(std::move(key), std::move(done));
    } else {
      done(lookup(key));
    }
  }

 private:
  using Key = std::pair<std::string, transport::DnsType>;
  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  Result<transport::DnsAnswer> lookup(const Key& key) const {
    auto it = answers_.find(key);
    return it == answers_.end() ? Result<transport::DnsAnswer>(transport::DnsAnswer{}) : it->second;
  }

  std::map<Key, Result<transport::DnsAnswer>> answers_;
  std::vector<std::pair<Key, Completion>> waiting_;
  std::vector<Key> asked_;
  bool deferred_ = false;
};

}  // namespace parley::test
