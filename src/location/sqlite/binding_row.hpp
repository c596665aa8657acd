// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "location/binding.hpp"
#include "location/sqlite/sqlite_connection.hpp"

namespace parley::location {

// The bindings table's columns in the order the statements of SqliteLocationStore list them
// (after `id`): binding_row.cpp reads and binds exactly this order.
#define PARLEY_BINDING_COLUMNS                                                                               \
  "aor, contact, contact_params, call_id, cseq, expires, updated, q, path, instance, reg_id, user_agent, " \
  "flow_transport, flow_address, flow_port, flow_connection, flow_node"
inline constexpr int kBindingColumnCount = 17;

// Binds every field of `b` to parameters ?1 ... ?17 of an INSERT listing PARLEY_BINDING_COLUMNS.
// `b` and `pathText` (from encodePath) must outlive the statement's step().
void bindBindingRow(Statement& statement, const Binding& b, const std::string& pathText) noexcept;

// Reads a Binding from columns 0 ... 16 of a SELECT listing PARLEY_BINDING_COLUMNS.
[[nodiscard]] Binding readBindingRow(const Statement& statement);

// RFC 3327 Path values as one text: each value ended by '\n', with '\\' and '\n' inside a value
// written as "\\\\" and "\\n" (a folded header value may hold a line break). An empty list is "".
[[nodiscard]] std::string encodePath(const std::vector<std::string>& path);
[[nodiscard]] std::vector<std::string> decodePath(std::string_view text);

}  // namespace parley::location
