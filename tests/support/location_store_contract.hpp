// SPDX-License-Identifier: MIT
// The contract every LocationStore and CredentialStore backend must keep (STYLE §9: one
// parameterised suite run against every backend). A backend's test file includes this header
// once and instantiates both suites with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Memory, LocationStoreContract,
//       testing::Values(LocationBackend{"Memory", [](const std::filesystem::path&) { ... }}),
//       BackendName());
//
// Each test gets a fresh temporary folder (removed afterwards) for backends that keep files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <ostream>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "location/credential_store.hpp"
#include "location/location_store.hpp"

namespace parley::location {

// Readable gtest failure messages (found by argument-dependent lookup).
inline void PrintTo(const Binding& b, std::ostream* os) {
  *os << "{aor=" << b.aor << " contact=" << b.contact << " params=" << b.contactParams << " call-id=" << b.callId
      << " cseq=" << b.cseq << " expires=" << b.expires << " updated=" << b.updated << " q=" << b.q << " path=[";
  for (const auto& p : b.path) *os << testing::PrintToString(p) << ",";
  *os << "] instance=" << b.instance << " reg-id=" << b.regId << " ua=" << b.userAgent
      << " flow=" << int{b.flow.transport} << "/" << b.flow.address << "/" << b.flow.port << "/" << b.flow.connection
      << "/" << b.flow.node << "}";
}

}  // namespace parley::location

namespace parley::test {

// TempDir makes a private folder under the system temp directory and removes it with everything
// in it when destroyed. Owned by one test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "parley-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// One backend under test: its name (the test name suffix) and how to open a store in a folder.
struct LocationBackend {
  std::string name;
  std::function<std::unique_ptr<location::LocationStore>(const std::filesystem::path& dir)> open;
};
struct CredentialBackend {
  std::string name;
  std::function<std::unique_ptr<location::CredentialStore>(const std::filesystem::path& dir)> open;
};

// Names an instantiation after its backend: pass `BackendName()` as INSTANTIATE_TEST_SUITE_P's
// last argument.
struct BackendName {
  template <class Backend>
  std::string operator()(const testing::TestParamInfo<Backend>& p) const {
    return p.param.name;
  }
};

inline constexpr UnixSeconds kContractNow = 1'700'000'000;

// A binding with every field set to something a lazy backend would get wrong: a Path value with a
// folded line and a backslash, an unsigned 64-bit connection id above INT64_MAX, a negative q.
inline location::Binding sampleBinding(const std::string& aor, const std::string& contact, UnixSeconds expires) {
  location::Binding b;
  b.aor = aor;
  b.contact = contact;
  b.contactParams = ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1";
  b.callId = "843817637684230@998sdasdh09";
  b.cseq = 1826;
  b.expires = expires;
  b.updated = kContractNow;
  b.q = -1;
  b.path = {"<sip:P1.example.com;lr>", "<sip:P2.example.com;lr>,\r\n <sip:x\\ny@e.com;lr>", ""};
  b.instance = "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";
  b.regId = 1;
  b.userAgent = "Contract/1.0";
  b.flow = location::FlowRef{2, "2001:db8::1", 5061, std::numeric_limits<std::uint64_t>::max(), "node-a"};
  return b;
}

inline std::set<std::string> contactsOf(const location::BindingSet& set) {
  std::set<std::string> contacts;
  for (const auto& b : set) contacts.insert(b.contact);
  return contacts;
}

class LocationStoreContract : public testing::TestWithParam<LocationBackend> {
 protected:
  void SetUp() override {
    store_ = GetParam().open(dir_.path());
    ASSERT_NE(store_, nullptr);
  }

  // Replaces the AOR's bindings by `set` and expects success.
  void put(const std::string& aor, const location::BindingSet& set, UnixSeconds now = kContractNow) {
    auto r = store_->update(aor, now, [&](const location::BindingSet&) -> Result<location::BindingSet> { return set; });
    ASSERT_TRUE(r) << r.error().reasonPhrase();
  }
  location::BindingSet lookup(const std::string& aor, UnixSeconds now = kContractNow) {
    auto r = store_->lookup(aor, now);
    EXPECT_TRUE(r) << r.error().reasonPhrase();
    return r ? *r : location::BindingSet{};
  }

  TempDir dir_;
  std::unique_ptr<location::LocationStore> store_;
};

TEST_P(LocationStoreContract, UnknownAorHasNoBindings) {
  EXPECT_TRUE(lookup("sip:nobody@example.com").empty());
}

TEST_P(LocationStoreContract, EveryFieldRoundTrips) {
  location::Binding b = sampleBinding("sip:bob@biloxi.example.com", "sip:bob@192.0.2.4:5060;transport=tcp", kContractNow + 3600);
  location::Binding plain = sampleBinding("sip:bob@biloxi.example.com", "sip:bob@[2001:db8::9]", kContractNow + 60);
  plain.path.clear();
  plain.q = 500;
  plain.flow = {};
  put(b.aor, {b, plain});
  auto found = lookup(b.aor);
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.contact < y.contact; });
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], b);  // "sip:bob@1..." sorts before "sip:bob@[..."
  EXPECT_EQ(found[1], plain);
}

TEST_P(LocationStoreContract, LookupLeavesOutExpiredBindings) {
  const std::string aor = "sip:bob@biloxi.example.com";
  put(aor, {sampleBinding(aor, "sip:a@h", kContractNow + 10), sampleBinding(aor, "sip:b@h", kContractNow + 100)});
  EXPECT_EQ(contactsOf(lookup(aor, kContractNow + 9)), (std::set<std::string>{"sip:a@h", "sip:b@h"}));
  EXPECT_EQ(contactsOf(lookup(aor, kContractNow + 10)), std::set<std::string>{"sip:b@h"});  // gone at expires
  EXPECT_TRUE(lookup(aor, kContractNow + 100).empty());
}

TEST_P(LocationStoreContract, UpdateSeesLiveBindingsAndStoresExactlyWhatMutationReturns) {
  const std::string aor = "sip:bob@biloxi.example.com";
  put(aor, {sampleBinding(aor, "sip:old@h", kContractNow + 10), sampleBinding(aor, "sip:live@h", kContractNow + 100)});
  location::BindingSet seen;
  auto r = store_->update(aor, kContractNow + 50, [&](const location::BindingSet& current) -> Result<location::BindingSet> {
    seen = current;
    auto next = current;
    next.push_back(sampleBinding(aor, "sip:new@h", kContractNow + 200));
    return next;
  });
  ASSERT_TRUE(r) << r.error().reasonPhrase();
  EXPECT_EQ(contactsOf(seen), std::set<std::string>{"sip:live@h"});
  EXPECT_EQ(contactsOf(*r), (std::set<std::string>{"sip:live@h", "sip:new@h"}));
  // The expired binding was deleted, not just hidden: looking back in time does not find it.
  EXPECT_EQ(contactsOf(lookup(aor, kContractNow)), (std::set<std::string>{"sip:live@h", "sip:new@h"}));
}

TEST_P(LocationStoreContract, MutationErrorIsReturnedUnchangedAndChangesNothing) {
  const std::string aor = "sip:bob@biloxi.example.com";
  put(aor, {sampleBinding(aor, "sip:a@h", kContractNow + 100)});
  const auto before = lookup(aor);
  auto r = store_->update(aor, kContractNow, [&](const location::BindingSet&) -> Result<location::BindingSet> {
    return fail(Errc::Conflict, "stale CSeq", "CSeq", 423, 7);
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::Conflict);
  EXPECT_EQ(r.error().status, 423);
  EXPECT_EQ(r.error().offset, 7u);
  EXPECT_EQ(r.error().what, "stale CSeq");
  EXPECT_EQ(r.error().where, "CSeq");
  EXPECT_EQ(lookup(aor), before);
}

TEST_P(LocationStoreContract, BindingFiledUnderAnotherAorIsRefused) {
  const std::string aor = "sip:bob@biloxi.example.com";
  put(aor, {sampleBinding(aor, "sip:a@h", kContractNow + 100)});
  auto r = store_->update(aor, kContractNow, [&](const location::BindingSet&) -> Result<location::BindingSet> {
    return location::BindingSet{sampleBinding("sip:carol@chicago.example.com", "sip:c@h", kContractNow + 100)};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::Internal);
  EXPECT_EQ(r.error().status, 500);
  EXPECT_EQ(contactsOf(lookup(aor)), std::set<std::string>{"sip:a@h"});
  EXPECT_TRUE(lookup("sip:carol@chicago.example.com").empty());
}

TEST_P(LocationStoreContract, EmptySetRemovesTheAor) {
  const std::string aor = "sip:bob@biloxi.example.com";
  put(aor, {sampleBinding(aor, "sip:a@h", kContractNow + 100)});
  put(aor, {});
  EXPECT_TRUE(lookup(aor).empty());
  EXPECT_EQ(store_->count(kContractNow).value(), 0u);
  EXPECT_TRUE(store_->listAors(kContractNow, "", 10).value().empty());
}

TEST_P(LocationStoreContract, ConcurrentUpdatesOfOneAorNeverLoseOne) {
  constexpr int kThreads = 8;
  constexpr int kUpdatesPerThread = 25;
  const std::string aor = "sip:bob@biloxi.example.com";
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kUpdatesPerThread; ++i) {
        const std::string contact = "sip:t" + std::to_string(t) + "-" + std::to_string(i) + "@h";
        auto r = store_->update(aor, kContractNow, [&](const location::BindingSet& current) -> Result<location::BindingSet> {
          auto next = current;
          next.push_back(sampleBinding(aor, contact, kContractNow + 3600));
          return next;
        });
        if (!r) ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, std::vector<int>(kThreads, 0));
  const auto found = lookup(aor);
  EXPECT_EQ(found.size(), std::size_t{kThreads * kUpdatesPerThread});
  EXPECT_EQ(contactsOf(found).size(), std::size_t{kThreads * kUpdatesPerThread});
}

TEST_P(LocationStoreContract, RemoveExpiredDeletesOnlyExpiredBindings) {
  put("sip:a@example.com", {sampleBinding("sip:a@example.com", "sip:1@h", kContractNow + 10),
                            sampleBinding("sip:a@example.com", "sip:2@h", kContractNow + 30)});
  put("sip:b@example.com", {sampleBinding("sip:b@example.com", "sip:3@h", kContractNow + 20)});
  put("sip:c@example.com", {sampleBinding("sip:c@example.com", "sip:4@h", kContractNow + 40)});
  EXPECT_EQ(store_->removeExpired(kContractNow + 5).value(), 0u);
  EXPECT_EQ(store_->removeExpired(kContractNow + 20).value(), 2u);
  EXPECT_EQ(store_->removeExpired(kContractNow + 20).value(), 0u);
  // Deleted, not hidden: the earlier time sees only the survivors.
  EXPECT_EQ(store_->count(kContractNow).value(), 2u);
  EXPECT_EQ(contactsOf(lookup("sip:a@example.com")), std::set<std::string>{"sip:2@h"});
  EXPECT_TRUE(lookup("sip:b@example.com").empty());
  EXPECT_EQ(store_->listAors(kContractNow, "", 10).value(),
            (std::vector<std::string>{"sip:a@example.com", "sip:c@example.com"}));
}

TEST_P(LocationStoreContract, CountCountsLiveBindings) {
  EXPECT_EQ(store_->count(kContractNow).value(), 0u);
  put("sip:a@example.com", {sampleBinding("sip:a@example.com", "sip:1@h", kContractNow + 10),
                            sampleBinding("sip:a@example.com", "sip:2@h", kContractNow + 30)});
  put("sip:b@example.com", {sampleBinding("sip:b@example.com", "sip:3@h", kContractNow + 20)});
  EXPECT_EQ(store_->count(kContractNow).value(), 3u);
  EXPECT_EQ(store_->count(kContractNow + 10).value(), 2u);
  EXPECT_EQ(store_->count(kContractNow + 30).value(), 0u);
}

TEST_P(LocationStoreContract, ListAorsPagesThroughLiveAorsInOrder) {
  std::vector<std::string> expected;
  for (int i = 0; i < 25; ++i) {
    const std::string aor = "sip:user" + std::to_string(100 + i) + "@example.com";
    put(aor, {sampleBinding(aor, "sip:x@h", kContractNow + 100)});
    expected.push_back(aor);
  }
  put("sip:user000@example.com", {sampleBinding("sip:user000@example.com", "sip:x@h", kContractNow + 5)});
  put("sip:user110@example.com", {sampleBinding("sip:user110@example.com", "sip:x@h", kContractNow + 100),
                                  sampleBinding("sip:user110@example.com", "sip:y@h", kContractNow + 5)});
  std::vector<std::string> listed;
  std::string after;
  std::vector<std::size_t> pageSizes;
  for (;;) {
    auto page = store_->listAors(kContractNow + 10, after, 10);
    ASSERT_TRUE(page) << page.error().reasonPhrase();
    if (page->empty()) break;
    pageSizes.push_back(page->size());
    listed.insert(listed.end(), page->begin(), page->end());
    after = page->back();
  }
  EXPECT_EQ(pageSizes, (std::vector<std::size_t>{10, 10, 5}));
  EXPECT_EQ(listed, expected);  // sorted, the expired sip:user000 left out, sip:user110 once
  EXPECT_TRUE(store_->listAors(kContractNow, "", 0).value().empty());
}

class CredentialStoreContract : public testing::TestWithParam<CredentialBackend> {
 protected:
  void SetUp() override {
    store_ = GetParam().open(dir_.path());
    ASSERT_NE(store_, nullptr);
  }
  static location::Credentials user(const std::string& name, const std::string& realm, char fill) {
    return {name, realm, std::string(32, fill), std::string(64, fill), std::string(64, fill)};
  }

  TempDir dir_;
  std::unique_ptr<location::CredentialStore> store_;
};

TEST_P(CredentialStoreContract, PutFindReplaceRemove) {
  EXPECT_EQ(store_->find("bob", "biloxi.example.com").value(), std::nullopt);
  ASSERT_TRUE(store_->put(user("bob", "biloxi.example.com", 'a')));
  EXPECT_EQ(store_->find("bob", "biloxi.example.com").value(), user("bob", "biloxi.example.com", 'a'));
  EXPECT_EQ(store_->find("Bob", "biloxi.example.com").value(), std::nullopt);  // exact comparison
  EXPECT_EQ(store_->find("bob", "atlanta.example.com").value(), std::nullopt);
  ASSERT_TRUE(store_->put(user("bob", "biloxi.example.com", 'b')));
  EXPECT_EQ(store_->find("bob", "biloxi.example.com").value(), user("bob", "biloxi.example.com", 'b'));
  EXPECT_EQ(store_->list().value().size(), 1u);
  EXPECT_TRUE(store_->remove("bob", "biloxi.example.com").value());
  EXPECT_FALSE(store_->remove("bob", "biloxi.example.com").value());
  EXPECT_EQ(store_->find("bob", "biloxi.example.com").value(), std::nullopt);
}

TEST_P(CredentialStoreContract, ListIsSortedByRealmThenUsername) {
  for (const auto& [name, realm] : std::vector<std::pair<std::string, std::string>>{
           {"carol", "chicago.example.com"}, {"bob", "biloxi.example.com"}, {"alice", "chicago.example.com"},
           {"alice", "atlanta.example.com"}}) {
    ASSERT_TRUE(store_->put(user(name, realm, 'c')));
  }
  std::vector<std::pair<std::string, std::string>> listed;
  const auto all = store_->list();
  ASSERT_TRUE(all);
  for (const auto& c : *all) listed.emplace_back(c.realm, c.username);
  EXPECT_EQ(listed, (std::vector<std::pair<std::string, std::string>>{{"atlanta.example.com", "alice"},
                                                                       {"biloxi.example.com", "bob"},
                                                                       {"chicago.example.com", "alice"},
                                                                       {"chicago.example.com", "carol"}}));
}

}  // namespace parley::test
