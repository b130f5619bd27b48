#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Ids in text: path segments, query parameters and the keyset cursors of the
// lists that page by id.
namespace tanzim {

// A positive decimal id ("12"); nullopt for anything else ("0", "-1", "1x", "").
std::optional<int64_t> ParsePositiveId(std::string_view text);

// The opaque cursor of a list paged by id: the last id of a page, as 8 bytes
// in URL-safe base64, so clients are not tempted to compute one.
std::string EncodeIdCursor(int64_t last_id);
// The id a cursor carries; nullopt for a cursor this program did not make.
std::optional<int64_t> DecodeIdCursor(std::string_view cursor);

}  // namespace tanzim
