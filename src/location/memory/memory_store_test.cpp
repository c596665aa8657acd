// SPDX-License-Identifier: MIT
// The location contract suite (tests/support/location_store_contract.hpp) against the memory backend.
#include "location/memory/memory_credential_store.hpp"
#include "location/memory/memory_location_store.hpp"
#include "location_store_contract.hpp"

namespace parley::test {
namespace {

INSTANTIATE_TEST_SUITE_P(Memory, LocationStoreContract,
                         testing::Values(LocationBackend{"Memory",
                                                         [](const std::filesystem::path&) {
                                                           return std::make_unique<location::MemoryLocationStore>();
                                                         }}),
                         BackendName());

INSTANTIATE_TEST_SUITE_P(Memory, CredentialStoreContract,
                         testing::Values(CredentialBackend{"Memory",
                                                           [](const std::filesystem::path&) {
                                                             return std::make_unique<location::MemoryCredentialStore>();
                                                           }}),
                         BackendName());

}  // namespace
}  // namespace parley::test
