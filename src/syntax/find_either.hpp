// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace parley::syntax {

// Index of the first `a` or `b` in s[from, s.size()), or s.size() when there is neither. Used to
// jump over the inside of quoted strings (nonces, digests, URNs: 5 to 50 bytes, rarely escaped),
// where two memchr calls cost more than the scan itself. SSE2 is part of every x86-64 CPU, so this
// needs no runtime check; other targets take the plain loop, which is also the tail of the SSE2 one.
// Stateless; any thread.
[[nodiscard]] inline std::size_t findEither(std::string_view s, std::size_t from, char a, char b) noexcept {
  const char* d = s.data();
  const std::size_t n = s.size();
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  for (; i + 16 <= n; i += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(chunk, va), _mm_cmpeq_epi8(chunk, vb));
    if (const auto bits = static_cast<unsigned>(_mm_movemask_epi8(hit)); bits != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(bits));
    }
  }
#endif
  while (i < n && d[i] != a && d[i] != b) ++i;
  return i;
}

}  // namespace parley::syntax
